"""The learned sentence ranker: its tree walker, the shipped model, its rebuild, its errors."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import summarizer
from summarizer import Summarizer, prepare_cluster
from summarizer.errors import ModelFileError
from summarizer.features import FEATURE_NAMES, analyse_cluster, sentence_features
from summarizer.learned import MODEL_PATH, TreeEnsemble, load_ranker
from summarizer.rank import rank_sentences
from summarizer.tokenize import count_syllables

from .helpers import REPO, require_shared, seed_texts


def test_walks_each_tree_to_its_leaf_and_sums_the_leaves():
    # Tree 1: x0 <= 0.5 ? (x1 <= 2 ? 1 : 2) : 3.   Tree 2: a single leaf worth 10.
    model = TreeEnsemble.from_dict(
        {
            "depth": 2,
            "features": ["a", "b"],
            "trees": [
                {
                    "feature": [0, 1, 0, 0, 0],
                    "threshold": [0.5, 2.0, float("inf"), float("inf"), float("inf")],
                    "left": [1, 2, 2, 3, 4],
                    "right": [4, 3, 2, 3, 4],
                    "value": [0.0, 0.0, 1.0, 2.0, 3.0],
                },
                {
                    "feature": [0],
                    "threshold": [float("inf")],
                    "left": [0],
                    "right": [0],
                    "value": [10.0],
                },
            ],
        }
    )
    scores = model.predict([[0.0, 1.0], [0.5, 2.5], [0.7, 0.0]])
    assert scores.tolist() == [11.0, 12.0, 13.0]


def test_the_shipped_model_reads_the_features_this_version_computes():
    model = load_ranker()
    assert model.feature_names == FEATURE_NAMES
    assert model.sha256 == hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    assert MODEL_PATH.stat().st_size < 2 * 1024 * 1024


def test_the_learned_ranker_puts_the_news_first_in_the_article_that_ended_the_trip():
    article = prepare_cluster([seed_texts()[2]]).articles
    scores = load_ranker().predict(sentence_features(analyse_cluster(article)))
    best = article[0].sentences[int(np.argmax(scores))]
    assert best.startswith("Chiều 20/2 (giờ địa phương), Tổng Bí thư Tô Lâm rời sân bay")


def test_a_long_lead_is_shortened_to_the_budget_not_passed_over():
    lead = prepare_cluster([seed_texts()[4]]).articles[0].sentences[0]  # 004: 70+ syllables
    assert count_syllables(lead) > 60
    result = summarizer.summarize([seed_texts()[4]], max_words=60)
    text = result.per_article[0].text
    assert count_syllables(text) <= 60
    assert text.endswith("…")
    assert lead.startswith(text.removesuffix("…"))


def test_the_centroid_ranker_stays_available_and_is_recorded_in_the_settings():
    learned = Summarizer("extractive").summarize(seed_texts())
    centroid = Summarizer("extractive", ranker="centroid").summarize(seed_texts())
    assert learned.settings["ranker"] == "learned"
    assert learned.settings["ranker_sha256"] == load_ranker().sha256
    assert centroid.settings["ranker"] == "centroid"
    assert "ranker_sha256" not in centroid.settings
    assert rank_sentences(centroid.articles, ranker="centroid")


def test_an_unknown_ranker_is_refused():
    with pytest.raises(summarizer.InvalidOptionError, match="ranker must be one of"):
        Summarizer("extractive", ranker="bert").summarize(seed_texts())


@pytest.mark.parametrize("damage", ["missing", "corrupt", "other-features"])
def test_a_broken_model_file_names_the_file_and_the_command_that_rebuilds_it(tmp_path, damage):
    path = tmp_path / "ranker.json"
    if damage == "corrupt":
        path.write_text('{"format": "summarizer-ranker/1", "trees": [', encoding="utf-8")
    elif damage == "other-features":
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        data["features"] = data["features"][:-1]
        path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError) as error:
        load_ranker(path)
    message = str(error.value)
    assert str(path) in message
    assert "python scripts/train_ranker.py" in message
    assert "\n" not in message


def test_an_installed_copy_with_a_corrupt_model_fails_in_one_line(tmp_path):
    """A copy of the package with its model file damaged, run as a user would run it."""
    copy = tmp_path / "site"
    shutil.copytree(REPO / "summarizer", copy / "summarizer")
    (copy / "summarizer" / "models" / "ranker.json").write_text("not json", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", str(REPO / "seeds")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "ranker.json" in lines[0] and "scripts/train_ranker.py" in lines[0]
    assert "Traceback" not in run.stderr


@pytest.mark.corpus
def test_training_is_reproducible_bit_for_bit_and_exports_exactly(tmp_path):
    pytest.importorskip("lightgbm")
    source = require_shared("data", "vietnews-train")
    data = tmp_path / "data"
    data.mkdir()
    for path in sorted(source.glob("*.txt.seg"))[:300]:
        (data / path.name).symlink_to(path)
    outputs = []
    for attempt in (1, 2):
        out = tmp_path / f"ranker{attempt}.json"
        run = subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "train_ranker.py"),
                "--data",
                str(data),
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        assert "agrees with LightGBM" in run.stdout
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert load_ranker(Path(tmp_path / "ranker1.json")).feature_names == FEATURE_NAMES
