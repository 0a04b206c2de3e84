"""The Discord adapter: real discord.py against the loopback fake of Discord (tests/fakes_discord.py).

Slash commands arrive as real INTERACTION_CREATE payloads, through the gateway or straight into the
client's own parser (`parse_interaction_create`, what the gateway calls); alerts come from the real
pipeline (process_batch, then deliver) and are checked as the fake received them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord_bot import DiscordPlatform, discord_platform
from adapters.discord_embeds import MAX_TOTAL, embed_payload, embed_size
from bot.commands import Channel, run_command
from bot.config import DiscordConfig, Settings
from bot.message import Message
from bot.models import SourceRef
from bot.outbox import deliver
from bot.pipeline import Arrival, process_batch
from bot.store import Store
from tests.conflicts import NINETEEN, TC, TWELVE, TWELVE_AGAIN, article, two_conflicts
from tests.fakes_discord import (
    APP_ID,
    CHANNEL_ID,
    FORBIDDEN_CHANNEL_ID,
    GUILD_ID,
    MANAGE_CHANNELS,
    TOKEN,
    VIEW_AND_SEND,
    FakeDiscord,
    interaction,
)

CONFLICT = TC
CONFIG = two_conflicts(destinations=[])
HERE = str(CHANNEL_ID)
MESSAGES = r"/api/v10/channels/(\d+)/messages"
CALLBACK = r"/api/v10/interactions/\d+/[^/]+/callback"


TWENTY_FIVE = "Thailand said 25 soldiers were killed in clashes with Cambodia."


@pytest.fixture
async def fake():
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    server = await FakeDiscord().start()
    yield server
    await server.close()
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway  # whatever a test did, nothing leaks


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/d.db")
    yield s
    await s.close()


def settings(fake: FakeDiscord, token: str = TOKEN) -> Settings:
    return Settings(discord_token=token, discord_api_url=fake.api_url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def platform(fake, store):
    """Logged in over REST only, as `sitrep run --once` uses it: no gateway connection."""
    made = discord_platform(CONFIG, settings(fake), store)
    assert made is not None
    await made.login()
    yield made
    await made.stop()


async def command(platform: DiscordPlatform, fake: FakeDiscord, payload: dict) -> dict:
    """Give a slash command through the client's own interaction handling; the reply Discord received."""
    before = len(fake.called("POST", CALLBACK))
    platform.client._connection.parse_interaction_create(payload)
    return (await fake.wait_for("POST", CALLBACK, count=before + 1))[-1].body


def posts(fake: FakeDiscord, channel: int = CHANNEL_ID) -> list[dict]:
    return [c.body for c in fake.called("POST", MESSAGES.replace(r"(\d+)", str(channel)))]


def test_discord_is_off_without_a_token(store, caplog):
    caplog.set_level(logging.INFO)
    off = Settings(discord_token=None, _env_file=None)  # type: ignore[call-arg]
    assert discord_platform(CONFIG, off, store) is None
    [record] = [r for r in caplog.records if r.name.startswith("sitrep")]
    assert record.levelno == logging.INFO and record.getMessage() == "discord is off: DISCORD_TOKEN is unset"


async def test_login_over_rest_without_a_gateway(platform, fake):
    assert [(c.method, c.path) for c in fake.calls] == [
        ("GET", "/api/v10/users/@me"),
        ("GET", "/api/v10/oauth2/applications/@me"),
    ]
    assert fake.calls[0].headers["Authorization"] == f"Bot {TOKEN}"
    assert fake.sockets == [] and platform.client.ws is None
    assert await platform.destination.send(Message(kind="notice", conflict="tc", title="hello"), HERE)


async def test_a_refused_token_stops_login_without_showing_it(fake, store):
    made = discord_platform(CONFIG, settings(fake, token="wrong-token"), store)
    assert made is not None
    with pytest.raises(RuntimeError, match="DISCORD_TOKEN") as error:
        await made.login()
    assert "wrong-token" not in str(error.value) and "wrong-token" not in repr(made.__dict__)
    await made.stop()


@pytest.mark.parametrize("guild_id", [None, GUILD_ID])
async def test_start_syncs_the_commands_and_connects_to_the_gateway_the_api_names(fake, store, guild_id):
    config = CONFIG.model_copy(update={"discord": DiscordConfig(guild_id=guild_id)})
    made = DiscordPlatform(config, settings(fake), store)
    try:
        await made.start()
        where = f"/guilds/{guild_id}" if guild_id else ""
        [sync] = fake.called("PUT", rf"/api/v10/applications/{APP_ID}{where}/commands")
        commands = {c["name"]: c for c in sync.body}
        assert sorted(commands) == ["conflicts", "history", "status", "subscribe", "unsubscribe"]
        assert int(commands["subscribe"]["default_member_permissions"]) == MANAGE_CHANNELS
        assert int(commands["unsubscribe"]["default_member_permissions"]) == MANAGE_CHANNELS
        assert commands["status"]["default_member_permissions"] is None
        assert all(c["contexts"] == [0] for c in commands.values())  # guild only
        assert [o["autocomplete"] for o in commands["status"]["options"]] == [True]

        assert fake.called("GET", "/api/v10/gateway")  # the gateway this API names, not Discord's
        for _ in range(300):
            if fake.identify:
                break
            await asyncio.sleep(0.01)
        assert fake.identify is not None and fake.identify["token"] == TOKEN

        await fake.dispatch("INTERACTION_CREATE", interaction("conflicts"))  # a command through the gateway
        [reply] = await fake.wait_for("POST", CALLBACK)
        assert reply.body["data"]["embeds"][0]["title"] == "Conflicts sitrep follows"
    finally:
        await made.stop()
    assert made.client.is_closed()
    assert (Route.BASE, str(DiscordWebSocket.DEFAULT_GATEWAY)) == (
        "https://discord.com/api/v10",
        "wss://gateway.discord.gg/",
    )


async def test_each_command_end_to_end(platform, fake, store):
    await process_batch(store, CONFIG, [Arrival(article(0, TWELVE, "wire"))])

    reply = await command(platform, fake, interaction("subscribe", {"conflict": "tc"}))
    assert reply["type"] == 4 and not (reply["data"].get("flags") or 0) & 64  # seen by the channel
    assert reply["data"]["embeds"][0]["title"] == "Subscribed to Thailand–Cambodia border conflict"
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    [sub] = await store.subscriptions()
    assert (sub.platform, sub.channel, sub.conflict) == ("discord", HERE, "tc")

    assert await deliver(store, {"discord": platform.destination}) == 1
    [status] = posts(fake)
    assert status["embeds"][0]["title"] == "Status: Thailand–Cambodia border conflict"

    await process_batch(store, CONFIG, [Arrival(article(1, NINETEEN, "wire"))])
    assert await deliver(store, {"discord": platform.destination}) == 1
    alert = posts(fake)[-1]
    assert "19" in alert["embeds"][0]["title"] and alert["allowed_mentions"] == {"parse": []}
    assert "[Border clashes 1](https://wire.example/1)" in alert["embeds"][0]["fields"][0]["value"]
    assert alert["embeds"][0]["timestamp"].startswith("2025-12-21")

    status = await command(platform, fake, interaction("status", {"conflict": "tc"}))
    assert status["data"]["embeds"][0]["title"] == "Status: Thailand–Cambodia border conflict"
    listing = await command(platform, fake, interaction("conflicts"))
    assert (
        "tc: Thailand–Cambodia border conflict (subscribed: casualty, meeting, ceasefire)"
        in (listing["data"]["embeds"][0]["description"])
    )
    history = await command(platform, fake, interaction("history", {"conflict": "tc", "count": 3}))
    assert len(history["data"]["embeds"][0]["description"].splitlines()) == 2

    bye = await command(platform, fake, interaction("unsubscribe", {"conflict": "tc"}))
    assert bye["data"]["embeds"][0]["title"] == "Unsubscribed from Thailand–Cambodia border conflict"
    await process_batch(store, CONFIG, [Arrival(article(2, TWENTY_FIVE, "herald"))])
    assert await deliver(store, {"discord": platform.destination}) == 0
    assert len(posts(fake)) == 2


async def test_subscribe_options_and_autocomplete(platform, fake, store):
    options = {"conflict": "tc", "kinds": "casualties, meetings", "min_sources": 2}
    await command(platform, fake, interaction("subscribe", options))
    [sub] = await store.subscriptions()
    assert (sub.kinds, sub.min_sources) == (["casualty", "meeting"], 2)

    found = await command(platform, fake, interaction("status", {"conflict": "thai"}, focused="conflict"))
    assert found == {
        "type": 8,
        "data": {"choices": [{"name": "tc · Thailand–Cambodia border conflict", "value": "tc"}]},
    }
    kinds = await command(
        platform, fake, interaction("subscribe", {"conflict": "tc", "kinds": "casualty,me"}, focused="kinds")
    )
    assert kinds["data"]["choices"] == [{"name": "casualty,meeting", "value": "casualty,meeting"}]


@pytest.mark.parametrize("name", ["subscribe", "unsubscribe"])
async def test_a_member_without_manage_channels_is_refused_ephemerally(platform, fake, store, name):
    await run_command(store, CONFIG, Channel("discord", HERE), "subscribe", "other")
    reply = await command(platform, fake, interaction(name, {"conflict": "tc"}, permissions=VIEW_AND_SEND))
    assert reply["data"]["flags"] & 64  # ephemeral
    assert reply["data"]["content"] == f"/{name} needs the Manage Channels permission in this channel."
    assert [s.conflict for s in await store.subscriptions()] == ["other"]


@pytest.mark.parametrize(
    ("payload", "answer"),
    [
        (
            interaction("status", {"conflict": "@everyone"}),
            "unknown conflict '@everyone': sitrep follows tc, other",
        ),
        (interaction("subscribe", {"conflict": "tc", "kinds": "gossip"}), "unknown kind 'gossip'"),
        (interaction("conflicts", guild_id=None), "sitrep's commands work in a server's channels."),
    ],
    ids=["unknown-conflict", "unknown-kind", "direct-message"],
)
async def test_mistakes_and_direct_messages_are_answered_ephemerally(platform, fake, store, payload, answer):
    reply = await command(platform, fake, payload)
    assert reply["data"]["flags"] & 64 and reply["data"]["content"].startswith(answer)
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    assert await store.subscriptions() == []


async def test_a_headline_with_everyone_is_an_embed_that_mentions_nobody(platform, fake, store):
    await run_command(store, CONFIG, Channel("discord", HERE), "subscribe", "tc")
    headline = "@everyone <@&123> **BREAKING** [click](https://evil.example) 12 Thai soldiers killed"
    await process_batch(store, CONFIG, [Arrival(article(0, TWELVE, "wire", title=headline))])
    await deliver(store, {"discord": platform.destination})
    alert = posts(fake)[-1]
    assert alert["allowed_mentions"] == {"parse": []} and not alert.get("content")
    source = alert["embeds"][0]["fields"][0]["value"]
    assert r"@everyone \<@&123> \*\*BREAKING\*\* \[click\](https://evil.example)" in source

    sent = await platform.destination.send(Message(kind="casualty", conflict="tc", title=headline), HERE)
    assert fake.messages[int(sent)]["embeds"][0]["title"].startswith(r"@everyone \<@&123> \*\*BREAKING")
    assert fake.messages[int(sent)]["allowed_mentions"] == {"parse": []}


@pytest.mark.parametrize("is_global", [False, True], ids=["route", "global"])
async def test_a_429_is_honoured_then_the_post_goes_through(platform, fake, is_global):
    path = f"/api/v10/channels/{CHANNEL_ID}/messages"
    limited = {"message": "You are being rate limited.", "retry_after": 0.3, "global": is_global}
    fake.fail_next("POST", path, 429, limited, headers={"Via": "1.1 google", "X-RateLimit-Scope": "user"})
    sent = await platform.destination.send(Message(kind="notice", conflict="tc", title="after a wait"), HERE)
    first, second = fake.called("POST", path)
    assert second.at - first.at >= 0.29 and int(sent) in fake.messages


async def test_a_429_asking_for_an_hour_fails_the_delivery_for_a_later_round(platform, fake, store):
    await run_command(store, CONFIG, Channel("discord", HERE), "subscribe", "tc")
    limited = {"message": "You are being rate limited.", "retry_after": 3600, "global": True}
    fake.fail_next(
        "POST", f"/api/v10/channels/{CHANNEL_ID}/messages", 429, limited, headers={"Via": "1.1 google"}
    )
    assert await deliver(store, {"discord": platform.destination}) == 0
    [waiting] = await store.pending_deliveries()
    assert waiting.attempts == 1  # tried again on a later round, not slept on for an hour
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    assert await deliver(store, {"discord": platform.destination}, now=later) == 1


async def test_an_alert_that_gains_an_outlet_is_edited_in_place(platform, fake, store):
    await run_command(store, CONFIG, Channel("discord", HERE), "subscribe", "tc")
    await deliver(store, {"discord": platform.destination})  # the status view
    await process_batch(store, CONFIG, [Arrival(article(0, TWELVE, "wire"))])
    await deliver(store, {"discord": platform.destination})
    alert_id = list(fake.messages)[-1]  # the alert, posted last

    await process_batch(store, CONFIG, [Arrival(article(1, TWELVE_AGAIN, "herald"))])
    assert await deliver(store, {"discord": platform.destination}) == 1
    [edit] = fake.called("PATCH", rf"/api/v10/channels/{CHANNEL_ID}/messages/{alert_id}")
    embed = edit.body["embeds"][0]
    assert embed["footer"]["text"] == "tc · casualty · Confirmed by 2 outlets"
    assert edit.body["allowed_mentions"] == {"parse": []} and len(posts(fake)) == 2


@pytest.mark.parametrize(
    ("channel", "reason"),
    [
        (FORBIDDEN_CHANNEL_ID, f"discord: no access to channel {FORBIDDEN_CHANNEL_ID} (Missing Access)"),
        (999, "discord: channel 999 not found (Unknown Channel)"),
    ],
    ids=["missing-access", "unknown-channel"],
)
async def test_a_channel_discord_refuses_is_paused_with_the_reason(platform, fake, store, channel, reason):
    where = Channel("discord", str(channel))
    await run_command(store, CONFIG, where, "subscribe", "tc")
    assert await deliver(store, {"discord": platform.destination}) == 0
    assert await store.pending_deliveries() == []  # given up at once
    status = await run_command(store, CONFIG, where, "status", "tc")
    assert status.lines[0] == f"Alerts to this channel are paused: {reason}. Subscribe again to resume."


async def test_a_server_error_is_tried_again_later_and_never_forever(platform, fake, store):
    await run_command(store, CONFIG, Channel("discord", HERE), "subscribe", "tc")
    path = f"/api/v10/channels/{CHANNEL_ID}/messages"
    fake.fail_next("POST", path, 503, {"message": "upstream unavailable", "code": 0}, times=5)
    for attempt in range(1, 6):
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2 * attempt)  # past every backoff
        assert await deliver(store, {"discord": platform.destination}, max_attempts=5, now=later) == 0
        pending = await store.pending_deliveries()
        assert [d.attempts for d in pending] == ([attempt] if attempt < 5 else [])
    assert [s.paused_reason for s in await store.subscriptions()] == [None]


def long_message() -> Message:
    sources = [
        SourceRef(
            path=None,
            url=f"https://news.example/{'x' * 300}/{i}?q=(a b)",
            title=f"<@&1> {'*' * 200} {i}",
            published=dt.date(2025, 12, 20),
            outlet="o" * 200,
        )
        for i in range(12)
    ]
    return Message(
        kind="status",
        conflict="tc",
        title="_" * 1000,
        lines=["# " + "*|" * 300] * 40,
        sources=sources,
        outlets=3,
    )


async def test_over_long_text_is_cut_to_discord_limits_and_accepted(platform, fake, store):
    embed = embed_payload(long_message())
    assert embed_size(embed) <= MAX_TOTAL and len(embed["title"]) <= 256
    assert embed["description"].endswith("\n…") and len(embed["description"]) <= 4096
    assert len(embed["fields"][0]["value"]) <= 1024 and embed["fields"][0]["value"].endswith("more")
    sent = await platform.destination.send(long_message(), HERE)
    assert int(sent) in fake.messages

    # the fake refuses what Discord refuses, so the cutting above is what made it through
    with pytest.raises(discord.HTTPException) as refused:
        await platform.client.get_partial_messageable(CHANNEL_ID).send(content="x" * 2001)
    assert refused.value.status == 400 and refused.value.code == 50035

    reply = await command(platform, fake, interaction("status", {"conflict": "x" * 6000}))
    assert len(reply["data"]["content"]) <= 2000 and reply["data"]["flags"] & 64


async def test_an_edit_of_a_deleted_alert_is_dropped_quietly(platform, fake):
    await platform.destination.edit("123456", Message(kind="notice", conflict="tc", title="gone"), HERE)
    assert fake.called("PATCH", rf"/api/v10/channels/{CHANNEL_ID}/messages/123456")


async def test_a_repeated_post_after_a_crash_is_not_posted_twice(fake, platform):
    """discord.py sends the delivery's key as an enforced nonce; Discord answers a repeated nonce in the
    same channel with the message it made the first time."""
    note = Message(
        kind="notice", conflict="tc", title="Death toll rises to 19", lines=["Thailand: 19 killed"]
    )
    first = await platform.destination.send(note, HERE, key="sitrep-42")
    again = await platform.destination.send(note, HERE, key="sitrep-42", maybe_sent=True)
    other = await platform.destination.send(note, HERE, key="sitrep-43", maybe_sent=True)
    assert again == first and other != first
    assert len(fake.posts(CHANNEL_ID)) == 2
    bodies = [c.body for c in fake.called("POST", MESSAGES)]
    assert [(b["nonce"], b["enforce_nonce"]) for b in bodies] == [
        ("sitrep-42", True),
        ("sitrep-42", True),
        ("sitrep-43", True),
    ]
