"""Configuration files: discovery, precedence, validation messages, pairing rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import apply_config, config_pairs, find_config, load_config
from checker.errors import ConfigError, ExitCode, InputError
from checker.model import Severity
from checker.settings import DEFAULT_FAIL_ON, DEFAULT_MEANING_CHRF, Settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- discovery


def test_finds_pyproject_table_in_a_parent_directory(tmp_path: Path) -> None:
    config = write(tmp_path / "pyproject.toml", '[tool.transcheck]\nfail-on = "warning"\n')
    start = tmp_path / "docs" / "de"
    start.mkdir(parents=True)
    assert find_config(start, None) == config.resolve()


def test_skips_pyproject_without_transcheck_table(tmp_path: Path) -> None:
    outer = write(tmp_path / "transcheck.toml", 'fail-on = "info"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub", None) == outer.resolve()


def test_transcheck_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.transcheck]\nfail-on = "warning"\n')
    dedicated = write(tmp_path / "transcheck.toml", 'fail-on = "info"\n')
    assert find_config(tmp_path, None) == dedicated.resolve()


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "transcheck.toml", 'fail-on = "info"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo, None) is None


def test_explicit_config_wins_over_discovery(tmp_path: Path) -> None:
    write(tmp_path / "transcheck.toml", 'fail-on = "info"\n')
    other = write(tmp_path / "ci" / "strict.toml", 'fail-on = "warning"\n')
    found = find_config(tmp_path, str(other))
    assert found == other and load_config(found).fail_on == "warning"


def test_missing_explicit_config_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        find_config(tmp_path, str(tmp_path / "nope.toml"))
    assert "nope.toml" in str(caught.value) and caught.value.exit_code == ExitCode.USAGE


# ---------------------------------------------------------------- validation


def test_unknown_key_names_file_table_and_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "pyproject.toml", '[tool.transcheck]\nfail_onn = "warning"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    # the message the issue asks for, verbatim
    expected = "pyproject.toml: [tool.transcheck] unknown key 'fail_onn' (did you mean 'fail-on'?)"
    assert str(caught.value) == expected
    assert caught.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        # thresholds are chrF points; 140 is outside chrF's 0–100 range
        (
            "[thresholds]\nmeaning-chrf = 140\n",
            "thresholds.meaning-chrf must be a number between 0 and 100",
        ),
        # a string where a number belongs
        (
            '[thresholds]\nmeaning-chrf = "high"\n',
            "thresholds.meaning-chrf must be a number between 0 and 100",
        ),
        # nested table keys are checked too
        (
            "[thresholds]\nmeaning = 30\n",
            "unknown key 'thresholds.meaning' (did you mean 'thresholds.meaning-chrf'",
        ),
        # fail-on choices come from settings.FAIL_ON_CHOICES
        ('fail-on = "sometimes"\n', "fail-on must be one of error, warning, info, never"),
        ('translator = "deepl"\n', "translator must be one of auto, argos, memory, lexicon, none"),
        (
            '[severity]\nnumbr = "info"\n',
            "unknown key 'severity.numbr' (did you mean 'severity.number'?)",
        ),
        (
            '[severity]\nnumber = "fatal"\n',
            "severity.number must be one of error, warning, info, off",
        ),
        (
            'disable = ["wordin"]\n',
            "disable names unknown finding code 'wordin' (did you mean 'wording'?)",
        ),
        (
            'disable = ["unchecked"]\n',
            "disable 'unchecked' cannot be disabled: a pair that could not be checked "
            "always fails",
        ),
        ("segmented = 1\n", "segmented must be true or false"),
        ("beam-size = 0\n", "beam-size must be a whole number of at least 1"),
        ('pairs = [{de = "a/*.md"}]\n', "pairs[1] must have exactly the string keys 'de' and 'en'"),
        ("fail-on = \n", "invalid TOML"),
    ],
)
def test_bad_values_are_one_line_errors_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "transcheck.toml", toml)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith("transcheck.toml: ") and expected in message
    assert "\n" not in message


def test_length_band_must_be_ordered(tmp_path: Path) -> None:
    path = write(tmp_path / "transcheck.toml", "[thresholds]\nlength-min = 2.0\nlength-max = 1.5\n")
    with pytest.raises(ConfigError, match="length-min must be smaller"):
        apply_config(Settings(), load_config(path), {})


# ---------------------------------------------------------------- precedence


FULL = """
[tool.transcheck]
translator = "memory"
translations = "mt/de-en.tsv"
fail-on = "warning"
baseline = "ci/baseline.json"
format = "github"
disable = ["wording"]

[tool.transcheck.thresholds]
meaning-chrf = 30

[tool.transcheck.severity]
length = "info"
negation = "off"
"""


def test_file_values_override_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "pyproject.toml", FULL))
    settings = apply_config(Settings(), config, {})
    assert settings.translator == "memory"
    assert settings.fail_on == "warning"
    assert settings.thresholds.meaning_chrf == 30.0
    assert settings.thresholds.length_min == Settings().thresholds.length_min  # untouched
    assert settings.severity_of("length") == Severity.INFO
    assert settings.disabled == {"wording", "negation"}


def test_paths_are_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(write(tmp_path / "proj" / "pyproject.toml", FULL))
    assert Path(config.translations or "") == tmp_path / "proj" / "mt" / "de-en.tsv"
    assert Path(config.baseline or "") == tmp_path / "proj" / "ci" / "baseline.json"
    assert config.format == "github"


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "pyproject.toml", FULL))
    settings = apply_config(
        Settings(),
        config,
        {
            "fail_on": "error",
            "translator": None,
            "severity": {"length": Severity.ERROR},
            "disabled": {"quote"},
        },
    )
    assert settings.fail_on == "error"  # given on the command line
    assert settings.translator == "memory"  # None = not given: the file's value stays
    assert settings.severity_of("length") == Severity.ERROR
    assert settings.disabled == {"wording", "negation", "quote"}


def test_no_config_keeps_defaults(tmp_path: Path) -> None:
    settings = apply_config(Settings(), None, {})
    assert settings.fail_on == DEFAULT_FAIL_ON
    assert settings.thresholds.meaning_chrf == DEFAULT_MEANING_CHRF


def test_underscore_spelling_is_accepted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "transcheck.toml", 'fail_on = "info"\n'))
    assert config.fail_on == "info"


# ---------------------------------------------------------------- pairing rules


def test_glob_rule_pairs_files_on_their_path_after_the_language_part(tmp_path: Path) -> None:
    for lang in ("de", "en"):
        write(tmp_path / "docs" / lang / "intro.md", "x\n")
        write(tmp_path / "docs" / lang / "guide" / "setup.md", "x\n")
    config = load_config(
        write(
            tmp_path / "transcheck.toml",
            'pairs = [{de = "docs/de/**/*.md", en = "docs/en/**/*.md"}]\n',
        )
    )
    pairs = config_pairs(config, tmp_path)
    assert [p[0] for p in pairs] == ["guide/setup", "intro"]
    assert pairs[0][1:] == (
        str(tmp_path / "docs" / "de" / "guide" / "setup.md"),
        str(tmp_path / "docs" / "en" / "guide" / "setup.md"),
    )


def test_glob_rule_without_counterpart_is_an_input_error(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "de" / "intro.md", "x\n")
    write(tmp_path / "docs" / "de" / "only-german.md", "x\n")
    write(tmp_path / "docs" / "en" / "intro.md", "x\n")
    config = load_config(
        write(
            tmp_path / "transcheck.toml", 'pairs = [{de = "docs/de/*.md", en = "docs/en/*.md"}]\n'
        )
    )
    with pytest.raises(InputError, match=r"only-german\.md: no English counterpart"):
        config_pairs(config)


def test_path_rules_cover_pair_dirs_dirs_of_pairs_and_named_files(tmp_path: Path) -> None:
    for lang in ("de", "en"):
        write(tmp_path / "single" / f"{lang}.md", "x\n")
        write(tmp_path / "articles" / "a" / f"{lang}.md", "x\n")
        write(tmp_path / "articles" / "b" / f"{lang}.txt", "x\n")
        write(tmp_path / "notes" / f"memo.{lang}.md", "x\n")
    rules = 'pairs = ["single", "articles", "notes/*.md"]\n'
    config = load_config(write(tmp_path / "transcheck.toml", rules))
    pairs = config_pairs(config)
    assert [p[0] for p in pairs] == ["articles/a", "articles/b", "notes/memo", "single"]
    assert all(Path(de).name.startswith(("de.", "memo.de")) for _, de, _ in pairs)


def test_pair_named_by_two_rules_is_listed_once(tmp_path: Path) -> None:
    for lang in ("de", "en"):
        write(tmp_path / "p" / f"{lang}.md", "x\n")
    config = load_config(write(tmp_path / "transcheck.toml", 'pairs = ["p", "p/"]\n'))
    assert len(config_pairs(config)) == 1


def test_pair_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for lang in ("de", "en"):
        write(tmp_path / "docs" / lang / "intro.md", "x\n")
    config = load_config(
        write(
            tmp_path / "pyproject.toml",
            '[tool.transcheck]\npairs = [{de = "docs/de/*.md", en = "docs/en/*.md"}]\n',
        )
    )
    monkeypatch.chdir(tmp_path)
    # CI annotations need repository-relative paths (GitHub resolves them from the checkout)
    assert config_pairs(config) == [("intro", "docs/de/intro.md", "docs/en/intro.md")]
