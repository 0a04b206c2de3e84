"""Reading articles from files and folders (shared spec, section 3)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bot.sources import folder
from bot.sources.folder import ArticleError, list_article_files, read_article

SEEDS = Path(__file__).parent.parent / "seeds"
SHARED_SEEDS = Path(__file__).parent.parent.parent / "shared" / "seeds"
BODY = "Fighting resumed along the border on Monday.\n\nTalks are expected next week."
OLD = dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC).timestamp()

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Border talks resume in Chanthaburi | Example News</title>
  <meta property="og:title" content="Border talks resume in Chanthaburi">
  <meta property="og:site_name" content="Example News">
  <meta property="og:url" content="https://news.example.org/2025/12/24/border-talks">
  <meta property="article:published_time" content="2025-12-24T09:30:00+07:00">
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/subscribe">Subscribe now for unlimited access</a></li></ul></nav>
  <article>
    <h1>Border talks resume in Chanthaburi</h1>
    <p>Military officials from Thailand and Cambodia met in Chanthaburi on Wednesday for their first
    direct talks since fighting resumed along the border earlier this month.</p>
    <p>The death toll has risen to 96 over 18 days, according to figures from both governments, and
    close to a million people have been displaced from their homes.</p>
    <p>Further negotiations are expected on Friday, a Thai army spokesman told reporters after the
    meeting ended in the afternoon.</p>
  </article>
  <footer><p>Copyright 2025 Example News. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body>
</html>
"""

# name, file name, file content (str or bytes), manifest text or None, expected fields
READ_CASES = [
    (
        "front matter date",
        "a.txt",
        "---\ntitle: Talks set\ndate: 2025-12-19\nurl: https://x.org/a\nsource: X News\nwho: me\n---\n"
        f"{BODY}\n",
        None,
        {
            "title": "Talks set",
            "published": dt.date(2025, 12, 19),
            "url": "https://x.org/a",
            "outlet": "X News",
            "text": BODY,
        },
    ),
    (
        "front matter datetime with offset",
        "a.txt",
        f"---\ntitle: Talks set\ndate: 2025-12-19T08:30:00+07:00\n---\n{BODY}\n",
        None,
        {"published": dt.datetime(2025, 12, 19, 1, 30, tzinfo=dt.UTC)},
    ),
    (
        "front matter naive datetime string is UTC",
        "a.txt",
        f"---\ndate: '2025-12-19 08:30'\n---\nTalks set\n{BODY}\n",
        None,
        {"title": "Talks set", "published": dt.datetime(2025, 12, 19, 8, 30, tzinfo=dt.UTC)},
    ),
    (
        "front matter wins over manifest",
        "a.txt",
        f"---\ndate: 2025-12-19\n---\nTalks set\n{BODY}\n",
        '["a.txt"]\ndate = 2025-01-01\nsource = "M News"\n',
        {"published": dt.date(2025, 12, 19), "outlet": "M News"},
    ),
    (
        "manifest date and url",
        "a.txt",
        f"Talks set\n{BODY}\n",
        '["a.txt"]\ndate = 2025-12-21\nurl = "https://m.org/a"\noutlet = "M News"\n',
        {
            "title": "Talks set",
            "published": dt.date(2025, 12, 21),
            "url": "https://m.org/a",
            "outlet": "M News",
            "text": BODY,
        },
    ),
    (
        "manifest title keeps first line in body",
        "a.txt",
        f"BANGKOK — {BODY}\n",
        '["a.txt"]\ntitle = "Talks set"\ndate = 2025-12-21\n',
        {"title": "Talks set", "text": f"BANGKOK — {BODY}"},
    ),
    (
        "manifest naming another file is ignored",
        "a.txt",
        f"Talks set\n{BODY}\n",
        '["b.txt"]\ndate = 2025-12-21\n',
        {"published": dt.date(2024, 3, 5)},
    ),
    (
        "date stated in text",
        "a.txt",
        f"Talks set\nPHNOM PENH, Friday, Dec. 19, 2025 — {BODY}\nOn Dec. 19, 2025 more came.\n",
        None,
        {"published": dt.date(2025, 12, 19)},
    ),
    (
        "day-month-year stated in text",
        "a.txt",
        f"Talks set\nPublished 19 December 2025\n\n{BODY}\n",
        None,
        {"published": dt.date(2025, 12, 19)},
    ),
    (
        "ISO date stated in text",
        "a.txt",
        f"Talks set\nUpdated 2025-12-19T10:00Z\n\n{BODY}\n",
        None,
        {"published": dt.date(2025, 12, 19)},
    ),
    (
        "ambiguous text dates fall back to mtime",
        "a.txt",
        f"Talks set\nThe accord of October 26, 2025 broke down on 8 December 2025.\n\n{BODY}\n",
        None,
        {"published": dt.date(2024, 3, 5)},
    ),
    (
        "no date anywhere falls back to mtime",
        "a.txt",
        f"Talks set\n{BODY}\n",
        None,
        {"published": dt.date(2024, 3, 5)},
    ),
    (
        "title from first non-empty line, CRLF normalised",
        "a.txt",
        "\r\n\r\n  Talks set  \r\n" + BODY.replace("\n", "\r\n") + "\r\n\r\n\r\n",
        None,
        {"title": "Talks set", "text": BODY},
    ),
    (
        "markdown heading as title",
        "a.md",
        f"# Talks set\n\n{BODY}\n",
        None,
        {"title": "Talks set", "text": BODY},
    ),
    (
        "front matter title repeated as markdown heading",
        "a.md",
        f"---\ntitle: Talks set\n---\n# Talks set\n\n{BODY}\n",
        None,
        {"title": "Talks set", "text": BODY},
    ),
    (
        "UTF-8 byte order mark",
        "a.txt",
        f"\ufeff---\ntitle: Talks set\n---\n{BODY}\n".encode(),
        None,
        {"title": "Talks set", "text": BODY},
    ),
]


def write(folder: Path, name: str, content: str | bytes, mtime: float = OLD) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    os.utime(path, (mtime, mtime))
    return path


@pytest.mark.parametrize(
    ("name", "content", "manifest", "expected"),
    [case[1:] for case in READ_CASES],
    ids=[case[0] for case in READ_CASES],
)
def test_read_article(tmp_path: Path, name: str, content, manifest: str | None, expected: dict) -> None:
    if manifest is not None:
        (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    article = read_article(write(tmp_path, name, content))
    assert article.path == (tmp_path / name).as_posix()
    for field, value in expected.items():
        assert getattr(article, field) == value, field
        if field == "published":
            assert type(article.published) is type(value)


def test_html_page_via_trafilatura(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "page.html", HTML_PAGE))
    assert article.title == "Border talks resume in Chanthaburi"
    assert article.published == dt.date(2025, 12, 24)
    assert article.url == "https://news.example.org/2025/12/24/border-talks"
    assert article.outlet == "Example News"
    assert article.text.startswith("Military officials from Thailand and Cambodia met in Chanthaburi")
    assert "The death toll has risen to 96 over 18 days" in article.text
    assert "\n\n" in article.text
    for boilerplate in ("Home", "Subscribe", "Copyright", "Cookie", "Border talks resume"):
        assert boilerplate not in article.text


# name, file name, content, manifest or None, words the message must contain
ERROR_CASES = [
    ("empty file", "a.txt", "", None, ["a.txt", "empty"]),
    ("whitespace only", "a.txt", "  \n\t\n", None, ["a.txt", "empty"]),
    ("undecodable bytes", "a.txt", b"Talks set\n\xff\xfe war \x80\n", None, ["a.txt", "UTF-8"]),
    ("front matter only", "a.md", "---\ntitle: Talks set\n---\n\n", None, ["a.md", "no body"]),
    (
        "malformed front matter",
        "a.txt",
        f"---\ntitle: [unclosed\n---\n{BODY}\n",
        None,
        ["a.txt", "front matter"],
    ),
    ("unclosed front matter", "a.txt", f"---\ntitle: Talks set\n{BODY}\n", None, ["a.txt", "closing"]),
    ("front matter not a mapping", "a.txt", f"---\n- a\n- b\n---\n{BODY}\n", None, ["a.txt", "mapping"]),
    (
        "impossible front matter date",
        "a.txt",
        f"---\ndate: 2025-13-45\n---\n{BODY}\n",
        None,
        ["a.txt: front matter date '2025-13-45' is not an ISO 8601 date"],
    ),
    (
        "front matter date in a list",
        "a.txt",
        f"---\ndate: [2025-12-19]\n---\n{BODY}\n",
        None,
        ["a.txt: front matter date must be a date such as 2025-12-19, not a list"],
    ),
    (
        "front matter title in a list",
        "a.txt",
        f"---\ntitle: [Talks, set]\n---\n{BODY}\n",
        None,
        ["a.txt: front matter title must be text, not a list"],
    ),
    (
        "bad front matter date",
        "a.txt",
        f"---\ndate: next Friday\n---\n{BODY}\n",
        None,
        ["a.txt", "next Friday"],
    ),
    (
        "malformed manifest",
        "a.txt",
        f"Talks set\n{BODY}\n",
        '["a.txt"\ndate = 2025-12-21\n',
        ["a.txt: ", "manifest.toml: malformed"],
    ),
    (
        "manifest entry not a table",
        "a.txt",
        f"Talks set\n{BODY}\n",
        "date = 2025-12-21\n",
        ["manifest.toml", "date"],
    ),
    (
        "bad manifest date",
        "a.txt",
        f"Talks set\n{BODY}\n",
        '["a.txt"]\ndate = "19/12/2025"\n',
        ["a.txt: ", "manifest.toml ['a.txt'] date '19/12/2025' is not an ISO 8601 date"],
    ),
    (
        "html with no article text",
        "a.html",
        "<html><head><title>x</title></head><body></body></html>",
        None,
        ["a.html", "no article text"],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "manifest", "words"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_read_article_errors(tmp_path: Path, name: str, content, manifest: str | None, words) -> None:
    if manifest is not None:
        (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    path = write(tmp_path, name, content)
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert str(error.value).startswith(str(path))  # the error line is the article's
    assert "\n" not in str(error.value)
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        (
            "By Jane Doe\nTalks set for Monday\n\nBoth sides agreed.\n",
            "Talks set for Monday",
            "Both sides agreed.",
        ),
        (
            "BANGKOK — Officials from both countries will meet on Monday to discuss the border, the foreign "
            "ministry said.\nThe talks follow a week of clashes.\n",
            "BANGKOK — Officials from both countries will meet on Monday to discuss the",
            "BANGKOK — Officials from both countries will meet on Monday to discuss the border, the foreign "
            "ministry said.\nThe talks follow a week of clashes.",
        ),
        (
            "Is the truce holding?\nShelling resumed on Friday.\n",
            "Is the truce holding?",
            "Shelling resumed on Friday.",
        ),
    ],
    ids=["byline-skipped", "lead-paragraph-first", "question-headline"],
)
def test_the_first_line_is_the_title_only_when_it_reads_as_a_headline(
    tmp_path: Path, content: str, title: str, text: str
) -> None:
    article = read_article(write(tmp_path, "a.txt", content))
    assert (article.title, article.text) == (title, text)


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Talks set\n\n", "Talks set"),
        (
            "---\nsource: Wire\n---\nAt least seven people were killed in shelling near the border town on "
            "Monday, officials said.\n",
            "At least seven people were killed in shelling near the border town on Monday,",
        ),
    ],
)
def test_a_one_paragraph_article_without_a_title_is_titled_by_its_first_words(
    tmp_path: Path, content: str, title: str
) -> None:
    article = read_article(write(tmp_path, "a.txt", content))
    assert article.title == title
    assert article.text == content.split("---\n")[-1].strip()


def test_manifest_change_is_picked_up(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Talks set\n{BODY}\n")
    manifest = tmp_path / "manifest.toml"
    manifest.write_text('["a.txt"]\ndate = 2025-12-21\n', encoding="utf-8")
    assert read_article(path).published == dt.date(2025, 12, 21)
    manifest.write_text('["a.txt"]\ndate = 2025-12-22\n', encoding="utf-8")
    os.utime(manifest, (OLD + 60, OLD + 60))  # a different mtime, whatever the clock resolution
    assert read_article(path).published == dt.date(2025, 12, 22)


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Talks set\n{BODY}\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        with pytest.raises(ArticleError, match=r"a\.txt: cannot read"):
            read_article(path)
    finally:
        path.chmod(0o644)


def test_directory_in_place_of_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").mkdir()
    with pytest.raises(ArticleError, match=r"a\.txt: cannot read"):
        read_article(tmp_path / "a.txt")


def test_list_article_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("b.md", "a.txt", "c.HTML", "d.htm", ".hidden.txt", "notes.pdf", "manifest.toml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    folder = Path(tmp_path.name)
    assert list_article_files(folder) == [folder / n for n in ("a.txt", "b.md", "c.HTML", "d.htm")]
    assert list_article_files(folder / "notes.pdf") == [folder / "notes.pdf"]
    with pytest.raises(ArticleError, match="missing"):
        list_article_files(folder / "missing")


SEED_DATES = {
    "000_0688940b0a78460d.txt": dt.date(2025, 12, 19),
    "001_28170091d95c3762.txt": dt.date(2025, 12, 20),
    "002_8afd80d9f97cc94e.txt": dt.date(2025, 12, 21),
    "003_da671e4b22ae2ccc.txt": dt.date(2025, 12, 23),
    "004_d5b9cac1a143fb4f.txt": dt.date(2025, 12, 25),
}


def test_seeds_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEEDS.parent)
    articles = [read_article(p) for p in list_article_files(Path("seeds"))]
    assert [a.path for a in articles] == [f"seeds/{name}" for name in SEED_DATES]
    assert [a.published for a in articles] == list(SEED_DATES.values())
    assert all(type(a.published) is dt.date for a in articles)
    assert [a.outlet for a in articles] == [None, "Khaosod English", None, None, None]
    assert articles[0].title == "U.S. pushes for Thailand-Cambodia ceasefire amid renewed border clashes"
    assert all(a.text.strip() for a in articles)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seeds folder is not next to the project")
@pytest.mark.parametrize("name", list(SEED_DATES))
def test_seeds_are_unchanged(name: str) -> None:
    assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    big.write_bytes(b"x" * (folder.MAX_FILE_BYTES + 1))
    with pytest.raises(ArticleError, match=r"dump\.txt: too large"):
        read_article(big)
