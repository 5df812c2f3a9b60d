"""Answers kept for the pair being checked, however long its article.

The stages of a check each read every text of a pair: the word memo's bulk read and the
aligner's word links tokenise all sentences, the detectors each bead's texts, and the
pair-level findings all beads' numbers again. A least-recently-used cache of fixed size
serves the later readings of a short article, but forgets the first beads' texts
before the last stage of a long one reaches them: there every stage tokenised again,
and a 10,000-line article cost more per line than a 1,000-line one. A function
decorated with `per_pair` keeps every answer while `scope()` is open (one pair's
check) and forgets them all when it closes, so each text is worked out once per pair
and memory grows with the article, not with the run. Outside a scope (tests, reports
read back) it is an ordinary LRU cache.

The decorated functions must be pure: an answer worked out twice (threads checking two
pairs at once share the tables) is the same answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

OUTSIDE_SIZE = 4096  # answers kept by the LRU cache outside a pair's check

_TABLES: list[dict[Any, Any]] = []  # every per-pair table, emptied when a scope closes
_open = [0]  # scopes open now


def per_pair(function: Callable[..., T]) -> Callable[..., T]:
    """Memoise `function` (positional, hashable arguments) for the pair being checked."""
    table: dict[tuple[Hashable, ...], T] = {}
    _TABLES.append(table)
    outside = functools.lru_cache(maxsize=OUTSIDE_SIZE)(function)

    @functools.wraps(function)
    def memoised(*args: Hashable) -> T:
        if not _open[0]:
            return outside(*args)
        try:
            return table[args]
        except KeyError:  # the first time in this pair
            found = table[args] = function(*args)
            return found

    return memoised


@contextmanager
def scope() -> Iterator[None]:
    """One pair's check: answers are kept until it is done (the last open scope closes)."""
    _open[0] += 1
    try:
        yield
    finally:
        _open[0] -= 1
        if not _open[0]:
            for table in _TABLES:
                table.clear()
