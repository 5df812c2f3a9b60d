"""Cheap per-sentence features for the aligner: hashed word and character n-gram profiles.

Every sentence becomes a dense vector of signed, hashed, idf-weighted counts of
its character 3-, 4- and 5-grams and of its words and word pairs (feature hashing
with a random sign, so bucket collisions add zero-mean noise instead of bias).
Words carry the evidence that survives a weak translation: numbers (split at
separators, so 1.000,5 and 1,000.5 give the same tokens) and names count as
anchors with extra weight. The profile of sentences joined is, up to the n-grams
that straddle the join, the sum of their profiles, so the aligner scores beads of
several sentences from dot products of single sentences.

idf is counted in a table sized to the pair's own n-grams (a six-sentence pair
touches a few thousand buckets, not a fixed million). Everything is vectorised
with numpy over all sentences of a side at once, in chunks, so that 50,000
sentences need neither a Python loop per n-gram nor a huge temporary array.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from checker.settings import (
    ALIGN_ANCHOR_WEIGHT,
    ALIGN_PROFILE_DIM,
    ALIGN_WORD_WEIGHT,
)

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
U64Array = npt.NDArray[np.uint64]

MIN_PROFILE_DIM = 128  # fewest dimensions, however long the input
PROFILE_BUDGET_BYTES = 128 * 2**20  # profiles of both sides together stay under this
NGRAM_SIZES = (3, 4, 5)  # character n-gram orders (lowercased, padded with spaces)
MAX_FREQ_BITS = 22  # idf table: at most 2**22 buckets, at least twice the n-grams counted
MIN_FREQ_BITS = 8
IDF_SAMPLE = 8_000  # most sentences (both sides) whose features are counted for idf
CHUNK_CHARS = 400_000  # characters hashed per numpy pass (bounds temporary memory)
CHUNK_CELLS = 1 << 21  # sentences x dimensions accumulated per numpy pass
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_WORD_SALT = np.uint64(0x5851F42D4C957F2D)
_PAIR_SALT = np.uint64(0x14057B7EF767814F)


@dataclass(frozen=True)
class Profiles:
    """Hashed n-gram profiles of one sequence of texts (rows align with the texts)."""

    vectors: Float32Array  # (n, dim)
    norm2: FloatArray  # squared norm of each row
    adjacent: FloatArray  # dot product of row k with row k+1 (length n-1, or 0)
    present: BoolArray  # False where the text was None (no profile)


def _codepoints(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint64], IntArray]:
    padded = [f" {' '.join(t.lower().split())} " for t in texts]
    joined = "".join(padded)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    owner = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
    return points, owner


def _ngram_hashes(points: U64Array, owner: IntArray) -> tuple[U64Array, IntArray, FloatArray]:
    """Mixed 64-bit hashes of every feature inside one text, with owner and weight:
    character n-grams (weight 1), then words and word pairs (see `_word_hashes`)."""
    hashes: list[U64Array] = []
    owners: list[IntArray] = []
    h = np.zeros(len(points), dtype=np.uint64)
    for size in range(1, max(NGRAM_SIZES) + 1):  # h: n-grams of this size, built on the shorter
        count = len(points) - size + 1
        if count <= 0:
            break
        h = h[:count] * _MULTIPLIER + points[size - 1 : size - 1 + count]
        if size not in NGRAM_SIZES:
            continue
        inside = owner[:count] == owner[size - 1 : size - 1 + count]
        salt = np.uint64(size * pow(int(_MULTIPLIER), size, 1 << 64) % (1 << 64))
        hashes.append(_mix(h[inside] + salt))  # as if h had started at `size`
        owners.append(owner[:count][inside])
    weights = [np.ones(len(h)) for h in hashes]
    w_hash, w_owner, w_weight = _word_hashes(points, owner)
    hashes.append(w_hash)
    owners.append(w_owner)
    weights.append(w_weight)
    return np.concatenate(hashes), np.concatenate(owners), np.concatenate(weights)


def _word_hashes(points: U64Array, owner: IntArray) -> tuple[U64Array, IntArray, FloatArray]:
    """Words (runs of letters or digits) and pairs of adjacent words of one text.

    Weight ALIGN_WORD_WEIGHT, times ALIGN_ANCHOR_WEIGHT for anchors: words with a
    digit, and words of six or more letters (names and content words; the text is
    lowercased by now, so length stands in for capitals)."""
    word = _is_word_char(points)
    if not word.any():
        empty = np.zeros(0, dtype=np.uint64)
        return empty, np.zeros(0, dtype=np.int64), np.zeros(0)
    edge = np.diff(np.concatenate(([False], word, [False])).astype(np.int8))
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1)
    index = np.cumsum(edge[:-1] == 1) - 1  # word id of each character (valid where word)
    chars = np.flatnonzero(word)
    offset = (chars - starts[index[chars]]).astype(np.uint64)
    contrib = (points[chars] + np.uint64(1)) * _mix(offset + _WORD_SALT)
    # per word: sum of its characters' contributions (uint64 wraps), from one cumulative sum
    total = np.concatenate((np.zeros(1, dtype=np.uint64), np.cumsum(contrib, dtype=np.uint64)))
    first = np.searchsorted(chars, starts)
    last = np.searchsorted(chars, ends)
    h = _mix((total[last] - total[first]) ^ _WORD_SALT)
    digits = np.concatenate(([0], np.cumsum((points[chars] >= 48) & (points[chars] <= 57))))
    anchor = (digits[last] > digits[first]) | ((ends - starts) >= 6)
    w_owner = owner[starts]
    weight = ALIGN_WORD_WEIGHT * np.where(anchor, ALIGN_ANCHOR_WEIGHT, 1.0)
    same = w_owner[1:] == w_owner[:-1]
    pairs = _mix(h[:-1][same] * _PAIR_SALT + h[1:][same])
    pair_weight = 0.5 * (weight[:-1][same] + weight[1:][same])
    return (
        np.concatenate((h, pairs)),
        np.concatenate((w_owner, w_owner[1:][same])),
        np.concatenate((weight, pair_weight)),
    )


def _is_word_char(points: U64Array) -> BoolArray:
    """Letters and digits: ASCII alphanumerics, and every code point from Latin-1 on
    except the general punctuation, currency and symbol blocks."""
    ascii_alnum = (
        ((points >= 48) & (points <= 57)) | ((points >= 97) & (points <= 122))
        | ((points >= 65) & (points <= 90))
    )
    latin = (points >= 0xC0) & (points != 0xD7) & (points != 0xF7)
    symbols = (points >= 0x2000) & (points <= 0x2BFF)
    return np.asarray(ascii_alnum | (latin & ~symbols), dtype=np.bool_)


def _mix(h: U64Array) -> U64Array:
    h = h ^ (h >> np.uint64(31))
    h = h * _MIX
    return h ^ (h >> np.uint64(29))


def _chunks(texts: Sequence[str | None], dim: int = 1) -> list[tuple[int, list[str]]]:
    """(first index, texts) chunks of about CHUNK_CHARS characters and at most
    CHUNK_CELLS // dim texts; None counts as ''."""
    most = max(1, CHUNK_CELLS // dim)
    chunks: list[tuple[int, list[str]]] = []
    start, size, current = 0, 0, []
    for index, text in enumerate(texts):
        current.append(text or "")
        size += len(text or "") + 2
        if size >= CHUNK_CHARS or len(current) >= most:
            chunks.append((start, current))
            start, size, current = index + 1, 0, []
    if current:
        chunks.append((start, current))
    return chunks


def _freq_bits(sides: Sequence[Sequence[str | None]]) -> int:
    """Bits of an idf table with about two buckets per feature the pair can hold."""
    chars = sum(len(t or "") + 2 for texts in sides for t in texts)
    features = 4 * chars + 16
    return min(MAX_FREQ_BITS, max(MIN_FREQ_BITS, int(math.ceil(math.log2(features))) + 1))


Hashed = tuple[int, int, tuple[U64Array, IntArray, FloatArray]]  # start, texts, features


def _hashed(texts: Sequence[str | None], dim: int = 1) -> Iterator[Hashed]:
    """The features of each chunk of `texts` (see `_chunks`), one chunk at a time."""
    for start, chunk in _chunks(texts, dim):
        yield start, len(chunk), _ngram_hashes(*_codepoints(chunk))


def _frequencies(sides: Sequence[Iterable[Hashed]], bits: int) -> FloatArray:
    """How many sentences (of both sides) hold each feature bucket."""
    counts = np.zeros(1 << bits, dtype=np.float64)
    mask = np.uint64((1 << bits) - 1)
    for chunks in sides:
        for _, _, (hashes, owner, _) in chunks:
            keys = np.sort((owner.astype(np.uint64) << np.uint64(bits)) | (hashes & mask))
            if len(keys):
                keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # once per sentence
            counts += np.bincount((keys & mask).astype(np.int64), minlength=len(counts))
    return counts


def _idf(counts: FloatArray, sampled: int, buckets: IntArray) -> FloatArray:
    """The idf weight of these buckets (computed for them alone: a pair uses a few
    thousand of the table's buckets)."""
    return np.log1p(sampled / np.maximum(counts[buckets], 1.0))


def _profile_side(
    texts: Sequence[str | None], chunks: Iterable[Hashed], counts: FloatArray, sampled: int,
    bits: int, dim: int,
) -> Profiles:
    n = len(texts)
    vectors = np.zeros((n, dim), dtype=np.float32)
    mask = np.uint64((1 << bits) - 1)
    for start, size, (hashes, owner, kind_weight) in chunks:
        weight = _idf(counts, sampled, (hashes & mask).astype(np.int64)) * kind_weight
        sign = 1.0 - 2.0 * ((hashes >> np.uint64(63)).astype(np.float64))
        bucket = ((hashes >> np.uint64(32)) % np.uint64(dim)).astype(np.int64)
        flat = np.bincount(owner * dim + bucket, weights=weight * sign, minlength=size * dim)
        vectors[start : start + size] = flat.reshape(size, dim)
    present = np.fromiter((t is not None for t in texts), dtype=np.bool_, count=n)
    return _finish(vectors, present)


def _finish(vectors: Float32Array, present: BoolArray) -> Profiles:
    norm2 = np.einsum("ij,ij->i", vectors, vectors, dtype=np.float64)
    if len(vectors) > 1:
        adjacent = np.einsum("ij,ij->i", vectors[:-1], vectors[1:], dtype=np.float64)
    else:
        adjacent = np.zeros(0, dtype=np.float64)
    return Profiles(vectors=vectors, norm2=norm2, adjacent=adjacent, present=present)


def profile_dim(sentences: int) -> int:
    """Largest power-of-two dimension whose profiles fit the memory budget."""
    dim = ALIGN_PROFILE_DIM
    while dim > MIN_PROFILE_DIM and sentences * dim * 4 > PROFILE_BUDGET_BYTES:
        dim //= 2
    return dim


def profile_pair(
    left: Sequence[str | None], right: Sequence[str | None]
) -> tuple[Profiles, Profiles]:
    """Profiles of two sides with idf weights counted over both (so they are comparable)."""
    bits = _freq_bits((left, right))
    stride = max(1, math.ceil((len(left) + len(right)) / IDF_SAMPLE))
    dim = profile_dim(len(left) + len(right))
    chars = sum(len(t or "") for texts in (left, right) for t in texts)
    if stride == 1 and chars <= CHUNK_CHARS:  # every sentence counted, and the features of
        # all fit in the memory of one chunk: each sentence is hashed once, for both uses
        kept = [list(_hashed(left, dim)), list(_hashed(right, dim))]
        counts = _frequencies(kept, bits)
        hashed: Sequence[Iterable[Hashed]] = kept
    else:
        counts = _frequencies((_hashed(left[::stride]), _hashed(right[::stride])), bits)
        hashed = (_hashed(left, dim), _hashed(right, dim))
    sampled = max(1, len(left[::stride]) + len(right[::stride]))
    return (_profile_side(left, hashed[0], counts, sampled, bits, dim),
            _profile_side(right, hashed[1], counts, sampled, bits, dim))


def coarsen_profiles(p: Profiles) -> Profiles:
    """Profiles of consecutive pairs (0+1, 2+3, …; a last odd one stays alone)."""
    n = len(p.vectors)
    vectors = p.vectors[0::2].copy()
    vectors[: n // 2] += p.vectors[1::2]
    present = p.present[0::2].copy()
    present[: n // 2] |= p.present[1::2]
    return _finish(vectors, present)


# ---------------------------------------------------------------- lengths


def _log_erfc(x: FloatArray) -> FloatArray:
    """log(erfc(x)) for x >= 0, stable for large x (Abramowitz & Stegun 7.1.26)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return np.log(poly) - x * x


def length_cost(
    de_len: FloatArray, en_len: FloatArray, ratio: float, variance: float
) -> FloatArray:
    """Gale–Church match cost: -log P(|delta| >= observed) for character lengths."""
    mean = (de_len + en_len / ratio) / 2.0
    delta = np.abs(en_len - de_len * ratio) / np.sqrt(variance * np.maximum(mean, 1.0))
    return -_log_erfc(delta / math.sqrt(2.0))


def length_ratio(de_len: FloatArray, en_len: FloatArray, lo: float, hi: float) -> float:
    """English/German character ratio of the whole pair, clipped to a plausible band."""
    total_de = float(de_len.sum())
    total_en = float(en_len.sum())
    if total_de <= 0 or total_en <= 0:
        return 1.0
    return min(hi, max(lo, total_en / total_de))
