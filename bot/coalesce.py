"""Many concurrent requests served by one round trip ('group commit').

Hundreds of feeds polled at once each want their stored record, and each unchanged feed (a 304) wants its
poll recorded. One query or one transaction per feed costs a round trip each (about a millisecond through
the async engine); the same work for all of them at once costs one. A `Coalescer` gathers the keys asked
for while its previous round trip is under way and serves them all with the next one, so a lone request
is served at once and a crowd is served in a few rounds, whatever the load.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Coalescer(Generic[K, V]):
    """`await coalescer(key)` -> `run(keys)[key]`, where `run` serves every key asked for since its last
    round trip began (each key once; a key it leaves out gives None). An error in `run` is raised to every
    caller of that round; the next round is tried again for its own callers."""

    def __init__(self, run: Callable[[Sequence[K]], Awaitable[dict[K, V]]]) -> None:
        self._run = run
        self._pending: list[tuple[K, asyncio.Future[V | None]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def __call__(self, key: K) -> V | None:
        future: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._pending.append((key, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[K, asyncio.Future[V | None]]] = []
        try:
            await asyncio.sleep(0)  # the callers of this turn of the event loop join the first round
            while self._pending:
                batch, self._pending = self._pending, []
                keys = list(dict.fromkeys(key for key, future in batch if not future.cancelled()))
                if not keys:
                    continue
                try:
                    results = await self._run(keys)
                except Exception as exc:  # every caller of the round learns it failed
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                else:
                    for key, future in batch:
                        if not future.done():
                            future.set_result(results.get(key))
        finally:  # cancelled (the loop is closing): no caller is left waiting for ever
            for _, future in [*batch, *self._pending]:
                future.cancel()
