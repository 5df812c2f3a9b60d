"""GitHub Actions workflow commands: one annotation per new finding, most severe first.

    ::error file=pairs/x/en.md,line=11,col=16,endColumn=26,title=transcheck number::three vs four

Errors come first, then warnings (`::warning`), then info (`::notice`), each in file
order; `col`/`endColumn` mark the evidence span when it can be found on the line.
GitHub shows at most 10 annotations of each type per step: past that, the output
ends with one notice saying how many were left out and where the full list is.
Accepted and waived findings are not annotated.
"""

from __future__ import annotations

from collections import Counter

from checker.model import Report, Severity
from checker.report.common import (
    DEFAULT_OPTIONS,
    Finding,
    RenderOptions,
    finding_columns,
    message_of,
    pair_findings,
    plural,
    visible,
)
from checker.report.text import findings_in_order

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_STEP_LIMIT = 10  # annotations of one type GitHub shows per step
FULL_REPORT_HINT = (
    "see the full list with `transcheck check … --format markdown` "
    "(or -o report.html) in the job"
)


def escape_data(text: str) -> str:
    """A command's message: % CR LF percent-encoded (GitHub's toolkit rules)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A property value: as data, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    flag = finding.flag
    loc = finding.location
    props = [f"file={escape_property(loc.path)}"]
    columns = finding_columns(finding)
    if columns is not None:
        props += [f"line={columns.line}", f"col={columns.start}", f"endColumn={columns.end}"]
    elif loc.line is not None:
        props.append(f"line={loc.line}")
    props.append(f"title={escape_property(f'transcheck {flag.code}')}")
    return f"::{_COMMAND[flag.severity]} {','.join(props)}::{escape_data(message_of(flag))}"


def _dropped_notice(dropped: dict[Severity, int]) -> str:
    counts = ", ".join(
        plural(count, _COMMAND[severity]) for severity, count in dropped.items() if count
    )
    total = sum(dropped.values())
    message = (
        f"{plural(total, 'finding')} not annotated ({counts}): GitHub shows at most "
        f"{PER_STEP_LIMIT} annotations of each type per step; {FULL_REPORT_HINT}"
    )
    return f"::notice title=transcheck::{escape_data(message)}"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """One workflow command per line (empty text when nothing is new)."""
    # two passes over the pairs, none held: a report read from a results store is re-read
    new = Counter(f.flag.severity for pair in report.pairs for f in pair_findings(pair)
                  if f.flag.gating)
    kept: list[str] = []
    dropped = {severity: 0 for severity in _COMMAND}
    counts = {severity: 0 for severity in _COMMAND}
    overflow = any(new[severity] > PER_STEP_LIMIT for severity in _COMMAND)
    for finding in findings_in_order(report.pairs):
        if not finding.flag.gating:
            continue
        severity = finding.flag.severity
        # the closing notice takes one of the notices' places when something is dropped
        limit = PER_STEP_LIMIT - (1 if overflow and severity == Severity.INFO else 0)
        if counts[severity] < limit:
            counts[severity] += 1
            kept.append(annotation(finding))
        else:
            dropped[severity] += 1
    if any(dropped.values()):
        kept.append(_dropped_notice(dropped))
    return "".join(line + "\n" for line in kept)
