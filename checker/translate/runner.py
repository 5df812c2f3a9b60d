"""Translate all sentences of a run: dedupe, serve from the cache, translate the rest."""

from __future__ import annotations

from collections.abc import Sequence

from checker.errors import EngineError
from checker.settings import Settings
from checker.translate.base import Translator
from checker.translate.cache import TranslationCache

# Sentences per translator call; the cache is committed after each call, so an
# interrupted run keeps what it translated. Large enough that a typical run (a few
# hundred sentences) is one call, which lets the engine batch by length globally.
TRANSLATE_CHUNK = 4096


def _translate_missing(
    translator: Translator, todo: Sequence[str], cache: TranslationCache | None, key: str
) -> dict[str, str | None]:
    done: dict[str, str | None] = {}
    for start in range(0, len(todo), TRANSLATE_CHUNK):
        chunk = list(todo[start : start + TRANSLATE_CHUNK])
        results = translator.translate(chunk)
        if len(results) != len(chunk):
            name = translator.info.name
            raise EngineError(
                f"{name} translator returned {len(results)} translations for {len(chunk)} sentences"
            )
        done.update(zip(chunk, results, strict=True))
        if cache is not None:
            cache.store(key, [(s, t) for s, t in zip(chunk, results, strict=True) if t is not None])
    return done


def translate_all(
    translator: Translator, sentences: Sequence[str], settings: Settings
) -> list[str | None]:
    """One translation (or None) per sentence, in order; each distinct text is translated once."""
    unique = list(dict.fromkeys(sentences))
    key = translator.cache_key()
    cache = TranslationCache.for_settings(settings) if settings.use_cache and key else None
    try:
        known: dict[str, str | None] = dict(cache.lookup(key, unique)) if cache else {}
        todo = [sentence for sentence in unique if sentence not in known]
        if todo:
            known.update(_translate_missing(translator, todo, cache, key))
    finally:
        if cache is not None:
            cache.close()
    return [known[sentence] for sentence in sentences]
