"""`sitrep eval`: how well extraction agrees with hand-annotated gold files.

A gold directory holds `NAME.gold.json` files, each beside its article (`NAME.md`, `NAME.txt` or
`NAME.html`, or the file named by an `"article"` key, relative to the gold file):

    {"conflict": "israel-hamas", "ceasefire_status": "violated", "facts": [FACT, ...]}

FACTs follow the extract schema without `evidence`. Casualties match on (metric, count, party), meetings on
date and then place or participants (with `strict`, on every field), each gold fact at most once; the
ceasefire status and the routed conflict are scored as accuracy over all gold articles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.config import AppConfig
from bot.extract import extract_facts, route, unrouted
from bot.models import CeasefireStatus, Extraction
from bot.sources.folder import ARTICLE_SUFFIXES, ArticleError, read_article

GOLD_SUFFIX = ".gold.json"


class GoldError(Exception):
    """A gold file that cannot be used; the message names the file and the problem."""


class Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: str | None = None
    conflict: str | None
    ceasefire_status: CeasefireStatus | None
    facts: list[dict[str, Any]]


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    casualty: Score = field(default_factory=Score)
    meeting: Score = field(default_factory=Score)
    ceasefire_right: int = 0
    routing_right: int = 0
    articles: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def ceasefire_accuracy(self) -> float:
        return self.ceasefire_right / self.articles if self.articles else 1.0

    @property
    def routing_accuracy(self) -> float:
        return self.routing_right / self.articles if self.articles else 1.0

    def as_dict(self) -> dict[str, Any]:
        kinds = {
            name: {
                "gold": s.gold,
                "found": s.found,
                "correct": s.correct,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
            }
            for name, s in (("casualty", self.casualty), ("meeting", self.meeting))
        }
        return {
            "articles": self.articles,
            **kinds,
            "ceasefire_accuracy": round(self.ceasefire_accuracy, 4),
            "routing_accuracy": round(self.routing_accuracy, 4),
        }

    def as_text(self) -> str:
        lines = [
            f"{'kind':<10} {'gold':>5} {'found':>6} {'correct':>8} {'precision':>10} {'recall':>7} {'F1':>6}"
        ]
        for name, s in (("casualty", self.casualty), ("meeting", self.meeting)):
            lines.append(
                f"{name:<10} {s.gold:>5} {s.found:>6} {s.correct:>8} {s.precision:>10.3f} "
                f"{s.recall:>7.3f} {s.f1:>6.3f}"
            )
        lines.append(
            f"ceasefire status accuracy: {self.ceasefire_accuracy:.3f} "
            f"({self.ceasefire_right}/{self.articles})"
        )
        lines.append(f"routing accuracy: {self.routing_accuracy:.3f} ({self.routing_right}/{self.articles})")
        return "\n".join(lines)


def gold_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder")
    files = sorted(folder.rglob(f"*{GOLD_SUFFIX}"))
    if not files:
        raise GoldError(f"{folder}: no {GOLD_SUFFIX} files")
    return files


def load_gold(path: Path) -> tuple[Gold, Path]:
    """A gold file and the article it annotates."""
    try:
        gold = Gold.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as exc:
        raise GoldError(f"{path}: {exc}") from None
    if gold.article:
        return gold, (path.parent / gold.article)
    stem = path.name[: -len(GOLD_SUFFIX)]
    for suffix in ARTICLE_SUFFIXES:
        candidate = path.with_name(stem + suffix)
        if candidate.exists():
            return gold, candidate
    raise GoldError(f"{path}: no article {stem}.* beside it")


_CASUALTY_FIELDS = ("metric", "count", "party")
_STRICT_CASUALTY_FIELDS = ("metric", "count", "party", "qualifier", "group", "current")


def _casualty_matches(found: dict[str, Any], gold: dict[str, Any], strict: bool) -> bool:
    fields = _STRICT_CASUALTY_FIELDS if strict else _CASUALTY_FIELDS
    return all(found.get(k) == gold.get(k) for k in fields)


def _meeting_matches(found: dict[str, Any], gold: dict[str, Any], strict: bool) -> bool:
    if found.get("date") != gold.get("date"):
        return False
    if strict:
        return (
            found.get("status") == gold.get("status")
            and (found.get("place") or "").casefold() == (gold.get("place") or "").casefold()
            and set(found.get("parties") or []) == set(gold.get("parties") or [])
        )
    same_place = bool(
        found.get("place") and gold.get("place") and found["place"].casefold() == gold["place"].casefold()
    )
    return same_place or set(found.get("parties") or []) == set(gold.get("parties") or [])


def _score(
    found: list[dict[str, Any]], gold: list[dict[str, Any]], kind: str, score: Score, strict: bool
) -> list[str]:
    found = [f for f in found if f["kind"] == kind]
    gold = [g for g in gold if g["kind"] == kind]
    score.found += len(found)
    score.gold += len(gold)
    unmatched = list(gold)
    extra: list[dict[str, Any]] = []
    for fact in found:
        matches = _casualty_matches if kind == "casualty" else _meeting_matches
        hit = next((g for g in unmatched if matches(fact, g, strict)), None)
        if hit is None:
            extra.append(fact)
        else:
            unmatched.remove(hit)
            score.correct += 1
    return [f"  extra {json.dumps(_brief(f))}" for f in extra] + [
        f"  missed {json.dumps(_brief(g))}" for g in unmatched
    ]


def _brief(fact: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fact.items() if k not in ("kind", "evidence")}


def evaluate(folder: Path, config: AppConfig, strict: bool = False) -> Report:
    """Extract every gold-annotated article in `folder` and score it against its gold file; `strict`
    matches every field of a fact (qualifier, group and `current`; a meeting's status, place and parties)."""
    report = Report()
    for gold_path in gold_files(folder):
        gold, article_path = load_gold(gold_path)
        try:
            article = read_article(article_path)
        except ArticleError as exc:
            raise GoldError(f"{gold_path}: {exc}") from None
        conflict = route(article, config.conflicts)
        result: Extraction = extract_facts(article, conflict) if conflict else unrouted(article)
        found = [f.model_dump(mode="json") for f in result.facts]
        report.articles += 1
        report.routing_right += result.conflict == gold.conflict
        report.ceasefire_right += result.ceasefire_status == gold.ceasefire_status
        notes = _score(found, gold.facts, "casualty", report.casualty, strict)
        notes += _score(found, gold.facts, "meeting", report.meeting, strict)
        if result.ceasefire_status != gold.ceasefire_status:
            notes.append(f"  ceasefire {result.ceasefire_status} (gold {gold.ceasefire_status})")
        if result.conflict != gold.conflict:
            notes.append(f"  conflict {result.conflict} (gold {gold.conflict})")
        if notes:
            report.mistakes.append(f"{article_path}:\n" + "\n".join(notes))
    return report
