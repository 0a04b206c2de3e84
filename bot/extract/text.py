"""Sentences, clauses and quotations: the units the extraction rules read."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = (
    "U.S",
    "U.N",
    "U.K",
    "E.U",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Gen",
    "Adm",
    "Brig",
    "Cmdr",
    "Lt",
    "Col",
    "Maj",
    "Capt",
    "Sgt",
    "Prof",
    "Sen",
    "Rep",
    "Gov",
    "Pres",
    "St",
    "No",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "vs",
    "approx",
    "est",
)
_ABBREV_END = re.compile(r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")|\b[A-Z])\.$")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[a-z]\))(?=[A-Z][a-z])")
# A wire dateline opening a paragraph ('KYIV, Ukraine (AP) — ', 'PORT SUDAN (Reuters) - '): where the
# story was filed, not part of its first sentence.
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*)(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?"
    r"\s*(?:\([^()]{1,30}\)\s*)?[—–-]{1,2}\s+"
)
# Particles of Arabic and European place names, lower case inside a name ('Sharm el-Sheikh', 'Dar es Salaam').
_PARTICLES = {"el", "al", "es", "ash", "ad", "de", "del", "di", "da", "du", "la", "le", "van", "von"}
_QUOTE = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
# The characters that make matching in lower case differ from case-blind matching of ASCII words: 'ı' and
# 'ſ' match 'i' and 's' case-blind, and 'İ' lowers to two characters. Text without them can be matched in
# lower case by a case-sensitive pattern, which the regex engine scans much faster.
CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")
_CLAUSE_BREAK = re.compile(r";|\s+(?:but|while|whereas|although)\s+|\s+followed by\s+|,\s+and\s+(?=[a-z])")


@dataclass(frozen=True)
class Sentence:
    text: str
    quoted: tuple[tuple[int, int], ...]  # character spans inside quotation marks
    lower: str = ""  # the text in lower case, for cheap word-stem tests
    paragraph: int = 0  # index of its paragraph among the non-empty ones (0: the headline, if any)
    dateline: str | None = None  # the wire dateline's city opening its paragraph ('Addis Ababa'), if any

    @property
    def is_headline(self) -> bool:
        """A first paragraph without closing punctuation: a headline, written in the headline present
        ('Leaders meet in Doha' for a meeting that was held)."""
        return self.paragraph == 0 and not self.text.endswith((".", "!", "?", '"', "”", "’"))

    def in_quote(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.quoted)

    def has_any(self, stems: re.Pattern[str]) -> bool:
        """True when any stem of `stems` (a `stems_pattern`) occurs in the sentence (lower case): a fast test
        before the rules' regexes, which most sentences of an article need not meet."""
        return stems.search(self.lower) is not None


def stems_pattern(stems: Iterable[str]) -> re.Pattern[str]:
    """One pattern that finds any of the (lower-case) stems anywhere in a text, for a cheap test before the
    rules' regexes. The stems are folded into a trie ('los(?:ing|ses|t)'): the engine skips characters that
    start no stem and tries one branch per first letter, where a flat alternation tries every stem."""
    return re.compile(_trie(sorted(set(stems))))


def _trie(stems: list[str]) -> str:
    """A regex for the stems sharing one prefix (already matched): a stem that is a prefix of others is
    enough on its own, since the pattern only tests whether any stem occurs."""
    if "" in stems:
        return ""
    heads: dict[str, list[str]] = {}
    for stem in stems:
        heads.setdefault(stem[0], []).append(stem[1:])
    alternatives = [re.escape(head) + _trie(tails) for head, tails in heads.items()]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def sentences(text: str) -> list[Sentence]:
    """Split an article body into sentences, paragraph by paragraph; each sentence knows the index of its
    paragraph and the city of the wire dateline that opened it, if any (the dateline itself is dropped)."""
    out: list[Sentence] = []
    index = 0
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        dateline = _DATELINE.match(paragraph)
        if dateline:
            paragraph = paragraph[dateline.end() :]
        if not paragraph:
            continue
        place = _place_name(dateline.group("city")) if dateline else None
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(paragraph)]
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            candidate = paragraph[start : match.start()].rstrip()
            if _ABBREV_END.search(candidate):
                continue
            _append(out, paragraph, start, match.start(), quotes, (index, place))
            start = match.end()
        _append(out, paragraph, start, len(paragraph), quotes, (index, place))
        index += 1
    return out


def _place_name(upper: str) -> str:
    """'SHARM EL-SHEIKH' -> 'Sharm el-Sheikh': a dateline's city as running text writes it."""
    words = re.split(r"([\s-]+)", upper.lower())
    return "".join(w if w in _PARTICLES and i else w.capitalize() for i, w in enumerate(words))


# The rules look around every figure within its sentence, so a sentence's cost grows faster than its
# length. News sentences stay well under this; longer runs (lists, scraped tables, garbage) are cut into
# pieces of at most this many characters, at white space, which keeps extraction linear in the text.
MAX_SENTENCE = 1000


def _append(
    out: list[Sentence],
    paragraph: str,
    start: int,
    end: int,
    quotes: list[tuple[int, int]],
    where: tuple[int, str | None],
) -> None:
    while end - start > MAX_SENTENCE:
        cut = paragraph.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _append_one(out, paragraph, start, cut, quotes, where)
        start = cut
    _append_one(out, paragraph, start, end, quotes, where)


def _append_one(
    out: list[Sentence],
    paragraph: str,
    start: int,
    end: int,
    quotes: list[tuple[int, int]],
    where: tuple[int, str | None],
) -> None:
    chunk = paragraph[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if not chunk:
        return
    base = start + lead
    spans = tuple(
        (max(q0 - base, 0), min(q1 - base, len(chunk)))
        for q0, q1 in quotes
        if q0 < base + len(chunk) and q1 > base
    )
    out.append(Sentence(chunk, spans, chunk.lower(), *where))


def clauses(sentence: str) -> list[tuple[int, str]]:
    """Split a sentence where a new event may start ('; ', 'but', 'followed by'...): (offset, clause) pairs."""
    parts: list[tuple[int, str]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        parts.append((start, sentence[start : match.start()]))
        start = match.end()
    parts.append((start, sentence[start:]))
    return [(offset, part) for offset, part in parts if part.strip()]


def words_pattern(phrases: Iterable[str]) -> str:
    """A regex alternative matching any of the phrases as whole words, longest first."""
    return _words_pattern(tuple(phrases))


@functools.lru_cache(maxsize=256)
def _words_pattern(phrases: tuple[str, ...]) -> str:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])"
