"""Which German sentence is the omitted one: 1-0 beads re-seated by word links.

When the English drops a sentence, the aligner's similarity (hashed n-gram profiles of
the machine translation) can be too weak to say which German sentence it was: with a
word-by-word dictionary gloss, or with short sentences, it joins the orphan to a
neighbour's bead (a 2-1 bead costs less than a 1-1 plus a 1-0 when the orphan changes
the evidence little either way), or it leaves out the sentence next to the one really
missing and pairs the orphan with its neighbour's English. Word links tell them apart:
the German words an English sentence renders (the same word, a number, a word the
dictionary gives for it), each English word rendering one German word at most. The
caller measures them (`Links`; `checker.checks.links.WordLinks` from a dictionary).

Two moves, repeated where the beads changed until neither applies:

- **split**: a German sentence at either end of a bead of several German sentences, of
  which the English renders at most `MAX_DROPPED_SHARE` of `MIN_JUDGED` or more words
  beyond what the bead's other German sentences account for, while it renders at least
  `MIN_KEPT_SHARE` of theirs, leaves the bead as a 1-0 bead;
- **swap**: the English of a 1-1 bead is taken by the German sentence next to it (a
  1-0 bead, or the near end of a bead of several German sentences) when it renders a
  share of that sentence's words larger by `SWAP_MARGIN` than of its own German's (and
  of the words the sentence's own bead renders), `MIN_SWAP_LINKS` words at least; the
  1-1 bead's German becomes the 1-0 bead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

Step = tuple[int, int, int, int]  # a bead as (i0, i1, j0, j1): German i0..i1-1, English j0..j1-1
Token = tuple[int, int]  # (English sentence, word position)

MIN_JUDGED = 3  # words a German sentence needs for the English to be asked about it
MAX_DROPPED_SHARE = 0.15  # share of an orphan's words its bead's English renders, at most
MIN_KEPT_SHARE = 0.3  # share of the rest of a bead its English renders, for a split
SWAP_MARGIN = 0.2  # share an orphan's words must lead its neighbour's by, for a swap
MIN_SWAP_LINKS = 2  # words of the orphan the English must render, for a swap


@dataclass(frozen=True)
class Linked:
    """How much of a German sentence some English renders."""

    linked: int  # German words (and numbers) the English renders
    judged: int  # German words either the dictionary or the English speaks for
    used: frozenset[Token]  # the English words that rendered them

    @property
    def share(self) -> float:
        return self.linked / self.judged if self.judged else 0.0


class Links(Protocol):
    def links(self, de: int, en: Sequence[int], taken: frozenset[Token] = frozenset()
              ) -> Linked:
        """How much of German sentence `de` the English sentences `en` render, with the
        English words in `taken` already spoken for."""
        ...


def reseat(steps: Sequence[Step], links: Links) -> list[Step]:
    """The alignment with orphans split off their neighbours' beads and each 1-0 bead on
    the German sentence the English renders least (see the module docstring)."""
    out = list(steps)
    k = moves = 0
    while k < len(out) and moves <= 2 * len(steps):  # each move is taken once
        if _split(out, k, links) or _swap(out, k, links):
            moves += 1
            k = max(k - 2, 0)  # the beads around k changed: look at them again
        else:
            k += 1
    return out


def _split(steps: list[Step], k: int, links: Links) -> bool:
    """Split an orphan off either end of bead k, if it holds one."""
    i0, i1, j0, j1 = steps[k]
    if i1 - i0 < 2 or j1 == j0:
        return False
    for orphan in (i0, i1 - 1):
        rest = range(i0 + 1, i1) if orphan == i0 else range(i0, i1 - 1)
        own = _rendered(orphan, rest, range(j0, j1), links)
        if own is not None and own.judged >= MIN_JUDGED and own.share <= MAX_DROPPED_SHARE:
            pair = (rest[0], rest[-1] + 1, j0, j1)
            steps[k: k + 1] = ([(i0, i0 + 1, j0, j0), pair] if orphan == i0
                               else [pair, (orphan, i1, j1, j1)])
            return True
    return False


def _rendered(sentence: int, rest: range, en: Sequence[int], links: Links) -> Linked | None:
    """How much of German `sentence` the English `en` renders beyond what the German
    sentences `rest` account for; None when the English renders too little of those."""
    used: frozenset[Token] = frozenset()
    linked = judged = 0
    for i in rest:
        found = links.links(i, en, used)
        used |= found.used
        linked, judged = linked + found.linked, judged + found.judged
    if judged == 0 or linked < MIN_KEPT_SHARE * judged:
        return None
    return links.links(sentence, en, used)


def _swap(steps: list[Step], k: int, links: Links) -> bool:
    """Let a German sentence next to 1-1 bead k take its English, if that English
    renders it clearly better than bead k's own German."""
    a0, a1, x0, x1 = steps[k]
    if a1 - a0 != 1 or x1 - x0 != 1:
        return False
    return any(0 <= n < len(steps) and _takes_over(steps, k, n, links) for n in (k - 1, k + 1))


def _takes_over(steps: list[Step], k: int, n: int, links: Links) -> bool:
    """Whether the German sentence of bead n nearest to 1-1 bead k (n an orphan, or a
    bead of several German sentences) takes k's English; k's German is then the orphan."""
    a, _, x, _ = steps[k]
    i0, i1, j0, j1 = steps[n]
    if i1 == i0 or (j1 > j0 and i1 - i0 < 2):
        return False
    b = i0 if n > k else i1 - 1
    own, other = links.links(a, [x]), links.links(b, [x])
    if other.linked < MIN_SWAP_LINKS or other.share < own.share + SWAP_MARGIN:
        return False
    rest = range(i0 + 1, i1) if b == i0 else range(i0, i1 - 1)
    if j1 > j0:  # b leaves a bead: its English must render b clearly worse
        there = _rendered(b, rest, range(j0, j1), links)
        if there is None or other.share < there.share + SWAP_MARGIN:
            return False
    kept = [(rest[0], rest[-1] + 1, j0, j1)] if rest else []
    if n > k:  # (a | x), (b … | y) → (a | -), (b | x), (… | y)
        new = [(a, a + 1, x, x), (b, b + 1, x, x + 1), *kept]
    else:  # (… b | y), (a | x) → (… | y), (b | x), (a | -)
        new = [*kept, (b, b + 1, x, x + 1), (a, a + 1, x + 1, x + 1)]
    steps[min(k, n): max(k, n) + 1] = new
    return True
