"""docs/CLI.md documents every option `--help` shows, each with an example command."""

from __future__ import annotations

import argparse
import re

import pytest

from checker.cli import _nested, build_parser
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    top = build_parser()
    return [(top.prog, top)] + [(p.prog, p) for p in _nested(top)]


def _options() -> list[tuple[str, tuple[str, ...]]]:
    found = {}
    for prog, parser in _parsers():
        for action in parser._actions:
            if action.option_strings and action.help != argparse.SUPPRESS:
                found[(prog, tuple(action.option_strings))] = None
    return list(found)


def _rows_naming(option: str) -> list[str]:
    pattern = re.compile(rf"`{re.escape(option)}[ `,]")
    return [line for line in DOC.splitlines() if line.startswith("|") and pattern.search(line)]


@pytest.mark.parametrize(("prog", "strings"), _options(), ids=lambda v: str(v))
def test_every_option_is_documented_with_an_example(prog: str, strings: tuple[str, ...]) -> None:
    rows = [row for option in strings for row in _rows_naming(option)]
    assert rows, f"{prog} {'/'.join(strings)} is not in docs/CLI.md"
    examples = [row.rsplit("| `transcheck ", 1)[-1] for row in rows if "| `transcheck " in row]
    assert any(
        re.search(rf"(^|\s){re.escape(option)}(\s|`|=|$)", example)
        for example in examples
        for option in strings
    ), f"{prog} {'/'.join(strings)} has no example command in docs/CLI.md"


def test_every_command_has_a_section() -> None:
    top = build_parser()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name in commands.choices:
        assert f"\n## {name}\n" in DOC, name
