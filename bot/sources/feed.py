"""Read articles from RSS and Atom feeds over HTTP (shared spec, section 2: `kind = "feed"` sources).

Specs: RSS 2.0 https://www.rssboard.org/rss-specification, RSS 1.0 https://web.resource.org/rss/1.0/spec,
RSS 0.91 https://www.rssboard.org/rss-0-9-1, Atom https://www.rfc-editor.org/rfc/rfc4287.
HTTP validators (ETag, Last-Modified, 304): https://www.rfc-editor.org/rfc/rfc9110#name-conditional-requests.

httpx fetches (feedparser never touches the network); feedparser parses the bytes. One entry makes one
`Article`; its text is the entry's longest content or summary as plain text, paragraphs kept.
"""

from __future__ import annotations

import asyncio
import codecs
import datetime as dt
import email.utils
import hashlib
import importlib.metadata
import io
import logging
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import httpx
import lxml.html
from lxml import etree
from lxml.html import defs

from bot.models import CONTROL_CHARACTERS, Article
from bot.render import title_from_text

log = logging.getLogger("sitrep.feed")

ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.8"
# Reasons feedparser flags a feed that it still parsed strictly: nothing is wrong with its entries.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
# Feeds are parsed off the event loop, one at a time: parsing holds the GIL, so more threads would not
# parse faster, and each thread that allocates gets its own malloc arena (tens of MB of resident memory).
_PARSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-parse")


class FeedError(Exception):
    """A feed that cannot be fetched or read; the message starts with `feed <url>: ` and names the problem.

    `retry_after` is the server's Retry-After (429, 503), in seconds, when it sent one."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FeedResult:
    """One fetch: the articles, the validators for the next conditional GET, whether it was a 304, and the
    least time the server asks between polls (Cache-Control max-age, RSS `<ttl>`), in seconds."""

    articles: list[Article]
    etag: str | None
    last_modified: str | None
    not_modified: bool
    min_interval: float | None = None


KEEPALIVE = 60.0  # seconds an idle connection stays open


def feed_client(
    contact_url: str | None = None, *, connect_timeout: float = 10.0, read_timeout: float = 30.0
) -> httpx.AsyncClient:
    """An HTTP client for feeds: the timeouts given, at most 5 redirects, a User-Agent naming sitrep.

    The User-Agent is `sitrep/<version> (+<contact_url or the project URL>)`; without either, `sitrep/<version>`.
    """
    return httpx.AsyncClient(
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
        # Connections kept open for a minute: a host's feeds polled one after another (or a busy cycle
        # over many hosts) reuse them instead of connecting again; servers close idle ones sooner anyway.
        limits=httpx.Limits(keepalive_expiry=KEEPALIVE),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": _user_agent(contact_url)},
    )


async def fetch_feed(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 5_000_000,
    deadline: float = 120.0,
) -> FeedResult:
    """GET `url` (conditionally when validators are given) and parse it; raises `FeedError`.

    A 304 gives no articles, `not_modified=True` and the validators (the server's if it sent new ones).
    The body is read at most to `max_bytes` (after decompression), and the whole fetch must finish within
    `deadline` seconds: per-read timeouts alone let a server that trickles bytes hold a fetch forever.
    """
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline):
            response, body = await _get(client, url, headers, max_bytes)
    except TimeoutError:
        raise FeedError(f"feed {url}: timed out after {deadline:g} s") from None
    except httpx.TimeoutException as e:
        raise FeedError(f"feed {url}: timed out ({type(e).__name__})") from None
    except httpx.TooManyRedirects:
        raise FeedError(f"feed {url}: too many redirects") from None
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        raise FeedError(f"feed {url}: {type(e).__name__}: {e or 'request failed'}") from None
    new_etag = response.headers.get("etag", etag)
    new_last_modified = response.headers.get("last-modified", last_modified)
    max_age = _max_age(response.headers.get("cache-control", ""))
    if response.status_code == 304:
        return FeedResult([], new_etag, new_last_modified, not_modified=True, min_interval=max_age)
    response_headers = dict(response.headers)
    response_headers["content-location"] = str(response.url)  # relative links resolve against the final URL
    try:
        parsed = await asyncio.get_running_loop().run_in_executor(
            _PARSER, parse_feed_with_ttl, body, url, response_headers
        )
    except FeedError:
        raise
    except Exception as e:  # a parser's failure on one feed is that feed's error, never the poller's
        log.warning("feed could not be parsed", extra={"source": url, "error": repr(e)[:300]})
        raise FeedError(f"feed {url}: cannot be parsed ({type(e).__name__})") from e
    articles, ttl = parsed
    hints = [h for h in (max_age, ttl) if h is not None]
    return FeedResult(
        articles, new_etag, new_last_modified, not_modified=False, min_interval=max(hints, default=None)
    )


def _max_age(cache_control: str) -> float | None:
    """Cache-Control's max-age in seconds ('public, max-age=600' -> 600), or None."""
    match = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d{1,9})", cache_control, re.IGNORECASE)
    return float(match.group(1)) if match else None


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """A Retry-After header in seconds from now: delay-seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> tuple[httpx.Response, bytes]:
    async with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            await response.aread()  # (no body) reaching the end of the response keeps the connection open
            return response, b""
        if not response.is_success:
            raise FeedError(
                f"feed {url}: HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                retry_after(response.headers.get("retry-after")),
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FeedError(f"feed {url}: too large ({declared} bytes, limit {max_bytes})")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FeedError(f"feed {url}: too large (over {max_bytes} bytes)")
            chunks.append(chunk)
        return response, b"".join(chunks)


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> list[Article]:
    """The articles of an RSS 0.9x/1.0/2.0 or Atom document; raises `FeedError` when it is not a feed."""
    return parse_feed_with_ttl(body, url, headers)[0]


def parse_feed_with_ttl(
    body: bytes, url: str, headers: Mapping[str, str] | None = None
) -> tuple[list[Article], float | None]:
    """The articles of an RSS 0.9x/1.0/2.0 or Atom document, and its RSS `<ttl>` in seconds (or None);
    raises `FeedError` when it is not a feed.

    `headers` are the HTTP response headers (charset, `content-location` as the base for relative links,
    else `url`). Any DOCTYPE is removed first. A malformed feed that still has entries is used, with a
    warning. Entries with neither title nor text are skipped; `published` is the entry's date in UTC,
    else now.
    """
    http_headers = {k.lower(): v for k, v in (headers or {}).items()}
    http_headers.setdefault("content-location", url)
    body, transcoded = _as_ascii_compatible(body)
    if transcoded:
        http_headers["content-type"] = "application/xml; charset=utf-8"
    body = _strip_doctype(body)
    # A stream, not bytes: feedparser opens a bytes argument as a file name if such a file exists.
    # No HTML sanitising and no rewriting of relative links inside HTML: sitrep turns every HTML value into
    # plain text itself (html_to_text drops scripts and styles and keeps only the text) and never renders
    # feed HTML anywhere, so feedparser's sanitiser, which dominates its parsing time, would be wasted work.
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=http_headers, sanitize_html=False, resolve_relative_uris=False
    )
    problem = parsed.get("bozo_exception")
    malformed = parsed.bozo and not isinstance(problem, _HARMLESS)
    if not parsed.entries and (malformed or not parsed.get("version")):
        raise FeedError(f"feed {url}: not a feed ({problem or 'no RSS or Atom document'})")
    if malformed:
        log.warning(
            "feed is malformed; using its entries",
            extra={"source": url, "error": str(problem), "count": len(parsed.entries)},
        )
    base = http_headers["content-location"]
    outlet = _plain(parsed.feed.get("title_detail")) or urlsplit(url).hostname
    now = dt.datetime.now(dt.UTC)
    ttl = str(parsed.feed.get("ttl") or "").strip()
    articles = [article for entry in parsed.entries if (article := _article(entry, url, base, outlet, now))]
    return articles, float(ttl) * 60 if ttl.isdigit() else None


def _article(entry: Any, feed_url: str, base: str, outlet: str | None, now: dt.datetime) -> Article | None:
    texts = [_plain(c) for c in entry.get("content") or []]
    texts.append(_plain(entry.get("summary_detail")))
    text = max(texts, key=len)
    title = _plain(entry.get("title_detail")) or title_from_text(text)
    if not title:
        return None
    link = urljoin(base, entry["link"]) if entry.get("link") else None
    url = canonical_url(link) if link and urlsplit(link).scheme in ("http", "https") else None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return Article(
        title=title,
        text=text,
        published=dt.datetime(*stamp[:6], tzinfo=dt.UTC) if stamp else now,
        url=url,
        outlet=outlet,
        key=entry_key(feed_url, entry.get("id"), url, title, text),
    )


# Query parameters that only track who clicked where; the same article has the same URL without them.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_[ce]id|igshid|ocid|cmpid|_ga)$", re.I)


def canonical_url(url: str) -> str:
    """`url` without tracking parameters (utm_*, fbclid...) and fragment, with a lower-case host."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def entry_key(feed_url: str, guid: str | None, url: str | None, title: str, text: str) -> str:
    """An entry's identity, stable when the feed re-dates, reorders or edits it: its GUID (within its
    feed), else its canonical URL, else a hash of its title and text."""
    if guid and guid.strip():
        basis = f"guid {feed_url} {guid.strip()}"
    elif url:
        basis = f"url {url}"
    else:
        basis = f"text {title}\n{text}"
    return hashlib.sha256(basis.encode()).hexdigest()


def _plain(detail: Mapping[str, Any] | None) -> str:
    """A feedparser text construct (`{"type": ..., "value": ...}`) as plain text. HTML without markup (no
    tag, no entity: many feeds put plain text in an RSS description, which is HTML by definition) is read
    as the text it is, blank lines separating paragraphs as its reader sees them, without an HTML parse."""
    if not detail or not detail.get("value"):
        return ""
    value = detail["value"]
    if "html" in (detail.get("type") or "") and ("<" in value or "&" in value):
        return html_to_text(value)
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip())


_PARAGRAPH, _LINE = "\ue000", "\ue001"  # private-use marks that survive whitespace collapsing
_HTML5_BLOCKS = {"article", "aside", "figcaption", "figure", "footer", "header", "main", "nav", "section"}
_BLOCKS = tuple((defs.block_tags | _HTML5_BLOCKS) - {"del", "ins"})


def html_to_text(html: str) -> str:
    """HTML (a fragment or a page) as plain text: one paragraph per block element, `<br>` a line break."""
    html = CONTROL_CHARACTERS.sub("", html)  # (lxml refuses text with control characters)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # empty, or only comments
        return ""
    for element in list(root.iter("script", "style", "head")):
        element.drop_tree()
    # (Character references such as `&#27;` come out of the parser as control characters, which lxml then
    # refuses to be given back: they are dropped from the text marked.)
    for element in root.iter(*_BLOCKS):
        element.text = _PARAGRAPH + CONTROL_CHARACTERS.sub("", element.text or "")
        element.tail = _PARAGRAPH + CONTROL_CHARACTERS.sub("", element.tail or "")
    for element in root.iter("br"):
        element.tail = _LINE + CONTROL_CHARACTERS.sub("", element.tail or "")
    text = " ".join(root.text_content().split())
    text = re.sub(rf"[\s{_LINE}]*{_PARAGRAPH}[\s{_PARAGRAPH}{_LINE}]*", "\n\n", text)
    return re.sub(rf"\s*{_LINE}\s*", "\n", text).strip()


# A DOCTYPE with its internal subset, whose quoted strings may hold `>` or `]`. The alternatives start
# with different characters, so matching takes time linear in the input.
_DOCTYPE = re.compile(
    rb"<!DOCTYPE(?:[^\[>\"']|\"[^\"]*\"|'[^']*')*(?:\[(?:[^\]\"']|\"[^\"]*\"|'[^']*')*\]\s*)?>", re.IGNORECASE
)
_DOCTYPE_START = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


def _strip_doctype(body: bytes) -> bytes:
    """`body` without its DOCTYPE and without any entity declaration, so nothing can expand entities.

    Both expat and feedparser's loose parser expand internal entities (billion laughs, or one large entity
    repeated). The DOCTYPE before the first element is removed whole; any `<!ENTITY` left (a second or
    malformed DOCTYPE) loses its keyword, which leaves a declaration neither parser accepts.
    """
    first = _FIRST_ELEMENT.search(body)
    start = _DOCTYPE_START.search(body, 0, first.start() if first else len(body))
    if start and (doctype := _DOCTYPE.match(body, start.start())):
        body = body[: start.start()] + body[doctype.end() :]
    return _ENTITY_DECLARATION.sub(b"", body)


_WIDE_ENCODINGS = (  # byte order marks (UTF-32's before UTF-16's, which they start with), then `<?xml`
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0", "utf-16-le"),
    (b"\0<", "utf-16-be"),
)


def _as_ascii_compatible(body: bytes) -> tuple[bytes, bool]:
    """UTF-16/32 bodies as UTF-8 (so the DOCTYPE can be found); True when transcoded."""
    for prefix, encoding in _WIDE_ENCODINGS:
        if body.startswith(prefix):
            return body.decode(encoding, errors="replace").encode("utf-8"), True
    return body, False


def _user_agent(contact_url: str | None) -> str:
    try:
        meta = importlib.metadata.metadata("sitrep")
        version, project_urls = meta["Version"], meta.get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        version, project_urls = "0", []
    # Project-URL entries read "Label, https://..."; the first one is the project's home.
    contact = contact_url or next((u.partition(",")[2].strip() for u in project_urls), None)
    return f"sitrep/{version} (+{contact})" if contact else f"sitrep/{version}"
