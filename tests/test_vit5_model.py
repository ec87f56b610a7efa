"""Loading a ViT5 checkpoint: local directories, the offline Hub cache, what is not a model."""

from __future__ import annotations

import json
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
from summarizer.vit5.backend import GenerationSettings, pick_torch_dtype
from summarizer.vit5.checkpoint import download_patterns, resolve_source
from summarizer.vit5.ct2 import pick_ct2_compute_type
from summarizer.vit5.method import ViT5Method
from tests.helpers import REPO, seed_paths, seed_texts
from tests.tiny_vit5 import cpu_backend


def test_a_local_checkpoint_directory_loads_with_its_own_tokenizer(tiny_vit5_dir: Path):
    backend = cpu_backend(tiny_vit5_dir)

    assert backend.info.directory == tiny_vit5_dir.resolve()
    assert backend.device == "cpu"
    ids = backend.encode(["Tổng Bí thư Tô Lâm"], 1024)[0]
    text = backend.tokenizer.decode(ids, skip_special_tokens=True)
    assert text == "Tổng Bí thư Tô Lâm"
    settings = GenerationSettings(num_beams=1, max_new_tokens=8, min_new_tokens=8)
    assert len(backend.generate_ids(["Hà Nội"], settings, 64, 1)[0]) == 8


def test_model_inputs_end_in_exactly_one_end_of_sequence_token(tiny_vit5_dir: Path):
    method = ViT5Method(model=str(tiny_vit5_dir), device="cpu")
    eos = method.backend.tokenizer.eos_token_id
    long_text = " ".join(seed_texts()[4].split()[:3000])

    for text in ("Hà Nội mưa lớn.", long_text):
        ids = method.backend.encode([method.format_input(text)], 256)[0]
        assert ids[-1] == eos and ids.count(eos) == 1
    assert len(method.backend.encode([long_text], 256)[0]) == 256  # cut, </s> kept


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
        ViT5Method(model=model, device="cpu")
    message = str(caught.value)
    # Not the ~25 s huggingface_hub spends retrying a dead network: no request was made.
    assert time.perf_counter() - started < 15
    assert "\n" not in message
    assert model in message
    assert "Hugging Face cache" in message and "HF_HUB_OFFLINE" in message
    assert f"hf download {model} --include" in message


def test_the_download_fetches_one_weight_format_and_no_tensorflow_or_flax():
    vietai = [
        "config.json",
        "pytorch_model.bin",
        "tf_model.h5",
        "flax_model.msgpack",
        "spiece.model",
        "special_tokens_map.json",
        "tokenizer_config.json",
        "README.md",
    ]
    patterns = download_patterns(vietai)
    assert "pytorch_model*.bin" in patterns and "*.safetensors" not in patterns
    both = [*vietai, "model.safetensors"]
    assert "*.safetensors" in download_patterns(both)
    assert "pytorch_model*.bin" not in download_patterns(both)
    assert not any(p.endswith((".h5", ".msgpack")) for p in patterns)


def test_the_public_api_reports_missing_weights_and_extractive_still_works(tmp_path: Path):
    with pytest.raises(summarizer.SummarizerError, match="does not exist"):
        summarizer.summarize(seed_texts(), method="vit5", model=str(tmp_path / "absent"))

    result = summarizer.summarize(seed_texts(), method="extractive", max_words=80)
    assert 0 < result.merged.syllable_count <= 80


def test_the_cli_prints_one_line_and_exits_2_for_missing_weights(tmp_path: Path, capsys):
    args = ["summarize", *map(str, seed_paths()), "--method", "vit5", "--model", str(tmp_path)]
    assert cli_main([*args[:-1], str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "does not exist" in err and "Traceback" not in err


def test_a_directory_without_a_config_is_not_a_checkpoint(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("không phải mô hình", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="Could not load the config"):
        cpu_backend(tmp_path)


def test_a_checkpoint_without_weights_names_the_missing_part(tiny_vit5_dir: Path, tmp_path: Path):
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "spiece.model"):
        shutil.copy(tiny_vit5_dir / name, tmp_path / name)
    with pytest.raises(ModelUnavailableError, match="Could not load the weights"):
        cpu_backend(tmp_path)


def test_paths_and_hub_ids_are_told_apart():
    assert resolve_source("VietAI/vit5-base-vietnews-summarization").local_dir is None
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_source("./models/vit5")
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_source("/no/such/dir/vit5-base")


# -- bad checkpoints and options: one line from the CLI, in seconds --------------------


def _bert_dir(target: Path, tiny: Path) -> Path:
    target.mkdir()
    (target / "config.json").write_text(
        json.dumps({"model_type": "bert", "hidden_size": 32}), encoding="utf-8"
    )
    return target


def _no_spiece(target: Path, tiny: Path) -> Path:
    shutil.copytree(tiny, target)
    (target / "spiece.model").unlink()
    return target


def _wrong_width(target: Path, tiny: Path) -> Path:
    shutil.copytree(tiny, target)
    config = json.loads((target / "config.json").read_text(encoding="utf-8"))
    config["d_model"] = 768
    (target / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("make", "extra", "needles"),
    [
        (_bert_dir, [], ["not a T5-family checkpoint", "'bert'", "--model"]),
        (_no_spiece, [], ["no spiece.model", "copy spiece.model"]),
        (_wrong_width, [], ["d_model 768", "32 wide", "own config.json"]),
        (None, ["--compute-type", "int4"], ["compute_type 'int4'", "choose one of"]),
        (None, ["--length-penalty", "long"], ["--length-penalty must be a number"]),
        (None, ["--long-input", "fold"], ["long_input must be one of truncate, chunk"]),
    ],
    ids=["not-t5", "no-spiece", "d-model-mismatch", "compute-type", "float-type", "choice"],
)
def test_bad_checkpoints_and_options_are_one_line_cli_errors_within_seconds(
    make, extra: list[str], needles: list[str], tiny_vit5_dir: Path, tmp_path: Path
):
    model = make(tmp_path / "ckpt", tiny_vit5_dir) if make else tiny_vit5_dir
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            "summarize",
            "seeds/",
            "--method",
            "vit5",
            "--model",
            str(model),
            "--device",
            "cpu",
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    message = done.stderr.strip()
    assert done.returncode == 2, message
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    for needle in needles:
        assert needle in message, message
    assert elapsed < 10, elapsed


def test_a_bin_checkpoint_with_a_foreign_config_is_refused_from_its_header(
    tiny_bin_dir: Path, tmp_path: Path
):
    with pytest.raises(ModelUnavailableError, match=r"d_model 768.*pytorch_model\.bin.*32 wide"):
        cpu_backend(_wrong_width(tmp_path / "ckpt", tiny_bin_dir))


def test_a_wrongly_typed_harness_option_is_one_line_before_any_work():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            "eval",
            "--dataset",
            "seeds:seeds",
            "--systems",
            "vit5",
            "--vit5-option",
            "num_beams=4.5",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: ViT5 option num_beams must be an integer, got '4.5'."


# -- task prefix -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_layout_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vit5-large's width and vocabulary (one layer, to stay small), stored as ./ckpt."""
    from summarizer.vit5.random_checkpoint import VIT5_LARGE, build_random_t5
    from tests.tiny_vit5 import seed_lines

    dims = {**VIT5_LARGE, "num_layers": 1, "num_heads": 2, "d_kv": 8, "d_ff": 64}
    target = tmp_path_factory.mktemp("large") / "ckpt"
    return build_random_t5(target, seed_lines(), dims, tokenizer_vocab=400, tied=False)


def test_the_task_prefix_comes_from_the_checkpoint_architecture_not_its_path(
    large_layout_dir: Path, tiny_vit5_dir: Path, tmp_path: Path
):
    large = ViT5Method(model=str(large_layout_dir), device="cpu")
    assert large.format_input("Hà Nội mưa.") == "vietnews: Hà Nội mưa."
    # A base-sized checkpoint named like the large one gets no prefix.
    misleading = tmp_path / "vit5-large-vietnews-summarization"
    shutil.copytree(tiny_vit5_dir, misleading)
    assert ViT5Method(model=str(misleading), device="cpu").format_input("Hà Nội.") == "Hà Nội."
    forced = ViT5Method(model=str(tiny_vit5_dir), device="cpu", input_prefix="tin: ")
    assert forced.format_input("Hà Nội.") == "tin: Hà Nội."
    assert forced.settings()["input_prefix"] == "tin: "


# -- device and number types -----------------------------------------------------------


def test_gpus_without_native_bfloat16_fall_back_to_float32():
    assert pick_torch_dtype(cuda=False, native_bf16=False, compute_type=None) == "float32"
    assert pick_torch_dtype(cuda=True, native_bf16=True, compute_type=None) == "bfloat16"
    assert pick_torch_dtype(cuda=True, native_bf16=False, compute_type=None) == "float32"
    with pytest.raises(summarizer.InvalidOptionError, match="not native on this GPU"):
        pick_torch_dtype(cuda=True, native_bf16=False, compute_type="bfloat16")
    assert pick_ct2_compute_type("cuda", None, {"float32", "float16", "int8"}) == "float32"
    assert pick_ct2_compute_type("cuda", None, {"float32", "bfloat16"}) == "bfloat16"
    assert pick_ct2_compute_type("cpu", None, {"float32", "int8"}) == "int8"
    with pytest.raises(summarizer.InvalidOptionError, match=r"supported here: float32, int8"):
        pick_ct2_compute_type("cpu", "float16", {"float32", "int8"})


def test_importing_the_vit5_code_and_running_extractive_loads_no_ml_library():
    code = (
        "import sys, summarizer, summarizer.vit5.method, summarizer.vit5.ct2\n"
        "from tests.helpers import seed_texts\n"
        "summarizer.summarize(seed_texts(), method='extractive')\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


# -- the Hugging Face cache: no network, no background conversion ----------------------

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def hub_cache_with(checkpoint: Path, root: Path, repo: str) -> dict[str, str]:
    """A Hugging Face cache holding ``checkpoint`` as ``repo``; the env that points at it."""
    folder = root / "hf" / "hub" / f"models--{repo.replace('/', '--')}"
    shutil.copytree(checkpoint, folder / "snapshots" / COMMIT)
    (folder / "refs").mkdir()
    (folder / "refs" / "main").write_text(COMMIT)
    env = {**os.environ, "HF_HOME": str(root / "hf"), "SUMMARIZER_CT2_CACHE": str(root / "ct2")}
    env.pop("HF_HUB_CACHE", None)
    return env


def test_a_hub_id_in_the_hugging_face_cache_loads_offline_for_both_backends(
    tiny_vit5_dir: Path, tmp_path: Path
):
    env = {
        **hub_cache_with(tiny_vit5_dir, tmp_path, "VietAI/vit5-tiny-test"),
        "HF_HUB_OFFLINE": "1",
    }
    code = (
        "import summarizer\n"
        "from tests.helpers import seed_texts\n"
        "for backend in ('transformers', 'ctranslate2'):\n"
        "    r = summarizer.summarize(seed_texts()[:2], method='vit5', backend=backend,\n"
        "        model='VietAI/vit5-tiny-test', device='cpu', num_beams=1, max_new_tokens=8)\n"
        "    print(backend, r.merged.syllable_count > 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["transformers", "True", "ctranslate2", "True"]
    converted = [p.name for p in (tmp_path / "ct2").iterdir()]
    assert converted == [f"VietAI--vit5-tiny-test@{COMMIT[:12]}-int8-v2"]


# Runs in a child process with the network *allowed* (no HF_HUB_OFFLINE) but pointed at a
# closed local port; an audit hook records every connection attempt and name lookup.
NETWORK_PROBE = """
import sys, threading
attempts = []
def hook(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        attempts.append(event)
sys.addaudithook(hook)
LOAD
threads = sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())
print("attempts", len(attempts))
print("threads", ",".join(threads) or "-")
"""
OUR_LOAD = """
import summarizer
from tests.helpers import seed_texts
r = summarizer.summarize(seed_texts()[:2], method='vit5', model='VietAI/vit5-bin-test',
    device='cpu', num_beams=1, max_new_tokens=8)
assert r.merged.text
"""
PLAIN_TRANSFORMERS_LOAD = """
from transformers import AutoModelForSeq2SeqLM
AutoModelForSeq2SeqLM.from_pretrained('VietAI/vit5-bin-test', local_files_only=True)
"""


@pytest.mark.parametrize(
    ("load", "network_expected"),
    [(OUR_LOAD, False), (PLAIN_TRANSFORMERS_LOAD, True)],
    ids=["ours", "plain-transformers-control"],
)
def test_a_cached_bin_only_checkpoint_loads_without_network_or_background_conversion(
    load: str, network_expected: bool, tiny_bin_dir: Path, tmp_path: Path
):
    env = hub_cache_with(tiny_bin_dir, tmp_path, "VietAI/vit5-bin-test")
    env.update(HF_ENDPOINT="http://127.0.0.1:9", HF_HUB_ETAG_TIMEOUT="2")
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "DISABLE_SAFETENSORS_CONVERSION"):
        env.pop(name, None)
    code = NETWORK_PROBE.replace("LOAD", load)
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    report = dict(line.split(" ", 1) for line in out.stdout.splitlines()[-2:])
    if network_expected:  # the control: transformers' own loading does call the Hub
        assert int(report["attempts"]) > 0 or "auto_conversion" in report["threads"]
    else:
        assert report == {"attempts": "0", "threads": "-"}
