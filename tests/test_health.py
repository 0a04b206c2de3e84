"""The health port: the real server on the loopback, asked over HTTP with httpx."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from bot.health import HealthServer, Metrics, engine_check
from bot.store import Store


async def store_ok() -> None:
    return None


async def store_unreachable() -> None:
    raise ConnectionRefusedError("could not connect to postgresql://sitrep:hunter2@db.internal/sitrep")


async def store_hangs() -> None:
    await asyncio.Event().wait()


@asynccontextmanager
async def serving(
    metrics: Metrics | None = None,
    store_check: Callable[[], Awaitable[None]] = store_ok,
    scheduler_alive: Callable[[], bool] = lambda: True,
    adapters: Callable[[], dict[str, str]] = dict,
    store_timeout: float = 2.0,
) -> AsyncIterator[httpx.AsyncClient]:
    """A started HealthServer on 127.0.0.1 and a client pointed at it; both closed afterwards."""
    server = HealthServer(
        metrics or Metrics(), store_check, scheduler_alive, adapters, store_timeout=store_timeout
    )
    await server.start("127.0.0.1", 0)
    try:
        assert server.port
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=5) as client:
            yield client
    finally:
        await server.stop()


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, keyed by its name and labels."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def key(name: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return name, frozenset(labels.items())


async def test_metrics_report_what_the_runner_counted() -> None:
    metrics = Metrics()
    metrics.polled("feed", 0.3, ok=True)
    metrics.polled("feed", 12.0, ok=False)
    metrics.polled("folder", 0.002, ok=True)
    metrics.articles(5)
    metrics.facts(9)
    metrics.alerts("casualty", 2)
    metrics.alerts("ceasefire")
    metrics.delivered("slack", "sent", 0.2)
    metrics.delivered("slack", "failed", 1.5)
    metrics.delivered("webhook", "dead", 0.1)
    metrics.delivered("discord", "edited", 0.05)
    metrics.outbox_depth(4)
    async with serving(metrics) as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE_LATEST
    got = samples(response.text)
    assert got[key("sitrep_polls_total", source_kind="feed")] == 2
    assert got[key("sitrep_polls_total", source_kind="folder")] == 1
    assert got[key("sitrep_poll_failures_total", source_kind="feed")] == 1
    assert got[key("sitrep_poll_failures_total", source_kind="folder")] == 0
    assert got[key("sitrep_poll_duration_seconds_count", source_kind="feed")] == 2
    assert got[key("sitrep_poll_duration_seconds_sum", source_kind="feed")] == pytest.approx(12.3)
    assert got[key("sitrep_poll_duration_seconds_bucket", source_kind="feed", le="0.5")] == 1
    assert got[key("sitrep_poll_duration_seconds_bucket", source_kind="feed", le="+Inf")] == 2
    assert got[key("sitrep_articles_total")] == 5
    assert got[key("sitrep_facts_total")] == 9
    assert got[key("sitrep_alerts_total", kind="casualty")] == 2
    assert got[key("sitrep_alerts_total", kind="ceasefire")] == 1
    assert got[key("sitrep_alerts_total", kind="meeting")] == 0  # known labels exist from the start
    assert got[key("sitrep_deliveries_total", destination_kind="slack", outcome="sent")] == 1
    assert got[key("sitrep_deliveries_total", destination_kind="slack", outcome="failed")] == 1
    assert got[key("sitrep_deliveries_total", destination_kind="webhook", outcome="dead")] == 1
    assert got[key("sitrep_deliveries_total", destination_kind="discord", outcome="edited")] == 1
    assert got[key("sitrep_deliveries_total", destination_kind="console", outcome="sent")] == 0
    assert got[key("sitrep_delivery_duration_seconds_count", destination_kind="slack")] == 2
    assert got[key("sitrep_delivery_duration_seconds_sum", destination_kind="slack")] == pytest.approx(1.7)
    assert got[key("sitrep_outbox_depth")] == 4


async def test_metric_names_follow_prometheus_conventions() -> None:
    text = Metrics().exposition().decode()
    # prometheus_client adds a `_created` gauge beside each counter and histogram (their start time).
    families = {
        f.name: f.type for f in text_string_to_metric_families(text) if not f.name.endswith("_created")
    }
    assert families == {
        "sitrep_polls": "counter",
        "sitrep_poll_failures": "counter",
        "sitrep_poll_duration_seconds": "histogram",
        "sitrep_articles": "counter",
        "sitrep_facts": "counter",
        "sitrep_alerts": "counter",
        "sitrep_deliveries": "counter",
        "sitrep_delivery_duration_seconds": "histogram",
        "sitrep_outbox_depth": "gauge",
    }


def test_labels_stay_bounded() -> None:
    metrics = Metrics()
    metrics.polled("https://example.org/rss.xml", 0.1, ok=True)  # a caller's slip: a URL for a kind
    metrics.delivered("slack:C0123456", "sent", 0.1)
    metrics.alerts("rumour")
    got = samples(metrics.exposition().decode())
    assert got[key("sitrep_polls_total", source_kind="other")] == 1
    assert got[key("sitrep_deliveries_total", destination_kind="other", outcome="sent")] == 1
    assert got[key("sitrep_alerts_total", kind="other")] == 1
    assert not any("example.org" in v or "C0123456" in v for _, labels in got for _, v in labels)
    with pytest.raises(ValueError, match="unknown delivery outcome"):
        metrics.delivered("slack", "lost", 0.1)  # type: ignore[arg-type]


def test_each_metrics_has_its_own_registry() -> None:
    first, second = Metrics(), Metrics()  # the default registry would refuse the second's names
    first.articles(3)
    assert samples(second.exposition().decode())[key("sitrep_articles_total")] == 0


@pytest.mark.parametrize(
    ("store_check", "scheduler_alive", "adapters", "status", "code"),
    [
        pytest.param(store_ok, lambda: True, lambda: {}, "ok", 200, id="ok-no-adapters"),
        pytest.param(
            store_ok,
            lambda: True,
            lambda: {"slack": "connected", "discord": "off", "console": "ok"},
            "ok",
            200,
            id="ok-adapters-healthy-or-off",
        ),
        pytest.param(
            store_ok,
            lambda: True,
            lambda: {"slack": "connected", "discord": "reconnecting"},
            "degraded",
            503,
            id="degraded-adapter-down",
        ),
        pytest.param(store_unreachable, lambda: True, lambda: {}, "down", 503, id="down-store"),
        pytest.param(
            store_ok, lambda: False, lambda: {"slack": "connected"}, "down", 503, id="down-scheduler"
        ),
    ],
)
async def test_healthz(
    store_check: Callable[[], Awaitable[None]],
    scheduler_alive: Callable[[], bool],
    adapters: Callable[[], dict[str, str]],
    status: str,
    code: int,
) -> None:
    async with serving(store_check=store_check, scheduler_alive=scheduler_alive, adapters=adapters) as client:
        response = await client.get("/healthz")
    assert response.status_code == code
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["store"]["ok"] is (store_check is store_ok)
    assert body["scheduler"] == {"alive": scheduler_alive()}
    assert body["adapters"] == adapters()


async def test_healthz_accepts_async_callables() -> None:
    async def alive() -> bool:
        return True

    async def adapters() -> dict[str, str]:
        return {"discord": "connected"}

    async with serving(scheduler_alive=alive, adapters=adapters) as client:  # type: ignore[arg-type]
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["adapters"] == {"discord": "connected"}


async def test_healthz_names_the_error_but_never_its_message() -> None:
    async with serving(store_check=store_unreachable) as client:
        response = await client.get("/healthz")
    assert response.json()["store"] == {"ok": False, "error": "ConnectionRefusedError"}
    assert "hunter2" not in response.text and "db.internal" not in response.text


async def test_healthz_failing_callbacks_are_reported_not_raised() -> None:
    def broken() -> dict[str, str]:
        raise RuntimeError("boom")

    async with serving(adapters=broken) as client:
        response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"


async def test_a_hanging_store_is_down_within_the_timeout() -> None:
    async with serving(store_check=store_hangs, store_timeout=0.2) as client:
        started = time.perf_counter()
        response = await client.get("/healthz")
        elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["store"] == {"ok": False, "error": "no answer within 0.2s"}
    assert elapsed < 1.5


async def test_healthz_with_a_real_store(tmp_path: Path) -> None:
    async with await Store.open(f"sqlite:///{tmp_path / 'sitrep.db'}") as store:
        check = engine_check(store.engine)
        async with serving(store_check=check, adapters=lambda: {"slack": "off"}) as client:
            response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["store"]["ok"] is True
    assert body["adapters"] == {"slack": "off"}


@pytest.mark.parametrize("path", ["/", "/health", "/metrics/x", "/admin"])
async def test_other_paths_are_not_found(path: str) -> None:
    async with serving() as client:
        response = await client.get(path)
    assert response.status_code == 404


async def test_start_and_stop() -> None:
    server = HealthServer(Metrics(), store_ok, lambda: True)
    await server.start()  # loopback and a free port by default
    port = server.port
    assert port
    with pytest.raises(RuntimeError, match="already started"):
        await server.start()
    await server.stop()
    await server.stop()  # twice is harmless
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/healthz")
