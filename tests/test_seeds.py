"""The seed articles end to end through the real command line: what SEEDS.md says a careful reader finds,
and the seven alerts a user should see."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS

CASUALTIES = {
    "000": {
        ("killed", 21, "at_least", "all", "Thailand", True),
        ("killed", 18, "at_least", "all", "Cambodia", True),
        ("displaced", 800_000, "more_than", "all", None, True),
    },
    "001": set(),
    "002": set(),
    "003": {
        ("killed", 41, "at_least", "all", None, True),
        ("displaced", 1_000_000, "about", "all", None, True),
        ("killed", 1, "exact", "military", "Cambodia", False),  # the soldier killed in May: background
    },
    "004": {
        ("killed", 96, "exact", "all", None, True),
        ("killed", 23, "exact", "military", "Thailand", True),
        ("killed", 42, "exact", "civilians", "Thailand", True),
        ("killed", 31, "exact", "civilians", "Cambodia", True),
        ("displaced", 1_000_000, "about", "all", None, True),
    },
}
MEETINGS = {
    "000": {("Kuala Lumpur", "2025-12-22", "scheduled")},
    "001": {("Kuala Lumpur", "2025-12-22", "scheduled")},
    "002": set(),
    "003": {("Malaysia", "2025-12-22", "held"), (None, "2025-12-24", "scheduled")},
    "004": {("Chanthaburi", "2025-12-24", "held"), (None, "2025-12-26", "scheduled")},
}
CEASEFIRE = {
    "000": "collapsed",
    "001": "collapsed",
    "002": "collapsed",
    "003": "collapsed",
    "004": "suspended",
}
PUBLISHED = {
    "000": "2025-12-19",
    "001": "2025-12-20",
    "002": "2025-12-21",
    "003": "2025-12-23",
    "004": "2025-12-25",
}


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    """`sitrep extract seeds --json`, run once from the project folder, keyed by seed number."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "extract", "seeds", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    return {result["path"].split("/")[-1][:3]: result for result in results}


@pytest.mark.parametrize("seed", sorted(CASUALTIES))
def test_extract_finds_what_seeds_md_lists(extracted, seed):
    result = extracted[seed]
    assert result["conflict"] == "thailand-cambodia"
    assert result["published"] == PUBLISHED[seed]
    assert result["ceasefire_status"] == CEASEFIRE[seed]
    casualties = {
        (f["metric"], f["count"], f["qualifier"], f["group"], f["party"], f["current"])
        for f in result["facts"]
        if f["kind"] == "casualty"
    }
    assert casualties == CASUALTIES[seed]
    meetings = [f for f in result["facts"] if f["kind"] == "meeting"]
    assert {(m["place"], m["date"], m["status"]) for m in meetings} == MEETINGS[seed]
    assert len(meetings) == len(MEETINGS[seed])  # one fact per distinct meeting
    ceasefire = [f for f in result["facts"] if f["kind"] == "ceasefire"]
    assert [f["status"] for f in ceasefire] == [CEASEFIRE[seed]]
    for fact in result["facts"]:
        assert fact["evidence"], fact


def test_extract_lists_articles_in_input_order_with_the_contract_fields(extracted):
    assert sorted(extracted) == list(extracted)
    for result in extracted.values():
        assert set(result) == {"path", "title", "published", "conflict", "ceasefire_status", "facts"}


def test_bilateral_meetings_name_both_parties(extracted):
    for seed in ("003", "004"):
        for meeting in (f for f in extracted[seed]["facts"] if f["kind"] == "meeting"):
            assert {"Thailand", "Cambodia"} <= set(meeting["parties"]), meeting
    asean = next(f for f in extracted["000"]["facts"] if f["kind"] == "meeting")
    assert "ASEAN" in asean["parties"]


def test_replay_gives_the_seven_alerts_of_seeds_md(sitrep):
    result = sitrep("replay", str(SEEDS), "--json")
    assert result.code == 0, result.stderr
    alerts = result.json_lines()
    assert [(a["kind"], a["sources"][0]["path"].split("/")[-1][:3]) for a in alerts] == [
        ("casualty", "000"),
        ("ceasefire", "000"),
        ("meeting", "000"),
        ("casualty", "003"),
        ("meeting", "003"),
        ("casualty", "004"),
        ("meeting", "004"),
    ]
    first, ceasefire, asean, rise, met, toll, talks = alerts
    assert {(f["count"], f["party"]) for f in first["facts"]} == {
        (21, "Thailand"),
        (18, "Cambodia"),
        (800_000, None),
    }
    assert "more than 800,000" in first["headline"]
    assert ceasefire["facts"][0]["status"] == "collapsed"
    assert "collapsed" in ceasefire["headline"].lower()
    assert "Kuala Lumpur" in asean["headline"] and "22 Dec" in asean["headline"]
    assert "at least 41" in rise["headline"] and "was at least 39" in rise["headline"]
    assert "1 million" in rise["headline"] and "800,000" in rise["headline"]
    assert [(f["status"], f["date"]) for f in met["facts"]] == [
        ("held", "2025-12-22"),
        ("scheduled", "2025-12-24"),
    ]
    assert "96" in toll["headline"] and "was at least 41" in toll["headline"]
    assert "23 soldiers and 42 civilians" in toll["text"] and "31 civilians" in toll["text"]
    assert [(f["status"], f["place"], f["date"]) for f in talks["facts"]] == [
        ("held", "Chanthaburi", "2025-12-24"),
        ("scheduled", None, "2025-12-26"),
    ]
    for alert in alerts:
        assert alert["conflict"] == "thailand-cambodia"
        assert alert["text"].startswith(alert["headline"])
        assert set(alert["sources"][0]) == {"path", "url", "title", "published"}


def test_replay_touches_no_existing_store(sitrep, tmp_path):
    result = sitrep("replay", str(SEEDS), "--json")
    assert result.code == 0
    assert not (tmp_path / "sitrep.db").exists()
