"""The persistent store, on SQLite always and on PostgreSQL when SITREP_TEST_DATABASE_URL is set.

Each PostgreSQL test gets a fresh schema (dropped afterwards), selected through asyncpg's search_path.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from bot import store_tables as tables
from bot.config import async_database_url
from bot.dedup import normalise_text, text_hash
from bot.message import Message, alert_message
from bot.models import Alert, Article, CasualtyFact, CeasefireFact, Fact, MeetingFact, SourceRef
from bot.state import CeasefireRecord, ConflictState, LedgerEntry, MeetingRecord, dump_state, load_state
from bot.store import ALL_KINDS, Store, alembic_config
from bot.store_batch import Target

TABLES = {
    "articles",
    "conflict_states",
    "alerts",
    "alert_keys",
    "article_bands",
    "deliveries",
    "feeds",
    "subscriptions",
}
T0 = dt.datetime(2025, 7, 24, 8, 30, tzinfo=dt.UTC)


@dataclass
class Backend:
    """Where a test's store lives: a URL plus the driver arguments that select its schema."""

    url: str
    connect_args: dict[str, Any]

    async def open(self) -> Store:
        return await Store.open(self.url, connect_args=self.connect_args)


@pytest.fixture(params=["sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        yield Backend(f"sqlite+aiosqlite:///{tmp_path / 'db' / 'sitrep.db'}", {})
        return
    raw = os.environ.get("SITREP_TEST_DATABASE_URL")
    if not raw:
        pytest.skip("SITREP_TEST_DATABASE_URL not set: PostgreSQL tests skipped")
    url = async_database_url(raw)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        yield Backend(url, {"server_settings": {"search_path": schema}})
    finally:
        async with admin.begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    s = await backend.open()
    try:
        yield s
    finally:
        await s.close()


def article(text: str = "Three soldiers were killed near the border.", **kw: Any) -> Article:
    fields: dict[str, Any] = {"title": "Clashes", "text": text, "published": T0, **kw}
    return Article(**fields)


def source(published: dt.datetime | dt.date = T0, title: str = "Clashes") -> SourceRef:
    return SourceRef(path=None, url="https://example.org/a", title=title, published=published)


def make_alert(headline: str = "3 killed", conflict: str = "tc") -> Alert:
    fact = CasualtyFact(metric="killed", count=3, group="military", party="Thailand", evidence="three")
    return Alert(
        conflict=conflict,
        kind="casualty",
        headline=headline,
        text=f"{headline} near the border.",
        facts=[fact],
        sources=[source(dt.date(2025, 7, 24)), source(T0, "Other")],
    )


def rich_state(conflict: str = "tc") -> ConflictState:
    refs = [source(dt.date(2025, 7, 24)), source(T0 + dt.timedelta(hours=1), "Later")]
    return ConflictState(
        conflict=conflict,
        casualties=[
            LedgerEntry(
                metric="killed",
                party="Thailand",
                group="civilians",
                count=12,
                qualifier="at_least",
                sources=refs,
                first_seen=T0,
                updated=T0 + dt.timedelta(days=1),
            ),
            LedgerEntry(
                metric="displaced",
                party=None,
                group="all",
                count=138000,
                qualifier="about",
                sources=refs[:1],
                first_seen=T0,
                updated=T0,
            ),
        ],
        meetings=[
            MeetingRecord(
                parties=["Thailand", "Cambodia", "Malaysia"],
                place="Kuala Lumpur",
                date=dt.date(2025, 7, 28),
                status="scheduled",
                sources=refs,
                first_seen=T0,
                updated=T0,
            )
        ],
        ceasefire=CeasefireRecord(status="in_effect", phase=2, since=T0.date(), sources=refs[1:]),
    )


async def count(store: Store, table: sa.Table, *where: Any) -> int:
    async with store.engine.connect() as conn:
        return (await conn.execute(sa.select(sa.func.count()).select_from(table).where(*where))).scalar_one()


async def test_open_migrates_and_reopening_is_idempotent(backend: Backend) -> None:
    store = await backend.open()
    try:
        async with store.engine.connect() as conn:
            names = set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))
            versions = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
        assert names >= TABLES | {"alembic_version"}
        assert [v[0] for v in versions] == ["0005"]
        assert await store.add_article(article(), "tc") is not None
    finally:
        await store.close()

    async with await backend.open() as again:  # second open: nothing to do, data kept
        assert await count(again, tables.articles) == 1
        async with again.engine.connect() as conn:
            assert (await conn.execute(sa.text("SELECT count(*) FROM alembic_version"))).scalar_one() == 1


async def test_migrations_downgrade_and_upgrade_again(store: Store) -> None:
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "base"))
        assert not TABLES & set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))
        await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "head"))
        assert set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names())) >= TABLES


async def test_sqlite_file_folder_created_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "sitrep.db"
    async with await Store.open(f"sqlite:///{path}") as store:  # plain URL mapped to aiosqlite
        assert path.parent.is_dir()
        async with store.engine.connect() as conn:
            assert (await conn.execute(sa.text("PRAGMA foreign_keys"))).scalar_one() == 1
            assert (await conn.execute(sa.text("PRAGMA journal_mode"))).scalar_one() == "wal"


async def test_in_memory_sqlite_works() -> None:
    async with await Store.open("sqlite+aiosqlite://") as store:
        assert await store.add_article(article(), None) == 1
        assert await store.load_state("tc") == ConflictState(conflict="tc")


async def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError):
        async with store.engine.begin() as conn:
            await conn.execute(
                tables.deliveries.insert().values(alert_id=999, destination="console", created=T0)
            )


def test_normalise_text() -> None:
    assert normalise_text("  Three  SOLDIERS,\nkilled!  ") == normalise_text("three soldiers killed")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_normalise_text_is_its_definition(text: str) -> None:
    """Case folded, every run of non-word characters and underscores one space, no space at either end."""
    assert normalise_text(text) == re.sub(r"[\W_]+", " ", text.casefold()).strip()


async def test_add_article_deduplicates_by_url_and_text(store: Store) -> None:
    first = await store.add_article(article(url="https://example.org/a", outlet="AP"), "tc")
    assert isinstance(first, int)
    # same URL, other text
    assert (
        await store.add_article(article("Something else entirely.", url="https://example.org/a"), "tc")
        is None
    )
    # same text up to case, whitespace and punctuation, other URL or none
    same_text = "  three SOLDIERS were\n\tkilled near the border "
    assert await store.add_article(article(same_text, url="https://example.org/b"), "tc") is None
    assert await store.add_article(article(same_text), None) is None
    # different texts without URLs are both kept
    second = await store.add_article(article("Talks are scheduled for Monday."), None)
    third = await store.add_article(article("A ceasefire took effect at midnight."), "tc")
    assert second is not None and third is not None and len({first, second, third}) == 3
    assert await count(store, tables.articles) == 3


async def test_add_article_stores_fields_with_aware_times(store: Store) -> None:
    naive = dt.datetime(2025, 7, 24, 10, 0)
    article_id = await store.add_article(
        article(url="https://x/1", outlet="AP", path="a.md", published=naive), "tc"
    )
    dated = await store.add_article(article("Only a date.", published=dt.date(2025, 7, 25)), None)
    async with store.engine.connect() as conn:
        rows = {r.id: r for r in (await conn.execute(sa.select(tables.articles))).all()}
    row = rows[article_id]
    assert (row.conflict, row.url, row.outlet, row.path, row.title) == (
        "tc",
        "https://x/1",
        "AP",
        "a.md",
        "Clashes",
    )
    assert row.published == naive.replace(tzinfo=dt.UTC) and row.published.tzinfo is not None
    assert row.first_seen.tzinfo is not None and row.facts is None
    assert rows[dated].published == dt.datetime(2025, 7, 25, tzinfo=dt.UTC)
    assert rows[dated].conflict is None


async def test_add_article_race_stores_once(store: Store) -> None:
    results = await asyncio.gather(
        *(store.add_article(article(url="https://x/race"), "tc") for _ in range(6))
    )
    assert len([r for r in results if r is not None]) == 1
    assert await count(store, tables.articles) == 1


async def test_add_article_lost_race_returns_none(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert await store.add_article(article(url="https://x/1"), "tc") is not None

    async def never_stored(*args: Any) -> bool:  # as if the other writer committed after our check
        return False

    monkeypatch.setattr(Store, "is_known", never_stored)
    assert await store.add_article(article(url="https://x/1"), "tc") is None
    assert await store.add_article(article(url="https://x/2"), "tc") is None  # same text hash
    assert await count(store, tables.articles) == 1


async def test_load_state_defaults_to_empty(store: Store) -> None:
    assert await store.load_state("nowhere") == ConflictState(conflict="nowhere")


def to(*names: str, min_sources: int = 1) -> Callable[[str], list[Target]]:
    return lambda conflict: [Target(n, ALL_KINDS, min_sources) for n in names]


async def write(
    store: Store,
    art: Article,
    facts: list[Fact],
    state: ConflictState,
    alerts: list[Alert],
    destinations: tuple[str, ...] = (),
) -> tuple[int, list[int]]:
    """One article and its outcome, written in one transaction; the new article and alert ids."""
    async with store.transaction(to(*destinations)) as tx:
        article_ref = tx.add_article(art, "tc", facts, text_hash(art), None, None)
        tx.put_state(state)
        refs = [tx.add_alert(a, article_ref) for a in alerts]
    assert article_ref.id is not None and all(r.id is not None for r in refs)
    return article_ref.id, [r.id for r in refs if r.id is not None]


async def test_a_transaction_writes_facts_state_alerts_and_deliveries(store: Store) -> None:
    facts: list[Fact] = [
        CasualtyFact(metric="killed", count=3, evidence="three soldiers"),
        MeetingFact(
            parties=["Thailand", "Cambodia"], date=dt.date(2025, 7, 28), status="scheduled", evidence="m"
        ),
        CeasefireFact(status="agreed", evidence="c"),
    ]
    state = rich_state()
    a1, a2 = make_alert("first"), make_alert("second")
    article_id, ids = await write(store, article(), facts, state, [a1, a2], ("console", "slack:C1"))
    assert len(ids) == 2 and ids[0] < ids[1]

    assert await store.load_state("tc") == state
    assert await store.recent_alerts("tc") == [a2, a1]
    assert await store.recent_alerts("tc", limit=1) == [a2]
    assert await store.recent_alerts("other") == []
    async with store.engine.connect() as conn:
        stored = (await conn.execute(sa.select(tables.articles.c.facts))).scalar_one()
        linked = (await conn.execute(sa.select(tables.alerts.c.article_id))).scalars().all()
    assert TypeAdapter(list[Fact]).validate_json(TypeAdapter(Any).dump_json(stored)) == facts
    assert linked == [article_id, article_id]

    pending = await store.pending_deliveries()
    assert [(d.alert_id, d.destination, d.action, d.attempts) for d in pending] == [
        (ids[0], "console", "post", 0),
        (ids[0], "slack:C1", "post", 0),
        (ids[1], "console", "post", 0),
        (ids[1], "slack:C1", "post", 0),
    ]
    assert pending[0].message == alert_message(a1, ids[0]) and pending[3].message == alert_message(a2, ids[1])
    assert isinstance(pending[0].message.sources[0].published, dt.date)
    assert not isinstance(pending[0].message.sources[0].published, dt.datetime)
    assert len(await store.pending_deliveries(limit=3)) == 3

    # a later article replaces the state; no alerts means no deliveries
    await write(store, article("A later report."), [], ConflictState(conflict="tc"), [], ("console",))
    assert await store.load_state("tc") == ConflictState(conflict="tc")
    assert await count(store, tables.conflict_states) == 1
    assert await count(store, tables.deliveries) == 4


async def test_a_transaction_is_all_or_nothing(store: Store) -> None:
    before = rich_state()
    await write(store, article(), [], before, [make_alert("kept")], ("console",))
    changed = ConflictState(
        conflict="tc", ceasefire=CeasefireRecord(status="collapsed", phase=3, since=T0.date(), sources=[])
    )
    facts: list[Fact] = [CeasefireFact(status="collapsed", evidence="x")]
    with pytest.raises(IntegrityError):  # the same destination twice breaks uniqueness mid-transaction
        await write(
            store, article("Another report."), facts, changed, [make_alert("lost")], ("console", "console")
        )

    assert await store.load_state("tc") == before
    assert await store.recent_alerts("tc") == [make_alert("kept")]
    assert await count(store, tables.alerts) == 1
    assert await count(store, tables.deliveries) == 1
    assert not await store.is_known(article("Another report."))


async def test_quiet_alerts_are_stored_but_never_queued(store: Store) -> None:
    async with store.transaction(to("console")) as tx:
        tx.add_alert(make_alert("backlog"), None, quiet=True)
        tx.post_message(Message(kind="baseline", conflict="tc", title="Now following"), ["console"])
    assert await store.recent_alerts("tc") == [make_alert("backlog")]
    [baseline] = await store.pending_deliveries()
    assert (baseline.alert_id, baseline.message.kind, baseline.message.title) == (
        None,
        "baseline",
        "Now following",
    )


async def test_corroboration_counts_outlets_and_queues_edits_and_late_posts(store: Store) -> None:
    key = "casualty|killed|Thailand|military|3"
    alert = make_alert("3 killed").model_copy(update={"keys": [key]})

    def targets(conflict: str) -> list[Target]:
        return [Target("console", ALL_KINDS, 1), Target("slack:C1", ALL_KINDS, 2)]

    async with store.transaction(targets) as tx:
        ref = tx.add_alert(alert, None)
    [post] = await store.pending_deliveries()  # slack:C1 waits for a second outlet
    assert post.destination == "console" and post.message.outlets == 1 and post.alert_id == ref.id
    await store.mark_sent(post.id, "m-1")

    def report(url: str) -> SourceRef:
        return SourceRef(path=None, url=url, title="Report", published=T0)

    async with store.transaction(targets) as tx:
        tx.corroborate("tc", [key], report("https://example.org/b"))  # the same outlet as the alert's
    assert await store.pending_deliveries() == []
    async with store.transaction(targets) as tx:
        tx.corroborate("tc", [key], report("https://other.example/x"))  # a second outlet
        tx.corroborate("tc", ["no such key"], report("https://third.example/y"))
    pending = await store.pending_deliveries()
    assert [(d.destination, d.action, d.edit_of) for d in pending] == [
        ("console", "edit", "m-1"),
        ("slack:C1", "post", None),
    ]
    assert all(d.message.outlets == 2 and d.message.footer() == "Confirmed by 2 outlets" for d in pending)
    async with store.engine.connect() as conn:
        sources = (await conn.execute(sa.select(tables.alerts.c.sources))).scalar_one()
    assert [s["url"] for s in sources][-2:] == ["https://example.org/b", "https://other.example/x"]


async def test_delivery_transitions(store: Store) -> None:
    _, [alert_id] = await write(
        store, article(), [], ConflictState(conflict="tc"), [make_alert()], ("a", "b", "c")
    )
    a, b, c = await store.pending_deliveries()

    await store.mark_failed(a.id, "timeout", give_up=False)  # retried later
    await store.mark_failed(b.id, "forbidden", give_up=True)  # given up
    await store.mark_sent(c.id, message_id="1234.5678")
    [still] = await store.pending_deliveries()
    assert (still.id, still.attempts, still.alert_id) == (a.id, 1, alert_id)

    await store.mark_failed(a.id, "timeout again", give_up=False)
    await store.mark_sent(a.id)
    assert await store.pending_deliveries() == []

    async with store.engine.connect() as conn:
        rows = {r.destination: r for r in (await conn.execute(sa.select(tables.deliveries))).all()}
    assert (rows["a"].status, rows["a"].attempts, rows["a"].last_error) == ("sent", 3, "timeout again")
    assert (rows["b"].status, rows["b"].attempts, rows["b"].last_error) == ("failed", 1, "forbidden")
    assert (rows["c"].status, rows["c"].attempts, rows["c"].message_id) == ("sent", 1, "1234.5678")
    assert rows["c"].sent_at is not None and rows["c"].sent_at.tzinfo is not None
    assert rows["b"].sent_at is None and rows["a"].message_id is None

    with pytest.raises(LookupError):
        await store.mark_sent(99999)
    with pytest.raises(LookupError):
        await store.mark_failed(99999, "x", give_up=True)


async def test_subscriptions(store: Store) -> None:
    s1 = await store.add_subscription("slack", "C1", "tc")
    assert (s1.platform, s1.channel, s1.conflict, s1.min_sources) == ("slack", "C1", "tc", 1)
    assert s1.kinds == ["casualty", "meeting", "ceasefire"] and s1.created.tzinfo is not None
    s2 = await store.add_subscription("discord", "42", "tc", kinds=["ceasefire"], min_sources=2)
    s3 = await store.add_subscription("slack", "C1", "other", kinds=["meeting", "meeting"])
    assert s3.kinds == ["meeting"]

    again = await store.add_subscription("slack", "C1", "tc", kinds=["casualty"], min_sources=3)
    assert (again.id, again.kinds, again.min_sources) == (s1.id, ["casualty"], 3)

    assert [s.id for s in await store.subscriptions()] == [s1.id, s2.id, s3.id]
    assert await store.subscriptions("tc") == [again, s2]
    assert await store.subscriptions(platform="slack", channel="C1") == [again, s3]
    assert await store.subscriptions("nowhere") == []

    assert await store.remove_subscription("slack", "C1", "tc") is True
    assert await store.remove_subscription("slack", "C1", "tc") is False
    assert await store.subscriptions("tc") == [s2]

    with pytest.raises(ValidationError):
        await store.add_subscription("slack", "C1", "tc", kinds=["gossip"])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        await store.add_subscription("slack", "C1", "tc", min_sources=0)
    assert await store.subscriptions("tc") == [s2]


async def test_state_round_trip(store: Store) -> None:
    state = rich_state()
    other = rich_state("other").model_copy(update={"ceasefire": None})
    async with store.transaction(to()) as tx:
        tx.put_state(state)
        tx.put_state(other)
    loaded = await store.load_state("tc")
    assert loaded == state
    assert loaded.meetings[0].date == dt.date(2025, 7, 28)
    assert type(loaded.casualties[0].sources[0].published) is dt.date
    assert loaded.casualties[0].first_seen == T0
    assert await store.load_state("other") == other


async def test_a_state_is_stored_with_each_source_once(store: Store) -> None:
    state = rich_state()
    async with store.transaction(to()) as tx:
        tx.put_state(state)
    async with store._engine.connect() as conn:
        stored = (await conn.execute(sa.select(tables.conflict_states.c.state))).scalar_one()
    assert stored["format"] == 2
    assert [s["title"] for s in stored["sources"]] == ["Clashes", "Later"]  # five uses, two sources
    assert stored["state"]["meetings"][0]["sources"] == [0, 1]
    loaded = await store.load_state("tc")
    assert loaded == state
    assert loaded.meetings[0].sources[1] is loaded.ceasefire.sources[0]  # shared, not copied


async def test_a_state_stored_with_its_sources_written_out_still_loads(store: Store) -> None:
    state = rich_state()
    async with store._engine.begin() as conn:  # as states were written before the table of sources
        await conn.execute(
            tables.conflict_states.insert().values(
                conflict="tc", state=state.model_dump(mode="json"), updated=dt.datetime.now(dt.UTC)
            )
        )
    assert await store.load_state("tc") == state
    async with store.transaction(to()) as tx:  # and it is read, and rewritten, inside a transaction too
        assert await tx.state("tc") == state
        tx.put_state(state)
    assert await store.load_state("tc") == state


def test_a_stored_state_naming_a_source_it_lacks_is_an_error() -> None:
    stored = json.loads(dump_state(rich_state()))
    stored["state"]["meetings"][0]["sources"] = [0, 7]
    with pytest.raises(ValidationError, match="source 7 is not in the state's table of sources"):
        load_state(stored)


async def test_a_state_stored_before_reports_were_kept_keeps_its_views_as_reports() -> None:
    old = rich_state().model_dump(mode="json")
    for key in ("meeting_reports", "ceasefire_reports", "announced"):
        old.pop(key)
    for entry in old["casualties"]:
        entry.pop("reports")
    state = ConflictState.model_validate(old)
    assert [r.count for e in state.casualties for r in e.reports] == [12, 138000]
    assert state.meeting_reports[0].place == "Kuala Lumpur"
    assert state.ceasefire_reports[0].status == "in_effect"


def test_migration_files_are_named_by_their_revision_and_form_one_chain() -> None:
    from bot.store import MIGRATIONS_DIR, head_revision

    files = sorted((MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))
    previous = None
    for path in files:
        text = path.read_text(encoding="utf-8")
        prefix = path.name.split("_", 1)[0]
        assert f'revision: str = "{prefix}"' in text
        assert (
            f'down_revision: str | None = "{previous}"' if previous else "down_revision: str | None = None"
        ) in text
        previous = prefix
    assert head_revision() == previous
