"""Sentences, clauses and quotations: the units the extraction rules read."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from bot.extract.fast import has_traps, trie

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
# A sentence ends after its closing punctuation, before white space and a capital or a digit; or after a
# parenthesis that closes on a lower-case word, right before a capitalised word ('(AFP)Ukraine...'). The
# pattern starts on the punctuation mark, which the regex engine finds fast; the sentence ends just after it.
_BOUNDARY = re.compile(r"[.!?)](?:(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[a-z]\))(?=[A-Z][a-z]))")
# The longest stretch `_ABBREV_END` can match: 'approx.' and the character before it.
_ABBREV_REACH = max(map(len, _ABBREVIATIONS)) + 2
# A wire dateline opening a paragraph ('KYIV, Ukraine (AP) — ', 'PORT SUDAN (Reuters) - '): where the
# story was filed, not part of its first sentence.
DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*)(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?"
    r"\s*(?:\([^()]{1,30}\)\s*)?[—–-]{1,2}\s+"
)
# Particles of Arabic and European place names, lower case inside a name ('Sharm el-Sheikh', 'Dar es Salaam').
_PARTICLES = {"el", "al", "es", "ash", "ad", "de", "del", "di", "da", "du", "la", "le", "van", "von"}
_QUOTE = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_BREAK_WORDS = (", and ", " but ", " while ", " whereas ", " although ", " followed by ")
_CLAUSE_BREAK = re.compile(r";|\s+(?:but|while|whereas|although)\s+|\s+followed by\s+|,\s+and\s+(?=[a-z])")


@dataclass(frozen=True)
class Sentence:
    text: str
    quoted: tuple[tuple[int, int], ...]  # character spans inside quotation marks
    lower: str = ""  # the text in lower case, for cheap word-stem tests
    paragraph: int = 0  # index of its paragraph among the non-empty ones (0: the headline, if any)
    dateline: str | None = None  # the wire dateline's city opening its paragraph ('Addis Ababa'), if any
    # no `CASE_TRAPS`: `lower` may be read by lower-case patterns in place of case-blind ones
    plain: bool = True

    @classmethod
    def make(
        cls,
        text: str,
        quoted: tuple[tuple[int, int], ...],
        lower: str,
        paragraph: int,
        dateline: str | None,
        plain: bool,
    ) -> Sentence:
        """`Sentence(text, quoted, lower, paragraph, dateline, plain)`, made in a third of the time: a frozen
        dataclass's `__init__` sets each field with a call of `object.__setattr__`, where this writes the
        new instance's dictionary (in the same order)."""
        sentence = object.__new__(cls)
        fields = sentence.__dict__
        fields["text"] = text
        fields["quoted"] = quoted
        fields["lower"] = lower
        fields["paragraph"] = paragraph
        fields["dateline"] = dateline
        fields["plain"] = plain
        return sentence

    @property
    def is_headline(self) -> bool:
        """A first paragraph without closing punctuation: a headline, written in the headline present
        ('Leaders meet in Doha' for a meeting that was held)."""
        return self.paragraph == 0 and not self.text.endswith((".", "!", "?", '"', "”", "’"))

    def in_quote(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.quoted)

    @property
    def low(self) -> str | None:
        """The text in lower case for `fast.Blind` patterns; None when it may have `CASE_TRAPS`."""
        return self.lower if self.plain else None

    @cached_property
    def clauses(self) -> list[tuple[int, str]]:
        """`clauses(self.text)`, split once. (A sentence's white space is single spaces, so the words that
        may break it are looked for as they are written.)"""
        text = self.text
        if ";" in text or any(word in text for word in _BREAK_WORDS):
            return clauses(text)
        return [(0, text)] if text.strip() else []

    def has_any(self, stems: Stems) -> bool:
        """True when any stem of `stems` (a `stems_pattern`) occurs in the sentence (lower case): a cheap test
        before the rules' regexes, which most sentences of an article need not meet."""
        found, known = self.stem_mask
        if stems.bit < known:
            return bool(found & stems.bit)
        return stems.search(self.lower) is not None  # (made after the sentence was scanned)

    @cached_property
    def stem_mask(self) -> tuple[int, int]:
        """The bits of the `Stems` that occur in the sentence, from one scan of its lower case for the stems
        of all of them; and the first bit the scan does not know (of a `Stems` made after it)."""
        count = len(Stems.registry)
        pattern, bits = _all_stems(count)
        found = 0
        for stem in set(pattern.findall(self.lower)):
            found |= bits[stem]
        return found, 1 << count


class Stems:
    """Stems (in lower case) of the words a rule needs, for a cheap test before its regexes: `search` finds
    any of them in a text, `Sentence.has_any` tells whether one occurs in a sentence."""

    registry: ClassVar[list[Stems]] = []

    def __init__(self, stems: Iterable[str]) -> None:
        self.stems = tuple(sorted(set(stems)))
        self.pattern = re.compile(_trie(list(self.stems)))
        self.bit = 1 << len(Stems.registry)
        Stems.registry.append(self)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


def stems_pattern(stems: Iterable[str]) -> Stems:
    """The stems, folded into a trie ('los(?:ing|ses|t)'): the engine skips characters that start no stem
    and tries one branch per first letter, where a flat alternation tries every stem."""
    return Stems(stems)


@functools.lru_cache(maxsize=4)
def _all_stems(count: int) -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern that finds, at every place of a text, the longest stem of the first `count` `Stems` that
    starts there; and for each stem, the bits of the `Stems` that have it or one of its beginnings (which
    start at the same place). One scan then tells every `Stems` that occurs, exactly."""
    owners: dict[str, int] = {}
    for stems in Stems.registry[:count]:
        for stem in stems.stems:
            owners[stem] = owners.get(stem, 0) | stems.bit
    bits = {
        longest: functools.reduce(
            lambda a, b: a | b, (mask for stem, mask in owners.items() if longest.startswith(stem)), 0
        )
        for longest in owners
    }
    return re.compile("(?=(" + trie(sorted(owners)) + "))"), bits


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
    plain = not has_traps(text)
    # (Blank lines and single line breaks both end a paragraph; a line of white space only is none.)
    for paragraph in text.split("\n"):
        if not _single_spaced(paragraph):
            paragraph = " ".join(paragraph.split())
        dateline = DATELINE.match(paragraph) if paragraph[:1].isupper() else None
        if dateline:
            paragraph = paragraph[dateline.end() :]
        if not paragraph:
            continue
        place = _place_name(dateline.group("city")) if dateline else None
        quotes = (
            [(m.start(), m.end()) for m in _QUOTE.finditer(paragraph)]
            if '"' in paragraph or "“" in paragraph
            else []
        )
        where = (index, place, plain)
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.start() + 1  # just after the closing punctuation
            # (the sentence so far ends on that punctuation: an abbreviation's full stop is no end)
            if _ABBREV_END.search(paragraph, max(start, end - _ABBREV_REACH), end):
                continue
            _append(out, paragraph, start, end, quotes, where)
            start = match.end()
        _append(out, paragraph, start, len(paragraph), quotes, where)
        index += 1
    return out


def _single_spaced(line: str) -> bool:
    """Whether `" ".join(line.split())` is `line` itself, as it is for most lines, found without splitting:
    every white space character but the space is unprintable, so a printable line's only white space is
    spaces."""
    return line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "


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
    where: tuple[int, str | None, bool],
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
    where: tuple[int, str | None, bool],
) -> None:
    chunk = paragraph[start:end]
    # (A paragraph's white space is single spaces, and most pieces have none at either end.)
    if chunk[:1] == " " or chunk[-1:] == " ":
        stripped = chunk.lstrip()
        start += len(chunk) - len(stripped)
        chunk = stripped.rstrip()
    if not chunk:
        return
    spans = (
        tuple(
            (max(q0 - start, 0), min(q1 - start, len(chunk)))
            for q0, q1 in quotes
            if q0 < start + len(chunk) and q1 > start
        )
        if quotes
        else ()
    )
    out.append(Sentence.make(chunk, spans, chunk.lower(), *where))


def clauses(sentence: str) -> list[tuple[int, str]]:
    """Split a sentence where a new event may start ('; ', 'but', 'followed by'...): (offset, clause) pairs."""
    if not _may_break(sentence):
        return [(0, sentence)] if sentence.strip() else []
    parts: list[tuple[int, str]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        parts.append((start, sentence[start : match.start()]))
        start = match.end()
    parts.append((start, sentence[start:]))
    return [(offset, part) for offset, part in parts if part.strip()]


def _may_break(sentence: str) -> bool:
    """Whether the sentence has the words `_CLAUSE_BREAK` needs: most sentences are one clause."""
    return (
        ";" in sentence
        or ("," in sentence and "and" in sentence)
        or "but" in sentence
        or "while" in sentence
        or "whereas" in sentence
        or "although" in sentence
        or "followed by" in sentence
    )


def words_pattern(phrases: Iterable[str]) -> str:
    """A regex alternative matching any of the phrases as whole words, longest first."""
    return _words_pattern(tuple(phrases))


@functools.lru_cache(maxsize=256)
def _words_pattern(phrases: tuple[str, ...]) -> str:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])"
