"""The Slack adapter: the real slack-bolt app and slack_sdk clients against a fake Slack on the loopback
(tests/fakes_slack.py), with the real store and pipeline."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import sys
import time

import aiohttp
import pytest
import yaml

from adapters.slack import SlackError, SlackPlatform, slack_platform
from adapters.slack_blocks import CUT, MAX_SECTION, MAX_SECTIONS, blocks, fallback
from bot.commands import COMMANDS, Channel, run_command
from bot.config import Settings, SlackConfig
from bot.message import Message
from bot.models import SourceRef
from bot.outbox import deliver
from bot.pipeline import Arrival, DeliveryError, process_batch
from bot.store import Store
from tests.conflicts import NINETEEN, TC, TWELVE, TWELVE_AGAIN, article, conflict_toml, two_conflicts
from tests.conftest import ROOT
from tests.fakes_slack import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, form, signed_headers

# The names manifest.yml gives the commands (Slack reserves /status).
NAMES = {command: f"/sitrep-{command}" for command in COMMANDS}
CONFLICT = TC
CONFIG = two_conflicts(slack=SlackConfig(commands=NAMES, allowed_users=["UEDITOR"]))


def settings(fake: FakeSlack, **values: object) -> Settings:
    tokens: dict[str, object] = {"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN}
    return Settings(_env_file=None, slack_api_url=fake.api_url, **{**tokens, **values})  # type: ignore[arg-type]


def header(payload: dict) -> str:
    return payload["blocks"][0]["text"]["text"]


def mrkdwn_texts(payload: dict) -> list[str]:
    """The top-level text and every mrkdwn text of a message: what Slack parses for mentions and links."""
    texts = [payload["text"]]
    for block in payload.get("blocks") or []:
        for part in [block.get("text"), *block.get("elements", [])]:
            if part and part["type"] == "mrkdwn":
                texts.append(part["text"])
    return texts


@pytest.fixture(autouse=True)
def no_slack_environment(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fake():
    server = FakeSlack()
    server.users = {"UADMIN": {"is_admin": True}, "UOWNER": {"is_owner": True}, "UREADER": {}, "UEDITOR": {}}
    await server.start()
    yield server
    await server.stop()
    assert server.problems == []


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/slack.db")
    yield s
    await s.close()


@pytest.fixture
async def slack(fake, store):
    """Slack in Socket Mode, connected to the fake."""
    platform = slack_platform(CONFIG, settings(fake), store, channel_interval=0.05)
    assert platform is not None
    await platform.start()
    await fake.connected()
    yield platform
    await platform.stop()


async def test_each_command_end_to_end_in_socket_mode(fake, slack, store, caplog):
    caplog.set_level(logging.DEBUG)
    assert fake.calls_to("apps.connections.open")  # SLACK_API_URL gave the Socket Mode URL too
    ack = await fake.slash("/sitrep-subscribe", "tc casualties", channel="C1")
    assert ack.seconds < 3 and ack.payload is not None
    assert ack.payload["response_type"] == "in_channel"
    assert header(ack.payload) == "Subscribed to Thailand–Cambodia border conflict"

    assert await deliver(store, {"slack": slack.destination}) == 1  # the status view, not a backlog
    [first] = fake.calls_to("chat.postMessage")
    assert first.args["channel"] == "C1" and header(first.args).startswith("Status: ")

    await process_batch(store, CONFIG, [Arrival(article(0, TWELVE, "wire"))])
    assert await deliver(store, {"slack": slack.destination}) == 1
    alert = fake.calls_to("chat.postMessage")[-1].args
    assert alert["channel"] == "C1" and "12" in header(alert)
    assert any("wire.example/0" in text for text in mrkdwn_texts(alert))  # the linked source

    status = (await fake.slash("/sitrep-status", "tc", channel="C1")).payload
    assert status["response_type"] == "ephemeral" and header(status).startswith("Status: ")
    history = (await fake.slash("/sitrep-history", "tc 3", channel="C1")).payload
    assert history["response_type"] == "ephemeral" and "12" in history["blocks"][1]["text"]["text"]
    listing = (await fake.slash("/sitrep-conflicts", "", channel="C1")).payload
    assert "tc: Thailand–Cambodia border conflict (subscribed: casualty)" in listing["text"]

    gone = (await fake.slash("/sitrep-unsubscribe", "tc", channel="C1")).payload
    assert gone["response_type"] == "in_channel" and header(gone).startswith("Unsubscribed from")
    await process_batch(store, CONFIG, [Arrival(article(1, NINETEEN, "wire"))])
    assert await deliver(store, {"slack": slack.destination}) == 0
    assert len(fake.calls_to("chat.postMessage")) == 2
    assert BOT_TOKEN not in caplog.text and APP_TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("command", "text", "problem"),
    [
        ("/sitrep-subscribe", "mars", "unknown conflict 'mars': sitrep follows tc, other"),
        ("/sitrep-subscribe", "", None),
        ("/sitrep-subscribe", "tc <!channel>", "unknown option '&lt;!channel&gt;'"),
        ("/sitrep-status", "", None),
        ("/sitrep-history", "tc other", None),
        ("/sitrep-unsubscribe", "<@U1>", "unknown conflict '&lt;@U1&gt;'"),
    ],
)
async def test_wrong_input_gets_an_ephemeral_usage_line_and_the_conflicts(
    fake, slack, store, command, text, problem
):
    reply = (await fake.slash(command, text)).payload
    assert reply is not None and reply["response_type"] == "ephemeral" and "blocks" not in reply
    lines = reply["text"].split("\n")
    if problem:
        assert lines[0].startswith(problem)
    assert lines[-2].startswith(f"usage: {command}") and lines[-1] == "conflicts: tc, other"
    assert "&lt;conflict&gt;" in reply["text"] or command == "/sitrep-status"
    assert "<" not in reply["text"]
    assert await store.subscriptions() == []


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("UADMIN", True), ("UOWNER", True), ("UEDITOR", True), ("UREADER", False), ("USTRANGER", False)],
)
async def test_only_admins_owners_and_allowed_users_may_subscribe(fake, slack, store, user, allowed):
    reply = (await fake.slash("/sitrep-subscribe", "tc", user=user)).payload
    assert [s.conflict for s in await store.subscriptions()] == (["tc"] if allowed else [])
    if not allowed:
        assert reply["response_type"] == "ephemeral" and reply["text"].startswith("Only workspace admins")
        await run_command(store, CONFIG, Channel("slack", "C0ALERTS"), "subscribe", "tc")
        refused = (await fake.slash("/sitrep-unsubscribe", "tc", user=user)).payload
        assert refused["text"].startswith("Only workspace admins") and await store.subscriptions()
        assert (await fake.slash("/sitrep-status", "tc", user=user)).payload["response_type"] == "ephemeral"


async def test_allowed_users_star_lets_everyone_subscribe(fake, store):
    config = CONFIG.model_copy(update={"slack": SlackConfig(commands=NAMES, allowed_users=["*"])})
    platform = SlackPlatform(config, settings(fake), store)
    await platform.start()
    try:
        await fake.connected()
        reply = (await fake.slash("/sitrep-subscribe", "tc", user="UREADER")).payload
        assert header(reply).startswith("Subscribed to") and not fake.calls_to("users.info")
    finally:
        await platform.stop()


async def test_a_slow_answer_is_acknowledged_at_once_and_sent_through_response_url(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake), store, ack_seconds=0.2)
    await platform.start()
    try:
        await fake.connected()
        fake.delays["users.info"] = 0.6
        ack = await fake.slash("/sitrep-subscribe", "tc", user="UADMIN", channel="C7")
        assert ack.payload is None and ack.seconds < 0.6
        later = await fake.response(ack.envelope_id)
        assert later["response_type"] == "in_channel" and header(later).startswith("Subscribed to")
        assert [s.channel for s in await store.subscriptions()] == ["C7"]
    finally:
        await platform.stop()


async def test_http_mode_accepts_signed_requests_and_rejects_stale_or_tampered_ones(fake, store):
    config = CONFIG.model_copy(
        update={"slack": SlackConfig(mode="http", commands=NAMES, allowed_users=["UEDITOR"])}
    )
    fresh = settings(fake, slack_app_token=None, slack_signing_secret=SIGNING_SECRET)
    platform = slack_platform(config, fresh, store, host="127.0.0.1", port=0)
    assert platform is not None
    await platform.start()
    url = f"http://127.0.0.1:{platform.port}/slack/events"
    body = form(fake.command_payload("/sitrep-subscribe", "tc", user="UEDITOR", channel="C9"))
    tampered = body.replace("C9", "C666")
    cases = [
        ("signed", body, signed_headers(body), 200),
        ("stale", body, signed_headers(body, timestamp=int(time.time()) - 6 * 60), 401),
        ("tampered", tampered, signed_headers(body), 401),
        ("wrong secret", body, signed_headers(body, secret="guessed"), 401),
        ("unsigned", body, {"Content-Type": "application/x-www-form-urlencoded"}, 401),
    ]
    try:
        async with aiohttp.ClientSession() as http:
            for name, data, headers, status in cases:
                async with http.post(url, data=data, headers=headers) as response:
                    assert response.status == status, name
                    if status == 200:
                        assert header(await response.json()).startswith("Subscribed to"), name
    finally:
        await platform.stop()
    assert [s.channel for s in await store.subscriptions()] == ["C9"]


async def test_a_429_is_waited_out_and_a_long_one_left_to_the_outbox(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake), store)
    message = Message(kind="notice", conflict="tc", title="Test")
    fake.rate_limit("chat.postMessage", retry_after=1)
    assert await platform.destination.send(message, "C1")
    first, second = fake.calls_to("chat.postMessage")
    assert second.at - first.at >= 1.0

    fake.rate_limit("chat.postMessage", retry_after=600)
    with pytest.raises(DeliveryError) as raised:
        await platform.destination.send(message, "C1")
    assert not raised.value.permanent and "ratelimited" in str(raised.value)
    assert len(fake.calls_to("chat.postMessage")) == 3


async def test_one_message_per_second_in_a_channel_others_not_held_up(fake, store):
    destination = SlackPlatform(CONFIG, settings(fake), store).destination
    message = Message(kind="notice", conflict="tc", title="Test")
    for channel in ("C1", "C2", "C1"):
        await destination.send(message, channel)
    c1, c2, c1_again = (c.at for c in fake.calls_to("chat.postMessage"))
    assert c2 - c1 < 0.5 and c1_again - c1 >= 0.95


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived", "invalid_auth"])
async def test_a_channel_slack_refuses_is_paused_not_retried(fake, store, error):
    platform = SlackPlatform(CONFIG, settings(fake), store)
    await run_command(store, CONFIG, Channel("slack", "C1"), "subscribe", "tc")
    fake.fail("chat.postMessage", error)
    assert await deliver(store, {"slack": platform.destination}) == 0
    assert await deliver(store, {"slack": platform.destination}) == 0
    assert len(fake.calls_to("chat.postMessage")) == 1
    [sub] = await store.subscriptions()
    assert sub.paused_reason is not None and sub.paused_reason.startswith(f"slack: {error}")
    status = await run_command(store, CONFIG, Channel("slack", "C1"), "status", "tc")
    assert status.lines[0].startswith(f"Alerts to this channel are paused: slack: {error}")


async def test_a_passing_failure_is_tried_again_later(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake), store)
    await run_command(store, CONFIG, Channel("slack", "C1"), "subscribe", "tc")
    fake.fail("chat.postMessage", "internal_error")
    assert await deliver(store, {"slack": platform.destination}) == 0
    assert await deliver(store, {"slack": platform.destination}) == 0  # backing off: not yet
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    assert await deliver(store, {"slack": platform.destination}, now=later) == 1
    [sub] = await store.subscriptions()
    assert sub.paused_reason is None


async def test_a_headline_that_would_ping_the_channel_arrives_escaped(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake), store)
    source = SourceRef(
        path=None,
        url="https://news.example/a?x=1&y=<2>|z",
        title="<!everyone> story & more",
        published=dt.date(2025, 12, 20),
        outlet="<@U2> Wire",
    )
    message = Message(
        kind="casualty",
        conflict="tc",
        title="<!channel> 12 killed <@U1>",
        lines=["<!here> see <https://evil.example|this>"],
        sources=[source],
        outlets=2,
    )
    await platform.destination.send(message, "C1")
    [call] = fake.calls_to("chat.postMessage")
    texts = mrkdwn_texts(call.args)
    assert header(call.args) == "<!channel> 12 killed <@U1>"  # plain_text: shown, never parsed
    assert "&lt;!channel&gt; 12 killed &lt;@U1&gt;" in call.args["text"]
    assert "&lt;!here&gt; see &lt;https://evil.example|this&gt;" in texts[1]
    assert "<https://news.example/a?x=1&amp;y=%3C2%3E%7Cz|&lt;!everyone&gt; story &amp; more>" in texts[2]
    for text in texts:
        assert "<!" not in text and "<@" not in text and "<https://evil" not in text


async def test_an_article_titled_with_a_ping_arrives_escaped_through_the_pipeline(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake), store)
    await store.add_subscription("slack", "C1", "tc", ["casualty"])
    await process_batch(
        store, CONFIG, [Arrival(article(0, TWELVE, "wire", title="<!channel> Border clashes"))]
    )
    assert await deliver(store, {"slack": platform.destination}) == 1
    [call] = fake.calls_to("chat.postMessage")
    assert any("&lt;!channel&gt; Border clashes" in text for text in mrkdwn_texts(call.args))
    assert not any("<!channel>" in text for text in mrkdwn_texts(call.args))


async def test_an_alert_is_edited_in_place_when_a_second_outlet_confirms_it(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake), store)
    await store.add_subscription("slack", "C1", "tc", ["casualty"])
    await process_batch(store, CONFIG, [Arrival(article(0, TWELVE, "wire"))])
    await deliver(store, {"slack": platform.destination})
    [post] = fake.calls_to("chat.postMessage")
    ts = fake.messages and next(iter(fake.messages))[1]

    await process_batch(store, CONFIG, [Arrival(article(1, TWELVE_AGAIN, "herald"))])
    assert await deliver(store, {"slack": platform.destination}) == 1
    assert len(fake.calls_to("chat.postMessage")) == 1
    [update] = fake.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("C1", ts)
    assert "Confirmed by 2 outlets" in update.args["blocks"][-1]["elements"][0]["text"]
    assert header(update.args) == header(post.args)
    assert fake.messages[("C1", ts)]["text"].endswith("Confirmed by 2 outlets")


@pytest.mark.parametrize(
    ("mode", "values", "missing"),
    [
        ("socket", {}, "SLACK_BOT_TOKEN and SLACK_APP_TOKEN not set (socket mode)"),
        ("socket", {"slack_bot_token": BOT_TOKEN}, "SLACK_APP_TOKEN not set (socket mode)"),
        (
            "http",
            {"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN},
            "SLACK_SIGNING_SECRET not set",
        ),
    ],
)
async def test_without_credentials_slack_is_off_with_one_log_line(store, caplog, mode, values, missing):
    caplog.set_level(logging.INFO)
    config = CONFIG.model_copy(update={"slack": SlackConfig(mode=mode)})
    assert slack_platform(config, Settings(_env_file=None, **values), store) is None  # type: ignore[arg-type]
    [record] = [r for r in caplog.records if r.name.startswith("sitrep.slack")]
    assert record.levelno == logging.INFO and record.getMessage().startswith(f"slack is off: {missing}")


async def test_a_refused_token_stops_the_start_without_showing_it(fake, store):
    platform = SlackPlatform(CONFIG, settings(fake, slack_bot_token="xoxb-wrong"), store)
    with pytest.raises(SlackError, match="SLACK_BOT_TOKEN refused: invalid_auth") as raised:
        await platform.start()
    assert "xoxb-wrong" not in str(raised.value)
    platform = SlackPlatform(CONFIG, settings(fake, slack_app_token="xapp-wrong"), store)
    with pytest.raises(SlackError, match="SLACK_APP_TOKEN refused: invalid_auth"):
        await platform.start()


@pytest.mark.parametrize(
    ("title", "lines", "was_cut"),
    [
        ("x" * 400, ["short"], False),
        ("Status", ["<&>" * 130] * 40, True),  # every character escaped: 390 -> 1,560 characters a line
        ("Status", ["a" * 399] * 40, True),  # 16,000 characters: more than five sections hold
        ("Status", ["a" * 399] * 30, False),  # 12,000 characters in five sections
    ],
    ids=["long-title", "many-escaped-lines", "too-many-lines", "lines-that-fill-sections"],
)
def test_long_content_is_cut_within_slack_limits_with_a_marker(title, lines, was_cut):
    message = Message(kind="status", conflict="tc", title=title, lines=lines)
    rendered = blocks(message)
    assert len(rendered) <= 50 and len(rendered[0]["text"]["text"]) <= 150
    sections = [b["text"]["text"] for b in rendered if b["type"] == "section"]
    assert len(sections) <= MAX_SECTIONS and all(len(s) <= MAX_SECTION for s in sections)
    if was_cut:
        assert sections[-1].endswith(CUT) and not re.search(r"&[a-z]*$", sections[-1][: -len(CUT)])
    else:
        assert "\n".join(sections) == "\n".join(lines)
    assert len(fallback(message)) <= 3000 and fallback(message).endswith(CUT) == (len(message.plain()) > 3000)


def test_the_manifest_creates_the_commands_sitrep_serves_with_the_scopes_it_needs():
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [NAMES[c] for c in COMMANDS]
    assert not any(c["should_escape"] for c in commands)  # the conflict ids arrive as typed
    assert manifest["oauth_config"]["scopes"]["bot"] == [
        "commands",
        "chat:write",
        "users:read",
        "channels:history",
        "groups:history",
    ]
    assert manifest["settings"]["socket_mode_enabled"] is True


# -- nothing twice after a crash ------------------------------------------------------------------------

NOTE = Message(kind="notice", conflict="tc", title="Death toll rises to 19", lines=["Thailand: 19 killed"])


@pytest.fixture
async def destination(fake, store):
    platform = slack_platform(CONFIG, settings(fake), store, channel_interval=0.0)
    assert platform is not None
    await platform.login()
    return platform.destination


async def test_a_post_carries_its_delivery_key_as_message_metadata(fake, destination):
    ts = await destination.send(NOTE, "C1", key="sitrep-41")
    assert fake.messages[("C1", ts)]["metadata"] == {
        "event_type": "sitrep_delivery",
        "event_payload": {"key": "sitrep-41"},
    }
    assert not fake.calls_to("conversations.history")  # a first try does not look


async def test_a_post_that_may_exist_already_is_found_and_not_posted_again(fake, destination):
    first = await destination.send(NOTE, "C1", key="sitrep-42")
    await destination.send(NOTE, "C1", key="sitrep-43")  # a later post, and one in another channel
    await destination.send(NOTE, "C2", key="sitrep-42")
    again = await destination.send(NOTE, "C1", key="sitrep-42", maybe_sent=True)
    assert again == first
    assert len(fake.posts("C1")) == 2 and len(fake.calls_to("chat.postMessage")) == 3
    (history,) = fake.calls_to("conversations.history")
    assert history.args["channel"] == "C1" and history.args["include_all_metadata"] in ("1", "true")
    assert int(history.args["limit"]) <= 200
    assert time.time() - float(history.args["oldest"]) == pytest.approx(86400, abs=60)


async def test_a_post_that_may_exist_but_does_not_is_posted_once(fake, destination):
    await destination.send(NOTE, "C1", key="sitrep-7")
    ts = await destination.send(NOTE, "C1", key="sitrep-8", maybe_sent=True)
    assert len(fake.calls_to("conversations.history")) == 1
    assert [m["metadata"]["event_payload"]["key"] for m in fake.posts("C1")] == ["sitrep-7", "sitrep-8"]
    assert fake.messages[("C1", ts)]["metadata"]["event_payload"]["key"] == "sitrep-8"


async def test_without_the_history_scope_it_posts_anyway_and_says_so_once(fake, destination, caplog):
    fake.fail("conversations.history", "missing_scope", times=2)
    await destination.send(NOTE, "C1", key="sitrep-1", maybe_sent=True)
    await destination.send(NOTE, "C1", key="sitrep-2", maybe_sent=True)
    assert len(fake.posts("C1")) == 2  # at least once rather than lost
    assert len(fake.calls_to("conversations.history")) == 1  # not asked again in that channel
    warned = [r for r in caplog.records if "channels:history" in r.getMessage()]
    assert len(warned) == 1


async def test_a_post_left_without_an_answer_is_looked_for_before_it_is_posted_again(fake, destination):
    fake.delays["chat.postMessage"] = 0.5
    destination._client.timeout = 0.2  # Slack posts it, but the answer never comes in time
    with pytest.raises(DeliveryError):
        await destination.send(NOTE, "C1", key="sitrep-9")
    await asyncio.sleep(0.5)
    fake.delays.clear()
    destination._client.timeout = 30
    ts = await destination.send(NOTE, "C1", key="sitrep-9")  # a retry: the outbox does not know
    assert len(fake.posts("C1")) == 1
    assert fake.messages[("C1", ts)]["metadata"]["event_payload"]["key"] == "sitrep-9"


async def test_sitrep_run_posts_a_new_subscriptions_status_view_at_once(fake, tmp_path):
    """The status view a /subscribe queues is delivered when it is queued, not at the next delivery round
    (an hour away here)."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "sitrep.toml").write_text(
        conflict_toml()
        + '\n[[sources]]\nkind = "folder"\npath = "articles"\n\n[delivery]\ninterval = "1h"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SITREP_"))}
    env.update(
        SITREP_DATABASE_URL=f"sqlite:///{tmp_path}/run.db",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=fake.api_url,
        PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        "sitrep.toml",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await fake.connected(timeout=30)
        await asyncio.sleep(3.5)  # past the folder's first poll (jittered up to 3 s), which delivers too
        ack = await fake.slash("/sitrep-subscribe", TC.id, channel="C0NEW")
        assert header(ack.payload) == f"Subscribed to {TC.name}"
        deadline = time.monotonic() + 5
        while not fake.posts("C0NEW") and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        [view] = fake.posts("C0NEW")
        assert header(view).startswith("Status: ")
    finally:
        process.terminate()
        await process.wait()
