"""Issue 13, items 3, 7, 8 and 11: hostile input files are one line and exit 2 or 3.

Special files (a FIFO, /dev/zero) are refused without blocking or reading; every
input has a size cap; malformed JSON, TOML and CSV never escape as a traceback;
unreadable pair directories are named, not skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import settings
from tests.hostile import (
    ENGLISH,
    GERMAN,
    TRANSLATIONS,
    Hostile,
    as_other_user,
    can_drop_root,
    make_pair,
    sandbox,
    write,
)


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    yield from sandbox(tmp_path, monkeypatch)


@pytest.fixture()
def pair(hostile: Hostile) -> Path:
    return make_pair(hostile.tmp / "x")


NONE = ("--translator", "none")


# ---------------------------------------------------------------- special files (item 7)

# (how the special file is passed) for every file input of every command
SPECIAL_USES = {
    "translations": lambda f: ("check", "x", "--translations", f),
    "glossary": lambda f: ("check", "x", *NONE, "--glossary", f),
    "baseline": lambda f: ("check", "x", *NONE, "--baseline", f),
    "config": lambda f: ("check", "x", *NONE, "--config", f),
    "model": lambda f: ("check", "x", "--translator", "argos", "--model", f),
    "report": lambda f: ("report", f),
    "align-de": lambda f: ("align", "--de", f, "--en", "x/en.md"),
    "align-translations": lambda f: (
        "align", "--de", "x/de.md", "--en", "x/en.md", "--translations", f
    ),
    "article": lambda f: ("check", "--de", f, "--en", "x/en.md", *NONE),
    "article-path": lambda f: ("check", f, *NONE),
}


@pytest.mark.parametrize("use", sorted(SPECIAL_USES))
def test_dev_zero_is_refused_without_reading(hostile: Hostile, pair: Path, use: str) -> None:
    result = hostile.run(*SPECIAL_USES[use]("/dev/zero"))
    hostile.refused(result, 3, "/dev/zero: is a character device, not a regular file")


@pytest.mark.parametrize("use", sorted(SPECIAL_USES))
def test_a_fifo_is_refused_without_blocking(hostile: Hostile, pair: Path, use: str) -> None:
    fifo = hostile.tmp / "input.fifo"
    os.mkfifo(fifo)
    result = hostile.run(*SPECIAL_USES[use](str(fifo)))
    hostile.refused(result, 3, f"{fifo}: is a FIFO (named pipe), not a regular file")


def test_a_fifo_in_a_pair_directory_is_named(hostile: Hostile) -> None:
    folder = hostile.tmp / "p"
    write(folder / "en.md", ENGLISH)
    os.mkfifo(folder / "de.md")
    hostile.refused(hostile.run("check", "p", *NONE), 3, "de.md: is a FIFO")


# ---------------------------------------------------------------- size limits (item 9)


def test_an_article_over_the_size_limit_is_refused_unread(hostile: Hostile, pair: Path) -> None:
    huge = hostile.tmp / "huge.de.md"
    with huge.open("wb") as handle:  # sparse: no disk space used, never read
        handle.truncate(50 * settings.MIB)
    write(hostile.tmp / "huge.en.md", ENGLISH)
    message = hostile.refused(hostile.run("check", "huge.de.md", *NONE), 3, "too large")
    assert "50 MiB" in message and "limit is 4 MiB" in message and "LIMITS.md" in message


def test_a_line_over_the_limit_is_refused_naming_it(hostile: Hostile, pair: Path) -> None:
    write(pair / "de.md", GERMAN + "\n" + "Der Text und " * 400_000 + "\n")  # 5.2 MB
    with pytest.MonkeyPatch.context() as patch:  # keep the article under the file cap
        patch.setattr("checker.articles.MAX_ARTICLE_BYTES", 8 * settings.MIB)
        result = hostile.run("check", "x", *NONE)
    hostile.refused(result, 3, "x/de.md:3: line is 5,200,000 characters long",
                    f"limit is {settings.MAX_LINE_CHARS:,}")


@pytest.mark.parametrize(
    ("option", "cap", "content"),
    [
        ("--translations", "checker.translate.memory.MAX_TRANSLATIONS_BYTES", TRANSLATIONS * 20),
        ("--glossary", "checker.glossary_file.MAX_GLOSSARY_BYTES", "München,Munich\n" * 100),
        ("--baseline", "checker.gate.MAX_BASELINE_BYTES", " " * 2000),
    ],
)
def test_inputs_over_their_cap_are_refused(
    hostile: Hostile, pair: Path, monkeypatch: pytest.MonkeyPatch, option: str, cap: str,
    content: str,
) -> None:
    path = write(hostile.tmp / "input.txt", content)
    monkeypatch.setattr(cap, 1000)
    translator = () if option == "--translations" else NONE
    result = hostile.run("check", "x", *translator, option, str(path))
    hostile.refused(result, 3, "input.txt: ", "too large", "the limit is 1000 bytes")


# ---------------------------------------------------------------- unreadable (item 3)


@pytest.fixture()
def other_user() -> None:
    possible, why = can_drop_root()
    if not possible:
        pytest.skip(why)


def _locked_tree(tmp: Path) -> Path:
    """tree/{a, b (mode 000), c (mode 111)} in tmp, which the other user may enter.

    The other user starts *in* tmp and names everything relative to it: the folders
    above tmp are pytest's (mode 0700, and pytest resets them) and stay closed."""
    tmp.chmod(0o755)
    tree = tmp / "tree"
    for name in ("a", "b", "c"):
        make_pair(tree / name)
    (tree / "b").chmod(0o000)
    (tree / "c").chmod(0o111)
    return tree


def _other_user_env(tmp: Path) -> dict[str, str]:
    cache = tmp / "nobody-cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    return {"XDG_CACHE_HOME": cache.name, "TRANSCHECK_CACHE_DIR": cache.name, "HOME": cache.name}


@pytest.mark.usefixtures("other_user")
def test_unreadable_pair_directories_fail_naming_each(hostile: Hostile) -> None:
    tree = _locked_tree(hostile.tmp)
    try:
        done = as_other_user(["check", "tree", *NONE], hostile.tmp, _other_user_env(hostile.tmp))
    finally:
        for name in ("b", "c"):
            (tree / name).chmod(0o755)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "ERROR cannot read 2 directories: tree/b (Permission denied), "
        "tree/c (Permission denied)"
    ]
    hostile.unchanged_outside()


@pytest.mark.usefixtures("other_user")
def test_a_file_in_a_locked_directory_is_exit_3(hostile: Hostile) -> None:
    tree = _locked_tree(hostile.tmp)
    try:
        done = as_other_user(["check", "--de", "tree/b/de.md", "--en", "tree/a/en.md", *NONE],
                             hostile.tmp, _other_user_env(hostile.tmp))
    finally:
        (tree / "b").chmod(0o755)
        (tree / "c").chmod(0o755)
    assert done.returncode == 3, done.stderr
    assert done.stderr.splitlines() == ["ERROR tree/b/de.md: permission denied"]
    hostile.unchanged_outside()


# ---------------------------------------------------------------- malformed files (item 8)

DEEP_JSON = "[" * 100_000 + "]" * 100_000
HUGE_INT = "1" * 5000


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("fail-on = 'error'\n".encode("utf-16"), "not UTF-8 text"),  # UTF-16 with BOM
        ("fail-on = 'error' # Grüße\n".encode("latin-1"), "not UTF-8 text (byte 0xFC"),
        (("a = " + "[" * 5000 + "]" * 5000 + "\n").encode(), "nested too deeply"),
        (b"fail-on = 'error'\nfail_on = 'warning'\n", "'fail_on' and 'fail-on' are the same key"),
        (b"beam-size = " + b"9" * 5000 + b"\n", "unusable value (Exceeds the limit"),
    ],
    ids=["utf-16", "latin-1", "nested-5000", "fail-on-twice", "huge-int"],
)
def test_bad_config_is_one_line_exit_2(
    hostile: Hostile, pair: Path, content: bytes, cause: str
) -> None:
    write(hostile.tmp / "transcheck.toml", content)
    hostile.refused(hostile.run("check", "x", *NONE), 2, "transcheck.toml: ", cause)


@pytest.mark.parametrize(
    ("line", "cause"),
    [
        ('{"de": "Eins.", "en": ' + HUGE_INT + "}", "unusable JSON value"),
        ('{"de": "Eins.", "en": ' + DEEP_JSON + "}", "nested too deeply"),
        ('{"de": "Eins \\ud800.", "en": "One."}', "lone UTF-16 surrogate"),
    ],
    ids=["huge-int", "deep", "lone-surrogate"],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_jsonl_translations(
    hostile: Hostile, pair: Path, line: str, cause: str, jobs: str
) -> None:
    write(hostile.tmp / "mt.jsonl", '{"de": "Null.", "en": "Zero."}\n' + line + "\n")
    result = hostile.run("check", "x", "--translations", "mt.jsonl", "--jobs", jobs)
    hostile.refused(result, 3, "mt.jsonl:2: ", cause)


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ('{"schema": "transcheck.baseline/1", "entries": ' + HUGE_INT + "}",
         "unusable JSON value"),
        ('{"schema": "transcheck.baseline/1", "entries": ' + DEEP_JSON + "}", "nested too deeply"),
        ('{"schema": "transcheck.baseline/1\\ud800", "entries": []}', "lone UTF-16 surrogate"),
    ],
    ids=["huge-int", "deep", "lone-surrogate"],
)
def test_hostile_baseline(hostile: Hostile, pair: Path, text: str, cause: str) -> None:
    write(hostile.tmp / "b.json", text)
    result = hostile.run("check", "x", *NONE, "--baseline", "b.json")
    hostile.refused(result, 2, "b.json: malformed baseline", cause)


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ('{"schema": "transcheck.report/1", "pairs": ' + HUGE_INT + "}", "unusable JSON value"),
        ('{"schema": "transcheck.report/1", "pairs": ' + DEEP_JSON + "}", "nested too deeply"),
        ('{"schema": "transcheck.report/1", "signature": "\\udc00"}', "lone UTF-16 surrogate"),
    ],
    ids=["huge-int", "deep", "lone-surrogate"],
)
def test_hostile_saved_report(hostile: Hostile, text: str, cause: str) -> None:
    write(hostile.tmp / "r.json", text)
    for fmt in ("table", "html"):
        hostile.refused(hostile.run("report", "r.json", "--format", fmt), 3, "r.json: ", cause)


def test_a_csv_glossary_field_over_128_kb(hostile: Hostile, pair: Path) -> None:
    write(hostile.tmp / "terms.csv", "München,Munich\n\"" + "x" * 140_000 + "\",y\n")
    result = hostile.run("check", "x", *NONE, "--glossary", "terms.csv")
    hostile.refused(result, 3, "terms.csv: malformed CSV glossary", "field larger than")


# ---------------------------------------------------------------- smaller items (item 11)


def test_a_bom_on_baseline_and_saved_report_is_accepted(hostile: Hostile, pair: Path) -> None:
    hostile.ok(hostile.run("baseline", "x", *NONE, "-o", "b.json"))
    hostile.ok(hostile.run("check", "x", *NONE, "--format", "json", "-o", "r.json"))
    for name in ("b.json", "r.json"):
        path = hostile.tmp / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    hostile.ok(hostile.run("check", "x", *NONE, "--baseline", "b.json"))
    result = hostile.run("report", "r.json", "--format", "markdown")
    hostile.ok(result, (0,))
    assert "transcheck" in result.out


def test_a_csv_glossary_starting_with_a_tag_is_csv(hostile: Hostile, pair: Path) -> None:
    write(hostile.tmp / "terms.csv", "<b>Bürgermeister</b>,mayor\nMünchen,Munich\n")
    write(pair / "en.md", ENGLISH.replace("Munich", "Monaco"))
    result = hostile.run("check", "x", *NONE, "--glossary", "terms.csv", "--format", "json")
    hostile.ok(result)
    codes = [f["code"] for p in json.loads(result.out)["pairs"] for b in p["beads"]
             for f in b["flags"]]
    assert "glossary" in codes  # München → Munich is enforced: the file was read as CSV


def test_duplicate_translations_warn_naming_both_lines(hostile: Hostile, pair: Path) -> None:
    german = TRANSLATIONS.split("\t")[0]
    write(hostile.tmp / "mt.tsv", f"de\ten\n{TRANSLATIONS}Ja.\tYes.\n{german}\tOther words.\n")
    result = hostile.run("check", "x", "--translations", "mt.tsv")
    hostile.ok(result)
    assert result.err.splitlines()[0] == (
        "WARNING mt.tsv:4: translates the same German as line 2 differently; line 4 is used"
    )
