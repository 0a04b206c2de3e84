"""Configuration: the TOML file (conflicts, sources, destinations) and the environment (secrets, store).

The file is validated with pydantic; any problem stops the program with one message naming the file,
the key and the problem (`ConfigError`, exit status 2). Secrets never come from the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.models import AlertKind

DEFAULT_CONFIG_NAME = "sitrep.toml"
SEEDS_FOLDER = "seeds"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names file, key and problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConflictConfig(_Strict):
    """A conflict that sitrep follows: how articles are routed to it and who its parties are."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    keywords: list[str] = Field(min_length=1)
    parties: dict[str, list[str]] = {}
    # Third parties that take part in talks (the United States, ASEAN...), with their aliases;
    # added to the built-in list of common mediators.
    mediators: dict[str, list[str]] = {}


_INTERVAL = r"^\d+\s*[smhd]$"
_NAME = r"^[A-Za-z0-9_.-]+$"


class FolderSourceConfig(_Strict):
    kind: Literal["folder"]
    path: Path
    conflict: str | None = None
    interval: str = Field(default="30s", pattern=_INTERVAL)  # how often `sitrep run` scans the folder

    @property
    def name(self) -> str:
        """The source in logs and leases: its folder."""
        return str(self.path)


class FeedSourceConfig(_Strict):
    kind: Literal["feed"]
    url: str = Field(pattern=r"^https?://")
    interval: str = Field(default="10m", pattern=_INTERVAL)
    conflict: str | None = None
    # Items published longer ago than this are stored (they build the state) but never alerted.
    max_age: str = Field(default="3d", pattern=_INTERVAL)
    # Fetch each new item's page and read its main text (trafilatura) instead of the feed's summary.
    full_text: bool = False

    @property
    def name(self) -> str:
        """The source in logs and leases: its URL."""
        return self.url


SourceConfig = Annotated[FolderSourceConfig | FeedSourceConfig, Field(discriminator="kind")]


class _Destination(_Strict):
    conflicts: list[str] | None = None  # None: every conflict
    kinds: list[AlertKind] | None = None  # None: every kind of alert
    min_sources: int = Field(default=1, ge=1)  # independent outlets a change needs before it is posted


class ConsoleDestinationConfig(_Destination):
    """Alerts printed on the terminal sitrep runs in."""

    kind: Literal["console"]
    name: str = Field(default="console", pattern=_NAME)


class WebhookDestinationConfig(_Destination):
    """Alerts posted to a webhook: a Discord webhook, a Slack incoming webhook, or any URL taking JSON.

    The URL carries a secret, so it is read from the environment variable named by `url_env`."""

    kind: Literal["webhook"]
    name: str = Field(pattern=_NAME)
    format: Literal["discord", "slack", "json"]
    url_env: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")


DestinationConfig = Annotated[
    ConsoleDestinationConfig | WebhookDestinationConfig, Field(discriminator="kind")
]

PLATFORMS = ("slack", "discord")  # a subscription is delivered to "platform:channel"


class SlackConfig(_Strict):
    """The Slack app: Socket Mode (no public URL) or HTTP mode on a port, command names, who may subscribe."""

    mode: Literal["socket", "http"] = "socket"
    port: int = Field(default=3000, ge=1, le=65535)  # HTTP mode: where Slack's requests arrive
    # Slash command names; each defaults to "/sitrep-" + the command (Slack reserves "/status").
    commands: dict[Literal["status", "subscribe", "unsubscribe", "conflicts", "history"], str] = {}
    # Besides workspace admins and owners, the Slack user ids that may subscribe and unsubscribe channels.
    allowed_users: list[str] = []

    def command_name(self, command: str) -> str:
        return self.commands.get(command, f"/sitrep-{command}")  # type: ignore[call-overload]


class DiscordConfig(_Strict):
    """The Discord bot: commands are synced globally, or to one guild (instant, for development)."""

    guild_id: int | None = None


class FeedsConfig(_Strict):
    """How sitrep treats the sites it polls."""

    contact_url: str | None = Field(default=None, pattern=r"^https?://")  # named in the User-Agent
    per_host: int = Field(default=2, ge=1, le=16)  # requests in flight to one host at most
    # Sources read but not yet processed at most: with thousands of feeds due at once, the rest wait
    # unread, so memory holds this many feeds' items, not every feed's.
    in_flight: int = Field(default=32, ge=1, le=1000)
    max_failures: int = Field(default=10, ge=1)  # consecutive failures before a feed is disabled
    operator: str | None = None  # the destination told when a feed is disabled (default: logs only)


class DeliveryConfig(_Strict):
    """How the outbox delivers: how often it looks, how long a claim lasts, how often a post is tried."""

    max_attempts: int = Field(default=8, ge=1, le=100)
    interval: str = Field(default="10s", pattern=_INTERVAL)  # how often waiting deliveries are tried
    # How long an instance holds the deliveries it claimed: a dead instance's pass to others after this.
    claim: str = Field(default="2m", pattern=_INTERVAL)


class HealthConfig(_Strict):
    """The health and metrics port of `sitrep run` (off unless `port` is set)."""

    port: int | None = Field(default=None, ge=0, le=65535)
    host: str = "127.0.0.1"


class ThresholdsConfig(_Strict):
    """How much a figure must rise to alert, as a fraction of the figure last announced (0: any rise)."""

    killed: float = Field(default=0.0, ge=0)
    injured: float = Field(default=0.0, ge=0)
    missing: float = Field(default=0.0, ge=0)
    displaced: float = Field(default=0.05, ge=0)


class AppConfig(_Strict):
    conflicts: list[ConflictConfig] = Field(min_length=1)
    sources: list[SourceConfig] = []
    destinations: list[DestinationConfig] = [ConsoleDestinationConfig(kind="console")]
    thresholds: ThresholdsConfig = ThresholdsConfig()
    feeds: FeedsConfig = FeedsConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    health: HealthConfig = HealthConfig()
    slack: SlackConfig = SlackConfig()
    discord: DiscordConfig = DiscordConfig()

    @model_validator(mode="after")
    def _references_exist(self) -> AppConfig:
        ids = [c.id for c in self.conflicts]
        for i, cid in enumerate(ids):
            if cid in ids[:i]:
                raise _KeyedError(f"conflicts[{i}].id", f"duplicate conflict id {cid!r}")
        for i, source in enumerate(self.sources):
            if source.conflict is not None and source.conflict not in ids:
                raise _KeyedError(f"sources[{i}].conflict", f"unknown conflict id {source.conflict!r}")
        names = [d.name for d in self.destinations]
        if self.feeds.operator is not None and self.feeds.operator not in names:
            raise _KeyedError("feeds.operator", f"unknown destination {self.feeds.operator!r}")
        for i, dest in enumerate(self.destinations):
            if names.count(dest.name) > 1:
                raise _KeyedError(f"destinations[{i}].name", f"duplicate destination name {dest.name!r}")
            if dest.name in PLATFORMS:
                raise _KeyedError(
                    f"destinations[{i}].name", f"{dest.name!r} is reserved for the chat platform"
                )
            for cid in dest.conflicts or []:
                if cid not in ids:
                    raise _KeyedError(f"destinations[{i}].conflicts", f"unknown conflict id {cid!r}")
        return self

    def conflict(self, conflict_id: str) -> ConflictConfig:
        for c in self.conflicts:
            if c.id == conflict_id:
                return c
        raise KeyError(conflict_id)


class _KeyedError(ValueError):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")


def default_config(base: Path | None = None) -> AppConfig:
    """The built-in configuration: the seed folder as the Thailand–Cambodia conflict, alerts to the console."""
    seeds = Path(SEEDS_FOLDER)
    if not seeds.is_dir():
        packaged = Path(__file__).resolve().parent.parent / SEEDS_FOLDER
        if packaged.is_dir():
            seeds = packaged
    return AppConfig(
        conflicts=[
            ConflictConfig(
                id="thailand-cambodia",
                name="Thailand–Cambodia border conflict",
                keywords=["Thailand", "Cambodia", "Thai", "Cambodian"],
                parties={
                    "Thailand": ["Thai", "Bangkok"],
                    "Cambodia": ["Cambodian", "Phnom Penh", "Khmer"],
                },
            )
        ],
        sources=[FolderSourceConfig(kind="folder", path=seeds, conflict="thailand-cambodia")],
    )


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("folder", "feed", "console", "webhook"):  # discriminator tags pydantic adds
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def load_config(path: Path | None) -> AppConfig:
    """Read `path`, else ./sitrep.toml, else the built-in default. Raises ConfigError."""
    if path is None:
        if not Path(DEFAULT_CONFIG_NAME).exists():
            return default_config()
        path = Path(DEFAULT_CONFIG_NAME)
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config {name}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config {name}: unreadable: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {name}: invalid TOML: {exc}") from None
    try:
        config = AppConfig.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, _KeyedError):
            raise ConfigError(f"config {name}: {ctx_error}") from None
        key = _location(err["loc"])
        problem = err["msg"]
        if err["type"] == "extra_forbidden":
            problem = "unknown key"
        elif err["type"] == "missing":
            problem = "required key is missing"
        elif err["type"] == "path_type":
            problem = 'must be a path as text, such as "articles"'
        elif "input" in err and err["type"] not in ("value_error",):
            problem = f"{problem} (got {err['input']!r})"
        more = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"config {name}: {key}: {problem}{more}") from None
    base = path.parent
    for source in config.sources:
        if isinstance(source, FolderSourceConfig) and not source.path.is_absolute():
            source.path = base / source.path
    return config


class Settings(BaseSettings):
    """Runtime settings and secrets, from the environment or `.env`."""

    # An empty value (`SLACK_BOT_TOKEN=` in .env) counts as unset: that platform stays off.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    sitrep_database_url: str = "sqlite+aiosqlite:///sitrep.db"
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    discord_token: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api/v10"

    @property
    def database_url(self) -> str:
        return async_database_url(self.sitrep_database_url)


def load_settings() -> Settings:
    """The settings from the environment and `.env`; a `.env` that cannot be read is a ConfigError."""
    try:
        return Settings()
    except UnicodeDecodeError as e:
        raise ConfigError(f".env: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise ConfigError(f".env: {e.strerror or e}") from None
    except ValidationError as e:
        error = e.errors()[0]
        variable = "_".join(str(part) for part in error["loc"]).upper()
        raise ConfigError(f"environment variable {variable}: {error['msg']}") from None


def interval_seconds(interval: str) -> int:
    """'90s', '10m', '1h', '1d' in seconds (the form is validated with the configuration)."""
    value, unit = int(interval[:-1]), interval[-1]
    return value * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


def async_database_url(url: str) -> str:
    """Map a plain SQLAlchemy URL to the asyncio driver sitrep uses for that database."""
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url
