"""The conflict most tests configure (Thailand–Cambodia as `tc`) and a second one to route away from; the
articles about it that the platform tests send; a conflict as a configuration file writes it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from bot.config import AppConfig, ConflictConfig, ConsoleDestinationConfig
from bot.models import Article

TC = ConflictConfig(
    id="tc",
    name="Thailand–Cambodia border conflict",
    keywords=["Thailand", "Cambodia", "Thai", "Cambodian"],
    parties={"Thailand": ["Thai", "Bangkok"], "Cambodia": ["Cambodian", "Phnom Penh"]},
)
OTHER = TC.model_copy(update={"id": "other", "name": "Other", "keywords": ["Zanzibar"]})


def two_conflicts(**settings: Any) -> AppConfig:
    """`tc` and `other`, with a console destination for `other` only unless `destinations` is given."""
    settings.setdefault("destinations", [ConsoleDestinationConfig(kind="console", conflicts=["other"])])
    return AppConfig(conflicts=[TC, OTHER], **settings)


TWELVE = "Thai officials said 12 soldiers were killed in clashes with Cambodia on Saturday."
TWELVE_AGAIN = (
    "Twelve Thai soldiers were killed, the army in Bangkok said, after fighting with Cambodian troops."
)
NINETEEN = "Thai officials said 19 soldiers have now been killed in the fighting with Cambodia."


def article(n: int, text: str, outlet: str, title: str | None = None) -> Article:
    """Article `n` of a run of border reports, one a day from 20 December 2025, from `outlet`."""
    return Article(
        title=title or f"Border clashes {n}",
        text=text,
        published=dt.datetime(2025, 12, 20 + n, 9, tzinfo=dt.UTC),
        url=f"https://{outlet}.example/{n}",
        outlet=outlet,
    )


def conflict_toml(conflict: ConflictConfig = TC) -> str:
    """The `[[conflicts]]` table of a configuration file that configures `conflict`."""
    lines = [
        "[[conflicts]]",
        f"id = {json.dumps(conflict.id)}",
        f"name = {json.dumps(conflict.name, ensure_ascii=False)}",
        f"keywords = {json.dumps(conflict.keywords, ensure_ascii=False)}",
    ]
    for table in ("parties", "mediators"):
        names = getattr(conflict, table)
        if names:
            lines.append(f"[conflicts.{table}]")
            lines += [
                f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
                for k, v in names.items()
            ]
    return "\n".join(lines) + "\n"
