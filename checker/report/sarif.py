"""SARIF 2.1.0 (GitHub code scanning): one run, a rule per flag code, a result per finding.

Accepted findings carry an `external` suppression (the baseline), waived ones an
`inSource` suppression (the inline comment), so viewers show them as suppressed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from checker.model import Report, Severity
from checker.report.common import (
    DEFAULT_OPTIONS,
    Finding,
    RenderOptions,
    finding_columns,
    message_of,
    pair_findings,
    rule_codes,
    rule_help,
    spans_text,
    visible,
)
from checker.settings import FIXED_CODES, FLAG_CODES

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "transcheck/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SUPPRESSION_KIND = {"accepted": "external", "waived": "inSource"}


def artifact_uri(path: str) -> str:
    """A relative path as a URI reference with '/' separators; absolute paths as file: URIs."""
    for flavour in (PurePosixPath, PureWindowsPath):
        pure: PurePath = flavour(path)
        if pure.is_absolute():
            return pure.as_uri()
    return quote(PureWindowsPath(path).as_posix(), safe="/")


def _rule(code: str) -> dict[str, Any]:
    help_text = rule_help(code)
    level = _LEVEL[FLAG_CODES.get(code) or FIXED_CODES.get(code, Severity.WARNING)]
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": help_text},
        "fullDescription": {"text": help_text},
        "help": {
            "text": f"{help_text} Accept a finding with a baseline or waive it with "
            f"<!-- transcheck: ignore {code} --> next to the sentence."
        },
        "defaultConfiguration": {"level": level},
    }


def _fingerprint(finding: Finding) -> str:
    flag = finding.flag
    bead = finding.bead
    parts = [
        finding.pair.id,
        flag.code,
        flag.de_span,
        flag.en_span,
        bead.de_text if bead else "",
        bead.en_text if bead else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _location(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(loc.path)}}
    columns = finding_columns(finding)
    if columns is not None:
        physical["region"] = {"startLine": columns.line, "startColumn": columns.start,
                              "endColumn": columns.end}
    elif loc.line is not None:
        physical["region"] = {"startLine": loc.line}
    return {"physicalLocation": physical}


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    flag = finding.flag
    spans = visible(spans_text(flag))
    message = message_of(flag)
    result: dict[str, Any] = {
        "ruleId": flag.code,
        "ruleIndex": rule_index[flag.code],
        "level": _LEVEL[flag.severity],
        "message": {"text": f"{message} [{spans}]" if spans else message},
        "locations": [_location(finding)],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(finding)},
    }
    if finding.bead is not None:
        result["properties"] = {"bead": finding.bead.index, "kind": finding.bead.kind}
    if not flag.gating:
        suppression: dict[str, Any] = {"kind": _SUPPRESSION_KIND.get(flag.status, "external")}
        if flag.note:
            suppression["justification"] = flag.note
        result["suppressions"] = [suppression]
    return result


def to_dict(report: Report) -> dict[str, Any]:
    codes = rule_codes(report)
    rule_index = {code: i for i, code in enumerate(codes)}
    info = report.translator
    run = {
        "tool": {
            "driver": {
                "name": report.tool_name,
                "version": report.tool_version,
                "rules": [_rule(code) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        # a result keeps no pair: a report read from a results store is not held whole
        "results": [_result(f, rule_index) for pair in report.pairs for f in pair_findings(pair)],
        "invocations": [{"executionSuccessful": True}],
        "properties": {
            "signature": report.signature,
            "translator": {"name": info.name, "model": info.model, "reason": info.reason},
            "passed": report.passed,
            "failOn": report.fail_on,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """SARIF 2.1.0 JSON text (colour never applies)."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
