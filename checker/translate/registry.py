"""make_translator: the backend registry (`auto`, `argos`, `memory`, `lexicon`, `none`)."""

from __future__ import annotations

from collections.abc import Callable

from checker.errors import EngineError, TranscheckError, UsageError
from checker.settings import TRANSLATOR_CHOICES, Settings
from checker.translate.base import NoTranslator, Translator

Factory = Callable[[Settings, str], Translator]


def _make_none(settings: Settings, reason: str) -> Translator:
    return NoTranslator(reason=reason or "translator none: language-independent checks only")


def _make_memory(settings: Settings, reason: str) -> Translator:
    if not settings.translations:
        raise UsageError("--translator memory needs --translations FILE (TSV or JSONL)")
    from checker.translate.memory import MemoryTranslator

    return _with_reason(MemoryTranslator(settings.translations), reason)


def _make_argos(settings: Settings, reason: str) -> Translator:
    from checker.translate.argos import make_argos_translator

    return _with_reason(make_argos_translator(settings), reason)


def _make_lexicon(settings: Settings, reason: str) -> Translator:
    from checker.translate.lexicon import LexiconTranslator, lexicon_search_paths, load_lexicon

    lexicon = load_lexicon(settings)
    if lexicon is None:
        looked = ", ".join(str(p) for p in lexicon_search_paths(settings))
        raise EngineError(f"no German–English dictionary found (looked at {looked})")
    return _with_reason(LexiconTranslator(lexicon), reason)


def _with_reason(translator: Translator, reason: str) -> Translator:
    set_reason = getattr(translator, "set_reason", None)
    if reason and callable(set_reason):
        set_reason(reason)
    return translator


def _auto_argos(settings: Settings) -> tuple[Translator | None, str]:
    """The argos backend if a de→en package is there, with the reason either way."""
    from checker.translate.argos import find_installed_package, packages_dirs

    try:
        if settings.model:
            return _make_argos(settings, f"auto: Argos model {settings.model}"), ""
        package = find_installed_package()
        if package is None:
            where = ", ".join(str(d) for d in packages_dirs())
            return None, f"no Argos de→en package installed (looked in {where})"
        reason = f"auto: Argos de→en package {package.name} {package.version} installed"
        return _make_argos(settings, reason), ""
    except TranscheckError as exc:
        return None, f"Argos package unusable ({exc})"


def _auto(settings: Settings, reason: str) -> Translator:
    if settings.translations:
        return _make_memory(settings, f"auto: translations file {settings.translations} given")
    translator, why_not_argos = _auto_argos(settings)
    if translator is not None:
        return translator
    from checker.translate.lexicon import LexiconTranslator, lexicon_search_paths, load_lexicon

    lexicon = load_lexicon(settings)
    if lexicon is not None:
        return _with_reason(
            LexiconTranslator(lexicon),
            f"auto: {why_not_argos}; word-by-word gloss from dictionary {lexicon.path}",
        )
    looked = ", ".join(str(p) for p in lexicon_search_paths(settings))
    return NoTranslator(
        reason=f"auto: {why_not_argos}; no dictionary found (looked at {looked}); "
        "no machine translation"
    )


REGISTRY: dict[str, Factory] = {
    "auto": _auto,
    "argos": _make_argos,
    "memory": _make_memory,
    "lexicon": _make_lexicon,
    "none": _make_none,
}


def make_translator(settings: Settings) -> Translator:
    """The translator `settings.translator` names; EngineError if it cannot run."""
    factory = REGISTRY.get(settings.translator)
    if factory is None:
        choices = ", ".join(TRANSLATOR_CHOICES)
        raise UsageError(f"unknown translator {settings.translator!r} (choose from {choices})")
    return factory(settings, "")
