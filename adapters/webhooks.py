"""Webhook destinations: alerts without a bot, posted to a Discord webhook, a Slack incoming webhook, or any
URL that takes JSON.

Discord: https://discord.com/developers/docs/resources/webhook#execute-webhook
Slack: https://api.slack.com/messaging/webhooks and https://api.slack.com/reference/block-kit/blocks

A webhook URL is a secret (whoever has it can post), so it comes from the environment variable the
`[[destinations]]` entry names in `url_env`, and it is never logged nor put in an error message. Only a
Discord webhook can edit what it posted; the others return no message id and are never asked to. A Slack
webhook gets the same Block Kit as the Slack app posts (`adapters.slack_blocks`), escaped the same way.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from typing import Any

import httpx

from adapters import slack_blocks
from adapters.discord_embeds import embed_payload
from bot.config import ConfigError, WebhookDestinationConfig
from bot.message import Message
from bot.pipeline import DeliveryError

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_ATTEMPTS = 3  # tries of a rate-limited request before the outbox's next round takes over
MAX_WAIT = 10.0  # seconds: a longer retry-after is left to the outbox's next round
PERMANENT = {400, 401, 403, 404, 405, 410, 413, 422}  # asking again cannot help


class WebhookDestination:
    """Posts each message to one webhook URL in the entry's format ("discord", "slack" or "json")."""

    def __init__(
        self, entry: WebhookDestinationConfig, url: str, client: httpx.AsyncClient | None = None
    ) -> None:
        self.name = entry.name
        self.format = entry.format
        self._url = httpx.URL(url)
        self._own_client = client is None
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)

    def __repr__(self) -> str:  # the URL is a secret
        return f"WebhookDestination(name={self.name!r}, format={self.format!r})"

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        """Post the message; a Discord webhook returns the message id (`?wait=true`), the others None."""
        if self.format == "discord":
            reply = await self._request(
                "POST", self._url.copy_merge_params({"wait": "true"}), discord_payload(message)
            )
            try:
                return str(reply.json()["id"])
            except (ValueError, KeyError, TypeError):
                return None  # posted, but nothing says which message it is: it will not be edited
        payload = slack_blocks.render(message) if self.format == "slack" else json_payload(message)
        await self._request("POST", self._url, payload)
        return None

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        """Replace a message this Discord webhook posted (PATCH .../messages/{id})."""
        if self.format != "discord":
            raise DeliveryError(f"webhook {self.name}: a {self.format} webhook cannot edit", permanent=True)
        if not message_id.isdigit():
            raise DeliveryError(f"webhook {self.name}: bad message id {message_id[:30]!r}", permanent=True)
        url = self._url.copy_with(path=self._url.path.rstrip("/") + f"/messages/{message_id}")
        await self._request("PATCH", url, discord_payload(message))

    async def close(self) -> None:
        if self._own_client:
            await self._client.aclose()

    async def _request(self, method: str, url: httpx.URL, payload: dict[str, Any]) -> httpx.Response:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                response = await self._client.request(method, url, json=payload)
            except httpx.HTTPError as exc:  # its text may carry the URL: name the class only
                raise DeliveryError(f"webhook {self.name}: {type(exc).__name__}") from None
            if response.status_code < 300:
                return response
            wait = _retry_after(response) if response.status_code == 429 else None
            if wait is not None and wait <= MAX_WAIT and attempt < MAX_ATTEMPTS:
                await asyncio.sleep(wait)
                continue
            reason = f"webhook {self.name}: HTTP {response.status_code}{_detail(response)}"
            raise DeliveryError(reason, permanent=response.status_code in PERMANENT)
        raise AssertionError("unreachable")


def webhook_destination(
    entry: WebhookDestinationConfig, environ: Mapping[str, str] = os.environ
) -> WebhookDestination:
    """The destination for a `[[destinations]]` webhook entry, its URL read from `entry.url_env`.

    Raises ConfigError naming the variable when it is unset or does not hold an http(s) URL."""
    url = (environ.get(entry.url_env) or "").strip()
    if not url:
        raise ConfigError(
            f"destination {entry.name}: environment variable {entry.url_env} is not set "
            f"(it must hold the {entry.format} webhook URL)"
        )
    if not url.startswith(("https://", "http://")):
        raise ConfigError(f"destination {entry.name}: {entry.url_env} does not hold an http(s) URL")
    return WebhookDestination(entry, url)


def discord_payload(message: Message) -> dict[str, Any]:
    """A Discord webhook's body: one embed, and no mention may ping anyone."""
    return {"embeds": [embed_payload(message)], "allowed_mentions": {"parse": []}}


def json_payload(message: Message) -> dict[str, Any]:
    """A generic webhook's body: the message's fields as JSON, and its plain text as `text`."""
    message = message.capped()
    return {**message.model_dump(mode="json"), "text": message.plain()}


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds a 429 asks to wait: Discord's JSON `retry_after`, else the Retry-After header."""
    try:
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("retry_after"), int | float):
            return max(float(body["retry_after"]), 0.0)
    except ValueError:
        pass
    try:
        return max(float(response.headers.get("retry-after", "")), 0.0)
    except ValueError:
        return None


def _detail(response: httpx.Response) -> str:
    """': Unknown Webhook' from Discord's JSON, ': no_service' from Slack's text; short, never the URL."""
    try:
        body = response.json()
        text = str(body.get("message", "")) if isinstance(body, dict) else ""
    except ValueError:
        text = response.text
    text = " ".join(text.split())[:80]
    return f": {text}" if text else ""
