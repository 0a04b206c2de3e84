"""One batch of articles written in one database transaction: the store side of `bot.pipeline`.

A `Transaction` answers what the pipeline asks while it works through a batch (is this article known? is it
a near-duplicate of one already read? what is this conflict's state?) from what it fetched once at the start
(`prefetch_bands`) and what the batch added since, and it collects what the pipeline decides: articles, alerts,
corroborations, messages, states. `flush` writes them all with a handful of multi-row statements, and
everything commits together or not at all: a crash leaves the whole batch unread, to be read again.

On PostgreSQL a transaction holds an advisory lock per conflict it reads, so two instances never detect
changes on the same conflict at once; a unique constraint stops two instances storing one article twice
(the losing batch rolls back and is retried).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot import dedup
from bot import store_tables as tables
from bot.message import Message
from bot.models import Alert, AlertKind, Article, Fact, SourceRef
from bot.state import ConflictState, load_state, merge_sources

_facts = TypeAdapter(list[Fact])
_sources = TypeAdapter(list[SourceRef])
_CHUNK = 900  # values per IN (...) query (SQLite allows 32,766 parameters)


@dataclass(frozen=True)
class Target:
    """Somewhere alerts of a conflict go: a configured destination ('console') or a subscribed channel
    ('slack:C0123'), with the alert kinds it wants and how many outlets must report a change first."""

    name: str
    kinds: tuple[AlertKind, ...]
    min_sources: int = 1


@dataclass
class Ref:
    """A row the transaction will write; `id` is set when it is written (at `flush`)."""

    id: int | None = None


@dataclass
class NearDuplicate:
    """The article an incoming one nearly copies (stored, or earlier in this batch), and its facts."""

    original: Ref
    similarity: float
    facts: list[Fact]


@dataclass
class _Candidate:
    ref: Ref
    signature: bytes
    facts: list[Fact] | None  # None until needed, for a stored article


@dataclass
class _AlertRow:
    ref: Ref
    alert: Alert
    quiet: bool
    article: Ref | None


@dataclass(frozen=True)
class FeedPoll:
    """What a feed's successful poll leaves for the next one: validators, and when it may next be polled."""

    url: str
    etag: str | None
    last_modified: str | None
    next_poll: dt.datetime | None = None
    min_interval: float | None = None


@dataclass
class Transaction:
    conn: AsyncConnection
    targets: Callable[[str], Sequence[Target]]
    now: dt.datetime
    known_states: dict[str, tuple[dt.datetime, ConflictState]] = field(default_factory=dict)
    _urls: set[str] = field(default_factory=set)
    _digests: set[str] = field(default_factory=set)
    _bands: dict[int, list[_Candidate]] = field(default_factory=dict)
    _states: dict[str, ConflictState] = field(default_factory=dict)
    _changed: set[str] = field(default_factory=set)
    _articles: list[tuple[Ref, dict[str, Any], Ref | None, bytes | None]] = field(default_factory=list)
    _alerts: list[_AlertRow] = field(default_factory=list)
    _corroborations: list[tuple[str, tuple[str, ...], SourceRef]] = field(default_factory=list)
    _feeds: list[dict[str, Any]] = field(default_factory=list)
    _edits: list[dict[str, Any]] = field(default_factory=list)
    _messages: list[tuple[Message, tuple[str, ...]]] = field(default_factory=list)
    queued_messages: bool = False  # a message outside the alerts (a status view, a notice) was queued

    @property
    def _postgres(self) -> bool:
        return self.conn.dialect.name == "postgresql"

    # -- what is already stored ---------------------------------------------------------------------------

    async def prefetch_bands(self, signatures: Sequence[bytes | None]) -> None:
        """Fetch the stored articles that share an LSH band with any of these signatures, for
        `near_duplicate`."""
        bands = sorted({b for s in signatures if s is not None for b in dedup.bands(s)} - set(self._bands))
        stored: dict[int, _Candidate] = {}
        for chunk in _chunks(bands):
            query = (
                sa.select(tables.article_bands.c.band, tables.articles.c.id, tables.articles.c.signature)
                .join(tables.articles, tables.articles.c.id == tables.article_bands.c.article_id)
                .where(tables.article_bands.c.band.in_(chunk))
            )
            for row in (await self.conn.execute(query)).all():
                candidate = stored.setdefault(row.id, _Candidate(Ref(row.id), row.signature, None))
                self._bands.setdefault(row.band, []).append(candidate)

    def is_known(self, url: str | None, digest: str) -> bool:
        """True when an article with this URL or normalised-text hash was added in this batch (those stored
        before it are known already: `Store.seen`)."""
        return digest in self._digests or (url is not None and url in self._urls)

    async def near_duplicate(self, signature: bytes) -> NearDuplicate | None:
        """The most similar article at or above `dedup.NEAR_DUPLICATE` (stored and found by
        `prefetch_bands`, or earlier in this batch), if any, with the facts read from it."""
        best: tuple[float, _Candidate] | None = None
        seen: set[int] = set()
        for band in dedup.bands(signature):
            for candidate in self._bands.get(band, ()):
                if id(candidate) in seen:
                    continue
                seen.add(id(candidate))
                score = dedup.similarity(signature, candidate.signature)
                if score >= dedup.NEAR_DUPLICATE and (best is None or score > best[0]):
                    best = (score, candidate)
        if best is None:
            return None
        score, candidate = best
        if candidate.facts is None and candidate.ref.id is not None:
            candidate.facts = await self.facts_of(candidate.ref.id)
        return NearDuplicate(candidate.ref, score, candidate.facts or [])

    # -- what the batch adds ------------------------------------------------------------------------------

    def add_article(
        self,
        article: Article,
        conflict: str | None,
        facts: list[Fact] | None,
        digest: str,
        signature: bytes | None,
        duplicate_of: Ref | None,
        replaces: int | None = None,
    ) -> Ref:
        """Add an article (with its facts, None when they are not known); an original's signature joins
        the near-duplicate index. An edited version `replaces` the stored article with that id."""
        ref = Ref(replaces)
        row: dict[str, Any] = {
            "conflict": conflict,
            "url": article.url,
            "text_hash": digest,
            "title": article.title,
            "path": article.path,
            "outlet": article.outlet,
            "published": article.published_at,
            "first_seen": self.now,
            # None, not JSON 'null', when unknown
            "facts": None if facts is None else _facts.dump_python(facts, mode="json"),
            "signature": signature,
            "entry_key": article.key,
        }
        if replaces is not None:
            row = {k: v for k, v in row.items() if k not in ("first_seen", "conflict")}
            self._edits.append({**row, "article_id": replaces})
        else:
            self._articles.append((ref, row, duplicate_of, signature))
        self._digests.add(digest)
        if article.url:
            self._urls.add(article.url)
        if signature is not None and duplicate_of is None:
            candidate = _Candidate(ref, signature, list(facts or []))
            for band in dedup.bands(signature):
                self._bands.setdefault(band, []).append(candidate)
        return ref

    async def facts_of(self, article_id: int) -> list[Fact]:
        """The facts stored for an article."""
        query = sa.select(tables.articles.c.facts).where(tables.articles.c.id == article_id)
        return _facts.validate_python((await self.conn.execute(query)).scalar_one_or_none() or [])

    async def state(self, conflict: str) -> ConflictState:
        """The conflict's state as this batch left it (read once, locked on PostgreSQL)."""
        if conflict not in self._states:
            if self._postgres:
                key = zlib.crc32(conflict.encode())
                await self.conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
            self._states[conflict] = await self._read_state(conflict)
        return self._states[conflict]

    async def _read_state(self, conflict: str) -> ConflictState:
        where = tables.conflict_states.c.conflict == conflict
        stamp = (
            await self.conn.execute(sa.select(tables.conflict_states.c.updated).where(where))
        ).scalar_one_or_none()
        if stamp is None:
            return ConflictState(conflict=conflict)
        known = self.known_states.get(conflict)
        if known is not None and known[0] == stamp:
            return known[1]  # states are never changed in place: detection returns new ones
        stored = (
            await self.conn.execute(sa.select(tables.conflict_states.c.state).where(where))
        ).scalar_one()
        state = load_state(stored)
        self.known_states[conflict] = (stamp, state)
        return state

    def put_state(self, state: ConflictState) -> None:
        self._states[state.conflict] = state
        self._changed.add(state.conflict)

    def add_alert(self, alert: Alert, article: Ref | None, *, quiet: bool = False) -> Ref:
        """Add an alert and the facts it announces; unless `quiet`, it is queued for every target that
        wants it and needs no more outlets than it has."""
        ref = Ref()
        self._alerts.append(_AlertRow(ref, alert, quiet, article))
        return ref

    def corroborate(self, conflict: str, keys: Sequence[str], source: SourceRef) -> None:
        """Record that `source` confirms the facts `keys` announced: each alert that announced one gains
        the source; when that adds an outlet, targets whose `min_sources` it now reaches get the alert, and
        posts already made are queued for an edit."""
        if keys:
            self._corroborations.append((conflict, tuple(keys), source))

    def record_feed(self, poll: FeedPoll) -> None:
        """Record a successful poll of a feed: its validators, when it may next be polled, and its first
        poll if this is it; its failures are forgotten."""
        self._feeds.append(
            {
                "url": poll.url,
                "etag": poll.etag,
                "last_modified": poll.last_modified,
                "next_poll": poll.next_poll,
                "min_interval": poll.min_interval,
            }
        )

    def post_message(self, message: Message, destinations: Sequence[str]) -> None:
        """Queue a message that is not an alert (a status view, a baseline summary) to `destinations`."""
        if destinations:
            self._messages.append((message, tuple(destinations)))

    # -- writing ------------------------------------------------------------------------------------------

    async def flush(self) -> None:
        """Write everything the batch added, in dependency order."""
        await self._write_articles()
        gained = await self._write_alerts_and_corroborations()
        await self._queue(gained)
        await self._write_states_feeds_messages()

    async def _write_articles(self) -> None:
        if self._edits:  # edited versions of stored articles replace them
            columns = [k for k in self._edits[0] if k != "article_id"]
            await self.conn.execute(
                tables.articles.update()
                .where(tables.articles.c.id == sa.bindparam("article_id"))
                .values({k: sa.bindparam(f"new_{k}") for k in columns}),
                [{"article_id": e["article_id"], **{f"new_{k}": e[k] for k in columns}} for e in self._edits],
            )
            self._edits.clear()
        if not self._articles:
            return
        rows = [{**row, "duplicate_of": dup.id if dup else None} for _, row, dup, _ in self._articles]
        # Matched back by text hash, which is unique: cheaper than asking for the rows in order.
        result = await self.conn.execute(
            tables.articles.insert().returning(tables.articles.c.id, tables.articles.c.text_hash), rows
        )
        ids = {digest: int(new_id) for new_id, digest in result.all()}
        for ref, row, _, _ in self._articles:
            ref.id = ids[row["text_hash"]]
        unresolved = [
            {"i": ref.id, "d": dup.id}
            for (ref, _, dup, _), row in zip(self._articles, rows, strict=True)
            if dup is not None and row["duplicate_of"] is None
        ]
        if unresolved:  # copies of articles earlier in this batch
            await self.conn.execute(
                tables.articles.update()
                .where(tables.articles.c.id == sa.bindparam("i"))
                .values(duplicate_of=sa.bindparam("d")),
                unresolved,
            )
        bands = [
            {"band": band, "article_id": ref.id}
            for ref, _, dup, signature in self._articles
            if signature is not None and dup is None
            for band in dedup.bands(signature)
        ]
        if bands:
            await self.conn.execute(tables.article_bands.insert(), bands)
        self._articles.clear()

    async def _write_alerts_and_corroborations(self) -> dict[int, tuple[str, str, int]]:
        """Insert the alerts, then apply the corroborations; return the alerts to queue: id -> (conflict,
        kind, outlets)."""
        queue: dict[int, tuple[str, str, int]] = {}
        if self._alerts:
            rows = [
                {
                    **r.alert.model_dump(mode="json"),
                    "outlets": 1,
                    "article_id": r.article.id if r.article else None,
                    "created": self.now,
                }
                for r in self._alerts
            ]
            ids = await self._insert_returning(tables.alerts, rows)
            keys = []
            for row, new_id in zip(self._alerts, ids, strict=True):
                row.ref.id = new_id
                keys += [
                    {"alert_id": new_id, "conflict": row.alert.conflict, "key": k} for k in row.alert.keys
                ]
                if not row.quiet:
                    queue[new_id] = (row.alert.conflict, row.alert.kind, 1)
            if keys:
                await self.conn.execute(tables.alert_keys.insert(), keys)
            self._alerts.clear()
        for alert_id, (conflict, kind, outlets) in (await self._corroborate()).items():
            queue[alert_id] = (conflict, kind, outlets)
        return queue

    async def _corroborate(self) -> dict[int, tuple[str, str, int]]:
        """Apply the batch's corroborations; return the alerts that gained an outlet."""
        if not self._corroborations:
            return {}
        announced: dict[tuple[str, str], list[int]] = {}
        for conflict in sorted({c for c, _, _ in self._corroborations}):
            keys = sorted({k for c, ks, _ in self._corroborations if c == conflict for k in ks})
            for chunk in _chunks(keys):
                query = sa.select(tables.alert_keys.c.alert_id, tables.alert_keys.c.key).where(
                    tables.alert_keys.c.conflict == conflict, tables.alert_keys.c.key.in_(chunk)
                )
                for row in (await self.conn.execute(query)).all():
                    announced.setdefault((conflict, row.key), []).append(row.alert_id)
        ids = sorted({i for found in announced.values() for i in found})
        alerts: dict[int, Any] = {}
        for chunk in _chunks(ids):
            query = sa.select(
                tables.alerts.c.id, tables.alerts.c.conflict, tables.alerts.c.kind, tables.alerts.c.sources
            ).where(tables.alerts.c.id.in_(chunk))
            for row in (await self.conn.execute(query)).all():
                alerts[row.id] = [row.conflict, row.kind, _sources.validate_python(row.sources)]
        before = {i: len({s.outlet_id() for s in a[2]}) for i, a in alerts.items()}
        changed: set[int] = set()
        for conflict, keys, source in self._corroborations:
            for alert_id in sorted({i for k in keys for i in announced.get((conflict, k), ())}):
                sources = alerts[alert_id][2]
                if source not in sources:
                    alerts[alert_id][2] = merge_sources(sources, [source])
                    changed.add(alert_id)
        self._corroborations.clear()
        gained: dict[int, tuple[str, str, int]] = {}
        updates = []
        for alert_id in sorted(changed):
            conflict, kind, sources = alerts[alert_id]
            outlets = len({s.outlet_id() for s in sources})
            updates.append({"i": alert_id, "s": _sources.dump_python(sources, mode="json"), "o": outlets})
            if outlets > before[alert_id]:
                gained[alert_id] = (conflict, kind, outlets)
        if updates:
            await self.conn.execute(
                tables.alerts.update()
                .where(tables.alerts.c.id == sa.bindparam("i"))
                .values(sources=sa.bindparam("s"), outlets=sa.bindparam("o")),
                updates,
            )
        return gained

    async def _queue(self, alerts: dict[int, tuple[str, str, int]]) -> None:
        """Queue each alert's post to every target now eligible, and an edit of every post already made."""
        if not alerts:
            return
        existing: dict[tuple[int, str, str], Any] = {}
        for chunk in _chunks(sorted(alerts)):
            query = sa.select(
                tables.deliveries.c.alert_id,
                tables.deliveries.c.destination,
                tables.deliveries.c.action,
                tables.deliveries.c.status,
                tables.deliveries.c.message_id,
            ).where(tables.deliveries.c.alert_id.in_(chunk))
            for row in (await self.conn.execute(query)).all():
                existing[(row.alert_id, row.destination, row.action)] = row
        inserts: list[dict[str, Any]] = []
        repending: list[dict[str, Any]] = []
        for alert_id, (conflict, kind, outlets) in alerts.items():
            for target in self.targets(conflict):
                if kind not in target.kinds or outlets < target.min_sources:
                    continue
                post = existing.get((alert_id, target.name, "post"))
                if post is None:
                    inserts.append({"alert_id": alert_id, "destination": target.name, "action": "post"})
                elif post.status == "sent" and post.message_id:
                    edit = existing.get((alert_id, target.name, "edit"))
                    if edit is None:
                        inserts.append({"alert_id": alert_id, "destination": target.name, "action": "edit"})
                    elif edit.status != "pending":
                        repending.append({"a": alert_id, "d": target.name})
        if inserts:
            rows = [{**r, "status": "pending", "created": self.now} for r in inserts]
            await self.conn.execute(tables.deliveries.insert(), rows)
        if repending:
            await self.conn.execute(
                tables.deliveries.update()
                .where(
                    tables.deliveries.c.alert_id == sa.bindparam("a"),
                    tables.deliveries.c.destination == sa.bindparam("d"),
                    tables.deliveries.c.action == "edit",
                )
                .values(status="pending", attempts=0, last_error=None),
                repending,
            )

    async def _write_states_feeds_messages(self) -> None:
        insert = postgresql.insert if self._postgres else sqlite.insert
        for conflict in sorted(self._changed):
            stmt = insert(tables.conflict_states)
            values = {"conflict": conflict, "state": self._states[conflict]}  # (written by `store._json`)
            await self.conn.execute(
                stmt.values(**values, updated=self.now).on_conflict_do_update(
                    index_elements=[tables.conflict_states.c.conflict],
                    set_={"state": stmt.excluded.state, "updated": stmt.excluded.updated},
                )
            )
            self.known_states[conflict] = (self.now, self._states[conflict])
        self._changed.clear()
        if self._feeds:  # one statement for every feed (its latest poll, if it was polled twice)
            latest = {feed["url"]: feed for feed in self._feeds}
            rows = [
                {**feed, "first_polled": self.now, "last_polled": self.now, "failures": 0, "last_error": None}
                for feed in latest.values()
            ]
            stmt = insert(tables.feeds)
            kept = [k for k in rows[0] if k not in ("url", "first_polled")]
            await self.conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[tables.feeds.c.url], set_={k: stmt.excluded[k] for k in kept}
                ),
                rows,
            )
        self._feeds.clear()
        rows = [
            {
                "destination": d,
                "action": "post",
                "payload": message.model_dump(mode="json"),
                "status": "pending",
                "created": self.now,
            }
            for message, destinations in self._messages
            for d in destinations
        ]
        if rows:
            await self.conn.execute(tables.deliveries.insert(), rows)
            self.queued_messages = True
        self._messages.clear()

    async def _insert_returning(self, table: sa.Table, rows: list[dict[str, Any]]) -> list[int]:
        """Insert `rows` in one statement; their new ids, in the order given."""
        result = await self.conn.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [int(i) for i in result.scalars().all()]


def _chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]
