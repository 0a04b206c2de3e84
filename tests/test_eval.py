"""`sitrep eval` through the real command line: scores, thresholds and bad gold files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

CORPUS = ROOT / "tests" / "corpus"


def test_seed_gold_is_matched_exactly(sitrep):
    result = sitrep(
        "eval",
        str(CORPUS / "seeds"),
        "--min-f1",
        "1",
        "--min-accuracy",
        "1",
        "--json",
        "--config",
        str(CORPUS / "sitrep.toml"),
    )
    assert result.code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["articles"] == 5
    assert scores["casualty"]["correct"] == scores["casualty"]["gold"] == 11
    assert scores["meeting"]["correct"] == scores["meeting"]["gold"] == 6


def gold_dir(tmp_path: Path, facts: list[dict], status: str | None = "collapsed") -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    shutil.copy(seed, folder / "a.txt")
    (folder / "a.gold.json").write_text(
        json.dumps({"conflict": "thailand-cambodia", "ceasefire_status": status, "facts": facts}),
        encoding="utf-8",
    )
    return folder


def test_a_missed_fact_lowers_recall_and_fails_the_threshold(sitrep, tmp_path):
    facts = [
        {
            "kind": "casualty",
            "metric": "killed",
            "count": 21,
            "qualifier": "at_least",
            "group": "all",
            "party": "Thailand",
            "current": True,
        },
        {
            "kind": "casualty",
            "metric": "killed",
            "count": 5000,
            "qualifier": "exact",
            "group": "all",
            "party": None,
            "current": True,
        },
    ]
    folder = gold_dir(tmp_path, facts, status="agreed")
    result = sitrep("eval", str(folder), "--min-f1", "0.9", "--mistakes")
    assert result.code == 1
    assert "missed" in result.stdout and "5000" in result.stdout
    assert "ceasefire collapsed (gold agreed)" in result.stdout
    assert "below threshold: casualty F1" in result.stderr
    scores = json.loads(sitrep("eval", str(folder), "--json").stdout)
    assert (
        scores["casualty"]["gold"] == 2
        and scores["casualty"]["found"] == 3
        and scores["casualty"]["correct"] == 1
    )
    assert scores["ceasefire_accuracy"] == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "a.gold.json", id="not-json"),
        pytest.param(
            '{"conflict": null, "ceasefire_status": "over", "facts": []}', "ceasefire_status", id="bad-status"
        ),
        pytest.param('{"conflict": null, "facts": [], "extra": 1}', "a.gold.json", id="unknown-key"),
    ],
)
def test_a_bad_gold_file_is_a_usage_error_naming_it(sitrep, tmp_path, content, message):
    folder = gold_dir(tmp_path, [])
    (folder / "a.gold.json").write_text(content, encoding="utf-8")
    result = sitrep("eval", str(folder))
    assert result.code == 2
    assert message in result.stderr


def test_a_folder_without_gold_is_a_usage_error(sitrep, tmp_path):
    result = sitrep("eval", str(tmp_path))
    assert result.code == 2
    assert "no .gold.json files" in result.stderr


# The corpus scores this release reaches (README, "Evaluation"); a change that lowers them fails here.
CORPUS_MIN_F1 = 0.95
CORPUS_MIN_CEASEFIRE_ACCURACY = 0.95


def test_the_corpus_scores_stay_at_or_above_the_recorded_level(sitrep):
    result = sitrep(
        "eval",
        str(CORPUS),
        "--min-f1",
        str(CORPUS_MIN_F1),
        "--min-accuracy",
        str(CORPUS_MIN_CEASEFIRE_ACCURACY),
    )
    assert result.code == 0, result.stdout + result.stderr
    assert "casualty" in result.stdout and "ceasefire status accuracy" in result.stdout


# Held-out sets that have guided rule work ("fitted": README, "Evaluation"), with floors a little under
# their recorded scores: a later round of rules that undoes an earlier one fails here. The newest held-out
# set, which no rule has been fitted to, is a measure, not a gate.
FITTED_FLOORS = [
    pytest.param("heldout", 0.88, 0.82, id="heldout"),
    pytest.param("heldout2", 0.93, 0.95, id="heldout2"),
    pytest.param("heldout3", 0.85, 0.95, id="heldout3"),
    pytest.param("heldout4", 0.85, 0.95, id="heldout4"),
    pytest.param("heldout5", 0.81, 0.95, id="heldout5"),
    pytest.param("heldout6", 0.89, 0.95, id="heldout6"),
]


@pytest.mark.parametrize(("folder", "min_f1", "min_accuracy"), FITTED_FLOORS)
def test_the_fitted_held_out_sets_stay_at_or_above_their_floors(sitrep, folder, min_f1, min_accuracy):
    gold = ROOT / "tests" / folder
    result = sitrep("eval", str(gold), "--min-f1", str(min_f1), "--min-accuracy", str(min_accuracy))
    assert result.code == 0, result.stdout + result.stderr


def test_strict_matching_also_compares_qualifier_group_and_current(sitrep, tmp_path):
    wrong_qualifier = {
        "kind": "casualty",
        "metric": "killed",
        "count": 21,
        "qualifier": "exact",
        "group": "all",
        "party": "Thailand",
        "current": True,
    }
    folder = gold_dir(tmp_path, [wrong_qualifier])
    lenient = json.loads(sitrep("eval", str(folder), "--json").stdout)
    strict = json.loads(sitrep("eval", str(folder), "--json", "--strict").stdout)
    assert lenient["casualty"]["correct"] == 1
    assert strict["casualty"]["correct"] == 0
