"""JUnit XML: one testcase per pair, one <failure> per gating finding.

A gating finding is a new (not accepted, not waived) flag at or above the report's
fail-on severity. Other findings go into the testcase's <system-out>. The suite's
`failures` counts failed testcases (pairs), as JUnit readers expect.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.model import PairResult, Report
from checker.report.common import (
    DEFAULT_OPTIONS,
    Finding,
    RenderOptions,
    fail_threshold,
    is_gating,
    message_of,
    pair_findings,
    spans_text,
    status_label,
    translator_line,
    visible,
)

SUITE_NAME = "transcheck"
INDENT = "  "
# Characters XML 1.0 cannot hold that `visible` leaves alone: non-characters, surrogates.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Control characters written out (`\\x1b`), so every attribute and text is valid XML."""
    return _NOT_XML.sub("\ufffd", visible(text))


def _where(finding: Finding) -> str:
    loc = finding.location
    where = f"{loc.path}:{loc.line}" if loc.line is not None else loc.path
    return where if finding.bead is None else f"{where} (bead {finding.bead.index})"


def _describe(finding: Finding) -> str:
    flag = finding.flag
    text = f"{flag.severity} {flag.code} at {_where(finding)}: {message_of(flag)}"
    spans = spans_text(flag)
    return f"{text} [{spans}]" if spans else text


def _add_failure(case: ET.Element, finding: Finding) -> None:
    flag = finding.flag
    failure = ET.SubElement(
        case, "failure", type=_clean(flag.code), message=_clean(f"{flag.code}: {message_of(flag)}")
    )
    failure.text = _clean(_describe(finding))


def _other_line(finding: Finding) -> str:
    label = status_label(finding.flag)
    return _describe(finding) + (f" ({label})" if label else "")


def _testcase(suite: ET.Element, pair: PairResult, report: Report) -> bool:
    """Adds the pair's testcase; True when it failed."""
    case = ET.SubElement(
        suite, "testcase", classname=SUITE_NAME, name=_clean(pair.id), file=_clean(pair.en_path)
    )
    threshold = fail_threshold(report.fail_on)
    findings = list(pair_findings(pair))
    gating = [f for f in findings if is_gating(f.flag, threshold)]
    for finding in gating:
        _add_failure(case, finding)
    if not gating and not pair.passed:
        failure = ET.SubElement(case, "failure", type="gate", message="the pair failed the gate")
        failure.text = _clean(f"{pair.id} did not pass (fail on: {report.fail_on})")
    others = [_other_line(f) for f in findings if not is_gating(f.flag, threshold)]
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_clean(line) for line in others)
    return bool(gating) or not pair.passed


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """JUnit XML text (colour never applies)."""
    root = ET.Element("testsuites", name=SUITE_NAME)
    suite = ET.SubElement(root, "testsuite", name=SUITE_NAME)
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="translator", value=_clean(translator_line(report)))
    ET.SubElement(props, "property", name="signature", value=_clean(report.signature))
    failed = sum(_testcase(suite, pair, report) for pair in report.pairs)
    for element in (root, suite):
        element.set("tests", str(len(report.pairs)))
        element.set("failures", str(failed))
        element.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(root, space=INDENT)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
