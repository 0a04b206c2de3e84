"""Console destination: alerts printed on the terminal with rich (https://rich.readthedocs.io/).

Feed text is untrusted: it is wrapped in `rich.text.Text`, never parsed as console markup, so a headline
such as "[blink]" is shown as written.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from bot.models import Alert
from bot.render import published

_STYLE = {"casualty": "red", "meeting": "cyan", "ceasefire": "yellow"}
MAX_TEXT = 4000


class ConsoleDestination:
    """Prints each alert as a panel: headline, details, sources."""

    def __init__(self, name: str = "console", console: Console | None = None) -> None:
        self.name = name
        self.console = console or Console(highlight=False)

    async def send(self, alert: Alert) -> str | None:
        body = alert.text.split("\n")[1:]
        details = [line for line in body if not line.startswith("Source: ")]
        parts: list[Text] = [Text(alert.headline[:MAX_TEXT], style="bold")]
        if details:
            parts.append(Text("\n".join(details)[:MAX_TEXT]))
        for source in alert.sources:
            where = source.url or source.path or ""
            parts.append(Text(f"{source.title} · {where} · {published(source.published)}", style="dim"))
        title = Text(f"{alert.conflict} · {alert.kind}", style=_STYLE.get(alert.kind, ""))
        self.console.print(
            Panel(Group(*parts), title=title, title_align="left", border_style=_STYLE.get(alert.kind, ""))
        )
        return None
