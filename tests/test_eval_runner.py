"""Runs: resume after a kill, refusal of mixed settings, skipped models, outputs, peer figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from summarizer_eval import cli, systems
from summarizer_eval.errors import RunConfigMismatchError
from summarizer_eval.results import RunResults
from summarizer_eval.runner import RunConfig, run_evaluation

from summarizer.errors import InvalidOptionError
from tests.helpers import require_shared

CLUSTERS = [
    (
        [
            "Sáng 23/10, hàng nghìn người ủng hộ phe đối lập Campuchia xuống đường ở Phnom Penh. "
            "Cuộc biểu tình dự kiến kéo dài ba ngày. Cảnh sát được triển khai quanh quảng trường.",
            "Phe đối lập Campuchia bắt đầu đợt biểu tình mới. Họ phản đối kết quả bầu cử quốc hội "
            "hồi tháng 7. Lãnh đạo đối lập kêu gọi điều tra độc lập.",
        ],
        [
            "Hàng nghìn người ủng hộ phe đối lập biểu tình ba ngày ở Phnom Penh.",
            "Phe đối lập Campuchia biểu tình phản đối kết quả bầu cử tháng 7.",
        ],
    ),
    (
        [
            "Giá xăng giảm mạnh từ 15 giờ chiều nay. Mỗi lít xăng RON 95 giảm hơn 500 đồng. "
            "Liên bộ Công Thương - Tài chính quyết định không trích quỹ bình ổn.",
            "Chiều nay giá xăng dầu được điều chỉnh giảm. Đây là lần giảm thứ ba liên tiếp. "
            "Giá dầu diesel cũng giảm nhẹ.",
        ],
        [
            "Giá xăng RON 95 giảm hơn 500 đồng mỗi lít từ chiều nay, lần giảm thứ ba liên tiếp.",
            "Giá xăng dầu giảm từ 15 giờ chiều nay.",
        ],
    ),
    (
        [
            "Đội tuyển Việt Nam thắng Thái Lan 2-1 tối qua. Hai bàn thắng đều được ghi trong "
            "hiệp hai. Hàng nghìn cổ động viên đổ ra đường ăn mừng.",
            "Tuyển Việt Nam vào chung kết sau chiến thắng trước Thái Lan. Huấn luyện viên khen "
            "tinh thần các cầu thủ. Trận chung kết diễn ra tuần sau.",
        ],
        [
            "Việt Nam thắng Thái Lan 2-1 và vào chung kết.",
            "Tuyển Việt Nam thắng Thái Lan, vào chung kết diễn ra tuần sau.",
        ],
    ),
]


@pytest.fixture
def corpus(tmp_path: Path) -> str:
    path = tmp_path / "clusters.jsonl"
    lines = [
        json.dumps({"id": f"c{i + 1}", "documents": docs, "references": refs}, ensure_ascii=False)
        for i, (docs, refs) in enumerate(CLUSTERS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"jsonl:{path}"


def log_ids(out: Path, system: str) -> list[str]:
    lines = (out / "predictions" / f"{system}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines[1:]]


def test_scores_systems_with_intervals_and_a_signature(corpus, tmp_path):
    out = tmp_path / "run"
    config = RunConfig(corpus, budget_rule="reach")  # the oracle's ceiling needs the room
    results = run_evaluation(config, ["lead", "oracle", "human"], out)
    assert set(results.systems) == {"lead", "oracle", "human"}
    lead = results.systems["lead"].scores["rouge2"].f1
    assert 0 < lead.low <= lead.mean <= lead.high <= 1
    oracle = results.systems["oracle"].scores["rouge2"].f1.mean
    assert oracle >= lead.mean  # the oracle is the ceiling for sentence selection
    assert "tok:syllable" in results.signature and "agg:mean" in results.signature
    assert "baselines:prepared-reach" in results.signature
    assert len(results.per_unit["lead"]) == 3
    assert results.paired_bootstrap[0].first == "lead"
    assert results.systems["human"].settings_note == "leave-one-out over references"
    on_disk = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert on_disk["units"] == 3
    assert RunResults.load(out / "results.json") == results  # the file holds the typed results
    assert on_disk == results.to_dict()


def test_rerun_skips_finished_items_and_a_longer_limit_extends_the_run(corpus, tmp_path):
    out = tmp_path / "run"
    run_evaluation(RunConfig(corpus), ["lead"], out, limit=2)
    first = (out / "predictions" / "lead.jsonl").read_text(encoding="utf-8")
    run_evaluation(RunConfig(corpus), ["lead"], out, limit=2)
    assert (out / "predictions" / "lead.jsonl").read_text(encoding="utf-8") == first
    results = run_evaluation(RunConfig(corpus), ["lead"], out)
    assert log_ids(out, "lead") == ["c1", "c2", "c3"]
    assert (out / "predictions" / "lead.jsonl").read_text(encoding="utf-8").startswith(first)
    assert results.units == 3


class _KilledLead(systems.LeadBaseline):
    """Lead that is killed (Ctrl-C) while summarizing the second item."""

    def predict(self, item, mode, budget):
        if item.id == "c2":
            raise KeyboardInterrupt
        return super().predict(item, mode, budget)


def test_a_killed_run_loses_only_the_item_in_flight(corpus, tmp_path, monkeypatch):
    out = tmp_path / "run"
    monkeypatch.setitem(systems.SYSTEMS, "lead", lambda o: _KilledLead(o["baseline_input"]))
    with pytest.raises(KeyboardInterrupt):
        run_evaluation(RunConfig(corpus), ["lead"], out, jobs=1)
    assert log_ids(out, "lead") == ["c1"]
    monkeypatch.undo()
    with (out / "predictions" / "lead.jsonl").open("a", encoding="utf-8") as log:
        log.write('{"id": "c2", "predictions": ["Giá xă')  # killed mid-write
    results = run_evaluation(RunConfig(corpus), ["lead"], out)
    assert sorted(log_ids(out, "lead")) == ["c1", "c2", "c3"]
    assert results.systems["lead"].units == 3


def test_other_settings_in_the_same_folder_are_refused(corpus, tmp_path):
    out = tmp_path / "run"
    run_evaluation(RunConfig(corpus), ["lead"], out)
    with pytest.raises(RunConfigMismatchError, match="tokenizer: 'syllable' before, 'ascii' now"):
        run_evaluation(RunConfig(corpus, tokenizer="ascii"), ["lead"], out)
    with pytest.raises(RunConfigMismatchError, match="budget"):
        run_evaluation(RunConfig(corpus, budget="40"), ["lead"], out)


def test_predictions_made_with_other_system_settings_are_refused(corpus, tmp_path):
    out = tmp_path / "run"
    run_evaluation(RunConfig(corpus), ["lead"], out)
    log = out / "predictions" / "lead.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps({"system": "lead", "settings": {"input": "raw", "budget_rule": "reach"}})
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RunConfigMismatchError, match="other settings of lead") as refused:
        run_evaluation(RunConfig(corpus), ["lead"], out)
    assert "input: 'raw' before, 'prepared' now" in str(refused.value)
    assert "budget_rule: 'reach' before, 'within' now" in str(refused.value)


def test_an_old_log_without_a_setting_the_method_now_reports_is_refused_naming_it(
    corpus, tmp_path
):
    out = tmp_path / "run"
    run_evaluation(RunConfig(corpus), ["extractive"], out)
    log = out / "predictions" / "extractive.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["settings"]["ranker_sha256"]  # the method's own settings, model hash included
    del header["settings"]["long_sentences"]  # as written before the option existed
    log.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    named = "long_sentences: absent before, 'shorten' now"
    with pytest.raises(RunConfigMismatchError, match=named):
        run_evaluation(RunConfig(corpus), ["extractive"], out)


def test_a_folder_that_is_not_a_run_is_refused(corpus, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RunConfigMismatchError, match="not empty"):
        run_evaluation(RunConfig(corpus), ["lead"], tmp_path)


def test_missing_vit5_weights_skip_that_system_with_its_message(corpus, tmp_path):
    config = RunConfig(corpus, vit5={"model": str(tmp_path / "no-such-model")})
    results = run_evaluation(config, ["vit5", "lead"], tmp_path / "run")
    assert "vit5" not in results.systems and "lead" in results.systems
    assert "no-such-model" in results.skipped["vit5"]
    # Pointing at other weights later is allowed: no vit5 prediction exists to be mixed.
    config = RunConfig(corpus, vit5={"model": str(tmp_path / "other-model")})
    results = run_evaluation(config, ["vit5", "lead"], tmp_path / "run")
    assert "other-model" in results.skipped["vit5"]


def test_cli_writes_table_json_markdown_and_chart(corpus, tmp_path, capsys):
    out = tmp_path / "run"
    code = cli.main(
        [
            "--dataset",
            corpus,
            "--systems",
            "lead,sumy-lexrank,extractive",
            "--out",
            str(out),
            "--no-progress",
            "--jobs",
            "1",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "sumy-lexrank" in printed and "signature: rouge:" in printed
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| extractive |" in report and "Signature:" in report
    assert (out / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert cli.main(["--dataset", f"vnmds:{tmp_path / 'nope'}", "--out", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_per_article_mode_scores_each_article_against_its_own_reference(tmp_path):
    record = {
        "id": "c1",
        "documents": [d for d in CLUSTERS[0][0]],
        "article_references": ["Hàng nghìn người xuống đường ở Phnom Penh.", None],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    results = run_evaluation(
        RunConfig(f"jsonl:{path}", mode="per-article"), ["lead", "human"], tmp_path / "run"
    )
    assert [u.id for u in results.per_unit["lead"]] == ["c1/c1#0"]
    assert results.budget_syllables == 8  # syllables of the one reference
    assert "merged-mode" in results.skipped["human"]


@pytest.mark.corpus
def test_lead_and_human_reproduce_the_published_vnmds_dev_figures(tmp_path):
    root = require_shared("data", "vnmds-dev")
    config = RunConfig(
        f"vnmds:{root}", baseline_input="raw", budget_rule="reach", bootstrap_samples=100
    )
    results = run_evaluation(config, ["lead", "human"], tmp_path / "run", jobs=2)
    r2 = {name: data.scores["rouge2"].f1.mean for name, data in results.systems.items()}
    assert results.budget_syllables == 185
    assert r2["lead"] == pytest.approx(0.448, abs=0.001)  # shared/README.md: Lead R2 44.8
    assert r2["human"] == pytest.approx(0.434, abs=0.001)  # ref1 vs ref2 43.4


def test_item_budget_gives_each_cluster_its_own_reference_length(corpus, tmp_path):
    results = run_evaluation(
        RunConfig(corpus, budget="item-ref"), ["lead"], tmp_path / "run"
    )
    for row in results.per_unit["lead"]:
        assert row.syllables <= 40  # within rule: never over the (small) per-cluster budget
    assert "budget:" in results.signature and "item-ref" in results.signature
    assert "baselines:prepared-within" in results.signature


def test_within_rule_never_exceeds_and_reach_rule_crosses_the_budget():
    from summarizer_eval.systems import Sentence, count_syllables, reach_budget, within_budget

    sentences = [
        Sentence(0, i, t)
        for i, t in enumerate(
            [
                "Tổng Bí thư Tô Lâm sẽ dự họp tại Mỹ.",
                "Hội đồng Hòa bình về Gaza khai mạc hôm nay.",
                "Ông nói.",
            ]
        )
    ]
    within = within_budget(sentences, 12)
    assert sum(count_syllables(s.text) for s in within) <= 12
    assert [s.index for s in within] == [0, 2]  # the second does not fit, the short third does
    reach = reach_budget(sentences, 12)
    assert sum(count_syllables(s.text) for s in reach) > 12


def test_lead_k_takes_the_first_k_sentences_of_every_article():
    from summarizer_eval.datasets import ClusterItem
    from summarizer_eval.systems import create_system

    item = ClusterItem(
        id="c",
        documents=[
            "Câu một của bài A. Câu hai của bài A. Câu ba của bài A.",
            "Câu một của bài B. Câu hai của bài B.",
        ],
        references=["Tóm tắt."],
    )
    (text,) = create_system("lead-2").predict(item, "merged", budget=3)
    assert text.splitlines() == [
        "Câu một của bài A.",
        "Câu hai của bài A.",
        "Câu một của bài B.",
        "Câu hai của bài B.",
    ]
    with pytest.raises(InvalidOptionError, match="lead-K"):
        create_system("lead-x")
