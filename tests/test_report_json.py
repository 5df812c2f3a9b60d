"""The transcheck.report/1 JSON: schema, determinism, round trip, and malformed input."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from checker.errors import ExitCode, InputError
from checker.report import json_report, render
from checker.report.json_report import dumps, loads, to_dict
from tests.test_report_helpers import SCRIPT_TEXT, klima_pair, sample_report


def test_output_validates_against_the_shipped_schema() -> None:
    schema = json_report.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(dumps(sample_report())))


def test_schema_rejects_a_report_missing_a_contract_key() -> None:
    data = to_dict(sample_report())
    del data["pairs"][0]["beads"][1]["flags"][0]["de_span"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_report.schema())


def test_contract_keys_are_all_present() -> None:
    # keys listed in DESIGN.md's JSON contract (transcheck.report/1)
    data = to_dict(sample_report())
    assert {"schema", "tool", "signature", "translator", "passed", "pairs"} <= set(data)
    assert data["schema"] == "transcheck.report/1"
    pair = data["pairs"][0]
    assert {"id", "de_path", "en_path", "passed", "summary", "beads"} <= set(pair)
    assert {"chrf", "bleu", "ter", "beads", "flags"} <= set(pair["summary"])
    bead = pair["beads"][1]
    assert {"index", "kind", "de", "en", "mt", "scores", "flags"} <= set(bead)
    assert set(bead["de"][0]) >= {"text", "line"}
    assert {"code", "severity", "message", "de_span", "en_span", "mt_span"} <= set(bead["flags"][0])


def test_extensions_carry_pair_flags_baseline_and_status() -> None:
    data = to_dict(sample_report())
    klima = data["pairs"][0]
    assert [f["code"] for f in klima["flags"]] == ["stale"]
    assert klima["baseline_unmatched"] == ["deadbeef"]
    wording = klima["beads"][4]["flags"][1]
    assert (wording["status"], wording["note"]) == ("accepted", "baseline")
    assert data["translator"]["reason"].startswith("auto: no Argos")


def test_floats_are_rounded_to_two_decimals() -> None:
    # bead 1 of the fixture has chrF 61.234 → 61.23; BLEU 61.234 / 2 = 30.617 → 30.62
    scores = to_dict(sample_report())["pairs"][0]["beads"][1]["scores"]
    assert scores == {"chrf": 61.23, "bleu": 30.62, "ter": 38.77}


def test_same_report_gives_byte_identical_json() -> None:
    first = dumps(sample_report())
    assert dumps(sample_report()) == first
    assert render(sample_report(), "json") == first


def test_summary_dict_order_does_not_change_the_json() -> None:
    pair = klima_pair()
    shuffled = dataclasses.replace(
        pair.summary,
        beads=dict(reversed(list(pair.summary.beads.items()))),
        flags=dict(reversed(list(pair.summary.flags.items()))),
    )
    report_a = sample_report(pairs=(pair,))
    report_b = sample_report(pairs=(dataclasses.replace(pair, summary=shuffled),))
    assert dumps(report_a) == dumps(report_b)


def test_round_trip_is_identical() -> None:
    text = dumps(sample_report())
    again = loads(text, source="saved.json")
    assert dumps(again) == text
    assert again.pairs[0].beads[5].de[0].text == SCRIPT_TEXT
    assert again.pairs[0].beads[4].flags[1].status == "accepted"
    assert again.fail_on == "error"


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


# Each row: a change to a valid report, and the words the one-line error must contain
# (written by hand from the decoder's messages).
@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            _set(("schema",), "transcheck.report/2"),
            'not a transcheck.report/1 report (schema is "transcheck.report/2")',
        ),
        (_drop(("schema",)), "not a transcheck.report/1 report (schema is null)"),
        (_set(("passed",), "yes"), "passed: expected true or false, found a string"),
        (_drop(("tool",)), "tool: missing"),
        (
            _set(("pairs", 0, "beads", 1, "flags", 0, "severity"), "fatal"),
            "pairs[0].beads[1].flags[0].severity: "
            "expected one of error, warning, info, found 'fatal'",
        ),
        (
            _set(("pairs", 0, "beads", 0, "de", 0, "line"), "1"),
            "pairs[0].beads[0].de[0].line: expected an integer, found a string",
        ),
        (
            _set(("pairs", 0, "beads", 2, "kind"), "1-1"),
            "pairs[0].beads[2].kind: '1-1' does not match 1 German and 0 English sentences",
        ),
        (
            _set(("pairs", 1, "summary", "chrf"), [40]),
            "pairs[1].summary.chrf: expected a number, found a list",
        ),
        (_set(("pairs",), {}), "pairs: expected a list, found an object"),
        (_set(("fail_on",), "sometimes"), "fail_on: expected one of error, warning, info, never"),
    ],
)
def test_wrong_schema_names_file_and_problem(
    mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = copy.deepcopy(to_dict(sample_report()))
    mutate(data)
    with pytest.raises(InputError) as caught:
        loads(json.dumps(data), source="out/saved.json")
    message = str(caught.value)
    assert message.startswith("out/saved.json: ")
    assert expected in message
    assert "\n" not in message
    assert caught.value.exit_code == ExitCode.INPUT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "not valid JSON"),  # empty file
        ('{"schema": ', "not valid JSON"),  # truncated write
        ("[1, 2]", "expected an object, found a list"),  # JSON, but not a report object
    ],
)
def test_malformed_json_is_one_input_error(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(text, source="r.json")
    assert str(caught.value).startswith("r.json: ")
    assert expected in str(caught.value)
