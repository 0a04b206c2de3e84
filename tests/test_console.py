"""The console destination prints alerts readably and never interprets feed text as markup."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from adapters.console import ConsoleDestination
from bot.message import Message, alert_message
from bot.models import Alert, CeasefireFact, SourceRef


def alert(headline: str) -> Message:
    return alert_message(_alert(headline))


def _alert(headline: str) -> Alert:
    return Alert(
        conflict="c",
        kind="ceasefire",
        headline=headline,
        text=f"{headline}\n“[red]quoted[/red]”\nSource: x",
        lines=["“[red]quoted[/red]”"],
        facts=[CeasefireFact(status="collapsed", evidence="[blink]x[/blink]")],
        sources=[
            SourceRef(
                path="a.txt", url="https://example.org/[bold]", title="T [i]", published=dt.date(2025, 1, 2)
            )
        ],
    )


async def test_console_prints_markup_in_feed_text_literally():
    out = io.StringIO()
    destination = ConsoleDestination(console=Console(file=out, width=120, color_system=None))
    message_id = await destination.send(alert("Truce [bold]collapsed[/bold] @everyone <!channel>"))
    printed = out.getvalue()
    assert message_id is None
    assert "Truce [bold]collapsed[/bold] @everyone <!channel>" in printed
    assert "“[red]quoted[/red]”" in printed
    assert "T [i] · https://example.org/[bold] · 2025-01-02" in printed
    assert "Source: x" not in printed  # sources are shown once, from the alert's sources


async def test_console_caps_very_long_text():
    out = io.StringIO()
    destination = ConsoleDestination(console=Console(file=out, width=200, color_system=None))
    await destination.send(alert("x" * 10_000))
    assert out.getvalue().count("x") < 4_200
