"""Duplicate articles: exact copies, syndicated copies and lightly edited versions of one story.

An exact copy has the same URL or the same normalised text (`text_hash`: case, punctuation and white space
ignored).

Two articles are near-duplicates when the Jaccard similarity of their sets of word 5-grams (shingles of the
normalised text) is at least NEAR_DUPLICATE (0.7). A wire story republished under another headline, with a
sentence added or dropped or a few words changed, stays well above it (one changed word costs five of some
hundreds of shingles); two outlets writing the same news in their own words share almost no 5-gram.

The similarity is estimated with MinHash: PERMUTATIONS universal hash functions ((a*x + b) mod p, p the
first prime above 2**32) over a 32-bit hash of each shingle, vectorised with numpy (a library such as
datasketch would do the same, but loads scipy: twice the memory of the whole feed reader). Candidates are
found with locality-sensitive hashing: the signature is cut into BANDS bands of ROWS values, and articles sharing any
band are compared (a pair at similarity 0.7 shares a band with probability 0.9998, at 0.3 with 0.23).
Texts shorter than MIN_WORDS words are left to exact matching: a few words are too few to tell an edit
from a different story ('three killed' against 'four killed').
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np

from bot.models import Article

NEAR_DUPLICATE = 0.7
PERMUTATIONS = 128
BANDS, ROWS = 16, 4
SHINGLE = 5
MIN_WORDS = 40
_SEED = 20251219


class _NotWordToSpace(dict[int, int]):
    """A `str.translate` table that maps every character `[\\W_]` matches to a space and keeps the others,
    filled in as characters are met: a text is translated at C speed once its characters are known."""

    def __missing__(self, code: int) -> int:
        mapped = 32 if _NOT_WORD.match(chr(code)) else code
        if len(self) < _TABLE_LIMIT:  # (a text of every script there is does not grow it without bound)
            self[code] = mapped
        return mapped


_NOT_WORD = re.compile(r"[\W_]")
_TABLE_LIMIT = 20_000
_TO_SPACE = _NotWordToSpace()


def normalise_text(text: str) -> str:
    """Casefolded text with punctuation dropped and whitespace collapsed: what exact copies share (what
    `re.sub(r"[\\W_]+", " ", text.casefold()).strip()` gives)."""
    return " ".join(text.casefold().translate(_TO_SPACE).split())


def text_hash(article: Article) -> str:
    """SHA-256 (hex) of the article's normalised text, or of its normalised title when the text is empty;
    kept on the article, which is read more than once on its way through the pipeline."""
    cached = article._text_hash
    if cached is None or cached[0] is not article.text:  # a copy with another text computes its own
        text = normalise_text(article.text) or normalise_text(article.title)
        cached = article._text_hash = (article.text, hashlib.sha256(text.encode()).hexdigest())
    return cached[1]


def signature(article: Article) -> bytes | None:
    """The MinHash signature of the article's text (None for a text too short to compare); kept on the
    article. Only articles about a followed conflict need one: a copy of anything else has no facts to
    repeat."""
    cached = article._signature
    if cached is None or cached[0] is not article.text:
        cached = article._signature = (article.text, _signature(normalise_text(article.text).split()))
    return cached[1]


_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_MASK = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: mixes word hashes into shingle hashes
_rng = np.random.default_rng(_SEED)
# Multipliers and offsets below 2**32: a*x + b stays below 2**64 for a 32-bit x, so nothing overflows.
_A = _rng.integers(1, 2**32, PERMUTATIONS, dtype=np.uint64)[:, None]
_B = _rng.integers(0, 2**32, PERMUTATIONS, dtype=np.uint64)[:, None]


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """The distinct 32-bit hashes of the text's word 5-grams (CRC-32 of each word, mixed in order)."""
    w = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    h = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # multiplication modulo 2**64 is the point
        for k in range(SHINGLE):
            h = h * _MIX + w[k : len(words) - SHINGLE + 1 + k]
    return np.unique((h ^ (h >> np.uint64(32))) & _MASK)


def _signature(words: list[str]) -> bytes | None:
    """The MinHash signature of a text's words (PERMUTATIONS 32-bit values), or None for a text too short
    to compare."""
    if len(words) < MIN_WORDS:
        return None
    shingles = _shingle_hashes(words)
    # In place, in one buffer: temporaries of PERMUTATIONS x shingles values each would leave the
    # allocator holding several times this buffer's size.
    values = np.multiply(_A, shingles[None, :])
    values += _B
    np.remainder(values, _PRIME, out=values)
    values &= _MASK
    return values.min(axis=1).astype("<u4").tobytes()


@lru_cache(maxsize=4096)
def bands(sig: bytes) -> tuple[int, ...]:
    """The LSH band keys of a signature: a signed 64-bit hash of each band's number and rows."""
    width = ROWS * 4
    return tuple(
        int.from_bytes(
            hashlib.blake2b(bytes([i]) + sig[i * width : (i + 1) * width], digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(BANDS)
    )


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of the texts behind two signatures."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.mean(x == y)) if len(x) == len(y) else 0.0
