"""Slack on the loopback, for the adapter's tests: one aiohttp server on 127.0.0.1 that speaks enough of
Slack for the real slack-bolt app and slack_sdk clients, and checks what they send.

- The Web API under `/api/` (point SLACK_API_URL at `FakeSlack.api_url`): auth.test, users.info,
  apps.connections.open (returns this server's Socket Mode URL), chat.postMessage, chat.update, and
  conversations.history (each channel's messages newest first, `limit`, `oldest`, `latest`, and their
  message metadata when `include_all_metadata` is set, as Slack answers). It checks
  the method, the token in the Authorization header (the app token for apps.connections.open, the bot token
  elsewhere) and the limits Slack enforces on blocks; it records every call, and can be told to answer a
  method with a 429 and Retry-After, with `ok: false` and an error, or slowly.
- Socket Mode at `/link`: says hello, delivers slash-command envelopes (`slash`) and checks that each is
  acknowledged, with its envelope id, within Slack's three seconds.
- response_url at `/respond/<id>`: records what a command sends there later.
- `signed_headers`: the headers Slack signs an HTTP-mode request with, for requests sent to the app.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
SIGNING_SECRET = "fake-signing-secret"
ACK_LIMIT = 3.0  # seconds Slack waits for an acknowledgement
BOT_USER = "UBOT"


@dataclass
class Call:
    """One Web API call: the method, its arguments (JSON body, form or query) and when it arrived."""

    method: str
    args: dict[str, Any]
    at: float


@dataclass
class Ack:
    """A Socket Mode acknowledgement: its envelope, how long it took, and the payload it carried."""

    envelope_id: str
    seconds: float
    payload: dict[str, Any] | None


@dataclass
class _Script:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """The fake Slack server. `await start()`, then use `api_url`; `await stop()` at the end."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}  # user id -> users.info's `user` (is_admin, is_owner)
        self.delays: dict[str, float] = {}  # method -> seconds to wait before answering
        # (channel, ts) -> the message as posted, then edited: text, blocks, user, metadata; in posting order
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.responses: dict[str, list[dict[str, Any]]] = defaultdict(list)  # response_url posts by envelope
        self.acks: dict[str, Ack] = {}
        self.problems: list[str] = []  # what the fake found wrong in what it was sent
        self._scripts: dict[str, list[_Script]] = defaultdict(list)
        self._last_ts = 0.0
        self._sockets: list[web.WebSocketResponse] = []
        self._connected = asyncio.Event()
        self._acked: dict[str, asyncio.Future[Ack]] = {}
        self._sent_at: dict[str, float] = {}
        self._responded: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- running ------------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._web_api)
        app.router.add_get("/link", self._socket_mode)
        app.router.add_post("/respond/{envelope}", self._response_url)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    # -- scripting --------------------------------------------------------------------------------------

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error}`."""
        self._scripts[method] += [_Script(200, {"ok": False, "error": error})] * times

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and `Retry-After: retry_after`."""
        body = {"ok": False, "error": "ratelimited"}
        self._scripts[method] += [_Script(429, body, {"Retry-After": str(retry_after)})] * times

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # -- the Web API ----------------------------------------------------------------------------------

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(parse_qsl(await request.text()))
        self.calls.append(Call(method, args, time.monotonic()))
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if request.headers.get("Authorization") != f"Bearer {expected}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method.startswith("chat.") and request.method != "POST":
            self.problems.append(f"{method} called with {request.method}")
        await asyncio.sleep(self.delays.get(method, 0))
        if self._scripts[method]:
            script = self._scripts[method].pop(0)
            return web.json_response(script.body, status=script.status, headers=script.headers)
        handler = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "apps.connections.open": self._connections_open,
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "conversations.history": self._history,
        }.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler(args))

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Fake Newsroom",
            "user": "sitrep",
            "team_id": "T0FAKE",
            "user_id": BOT_USER,
            "bot_id": "B0FAKE",
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(args.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {"id": args["user"], "is_admin": False, "is_owner": False, **user}}

    def _connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws{self.url.removeprefix('http')}/link?ticket={uuid.uuid4()}"}

    def _check_message(self, args: dict[str, Any]) -> str | None:
        """The error Slack would answer for this message's text and blocks, if any."""
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not args.get("text") and not blocks:
            return "no_text"
        for block in blocks or []:
            text = block.get("text") or {}
            if block["type"] == "header" and (text.get("type") != "plain_text" or len(text["text"]) > 150):
                return "invalid_blocks"
            if block["type"] == "section" and len(text.get("text", "")) > 3000:
                return "invalid_blocks"
            if block["type"] == "context" and len(block.get("elements", [])) > 10:
                return "invalid_blocks"
        if len(blocks or []) > 50:
            return "invalid_blocks"
        return None

    def _post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel", "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        error = self._check_message(args)
        if error:
            return {"ok": False, "error": error}
        metadata = args.get("metadata")
        if isinstance(metadata, str):  # a form-encoded call sends it as JSON text
            metadata = json.loads(metadata)
        if metadata is not None and (
            not isinstance(metadata, dict)
            or not isinstance(metadata.get("event_type"), str)
            or not isinstance(metadata.get("event_payload"), dict)
        ):
            return {"ok": False, "error": "invalid_metadata_format"}
        self._last_ts = max(time.time(), self._last_ts + 0.000001)  # a ts is the post's time, unique in it
        ts = f"{self._last_ts:.6f}"
        self.messages[(channel, ts)] = {
            "text": args.get("text"),
            "blocks": args.get("blocks"),
            "user": BOT_USER,
            "metadata": metadata,
        }
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def posts(self, channel: str) -> list[dict[str, Any]]:
        """The messages posted in `channel`, oldest first, as they stand now."""
        return [m for (c, _), m in self.messages.items() if c == channel]

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        """conversations.history: the channel's messages newest first, after `oldest` and before `latest`;
        `metadata` only with include_all_metadata (Slack leaves it out otherwise)."""
        channel = args.get("channel", "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        limit = min(int(args.get("limit") or 100), 999)
        oldest = float(args.get("oldest") or 0)
        latest = float(args.get("latest") or "inf")
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        found = []
        for (c, ts), message in sorted(self.messages.items(), key=lambda item: -float(item[0][1])):
            if c != channel or not oldest < float(ts) < latest:
                continue
            item = {"type": "message", "user": message["user"], "text": message["text"], "ts": ts}
            if message.get("blocks"):
                item["blocks"] = message["blocks"]
            if with_metadata and message.get("metadata"):
                item["metadata"] = message["metadata"]
            found.append(item)
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit, "pin_count": 0}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (args.get("channel", ""), args.get("ts", ""))
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        error = self._check_message(args)
        if error:
            return {"ok": False, "error": error}
        self.messages[key] = {**self.messages[key], "text": args.get("text"), "blocks": args.get("blocks")}
        return {"ok": True, "channel": key[0], "ts": key[1], "text": args.get("text")}

    # -- Socket Mode ----------------------------------------------------------------------------------

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0FAKE"}})
        self._connected.set()
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            ack = json.loads(frame.data)
            envelope = ack.get("envelope_id")
            if envelope not in self._acked:
                self.problems.append(f"acknowledgement of an unknown envelope: {frame.data[:200]}")
                continue
            result = Ack(envelope, time.monotonic() - self._sent_at[envelope], ack.get("payload"))
            self.acks[envelope] = result
            if not self._acked[envelope].done():
                self._acked[envelope].set_result(result)
        return ws

    async def connected(self, timeout: float = 5) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    def command_payload(
        self,
        command: str,
        text: str = "",
        user: str = "UADMIN",
        channel: str = "C0ALERTS",
        envelope: str = "",
    ) -> dict[str, str]:
        """A slash command's payload as Slack sends it, its response_url pointing at this server."""
        return {
            "token": "deprecated-verification-token",
            "team_id": "T0FAKE",
            "team_domain": "fake-newsroom",
            "channel_id": channel,
            "channel_name": "alerts",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0FAKE",
            "is_enterprise_install": "false",
            "response_url": f"{self.url}/respond/{envelope or uuid.uuid4().hex}",
            "trigger_id": "1.2.3",
        }

    async def slash(
        self, command: str, text: str = "", user: str = "UADMIN", channel: str = "C0ALERTS"
    ) -> Ack:
        """Deliver a slash command through Socket Mode; its acknowledgement, which must come within three
        seconds (AssertionError otherwise)."""
        envelope = uuid.uuid4().hex
        self._acked[envelope] = asyncio.get_running_loop().create_future()
        self._sent_at[envelope] = time.monotonic()
        await self._sockets[-1].send_json(
            {
                "envelope_id": envelope,
                "type": "slash_commands",
                "accepts_response_payload": True,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": self.command_payload(command, text, user, channel, envelope),
            }
        )
        try:
            return await asyncio.wait_for(self._acked[envelope], ACK_LIMIT)
        except TimeoutError:
            raise AssertionError(f"{command} {text!r} was not acknowledged within {ACK_LIMIT} s") from None

    # -- response_url -----------------------------------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        envelope = request.match_info["envelope"]
        self.responses[envelope].append(await request.json())
        self._responded[envelope].set()
        return web.Response(text="ok")

    async def response(self, envelope: str, timeout: float = 5) -> dict[str, Any]:
        """The first message posted to the response_url of `envelope`, waiting for it if need be."""
        await asyncio.wait_for(self._responded[envelope].wait(), timeout)
        return self.responses[envelope][0]


def signed_headers(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers of a request Slack signs: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def form(payload: dict[str, str]) -> str:
    """A slash command's payload as the form body of an HTTP-mode request."""
    return urlencode(payload)
