"""The CTranslate2 backend: converted once, cached, and decoding like transformers."""

from __future__ import annotations

from pathlib import Path

import summarizer
from summarizer import prepare_cluster
from summarizer.ct2_backend import CTranslate2Backend, ct2_cache_root
from summarizer.vit5_model import GenerationSettings, TransformersBackend, resolve_source
from tests.helpers import seed_texts


def seed_inputs(n_sentences: int) -> list[str]:
    return [
        " ".join(a.sentences[:n_sentences]) + " </s>"
        for a in prepare_cluster(seed_texts()).articles
    ]


def test_greedy_tokens_equal_transformers_in_float32(tiny_vit5_dir: Path, ct2_cache: Path):
    source = resolve_source(str(tiny_vit5_dir))
    reference = TransformersBackend(source, device="cpu")
    converted = CTranslate2Backend(source, device="cpu", compute_type="float32")
    settings = GenerationSettings(num_beams=1, no_repeat_ngram_size=0, max_new_tokens=30)
    texts = seed_inputs(3)

    expected = reference.generate_ids(texts, settings, 1024, batch_size=5)
    got = converted.generate_ids(texts, settings, 1024, batch_size=5)

    assert got == expected
    assert all(len(ids) > 5 for ids in expected)
    assert len({tuple(ids) for ids in expected}) == len(texts)


def test_conversion_happens_once_per_checkpoint_and_compute_type(
    tiny_vit5_dir: Path, ct2_cache: Path
):
    source = resolve_source(str(tiny_vit5_dir))
    first = CTranslate2Backend(source, device="cpu", compute_type="int8")
    assert ct2_cache_root() == ct2_cache
    assert first.model_dir.parent == ct2_cache
    assert first.model_dir.name.startswith("checkpoint@") and first.model_dir.name.endswith("-int8")
    stamp = (first.model_dir / "model.bin").stat().st_mtime_ns

    again = CTranslate2Backend(source, device="cpu", compute_type="int8")

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
    assert 0 < result.merged.syllable_count <= 30
    assert len(result.per_article) == 2
