"""The `summarizer summarize` command as a user runs it (``python -m summarizer``)."""

import json
import subprocess
import sys
import time
import unicodedata

import pytest

from .helpers import REPO, seed_paths, seed_texts
from .web_server import CLOSING_PAGE, GAZA_PAGE, PAGES, serving_pages, silent_server

# Runs the CLI with some optional modules made unimportable, as on a core-only install.
BLOCKING_MAIN = """
import importlib.abc, sys
BLOCKED = set(sys.argv.pop(1).split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Block())
from summarizer.cli import main
sys.exit(main())
"""


def run_cli(*args, stdin=None, timeout=120):
    """The command as a user types it; ``stdin`` is text (UTF-8) or raw bytes."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        cwd=REPO,
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def out(done):
    return done.stdout.decode("utf-8")


def err(done):
    return done.stderr.decode("utf-8")


def assert_one_line_error(done, *needles):
    message = err(done).strip()
    assert done.returncode == 2, message
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    for needle in needles:
        assert needle in message


def test_summarize_seed_folder_prints_merged_and_per_article_summaries():
    done = run_cli("summarize", "seeds/")
    assert done.returncode == 0, err(done)
    text = out(done)
    assert text.startswith("== Merged summary")
    assert text.count("== Article ") == 5
    assert "Tổng Bí thư Tô Lâm" in text
    for noise in ["date 2026", "GMT+7", ".jpg", "0:00", "Cuba", "Ảnh: TTXVN"]:
        assert noise not in text


def test_json_output_is_the_api_dictionary():
    done = run_cli("summarize", "seeds/", "--format", "json", "--max-words", "120")
    data = json.loads(out(done))
    assert data["settings"]["max_words"] == 120
    assert len(data["merged"]["text"].split()) <= 120
    assert [a["article"] for a in data["per_article"]] == [0, 1, 2, 3, 4]


def test_markdown_output_lists_sources_and_removed_noise():
    done = run_cli("summarize", "seeds/", "--format", "markdown", "--show-removed")
    assert "## Merged summary" in out(done) and "off-topic-teaser" in out(done)


def test_stdin_articles_are_separated_by_a_line_of_equals_signs():
    texts = seed_texts()
    done = run_cli("summarize", "-", "--format", "json", stdin=f"{texts[0]}\n===\n{texts[1]}\n")
    data = json.loads(out(done))
    assert len(data["per_article"]) == 2


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["summarize", "missing-folder/"], None, "no such file or folder"),
        (["summarize", "-"], "   \n", "No documents given"),
        (["summarize", "seeds/", "--max-words", "0"], None, "--max-words: must be a positive"),
        (["summarize", "seeds/", "--article-max-words", "0"], None, "--article-max-words: must"),
        (["summarize", "seeds/", "--num-beams", "x"], None, "--num-beams must be an integer"),
        (["summarize", "seeds/", "--formt", "json"], None, "unrecognized arguments: --formt"),
        (["summarize", "seeds/", "--model", "x"], None, "only apply to --method vit5"),
    ],
)
def test_bad_input_prints_one_line_and_exits_2(args, stdin, message):
    assert_one_line_error(run_cli(*args, stdin=stdin), message)


def _cp1258(text):
    """Windows-1258 bytes: precomposed base letters plus combining tone marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = next(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", parts.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def test_non_utf8_file_is_named_in_the_error_and_cp1258_is_opt_in(tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(_cp1258("Ngày 17/2, Bộ Ngoại giao thông báo chuyến công tác."))
    done = run_cli("summarize", str(legacy))
    assert done.returncode == 2 and "legacy.txt: not valid UTF-8" in err(done)
    done = run_cli("summarize", str(legacy), "--encoding", "cp1258")
    assert done.returncode == 0 and "Bộ Ngoại giao" in out(done)


def test_binary_file_is_refused(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    done = run_cli("summarize", str(binary))
    assert done.returncode == 2 and "binary" in err(done)


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffNgày 17/2, Bộ Ngoại giao thông báo chuyến công tác.".encode())
    done = run_cli("summarize", str(path))
    assert done.returncode == 0 and "Ngày 17/2" in out(done)


def test_merged_only_prints_no_article_sections():
    done = run_cli("summarize", "seeds/", "--merged-only")
    assert done.returncode == 0, err(done)
    assert out(done).startswith("== Merged summary") and "== Article " not in out(done)


def test_vit5_flags_reach_the_method_and_missing_weights_fail_in_one_line(tmp_path):
    done = run_cli(
        "summarize",
        "seeds/",
        "--method",
        "vit5",
        "--model",
        str(tmp_path / "no-such-model"),
        "--long-input",
        "select",
        "--merge",
        "fuse",
        "--threads",
        "1",
    )
    assert done.returncode == 2
    assert "no-such-model" in err(done) and len(err(done).strip().splitlines()) == 1


# -- standard input is read like a file ---------------------------------------------------------


def test_stdin_in_a_legacy_code_page_is_refused_and_read_with_encoding():
    legacy = _cp1258("Ngày 17/2, Bộ Ngoại giao thông báo chuyến công tác của Tổng Bí thư.")
    assert_one_line_error(run_cli("summarize", "-", stdin=legacy), "stdin: not valid UTF-8")
    done = run_cli("summarize", "-", "--encoding", "cp1258", stdin=legacy)
    assert done.returncode == 0, err(done)
    assert "Bộ Ngoại giao thông báo chuyến công tác" in unicodedata.normalize("NFC", out(done))


def test_binary_stdin_is_refused():
    done = run_cli("summarize", "-", stdin=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert_one_line_error(done, "stdin: looks like a binary file")


def test_utf16_stdin_with_a_bom_is_read():
    text = "Ngày 17/2, Bộ Ngoại giao thông báo chuyến công tác của Tổng Bí thư Tô Lâm."
    done = run_cli("summarize", "-", stdin=text.encode("utf-16"))
    assert done.returncode == 0, err(done)
    assert "Bộ Ngoại giao thông báo" in out(done)


def test_separator_glued_to_an_article_without_final_newline_still_splits():
    """`cat a.txt <(echo ===) b.txt` when a.txt, like 4 of the 5 seeds, has no final newline."""
    a, b = (p.read_bytes() for p in seed_paths()[:2])
    assert not a.endswith(b"\n")  # the case the README's pipe example meets
    done = run_cli("summarize", "-", "--format", "json", stdin=a + b"===\n" + b)
    data = json.loads(out(done))
    assert [article["article"] for article in data["per_article"]] == [0, 1]
    assert "Chính trị" not in data["per_article"][0]["text"]  # b's first line stayed in b


def test_form_feed_separates_articles():
    a, b = seed_texts()[:2]
    done = run_cli("summarize", "-", "--format", "json", stdin=f"{a}\f{b}")
    assert len(json.loads(out(done))["per_article"]) == 2


# -- what the output says -----------------------------------------------------------------------


def test_timing_goes_to_stderr_and_text_output_states_its_numbering():
    done = run_cli("summarize", "seeds/")
    assert done.returncode == 0
    assert " ms" not in out(done).splitlines()[-1]
    assert "counted from 1 (JSON output counts from 0)" in out(done)
    assert err(done).strip().startswith("summarized 5 articles in ")
    markdown = out(run_cli("summarize", "seeds/", "--format", "markdown"))
    assert "counted from 1 (JSON output counts from 0)" in markdown


def test_version_and_python_dash_m():
    done = run_cli("--version")
    assert done.returncode == 0 and out(done).strip() == "summarizer 0.1.0"
    module = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", "seeds/", "--merged-only"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert module.returncode == 0 and module.stdout.startswith("== Merged summary")


# -- web pages: .html files, HTML saved as .txt, URLs -------------------------------------------

AD_WORDS = ("Quảng cáo", "Mua ngay", "Giá vàng", "Đọc nhiều", "Tin liên quan", "ẢNH: TTXVN")


def _assert_clean_page_summary(text):
    assert "Tô Lâm" in text
    for noise in AD_WORDS:
        assert noise not in text, noise


def test_html_pages_give_their_text_title_outlet_and_date():
    done = run_cli("summarize", str(PAGES / GAZA_PAGE), str(PAGES / CLOSING_PAGE))
    assert done.returncode == 0, err(done)
    text = out(done)
    _assert_clean_page_summary(text)
    assert (
        "== Article 1: Tổng Bí thư Tô Lâm sẽ dự cuộc họp Hội đồng Hòa bình về Gaza tại Mỹ "
        "(Báo Tin Nhanh, 2026-02-17 13:23)" in text
    )
    assert "(Thời báo Toàn Cảnh, 2026-02-21 11:05)" in text


def test_html_saved_as_txt_is_read_as_a_web_page(tmp_path):
    saved = tmp_path / "bai-bao.txt"
    saved.write_bytes((PAGES / GAZA_PAGE).read_bytes())
    done = run_cli("summarize", str(saved), "--format", "json")
    assert done.returncode == 0, err(done)
    data = json.loads(out(done))
    _assert_clean_page_summary(data["merged"]["text"])
    assert "<" not in data["merged"]["text"]
    assert data["inputs"][0]["title"].startswith("Tổng Bí thư Tô Lâm sẽ dự cuộc họp")
    assert not data["merged"]["text"].startswith("Quảng cáo")


def test_urls_are_fetched_and_their_metadata_is_in_the_json():
    with serving_pages() as base:
        done = run_cli(
            "summarize", base + GAZA_PAGE, base + CLOSING_PAGE, "seeds/", "--format", "json"
        )
    assert done.returncode == 0, err(done)
    data = json.loads(out(done))
    _assert_clean_page_summary(data["merged"]["text"])
    first, second = data["inputs"][:2]
    assert first["url"] == base + GAZA_PAGE and first["outlet"] == "Báo Tin Nhanh"
    assert first["published"].startswith("2026-02-17T13:23")
    assert second["title"].startswith("Tổng Bí thư Tô Lâm kết thúc chuyến")
    assert len(data["inputs"]) == 7 and data["inputs"][2]["url"] is None


def test_a_url_that_does_not_answer_fails_in_one_line_after_the_timeout():
    with silent_server() as url:
        started = time.monotonic()
        done = run_cli("summarize", url, "--timeout", "1.5")
        elapsed = time.monotonic() - started
    assert_one_line_error(done, url, "no answer within 1.5 s")
    assert elapsed < 20


def test_a_missing_page_and_a_closed_port_are_named():
    with serving_pages() as base:
        assert_one_line_error(run_cli("summarize", base + "khong-co.html"), "HTTP 404")
    assert_one_line_error(run_cli("summarize", "http://127.0.0.1:9/bai.html"), "cannot connect")


# -- optional dependencies missing: the extra to install, in one line ---------------------------


def run_without(modules, *args):
    return subprocess.run(
        [sys.executable, "-c", BLOCKING_MAIN, ",".join(modules), *args],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        (["torch"], ["summarize", "seeds/", "--method", "vit5"], "vit5"),
        (["trafilatura"], ["summarize", f"tests/pages/{GAZA_PAGE}"], "html"),
        (["matplotlib"], ["eval", "--dataset", "seeds:seeds", "--systems", "lead"], "eval"),
        (["sumy"], ["eval", "--dataset", "seeds:seeds", "--systems", "sumy-lexrank"], "eval"),
        (["torch"], ["eval", "--dataset", "seeds:seeds", "--systems", "vit5,lead"], "vit5"),
        (["gradio"], ["demo"], "demo"),
    ],
)
def test_a_missing_extra_is_named_in_one_line(blocked, args, extra, tmp_path):
    done = run_without(blocked, *args, *(["--out", str(tmp_path)] if args[0] == "eval" else []))
    message = err(done).strip()
    assert done.returncode == 2, message
    assert message.endswith(
        f"install the `{extra}` extra: pip install 'vn-cluster-summarizer[{extra}]'."
    )
    assert len(message.splitlines()) == 1, message
    assert not list(tmp_path.iterdir())  # refused before computing anything
