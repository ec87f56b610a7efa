"""The `summarizer summarize` command as a user runs it."""

import json
import subprocess
import sys
import unicodedata

import pytest

from .helpers import REPO, seed_texts


def run_cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "summarizer.cli", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_summarize_seed_folder_prints_merged_and_per_article_summaries():
    done = run_cli("summarize", "seeds/")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("== Merged summary")
    assert out.count("== Article ") == 5
    assert "Tổng Bí thư Tô Lâm" in out
    for noise in ["date 2026", "GMT+7", ".jpg", "0:00", "Cuba", "Ảnh: TTXVN"]:
        assert noise not in out


def test_json_output_is_the_api_dictionary():
    done = run_cli("summarize", "seeds/", "--format", "json", "--max-words", "120")
    data = json.loads(done.stdout)
    assert data["settings"]["max_words"] == 120
    assert len(data["merged"]["text"].split()) <= 120
    assert [a["article"] for a in data["per_article"]] == [0, 1, 2, 3, 4]


def test_markdown_output_lists_sources_and_removed_noise():
    done = run_cli("summarize", "seeds/", "--format", "markdown", "--show-removed")
    assert "## Merged summary" in done.stdout and "off-topic-teaser" in done.stdout


def test_stdin_articles_are_separated_by_a_line_of_equals_signs():
    texts = seed_texts()
    done = run_cli("summarize", "-", "--format", "json", stdin=f"{texts[0]}\n===\n{texts[1]}\n")
    data = json.loads(done.stdout)
    assert len(data["per_article"]) == 2


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["summarize", "missing-folder/"], None, "no such file or folder"),
        (["summarize", "-"], "   \n", "No documents given"),
        (["summarize", "seeds/", "--max-words", "0"], None, "max_words must be a positive integer"),
        (["summarize", "seeds/", "--model", "x"], None, "only apply to --method vit5"),
    ],
)
def test_bad_input_prints_one_line_and_exits_2(args, stdin, message):
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


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
    assert done.returncode == 2 and "legacy.txt: not valid UTF-8" in done.stderr
    done = run_cli("summarize", str(legacy), "--encoding", "cp1258")
    assert done.returncode == 0 and "Bộ Ngoại giao" in done.stdout


def test_binary_file_is_refused(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    done = run_cli("summarize", str(binary))
    assert done.returncode == 2 and "binary" in done.stderr


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffNgày 17/2, Bộ Ngoại giao thông báo chuyến công tác.".encode())
    done = run_cli("summarize", str(path))
    assert done.returncode == 0 and "Ngày 17/2" in done.stdout


def test_merged_only_prints_no_article_sections():
    done = run_cli("summarize", "seeds/", "--merged-only")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("== Merged summary") and "== Article " not in done.stdout


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
    assert "no-such-model" in done.stderr and len(done.stderr.strip().splitlines()) == 1
