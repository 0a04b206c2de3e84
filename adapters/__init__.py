"""Destinations for alerts, one module per platform.

`build_destinations` makes the configured `[[destinations]]` (the console, webhooks). `start_platforms`
starts each chat platform whose credentials are set (Slack, Discord): it serves the chat commands and
receives the deliveries of its subscribed channels ('slack:C0123' goes to the platform named 'slack').
Adding a platform: a module with a `*_platform(config, settings, store)` factory, and one line below.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
from collections.abc import Mapping
from typing import Protocol

from rich.console import Console

from adapters.console import ConsoleDestination
from bot.config import AppConfig, ConfigError, Settings
from bot.pipeline import Destination
from bot.store import Store

log = logging.getLogger("sitrep.adapters")


class Platform(Protocol):
    """A chat platform: it serves the chat commands from `start()` to `stop()`, and `destination` posts to
    its channels (usable without `start()` once `login()` has run)."""

    name: str
    destination: Destination

    async def login(self) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def build_destinations(
    config: AppConfig, console: Console | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Destination]:
    """One destination object per configured `[[destinations]]` entry, by name. Raises ConfigError when a
    webhook's URL variable is unset."""
    built: dict[str, Destination] = {}
    for entry in config.destinations:
        if entry.kind == "console":
            built[entry.name] = ConsoleDestination(entry.name, console)
        else:
            from adapters.webhooks import webhook_destination

            built[entry.name] = webhook_destination(entry, os.environ if environ is None else environ)
    return built


def chat_platforms(config: AppConfig, settings: Settings, store: Store) -> list[Platform]:
    """The chat platforms whose credentials are set; each one that is off says so in one log line. A
    platform's library is imported only when its credentials are set (they are optional extras)."""
    found: list[Platform] = []
    for name, configured in (
        ("slack", settings.slack_bot_token is not None),
        ("discord", settings.discord_token is not None),
    ):
        if not configured:
            log.info(f"{name} is off: its credentials are not set")
            continue
        try:
            module = importlib.import_module(f"adapters.{'slack' if name == 'slack' else 'discord_bot'}")
        except ImportError as exc:
            log.error(f"{name} is off: {exc.name} is not installed (pip install 'sitrep[{name}]')")
            continue
        platform = getattr(module, f"{name}_platform")(config, settings, store)
        if platform is not None:
            found.append(platform)
    return found


async def start_platforms(platforms: list[Platform], *, serve: bool) -> dict[str, Destination]:
    """Log in to (and with `serve`, start) each platform; the destinations of those that came up. A
    platform that fails to start is logged and left off: the others and the configured destinations go on."""
    up: dict[str, Destination] = {}
    for platform in platforms:
        try:
            await (platform.start() if serve else platform.login())
        except Exception as exc:  # a refused token must not stop the bot
            log.error("platform failed to start", extra={"adapter": platform.name, "error": str(exc)})
            continue
        up[platform.name] = platform.destination
    return up


async def close_all(platforms: list[Platform], destinations: Mapping[str, object]) -> None:
    """Stop the platforms and close the destinations that hold connections."""
    for platform in platforms:
        with contextlib.suppress(Exception):
            await platform.stop()
    for destination in destinations.values():
        close = getattr(destination, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()


__all__ = ["ConfigError", "Platform", "build_destinations", "chat_platforms", "close_all", "start_platforms"]
