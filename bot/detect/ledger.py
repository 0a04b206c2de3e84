"""The casualty ledger: the best current figure per (metric, party, group), derived from every report.

A ledger entry's figure is the highest figure reported for its key, except that a stated downward revision
supersedes everything published before it (and any later repetition of a figure it revised away). Totals
are derived: a conflict-wide figure is the stated total or the sum over the sides, whichever is larger; a
side's figure is its stated total or the sum of its civilian and military figures.

Alerts compare with the figures last *announced* (`ConflictState.announced`): a rise must clear the
metric's threshold over what subscribers were last told, so a slow creep of small rises alerts once it adds
up rather than never.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import state
from bot.models import Alert, CasualtyFact, Metric, Qualifier, SourceRef
from bot.render import alert_text, figure, group_noun
from bot.state import ConflictState, FigureReport, LedgerEntry, as_datetime, merge_sources

Key = tuple[str, str | None, str]
Figure = tuple[int, Qualifier]

# For two reports of the same count, the stronger wording wins: 'more than 41' over 'at least 41' over '41'.
_QUALIFIER_RANK = {"up_to": 0, "about": 1, "exact": 2, "at_least": 3, "more_than": 4}
# A figure is a revision when its sentence says an earlier one was lowered or corrected.
_REVISION = re.compile(
    r"\b(?:revised|revising|revises|adjusted|corrected|lowered|lowering|reduced|downgraded|cut)\b"
    r"[^.;]{0,60}?\b(?:down(?:ward)?s?|to|from)\b|\bdownward revision\b|\brevised down\b",
    re.IGNORECASE,
)
_METRIC_TOTAL = {"killed": "death toll", "injured": "injured", "displaced": "displaced", "missing": "missing"}
MAX_LINES = 2


@dataclass(frozen=True)
class Thresholds:
    """How much a figure must rise to be news: a fraction of the stored figure (0: any rise)."""

    killed: float = 0.0
    injured: float = 0.0
    missing: float = 0.0
    displaced: float = 0.05

    def is_rise(self, metric: Metric, old: int, new: int) -> bool:
        return new > old and new >= old * (1 + getattr(self, metric))


def is_revision(fact: CasualtyFact) -> bool:
    """Whether the fact's sentence states a downward revision ('the ministry revised the toll down to 38')."""
    return bool(_REVISION.search(fact.evidence))


def key_name(key: Key) -> str:
    metric, party, group = key
    return f"{metric}|{party or ''}|{group}"


def fact_key(fact: CasualtyFact, count: int | None = None) -> str:
    """The key under which an alert announces a figure, and a later article confirms it."""
    return (
        f"casualty|{key_name((fact.metric, fact.party, fact.group))}|{fact.count if count is None else count}"
    )


# -- deriving entries from reports ------------------------------------------------------------------------


def add_report(reports: list[FigureReport], fact: CasualtyFact, source: SourceRef) -> list[FigureReport]:
    """`reports` with the fact's figure added (merged with an identical figure already reported)."""
    revision = is_revision(fact)
    return state.add_report(
        reports,
        source,
        same=lambda r: (r.count, r.qualifier, r.revision) == (fact.count, fact.qualifier, revision),
        new=lambda published: FigureReport(
            count=fact.count,
            qualifier=fact.qualifier,
            revision=revision,
            published=published,
            sources=[source],
        ),
        order=lambda r: (r.published, r.count, _QUALIFIER_RANK[r.qualifier], r.revision),
    )


def derive(metric: Metric, party: str | None, group: str, reports: list[FigureReport]) -> LedgerEntry:
    """The ledger entry that a key's reports give (see the module docstring)."""
    revisions = [r for r in reports if r.revision]
    live = reports
    if revisions:
        latest = max(revisions, key=lambda r: (r.published, -r.count))
        revised_away = {r.count for r in reports if not r.revision and r.published < latest.published}
        live = [
            r
            for r in reports
            if r is latest
            or (r.published >= latest.published and (r.count <= latest.count or r.count not in revised_away))
        ]
        live = [r for r in live if not r.revision or r is latest]
    best = max(live, key=lambda r: (r.count, _QUALIFIER_RANK[r.qualifier], not r.revision))
    same = [r for r in live if r.count == best.count]
    sources = merge_sources([], [s for r in same for s in r.sources])
    return LedgerEntry(
        metric=metric,
        party=party,
        group=group,  # type: ignore[arg-type]
        count=best.count,
        qualifier=best.qualifier,
        sources=sources,
        first_seen=min(r.published for r in same),
        updated=max(as_datetime(s.published) for s in sources),
        revised=best.revision,
        reports=reports,
    )


# -- totals -----------------------------------------------------------------------------------------------


def _sum(figures: list[Figure]) -> Figure | None:
    if not figures:
        return None
    exact = all(q == "exact" for _, q in figures)
    return sum(c for c, _ in figures), "exact" if exact else "at_least"


def _best(*figures: Figure | None) -> Figure | None:
    present = [f for f in figures if f is not None]
    return max(present, key=lambda f: f[0]) if present else None


def _explicit(ledger: dict[Key, LedgerEntry], key: Key) -> Figure | None:
    entry = ledger.get(key)
    return (entry.count, entry.qualifier) if entry else None


def _party_total(ledger: dict[Key, LedgerEntry], metric: str, party: str | None) -> Figure | None:
    """A side's figure: its stated total or the sum of its civilian and military figures, whichever is larger."""
    parts = [f for g in ("civilians", "military") if (f := _explicit(ledger, (metric, party, g)))]
    return _best(_explicit(ledger, (metric, party, "all")), _sum(parts))


def total(ledger: dict[Key, LedgerEntry], metric: str) -> Figure | None:
    """The conflict-wide figure: the stated total or the sum over the sides, whichever is larger."""
    parties = sorted({k[1] for k in ledger if k[0] == metric and k[1] is not None})
    by_party = [f for p in parties if (f := _party_total(ledger, metric, p))]
    unattributed_parts = _sum(
        [f for g in ("civilians", "military") if (f := _explicit(ledger, (metric, None, g)))]
    )
    return _best(_explicit(ledger, (metric, None, "all")), _sum(by_party), unattributed_parts)


def baseline(ledger: dict[Key, LedgerEntry], key: Key) -> Figure | None:
    """The figure a new fact for `key` is compared with: the key's own, or the derived total for a total."""
    metric, party, group = key
    if group != "all":
        return _explicit(ledger, key)
    return total(ledger, metric) if party is None else _party_total(ledger, metric, party)


# -- alerts -----------------------------------------------------------------------------------------------


def casualty_changes(
    old: ConflictState,
    new: ConflictState,
    facts: list[CasualtyFact],
    source: SourceRef,
    thresholds: Thresholds,
) -> tuple[Alert | None, list[str]]:
    """Add the article's figures to `new`; return the alert they deserve and the figures they confirm."""
    before = {e.key: e for e in old.casualties}
    after = dict(before)
    for fact in facts:
        key: Key = (fact.metric, fact.party, fact.group)
        reports = after[key].reports if key in after else []
        after[key] = derive(fact.metric, fact.party, fact.group, add_report(reports, fact, source))
    new.casualties = sorted(after.values(), key=lambda e: (e.metric, e.party or "", e.group))
    rises: list[CasualtyFact] = []
    revisions: list[CasualtyFact] = []
    confirmed: list[str] = []
    for fact in _strongest(facts):
        key = (fact.metric, fact.party, fact.group)
        was, now = baseline(before, key), baseline(after, key)
        told = new.announced.get(key_name(key), was[0] if was else None)
        if now is None:
            continue
        if is_revision(fact) and was is not None and now[0] < was[0] and now[0] == fact.count:
            revisions.append(fact)
        elif told is None or (thresholds.is_rise(fact.metric, told, now[0]) and fact.count >= now[0]):
            rises.append(fact)
        elif fact.count == now[0] or fact.count == (after[key].count if key in after else None):
            confirmed.append(fact_key(fact))
            continue
        else:
            continue
        new.announced[key_name(key)] = now[0]
    if revisions:
        return _alert(old, before, after, revisions, source, revision=True), confirmed
    if rises:
        return _alert(old, before, after, rises, source, revision=False), confirmed
    return None, confirmed


def _strongest(facts: list[CasualtyFact]) -> list[CasualtyFact]:
    """One fact per key: the article's highest figure for it, breakdowns after totals as written."""
    best: dict[Key, CasualtyFact] = {}
    for fact in facts:
        key = (fact.metric, fact.party, fact.group)
        if key not in best or fact.count > best[key].count:
            best[key] = fact
    return list(best.values())


def _alert(
    old: ConflictState,
    before: dict[Key, LedgerEntry],
    after: dict[Key, LedgerEntry],
    changed: list[CasualtyFact],
    source: SourceRef,
    revision: bool,
) -> Alert:
    headlines: list[str] = []
    lines: list[str] = []
    for metric in dict.fromkeys(f.metric for f in changed):
        of_metric = [f for f in changed if f.metric == metric]
        head, body = _metric_summary(metric, before, after, of_metric, revision)
        headlines.append(head)
        lines.extend(body)
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], f"and {len(lines) - MAX_LINES + 1} more figures"]
    headline = "; ".join(headlines)
    headline = headline[0].upper() + headline[1:]
    return Alert(
        conflict=old.conflict,
        kind="casualty",
        headline=headline,
        text=alert_text(headline, lines, [source]),
        facts=changed,
        sources=[source],
        lines=lines,
        revision=revision,
        keys=[fact_key(f) for f in changed],
    )


def _metric_summary(
    metric: Metric,
    before: dict[Key, LedgerEntry],
    after: dict[Key, LedgerEntry],
    changed: list[CasualtyFact],
    revision: bool,
) -> tuple[str, list[str]]:
    was, now = total(before, metric), total(after, metric)
    label = _METRIC_TOTAL[metric]
    if revision:
        fact = changed[0]
        old = baseline(before, (fact.metric, fact.party, fact.group))
        who = f"{fact.party} " if fact.party else ""
        head = f"{who}{label} revised down to {figure(fact.count, fact.qualifier)}"
        return head + (f" (was {figure(*old)})" if old else ""), []
    if was is None:
        head = f"{figure(*now)} {metric}" if now else label
    elif now and now[0] > was[0]:
        head = f"{label} rises to {figure(*now)} (was {figure(*was)})"
    else:
        head = f"new {metric} figures"
    lines = []
    for party in dict.fromkeys(f.party for f in changed):
        parts = [f for f in changed if f.party == party and f.group != "all"]
        if party is None and not parts:
            continue  # the total itself: already the headline
        party_now = _party_total(after, metric, party) if party else None
        party_was = _party_total(before, metric, party) if party else None
        if parts:
            counts = " and ".join(
                f"{figure(f.count, f.qualifier)} {group_noun(f.group, f.count)}" for f in parts
            )
        else:
            counts = figure(*party_now) if party_now else ""
        line = f"{party or 'Unattributed'}: {counts} {metric}"
        if party_was and party_now and party_now[0] > party_was[0]:
            if parts and sum(f.count for f in parts) != party_now[0]:  # the parts are not the side's total
                line += f"; {figure(*party_now)} in all"
            line += f" (was {figure(*party_was)})"
        lines.append(line)
    return head, lines
