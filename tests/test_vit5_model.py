"""Loading a ViT5 checkpoint: local directories, the offline Hub, and what is not a model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import summarizer
from summarizer.cli import main as cli_main
from summarizer.errors import ModelUnavailableError
from summarizer.methods.vit5 import ViT5Method, default_prefix, load_backend
from summarizer.vit5_model import GenerationSettings, resolve_source
from tests.helpers import seed_paths, seed_texts


def test_a_local_checkpoint_directory_loads_with_its_own_tokenizer(tiny_vit5_dir: Path):
    backend = load_backend(str(tiny_vit5_dir), device="cpu")

    assert backend.source.local_dir == tiny_vit5_dir.resolve()
    assert backend.device == "cpu"
    ids = backend.encode(["Tổng Bí thư Tô Lâm </s>"], 1024)[0]
    assert ids[-2:] == [backend.tokenizer.eos_token_id] * 2  # the card's "</s>" + the tokenizer's
    text = backend.tokenizer.decode(ids, skip_special_tokens=True)
    assert text == "Tổng Bí thư Tô Lâm"
    settings = GenerationSettings(num_beams=1, max_new_tokens=8, min_new_tokens=8)
    assert len(backend.generate_ids(["Hà Nội </s>"], settings, 64, 1)[0]) == 8


def test_the_loaded_model_is_reused_by_later_methods(tiny_vit5_dir: Path):
    first = ViT5Method(model=str(tiny_vit5_dir), device="cpu", num_beams=1)
    second = ViT5Method(model=str(tiny_vit5_dir), device="cpu", num_beams=2)
    assert first.backend is second.backend


def test_a_missing_local_directory_is_a_one_line_error_naming_the_fix(tmp_path: Path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelUnavailableError) as caught:
        ViT5Method(model=str(missing))
    message = str(caught.value)
    assert "\n" not in message
    assert str(missing) in message
    assert "does not exist" in message
    assert "hf download" in message and "--model" in message


def test_a_hub_id_offline_and_not_cached_fails_fast_saying_what_was_tried(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)  # no directory of that name here either
    model = "VietAI/vit5-base-vietnews-summarization"
    started = time.perf_counter()
    with pytest.raises(ModelUnavailableError) as caught:
        load_backend(model, device="cpu")
    message = str(caught.value)
    # Not the ~25 s huggingface_hub spends retrying a dead network: no request was made.
    assert time.perf_counter() - started < 15
    assert "\n" not in message
    assert model in message
    assert "Hugging Face cache" in message and "HF_HUB_OFFLINE" in message
    assert f"hf download {model}" in message


def test_the_public_api_reports_missing_weights_and_extractive_still_works(tmp_path: Path):
    with pytest.raises(summarizer.SummarizerError, match="does not exist"):
        summarizer.summarize(seed_texts(), method="vit5", model=str(tmp_path / "absent"))

    result = summarizer.summarize(seed_texts(), method="extractive", max_words=80)
    assert 0 < result.merged.syllable_count <= 80


def test_the_cli_prints_one_line_and_exits_2_for_missing_weights(tmp_path: Path, capsys):
    args = [
        "summarize",
        *map(str, seed_paths()),
        "--method",
        "vit5",
        "--model",
        str(tmp_path / "x"),
    ]
    assert cli_main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "does not exist" in err and "Traceback" not in err


def test_a_directory_without_a_config_is_not_a_checkpoint(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("không phải mô hình", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="Could not load the config"):
        load_backend(str(tmp_path), device="cpu")


def test_an_encoder_only_checkpoint_is_refused_as_not_seq2seq(tmp_path: Path):
    from transformers import BertConfig

    BertConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2).save_pretrained(tmp_path)
    with pytest.raises(ModelUnavailableError, match=r"not a seq2seq checkpoint.*'bert'"):
        load_backend(str(tmp_path), device="cpu")


def test_a_checkpoint_without_weights_names_the_missing_part(tiny_vit5_dir: Path, tmp_path: Path):
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "spiece.model"):
        (tmp_path / name).write_bytes((tiny_vit5_dir / name).read_bytes())
    with pytest.raises(ModelUnavailableError, match="Could not load the weights"):
        load_backend(str(tmp_path), device="cpu")


def test_paths_and_hub_ids_are_told_apart():
    assert resolve_source("VietAI/vit5-base-vietnews-summarization").local_dir is None
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_source("./models/vit5")
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_source("/no/such/dir/vit5-base")


def test_the_large_vietnews_checkpoint_gets_its_task_prefix(tiny_vit5_dir: Path, tmp_path: Path):
    assert default_prefix("VietAI/vit5-large-vietnews-summarization") == "vietnews: "
    assert default_prefix("VietAI/vit5-base-vietnews-summarization") == ""
    local_large = tmp_path / "vit5-large-vietnews-summarization"  # a user's local copy
    shutil.copytree(tiny_vit5_dir, local_large)
    method = ViT5Method(model=str(local_large), device="cpu")
    assert method.format_input("Hà Nội mưa.") == "vietnews: Hà Nội mưa. </s>"
    base = ViT5Method(model=str(tiny_vit5_dir), device="cpu")
    assert base.format_input("Hà Nội mưa.") == "Hà Nội mưa. </s>"


@pytest.mark.parametrize(
    ("option", "value"),
    [("num_beams", 0), ("backend", "onnx"), ("long_input", "truncate"), ("min_new_tokens", 999)],
)
def test_bad_options_are_rejected_before_any_loading(option: str, value: object):
    with pytest.raises(summarizer.InvalidOptionError, match=option):
        ViT5Method(**{option: value})


def test_importing_the_method_and_running_extractive_loads_no_ml_library():
    code = (
        "import sys, summarizer, summarizer.methods.vit5\n"
        "from tests.helpers import seed_texts\n"
        "summarizer.summarize(seed_texts(), method='extractive')\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_a_hub_id_in_the_hugging_face_cache_loads_offline_for_both_backends(
    tiny_vit5_dir: Path, tmp_path: Path
):
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hf" / "hub" / "models--VietAI--vit5-tiny-test"
    shutil.copytree(tiny_vit5_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    code = (
        "import summarizer\n"
        "from tests.helpers import seed_texts\n"
        "for backend in ('transformers', 'ctranslate2'):\n"
        "    r = summarizer.summarize(seed_texts()[:2], method='vit5', backend=backend,\n"
        "        model='VietAI/vit5-tiny-test', device='cpu', num_beams=1, max_new_tokens=8)\n"
        "    print(backend, r.merged.syllable_count > 0)\n"
    )
    env = {
        **os.environ,
        "HF_HOME": str(tmp_path / "hf"),
        "HF_HUB_OFFLINE": "1",
        "SUMMARIZER_CT2_CACHE": str(tmp_path / "ct2"),
    }
    env.pop("HF_HUB_CACHE", None)
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["transformers", "True", "ctranslate2", "True"]
    converted = [p.name for p in (tmp_path / "ct2").iterdir()]
    assert converted == [f"VietAI--vit5-tiny-test@{commit[:12]}-int8"]
