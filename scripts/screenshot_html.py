#!/usr/bin/env python3
"""Render a transcheck HTML report in headless Chromium: a PNG plus a check that it ran.

    python scripts/screenshot_html.py REPORT.html [--out shot.png]
    python scripts/screenshot_html.py SAVED.json  [--out shot.png]   # renders the HTML first

Runs Chromium twice with a fresh profile and no network features: once for the
screenshot, once with --dump-dom to see that the page's script ran (it sets
data-ready="1" on <html>). Console errors Chromium logs are printed. Exits 0 when the
page rendered cleanly, 1 when it did not; prints a one-line skip message and exits 0
when no Chromium is installed (Debian: apt-get install chromium).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
WINDOW_SIZE = "1400,2000"
TIMEOUT_S = 60
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
READY_MARK = 'data-ready="1"'
# Chromium's stderr lines that report page console messages or script errors.
CONSOLE_LINE = re.compile(r"CONSOLE|Uncaught|SyntaxError|ReferenceError|TypeError", re.I)


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_for(source: Path, workdir: Path) -> Path:
    """The HTML to load: `source` itself, or the HTML rendering of a saved JSON report."""
    if source.suffix.lower() != ".json":
        return source
    from checker.report import render
    from checker.report.json_report import loads

    report = loads(source.read_text(encoding="utf-8"), source=source)
    target = workdir / (source.stem + ".html")
    target.write_text(render(report, "html"), encoding="utf-8")
    return target


def run_chromium(binary: str, page: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="transcheck-chromium-") as profile:
        command = [
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={WINDOW_SIZE}",
            *extra,
            page.resolve().as_uri(),
        ]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE_LINE.search(line)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="an HTML report, or a saved JSON report")
    parser.add_argument(
        "--out", type=Path, default=None, help="PNG to write (default: beside the report)"
    )
    args = parser.parse_args(argv)
    binary = find_chromium()
    if binary is None:
        print("skip: no Chromium found (Debian: apt-get install chromium)")
        return 0
    if not args.report.is_file():
        print(f"ERROR {args.report}: no such file", file=sys.stderr)
        return 2
    out = (args.out or args.report.with_suffix(".png")).resolve()
    with tempfile.TemporaryDirectory(prefix="transcheck-shot-") as work:
        page = html_for(args.report, Path(work))
        shot = run_chromium(binary, page, [f"--screenshot={out}"])
        dom = run_chromium(binary, page, ["--dump-dom"])
    errors = console_errors(shot.stderr) + console_errors(dom.stderr)
    ran = READY_MARK in dom.stdout
    for line in errors:
        print(f"console: {line}")
    print(f"screenshot: {out}" if out.is_file() else "screenshot: none was written")
    print(f"script ran: {'yes' if ran else 'no'}; console errors: {len(errors)}")
    return 0 if out.is_file() and ran and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
