"""Fast forms of the rules' patterns, with the same matches.

Python's regex engine finds where a match may start quickly only when the pattern opens with a literal
or a set of characters; a pattern that opens with `\\b`, a look-behind or a case-blind word is tried at
every character of the text, and case-blind literals are compared more slowly. Two rewrites help:

- Case-blind matching of a text is case-sensitive matching of its lower case by the pattern written in
  lower case (`Blind`). That is exact unless the text has one of `CASE_TRAPS`: 'ı' and 'ſ' match 'i' and
  's' case-blind, and 'İ' lowers to two characters (which would shift every position after it).
- A set of words folded into a trie ('kill(?:ed|ing)?'), with the word-boundary test moved after the first
  letter of each word (`trie`, `words_test`): the engine skips to the characters that may start a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def has_traps(text: str) -> bool:
    """Whether `text` has one of `CASE_TRAPS` (what `CASE_TRAPS.search` tells): a look for each character
    runs many times faster than the pattern's scan, and a text in ASCII needs none."""
    return not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text)


# A pattern meant for `Blind` has no upper-case letter outside an escape ('\W', '\S', '\B'...) or a
# named group ('(?P<name>').
_UPPER_LITERAL = re.compile(r"(?<!\\)(?<!\(\?)[A-Z]")


def trie(names: list[str], after_first: str = "") -> str:
    """A regex for `names` (all sharing the prefix already matched), longer names first, as a flat
    alternation of them sorted longest first would match; `after_first` follows the first letter of each
    name."""
    heads: dict[str, list[str]] = {}
    for name in names:
        if name:
            heads.setdefault(name[0], []).append(name[1:])
    if not heads:
        return ""
    alternatives = [re.escape(head) + after_first + trie(tails) for head, tails in heads.items()]
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    # A name ending here is tried after every longer one: the group is greedy.
    return f"(?:{body})?" if "" in names else body


def words_test(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds whether any of `words` (in lower case, each starting and ending with a word
    character) occurs as a whole word in a lower-case text: what `\\b(?:word|...)\\b` finds, where
    `\\b` before the word is the look-behind after its first letter."""
    ordered = sorted(set(words))
    assert all(re.fullmatch(r"\w(?:.*\w)?", w) and w == w.lower() for w in ordered), ordered
    return re.compile(trie(ordered, r"(?<!\w[\s\S])") + r"(?!\w)")


class Blind:
    """A case-blind pattern (written in lower case) and its case-sensitive twin for lower-case text.

    Each method takes the text and, when the caller has it, the text in lower case with a flag that the
    text has no `CASE_TRAPS` (`plain`); without them, they are found here. The matches returned are those
    of the case-blind pattern on the text itself (same spans and groups, in the text's own case): the twin
    only finds where they are."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        assert not _UPPER_LITERAL.search(pattern), pattern
        self.pattern = pattern
        self.blind = re.compile(pattern, flags | re.IGNORECASE)
        self.twin = re.compile(pattern, flags)

    def _lower(self, text: str, low: str | None) -> str | None:
        if low is not None:
            return low
        return None if has_traps(text) else text.lower()

    def search(self, text: str, low: str | None = None, pos: int = 0) -> re.Match[str] | None:
        """The first match in `text` from `pos`; `low` is `text` in lower case, None when it has traps or
        is not at hand."""
        low = self._lower(text, low)
        if low is None:
            return self.blind.search(text, pos)
        m = self.twin.search(low, pos)
        return self.blind.match(text, m.start()) if m else None

    def found(self, text: str, low: str | None = None) -> bool:
        """Whether the pattern matches anywhere in `text` (`low` as for `search`)."""
        low = self._lower(text, low)
        return bool(self.blind.search(text) if low is None else self.twin.search(low))

    def match(self, text: str, low: str | None = None, pos: int = 0) -> re.Match[str] | None:
        """The match at `pos` in `text`."""
        low = self._lower(text, low)
        if low is None:
            return self.blind.match(text, pos)
        return self.blind.match(text, pos) if self.twin.match(low, pos) else None

    def twin_finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """Matches with the spans and group spans of those `finditer` finds, but not rebuilt in the text's
        own case: the twin's matches on the lower case when there is one (see the class docstring). Their
        `group` may read the lower case: read the text by their spans."""
        low = self._lower(text, low)
        return self.blind.finditer(text) if low is None else self.twin.finditer(low)

    def spans(self, text: str, low: str | None = None) -> list[tuple[int, int]]:
        """The (start, end) of every match in `text`, as `finditer` finds them (from `twin_finditer`)."""
        return [m.span() for m in self.twin_finditer(text, low)]

    def finditer(self, text: str, low: str | None = None) -> list[re.Match[str]]:
        """Every match in `text`, as `re.finditer` finds them."""
        low = self._lower(text, low)
        if low is None:
            return list(self.blind.finditer(text))
        return [self.blind.match(text, m.start()) for m in self.twin.finditer(low)]  # type: ignore[misc]
