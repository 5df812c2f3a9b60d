"""Answers kept for the pairs being checked, however long their articles.

The stages of a check each read every text of a pair: the word memo's bulk read and the
aligner's word links tokenise all sentences, the detectors each bead's texts, and the
pair-level findings all beads' numbers again. A least-recently-used cache of fixed size
serves the later readings of a short article, but forgets the first beads' texts
before the last stage of a long one reaches them: there every stage tokenised again,
and a 10,000-line article cost more per line than a 1,000-line one. A function
decorated with `per_pair` keeps every answer while `scope()` is open (the check of one
chunk of pairs, those of one translation batch) and forgets them all when it closes,
so each text is worked out once per pair and memory grows with the chunk's articles,
not with the run. Outside a scope (tests, reports read back) the answers stay until
the next chunk is done.

The decorated functions must be pure: threads that check two chunks at once share the
caches, and a chunk finished in one thread empties them for the other, which then works
its answers out again, the same answers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

MAX_KEPT = 1 << 17  # answers kept at most per function: the texts of 40,000 lines

_CACHES: list[Any] = []  # every per-pair cache, emptied when a scope closes


def per_pair(function: Callable[..., T]) -> Callable[..., T]:
    """Memoise `function` (hashable arguments) for the pairs being checked: an LRU cache
    (C speed) that holds the texts of up to about 40,000 lines, emptied when the chunk of
    pairs is done."""
    cached = functools.lru_cache(maxsize=MAX_KEPT)(function)
    _CACHES.append(cached)
    return cached


@contextmanager
def scope() -> Iterator[None]:
    """The check of a chunk of pairs: answers are kept until it is done."""
    try:
        yield
    finally:
        for cached in _CACHES:
            cached.cache_clear()
