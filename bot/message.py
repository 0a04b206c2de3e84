"""The neutral message: what every destination posts, rendered its own way by each adapter.

An alert, a `/status` reply, a `/history` reply, the baseline summary of a newly followed feed and an
operator notice are all a `Message`: a title, at most a few short lines, and the sources with their dates.
Every string in it may come from a feed and is untrusted: adapters escape it for their platform.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.models import Alert, SourceRef
from bot.render import clip, source_line

MessageKind = Literal["casualty", "meeting", "ceasefire", "status", "history", "baseline", "notice"]

# Platform limits are larger; these keep a message short enough to read at a glance.
MAX_TITLE = 250
MAX_LINE = 400
MAX_LINES = 40
MAX_SOURCES = 10
MAX_SOURCE_TITLE = 300
MAX_OUTLET = 100
MAX_URL = 2000  # longer links are dropped: platforms refuse them, and no real article needs one


class Message(BaseModel):
    """One post. `outlets` counts the independent outlets that reported it (shown once above one);
    `revision` marks a figure revised down; `alert_id` links an alert's posts so they can be edited."""

    kind: MessageKind
    conflict: str
    title: str
    lines: list[str] = []
    sources: list[SourceRef] = []
    outlets: int = Field(default=1, ge=1)
    revision: bool = False
    alert_id: int | None = None

    def capped(self) -> Message:
        """The message with its title, lines and sources clipped to the limits every adapter honours."""
        return self.model_copy(
            update={
                "title": clip(self.title, MAX_TITLE),
                "lines": [clip(line, MAX_LINE) for line in self.lines[:MAX_LINES]],
                "sources": [_capped(source) for source in self.sources[:MAX_SOURCES]],
            }
        )

    def footer(self) -> str:
        """'Confirmed by 3 outlets' once more than one outlet reported it, else ''."""
        return f"Confirmed by {self.outlets} outlets" if self.outlets > 1 else ""

    def plain(self) -> str:
        """The message as plain text: title, lines, sources and footer, one per line."""
        capped = self.capped()
        sources = [source_line(s) for s in capped.sources]
        return "\n".join(x for x in (capped.title, *capped.lines, *sources, capped.footer()) if x)


def alert_message(alert: Alert, alert_id: int | None = None, outlets: int = 1) -> Message:
    """The message that posts `alert`."""
    return Message(
        kind=alert.kind,
        conflict=alert.conflict,
        title=alert.headline,
        lines=alert.lines,
        sources=alert.sources,
        outlets=max(1, outlets),
        revision=alert.revision,
        alert_id=alert_id,
    )


def _capped(source: SourceRef) -> SourceRef:
    """A source with its title and outlet clipped, and a URL too long for any platform dropped."""
    url = source.url if source.url is None or len(source.url) <= MAX_URL else None
    outlet = clip(source.outlet, MAX_OUTLET) if source.outlet else source.outlet
    return source.model_copy(
        update={"title": clip(source.title, MAX_SOURCE_TITLE), "outlet": outlet, "url": url}
    )
