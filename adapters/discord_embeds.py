"""A `Message` as a Discord embed, within Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).

The embed is plain JSON, so the bot (through discord.py) and a Discord webhook (through httpx) post the same
thing. Every string may come from a feed: markdown is escaped, links are made only from http(s) URLs, and
each part is cut to its limit so Discord never refuses a post for its size.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, urlsplit

from bot.message import Message
from bot.models import SourceRef
from bot.render import clip, published

MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELD_NAME = 256
MAX_FIELD = 1024
MAX_FOOTER = 2048
MAX_TOTAL = 6000  # title, description, field names and values, footer and author together
MAX_CONTENT = 2000
MAX_URL = 2000

COLOURS = {
    "casualty": 0xD83C3E,
    "meeting": 0x3498DB,
    "ceasefire": 0xF1C40F,
    "status": 0x95A5A6,
    "history": 0x7F8C8D,
    "baseline": 0x5865F2,
    "notice": 0x2ECC71,
}

# Characters Discord's markdown gives a meaning to anywhere, and at the start of a line (headings, quotes,
# lists); a backslash before any of them shows it as written.
_INLINE = re.compile(r"([\\*_~`|\[\]<])")
_LINE_START = re.compile(r"^(\s*)([#>-])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)\.", re.MULTILINE)


def escape(text: str) -> str:
    """Feed text shown as written: no bold, links, headings, quotes, lists, spoilers or mention syntax."""
    text = _INLINE.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\.", _LINE_START.sub(r"\1\\\2", text))


def cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, never leaving a dangling escape backslash."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    trailing = len(head) - len(head.rstrip("\\"))
    if trailing % 2:
        head = head[:-1]
    return head.rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """An http(s) URL usable in a link, or None: spaces and brackets are percent-encoded."""
    if not url or len(url) > MAX_URL:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    quoted = quote(url, safe=":/?#@!$&'*+,;=%~.-_")
    return quoted if len(quoted) <= MAX_URL else None  # (percent-encoding can make it 9 times longer)


def source_text(source: SourceRef, link: bool = True) -> str:
    """'[Title](url) · Outlet · 2025-12-25': a linked citation (the title alone when there is no web link)."""
    title = escape(clip(source.title, 120)) or "untitled"
    url = safe_url(source.url) if link else None
    label = f"[{title}]({url})" if url else title
    outlet = escape(clip(source.outlet, 60)) if source.outlet else ""
    return " · ".join(x for x in (label, outlet, published(source.published)) if x)


def _sources_field(sources: list[SourceRef]) -> str:
    lines: list[str] = []
    for index, source in enumerate(sources):
        more = len(sources) - index - 1
        tail = f"\nand {more} more" if more else ""
        line = source_text(source)
        if len("\n".join([*lines, line]) + tail) > MAX_FIELD:
            line = source_text(source, link=False)  # a long URL: the title alone still fits
        if len("\n".join([*lines, line]) + tail) > MAX_FIELD:
            lines.append(f"and {len(sources) - index} more")
            break
        lines.append(line)
    return cut("\n".join(lines), MAX_FIELD)


def _description(lines: list[str], limit: int) -> str:
    text = "\n".join(escape(line) for line in lines)
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    if "\n" not in head:
        return cut(text, limit)
    return head[: head.rindex("\n")] + "\n…"  # whole lines read better than a line cut in the middle


def _utc(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def embed_payload(message: Message) -> dict[str, Any]:
    """The message as one embed object (Discord's JSON): title, lines, linked sources with dates, a footer
    naming the conflict, the kind and the outlets that confirm it, and a colour per kind."""
    message = message.capped()
    conflict = "sitrep" if message.conflict == "*" else message.conflict  # "*": about every conflict
    footer = " · ".join(x for x in (conflict, message.kind, message.footer()) if x)
    embed: dict[str, Any] = {
        "type": "rich",
        "title": cut(escape(message.title), MAX_TITLE) or message.kind,
        "color": COLOURS.get(message.kind, 0x99AAB5),
        "footer": {"text": cut(footer, MAX_FOOTER)},
    }
    url = safe_url(message.sources[0].url) if message.sources else None
    if url:
        embed["url"] = url
    fields = []
    if message.sources:
        name = "Sources" if len(message.sources) > 1 else "Source"
        fields.append({"name": name, "value": _sources_field(message.sources), "inline": False})
        embed["fields"] = fields
    used = (
        len(embed["title"])
        + len(embed["footer"]["text"])
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
    )
    description = _description(message.lines, min(MAX_DESCRIPTION, MAX_TOTAL - used))
    if description.strip():
        embed["description"] = description
    if message.sources:  # the date of the latest report
        embed["timestamp"] = max(_utc(s.published) for s in message.sources).isoformat()
    return embed


def embed_size(embed: dict[str, Any]) -> int:
    """The characters Discord counts against the 6,000 of an embed."""
    fields = embed.get("fields", [])
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
        + len(embed.get("footer", {}).get("text", ""))
        + len(embed.get("author", {}).get("name", ""))
    )
