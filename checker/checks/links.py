"""Word links between a German sentence and English sentences, for re-seating 1-0 beads.

A German word is linked to the English when the English has a word the dictionary
glosses it with (irregular forms and derived forms matched by `lemma_key`), or the
same word (a name, a cognate spelt alike, a placeholder); a number when the English
has the same digits. Each English word renders one German word at most: the first
German word (left to right) that it can render takes it, and English words already
taken by other German sentences (`taken`) render nothing.

A German word counts as judged when the dictionary knows it or the English has it
(even where another German sentence took that English word): an unknown word the
English lacks (a name rendered otherwise, a rare compound) says nothing either way.
Articles link nothing: the dictionary's glosses leave them out ("der" is no "the").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.align.reseat import Linked, Token
from checker.checks.base import Lexicon
from checker.checks.common import fold, words
from checker.checks.meaning import gloss_keys, lemma_key
from checker.model import Sentence

_NUMBER = re.compile(r"\d+")


class _English:
    """The words of one English sentence: (offset, folded form, lemma key), and numbers."""

    def __init__(self, text: str) -> None:
        self.words = [(t.start, fold(t.text), lemma_key(t.text)) for t in words(text)]
        self.numbers = [(m.start(), m.group()) for m in _NUMBER.finditer(text)]


class WordLinks:
    """`checker.align.reseat.Links` of one pair, from a dictionary (None: identical
    words and numbers only)."""

    def __init__(self, de: Sequence[Sentence], en: Sequence[Sentence],
                 lexicon: Lexicon | None) -> None:
        self.de = de
        self.en = en
        self.lexicon = lexicon
        self._english: dict[int, _English] = {}

    def english(self, j: int) -> _English:
        if j not in self._english:
            self._english[j] = _English(self.en[j].text)
        return self._english[j]

    def _keys(self, word: str) -> frozenset[str]:
        if self.lexicon is None:
            return frozenset()
        return gloss_keys(self.lexicon, word) | gloss_keys(self.lexicon, word.lower())

    def links(self, de: int, en: Sequence[int], taken: frozenset[Token] = frozenset()
              ) -> Linked:
        used: set[Token] = set()
        linked = judged = 0
        text = self.de[de].text
        for token in words(text):
            keys, form = self._keys(token.text), fold(token.text)
            found = [(j, start) for j in en for start, f, key in self.english(j).words
                     if f == form or key in keys]
            hit = next((t for t in found if t not in taken and t not in used), None)
            judged += bool(keys or found)
            if hit is not None:
                linked += 1
                used.add(hit)
        for number in _NUMBER.findall(text):
            judged += 1
            hit = next(((j, start) for j in en for start, digits in self.english(j).numbers
                        if digits == number and (j, start) not in taken | used), None)
            if hit is not None:
                linked += 1
                used.add(hit)
        return Linked(linked, judged, frozenset(used))
