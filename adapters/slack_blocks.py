"""A neutral `Message` as Slack Block Kit, with the plain-text fallback Slack shows in notifications.

https://docs.slack.dev/reference/block-kit/blocks and https://docs.slack.dev/messaging/formatting-message-text

Every string of a message may come from a feed and is untrusted. Slack parses mrkdwn text objects *and* the
top-level `text` of a message: `<!channel>`, `<@U1>` or `<https://evil|here>` written there would ping or
link. So `&`, `<` and `>` are escaped in both, and mrkdwn objects are `verbatim` (no automatic parsing of
bare names or URLs). The header is a `plain_text` object, which Slack never parses for mentions or links
and whose entities it would show as written, so the headline goes there as it is.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from bot.message import Message
from bot.render import clip, published

MAX_HEADER = 150  # header block: plain_text, at most 150 characters
MAX_SECTION = 3000  # section block: text at most 3,000 characters
MAX_BLOCKS = 50  # blocks in one message
MAX_SECTIONS = 5  # the lines of a message fill at most this many sections; the rest is cut
MAX_CONTEXT_ELEMENTS = 10  # context block: at most 10 elements
MAX_FALLBACK = 3000  # the notification text: a message's gist, not all of it
MAX_URL = 2000  # a link's URL, escaped: a longer one is shown as its label only (a section holds 3,000)
CUT = " … (cut)"  # marks where long content was cut

Block = dict[str, Any]


def escape(text: str) -> str:
    """`text` safe inside mrkdwn or a message's `text`: `&`, `<`, `>` as entities, so nothing is executed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(escaped: str, limit: int) -> str:
    """Escaped text cut to at most `limit` characters with the cut marker, never inside an entity."""
    if len(escaped) <= limit:
        return escaped
    keep = escaped[: limit - len(CUT)]
    amp = keep.rfind("&")
    if amp != -1 and ";" not in keep[amp:]:
        keep = keep[:amp]
    return keep.rstrip() + CUT


def link(url: str | None, label: str) -> str:
    """`<url|label>` for an http(s) URL, else the escaped label alone. The URL is percent-encoded where
    it could end the link early (`|`, `>`, spaces) and escaped; the label is escaped."""
    try:
        linkable = bool(url) and urlsplit(url).scheme in ("http", "https")
    except ValueError:  # a malformed URL (say, an unclosed IPv6 bracket) is shown as its label only
        linkable = False
    if url and linkable:
        safe_url = escape(quote(url, safe=":/?#[]@!$&'()*+,;=%~"))
        if len(safe_url) <= MAX_URL:  # (percent-encoding can make a URL 9 times longer)
            return f"<{safe_url}|{escape(label)}>"
    return escape(label)


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _sections(lines: list[str]) -> list[Block]:
    """The lines as section blocks of at most MAX_SECTION characters each, at most MAX_SECTIONS of them;
    what does not fit is cut, with the marker."""
    texts: list[str] = []
    current = ""
    for line in (cut(escape(x), MAX_SECTION) for x in lines):
        if current and len(current) + 1 + len(line) > MAX_SECTION:
            texts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        texts.append(current)
    if len(texts) > MAX_SECTIONS:
        # The next section began because it did not fit: joined, they overflow and `cut` marks the cut.
        texts = [
            *texts[: MAX_SECTIONS - 1],
            cut(f"{texts[MAX_SECTIONS - 1]}\n{texts[MAX_SECTIONS]}", MAX_SECTION),
        ]
    return [{"type": "section", "text": _mrkdwn(text)} for text in texts]


def _source(message: Message, index: int) -> str:
    source = message.sources[index]
    parts = [link(source.url, clip(source.title, 120) or source.url or "source")]
    if source.outlet:
        parts.append(escape(clip(source.outlet, 60)))
    parts.append(published(source.published))
    return cut(" · ".join(parts), MAX_SECTION)


def blocks(message: Message) -> list[Block]:
    """Header (the title), sections (the lines), a context of linked sources with their dates, and a
    context naming the conflict, the kind of message and how many outlets confirm it."""
    message = message.capped()
    title = clip(message.title, MAX_HEADER) or message.conflict
    out: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}}]
    out += _sections(message.lines)
    sources = [_mrkdwn(_source(message, i)) for i in range(len(message.sources))]
    if sources:
        out.append({"type": "context", "elements": sources[:MAX_CONTEXT_ELEMENTS]})
    about = [escape(f"{message.conflict} · {message.kind}")]
    if message.revision:
        about.append("revised figure")
    if message.footer():
        about.append(message.footer())
    out.append({"type": "context", "elements": [_mrkdwn(" · ".join(about))]})
    return out[:MAX_BLOCKS]


def fallback(message: Message) -> str:
    """The message as escaped plain text, for notifications and clients that cannot show blocks."""
    return cut(escape(message.plain()), MAX_FALLBACK)


def render(message: Message) -> dict[str, Any]:
    """The arguments of chat.postMessage / chat.update (and of a command's reply) for `message`."""
    return {"text": fallback(message), "blocks": blocks(message)}
