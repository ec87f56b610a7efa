"""The CTranslate2 backend: converted once, cached, and scoring and decoding like transformers.

Per-token log-probabilities are compared in float32 on a tied (vit5-base layout) and an
untied (vit5-large layout) checkpoint, and beam-4 outputs must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import summarizer
from summarizer import prepare_cluster
from summarizer.vit5.backend import GenerationSettings, Seq2SeqBackend, TransformersBackend
from summarizer.vit5.checkpoint import inspect_checkpoint, resolve_source
from summarizer.vit5.ct2 import CTranslate2Backend, ct2_cache_root
from summarizer.vit5.method import ViT5Method
from tests.helpers import seed_texts

BEAM4 = GenerationSettings(num_beams=4, max_new_tokens=24)


def seed_inputs(n_sentences: int) -> list[str]:
    return [" ".join(a.sentences[:n_sentences]) for a in prepare_cluster(seed_texts()).articles]


def backends(checkpoint: Path) -> tuple[TransformersBackend, CTranslate2Backend]:
    source = resolve_source(str(checkpoint))
    info = inspect_checkpoint(source, source.local_dir)
    return (
        TransformersBackend(info, device="cpu"),
        CTranslate2Backend(info, device="cpu", compute_type="float32"),
    )


def transformers_log_probs(backend: TransformersBackend, source: list[int], target: list[int]):
    """log p(target[i] | source, target[:i]) for every target token, ``</s>`` included."""
    import torch

    with torch.inference_mode():
        logits = backend.model(
            input_ids=torch.tensor([source]), labels=torch.tensor([target])
        ).logits[0]
    return torch.log_softmax(logits, -1)[torch.arange(len(target)), torch.tensor(target)].tolist()


def ct2_log_probs(
    translator, backend: Seq2SeqBackend, sources: list[list[int]], targets: list[list[int]]
) -> list[list[float]]:
    """CTranslate2's ``score_batch``: one log-probability per target token plus ``</s>``."""
    tokens = backend.tokenizer.convert_ids_to_tokens
    results = translator.score_batch([tokens(s) for s in sources], [tokens(t) for t in targets])
    return [list(r.log_probs) for r in results]


@pytest.mark.parametrize("layout", ["tied", "untied"])
def test_token_log_probs_and_beam_search_equal_transformers_in_float32(
    layout: str, tiny_vit5_dir: Path, tiny_untied_dir: Path, ct2_cache: Path
):
    reference, converted = backends(tiny_vit5_dir if layout == "tied" else tiny_untied_dir)
    texts = seed_inputs(3)
    sources = reference.encode(texts, 1024)

    expected = reference.generate_ids(texts, BEAM4, 1024, batch_size=5)
    got = converted.generate_ids(texts, BEAM4, 1024, batch_size=5)
    assert got == expected
    assert len({tuple(ids) for ids in expected}) >= 3  # not one output for every input

    eos = reference.tokenizer.eos_token_id
    scored = ct2_log_probs(converted.translator, converted, sources, expected)
    for source, target, ct2_scores in zip(sources, expected, scored, strict=True):
        hf_scores = transformers_log_probs(reference, source, [*target, eos])
        assert len(ct2_scores) == len(hf_scores)
        assert max(abs(a - b) for a, b in zip(ct2_scores, hf_scores, strict=True)) < 1e-4


def test_the_stock_converter_still_scales_untied_t5_wrongly(tiny_untied_dir: Path, tmp_path: Path):
    """Why :class:`~summarizer.vit5.ct2.T5Converter` exists; when CTranslate2 reads
    ``scale_decoder_outputs`` itself this fails, and the override can go."""
    import ctranslate2
    from ctranslate2.converters import TransformersConverter

    reference, ours = backends(tiny_untied_dir)
    stock_dir = tmp_path / "stock"
    TransformersConverter(str(tiny_untied_dir)).convert(str(stock_dir), quantization="float32")
    stock = ctranslate2.Translator(str(stock_dir), device="cpu", compute_type="float32")
    texts = seed_inputs(2)[:2]
    sources = reference.encode(texts, 1024)
    targets = reference.generate_ids(texts, BEAM4, 1024, batch_size=2)

    eos = reference.tokenizer.eos_token_id
    truth = transformers_log_probs(reference, sources[0], [*targets[0], eos])
    wrong = ct2_log_probs(stock, reference, sources, targets)[0]
    right = ct2_log_probs(ours.translator, reference, sources, targets)[0]
    assert max(abs(a - b) for a, b in zip(right, truth, strict=True)) < 1e-4
    assert max(abs(a - b) for a, b in zip(wrong, truth, strict=True)) > 0.5


def test_conversion_happens_once_per_checkpoint_and_compute_type(
    tiny_vit5_dir: Path, ct2_cache: Path
):
    source = resolve_source(str(tiny_vit5_dir))
    info = inspect_checkpoint(source, source.local_dir)
    first = CTranslate2Backend(info, device="cpu", compute_type="int8")
    assert ct2_cache_root() == ct2_cache
    assert first.model_dir.parent == ct2_cache
    assert first.model_dir.name.startswith("checkpoint@")
    assert first.model_dir.name.endswith("-int8-v2")
    stamp = (first.model_dir / "model.bin").stat().st_mtime_ns

    again = CTranslate2Backend(info, device="cpu", compute_type="int8")

    assert again.model_dir == first.model_dir
    assert (again.model_dir / "model.bin").stat().st_mtime_ns == stamp
    assert [p.name for p in ct2_cache.iterdir()] == [first.model_dir.name]  # no leftovers


def test_the_method_summarizes_through_ctranslate2_int8(tiny_vit5_dir: Path, ct2_cache: Path):
    result = summarizer.summarize(
        seed_texts()[:2],
        method="vit5",
        model=str(tiny_vit5_dir),
        backend="ctranslate2",
        device="cpu",
        num_beams=2,
        max_new_tokens=24,
        max_words=30,
    )
    assert result.settings["backend"] == "ctranslate2"
    assert result.settings["compute_type"] == "int8"
    assert 0 < result.merged.syllable_count <= 30
    assert len(result.per_article) == 2


def test_a_compute_type_this_cpu_lacks_is_refused_naming_the_supported_ones(
    tiny_vit5_dir: Path, ct2_cache: Path
):
    with pytest.raises(summarizer.InvalidOptionError, match=r"float16.*supported here: .*int8"):
        ViT5Method(model=str(tiny_vit5_dir), backend="ctranslate2", compute_type="float16")


def test_a_converted_bin_checkpoint_runs_without_importing_torch(
    tiny_bin_dir: Path, ct2_cache: Path
):
    import os
    import subprocess
    import sys

    from tests.helpers import REPO

    source = resolve_source(str(tiny_bin_dir))
    CTranslate2Backend(inspect_checkpoint(source, source.local_dir), "cpu")  # converts once
    code = (
        "import sys, summarizer\n"
        "r = summarizer.summarize(['Hà Nội mưa lớn. Đường ngập sâu.'], method='vit5',\n"
        f"    model={str(tiny_bin_dir)!r}, backend='ctranslate2', num_beams=1,\n"
        "    max_new_tokens=8)\n"
        "print('torch' in sys.modules, r.settings['compute_type'])\n"
    )
    env = {**os.environ, "SUMMARIZER_CT2_CACHE": str(ct2_cache)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "int8"]  # ~200 MB of memory not spent
