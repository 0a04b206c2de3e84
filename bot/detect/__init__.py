"""Change detection: compare an article's facts with a conflict's stored state; return the next state, the
alerts worth posting (at most one per kind), and the known facts the article corroborates.

Pure: values in, values out. The state keeps every distinct report with the articles that gave it, and its
views (ledger, meetings, ceasefire) are derived from the set of reports alone: the same articles give the
same state in any order of arrival. An alert is the difference between the views before and after:
- casualty: a figure rises beyond its metric's threshold over the figure last announced (or over the sum of
  the parts it totals); a lower or equal figure corroborates; a stated downward revision has its own alert;
- meeting: a meeting no stored one matches (same date, or same place and a shared participant), or a
  change of its status or date;
- ceasefire: the phase moves forward, or a new agreement starts a new cycle after the ceasefire broke.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.detect.ceasefire import PHASES, ceasefire_changes
from bot.detect.ledger import Thresholds, casualty_changes, total
from bot.detect.meetings import meeting_changes, same_meeting
from bot.models import Alert, CasualtyFact, CeasefireFact, Fact, MeetingFact, SourceRef
from bot.state import ConflictState

__all__ = ["PHASES", "Detection", "Thresholds", "detect_changes", "same_meeting", "total"]


@dataclass(frozen=True)
class Detection:
    """What one article changes: the next state, its alerts, and the keys of the already-alerted facts it
    confirms (an alert's `keys`), so that a posted alert can show it gained a source."""

    state: ConflictState
    alerts: list[Alert]
    corroborated: list[str] = field(default_factory=list)


def detect_changes(
    state: ConflictState,
    facts: list[Fact],
    source: SourceRef,
    thresholds: Thresholds | None = None,
) -> Detection:
    """The state after reading `facts` (from `source`), the alerts the change deserves and what it confirms.
    When the article arrived does not matter: the state depends on publication times only."""
    # A shallow copy: the detectors build new lists and records rather than change the old ones in place.
    new = state.model_copy(update={"announced": dict(state.announced)})
    corroborated: list[str] = []
    outcomes = (
        casualty_changes(
            state,
            new,
            [f for f in facts if isinstance(f, CasualtyFact) and f.current],
            source,
            thresholds or Thresholds(),
        ),
        ceasefire_changes(state, new, [f for f in facts if isinstance(f, CeasefireFact)], source),
        meeting_changes(state, new, [f for f in facts if isinstance(f, MeetingFact)], source),
    )
    alerts = []
    for alert, keys in outcomes:
        corroborated.extend(keys)
        if alert is not None:
            alerts.append(alert)
    return Detection(new, alerts, corroborated)
