"""Every corpus loader on a small fixture in its documented layout, and its error cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from summarizer_eval.datasets import desegment, load_dataset
from summarizer_eval.errors import DatasetFormatError

from tests.helpers import SEEDS, require_shared

BODY_1 = "Sáng 23/10, hàng nghìn người biểu tình ở Phnom Penh. Cuộc biểu tình kéo dài ba ngày."
BODY_2 = "Phe đối lập Campuchia lại xuống đường. Họ phản đối kết quả bầu cử tháng 7."


def write(path: Path, text: str, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_desegment_restores_plain_vietnamese_text():
    assert desegment("Phe đối_lập Campuchia ( CNRP ) lại biểu_tình , ông nói .") == (
        "Phe đối lập Campuchia (CNRP) lại biểu tình, ông nói."
    )


def make_vnmds(root: Path) -> Path:
    cluster = root / "cluster_3"
    write(cluster / "101.body.txt", BODY_1, bom=True)
    write(
        cluster / "101.info.txt",
        "LINK: x\nTITLE: Biểu_tình\nSUMMARY: Hàng nghìn người "
        "biểu_tình ở thủ_đô Phnom_Penh .\nTIME: 23/10/2013\n",
        bom=True,
    )
    write(cluster / "102.body.txt", BODY_2)
    write(cluster / "102.body.tok.txt", "Phe đối_lập")
    write(cluster / "102.info.txt", "TITLE: Campuchia\nSUMMARY: Phe đối_lập lại xuống_đường .\n")
    write(cluster / "cluster_3.ref1.txt", "Người biểu tình xuống đường ở Phnom Penh.", bom=True)
    write(cluster / "cluster_3.ref2.txt", "Phe đối lập biểu tình ba ngày.")
    write(cluster / "cluster_3.ref1.tok.txt", "Người biểu_tình")
    return root


def test_vnmds_reads_bodies_references_and_the_summary_line(tmp_path):
    items = load_dataset(f"vnmds:{make_vnmds(tmp_path)}").items
    assert len(items) == 1
    item = items[0]
    assert item.id == "cluster_3"
    assert item.documents == [BODY_1, BODY_2]  # BOM gone, .tok.txt ignored
    assert item.references == [
        "Người biểu tình xuống đường ở Phnom Penh.",
        "Phe đối lập biểu tình ba ngày.",
    ]
    assert item.article_references == [
        ["Hàng nghìn người biểu tình ở thủ đô Phnom Penh."],
        ["Phe đối lập lại xuống đường."],
    ]


def test_vnmds_cluster_without_references_is_named_in_the_error(tmp_path):
    make_vnmds(tmp_path)
    for ref in (tmp_path / "cluster_3").glob("cluster_3.ref*"):
        ref.unlink()
    with pytest.raises(DatasetFormatError, match=r"cluster_3\.ref1\.txt"):
        load_dataset(f"vnmds:{tmp_path}")


VIETNEWS = """Khởi_tố hai nhân_viên công_ty Địa_ốc Alibaba

Viện_kiểm_sát nhân_dân vừa phê_chuẩn quyết_định khởi_tố bị_can .

Ngày 22/6 , cơ_quan CSĐT đã ra quyết_định khởi_tố vụ án .
Cùng ngày , VKSND cũng phê_chuẩn quyết_định ( theo hồ_sơ ) .

Ảnh : Hiện_trường vụ cưỡng_chế
"""


def test_vietnews_restores_title_abstract_and_body(tmp_path):
    write(tmp_path / "000007.txt.seg", VIETNEWS)
    item = load_dataset(f"vietnews:{tmp_path}").items[0]
    assert item.id == "000007"
    assert item.references == ["Viện kiểm sát nhân dân vừa phê chuẩn quyết định khởi tố bị can."]
    assert item.article_references == [item.references]
    assert item.documents == [
        "Khởi tố hai nhân viên công ty Địa ốc Alibaba\n\n"
        "Ngày 22/6, cơ quan CSĐT đã ra quyết định khởi tố vụ án.\n"
        "Cùng ngày, VKSND cũng phê chuẩn quyết định (theo hồ sơ)."
    ]  # captions dropped


def test_vietnews_file_without_body_is_named_in_the_error(tmp_path):
    write(tmp_path / "000001.txt.seg", VIETNEWS)
    write(tmp_path / "000002.txt.seg", "Chỉ có tiêu_đề\n\nvà tóm_tắt .\n")
    with pytest.raises(DatasetFormatError, match=r"000002\.txt\.seg.*2 block"):
        load_dataset(f"vietnews:{tmp_path}")


def test_vims_reads_articles_with_headers_and_two_summaries(tmp_path):
    cluster = tmp_path / "original" / "Cluster_001" / "original"
    write(
        cluster / "1.txt", f"Title: Biểu tình ở Campuchia\nSource: vnexpress\nContent:\n{BODY_1}\n"
    )
    write(cluster / "2.txt", BODY_2)
    write(tmp_path / "summary" / "Cluster_001" / "0.gold.txt", "Người dân biểu tình.")
    write(tmp_path / "summary" / "Cluster_001" / "1.gold.txt", "Phe đối lập xuống đường.")
    item = load_dataset(f"vims:{tmp_path}").items[0]
    assert item.id == "Cluster_001"
    assert item.documents == [f"Biểu tình ở Campuchia\n\n{BODY_1}", BODY_2]
    assert item.references == ["Người dân biểu tình.", "Phe đối lập xuống đường."]


def test_vims_without_summary_folder_is_refused(tmp_path):
    write(tmp_path / "original" / "Cluster_001" / "1.txt", BODY_1)
    with pytest.raises(DatasetFormatError, match="summary"):
        load_dataset(f"vims:{tmp_path}")


def test_abmusu_reads_clusters_and_the_unlabelled_test_split(tmp_path):
    docs = [
        {"title": "Biểu tình ở Campuchia", "anchor_text": "Hàng nghìn người", "raw_text": BODY_1},
        {"title": "", "anchor_text": "", "raw_text": BODY_2},
    ]
    lines = [
        {"single_documents": docs, "summary": "Phe đối lập biểu tình.", "category": "Thế giới"},
        {"single_documents": docs[:1], "category": "Thế giới"},  # test split: no summary
    ]
    path = write(
        tmp_path / "abmusu.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines)
    )
    items = load_dataset(f"abmusu:{path}").items
    assert items[0].documents == [f"Biểu tình ở Campuchia\n\n{BODY_1}", BODY_2]
    assert items[0].references == ["Phe đối lập biểu tình."]
    assert items[1].references == []


def test_abmusu_bad_line_is_named_with_its_number(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"single_documents": [{"raw_text": "Một bài."}]}\n{oops\n')
    with pytest.raises(DatasetFormatError, match=r"a\.jsonl, line 2: not valid JSON"):
        load_dataset(f"abmusu:{path}")


def test_generic_jsonl_with_article_references(tmp_path):
    record = {
        "id": "c1",
        "documents": [BODY_1, BODY_2],
        "references": ["Biểu tình ở Phnom Penh."],
        "article_references": ["Hàng nghìn người biểu tình.", None],
    }
    path = write(tmp_path / "d.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    item = load_dataset(f"jsonl:{path}").items[0]
    assert item.article_references == [["Hàng nghìn người biểu tình."], []]
    record["article_references"] = ["chỉ một"]
    write(path, json.dumps(record, ensure_ascii=False))
    with pytest.raises(DatasetFormatError, match=r"d\.jsonl, line 1: 'article_references'"):
        load_dataset(f"jsonl:{path}")


def test_seeds_layout_with_per_article_and_merged_references(tmp_path):
    write(tmp_path / "000_a.txt", BODY_1)
    write(tmp_path / "001_b.txt", BODY_2)
    write(tmp_path / "references" / "000_a.ref.txt", "Hàng nghìn người biểu tình.")
    write(tmp_path / "references" / "cluster.ref1.txt", "Phe đối lập biểu tình ba ngày.")
    write(tmp_path / "references" / "cluster.ref2.txt", "Biểu tình ở Phnom Penh.")
    item = load_dataset(f"seeds:{tmp_path}").items[0]
    assert item.documents == [BODY_1, BODY_2]
    assert item.references == ["Phe đối lập biểu tình ba ngày.", "Biểu tình ở Phnom Penh."]
    assert item.article_references == [["Hàng nghìn người biểu tình."], []]


def test_the_project_seeds_load_with_their_references():
    item = load_dataset(f"seeds:{SEEDS}").items[0]
    assert len(item.documents) == 5 and len(item.references) == 2
    assert all(len(refs) == 1 for refs in item.article_references)
    assert "Tô Lâm" in item.references[0]


def test_unknown_kind_missing_path_and_undecodable_file_are_clear_errors(tmp_path):
    with pytest.raises(DatasetFormatError, match="Unknown dataset kind 'duc'"):
        load_dataset(f"duc:{tmp_path}")
    with pytest.raises(DatasetFormatError, match="KIND:PATH"):
        load_dataset(str(tmp_path))
    with pytest.raises(DatasetFormatError, match="does not exist"):
        load_dataset(f"vnmds:{tmp_path / 'nope'}")
    write(tmp_path / "x.txt.seg", "").write_bytes(
        "Tiêu đề".encode("cp1258", "replace") + b"\xff\xfe"
    )
    with pytest.raises(DatasetFormatError, match=r"x\.txt\.seg is not UTF-8"):
        load_dataset(f"vietnews:{tmp_path}")


@pytest.mark.corpus
def test_shared_corpora_load_completely():
    vnmds = load_dataset(f"vnmds:{require_shared('data', 'vnmds-dev')}")
    assert len(vnmds.items) == 100
    assert all(len(i.references) == 2 and 2 <= len(i.documents) <= 5 for i in vnmds.items)
    assert all(not r.startswith("\ufeff") for i in vnmds.items for r in i.references)
    vietnews = load_dataset(f"vietnews:{require_shared('data', 'vietnews-dev')}")
    assert len(vietnews.items) == 1000
    assert not any("_" in i.references[0] for i in vietnews.items)
