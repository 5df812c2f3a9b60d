"""GitHub Actions workflow commands: one annotation per new finding.

`::error file=EN_PATH,line=N,title=transcheck CODE::message` on the English file and
line (the German one for a bead with no English sentence); warning → ::warning,
info → ::notice. Accepted and waived findings are not annotated.
"""

from __future__ import annotations

from checker.model import Report, Severity
from checker.report.common import Finding, pair_findings

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: % CR LF percent-encoded (GitHub's toolkit rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as data, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    flag = finding.flag
    loc = finding.location
    props = [f"file={escape_property(loc.path)}"]
    if loc.line is not None:
        props.append(f"line={loc.line}")
    props.append(f"title={escape_property(f'transcheck {flag.code}')}")
    return f"::{_COMMAND[flag.severity]} {','.join(props)}::{escape_data(flag.message)}"


def render(report: Report, *, color: bool = False) -> str:
    """One workflow command per line (empty text when nothing is new)."""
    lines = [
        annotation(finding)
        for pair in report.pairs
        for finding in pair_findings(pair)
        if finding.flag.gating
    ]
    return "".join(line + "\n" for line in lines)
