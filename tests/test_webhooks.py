"""Webhook destinations (Discord, Slack, JSON) through the real pipeline, against loopback webhook servers."""

from __future__ import annotations

import logging

import httpx
import pytest

from adapters import slack_blocks
from adapters.discord_embeds import MAX_TOTAL, embed_size, safe_url
from adapters.webhooks import WebhookDestination, webhook_destination
from bot.config import AppConfig, ConfigError, WebhookDestinationConfig
from bot.logs import setup_logging
from bot.message import Message
from bot.models import SourceRef
from bot.outbox import deliver
from bot.pipeline import Arrival, DeliveryError, process_batch
from bot.store import Store
from tests.conflicts import TC, TWELVE, TWELVE_AGAIN, article
from tests.fakes_discord import JSON_PATH, SLACK_PATH, WEBHOOK_PATH, FakeDiscord
from tests.test_discord import long_message

CONFLICT = TC
PATHS = {"discord": WEBHOOK_PATH, "slack": SLACK_PATH, "json": JSON_PATH}
HEADLINE = "<!everyone> & <@U123> @everyone: 12 Thai soldiers killed"


def entry(fmt: str) -> WebhookDestinationConfig:
    return WebhookDestinationConfig(kind="webhook", name="ops-hook", format=fmt, url_env="OPS_HOOK_URL")  # type: ignore[arg-type]


def config(fmt: str) -> AppConfig:
    return AppConfig(conflicts=[CONFLICT], destinations=[entry(fmt)])


@pytest.fixture
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.close()


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/w.db")
    yield s
    await s.close()


@pytest.fixture
async def hook(fake, request):
    made = webhook_destination(entry(request.param), {"OPS_HOOK_URL": fake.base + PATHS[request.param]})
    yield made
    await made.close()


@pytest.mark.parametrize("hook", ["discord"], indirect=True)
async def test_a_discord_webhook_posts_the_alert_as_an_embed_and_edits_it(fake, store, hook):
    await process_batch(store, config("discord"), [Arrival(article(0, TWELVE, "wire", HEADLINE))])
    assert await deliver(store, {"ops-hook": hook}) == 1
    [post] = fake.called("POST", WEBHOOK_PATH)
    assert post.query == {"wait": "true"} and "Authorization" not in post.headers
    assert post.body["allowed_mentions"] == {"parse": []}
    [embed] = post.body["embeds"]
    assert "12" in embed["title"] and embed["footer"]["text"] == "tc · casualty"
    assert r"\<!everyone> & \<@U123> @everyone: 12 Thai soldiers killed" in embed["fields"][0]["value"]

    await process_batch(store, config("discord"), [Arrival(article(1, TWELVE_AGAIN, "herald"))])
    assert await deliver(store, {"ops-hook": hook}) == 1
    [message_id] = fake.messages
    [edit] = fake.called("PATCH", rf"{WEBHOOK_PATH}/messages/{message_id}")
    assert edit.body["embeds"][0]["footer"]["text"] == "tc · casualty · Confirmed by 2 outlets"
    assert edit.body["allowed_mentions"] == {"parse": []}


@pytest.mark.parametrize("hook", ["slack"], indirect=True)
async def test_a_slack_webhook_gets_block_kit_with_escaped_text_and_is_never_edited(fake, store, hook):
    await process_batch(store, config("slack"), [Arrival(article(0, TWELVE, "wire", HEADLINE))])
    assert await deliver(store, {"ops-hook": hook}) == 1
    [body] = fake.slack_posts
    header, *sections, sources, about = body["blocks"]
    assert header["type"] == "header" and "12" in header["text"]["text"]
    assert all(s["type"] == "section" and s["text"]["verbatim"] for s in sections)
    source = sources["elements"][0]
    assert source["verbatim"] and source["text"] == (
        "<https://wire.example/0|&lt;!everyone&gt; &amp; &lt;@U123&gt; @everyone: 12 Thai soldiers killed>"
        " · wire · 2025-12-20"
    )
    assert about["elements"][-1]["text"] == "tc · casualty"
    assert "&lt;!everyone&gt;" in body["text"] and "<!" not in body["text"]

    await process_batch(store, config("slack"), [Arrival(article(1, TWELVE_AGAIN, "herald"))])
    assert await deliver(store, {"ops-hook": hook}) == 0  # no message id: nothing to edit
    assert len(fake.slack_posts) == 1 and await store.pending_deliveries() == []


@pytest.mark.parametrize("hook", ["json"], indirect=True)
async def test_a_json_webhook_gets_the_message_and_its_text(fake, store, hook):
    await process_batch(store, config("json"), [Arrival(article(0, TWELVE, "wire", HEADLINE))])
    assert await deliver(store, {"ops-hook": hook}) == 1
    [body] = fake.json_posts
    assert (body["kind"], body["conflict"], body["outlets"]) == ("casualty", "tc", 1)
    assert body["sources"][0] == {
        "path": None,
        "url": "https://wire.example/0",
        "title": HEADLINE,
        "published": "2025-12-20T09:00:00Z",
        "outlet": "wire",
    }
    assert body["text"].startswith(body["title"]) and "Source: <!everyone>" in body["text"]
    with pytest.raises(DeliveryError, match="cannot edit"):
        await hook.edit("1", Message(kind="notice", conflict="tc", title="x"))


@pytest.mark.parametrize("fmt", ["discord", "slack", "json"])
def test_an_unset_url_variable_is_a_clear_error_naming_it(fmt):
    with pytest.raises(ConfigError, match="environment variable OPS_HOOK_URL is not set"):
        webhook_destination(entry(fmt), {})
    with pytest.raises(ConfigError, match="OPS_HOOK_URL does not hold an http"):
        webhook_destination(entry(fmt), {"OPS_HOOK_URL": "ftp://secret.example/hook"})


@pytest.mark.parametrize(
    ("fmt", "reply", "headers"),
    [
        ("discord", {"message": "You are being rate limited.", "retry_after": 0.2, "global": False}, {}),
        ("slack", {"ok": False}, {"Retry-After": "0.2"}),
    ],
)
async def test_a_429_is_waited_out_then_the_post_goes_through(fake, fmt, reply, headers):
    hook = webhook_destination(entry(fmt), {"OPS_HOOK_URL": fake.base + PATHS[fmt]})
    fake.fail_next("POST", PATHS[fmt], 429, reply, headers)
    await hook.send(Message(kind="notice", conflict="tc", title="after a wait"))
    first, second = fake.called("POST", PATHS[fmt])
    assert second.at - first.at >= 0.19
    await hook.close()


@pytest.mark.parametrize(
    ("status", "reply", "permanent"),
    [
        (404, {"message": "Unknown Webhook", "code": 10015}, True),
        (401, {"message": "Invalid Webhook Token", "code": 50027}, True),
        (429, {"message": "You are being rate limited.", "retry_after": 3600, "global": True}, False),
        (502, {"message": "bad gateway"}, False),
    ],
)
async def test_refusals_are_permanent_and_outages_transient_and_the_url_never_shows(
    fake, status, reply, permanent
):
    url = fake.base + WEBHOOK_PATH
    hook = webhook_destination(entry("discord"), {"OPS_HOOK_URL": url})
    fake.fail_next("POST", WEBHOOK_PATH, status, reply)
    with pytest.raises(DeliveryError) as error:
        await hook.send(Message(kind="notice", conflict="tc", title="x"))
    assert error.value.permanent is permanent
    assert str(error.value).startswith(f"webhook ops-hook: HTTP {status}")
    assert "webhook-token" not in str(error.value) and "webhook-token" not in repr(hook)
    await hook.close()


async def test_an_unreachable_webhook_fails_without_naming_its_url(fake):
    hook = WebhookDestination(entry("json"), "http://127.0.0.1:9/hook-secret", httpx.AsyncClient(timeout=2))
    with pytest.raises(DeliveryError) as error:
        await hook.send(Message(kind="notice", conflict="tc", title="x"))
    assert not error.value.permanent and "hook-secret" not in str(error.value)
    await hook._client.aclose()


@pytest.mark.parametrize("fmt", ["discord", "slack", "json"])
async def test_over_long_text_is_cut_and_accepted(fake, fmt):
    hook = webhook_destination(entry(fmt), {"OPS_HOOK_URL": fake.base + PATHS[fmt]})
    await hook.send(long_message())  # the fake refuses over-limit Discord payloads with a 400
    [call] = fake.called("POST", PATHS[fmt])
    if fmt == "discord":
        assert embed_size(call.body["embeds"][0]) <= MAX_TOTAL
    elif fmt == "slack":
        assert len(call.body["blocks"][0]["text"]["text"]) <= 150 and len(call.body["text"]) <= 3000
        assert all(len(b["text"]["text"]) <= 3000 for b in call.body["blocks"] if b["type"] == "section")
        assert all(len(b["elements"]) <= 10 for b in call.body["blocks"] if b["type"] == "context")
    await hook.close()


def test_a_link_too_long_once_percent_encoded_is_shown_as_its_label():
    url = "https://news.example/" + "文" * 700  # 721 characters, 6,321 percent-encoded
    assert safe_url(url) is None
    assert slack_blocks.link(url, "<b>Long</b>") == "&lt;b&gt;Long&lt;/b&gt;"
    assert slack_blocks.link("https://news.example/文", "x").startswith("<https://news.example/%E6%96%87|")


def test_a_messages_sources_are_capped_for_every_destination():
    source = SourceRef(
        path=None,
        url="https://x.example/" + "a" * 3000,
        title="t" * 5000,
        published="2025-12-20",
        outlet="o" * 500,
    )
    [capped] = Message(kind="casualty", conflict="tc", title="x", sources=[source] * 12).capped().sources[:1]
    assert len(capped.title) <= 300 and len(capped.outlet or "") <= 100 and capped.url is None
    assert (
        len(Message(kind="casualty", conflict="tc", title="x", sources=[source] * 12).capped().sources) == 10
    )


@pytest.mark.parametrize("hook", ["discord", "slack"], indirect=True)
async def test_verbose_logs_never_show_a_webhook_url(fake, hook, capsys):
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    setup_logging(verbose=True)
    try:
        await hook.send(Message(kind="notice", conflict="tc", title="x"))
        logging.getLogger("sitrep.test").info("logging works")
    finally:
        root.handlers[:], root.level = handlers, level
    ours = "\n".join(x for x in capsys.readouterr().err.splitlines() if " aiohttp." not in x)  # (the fake's)
    assert "logging works" in ours and PATHS["discord"] not in ours and PATHS["slack"] not in ours
