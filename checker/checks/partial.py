"""`omission` inside a bead: a German sentence merged into a bead whose English leaves it out.

When the English drops a sentence, the aligner may join the orphaned German sentence
to a neighbour's bead (a 2-1 instead of a 1-0 beside a 1-1), most often when the
machine translation is weak. Each German sentence of a bead has its own machine
translation, so the English can be asked, sentence by sentence, how much of it it
renders: the share of the sentence's MT content words and numbers that the English
has (same word or a derived form). A German sentence is reported when the English
renders almost none of it (`MAX_SHARE_DROPPED`) while it renders most of the bead's
other German sentences (`MIN_SHARE_KEPT`). The evidence is statistical, so the finding
is one step below `omission`'s own severity (a warning by default).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.checks.common import weaker, words
from checker.checks.meaning import StemIndex, counts
from checker.model import BeadResult, Flag, Sentence
from checker.settings import Settings

CODE = "omission"
MIN_WORDS = 2  # content words and numbers a sentence's MT must have to be judged
MIN_OTHER_WORDS = 3  # ... and the bead's other sentences together
MAX_SHARE_DROPPED = 0.15  # the English renders at most this share of the dropped sentence
MIN_SHARE_KEPT = 0.25  # ... and at least this share of the bead's other sentences
MAX_EN_WORDS = 80  # English words compared per bead (bounds the work on long beads)
_NUMBER = re.compile(r"\d+")


def _evidence(mt: str) -> list[str]:
    """The MT's content words and numbers: what an English rendering would share."""
    return [t.text for t in words(mt) if counts(t.text)] + _NUMBER.findall(mt)


class _English:
    def __init__(self, text: str) -> None:
        self.stems = StemIndex(frozenset(t.text for t in words(text)[:MAX_EN_WORDS]))
        self.numbers = set(_NUMBER.findall(text))

    def has(self, item: str) -> bool:
        """The English has the number, or the word or a derived form of it."""
        return item in self.numbers if item.isdigit() else self.stems.related(item)


def unrendered(bead: BeadResult, mts: Sequence[str | None]) -> list[tuple[Sentence, str]]:
    """German sentences of the bead the English leaves out, with the evidence in words.
    `mts` holds the machine translation of each of the bead's German sentences."""
    if len(bead.de) < 2 or not bead.en or len(mts) != len(bead.de) or None in mts:
        return []
    english = _English(bead.en_text)
    tallies = []
    for mt in mts:
        items = _evidence(mt or "")
        tallies.append((sum(english.has(i) for i in items), len(items)))
    found = []
    for k, (hits, total) in enumerate(tallies):
        other_hits = sum(h for j, (h, _) in enumerate(tallies) if j != k)
        other_total = sum(t for j, (_, t) in enumerate(tallies) if j != k)
        if (total >= MIN_WORDS and other_total >= MIN_OTHER_WORDS
                and hits <= MAX_SHARE_DROPPED * total
                and other_hits >= MIN_SHARE_KEPT * other_total):
            evidence = (f"the English renders {hits} of its machine translation's {total} "
                        f"content words and numbers, and {other_hits} of {other_total} of the "
                        "bead's other German")
            found.append((bead.de[k], evidence))
    return found


def partial_omissions(bead: BeadResult, mts: Sequence[str | None],
                      settings: Settings) -> list[Flag]:
    flags = []
    for sentence, evidence in unrendered(bead, mts):
        text = sentence.text if len(sentence.text) <= 80 else sentence.text[:79] + "…"
        flags.append(Flag(
            code=CODE,
            severity=weaker(settings.severity_of(CODE)),
            message=(f"omission: the German sentence on line {sentence.line} seems to have "
                     f"no counterpart in the English of its bead ({evidence}): „{text}“"),
            de_span=sentence.text,
        ))
    return flags
