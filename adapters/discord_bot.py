"""Discord: the slash commands, and alerts posted as embeds to subscribed channels, on discord.py 2.x.

API: https://discord.com/developers/docs/reference · library: https://discordpy.readthedocs.io/en/stable/

The client is created with `AllowedMentions.none()`, and every post says so again, so no feed text (an
"@everyone" in a headline) can ping anyone. Posting needs only a login (REST): `sitrep run --once`
delivers without a gateway connection; `start()` also syncs the commands and connects to the gateway for
the slash commands. DISCORD_API_URL (a Discord-compatible server, a local fake) is honoured by every call:
discord.py keeps its REST base and its default gateway in class attributes, so both are set at login and
put back by `stop()`; the gateway's URL is then asked of that API's GET /gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord_embeds import MAX_CONTENT, embed_payload
from bot.commands import KINDS, Channel, CommandError, run_command
from bot.config import AppConfig, Settings
from bot.message import Message
from bot.pipeline import DeliveryError
from bot.render import clip
from bot.store import Store

log = logging.getLogger("sitrep.discord")

DEFAULT_API_URL = "https://discord.com/api/v10"
NO_MENTIONS = discord.AllowedMentions.none()
MAX_RATELIMIT_WAIT = 30.0  # a 429 asking for longer fails the delivery, retried on the outbox's next round
UNKNOWN_MESSAGE = 10008
STOP_SECONDS = 10.0


class DiscordDestination:
    """Posts to channel ids through the REST API; needs a logged-in client, not a gateway connection."""

    name = "discord"

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        target = self._channel(channel)
        try:
            # A nonce, enforced: Discord posts one message per nonce, so a retry after a crash never doubles.
            nonce = key[-25:] if key else None
            sent = await target.send(embed=message_embed(message), allowed_mentions=NO_MENTIONS, nonce=nonce)
        except (discord.HTTPException, discord.RateLimited) as exc:
            raise delivery_error(exc, channel) from None
        return str(sent.id)

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        target = self._channel(channel)
        if not message_id.isdigit():
            raise DeliveryError(f"discord: bad message id {message_id[:30]!r}", permanent=True)
        try:
            await target.get_partial_message(int(message_id)).edit(
                embed=message_embed(message), allowed_mentions=NO_MENTIONS
            )
        except discord.NotFound as exc:
            if exc.code != UNKNOWN_MESSAGE:
                raise delivery_error(exc, channel) from None
            # Someone deleted the alert: it stays deleted rather than coming back as a new post.
            log.info("message to edit is gone", extra={"adapter": "discord", "channel": channel})
        except (discord.HTTPException, discord.RateLimited) as exc:
            raise delivery_error(exc, channel) from None

    def _channel(self, channel: str | None) -> discord.PartialMessageable:
        if channel is None or not channel.isdigit():
            raise DeliveryError(f"discord: no channel id ({channel!r})", permanent=True)
        if self._client.user is None:
            raise DeliveryError("discord: not logged in yet")
        return self._client.get_partial_messageable(int(channel))


def delivery_error(exc: discord.HTTPException | discord.RateLimited, channel: str | None) -> DeliveryError:
    """Discord's refusal as a DeliveryError: no access, an unknown channel or a refused token are permanent
    (the channel's subscriptions are paused with this reason); the rest is tried again later."""
    if isinstance(exc, discord.RateLimited):
        return DeliveryError(f"discord: rate limited for {exc.retry_after:.0f}s")
    text = f" ({clip(exc.text, 100)})" if exc.text else ""
    if isinstance(exc, discord.Forbidden):
        return DeliveryError(f"discord: no access to channel {channel}{text}", permanent=True)
    if isinstance(exc, discord.NotFound):
        return DeliveryError(f"discord: channel {channel} not found{text}", permanent=True)
    if exc.status == 401:
        return DeliveryError("discord: the token was refused (401): check DISCORD_TOKEN", permanent=True)
    return DeliveryError(f"discord: HTTP {exc.status}{text}")


def message_embed(message: Message) -> discord.Embed:
    return discord.Embed.from_dict(embed_payload(message))


def command_tree(client: discord.Client, store: Store, config: AppConfig) -> app_commands.CommandTree:
    """The five commands of `bot.commands` as guild-only slash commands; subscribing and unsubscribing
    need Manage Channels (the default permission, checked again here since a server can change it)."""
    tree = app_commands.CommandTree(client)

    async def conflicts_like(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        word = current.casefold().strip()
        found = [c for c in config.conflicts if word in c.id or word in c.name.casefold()]
        return [app_commands.Choice(name=clip(f"{c.id} · {c.name}", 100), value=c.id) for c in found[:25]]

    async def kinds_like(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        done, _, last = current.replace(" ", "").rpartition(",")
        chosen = [k for k in done.split(",") if k]
        options = [",".join([*chosen, k]) for k in KINDS if k.startswith(last.casefold()) and k not in chosen]
        return [app_commands.Choice(name=o, value=o) for o in options[:25]]

    async def answer(interaction: discord.Interaction, command: str, text: str, manage: bool = False) -> None:
        if interaction.guild_id is None or interaction.channel_id is None:
            await refuse(interaction, "sitrep's commands work in a server's channels.")
            return
        if manage and not interaction.permissions.manage_channels:
            await refuse(interaction, f"/{command} needs the Manage Channels permission in this channel.")
            return
        where = Channel("discord", str(interaction.channel_id))
        try:
            reply = await run_command(store, config, where, command, text)
        except CommandError as exc:
            await refuse(interaction, str(exc))
            return
        except Exception:
            log.exception("command failed", extra={"adapter": "discord", "channel": where.channel})
            await refuse(interaction, f"/{command} failed; try again later.")
            return
        await respond(interaction, embed=message_embed(reply))

    @tree.command(name="status", description="Where a conflict stands now, with sources")
    @app_commands.guild_only()
    @app_commands.describe(conflict="The conflict's id")
    @app_commands.autocomplete(conflict=conflicts_like)
    async def status(interaction: discord.Interaction, conflict: str | None = None) -> None:
        await answer(interaction, "status", conflict or "")

    @tree.command(name="subscribe", description="Post this conflict's changes in this channel")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.describe(
        conflict="The conflict's id",
        kinds="Only these kinds of alert, e.g. casualties,meetings (default: all)",
        min_sources="Outlets that must report a change before it is posted (default 1)",
    )
    @app_commands.autocomplete(conflict=conflicts_like, kinds=kinds_like)
    async def subscribe(
        interaction: discord.Interaction,
        conflict: str,
        kinds: str | None = None,
        min_sources: app_commands.Range[int, 1, 20] | None = None,
    ) -> None:
        words = [conflict]
        if kinds:
            words.append("kinds=" + kinds.replace(" ", ""))
        if min_sources is not None:
            words.append(f"min_sources={min_sources}")
        await answer(interaction, "subscribe", " ".join(words), manage=True)

    @tree.command(name="unsubscribe", description="No more alerts about this conflict in this channel")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.describe(conflict="The conflict's id")
    @app_commands.autocomplete(conflict=conflicts_like)
    async def unsubscribe(interaction: discord.Interaction, conflict: str | None = None) -> None:
        await answer(interaction, "unsubscribe", conflict or "", manage=True)

    @tree.command(
        name="conflicts", description="The conflicts sitrep follows, and this channel's subscriptions"
    )
    @app_commands.guild_only()
    async def conflicts(interaction: discord.Interaction) -> None:
        await answer(interaction, "conflicts", "")

    @tree.command(name="history", description="A conflict's latest alerts")
    @app_commands.guild_only()
    @app_commands.describe(conflict="The conflict's id", count="How many alerts (default 5, at most 20)")
    @app_commands.autocomplete(conflict=conflicts_like)
    async def history(
        interaction: discord.Interaction,
        conflict: str | None = None,
        count: app_commands.Range[int, 1, 20] | None = None,
    ) -> None:
        await answer(interaction, "history", " ".join(x for x in (conflict, count and str(count)) if x))

    return tree


async def refuse(interaction: discord.Interaction, text: str) -> None:
    """A refusal or a mistake: shown only to whoever gave the command."""
    await respond(interaction, content=clip(text, MAX_CONTENT), ephemeral=True)


async def respond(interaction: discord.Interaction, **kwargs: object) -> None:
    try:
        await interaction.response.send_message(allowed_mentions=NO_MENTIONS, **kwargs)  # type: ignore[arg-type]
    except discord.HTTPException as exc:  # the interaction expired, or Discord is down: nothing to retry
        log.warning("reply failed", extra={"adapter": "discord", "error": str(exc)})


class DiscordPlatform:
    """The Discord bot: `destination` posts alerts; `start()` logs in, syncs the commands and connects to
    the gateway in the background; `stop()` closes it all."""

    name = "discord"

    def __init__(self, config: AppConfig, settings: Settings, store: Store) -> None:
        if settings.discord_token is None:
            raise ValueError("discord: DISCORD_TOKEN is unset")
        self._token = settings.discord_token  # a SecretStr: shown as '**********' if ever printed
        self._api_url = settings.discord_api_url.rstrip("/")
        self._guild_id = config.discord.guild_id
        # sitrep has no voice: discord.py's warnings about voice libraries would be noise at every start.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        self.client = discord.Client(
            intents=discord.Intents(guilds=True),  # slash commands need no privileged intent
            allowed_mentions=NO_MENTIONS,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
        )
        self.tree = command_tree(self.client, store, config)
        self.destination = DiscordDestination(self.client)
        self._gateway_task: asyncio.Task[None] | None = None
        self._saved: tuple[str, yarl.URL] | None = None

    async def login(self) -> None:
        """Log in over REST (GET /users/@me): enough to post. Raises RuntimeError if the token is refused."""
        if self.client.user is not None:
            return
        if self._saved is None:
            self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        Route.BASE = self._api_url
        try:
            await self.client.login(self._token.get_secret_value())
        except discord.LoginFailure:
            raise RuntimeError("discord: the token was refused (401): check DISCORD_TOKEN") from None
        log.info("discord logged in", extra={"adapter": "discord"})

    async def start(self) -> None:
        """Log in, sync the commands, and connect to the gateway in a background task; return once started."""
        await self.login()
        await self.sync_commands()
        if self._api_url != DEFAULT_API_URL.rstrip("/"):
            DiscordWebSocket.DEFAULT_GATEWAY = await self._gateway_url()
        self._gateway_task = asyncio.create_task(self._connect(), name="discord-gateway")

    async def sync_commands(self) -> None:
        """Register the commands: with one guild (`[discord] guild_id`, instant) or globally."""
        guild = discord.Object(id=self._guild_id) if self._guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException as exc:  # alerts still go out; the commands stay as they were
            log.warning("discord commands not synced", extra={"adapter": "discord", "error": str(exc)})
            return
        log.info("discord commands synced", extra={"adapter": "discord", "count": len(synced)})

    async def _gateway_url(self) -> yarl.URL:
        """The gateway of a Discord-compatible API: its GET /gateway, not Discord's default gateway."""
        try:
            data = await self.client.http.request(Route("GET", "/gateway"))
            return yarl.URL(data["url"])
        except (discord.HTTPException, KeyError, TypeError) as exc:
            raise RuntimeError(f"discord: no gateway URL from {self._api_url}/gateway: {exc}") from None

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except (TimeoutError, discord.DiscordException, aiohttp.ClientError, OSError) as exc:
            log.error("discord gateway stopped", extra={"adapter": "discord", "error": str(exc)})

    async def stop(self) -> None:
        """Close the gateway and the HTTP session; put discord.py's API base and gateway back."""
        await self.client.close()
        if self._gateway_task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._gateway_task, STOP_SECONDS)
            self._gateway_task = None
        if self._saved is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None


def discord_platform(config: AppConfig, settings: Settings, store: Store) -> DiscordPlatform | None:
    """The Discord platform, or None (with one log line) when DISCORD_TOKEN is unset."""
    if settings.discord_token is None:
        log.info("discord is off: DISCORD_TOKEN is unset", extra={"adapter": "discord"})
        return None
    return DiscordPlatform(config, settings, store)
