"""Finding a fixed set of names as whole words ('Gaza' but not 'Gazan', 'Sudan' but not 'Sudanese'), fast.

A name is a whole word when neither a word character nor a hyphen touches it (see `text.words_pattern`).
Written that way, the pattern opens with a look-behind, and the regex engine tries the whole alternation
at every character of the text. Here the names are folded into a trie ('R(?:ussia(?:n)?|afah)'), whose
first letters let the engine skip straight to the characters that may start a match, and the look-behind
moves after each first letter. Names are matched longest first, as `words_pattern` orders them: at each
node of the trie a longer name is tried before the shorter one it extends (names that match at one place
all lie on one path of the trie).

Case-blind finding reads the text in lower case with a case-sensitive pattern, which is equivalent unless
the text has one of `CASE_TRAPS` (or a name is not ASCII). Lower-case first letters are most of any text,
so there the look-behind becomes a separator the match consumes first (the text gets a leading space, so
a name at its start has one too). Names that do not start with a word character use `words_pattern`.
"""

from __future__ import annotations

import functools
import re

from bot.extract.fast import has_traps, trie
from bot.extract.text import words_pattern

_WORD_START = re.compile(r"\w")


class NameFinder:
    """The whole-word occurrences of a fixed set of names in a text, as (start, end) spans in text order."""

    def __init__(self, names: tuple[str, ...], ignore_case: bool, pattern: str | None = None) -> None:
        """A finder of `names`, or one that runs `pattern` (a `words_pattern` of its own) as it is."""
        self.ignore_case = ignore_case
        self._plain = re.compile(pattern or words_pattern(names), re.IGNORECASE if ignore_case else 0)
        wanted = sorted({n.lower() if ignore_case else n for n in names if n})
        fast = bool(wanted) and all(_WORD_START.match(n) for n in wanted)
        if ignore_case:
            fast = fast and all(n.isascii() for n in names)
        self._fast: re.Pattern[str] | None = None
        if fast and ignore_case:
            self._fast = re.compile(r"[^\w-]" + trie(wanted) + r"(?![\w-])")
        elif fast:
            self._fast = re.compile(trie(wanted, r"(?<![\w-][\s\S])") + r"(?![\w-])")

    def spans(self, text: str, plain: bool | None = None) -> list[tuple[int, int]]:
        """The occurrences in `text`; `plain` tells whether it has no `CASE_TRAPS`, when the caller knows
        (`route` knows of the article it scans)."""
        if self._fast is None:
            return [m.span() for m in self._plain.finditer(text)]
        if not self.ignore_case:
            return [m.span() for m in self._fast.finditer(text)]
        if plain is None:
            plain = not has_traps(text)
        if not plain:
            return [m.span() for m in self._plain.finditer(text)]
        # The match starts at the separator, one character before the name in the subject: at the name's
        # position in `text`.
        return [(m.start(), m.end() - 1) for m in self._fast.finditer(" " + text.lower())]


@functools.lru_cache(maxsize=512)
def name_finder(names: tuple[str, ...], ignore_case: bool = False) -> NameFinder:
    """One finder per set of names (a conflict's keywords, a party's aliases): compiled once."""
    return NameFinder(names, ignore_case)


# One scan for a set of names and a set of plurals ('Palestinians'), as `Actors` finds them: the pattern, the
# plurals it finds, and a finder of the other plurals.
Joint = tuple[re.Pattern[str], frozenset[str], NameFinder | None]
_NOT_WORD = re.compile(r"[^\w-]")


def joint_finder(names: list[str], plurals: list[str]) -> Joint | None:
    """One pattern (as `NameFinder` builds one) for the names and the plurals that no name found in a text
    can overlap, so that one scan finds both; and a finder of the other, `rare` plurals ('Indian Armys' of
    'Indian Army', which may overlap 'Indian'). None when separate scans of the names and of the plurals
    could find other things: when two plurals can match at one place, or a plural of each kind overlap."""
    plurals = sorted(set(plurals))
    if any(b.startswith(a) and _NOT_WORD.match(b[len(a)]) for a in plurals for b in plurals if a != b):
        return None
    if not all(_WORD_START.match(n) for n in [*names, *plurals]):
        return None
    rare = [p for p in plurals if not apart([n for n in names if n != p], [p])]
    common = [p for p in plurals if p not in rare]
    if rare and not apart(common, rare):
        return None
    joint = re.compile(trie(sorted({*names, *common}), r"(?<![\w-][\s\S])") + r"(?![\w-])")
    return joint, frozenset(common), NameFinder(tuple(rare), ignore_case=False) if rare else None


def apart(names: list[str], plurals: list[str]) -> bool:
    """True when no whole-word occurrence of a name in a text can overlap one of a plural: none is the
    other, has the other as a whole word inside it, or ends with a whole-word beginning of the other."""
    if set(names) & set(plurals):
        return False
    for a_list, b_list in ((names, plurals), (plurals, names)):
        for a in a_list:
            if any(re.search(r"(?<![\w-])" + re.escape(b) + r"(?![\w-])", a) for b in b_list):
                return False
            for k in [0] + [m.end() for m in _NOT_WORD.finditer(a)]:
                tail = a[k:]
                if tail and any(
                    b.startswith(tail) and len(b) > len(tail) and _NOT_WORD.match(b[len(tail)])
                    for b in b_list
                ):
                    return False
    return True
