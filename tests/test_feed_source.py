"""The feed source against a real HTTP server on 127.0.0.1 that records every request it receives."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.sources.feed import FeedError, feed_client, fetch_feed, html_to_text, parse_feed

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """Serves `routes` (path -> function writing the response); unknown paths get a 404."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def reply(body: bytes | str, status: int = 200, *, length: bool = True, **headers: str) -> Route:
    """A route answering `status` with `body`; header names use `_` for `-` (`Content_Type=...`).

    Without `length` the body has no Content-Length: it ends when the connection closes (HTTP/1.0).
    """
    data = body.encode() if isinstance(body, str) else body

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        if length:
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return route


@pytest.fixture
def server() -> Iterator[FeedServer]:
    fake = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                fake.routes.get(self.path, reply("not here", 404))(self)

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield fake
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
async def client():
    async with feed_client() as c:
        yield c


HEADLESS = "Headless item whose text is long enough to give a title of its own when cut at eighty characters."
RSS20 = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Border Wire</title><link>https://wire.example/</link>
<item><title>Shelling near the border</title><link>/news/1</link>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Two soldiers were killed.</p><p>Talks resume on Monday.</p>]]></content:encoded>
<pubDate>Tue, 10 Jun 2025 04:00:00 +0200</pubDate></item>
<item><title></title><description>{HEADLESS}</description></item>
<item><title/><description/></item>
</channel></rss>"""

RSS10 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF Daily</title><link>https://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example/a"><title>Ceasefire agreed</title><link>https://rdf.example/a</link>
<description>Both sides agreed to a ceasefire.</description><dc:date>2025-07-28T12:30:00Z</dc:date></item>
</rdf:RDF>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom Post</title><id>urn:x</id>
<updated>2025-08-01T00:00:00Z</updated>
<entry><title type="html">&lt;b&gt;Talks&lt;/b&gt; in Kuala Lumpur</title><id>urn:1</id>
<link rel="alternate" href="https://atom.example/talks"/><updated>2025-08-01T09:15:00+07:00</updated>
<summary>Short.</summary><content type="html">&lt;p&gt;Ministers met.&lt;/p&gt;&lt;p&gt;More on Friday.&lt;/p&gt;</content>
</entry></feed>"""

RSS091 = """<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Wire</title><link>https://old.example/</link>
<description>d</description><language>en</language>
<item><title>Refugees cross</title><link>https://old.example/1</link><description>Thousands fled.</description></item>
</channel></rss>"""

UTC = dt.UTC


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            RSS20,
            [
                (
                    "Shelling near the border",
                    "Two soldiers were killed.\n\nTalks resume on Monday.",
                    "/news/1",
                ),
                (
                    "Headless item whose text is long enough to give a title of its own when cut at",
                    HEADLESS,
                    None,
                ),
            ],
            id="rss2.0",
        ),
        pytest.param(
            RSS10,
            [("Ceasefire agreed", "Both sides agreed to a ceasefire.", "https://rdf.example/a")],
            id="rss1.0",
        ),
        pytest.param(
            ATOM,
            [("Talks in Kuala Lumpur", "Ministers met.\n\nMore on Friday.", "https://atom.example/talks")],
            id="atom",
        ),
        pytest.param(
            RSS091, [("Refugees cross", "Thousands fled.", "https://old.example/1")], id="rss0.91-doctype"
        ),
    ],
)
async def test_fetch_reads_each_feed_format(server, client, body, expected):
    server.routes["/feed"] = reply(body, Content_Type="application/xml")
    result = await fetch_feed(client, server.url("/feed"))
    got = [(a.title, a.text, a.url) for a in result.articles]
    want = [(title, text, server.url(u) if u and u.startswith("/") else u) for title, text, u in expected]
    assert got == want
    assert all(a.path is None and a.outlet and a.published_at.tzinfo for a in result.articles)
    assert not result.not_modified
    [request] = server.requests
    assert request.method == "GET" and request.path == "/feed"
    assert request.headers["user-agent"].startswith("sitrep/")
    assert "application/rss+xml" in request.headers["accept"]
    assert "if-none-match" not in request.headers


def test_dates_and_outlets():
    rss, rdf, atom = (parse_feed(b.encode(), "https://x.example/feed") for b in (RSS20, RSS10, ATOM))
    assert rss[0].published == dt.datetime(2025, 6, 10, 2, 0, tzinfo=UTC)
    assert rdf[0].published == dt.datetime(2025, 7, 28, 12, 30, tzinfo=UTC)
    assert atom[0].published == dt.datetime(2025, 8, 1, 2, 15, tzinfo=UTC)
    assert (rss[0].outlet, rdf[0].outlet, atom[0].outlet) == ("Border Wire", "RDF Daily", "Atom Post")
    assert abs(rss[1].published_at - dt.datetime.now(UTC)) < dt.timedelta(minutes=1)  # no date: now


async def test_conditional_get_and_304(server, client):
    def route(handler: BaseHTTPRequestHandler) -> None:
        fresh = handler.headers.get("If-None-Match") == '"v1"'
        fresh = fresh and handler.headers.get("If-Modified-Since") == "Tue, 10 Jun 2025 04:00:00 GMT"
        if fresh:
            reply(b"", 304, ETag='"v1"')(handler)
        else:
            reply(RSS20, ETag='"v1"', Last_Modified="Tue, 10 Jun 2025 04:00:00 GMT")(handler)

    server.routes["/feed"] = route
    first = await fetch_feed(client, server.url("/feed"))
    assert (first.etag, first.last_modified, first.not_modified) == (
        '"v1"',
        "Tue, 10 Jun 2025 04:00:00 GMT",
        False,
    )
    again = await fetch_feed(client, server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.articles == [] and again.not_modified
    assert (again.etag, again.last_modified) == (first.etag, first.last_modified)
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert server.requests[1].headers["if-modified-since"] == "Tue, 10 Jun 2025 04:00:00 GMT"


@pytest.mark.parametrize("status", [404, 500])
async def test_http_errors_name_the_status(server, client, status):
    server.routes["/feed"] = reply("nope", status)
    with pytest.raises(FeedError, match=rf"^feed {server.url('/feed')}: HTTP {status}"):
        await fetch_feed(client, server.url("/feed"))


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(reply(RSS20 + " " * 5000), id="content-length"),
        pytest.param(reply(RSS20 + " " * 5000, length=False), id="streamed"),
        pytest.param(reply(gzip.compress(b" " * 10_000_000), Content_Encoding="gzip"), id="gzip-bomb"),
    ],
)
async def test_too_large(server, client, route):
    server.routes["/feed"] = route
    with pytest.raises(FeedError, match="too large"):
        await fetch_feed(client, server.url("/feed"), max_bytes=4000)


def _bomb(entities: str, title: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{entities}\n]>\n<rss version="2.0"><channel><title>Bomb'
        f"</title><item><title>{title}</title><description>d</description></item></channel></rss>"
    ).encode()


LAUGHS = '<!ENTITY lol "lol">\n' + "\n".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">' for i in range(1, 10)
)
BOMBS = [
    pytest.param(_bomb(LAUGHS, "&lol9;"), id="billion-laughs"),
    pytest.param(_bomb(f'<!ENTITY big "{"x" * 100_000}">', "&big;" * 100), id="large-entity"),
    pytest.param(_bomb(f'<!ENTITY big "{"x" * 100_000}">', "&big; & " * 100), id="large-entity-loose"),
    pytest.param(_bomb(f'<!ENTITY q "]>">\n<!ENTITY big "{"x" * 100_000}">', "&big;" * 100), id="quoted-]>"),
    pytest.param(
        _bomb(f'<!ENTITY big "{"x" * 100_000}">', "&big;" * 100).decode().encode("utf-16"), id="utf-16"
    ),
    pytest.param(_bomb('<!ENTITY big "xxxx">', "&big;").replace(b"]>", b">", 1), id="malformed-doctype"),
]


@pytest.mark.parametrize("body", BOMBS)
def test_doctype_entities_are_never_expanded(body):
    started = time.monotonic()
    [article] = parse_feed(body, "https://bomb.example/feed")
    assert time.monotonic() - started < 2
    assert len(article.title) < 1000 and "xxx" not in article.title and "lollol" not in article.title


async def test_bozo_feed_with_entries_is_used(server, client, caplog):
    server.routes["/feed"] = reply(RSS20.replace("Shelling near", "Shelling & fire near"))
    with caplog.at_level(logging.WARNING, logger="sitrep.feed"):
        result = await fetch_feed(client, server.url("/feed"))
    assert result.articles[0].title == "Shelling & fire near the border"
    assert [r.source for r in caplog.records] == [server.url("/feed")]


@pytest.mark.parametrize(
    "body", [b"<html><body><p>Just a page & more</p></body></html>", b"", b"\x89PNG\r\n\x1a\n"]
)
def test_not_a_feed(body):
    with pytest.raises(FeedError, match=r"^feed https://x.example/f: not a feed"):
        parse_feed(body, "https://x.example/f")


def test_empty_but_valid_feed_has_no_articles():
    assert parse_feed(b'<rss version="2.0"><channel><title>T</title></channel></rss>', "https://x/") == []


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One\n  two</p><p>Three<br>four</p>", "One two\n\nThree\nfour"),
        ("Intro<ul><li>a</li><li>b &amp; c</li></ul>end", "Intro\n\na\n\nb & c\n\nend"),
        ("<div>Hi <b>there</b><script>x()</script><style>p{}</style></div>", "Hi there"),
        ("<html><head><title>T</title></head><body><h2>Head</h2>Body</body></html>", "Head\n\nBody"),
        ("plain a < b", "plain a < b"),
        ("<!-- only a comment -->", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


def test_control_characters_never_reach_an_article():
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire&#x1b;]0;owned&#x07;</title>'
        "<item><title>Toll rises&#27;[2J</title><link>https://x.example/1</link>"
        "<description>&lt;p&gt;Twelve &amp;#x1b;[31mkilled&lt;/p&gt;&lt;p&gt;more\x1b[0m&lt;/p&gt;</description>"
        "</item></channel></rss>"
    )
    [article] = parse_feed(body.encode(), "https://x.example/feed")
    assert (article.title, article.outlet) == ("Toll rises[2J", "Wire]0;owned")
    assert article.text == "Twelve [31mkilled\n\nmore[0m"  # the escapes are inert text without their ESC


def test_html_summary_becomes_plain_text():
    rss = RSS10.replace(
        "<description>Both sides", "<description>&lt;p&gt;&lt;em&gt;Both&lt;/em&gt;&lt;/p&gt;&lt;p&gt;sides"
    ).replace("ceasefire.</description>", "ceasefire.&lt;/p&gt;</description>")
    [article] = parse_feed(rss.encode(), "https://rdf.example/feed")
    assert article.text == "Both\n\nsides agreed to a ceasefire."


@pytest.mark.parametrize(
    ("description", "text"),
    [
        ("Both sides met.\n\n  Talks   resume\nMonday.", "Both sides met.\n\nTalks resume Monday."),
        ("Fuel &amp;amp; food\n\nran out.", "Fuel & food ran out."),  # an entity: HTML, one paragraph
        (
            "&lt;p&gt;Both sides met.&lt;/p&gt;&lt;p&gt;Talks resume.&lt;/p&gt;",
            "Both sides met.\n\nTalks resume.",
        ),
    ],
)
def test_a_description_without_markup_keeps_its_paragraphs(description, text):
    rss = RSS20.replace(
        "<channel>", f"<channel><item><title>T</title><description>{description}</description></item>", 1
    )
    article = parse_feed(rss.encode(), "https://x.example/feed")[0]
    assert article.text == text


async def test_slow_server_times_out(server):
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1)
        reply(RSS20)(handler)

    server.routes["/feed"] = slow
    async with feed_client(read_timeout=0.2) as c:
        with pytest.raises(FeedError, match=r"^feed .*: timed out"):
            await fetch_feed(c, server.url("/feed"))


async def test_trickling_server_hits_the_deadline(server, client):
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        for char in RSS20:
            handler.wfile.write(char.encode())
            handler.wfile.flush()
            time.sleep(0.05)

    server.routes["/feed"] = trickle
    with pytest.raises(FeedError, match=r"timed out after 0.3 s"):
        await fetch_feed(client, server.url("/feed"), deadline=0.3)


async def test_redirects(server, client):
    server.routes["/old"] = reply("", 301, Location="/new/feed")
    server.routes["/new/feed"] = reply(RSS20)
    result = await fetch_feed(client, server.url("/old"))
    assert result.articles[0].url == server.url("/news/1")  # relative to the final URL
    for i in range(7):
        server.routes[f"/loop{i}"] = reply("", 302, Location=f"/loop{i + 1}")
    with pytest.raises(FeedError, match="too many redirects"):
        await fetch_feed(client, server.url("/loop0"))


async def test_connection_refused(client):
    with pytest.raises(FeedError, match=r"^feed http://127.0.0.1:9/feed: ConnectError"):
        await fetch_feed(client, "http://127.0.0.1:9/feed")


async def test_polls_of_an_unchanged_feed_keep_one_connection(client):
    """Keep-alive: a 304 ends its response, so the next poll reuses the connection instead of opening one."""
    ports: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers

        def do_GET(self) -> None:
            ports.append(self.client_address[1])
            unchanged = self.headers.get("If-None-Match") == '"v1"'
            reply(b"", 304, ETag='"v1"')(self) if unchanged else reply(RSS20, ETag='"v1"')(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/feed"
        etag = (await fetch_feed(client, url)).etag
        for _ in range(3):
            assert (await fetch_feed(client, url, etag=etag)).not_modified
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(ports) == 4 and len(set(ports)) == 1


async def test_user_agent_names_the_contact(server):
    server.routes["/feed"] = reply(RSS20)
    async with feed_client("https://ops.example/contact") as c:
        await fetch_feed(c, server.url("/feed"))
    assert server.requests[0].headers["user-agent"].endswith(" (+https://ops.example/contact)")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_encodings(encoding):
    body = RSS20.replace('encoding="utf-8"', f'encoding="{encoding}"').replace("border", "frontière")
    articles = parse_feed(
        body.encode(encoding), "https://x/", {"Content-Type": f"text/xml; charset={encoding}"}
    )
    assert [a.title for a in articles][:1] == ["Shelling near the frontière"]
