"""Destinations for alerts, one module per platform. Adding a platform: a new module and one line below."""

from __future__ import annotations

from rich.console import Console

from adapters.console import ConsoleDestination
from bot.config import AppConfig
from bot.pipeline import Destination


def build_destinations(config: AppConfig, console: Console | None = None) -> dict[str, Destination]:
    """One destination object per configured `[[destinations]]` entry, by name."""
    built: dict[str, Destination] = {}
    for entry in config.destinations:
        if entry.kind == "console":
            built[entry.name] = ConsoleDestination(entry.name, console)
    return built
