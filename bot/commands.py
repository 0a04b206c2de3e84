"""The chat commands, the same on every platform: /status, /subscribe, /unsubscribe, /conflicts, /history.

Each takes the store, the configuration and the command's words, and returns the `Message` to reply with;
adapters only parse their platform's request and render the reply. A mistake in the words (an unknown
conflict, a bad option) raises `CommandError`, whose text is the reply: it names the problem and the
way to say it right.

    /status CONFLICT                      where the conflict stands now, with sources
    /subscribe CONFLICT [casualties,meetings,ceasefire] [min-sources N]
                                          this channel gets the status now, then every change
                                          (also `kinds=casualty,meeting` and `min_sources=N`)
    /unsubscribe CONFLICT                 no more alerts in this channel
    /conflicts                            the conflicts sitrep follows, and this channel's subscriptions
    /history CONFLICT [N]                 the last N alerts (default 5, at most 20)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import get_args

from bot.config import AppConfig, ConflictConfig
from bot.message import Message
from bot.models import AlertKind, SourceRef
from bot.status import status_message
from bot.store import Store

COMMANDS = ("status", "subscribe", "unsubscribe", "conflicts", "history")
KINDS: tuple[str, ...] = get_args(AlertKind)
MAX_HISTORY = 20
MAX_ARGUMENTS = 500  # characters: a command's words are short
_PLURALS = {"casualties": "casualty", "meetings": "meeting", "ceasefires": "ceasefire"}
SUBSCRIBE_USAGE = "usage: /subscribe CONFLICT [casualties,meetings,ceasefire] [min-sources N]"


class CommandError(ValueError):
    """A command that cannot be carried out; the text says why and how to say it right."""


@dataclass(frozen=True)
class Channel:
    """Where a command was given: the platform ('slack', 'discord') and its channel id."""

    platform: str
    channel: str

    @property
    def destination(self) -> str:
        return f"{self.platform}:{self.channel}"


async def run_command(store: Store, config: AppConfig, where: Channel, command: str, text: str) -> Message:
    """Carry out `/command text` given in `where`; the reply. Raises CommandError for a bad command."""
    words = text[:MAX_ARGUMENTS].split()
    if command == "status":
        return await status(store, config, _one_conflict(config, words, "status"), where)
    if command == "subscribe":
        return await subscribe(store, config, where, words)
    if command == "unsubscribe":
        return await unsubscribe(store, config, where, _one_conflict(config, words, "unsubscribe"))
    if command == "conflicts":
        return await conflicts(store, config, where)
    if command == "history":
        return await history(store, config, words)
    raise CommandError(f"unknown command /{command[:40]}: try " + ", ".join(f"/{c}" for c in COMMANDS))


def _conflict(config: AppConfig, word: str) -> ConflictConfig:
    for conflict in config.conflicts:
        if conflict.id == word.casefold():
            return conflict
    known = ", ".join(c.id for c in config.conflicts)
    raise CommandError(f"unknown conflict {word[:60]!r}: sitrep follows {known}")


def _one_conflict(config: AppConfig, words: list[str], command: str) -> ConflictConfig:
    if len(words) != 1:
        if len(config.conflicts) == 1 and not words:
            return config.conflicts[0]
        raise CommandError(f"usage: /{command} CONFLICT (one of {', '.join(c.id for c in config.conflicts)})")
    return _conflict(config, words[0])


async def status(
    store: Store, config: AppConfig, conflict: ConflictConfig, where: Channel | None = None
) -> Message:
    """The conflict's status; in a channel whose subscription is paused, the reason too."""
    message = status_message(conflict, await store.load_state(conflict.id))
    if where is not None:
        mine = await store.subscriptions(conflict.id, platform=where.platform, channel=where.channel)
        paused = [s.paused_reason for s in mine if s.paused_reason]
        if paused:
            note = f"Alerts to this channel are paused: {paused[0]}. Subscribe again to resume."
            message = message.model_copy(update={"lines": [note, *message.lines]})
    return message


def _kinds(value: str) -> list[AlertKind]:
    """'casualties,meetings' or 'casualty,ceasefire': the alert kinds named (plural or singular)."""
    wanted = [k.strip().casefold() for k in value.split(",") if k.strip()]
    kinds = [_PLURALS.get(k, k) for k in wanted]
    unknown = [w for w, k in zip(wanted, kinds, strict=True) if k not in KINDS]
    if unknown or not kinds:
        raise CommandError(f"unknown kind {', '.join(unknown)[:60]!r}: kinds are {', '.join(KINDS)}")
    return list(dict.fromkeys(kinds))  # type: ignore[arg-type]


def _min_sources(value: str) -> int:
    if value.isdigit() and 1 <= int(value) <= 20:
        return int(value)
    raise CommandError("min_sources must be a whole number from 1 to 20")


async def subscribe(store: Store, config: AppConfig, where: Channel, words: list[str]) -> Message:
    """Subscribe the channel; the conflict's status is queued as the channel's first message.

    Options: the kinds (`casualties,meetings`, or `kinds=casualty,ceasefire`) and how many outlets a change
    needs (`min-sources 2`, or `min_sources=2`)."""
    if not words:
        raise CommandError(SUBSCRIBE_USAGE)
    conflict = _conflict(config, words[0])
    kinds: list[AlertKind] | None = None
    min_sources = 1
    rest = list(words[1:])
    while rest:
        word = rest.pop(0)
        key, equals, value = word.partition("=")
        key = key.casefold().replace("-", "_")
        if key == "kinds" and equals:
            kinds = _kinds(value)
        elif key == "min_sources" and equals:
            min_sources = _min_sources(value)
        elif key == "min_sources" and rest:
            min_sources = _min_sources(rest.pop(0))
        elif (not equals and "," in word) or _PLURALS.get(word.casefold(), word.casefold()) in KINDS:
            kinds = _kinds(word)
        else:
            raise CommandError(f"unknown option {word[:60]!r}; {SUBSCRIBE_USAGE}")
    sub = await store.add_subscription(where.platform, where.channel, conflict.id, kinds, min_sources)
    async with store.transaction(lambda _: ()) as tx:
        tx.post_message(status_message(conflict, await tx.state(conflict.id)), [where.destination])
    need = f", once {sub.min_sources} outlets report it" if sub.min_sources > 1 else ""
    return Message(
        kind="notice",
        conflict=conflict.id,
        title=f"Subscribed to {conflict.name}",
        lines=[f"Alerts: {', '.join(sub.kinds)}{need}. The current status follows."],
    )


async def unsubscribe(store: Store, config: AppConfig, where: Channel, conflict: ConflictConfig) -> Message:
    removed = await store.remove_subscription(where.platform, where.channel, conflict.id)
    title = (
        f"Unsubscribed from {conflict.name}"
        if removed
        else f"This channel was not subscribed to {conflict.name}"
    )
    return Message(kind="notice", conflict=conflict.id, title=title)


async def conflicts(store: Store, config: AppConfig, where: Channel) -> Message:
    mine = {s.conflict: s for s in await store.subscriptions(platform=where.platform, channel=where.channel)}
    lines = []
    for conflict in config.conflicts:
        sub = mine.get(conflict.id)
        note = f" (subscribed: {', '.join(sub.kinds)})" if sub else ""
        lines.append(f"{conflict.id}: {conflict.name}{note}")
    return Message(kind="notice", conflict="*", title="Conflicts sitrep follows", lines=lines)


async def history(store: Store, config: AppConfig, words: list[str]) -> Message:
    count = 5
    if words and words[-1].isdigit():
        count = min(max(int(words[-1]), 1), MAX_HISTORY)
        words = words[:-1]
    conflict = _one_conflict(config, words, "history")
    alerts = await store.recent_alerts(conflict.id, limit=count)
    lines = [f"{_day(a.sources)}: {a.headline}" for a in alerts] or ["No alerts yet."]
    sources = [s for a in alerts for s in a.sources[:1]]
    return Message(
        kind="history",
        conflict=conflict.id,
        title=f"Latest alerts: {conflict.name}",
        lines=lines,
        sources=sources,
    )


def _day(sources: list[SourceRef]) -> str:
    if not sources:
        return "?"
    p = sources[0].published
    return (p.date() if isinstance(p, dt.datetime) else p).isoformat()
