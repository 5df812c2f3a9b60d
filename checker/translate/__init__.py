"""Offline machine translation: backends behind a lazy registry, plus the cache.

Importing this package is cheap: the Argos backend (ctranslate2, sentencepiece,
argostranslate) is imported only when it is chosen and asked to translate.
"""

from __future__ import annotations

from checker.translate.base import NoTranslator, Translator, normalise
from checker.translate.lexicon import DingLexicon, LexiconTranslator, load_lexicon
from checker.translate.memory import MemoryTranslator
from checker.translate.registry import make_translator
from checker.translate.runner import translate_all

__all__ = [
    "DingLexicon",
    "LexiconTranslator",
    "MemoryTranslator",
    "NoTranslator",
    "Translator",
    "load_lexicon",
    "make_translator",
    "normalise",
    "translate_all",
]
