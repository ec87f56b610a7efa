"""ViT5Options: one typed, validated source of choices for the API, CLI, harness and demo."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from summarizer.errors import InvalidOptionError
from summarizer.vit5.options import (
    PRESETS,
    ViT5Options,
    add_arguments,
    coerce,
    options_from_args,
    parse_pairs,
)


def test_defaults_follow_the_trained_regime():
    options = ViT5Options()
    assert options.model == "VietAI/vit5-base-vietnews-summarization"
    assert options.no_repeat_ngram_size == 0
    assert options.long_input == "truncate" and options.max_input_tokens == 1024
    assert options.input_prefix is None  # read from the checkpoint's config.json
    assert options.fit_budget is True


def test_the_paper_preset_then_explicit_options():
    paper = ViT5Options.create(preset="paper")
    assert (paper.num_beams, paper.max_new_tokens, paper.fit_budget) == (1, 256, False)
    assert paper.preset == "paper" and paper.long_input == "truncate"
    tuned = ViT5Options.create(preset="paper", num_beams=4)
    assert tuned.num_beams == 4 and tuned.max_new_tokens == 256
    assert set(PRESETS["paper"]) <= set(paper.as_dict())


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"num_beams": 0}, "num_beams must be an integer >= 1, got 0"),
        ({"num_beams": True}, "num_beams must be an integer, got True"),
        ({"length_penalty": "0.8"}, "length_penalty must be a number, got '0.8'"),
        ({"long_input": "fold"}, "long_input must be one of truncate, chunk, select"),
        ({"backend": "onnx"}, "backend must be one of transformers, ctranslate2"),
        ({"compute_type": "int8"}, "compute_type 'int8' is not supported by the transformers"),
        ({"min_new_tokens": 999}, "min_new_tokens (999) is larger than max_new_tokens (256)"),
        ({"preset": "fast"}, "preset must be one of paper"),
        ({"beams": 2}, "Unknown ViT5 option(s) beams"),
    ],
)
def test_bad_values_are_one_line_errors_naming_the_option(values: dict, message: str):
    with pytest.raises(InvalidOptionError) as caught:
        ViT5Options.create(**values)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_command_line_strings_take_the_type_of_their_field():
    assert parse_pairs(["num_beams=4", "length_penalty=0.8", "fit_budget=false"]) == {
        "num_beams": 4,
        "length_penalty": 0.8,
        "fit_budget": False,
    }
    assert coerce("threads", "none") is None
    assert coerce("compute_type", "auto") is None
    assert coerce("input_prefix", "vietnews: ") == "vietnews: "
    assert coerce("length_penalty", "2") == 2.0
    with pytest.raises(InvalidOptionError, match=r"num_beams must be an integer, got '4\.5'"):
        parse_pairs(["num_beams=4.5"])
    with pytest.raises(InvalidOptionError, match="KEY=VALUE"):
        parse_pairs(["num_beams"])
    with pytest.raises(InvalidOptionError, match="Unknown ViT5 option 'beam'"):
        parse_pairs(["beam=4"])


def test_every_option_is_a_cli_flag_with_its_choices_in_the_help():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    help_text = " ".join(parser.format_help().split())
    for flag in ("--no-repeat-ngram", "--long-input", "--input-prefix", "--preset", "--fit-budget"):
        assert flag in help_text
    assert "(truncate, chunk, select); default truncate" in help_text
    args = parser.parse_args(["--no-repeat-ngram", "3", "--length-penalty", "0.6"])
    assert options_from_args(args) == {"no_repeat_ngram_size": 3, "length_penalty": 0.6}


def test_the_harness_records_typed_options_and_the_demo_shares_the_default_model(
    tiny_vit5_dir: Path, tmp_path: Path
):
    from summarizer_demo.service import DEFAULT_VIT5_MODEL
    from summarizer_eval.cli import main as eval_main

    assert ViT5Options().model == DEFAULT_VIT5_MODEL
    out = tmp_path / "run"
    code = eval_main(
        [
            "--dataset", "seeds:seeds", "--systems", "vit5", "--mode", "per-article",
            "--vit5-model", str(tiny_vit5_dir), "--vit5-option", "length_penalty=0.8",
            "--vit5-option", "max_new_tokens=8", "--vit5-option", "device=cpu",
            "--out", str(out), "--bootstrap-samples", "10", "--jobs", "1", "--no-progress",
        ]
    )  # fmt: skip
    assert code == 0
    header = json.loads((out / "predictions" / "vit5.jsonl").read_text().splitlines()[0])
    assert header["settings"]["length_penalty"] == 0.8  # a float, not the string "0.8"
    assert header["settings"]["max_new_tokens"] == 8
    assert header["settings"]["no_repeat_ngram_size"] == 0  # defaults recorded too
