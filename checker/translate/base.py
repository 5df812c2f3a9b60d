"""The translator protocol every backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from checker.model import TranslatorInfo


class Translator(Protocol):
    """Translates German sentences into English, all of a run at once.

    `translate` returns one entry per input; `None` means "no translation for this
    sentence" (e.g. missing from a translations file) and is reported, not fatal.
    """

    @property
    def info(self) -> TranslatorInfo: ...

    def cache_key(self) -> str:
        """Identity of model and options; "" means: do not cache this backend."""
        ...

    def translate(self, sentences: Sequence[str]) -> list[str | None]: ...


class NoTranslator:
    """The `none` backend: no machine translation; language-independent checks still run."""

    def __init__(self, reason: str = "") -> None:
        self._info = TranslatorInfo(name="none", model="", reason=reason)

    @property
    def info(self) -> TranslatorInfo:
        return self._info

    def cache_key(self) -> str:
        return ""

    def translate(self, sentences: Sequence[str]) -> list[str | None]:
        return [None] * len(sentences)


def normalise(text: str) -> str:
    """Whitespace-normalised text: the key translations are matched on."""
    return " ".join(text.split())
