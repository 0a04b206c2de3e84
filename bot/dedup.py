"""Duplicate articles: exact copies, syndicated copies and lightly edited versions of one story.

An exact copy has the same URL or the same normalised text (`text_hash`: case, punctuation and white space
ignored).

Two articles are near-duplicates when the Jaccard similarity of their sets of word 5-grams (shingles of the
normalised text) is at least NEAR_DUPLICATE (0.7). A wire story republished under another headline, with a
sentence added or dropped or a few words changed, stays well above it (one changed word costs five of some
hundreds of shingles); two outlets writing the same news in their own words share almost no 5-gram.

The similarity is estimated with MinHash (datasketch, PERMUTATIONS hash functions over CRC-32 of each shingle); candidates are found with
locality-sensitive hashing: the signature is cut into BANDS bands of ROWS values, and articles sharing any
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
from datasketch import MinHash

from bot.models import Article

NEAR_DUPLICATE = 0.7
PERMUTATIONS = 128
BANDS, ROWS = 16, 4
SHINGLE = 5
MIN_WORDS = 40
_SEED = 20251219
_WORD = re.compile(r"\w+")


def normalise_text(text: str) -> str:
    """Casefolded text with punctuation dropped and whitespace collapsed: what exact copies share."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def text_hash(article: Article) -> str:
    """SHA-256 (hex) of the article's normalised text, or of its normalised title when the text is empty."""
    return hashlib.sha256(
        (normalise_text(article.text) or normalise_text(article.title)).encode()
    ).hexdigest()


def _hash(shingle: bytes) -> int:
    """A 32-bit hash of a shingle, the same in every process (CRC-32: fast, and well spread on text)."""
    return zlib.crc32(shingle)


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=_SEED, hashfunc=_hash)


def signature(text: str) -> bytes | None:
    """The MinHash signature of `text` (PERMUTATIONS 32-bit values), or None for a text too short to compare."""
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
    template = _template()
    sketch = MinHash(
        num_perm=PERMUTATIONS, permutations=template.permutations, scheme=template.scheme, hashfunc=_hash
    )
    sketch.update_batch(list(shingles))
    return sketch.hashvalues.astype("<u4").tobytes()


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
