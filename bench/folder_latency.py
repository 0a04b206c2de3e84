"""Latency of a watched folder: from an article file written to its alert printed by `sitrep run`.

Usage: python bench/folder_latency.py [N]   (N articles, default 100)

Starts `sitrep run` on a folder source (scanned only once an hour, so only the file watcher can be fast)
with the console destination, then writes N article files one at a time, each reporting a higher death
toll, and waits for each alert to be printed before writing the next. Printed: p50, p95 and the worst
latency from the write to the alert on stdout, and as the baseline, measured in the same run, the time to
write the file itself.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOLL = 5000  # the first article's toll; article i reports TOLL + i

sys.path.insert(0, str(ROOT))

from tests.conflicts import conflict_toml  # noqa: E402

CONFIG = f"""
{conflict_toml()}
[[sources]]
kind = "folder"
path = "articles"
conflict = "tc"
interval = "1h"
"""


def article(n: int) -> str:
    return (
        f"---\ntitle: Border clashes, report {n}\ndate: 2025-12-{1 + n % 28:02d}\n---\n"
        f"Thai officials said {TOLL + n} soldiers had been killed in the fighting with Cambodia since July.\n"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory(prefix="sitrep-latency-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        (Path(tmp) / "sitrep.toml").write_text(CONFIG, encoding="utf-8")
        env = {**os.environ, "SITREP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/s.db", "COLUMNS": "200"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        seen: dict[int, float] = {}

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                for word in line.split():
                    word = word.replace(",", "")
                    if word.isdigit() and int(word) >= TOLL:
                        seen.setdefault(int(word) - TOLL, time.perf_counter())

        threading.Thread(target=read, daemon=True).start()
        time.sleep(3)  # let it start and watch the folder
        latencies, writes = [], []
        try:
            for i in range(n):
                start = time.perf_counter()
                hidden = folder / f".{i:04d}.tmp"
                hidden.write_text(article(i), encoding="utf-8")
                hidden.rename(folder / f"{i:04d}.md")  # appears whole: watchers never see half a file
                writes.append(time.perf_counter() - start)
                deadline = start + 30
                while i not in seen and time.perf_counter() < deadline:
                    time.sleep(0.005)
                if i not in seen:
                    raise SystemExit(f"no alert for article {i} within 30 s")
                latencies.append(seen[i] - start)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{n} articles dropped one at a time into a watched folder")
    print(f"write the file (baseline)   p50 {statistics.median(writes) * 1000:7.1f} ms")
    print(
        f"file written -> alert       p50 {cuts[49] * 1000:7.1f} ms   p95 {cuts[94] * 1000:7.1f} ms   "
        f"max {max(latencies) * 1000:7.1f} ms   (target p95 <= 1000 ms)"
    )


if __name__ == "__main__":
    main()
