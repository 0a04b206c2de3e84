"""A loopback fake of Discord (REST API, gateway, webhooks) and of Slack and JSON webhooks, for the real
discord.py and httpx to talk to.

It checks what it receives as Discord does: the bot token on API calls (401 otherwise), and the limits of
content and embeds (400 "Invalid Form Body" over them), and a message's `nonce` with `enforce_nonce` (a
second post with the same nonce in the same channel creates nothing and gets the first message back, as
Discord does within a few minutes). Every request is recorded as a `Call`; a test
scripts a failure for the next request on a path with `fail_next`. Replies carry Content-Type
`application/json` exactly (discord.py reads anything else as text) and a 429 carries a Via header (without
one discord.py takes it for a Cloudflare ban).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

TOKEN = "fake-bot-token.not-a-secret"
APP_ID = 110000000000000001
BOT_ID = APP_ID
GUILD_ID = 220000000000000002
CHANNEL_ID = 330000000000000003
OTHER_CHANNEL_ID = 330000000000000004
FORBIDDEN_CHANNEL_ID = 330000000000000005  # the bot cannot see it: 403 Missing Access
USER_ID = 440000000000000004
WEBHOOK_PATH = "/api/v10/webhooks/550000000000000005/webhook-token"
SLACK_PATH = "/slack/services/T000/B000/XXXX"
JSON_PATH = "/hooks/json"

MANAGE_CHANNELS = 1 << 4
VIEW_AND_SEND = (1 << 10) | (1 << 11)
BOT_USER = {"id": str(BOT_ID), "username": "sitrep", "discriminator": "0", "avatar": None, "bot": True}
MEMBER_USER = {"id": str(USER_ID), "username": "analyst", "discriminator": "0", "avatar": None}

LIMITS = {"content": 2000, "title": 256, "description": 4096, "field_name": 256, "field_value": 1024}


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _invalid(problems: list[str]) -> web.Response:
    """Discord's 400 Invalid Form Body, its errors keyed by the path of each refused field."""
    errors = {}
    for problem in problems:
        key, _, text = problem.partition(": ")
        errors[key] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": text}]}
    return _json({"message": "Invalid Form Body", "code": 50035, "errors": errors}, 400)


def payload_problems(body: Any) -> list[str]:
    """What Discord would refuse in a message body: the content and embed limits."""
    if not isinstance(body, dict):
        return ["body is not an object"]
    problems = []
    if len(body.get("content") or "") > LIMITS["content"]:
        problems.append("content: Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("embeds: Must be 10 or fewer in length.")
    for i, embed in enumerate(embeds):
        total = 0
        for key in ("title", "description"):
            value = embed.get(key) or ""
            total += len(value)
            if len(value) > LIMITS[key]:
                problems.append(f"embeds.{i}.{key}: Must be {LIMITS[key]} or fewer in length.")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(f"embeds.{i}.fields: Must be 25 or fewer in length.")
        for j, f in enumerate(fields):
            total += len(f.get("name", "")) + len(f.get("value", ""))
            if not f.get("name") or len(f["name"]) > LIMITS["field_name"]:
                problems.append(f"embeds.{i}.fields.{j}.name: Must be between 1 and 256 in length.")
            if not f.get("value") or len(f["value"]) > LIMITS["field_value"]:
                problems.append(f"embeds.{i}.fields.{j}.value: Must be between 1 and 1024 in length.")
        footer = (embed.get("footer") or {}).get("text", "")
        total += len(footer)
        if len(footer) > 2048:
            problems.append(f"embeds.{i}.footer.text: Must be 2048 or fewer in length.")
        url = embed.get("url")
        if url is not None and not re.match(r"^https?://\S+$", url):
            problems.append(f"embeds.{i}.url: Not a well formed URL.")
        if total > 6000:
            problems.append(f"embeds.{i}: Embed size exceeds maximum size of 6000")
    return problems


class FakeDiscord:
    """The fake servers on 127.0.0.1; `api_url` is what DISCORD_API_URL would be."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}  # message id -> its current body
        self.channel_of: dict[int, str] = {}  # message id -> the channel it was posted in
        self._nonces: dict[tuple[str, str], int] = {}  # (channel, enforced nonce) -> the message it made
        self.slack_posts: list[dict[str, Any]] = []
        self.json_posts: list[dict[str, Any]] = []
        self.identify: dict[str, Any] | None = None
        self.sockets: list[web.WebSocketResponse] = []
        self._scripted: dict[tuple[str, str], list[web.Response]] = {}
        self._ids = itertools.count(900000000000000001)
        self._seq = itertools.count(2)
        self._runner: web.AppRunner | None = None
        self.base = ""

    @property
    def api_url(self) -> str:
        return self.base + "/api/v10"

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway-ws", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        for socket in self.sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(
        self,
        method: str,
        path: str,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` requests `method path` get this reply instead of the normal one."""
        for _ in range(times):
            self._scripted.setdefault((method, path), []).append(_json(body, status, headers))

    def called(self, method: str, pattern: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and re.fullmatch(pattern, c.path)]

    async def wait_for(self, method: str, pattern: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The calls `method pattern` once there are `count` of them (an interaction is answered by a task)."""
        deadline = time.monotonic() + timeout
        while len(found := self.called(method, pattern)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {method} {pattern} after {timeout}s; calls: {self.calls}")
            await asyncio.sleep(0.01)
        return found

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH to every connected client."""
        for socket in self.sockets:
            await socket.send_str(json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data}))

    # the gateway: HELLO, heartbeats acknowledged, IDENTIFY answered with READY

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_str(
            json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        )
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                await socket.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif message["op"] == 2:
                self.identify = message["d"]
                ready = {
                    "v": 10,
                    "user": BOT_USER,
                    "guilds": [],
                    "session_id": "session-1",
                    "resume_gateway_url": f"{self.base.replace('http', 'ws')}/gateway-ws",
                    "application": {"id": str(APP_ID), "flags": 0},
                }
                await socket.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": ready}))
        return socket

    # REST

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        call = Call(request.method, request.path, dict(request.query), dict(request.headers), body)
        self.calls.append(call)
        scripted = self._scripted.get((request.method, request.path))
        if scripted:
            return scripted.pop(0)
        path = request.path
        if path == SLACK_PATH:
            self.slack_posts.append(body)
            return web.Response(text="ok", content_type="text/plain")
        if path == JSON_PATH:
            self.json_posts.append(body)
            return web.Response(status=204)
        if not path.startswith("/api/v10/"):
            return _json({"message": "404: Not Found", "code": 0}, 404)
        path = path.removeprefix("/api/v10")
        is_webhook = path.startswith(("/webhooks/", "/interactions/"))
        if not is_webhook and request.headers.get("Authorization") != f"Bot {TOKEN}":
            return _json({"message": "401: Unauthorized", "code": 0}, 401)
        for pattern, handler in self._routes():
            match = re.fullmatch(pattern, f"{request.method} {path}")
            if match:
                return handler(call, *match.groups())
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def _routes(self) -> list[tuple[str, Callable[..., web.Response]]]:
        return [
            (r"GET /users/@me", lambda call: _json(BOT_USER)),
            (r"GET /oauth2/applications/@me", lambda call: _json(self._application())),
            (r"GET /gateway", lambda call: _json({"url": f"{self.base.replace('http', 'ws')}/gateway-ws"})),
            (r"PUT /applications/(\d+)/commands", self._commands),
            (r"PUT /applications/(\d+)/guilds/(\d+)/commands", self._commands),
            (r"POST /channels/(\d+)/messages", self._create),
            (r"PATCH /channels/(\d+)/messages/(\d+)", self._edit),
            (r"POST /interactions/(\d+)/([^/]+)/callback", self._callback),
            (r"POST /webhooks/(\d+)/([^/]+)", self._webhook_create),
            (r"PATCH /webhooks/(\d+)/([^/]+)/messages/(\d+)", self._webhook_edit),
        ]

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "sitrep",
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": MEMBER_USER,
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _commands(self, call: Call, app: str, guild: str | None = None) -> web.Response:
        if int(app) != APP_ID:
            return _json({"message": "Unknown Application", "code": 10002}, 404)
        out = []
        for command in call.body:
            out.append({**command, "id": str(next(self._ids)), "application_id": app, "version": "1"})
            if guild:
                out[-1]["guild_id"] = guild
        return _json(out)

    def _message(self, channel: str, message_id: int, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(message_id),
            "channel_id": channel,
            "type": 0,
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "attachments": [],
            "timestamp": "2025-12-20T10:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "flags": body.get("flags") or 0,
            "components": [],
            "author": BOT_USER,
        }

    def _refuse(self, channel: str, body: Any) -> web.Response | None:
        if int(channel) == FORBIDDEN_CHANNEL_ID:
            return _json({"message": "Missing Access", "code": 50001}, 403)
        if int(channel) not in (CHANNEL_ID, OTHER_CHANNEL_ID):
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        problems = payload_problems(body)
        if problems:
            return _invalid(problems)
        return None

    def posts(self, channel: int | str) -> list[dict[str, Any]]:
        """The bodies of the messages posted in `channel`, oldest first, as they stand now."""
        return [body for m, body in self.messages.items() if self.channel_of.get(m) == str(channel)]

    def _create(self, call: Call, channel: str) -> web.Response:
        refusal = self._refuse(channel, call.body)
        if refusal is not None:
            return refusal
        nonce = call.body.get("nonce")
        if nonce is not None and call.body.get("enforce_nonce"):
            earlier = self._nonces.get((channel, str(nonce)))
            if earlier is not None:  # Discord: the message this nonce already made, nothing new
                return _json(self._message(channel, earlier, self.messages[earlier]))
        message_id = next(self._ids)
        self.messages[message_id] = call.body
        self.channel_of[message_id] = channel
        if nonce is not None and call.body.get("enforce_nonce"):
            self._nonces[(channel, str(nonce))] = message_id
        return _json(self._message(channel, message_id, call.body))

    def _edit(self, call: Call, channel: str, message_id: str) -> web.Response:
        refusal = self._refuse(channel, call.body)
        if refusal is not None:
            return refusal
        if int(message_id) not in self.messages:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        self.messages[int(message_id)] = call.body
        return _json(self._message(channel, int(message_id), call.body))

    def _callback(self, call: Call, interaction_id: str, token: str) -> web.Response:
        data = call.body.get("data") or {}
        problems = payload_problems(data) if call.body.get("type") == 4 else []
        if problems:
            return _invalid(problems)
        reply = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": False,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            }
        }
        return _json(reply)

    def _webhook_create(self, call: Call, webhook_id: str, token: str) -> web.Response:
        problems = payload_problems(call.body)
        if problems:
            return _invalid(problems)
        message_id = next(self._ids)
        self.messages[message_id] = call.body
        if call.query.get("wait") != "true":
            return web.Response(status=204)
        return _json(self._message(str(CHANNEL_ID), message_id, call.body))

    def _webhook_edit(self, call: Call, webhook_id: str, token: str, message_id: str) -> web.Response:
        problems = payload_problems(call.body)
        if problems:
            return _invalid(problems)
        if int(message_id) not in self.messages:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        self.messages[int(message_id)] = call.body
        return _json(self._message(str(CHANNEL_ID), int(message_id), call.body))


_interaction_ids = itertools.count(770000000000000001)


def interaction(
    name: str,
    options: dict[str, str | int] | None = None,
    *,
    permissions: int = MANAGE_CHANNELS | VIEW_AND_SEND,
    channel_id: int = CHANNEL_ID,
    guild_id: int | None = GUILD_ID,
    focused: str | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload as Discord sends it: a slash command (or, with `focused`, the
    autocomplete of that option) given by a member with `permissions` in the channel."""
    opts = [
        {
            "name": k,
            "type": 4 if isinstance(v, int) else 3,
            "value": v,
            **({"focused": True} if k == focused else {}),
        }
        for k, v in (options or {}).items()
    ]
    payload: dict[str, Any] = {
        "id": str(next(_interaction_ids)),
        "application_id": str(APP_ID),
        "type": 4 if focused else 2,
        "token": f"interaction-token-{name}",
        "version": 1,
        "channel_id": str(channel_id),
        "channel": {"id": str(channel_id), "type": 0, "name": "alerts", "position": 0, "nsfw": False},
        "app_permissions": str(VIEW_AND_SEND),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10485760,
        "authorizing_integration_owners": {"0": str(guild_id or USER_ID)},
        "context": 0 if guild_id else 1,
        "data": {"id": "880000000000000001", "name": name, "type": 1, "options": opts},
    }
    if guild_id:
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = "en-US"
        payload["channel"]["guild_id"] = str(guild_id)
        payload["member"] = {
            "user": MEMBER_USER,
            "roles": [],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(permissions),
        }
    else:
        payload["user"] = MEMBER_USER
        payload["channel"] = {"id": str(channel_id), "type": 1, "recipients": [MEMBER_USER]}
    return payload
