"""The chat commands, through the real store: what a channel sees when it subscribes, asks, and leaves."""

from __future__ import annotations

import pytest

from bot.commands import Channel, CommandError, run_command
from bot.message import Message
from bot.outbox import deliver
from bot.pipeline import DeliveryError, process_batch
from bot.sources.reader import Arrival
from bot.store import Store
from tests.conflicts import TC, article, two_conflicts

CONFLICT = TC
CONFIG = two_conflicts()
HERE = Channel("slack", "C1")


class Recorder:
    """A destination that keeps what it is asked to post or edit, as an adapter would send it."""

    name = "slack"

    def __init__(self) -> None:
        self.posts: list[tuple[str | None, Message]] = []
        self.edits: list[tuple[str, Message]] = []

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        self.posts.append((channel, message))
        return f"m{len(self.posts)}"

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        self.edits.append((message_id, message))


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/c.db")
    yield s
    await s.close()


async def test_a_new_subscription_gets_the_status_first_then_only_changes(store):
    await process_batch(
        store,
        CONFIG,
        [Arrival(article(0, "Thai officials said 12 soldiers were killed in clashes with Cambodia.", "a"))],
    )
    reply = await run_command(store, CONFIG, HERE, "subscribe", "tc")
    assert reply.title == "Subscribed to Thailand–Cambodia border conflict"
    slack = Recorder()
    assert await deliver(store, {"slack": slack}) == 1
    [(channel, first)] = slack.posts
    assert channel == "C1" and first.kind == "status" and any("12" in line for line in first.lines)

    text = "Thai officials said 19 soldiers have now been killed in the fighting with Cambodia."
    await process_batch(store, CONFIG, [Arrival(article(1, text, "a"))])
    await deliver(store, {"slack": slack})
    assert [m.kind for _, m in slack.posts] == ["status", "casualty"]
    assert "19" in slack.posts[-1][1].title

    assert (await run_command(store, CONFIG, HERE, "unsubscribe", "tc")).title.startswith("Unsubscribed")
    await process_batch(
        store,
        CONFIG,
        [Arrival(article(2, "Thailand said 25 soldiers were killed in clashes with Cambodia.", "b"))],
    )
    assert await deliver(store, {"slack": slack}) == 0


async def test_min_sources_holds_an_alert_until_a_second_outlet_reports_it_and_edits_follow(store):
    await run_command(store, CONFIG, HERE, "subscribe", "tc kinds=casualty min_sources=2")
    await run_command(store, CONFIG, Channel("slack", "C2"), "subscribe", "tc")
    slack = Recorder()
    await deliver(store, {"slack": slack})  # the two status messages
    slack.posts.clear()

    first = "Thai officials said 12 soldiers were killed in clashes with Cambodia on Saturday."
    await process_batch(store, CONFIG, [Arrival(article(0, first, "wire"))])
    await deliver(store, {"slack": slack})
    assert [(c, m.outlets) for c, m in slack.posts] == [("C2", 1)]  # C1 waits for a second outlet

    second = (
        "Twelve Thai soldiers were killed, the army in Bangkok said, after fighting with Cambodian troops."
    )
    await process_batch(store, CONFIG, [Arrival(article(1, second, "herald"))])
    await deliver(store, {"slack": slack})
    assert [(c, m.outlets) for c, m in slack.posts] == [("C2", 1), ("C1", 2)]
    [(message_id, edited)] = slack.edits
    assert message_id == "m1" and edited.footer() == "Confirmed by 2 outlets"


@pytest.mark.parametrize(
    ("text", "kinds", "min_sources"),
    [
        ("tc", ["casualty", "meeting", "ceasefire"], 1),
        ("tc casualties,meetings min-sources 2", ["casualty", "meeting"], 2),
        ("tc kinds=ceasefire min_sources=3", ["ceasefire"], 3),
        ("TC ceasefire", ["ceasefire"], 1),
    ],
)
async def test_subscribe_options_in_either_form(store, text, kinds, min_sources):
    await run_command(store, CONFIG, HERE, "subscribe", text)
    [sub] = await store.subscriptions()
    assert (sub.kinds, sub.min_sources) == (kinds, min_sources)


async def test_history_conflicts_and_status_replies(store):
    await process_batch(
        store,
        CONFIG,
        [Arrival(article(0, "Thai officials said 12 soldiers were killed in clashes with Cambodia.", "a"))],
    )
    history = await run_command(store, CONFIG, HERE, "history", "tc 3")
    assert history.kind == "history" and len(history.lines) == 1 and "12" in history.lines[0]
    assert history.sources[0].url == "https://a.example/0"
    await run_command(store, CONFIG, HERE, "subscribe", "tc kinds=ceasefire")
    listing = await run_command(store, CONFIG, HERE, "conflicts", "")
    assert listing.lines == ["tc: Thailand–Cambodia border conflict (subscribed: ceasefire)", "other: Other"]
    status = await run_command(store, CONFIG, HERE, "status", "TC")
    assert status.title == "Status: Thailand–Cambodia border conflict"


@pytest.mark.parametrize(
    ("command", "text", "problem"),
    [
        ("status", "mars", "unknown conflict 'mars': sitrep follows tc, other"),
        ("status", "", "usage: /status CONFLICT"),
        ("subscribe", "", "usage: /subscribe CONFLICT"),
        ("subscribe", "tc kinds=gossip", "unknown kind 'gossip': kinds are casualty, meeting, ceasefire"),
        ("subscribe", "tc min_sources=0", "min_sources must be a whole number from 1 to 20"),
        ("subscribe", "tc @everyone", "unknown option '@everyone'"),
        ("subscribe", "tc min-sources", "unknown option 'min-sources'"),
        ("subscribe", "tc min-sources 99", "min_sources must be a whole number from 1 to 20"),
        ("subscribe", "tc casualties,gossip", "unknown kind 'gossip'"),
        ("launch", "", "unknown command /launch"),
    ],
)
async def test_bad_commands_say_what_is_wrong_and_change_nothing(store, command, text, problem):
    with pytest.raises(CommandError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        await run_command(store, CONFIG, HERE, command, text)
    assert await store.subscriptions() == []


class Refusing(Recorder):
    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        raise DeliveryError("channel_not_found", permanent=True)


async def test_a_channel_the_platform_refuses_is_paused_with_the_reason_in_status(store, caplog):
    await run_command(store, CONFIG, HERE, "subscribe", "tc")
    assert await deliver(store, {"slack": Refusing()}) == 0
    status = await run_command(store, CONFIG, HERE, "status", "tc")
    assert (
        status.lines[0] == "Alerts to this channel are paused: channel_not_found. Subscribe again to resume."
    )
    assert [r.message for r in caplog.records].count("subscription paused") == 1
    await process_batch(
        store,
        CONFIG,
        [Arrival(article(0, "Thai officials said 12 soldiers were killed in clashes with Cambodia.", "a"))],
    )
    assert await store.pending_deliveries() == []  # nothing queued for a paused channel
    await run_command(store, CONFIG, HERE, "subscribe", "tc")  # resumes
    assert not (await run_command(store, CONFIG, HERE, "status", "tc")).lines[0].startswith("Alerts to this")
