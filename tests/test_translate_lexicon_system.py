"""The lexicon backend on the real Debian trans-de-en dictionary (Ding format)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from checker.translate.lexicon import SYSTEM_LEXICON, DingLexicon

pytestmark = [
    pytest.mark.lexicon,
    pytest.mark.skipif(
        not SYSTEM_LEXICON.is_file(),
        reason=f"trans-de-en dictionary not installed at {SYSTEM_LEXICON} (apt install trans-de-en)",  # noqa: E501
    ),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Indexing the 25 MB dictionary takes seconds; keep the index in pytest's temp root
    (pytest-of-USER/) so later sessions reuse it. Its name encodes the dictionary's path,
    size and mtime, and it is written atomically, so sharing it is safe."""
    root = tmp_path_factory.getbasetemp().parent
    if root.name.startswith("pytest-of-"):
        return root / "transcheck-ding-index"
    return tmp_path_factory.mktemp("ding-index")


@pytest.fixture(scope="module")
def ding(index_dir: Path) -> DingLexicon:
    return DingLexicon.open(SYSTEM_LEXICON, index_dir)  # builds the index once (seconds)


def test_second_load_is_fast(ding: DingLexicon, index_dir: Path) -> None:
    start = time.perf_counter()
    again = DingLexicon.open(SYSTEM_LEXICON, index_dir)
    assert time.perf_counter() - start < 1.0
    assert again.digest == ding.digest


# Expected glosses: read in /usr/share/trans/de-en (entries „Marionette“, „Künstler“,
# „etw. veröffentlichen“, „Regierung“, „Sprecher“, „neu“).


def test_pr_marionetten(ding: DingLexicon) -> None:
    glosses = ding.glosses("PR-Marionetten")
    assert {"pr puppets", "pr marionettes"} <= glosses
    assert ding.is_translation("PR-Marionetten", "PR puppets")
    assert ding.is_translation("PR-Marionetten", "PR marionettes")
    assert not ding.is_translation("Marionetten", "presidents")
    assert not ding.is_translation("PR-Marionetten", "PR presidents")


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("Künstlern", "artist"),  # dative plural
        ("veröffentlichte", "published"),  # preterite
        ("veröffentlichten", "published"),
        ("Regierungssprecher", "government spokesman"),  # compound
        ("neuen", "new"),  # adjective ending
        ("Präsidenten", "presidents"),  # plural
        ("gesagt", "said"),  # participle
        ("Verträge", "contracts"),  # umlaut plural
    ],
)
def test_inflected_forms(ding: DingLexicon, word: str, english: str) -> None:
    assert ding.is_translation(word, english), ding.gloss_list(word)[:8]


def test_news_sentence_gloss(ding: DingLexicon) -> None:
    text = ding.gloss_sentence(
        "Die Künstler veröffentlichten am Dienstag einen offenen Brief, in dem sie "
        "OpenAI vorwerfen, sie als „PR-Marionetten“ zu benutzen."
    )
    for expected in ("artist", "published", "Tuesday", "open letter", "OpenAI", '"PR marionettes"'):
        assert expected in text, text
    assert text.endswith("use.")
