"""Health and metrics for `sitrep run`: counters the runner feeds, and an optional HTTP port serving them.

`Metrics` holds sitrep's Prometheus metrics in a registry of its own (never the process-wide default), so
tests and several instances in one process do not clash. `HealthServer` serves, on the host and port
given (loopback by default):

- `GET /metrics`: the Prometheus text exposition of those metrics
  (https://prometheus.io/docs/instrumenting/exposition_formats/);
- `GET /healthz`: JSON `{"status": "ok" | "degraded" | "down", "store": ..., "scheduler": ...,
  "adapters": {name: state}}`, HTTP 200 when ok and 503 otherwise.

Labels are bounded on purpose: polls are labelled by source kind (feed, folder), deliveries by destination
kind (console, webhook, slack, discord), alerts by alert kind; never by URL, path or channel id, which are
unbounded and may be secret. An unknown kind is counted as "other". /healthz shows the name of a failing
check's exception, never its message (a database error may quote the URL it could not reach).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, get_args

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.models import AlertKind

if TYPE_CHECKING:
    from aiohttp import web
    from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("sitrep.health")

SourceKind = Literal["feed", "folder"]
DeliveryOutcome = Literal["sent", "failed", "dead", "edited"]
HealthStatus = Literal["ok", "degraded", "down"]

SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
DESTINATION_KINDS: tuple[str, ...] = ("console", "webhook", "slack", "discord")
ALERT_KINDS: tuple[str, ...] = get_args(AlertKind)
DELIVERY_OUTCOMES: tuple[str, ...] = get_args(DeliveryOutcome)
OTHER = "other"

# A feed poll may wait on a slow site for tens of seconds; a folder scan takes milliseconds.
POLL_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
# Posting to a chat platform or webhook: one HTTP request, retried by the platform client at most.
DELIVERY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HEALTHY_ADAPTER_STATES = frozenset({"connected", "ok", "off"})
STORE_CHECK_SECONDS = 2.0


def _bounded(value: str, known: tuple[str, ...]) -> str:
    """`value` when it is one of the `known` label values, else "other": a label never grows unbounded."""
    return value if value in known else OTHER


class Metrics:
    """sitrep's counters, gauges and histograms, in a registry of their own (`self.registry`).

    Every known label value is created at zero up front, so a rate or a ratio over them is defined before
    the first event (a counter that appears only on its first increment hides that first increase).
    """

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self._polls = Counter(
            "sitrep_polls_total", "Source polls, successful or not.", ["source_kind"], registry=r
        )
        self._poll_failures = Counter(
            "sitrep_poll_failures_total", "Source polls that failed.", ["source_kind"], registry=r
        )
        self._poll_seconds = Histogram(
            "sitrep_poll_duration_seconds",
            "Time to read one source once.",
            ["source_kind"],
            buckets=POLL_BUCKETS,
            registry=r,
        )
        self._articles = Counter("sitrep_articles_total", "New articles stored.", registry=r)
        self._facts = Counter("sitrep_facts_total", "Facts extracted from new articles.", registry=r)
        self._alerts = Counter("sitrep_alerts_total", "Alerts put in the outbox.", ["kind"], registry=r)
        self._deliveries = Counter(
            "sitrep_deliveries_total",
            "Delivery attempts by outcome: sent, edited, failed (to be retried), dead (given up).",
            ["destination_kind", "outcome"],
            registry=r,
        )
        self._delivery_seconds = Histogram(
            "sitrep_delivery_duration_seconds",
            "Time to post or edit one message on a destination.",
            ["destination_kind"],
            buckets=DELIVERY_BUCKETS,
            registry=r,
        )
        self._outbox = Gauge("sitrep_outbox_depth", "Deliveries waiting in the outbox.", registry=r)
        for source_kind in SOURCE_KINDS:
            self._polls.labels(source_kind)
            self._poll_failures.labels(source_kind)
            self._poll_seconds.labels(source_kind)
        for kind in ALERT_KINDS:
            self._alerts.labels(kind)
        for destination_kind in DESTINATION_KINDS:
            self._delivery_seconds.labels(destination_kind)
            for outcome in DELIVERY_OUTCOMES:
                self._deliveries.labels(destination_kind, outcome)

    def polled(self, source_kind: str, seconds: float, ok: bool) -> None:
        """One poll of a source of `source_kind` ("feed" or "folder") took `seconds`; `ok` if it worked."""
        label = _bounded(source_kind, SOURCE_KINDS)
        self._polls.labels(label).inc()
        if not ok:
            self._poll_failures.labels(label).inc()
        self._poll_seconds.labels(label).observe(max(seconds, 0.0))

    def articles(self, n: int) -> None:
        """`n` new articles were stored (copies skipped by deduplication are not counted)."""
        self._articles.inc(max(n, 0))

    def facts(self, n: int) -> None:
        """`n` facts were extracted."""
        self._facts.inc(max(n, 0))

    def alerts(self, kind: str, n: int = 1) -> None:
        """`n` alerts of `kind` (casualty, meeting, ceasefire) were put in the outbox."""
        self._alerts.labels(_bounded(kind, ALERT_KINDS)).inc(max(n, 0))

    def delivered(self, destination_kind: str, outcome: DeliveryOutcome, seconds: float) -> None:
        """One delivery to a destination of `destination_kind` ended with `outcome` after `seconds`.

        "sent" and "edited" succeeded; "failed" will be retried; "dead" was given up. Label by the
        destination's kind (console, webhook, slack, discord), never its name, channel or URL.
        """
        if outcome not in DELIVERY_OUTCOMES:
            raise ValueError(f"health: unknown delivery outcome {outcome!r}")
        label = _bounded(destination_kind, DESTINATION_KINDS)
        self._deliveries.labels(label, outcome).inc()
        self._delivery_seconds.labels(label).observe(max(seconds, 0.0))

    def outbox_depth(self, n: int) -> None:
        """`n` deliveries are waiting in the outbox now."""
        self._outbox.set(max(n, 0))

    def exposition(self) -> bytes:
        """The metrics in the Prometheus text format (`CONTENT_TYPE_LATEST`)."""
        return generate_latest(self.registry)


def engine_check(engine: AsyncEngine) -> Callable[[], Awaitable[None]]:
    """A `store_check` for `HealthServer`: one trivial query through `engine` (e.g. `store.engine`)."""

    async def check() -> None:
        import sqlalchemy as sa

        async with engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))

    return check


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class HealthServer:
    """An HTTP server for /healthz and /metrics. `await start(host, port)`, then `await stop()`.

    `store_check` raises when the store cannot be reached (it is given `store_timeout` seconds);
    `scheduler_alive` says whether the polling scheduler runs; `adapters` maps each chat adapter's name to
    its state ("connected", "ok", "off", or anything else when it is unwell). Each may be a plain or an
    async callable.
    """

    def __init__(
        self,
        metrics: Metrics,
        store_check: Callable[[], Awaitable[None]],
        scheduler_alive: Callable[[], bool | Awaitable[bool]],
        adapters: Callable[[], Mapping[str, str] | Awaitable[Mapping[str, str]]] = dict,
        *,
        store_timeout: float = STORE_CHECK_SECONDS,
    ) -> None:
        self.metrics = metrics
        self._store_check = store_check
        self._scheduler_alive = scheduler_alive
        self._adapters = adapters
        self._store_timeout = store_timeout
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on `host`:`port` (0: a free port, then in `self.port`)."""
        # aiohttp is loaded only when the port is enabled: `sitrep extract` and the like never pay for it.
        from aiohttp import web

        if self._runner is not None:
            raise RuntimeError("health: the server is already started")
        app = web.Application(client_max_size=1024)  # GET only: no request needs a body
        app.router.add_get("/healthz", self._on_healthz)
        app.router.add_get("/metrics", self._on_metrics)
        runner = web.AppRunner(app, access_log=None)  # scraped every few seconds: no line per request
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]
        log.info(f"health: serving /healthz and /metrics on {host}:{self.port}")

    async def stop(self) -> None:
        """Stop listening; a server never started, or stopped already, is left as it is."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def health(self) -> tuple[HealthStatus, dict[str, Any]]:
        """The status and the /healthz body: "down" when the store is unreachable or the scheduler has
        stopped, "degraded" when an adapter is in any state but connected, ok or off, else "ok"."""
        store = await self._check_store()
        try:
            alive = bool(await _maybe_await(self._scheduler_alive()))
            scheduler: dict[str, Any] = {"alive": alive}
        except Exception as exc:
            log.warning("health: scheduler check failed", extra={"error": str(exc)})
            alive, scheduler = False, {"alive": False, "error": type(exc).__name__}
        try:
            adapters = {str(k): str(v) for k, v in (await _maybe_await(self._adapters())).items()}
            adapters_ok = all(state in HEALTHY_ADAPTER_STATES for state in adapters.values())
        except Exception as exc:
            log.warning("health: adapter check failed", extra={"error": str(exc)})
            adapters, adapters_ok = {}, False
        status: HealthStatus = (
            "down" if not (store["ok"] and alive) else "degraded" if not adapters_ok else "ok"
        )
        return status, {"status": status, "store": store, "scheduler": scheduler, "adapters": adapters}

    async def _check_store(self) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._store_timeout):
                await self._store_check()
        except TimeoutError:
            log.warning("health: store check timed out", extra={"error": f"after {self._store_timeout}s"})
            return {"ok": False, "error": f"no answer within {self._store_timeout:g}s"}
        except Exception as exc:
            log.warning("health: store unreachable", extra={"error": str(exc)})
            return {"ok": False, "error": type(exc).__name__}
        return {"ok": True, "seconds": round(time.perf_counter() - started, 4)}

    async def _on_healthz(self, request: web.Request) -> web.Response:
        from aiohttp import web

        status, body = await self.health()
        return web.Response(
            text=json.dumps(body),
            status=200 if status == "ok" else 503,
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )

    async def _on_metrics(self, request: web.Request) -> web.Response:
        from aiohttp import web

        # aiohttp refuses a content type with parameters in `content_type=`; the header carries it whole.
        return web.Response(body=self.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})
