"""The conflict most tests configure (Thailand–Cambodia as `tc`) and a second one to route away from."""

from __future__ import annotations

from typing import Any

from bot.config import AppConfig, ConflictConfig, ConsoleDestinationConfig

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
