"""Read articles from files and folders (shared spec, section 3).

One article a file: plain text or Markdown (`.txt`, `.md`) or an HTML page (`.html`, `.htm`), optionally
starting with YAML front matter (`title`, `date`, `url`, `source`). A `manifest.toml` beside the files may
give any file's `date`, `title`, `url` and `source` (or `outlet`). The publication date is taken from, in
order: front matter, the manifest, the page's own metadata (HTML only), a single full date the text
states, the file's modification time (UTC). Titles, urls and outlets follow the same order.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.models import Article
from bot.render import title_from_text

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST = "manifest.toml"
_HTML_SUFFIXES = (".html", ".htm")


class ArticleError(Exception):
    """A file cannot be read as an article; the message names the file and the problem."""


def list_article_files(path: Path) -> list[Path]:
    """The article files at `path`: the file itself, or a folder's article files sorted by name.

    Folders are not searched recursively; hidden files, `manifest.toml` and files whose suffix is not in
    `ARTICLE_SUFFIXES` are skipped. Paths keep the form the caller gave (relative stays relative).
    """
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ArticleError(f"{path}: no such file or folder")
    return sorted(
        (
            p
            for p in path.iterdir()
            if p.is_file()
            and not p.name.startswith(".")
            and p.name != MANIFEST
            and p.suffix.lower() in ARTICLE_SUFFIXES
        ),
        key=lambda p: p.name,
    )


def read_articles(paths: Iterable[Path]) -> Iterator[tuple[Path, Article | ArticleError]]:
    """Every article file of `paths` (files or folders), read one by one in order: each with the path it was
    found under, as an `Article` or the `ArticleError` reading it (or listing its folder) raised."""
    for path in paths:
        try:
            files = list_article_files(path)
        except ArticleError as exc:
            yield path, exc
            continue
        for file in files:
            try:
                yield path, read_article(file)
            except ArticleError as exc:
                yield path, exc


def read_article(path: Path) -> Article:
    """Read one article file; raises `ArticleError` for anything that is not a usable article.

    Without an explicit title (front matter, manifest, HTML metadata) the first non-empty line is the
    title and is removed from the body; an explicit title leaves the body whole unless its first line
    repeats the title. Line endings are normalised to `\\n` and paragraphs (blank-line separated) are
    kept. `published` is a `date` unless a time is known, then an aware `datetime` (naive times are
    taken as UTC). `path` is the path as given, so a relative folder gives relative paths.
    """
    path = Path(path)
    raw = _read_text(path)
    if not raw.strip():
        raise ArticleError(f"{path}: empty file")
    meta, content = _split_front_matter(raw, path)
    try:
        entry = _manifest_entry(path)
    except ArticleError as e:  # the manifest describes this file: the file cannot be read as described
        raise ArticleError(f"{path}: {e}") from e

    page: dict[str, str | None] = {}
    if path.suffix.lower() in _HTML_SUFFIXES:
        content, page = _extract_html(content, path)

    title = _text(meta.get("title")) or _text(entry.get("title")) or page.get("title")
    text = _normalise(content)
    first, _, rest = text.partition("\n")
    if not title and _BYLINE.match(first) and rest.strip():  # 'By Jane Doe' above the text is no title
        text = rest.strip("\n")
        first, _, rest = text.partition("\n")
    first = first.strip()
    if path.suffix.lower() == ".md":
        first = first.lstrip("#").strip()
    if title and _text(first) != title:
        body = text
    elif title or (rest.strip() and _is_headline(first)):
        title, body = title or first, rest.strip("\n")
    else:  # the text starts at once (a brief, a lead paragraph): its first words are the title
        title, body = title_from_text(first), text
    if not title or not body.strip():
        raise ArticleError(f"{path}: no body text")

    published = (
        _parse_date(meta.get("date"), f"{path}: front matter date")
        or _parse_date(entry.get("date"), f"{path}: {path.parent / MANIFEST} [{path.name!r}] date")
        or _parse_date(page.get("date"), f"{path}: page metadata date")
        or _date_in_text(f"{title}\n{body}")
        or dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()
    )
    return Article(
        title=title,
        text=body,
        published=published,
        path=path.as_posix(),
        url=_text(meta.get("url")) or _text(entry.get("url")) or page.get("url"),
        outlet=_text(meta.get("source"))
        or _text(entry.get("source"))
        or _text(entry.get("outlet"))
        or page.get("sitename"),
    )


# A byline ('By Jane Doe', 'By The White House'): a short line naming who wrote or issued the text.
_BYLINE = re.compile(r"By\s+[A-Z][^.!?]{0,60}\Z")
# Past this length a first line is a paragraph, not a headline.
MAX_HEADLINE = 160


def _is_headline(line: str) -> bool:
    """Whether a text's first line reads as its headline: short, and not a sentence ending in a full stop
    (headlines drop it; a lead paragraph keeps it)."""
    return len(line) <= MAX_HEADLINE and not line.rstrip("\"'”’ ").endswith(".")


# An article file larger than this is no article (a dump, a mis-saved archive); it is refused unread.
MAX_FILE_BYTES = 10_000_000


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(f"{path.as_posix()}: too large ({size:,} bytes; at most {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except OSError as e:
        raise ArticleError(f"{path}: cannot read ({e.strerror or e})") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from e


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def _split_front_matter(raw: str, path: Path) -> tuple[dict[str, Any], str]:
    if not re.match(r"---[ \t]*\r?\n", raw):
        return {}, raw
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise ArticleError(f"{path}: front matter has no closing '---' line")
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # (a SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2}, column {mark.column + 1})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ArticleError(f"{path}: malformed front matter: {problem}{where}") from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleError(f"{path}: front matter is not a mapping of keys to values")
    _require_text(meta, f"{path}: front matter")
    return meta, raw[match.end() :]


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as `yaml.safe_load` reads it, except that dates stay text: `_parse_date` reads them and names
    the key when one is wrong ('2025-13-45' would otherwise fail inside the YAML parser, unnamed)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_TEXT_KEYS = ("title", "url", "source", "outlet")


def _require_text(values: dict[str, Any], where: str) -> None:
    """An ArticleError unless the keys sitrep reads as text hold text (or a number), not a list or table."""
    for key in _TEXT_KEYS:
        if isinstance(values.get(key), (list, dict)):
            kind = "list" if isinstance(values[key], list) else "mapping"
            raise ArticleError(f"{where} {key} must be text, not a {kind}")


# Manifests are parsed once per folder and re-read only when the file changes.
_manifests: dict[Path, tuple[int, dict[str, dict[str, Any]]]] = {}


def _manifest_entry(path: Path) -> dict[str, Any]:
    manifest = path.parent / MANIFEST
    try:
        mtime = manifest.stat().st_mtime_ns
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise ArticleError(f"{manifest}: cannot read ({e.strerror or e})") from e
    key = manifest.resolve()
    cached = _manifests.get(key)
    if cached is None or cached[0] != mtime:
        cached = (mtime, _load_manifest(manifest))
        _manifests[key] = cached
    return cached[1].get(path.name, {})


def _load_manifest(manifest: Path) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(_read_text(manifest))
    except tomllib.TOMLDecodeError as e:
        raise ArticleError(f"{manifest}: malformed TOML: {e}") from e
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise ArticleError(f'{manifest}: {name!r} must be a table such as ["{name}"]')
        _require_text(entry, f"{manifest} [{name!r}]")
    return data


def _extract_html(html: str, path: Path) -> tuple[str, dict[str, str | None]]:
    # Imported here: trafilatura is slow to import and only HTML files need it.
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, output_format="txt")
    if not text or not text.strip():
        raise ArticleError(f"{path}: no article text found in the HTML page")
    # Non-extensive date search: only dates the page declares, never guesses from its text.
    meta = trafilatura.extract_metadata(html, extensive=False)
    fields = ("title", "date", "url", "sitename")
    page = {name: getattr(meta, name, None) for name in fields} if meta else {}
    # trafilatura puts one paragraph per line; blank lines make paragraphs explicit like the text files.
    return re.sub(r"\n+", "\n\n", text), {k: _text(v) for k, v in page.items()}


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _parse_date(value: Any, where: str) -> dt.date | dt.datetime | None:
    """A date or an aware datetime from a YAML/TOML value or an ISO 8601 string; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            text = value.strip()
            has_time = "T" in text or ":" in text
            value = dt.datetime.fromisoformat(text) if has_time else dt.date.fromisoformat(text)
        except ValueError as e:
            raise ArticleError(f"{where} {value!r} is not an ISO 8601 date") from e
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return value
    kind = {list: "a list", dict: "a mapping", bool: "true or false"}.get(type(value), "a number")
    raise ArticleError(f"{where} must be a date such as 2025-12-19, not {kind}")


_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
_MONTH = r"(?P<month>" + "|".join([*_MONTH_NAMES.split(), "sept", *_MONTHS]) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TEXT_DATES = [
    re.compile(rf"(?<!\d){_YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
]


def _date_in_text(text: str) -> dt.date | None:
    """The one full date (with a year) the text states; None when it states none or several."""
    found: set[dt.date] = set()
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(text):
            month = m["month"]
            month_number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
            try:
                found.add(dt.date(int(m["year"]), month_number, int(m["day"])))
            except ValueError:
                continue
    return found.pop() if len(found) == 1 else None
