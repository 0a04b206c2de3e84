"""Structured logs on stderr: a message followed by fixed snake_case keys (`conflict=... adapter=...`)."""

from __future__ import annotations

import logging
import sys

# Keys that log records may carry through `extra=`; printed in this order.
KEYS = (
    "conflict",
    "source",
    "article_path",
    "article_url",
    "adapter",
    "channel",
    "kind",
    "headline",
    "error",
    "count",
)


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = f"{self.formatTime(record)} {record.levelname.lower()} {record.name}: {record.getMessage()}"
        pairs = [f"{key}={getattr(record, key)!r}" for key in KEYS if getattr(record, key, None) is not None]
        if pairs:
            line += " " + " ".join(pairs)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def setup_logging(verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    # HTTP clients log every request with its full URL at INFO, and a webhook's URL is its secret.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
