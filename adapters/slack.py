"""Slack: the chat commands as slash commands, and alerts posted to subscribed channels.

https://docs.slack.dev/tools/bolt-python/ (slack-bolt) and https://docs.slack.dev/reference/methods
(chat.postMessage, chat.update, users.info, apps.connections.open).

Slash commands arrive through Socket Mode (the default: no public URL, SLACK_APP_TOKEN) or as signed HTTP
requests (`[slack] mode = "http"`, SLACK_SIGNING_SECRET; bolt rejects bad signatures and requests older
than five minutes). Each is acknowledged within Slack's three seconds: with the answer when it is ready in
time, else empty and the answer follows through the command's response_url. Every Web API call goes to
SLACK_API_URL. Replies: errors, refusals and the answers to /status, /history and /conflicts are ephemeral
(only the asker sees them); a subscribe or unsubscribe confirmation is posted in the channel, so its
members see who changed what the channel receives.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_blocks import escape, render
from bot.commands import COMMANDS, Channel, CommandError, run_command
from bot.config import AppConfig, Settings
from bot.message import Message
from bot.pipeline import DeliveryError
from bot.store import Store

log = logging.getLogger("sitrep.slack")

ACK_SECONDS = 2.0  # answer in the acknowledgement if it is ready this soon; Slack waits three seconds
CHANNEL_INTERVAL = 1.0  # seconds between two posts or edits in one channel (Slack's 1 message/s/channel)
MAX_RETRY_AFTER = 60  # a 429 asking to wait longer is left to the outbox, which tries again later
RATE_LIMIT_RETRIES = 2
ADMIN_SECONDS = 300  # how long a user's admin status (users.info) is trusted
HTTP_PATH = "/slack/events"  # HTTP mode: the Request URL of every slash command in manifest.yml
METADATA_EVENT = "sitrep_delivery"  # the event type of the message metadata that carries a delivery's key
HISTORY_LIMIT = 100  # recent messages searched for a post that may already exist (after a crash)
HISTORY_SECONDS = 86400.0  # ... posted at most this long ago
_NO_HISTORY = {"missing_scope", "not_allowed_token_type"}  # conversations.history refused for good

# Errors after which posting to the channel can never succeed until someone acts: the delivery is given
# up and the channel's subscriptions are paused (`bot.pipeline.deliver`).
_PERMANENT = {
    "channel_not_found": "channel {channel} not found",
    "not_in_channel": "the app is not in channel {channel}: invite it, then subscribe again",
    "is_archived": "channel {channel} is archived",
    "invalid_auth": "the bot token was refused",
    "not_authed": "no bot token was sent",
    "account_inactive": "the bot's account is deactivated",
    "token_revoked": "the bot token was revoked",
    "token_expired": "the bot token has expired",
    "no_permission": "the app may not post in channel {channel}",
    "missing_scope": "the app lacks the chat:write scope",
    "restricted_action": "posting in channel {channel} is restricted",
    "team_access_not_granted": "the app has no access to channel {channel}'s workspace",
    "ekm_access_denied": "channel {channel} is closed to apps",
}
# Errors after which this one message can never be posted (or edited), though the channel is fine.
_DROP = {"invalid_blocks", "msg_too_long", "message_not_found", "cant_update_message", "edit_window_closed"}
_USAGE = {
    "status": "{name} [conflict]",
    "subscribe": "{name} <conflict> [casualties,meetings,ceasefire] [min-sources N]",
    "unsubscribe": "{name} <conflict>",
    "conflicts": "{name}",
    "history": "{name} <conflict> [N]",
}
_IN_CHANNEL = {"subscribe", "unsubscribe"}
_MANAGE = {"subscribe", "unsubscribe"}
REFUSED = (
    "Only workspace admins and owners, and the users listed in sitrep's [slack] allowed_users, "
    "may subscribe or unsubscribe a channel."
)


class SlackError(RuntimeError):
    """Slack cannot be served: a token refused at start. The text names the problem, never a secret."""


def slack_platform(
    config: AppConfig, settings: Settings, store: Store, **options: Any
) -> SlackPlatform | None:
    """The Slack platform, or None (logged once) when the credentials its mode needs are unset: Socket
    Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN, HTTP mode SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET."""
    needed = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_APP_TOKEN" if config.slack.mode == "socket" else "SLACK_SIGNING_SECRET": (
            settings.slack_app_token if config.slack.mode == "socket" else settings.slack_signing_secret
        ),
    }
    missing = [name for name, value in needed.items() if value is None]
    if missing:
        log.info(f"slack is off: {' and '.join(missing)} not set ({config.slack.mode} mode)")
        return None
    return SlackPlatform(config, settings, store, **options)


class _RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (it sleeps for Retry-After, then tries again), except that a wait longer
    than MAX_RETRY_AFTER is not waited for: the call fails and the outbox tries again later."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not await super()._can_retry_async(state=state, request=request, response=response, error=error):
            return False
        assert response is not None
        values = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
        try:
            return int(values[0]) <= MAX_RETRY_AFTER
        except (ValueError, IndexError):
            return True


def web_client(settings: Settings) -> AsyncWebClient:
    """The Web API client: the bot token, SLACK_API_URL, and 429s waited out."""
    assert settings.slack_bot_token is not None
    retry: list[AsyncRetryHandler] = [_RateLimitRetry(max_retry_count=RATE_LIMIT_RETRIES)]
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=30,
        retry_handlers=retry,
        logger=logging.getLogger("sitrep.slack.web"),
    )


class ChannelPacer:
    """At most one call per `interval` seconds in each channel; other channels are not held up by it."""

    def __init__(self, interval: float = CHANNEL_INTERVAL) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    @asynccontextmanager
    async def __call__(self, channel: str) -> AsyncIterator[None]:
        async with self._locks.setdefault(channel, asyncio.Lock()):
            wait = self._next.get(channel, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._next[channel] = time.monotonic() + self.interval


class SlackDestination:
    """Posts messages to Slack channels with chat.postMessage; the `ts` it returns is the message id that
    chat.update edits. Refusals that retrying cannot cure raise a permanent DeliveryError.

    Each post carries its delivery key as message metadata (event type `sitrep_delivery`). A post that may
    already exist (`maybe_sent`: its earlier sender died mid-send, or an earlier try here ended without an
    answer) is first looked for among the channel's recent messages (conversations.history, which needs
    the channels:history and groups:history scopes): found, its `ts` is returned and nothing is posted
    again. Without those scopes the post is made anyway (logged once): a possible double rather than a
    lost alert."""

    name = "slack"

    def __init__(self, client: AsyncWebClient, interval: float = CHANNEL_INTERVAL) -> None:
        self._client = client
        self._pace = ChannelPacer(interval)
        self.bot_user: str | None = None  # our own user id (auth.test): only our messages are looked at
        self._unsure: set[str] = set()  # keys whose post here ended without an answer: it may exist
        self._no_history: set[str] = set()  # channels whose history we may not read (logged once)

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        channel = _channel(channel)
        if key and (maybe_sent or key in self._unsure):
            found = await self._find(channel, key)
            if found is not None:
                self._unsure.discard(key)
                log.info(
                    "slack: post found, not posted again", extra={"adapter": "slack", "channel": channel}
                )
                return found
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}} if key else None
        try:
            response = await self._call(
                channel,
                self._client.chat_postMessage,
                channel=channel,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
                **render(message),
            )
        except DeliveryError as exc:
            if key and exc.unsure:
                self._unsure.add(key)  # Slack may have posted it: look before posting it again
            raise
        if key:
            self._unsure.discard(key)
        return str(response["ts"])

    async def _find(self, channel: str, key: str) -> str | None:
        """The ts of our message carrying `key` among the channel's recent messages, or None. Raises a
        (temporary) DeliveryError when the channel cannot be read now: posting blind could double it."""
        if channel in self._no_history:
            return None
        try:
            response = await self._request(
                channel,
                self._client.conversations_history,
                channel=channel,
                limit=HISTORY_LIMIT,
                oldest=f"{time.time() - HISTORY_SECONDS:.6f}",
                include_all_metadata=True,
            )
        except DeliveryError as exc:
            error = str(exc.error or "")
            if error in _NO_HISTORY:
                self._no_history.add(channel)
                if len(self._no_history) > 1:
                    return None  # told once
                log.warning(
                    "slack: cannot read channel history to avoid posting twice after a crash: add the "
                    "channels:history and groups:history scopes (manifest.yml) and reinstall the app",
                    extra={"adapter": "slack", "error": error},
                )
                return None
            if exc.permanent or exc.drop:
                return None  # the post will be refused too, with the right outcome
            self._unsure.add(key)
            raise
        for item in response.get("messages") or []:
            meta = item.get("metadata") or {}
            if (
                meta.get("event_type") != METADATA_EVENT
                or (meta.get("event_payload") or {}).get("key") != key
            ):
                continue
            if self.bot_user is None or item.get("user") in (None, self.bot_user):
                return str(item["ts"])
        return None

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        channel = _channel(channel)
        await self._call(channel, self._client.chat_update, channel=channel, ts=message_id, **render(message))

    async def _call(self, channel: str, method: Any, /, **arguments: Any) -> Any:
        async with self._pace(channel):
            return await self._request(channel, method, **arguments)

    async def _request(self, channel: str, method: Any, /, **arguments: Any) -> Any:
        """Call a Web API method; Slack's refusal or silence as a SlackDeliveryError."""
        try:
            return await method(**arguments)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            if error in _PERMANENT:
                reason = _PERMANENT[error].format(channel=channel)
                raise SlackDeliveryError(f"slack: {error}: {reason}", error, permanent=True) from None
            unsure = exc.response.status_code >= 500  # Slack may have done it before failing
            raise SlackDeliveryError(
                f"slack: {error} (channel {channel})", error, drop=error in _DROP, unsure=unsure
            ) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            # No answer: the request may have been carried out.
            raise SlackDeliveryError(
                f"slack: {type(exc).__name__} (channel {channel})", unsure=True
            ) from None


class SlackDeliveryError(DeliveryError):
    """A DeliveryError that keeps Slack's error code, and whether Slack may have done what was asked."""

    def __init__(self, text: str, error: str | None = None, *, unsure: bool = False, **kinds: bool) -> None:
        super().__init__(text, **kinds)
        self.error = error
        self.unsure = unsure


def _channel(channel: str | None) -> str:
    if not channel:
        raise DeliveryError("slack: no channel to post to", permanent=True)
    return channel


class SlackPlatform:
    """Slack for sitrep: `destination` posts and edits alerts; `start()` serves the slash commands (Socket
    Mode, or HTTP on `[slack] port`) until `stop()`. `host` is where HTTP mode listens (all interfaces by
    default; tests pass 127.0.0.1); `port` overrides `[slack] port` (0: any free port, see `port`)."""

    name = "slack"

    def __init__(
        self,
        config: AppConfig,
        settings: Settings,
        store: Store,
        *,
        host: str = "0.0.0.0",
        port: int | None = None,
        ack_seconds: float = ACK_SECONDS,
        channel_interval: float = CHANNEL_INTERVAL,
    ) -> None:
        self._config = config
        self._settings = settings
        self._store = store
        self._host = host
        self.port = config.slack.port if port is None else port
        self._ack_seconds = ack_seconds
        self._client = web_client(settings)
        self.destination = SlackDestination(self._client, channel_interval)
        self._admins: dict[str, tuple[bool, float]] = {}
        self._names = {config.slack.command_name(c): c for c in COMMANDS}
        self._app: AsyncApp | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._http: web.AppRunner | None = None
        self._pending: set[asyncio.Task[dict[str, Any]]] = set()

    def _build_app(self) -> AsyncApp:
        http = self._config.slack.mode == "http"
        secret = self._settings.slack_signing_secret
        app = AsyncApp(
            client=self._client,
            signing_secret=secret.get_secret_value() if http and secret else "",
            request_verification_enabled=http,
            logger=logging.getLogger("sitrep.slack.bolt"),
            name="sitrep",
        )
        for name in self._names:
            app.command(name)(self._on_command)
        return app

    async def login(self) -> None:
        """Check the bot token (auth.test): enough to post. Raises SlackError when Slack refuses it."""
        team = await self._check(self._client.auth_test(), "SLACK_BOT_TOKEN")
        self.destination.bot_user = team.get("user_id")

    async def start(self) -> None:
        """Serve the slash commands: returns once connected (Socket Mode) or listening (HTTP mode).
        Raises SlackError when Slack refuses a token."""
        team = await self._check(self._client.auth_test(), "SLACK_BOT_TOKEN")
        self.destination.bot_user = team.get("user_id")
        self._app = self._build_app()
        if self._config.slack.mode == "socket":
            assert self._settings.slack_app_token is not None
            app_token = self._settings.slack_app_token.get_secret_value()
            # Asked once here so a refused app token is told at once; the client would retry it forever.
            opened = await self._check(
                self._client.apps_connections_open(app_token=app_token), "SLACK_APP_TOKEN"
            )
            self._socket = AsyncSocketModeHandler(
                self._app, app_token, web_client=self._client, logger=logging.getLogger("sitrep.slack.socket")
            )
            self._socket.client.wss_uri = opened["url"]
            await self._socket.connect_async()
            where = "socket mode"
        else:
            web_app = web.Application(client_max_size=256 * 1024)
            web_app.router.add_post(HTTP_PATH, self._on_http)
            self._http = web.AppRunner(web_app, access_log=None)
            await self._http.setup()
            site = web.TCPSite(self._http, self._host, self.port)
            await site.start()
            self.port = self._http.addresses[0][1]  # the port chosen when asked for 0
            where = f"http mode on {self._host}:{self.port}{HTTP_PATH}"
        log.info(f"slack: serving commands in {where} as {team.get('user')} in {team.get('team')}")

    async def stop(self) -> None:
        """Stop serving commands and let answers in flight finish (briefly)."""
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._http is not None:
            await self._http.cleanup()
            self._http = None
        if self._pending:
            await asyncio.wait(self._pending, timeout=5)

    async def _check(self, call: Any, token: str) -> Any:
        try:
            return await call
        except SlackApiError as exc:
            raise SlackError(f"slack: {token} refused: {exc.response.get('error')}") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SlackError(f"slack: cannot reach SLACK_API_URL: {type(exc).__name__}") from None

    async def _on_http(self, request: web.Request) -> web.Response:
        assert self._app is not None
        response = await self._app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _on_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        """Acknowledge with the answer if it is ready within `ack_seconds`, else acknowledge at once and
        send the answer through response_url when it is."""
        task = asyncio.create_task(self._answer(command))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        done, _ = await asyncio.wait({task}, timeout=self._ack_seconds)
        if task in done:
            await ack(**task.result())
            return
        await ack()
        await respond(**await task)

    async def _answer(self, command: dict[str, Any]) -> dict[str, Any]:
        """The reply to a slash command, as the arguments of ack() or respond()."""
        name = self._names.get(str(command.get("command")), "")
        user, channel = str(command.get("user_id", "")), str(command.get("channel_id", ""))
        try:
            if name in _MANAGE and not await self._may_manage(user):
                return _ephemeral(escape(REFUSED))
            message = await run_command(
                self._store, self._config, Channel("slack", channel), name, str(command.get("text", ""))
            )
        except CommandError as exc:
            return _ephemeral(self._usage(name, str(exc)))
        except Exception:
            log.exception("slack: command failed", extra={"adapter": "slack", "channel": channel})
            return _ephemeral("sitrep could not answer that; the error is in its log.")
        return {"response_type": "in_channel" if name in _IN_CHANNEL else "ephemeral", **render(message)}

    def _usage(self, command: str, problem: str) -> str:
        """The problem, the command's usage with its configured name, and the conflicts sitrep follows."""
        problem = problem.partition("; usage:")[0]  # the usage follows, with the command's configured name
        lines = [] if problem.startswith("usage:") else [problem]
        if command in _USAGE:
            lines.append("usage: " + _USAGE[command].format(name=self._config.slack.command_name(command)))
        lines.append("conflicts: " + ", ".join(c.id for c in self._config.conflicts))
        return escape("\n".join(lines))

    async def _may_manage(self, user: str) -> bool:
        """Whether `user` may subscribe and unsubscribe: listed in `[slack] allowed_users` ("*": anyone),
        or a workspace admin or owner according to users.info (which needs the users:read scope)."""
        allowed = self._config.slack.allowed_users
        if "*" in allowed or user in allowed:
            return True
        known = self._admins.get(user)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        try:
            response = await self._client.users_info(user=user)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("slack: users.info failed", extra={"adapter": "slack", "error": error})
            return False
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: users.info failed", extra={"adapter": "slack", "error": type(exc).__name__})
            return False
        profile = response.get("user") or {}
        admin = bool(profile.get("is_admin") or profile.get("is_owner") or profile.get("is_primary_owner"))
        self._admins[user] = (admin, time.monotonic() + ADMIN_SECONDS)
        return admin


def _ephemeral(text: str) -> dict[str, Any]:
    """A reply only the asker sees; `text` is already escaped."""
    return {"response_type": "ephemeral", "text": text}
