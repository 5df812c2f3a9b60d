"""Regenerate the example reports in reports/ from the pairs in pairs/.

    python scripts/make_reports.py            # rewrite reports/
    python scripts/make_reports.py --out DIR  # write elsewhere (the staleness test does)

Every pair is checked with its own mt.tsv (memory translator) and the Debian
dictionary for the detectors, so the reports are the same on every machine that has
trans-de-en installed. Run from the project root: report paths are relative to it.
NAME.txt is the default terminal output at 100 columns; the browser screenshots
(NAME-1400x900.png, NAME-400x900.png) come from tests/test_html_browser.py.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = Path("/usr/share/trans/de-en")
FORMATS = {"md": "markdown", "html": "html", "json": "json", "txt": "text"}
TEXT_COLUMNS = "100"  # the terminal width NAME.txt is rendered for


@contextlib.contextmanager
def _columns(value: str) -> Iterator[None]:
    """$COLUMNS set to `value` for the duration (the text format reads the terminal width)."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def make_reports(out_dir: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from checker.cli import main

    written = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for pair in sorted(p for p in (ROOT / "pairs").iterdir() if (p / "mt.tsv").is_file()):
        rel = pair.relative_to(ROOT)
        for suffix, fmt in FORMATS.items():
            target = out_dir / f"{pair.name}.{suffix}"
            args = ["check", str(rel), "--translations", str(rel / "mt.tsv"),
                    "--lexicon", str(DICTIONARY), "--format", fmt, "--output", str(target),
                    "--no-cache", "--jobs", "1"]
            with contextlib.redirect_stderr(io.StringIO()) as err, _columns(TEXT_COLUMNS):
                code = main(args)
            if code not in (0, 1):
                raise SystemExit(f"make_reports: {rel}: exit {code}: {err.getvalue().strip()}")
            written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    args = parser.parse_args()
    if not DICTIONARY.is_file():
        print(f"make_reports: {DICTIONARY} is missing (apt-get install trans-de-en)",
              file=sys.stderr)
        return 2
    os.chdir(ROOT)
    for path in make_reports(args.out.resolve()):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
