"""Console destination: messages printed on the terminal with rich (https://rich.readthedocs.io/).

Feed text is untrusted: it is wrapped in `rich.text.Text`, never parsed as console markup, so a headline
such as "[blink]" is shown as written.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from bot.message import Message
from bot.render import published

_STYLE = {
    "casualty": "red",
    "meeting": "cyan",
    "ceasefire": "yellow",
    "baseline": "blue",
    "notice": "magenta",
}
MAX_TEXT = 4000


class ConsoleDestination:
    """Prints each message as a panel: title, lines, sources. A terminal cannot edit what it printed, so
    posts have no message id and are never edited."""

    def __init__(self, name: str = "console", console: Console | None = None) -> None:
        self.name = name
        self.console = console or Console(highlight=False)

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        message = message.capped()
        parts: list[Text] = [Text(message.title[:MAX_TEXT], style="bold")]
        if message.lines:
            parts.append(Text("\n".join(message.lines)[:MAX_TEXT]))
        for source in message.sources:
            where = source.url or source.path or ""
            parts.append(Text(f"{source.title} · {where} · {published(source.published)}", style="dim"))
        if message.footer():
            parts.append(Text(message.footer(), style="dim"))
        title = Text(f"{message.conflict} · {message.kind}", style=_STYLE.get(message.kind, ""))
        self.console.print(
            Panel(Group(*parts), title=title, title_align="left", border_style=_STYLE.get(message.kind, ""))
        )
        return None

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        raise NotImplementedError("the console cannot edit what it printed")
