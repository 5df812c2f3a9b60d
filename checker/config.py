"""Project configuration: `[tool.transcheck]` in pyproject.toml, or transcheck.toml.

Precedence, lowest first: the defaults in `checker.settings`, the configuration
file, the command line. Paths in the file are relative to the file's directory.
Unknown keys and bad values are `ConfigError`s naming the file and the key.

    [tool.transcheck]
    pairs = [{de = "docs/de/**/*.md", en = "docs/en/**/*.md"}, "articles/"]
    translator = "memory"
    translations = "mt/de-en.tsv"
    fail-on = "warning"
    baseline = "transcheck-baseline.json"
    disable = ["wording"]

    [tool.transcheck.thresholds]
    meaning-chrf = 30

    [tool.transcheck.severity]
    length = "info"
"""

from __future__ import annotations

import difflib
import glob
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from checker.errors import ConfigError, InputError, located
from checker.globbing import match_paths
from checker.model import Severity
from checker.safeio import kind_of, read_text
from checker.settings import (
    FAIL_ON_CHOICES,
    FIXED_CODES,
    FLAG_CODES,
    FORMAT_CHOICES,
    MAX_CONFIG_BYTES,
    TRANSLATOR_CHOICES,
    AlignSettings,
    Settings,
    Thresholds,
)

PYPROJECT = "pyproject.toml"
CONFIG_FILE = "transcheck.toml"
TABLE = ("tool", "transcheck")
SEVERITY_OFF = "off"  # a severity override that disables the code
LANGS = ("de", "en")


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class GlobRule:
    """`{de = GLOB, en = GLOB}`: files pair up on their path after the language part."""

    de: str
    en: str


@dataclass(frozen=True)
class PathRule:
    """A pair directory, a directory of pair directories, or NAME.de.EXT files (a glob)."""

    path: str


PairRule = GlobRule | PathRule


@dataclass(frozen=True)
class Config:
    """What a configuration file says; None/empty means "not set here"."""

    path: Path
    pairs: tuple[PairRule, ...] = ()
    translator: str | None = None
    translations: str | None = None
    lexicon: str | None = None
    model: str | None = None
    glossary: str | None = None
    baseline: str | None = None
    cache_dir: str | None = None
    fail_on: str | None = None
    format: str | None = None
    segmented: bool | None = None
    beam_size: int | None = None
    batch_size: int | None = None
    threads: int | None = None
    thresholds: Mapping[str, float] = field(default_factory=dict)  # Thresholds field → value
    align: Mapping[str, float] = field(default_factory=dict)  # AlignSettings field → value
    severity: Mapping[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()

    @property
    def root(self) -> Path:
        """The directory paths in the file are relative to."""
        return self.path.parent


# ---------------------------------------------------------------- discovery


def find_config(start: Path, explicit: str | None) -> Path | None:
    """The configuration file to use: `--config FILE`, else the nearest one above `start`.

    In each directory transcheck.toml wins over pyproject.toml; a pyproject.toml
    without a [tool.transcheck] table is skipped. The walk stops at the root of
    the git repository holding `start` (a directory with `.git`), or at `/`.
    """
    if explicit is not None:
        path = Path(explicit)
        if kind_of(path) is None:
            raise ConfigError(located(explicit, "no such configuration file (--config)"))
        return path
    for directory in (start.resolve(), *start.resolve().parents):
        found = _config_in(directory)
        if found is not None:
            return found
        if kind_of(directory / ".git") not in (None, "unreadable"):
            return None
    return None


# kinds that do not count as a configuration file while walking up: nothing there, a
# folder, or a path whose folder the user may not search (so it cannot be theirs)
_ABSENT = (None, "dir", "unreadable")


def _config_in(directory: Path) -> Path | None:
    dedicated = directory / CONFIG_FILE
    if kind_of(dedicated) not in _ABSENT:
        return dedicated
    pyproject = directory / PYPROJECT
    if kind_of(pyproject) not in _ABSENT and _tool_table(_read_toml(pyproject)) is not None:
        return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML document: a regular UTF-8 file of at most MAX_CONFIG_BYTES."""
    shown = _shown(path)
    text = read_text(path, "configuration file", MAX_CONFIG_BYTES, error=ConfigError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(located(shown, f"invalid TOML: {exc}")) from None
    except RecursionError:
        raise ConfigError(located(shown, "invalid TOML: nested too deeply")) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        cause = f"invalid TOML: unusable value ({str(exc).split(';')[0]})"
        raise ConfigError(located(shown, cause)) from None


def _tool_table(document: Mapping[str, Any]) -> Any:
    tool = document.get(TABLE[0])
    return tool.get(TABLE[1]) if isinstance(tool, dict) else None


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working directory if below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- loading


class _Table:
    """One TOML table being validated; knows how to name its keys in messages."""

    def __init__(self, file: Path, prefix: str, data: Mapping[str, Any], dotted: str = "") -> None:
        self.file = file
        self.prefix = prefix  # "[tool.transcheck] " or "" for transcheck.toml
        self.dotted = dotted  # "thresholds." for nested tables
        self.data = {key.replace("_", "-"): value for key, value in data.items()}
        self.raw_keys = {key.replace("_", "-"): key for key in data}
        if len(self.raw_keys) < len(data):
            twice = sorted(k for k in data if self.raw_keys[k.replace("_", "-")] != k)[0]
            name = f"{self.dotted}{self.raw_keys[twice.replace('_', '-')]}"
            message = f"{prefix}{name!r} and {self.dotted + twice!r} are the same key; give it once"
            raise ConfigError(located(_shown(file), message))

    def fail(self, key: str, cause: str) -> ConfigError:
        return ConfigError(located(_shown(self.file), f"{self.prefix}{self.dotted}{key} {cause}"))

    def check_keys(self, known: Iterable[str]) -> None:
        known = list(known)
        for key, raw in self.raw_keys.items():
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                suggestion = f" (did you mean {self.dotted + hint[0]!r}?)" if hint else ""
                name = f"{self.dotted}{raw}"
                message = f"{self.prefix}unknown key {name!r}{suggestion}"
                raise ConfigError(located(_shown(self.file), message))

    def string(self, key: str, choices: Sequence[str] = ()) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        if choices and value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)} (got {value!r})")
        return value

    def path(self, key: str) -> str | None:
        value = self.string(key)
        return None if value is None else str(self.file.parent / value)

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def integer(self, key: str, low: int) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail(key, f"must be a whole number of at least {low}")
        return value

    def number(self, key: str, low: float, high: float) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not low <= value <= high:
            raise self.fail(key, f"must be a number between {_num(low)} and {_num(high)}")
        return float(value)

    def table(self, key: str) -> _Table:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Table(self.file, self.prefix, value, f"{self.dotted}{key}.")


def _num(value: float) -> str:
    return f"{value:g}"


# key → (Config/Settings field name, bounds); bounds are what a user could mean
_THRESHOLD_KEYS: dict[str, tuple[str, float, float]] = {
    "meaning-chrf": ("meaning_chrf", 0.0, 100.0),
    "length-min": ("length_min", 0.0, 100.0),
    "length-max": ("length_max", 0.0, 100.0),
}
_ALIGN_KEYS: dict[str, tuple[str, float, float]] = {
    "skip-penalty": ("skip_penalty", 0.0, 10.0),
    "exact-limit": ("exact_limit", 1.0, 1_000_000.0),
    "band": ("band", 1.0, 1_000_000.0),
}
_TOP_KEYS = (
    "pairs", "translator", "translations", "lexicon", "model", "glossary", "baseline",
    "cache-dir", "fail-on", "format", "segmented", "beam-size", "batch-size", "threads",
    "thresholds", "align", "severity", "disable",
)  # fmt: skip


def load_config(path: Path) -> Config:
    """Read and validate a configuration file (pyproject.toml or transcheck.toml)."""
    document = _read_toml(path)
    if path.name == PYPROJECT:
        data = _tool_table(document)
        if data is None:
            raise ConfigError(located(_shown(path), "has no [tool.transcheck] table"))
        prefix = "[tool.transcheck] "
    else:
        data, prefix = document, ""
    if not isinstance(data, dict):
        raise ConfigError(located(_shown(path), "[tool.transcheck] must be a table"))
    table = _Table(path, prefix, data)
    table.check_keys(_TOP_KEYS)
    severity, disabled = _severities(table)
    return Config(
        path=path,
        pairs=_pair_rules(table),
        translator=table.string("translator", TRANSLATOR_CHOICES),
        translations=table.path("translations"),
        lexicon=table.path("lexicon"),
        model=table.path("model"),
        glossary=table.path("glossary"),
        baseline=table.path("baseline"),
        cache_dir=table.path("cache-dir"),
        fail_on=table.string("fail-on", FAIL_ON_CHOICES),
        format=table.string("format", FORMAT_CHOICES),
        segmented=table.boolean("segmented"),
        beam_size=table.integer("beam-size", 1),
        batch_size=table.integer("batch-size", 1),
        threads=table.integer("threads", 0),
        thresholds=_bounded(table.table("thresholds"), _THRESHOLD_KEYS),
        align=_bounded(table.table("align"), _ALIGN_KEYS),
        severity=severity,
        disabled=disabled,
    )


def _bounded(table: _Table, keys: Mapping[str, tuple[str, float, float]]) -> dict[str, float]:
    table.check_keys(keys)
    values: dict[str, float] = {}
    for key, (name, low, high) in keys.items():
        value = table.number(key, low, high)
        if value is not None:
            values[name] = value
    return values


def _severities(table: _Table) -> tuple[dict[str, Severity], frozenset[str]]:
    codes = list(FLAG_CODES)
    overrides = table.table("severity")
    overrides.check_keys(codes)
    severity: dict[str, Severity] = {}
    disabled: set[str] = set()
    choices = (*(str(s) for s in sorted(Severity, reverse=True)), SEVERITY_OFF)
    for code in codes:
        level = overrides.string(code, choices)
        if level == SEVERITY_OFF:
            disabled.add(code)
        elif level is not None:
            severity[code] = Severity.parse(level)
    listed = table.data.get("disable", [])
    if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
        raise table.fail("disable", "must be a list of finding codes")
    for code in listed:
        if code in FIXED_CODES:
            raise table.fail("disable", f"{code!r} cannot be disabled: a pair that could "
                             "not be checked always fails")
        if code not in FLAG_CODES:
            hint = difflib.get_close_matches(code, codes, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise table.fail("disable", f"names unknown finding code {code!r}{suggestion}")
        disabled.add(code)
    return severity, frozenset(disabled)


def _pair_rules(table: _Table) -> tuple[PairRule, ...]:
    value = table.data.get("pairs", [])
    if not isinstance(value, list):
        raise table.fail("pairs", "must be a list of paths or {de = GLOB, en = GLOB} tables")
    return tuple(_pair_rule(table, index, item) for index, item in enumerate(value, 1))


def _pair_rule(table: _Table, index: int, item: object) -> PairRule:
    key = f"pairs[{index}]"
    if isinstance(item, str) and item.strip():
        return PathRule(item)
    if isinstance(item, dict):
        if set(item) != set(LANGS) or not all(isinstance(item[lang], str) for lang in LANGS):
            raise table.fail(key, "must have exactly the string keys 'de' and 'en'")
        return GlobRule(de=item["de"], en=item["en"])
    raise table.fail(key, "must be a path or a {de = GLOB, en = GLOB} table")


# ---------------------------------------------------------------- merging


def apply_config(
    settings: Settings, config: Config | None, cli_overrides: Mapping[str, object]
) -> Settings:
    """`settings` with the file's values, then the command line's, laid over it.

    `cli_overrides` maps Settings field names to the values given on the command
    line; None means "not given". Severity overrides are merged per code and
    disabled codes are added up (the command line cannot re-enable a code).
    """
    merged = settings if config is None else _with_config(settings, config)
    given: dict[str, Any] = {k: v for k, v in cli_overrides.items() if v is not None}
    names = {f.name for f in fields(Settings)}
    unknown = sorted(set(given) - names)
    if unknown:
        raise ValueError(f"apply_config: not a Settings field: {', '.join(unknown)}")
    if "severity" in given:
        given["severity"] = {**merged.severity, **_as_mapping(given["severity"])}
    if "disabled" in given:
        given["disabled"] = merged.disabled | frozenset(_as_strings(given["disabled"]))
    return replace(merged, **given)


def _with_config(settings: Settings, config: Config) -> Settings:
    scalar_names = (
        "translator", "translations", "lexicon", "model", "glossary", "cache_dir",
        "fail_on", "segmented", "beam_size", "batch_size", "threads",
    )  # fmt: skip
    changes: dict[str, Any] = {
        name: getattr(config, name) for name in scalar_names if getattr(config, name) is not None
    }
    if config.thresholds:
        changes["thresholds"] = replace(settings.thresholds, **config.thresholds)
        _check_length_band(changes["thresholds"], config)
    if config.align:
        changes["align"] = _align_with(settings.align, config.align)
    if config.severity:
        changes["severity"] = {**settings.severity, **config.severity}
    if config.disabled:
        changes["disabled"] = settings.disabled | config.disabled
    return replace(settings, **changes)


def _check_length_band(thresholds: Thresholds, config: Config) -> None:
    if thresholds.length_min >= thresholds.length_max:
        message = "thresholds.length-min must be smaller than thresholds.length-max"
        raise ConfigError(located(_shown(config.path), message))


def _align_with(align: AlignSettings, values: Mapping[str, float]) -> AlignSettings:
    casts: dict[str, Callable[[float], Any]] = {"exact_limit": int, "band": int}
    typed: dict[str, Any] = {k: casts.get(k, float)(v) for k, v in values.items()}
    return replace(align, **typed)


def _as_mapping(value: object) -> Mapping[str, Severity]:
    if not isinstance(value, Mapping):
        raise ValueError("apply_config: severity must be a mapping of code → Severity")
    return value


def _as_strings(value: object) -> Iterable[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError("apply_config: disabled must be a collection of codes")
    return [str(item) for item in value]


# ---------------------------------------------------------------- pairing rules


def config_pairs(config: Config, root: Path | None = None) -> list[tuple[str, str, str]]:
    """(id, German path, English path) for every pair the configuration's rules name.

    `root` defaults to the configuration file's directory. Paths come out relative
    to the working directory when they lie below it (as annotations and reports
    want them), else absolute. A file matched on one
    side without its counterpart on the other is an `InputError`. Pairs come out
    sorted by id; a pair named by two rules is listed once.
    """
    base = config.root if root is None else root
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for rule in config.pairs:
        matches = _glob_pairs(base, rule) if isinstance(rule, GlobRule) else _path_pairs(base, rule)
        for pair_id, de, en in matches:
            shown = (pair_id, _shown(Path(de)), _shown(Path(en)))
            found.setdefault((shown[1], shown[2]), shown)
    return sorted(found.values())


def _glob_pairs(root: Path, rule: GlobRule) -> list[tuple[str, str, str]]:
    patterns = {"de": rule.de, "en": rule.en}
    sides = {lang: _keyed_matches(root, patterns[lang], lang) for lang in LANGS}
    for lang, other in (("de", "en"), ("en", "de")):
        for key in sorted(set(sides[lang]) - set(sides[other])):
            cause = f"no {_LANG_NAMES[other]} counterpart matching {patterns[other]!r}"
            raise InputError(located(_shown(sides[lang][key]), cause))
    return [(key, str(sides["de"][key]), str(sides["en"][key])) for key in sorted(sides["de"])]


_LANG_NAMES = {"de": "German", "en": "English"}


def _keyed_matches(root: Path, pattern: str, lang: str) -> dict[str, Path]:
    """Files matching `pattern`, keyed by their path after the pattern's literal prefix.

    The key drops the file's extension and a trailing `.de`/`.en` language tag,
    so `docs/de/a/intro.md` and `docs/en/a/intro.md` both key to `a/intro`.
    """
    prefix = _literal_prefix(pattern)
    keyed: dict[str, Path] = {}
    for match in match_paths(pattern, root):
        path = root / match
        if not path.is_file():
            continue
        relative = Path(os.path.relpath(path, root / prefix)) if prefix else Path(match)
        keyed[_pair_key(relative, lang)] = path
    return keyed


def _literal_prefix(pattern: str) -> str:
    parts: list[str] = []
    for part in Path(pattern).parts[:-1]:
        if glob.has_magic(part):
            break
        parts.append(part)
    return str(Path(*parts)) if parts else ""


def _pair_key(relative: Path, lang: str) -> str:
    name = relative.stem
    if name.endswith(f".{lang}"):
        name = name[: -len(lang) - 1]
    return (relative.parent / name).as_posix()


def _path_pairs(root: Path, rule: PathRule) -> list[tuple[str, str, str]]:
    target = root / rule.path
    if target.is_dir():
        return _directory_pairs(root, target)
    matches = match_paths(rule.path, root)
    named = [root / m for m in matches if _lang_of_name(Path(m)) == "de"]
    if not named and not any(_lang_of_name(Path(m)) for m in matches):
        raise InputError(located(_shown(target), "no pair directory or NAME.de.EXT file matches"))
    return [_named_pair(root, path) for path in named]


def _directory_pairs(root: Path, directory: Path) -> list[tuple[str, str, str]]:
    own = _pair_in_directory(directory)
    if own is not None:
        return [(_relative_id(root, directory), *own)]
    pairs = []
    for child in sorted(p for p in directory.iterdir() if p.is_dir()):
        found = _pair_in_directory(child)
        if found is not None:
            pairs.append((_relative_id(root, child), *found))
    if not pairs:
        cause = "holds no de.*/en.* pair and no pair directories"
        raise InputError(located(_shown(directory), cause))
    return pairs


def _pair_in_directory(directory: Path) -> tuple[str, str] | None:
    sides = {lang: sorted(p for p in directory.glob(f"{lang}.*") if p.is_file()) for lang in LANGS}
    if not sides["de"] and not sides["en"]:
        return None
    for lang in LANGS:
        if len(sides[lang]) != 1:
            count = "no" if not sides[lang] else "more than one"
            raise InputError(located(_shown(directory), f"has {count} {lang}.* file"))
    return str(sides["de"][0]), str(sides["en"][0])


def _lang_of_name(path: Path) -> str | None:
    tag = Path(path.stem).suffix.lstrip(".")
    return tag if tag in LANGS else None


def _named_pair(root: Path, de_path: Path) -> tuple[str, str, str]:
    stem = Path(de_path.stem).stem
    en_path = de_path.with_name(f"{stem}.en{de_path.suffix}")
    if not en_path.is_file():
        raise InputError(located(_shown(de_path), f"no English counterpart {en_path.name}"))
    return _relative_id(root, de_path.with_name(stem)), str(de_path), str(en_path)


def _relative_id(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
