"""Issue 13: arbitrary bytes into every file-reading entry point of the CLI.

For articles, translations, glossaries (CSV and TBX), baselines, saved reports,
configuration files and model archives, Hypothesis writes random bytes — raw, or
a valid file with bytes spliced in — and runs the command in-process. Whatever
the bytes, the CLI returns an exit code in {0, 1, 2, 3, 4}, prints no traceback
(only `ERROR`/`WARNING` lines on stderr) and ends within the watchdog's time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import ENGLISH, GERMAN, TRANSLATIONS, Hostile, make_pair, sandbox, watchdog

SCALE = max(1, int(os.environ.get("TRANSCHECK_FUZZ", "1")))
FUZZ = settings(
    max_examples=20 * SCALE,
    deadline=timedelta(seconds=30),  # generous: the point is "ends", not "is fast"
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
EXIT_CODES = frozenset({0, 1, 2, 3, 4})
EXAMPLE_S = 30


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members:
            zipped.writestr(name, data)
    return buffer.getvalue()


VALID: dict[str, bytes] = {
    "article": GERMAN.encode(),
    "translations": TRANSLATIONS.encode(),
    "translations-jsonl": json.dumps({"de": GERMAN.strip(), "en": ENGLISH.strip()}).encode(),
    "glossary-csv": "München,Munich\nBürgermeister,mayor\n".encode(),
    "glossary-tbx": (
        '<?xml version="1.0"?><martif><text><body><termEntry>'
        '<langSet xml:lang="de"><tig><term>München</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Munich</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    ).encode(),
    "baseline": b'{"schema": "transcheck.baseline/1", "entries": []}',
    "report": b'{"schema": "transcheck.report/1", "tool": {"name": "transcheck", '
              b'"version": "0"}, "signature": "", "translator": {"name": "none", '
              b'"model": ""}, "passed": true, "pairs": []}',
    "config": b'translator = "none"\nfail-on = "warning"\n[severity]\nlength = "info"\n',
    "model": _zip([("p/metadata.json", b'{"from_code": "de", "to_code": "en"}'),
                   ("p/sentencepiece.model", b"spm"), ("p/model/model.bin", b"w")]),
}

# entry point → (file name, file kind in VALID, command given the file's path)
ENTRY_POINTS: dict[str, tuple[str, str, Callable[[str], list[str]]]] = {
    "article": ("de.md", "article",
                lambda f: ["check", "--de", f, "--en", "en.md", "--translator", "none"]),
    "translations-tsv": ("mt.tsv", "translations",
                         lambda f: ["check", "x", "--translations", f]),
    "translations-jsonl": ("mt.jsonl", "translations-jsonl",
                           lambda f: ["check", "x", "--translations", f, "--jobs", "1"]),
    "glossary-csv": ("g.csv", "glossary-csv",
                     lambda f: ["check", "x", "--translator", "none", "--glossary", f]),
    "glossary-tbx": ("g.tbx", "glossary-tbx",
                     lambda f: ["check", "x", "--translator", "none", "--glossary", f]),
    "baseline": ("b.json", "baseline",
                 lambda f: ["check", "x", "--translator", "none", "--baseline", f]),
    "saved-report": ("r.json", "report", lambda f: ["report", f, "--format", "html"]),
    "config": ("transcheck.toml", "config", lambda f: ["check", "x", "--config", f]),
    "model-check": ("m.argosmodel", "model",
                    lambda f: ["check", "x", "--translator", "argos", "--model", f]),
    "model-install": ("m.argosmodel", "model", lambda f: ["models", "install", f]),
}


@st.composite
def hostile_bytes(draw: st.DrawFn, valid: bytes) -> bytes:
    """Raw bytes, or the valid file with a random slice replaced by random bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    start = draw(st.integers(0, len(valid)))
    end = draw(st.integers(start, len(valid)))
    noise = draw(st.one_of(
        st.binary(max_size=200),
        st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\\ud800", b"[" * 2000,
                         b"9" * 5000, b"\r", b"\t\t", b'"', b"<", b"**", b"<!--"]),
    ))
    return valid[:start] + noise + valid[end:]


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    yield from sandbox(tmp_path, monkeypatch)


def _run(argv: list[str]) -> tuple[int, str]:
    from checker import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), watchdog(EXAMPLE_S):
        code = cli.main(argv)
    return code, err.getvalue()


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_arbitrary_bytes_never_escape_as_a_traceback(hostile: Hostile, entry: str) -> None:
    name, kind, command = ENTRY_POINTS[entry]

    @FUZZ
    @given(data=hostile_bytes(VALID[kind]))
    def case(data: bytes) -> None:
        with tempfile.TemporaryDirectory(dir=hostile.tmp) as folder, contextlib.chdir(folder):
            make_pair(Path(folder) / "x")
            Path(folder, "en.md").write_text(ENGLISH, encoding="utf-8")
            Path(folder, name).write_bytes(data)
            code, err = _run(command(name))
        assert code in EXIT_CODES, err
        assert "Traceback" not in err, err
        assert all(line.startswith(("ERROR ", "WARNING ")) for line in err.splitlines()), err

    case()
    hostile.unchanged_outside()
