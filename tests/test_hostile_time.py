"""Issue 13, items 9 and 10: no hangs, no superlinear time, SIGTERM like Ctrl-C.

Speed figures belong to scripts/bench_hostile.py; here each case only has to end
(the watchdog turns a hang into a failure) and give the documented result.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.articles import strip_inline_markdown
from checker.segment import cap_spans
from checker.settings import MAX_SENTENCE_CHARS
from tests.hostile import ENGLISH, GERMAN, Hostile, make_pair, sandbox, watchdog, write
from tests.test_interrupt import CHUNK, _command, _env, _logged, make_setup

HANG_S = 20  # the old code took minutes on each case below; the new one milliseconds


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    yield from sandbox(tmp_path, monkeypatch)


def test_a_config_glob_over_symlink_loops_ends(hostile: Hostile) -> None:
    docs = hostile.tmp / "docs"
    for lang, text in (("de", GERMAN), ("en", ENGLISH)):
        write(docs / lang / "a" / "intro.md", text)
        (docs / lang / "a" / "up").symlink_to("..")  # two loops per side: glob never ended
        (docs / lang / "a" / "again").symlink_to("../a")
    write(hostile.tmp / "transcheck.toml",
          'translator = "none"\npairs = [{de = "docs/de/**/*.md", en = "docs/en/**/*.md"}]\n')
    with watchdog(HANG_S):
        result = hostile.run("check", "--format", "json")
    hostile.ok(result)
    assert '"id": "a/intro"' in result.out


@pytest.mark.parametrize(
    "unit",
    ["Der *Text und ", "[a ", "![a ", "~~a ", "_a b ", "**a ", "<http:x", "``x `", "a" + " " * 40],
)
def test_markdown_stripping_of_a_hostile_100k_line_ends(unit: str) -> None:
    line = unit * (100_000 // len(unit))
    with watchdog(HANG_S):
        stripped = strip_inline_markdown(line)
    assert len(stripped) <= len(line)


def test_a_5_mb_single_line_article_is_refused_by_a_documented_limit(hostile: Hostile) -> None:
    make_pair(hostile.tmp / "x", german="Der *Text und " * 380_000 + "\n")  # 5.3 MB
    with watchdog(HANG_S):
        result = hostile.run("check", "x", "--translator", "none")
    hostile.refused(result, 3, "x/de.md: article is too large: 5.1 MiB, the limit is 4 MiB",
                    "docs/LIMITS.md")


def test_a_paragraph_without_punctuation_is_cut_into_bounded_sentences() -> None:
    text = "Wort " * 3000
    spans = cap_spans(text, [(0, len(text) - 1)])
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert " ".join(text[s:e] for s, e in spans) == text.strip()  # nothing lost
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_a_long_unpunctuated_paragraph_is_checked(hostile: Hostile) -> None:
    make_pair(hostile.tmp / "x", german="Der Text und " * 7000 + "\n",
              english="The text and " * 7000 + "\n")
    with watchdog(HANG_S * 3):
        result = hostile.run("check", "x", "--translator", "none", "--format", "json")
    hostile.ok(result)


# ---------------------------------------------------------------- SIGTERM (item 10)


def test_sigterm_with_two_jobs_is_one_line_and_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = make_setup(tmp_path, monkeypatch, 16)
    s.report.write_text("earlier", encoding="utf-8")
    log = s.tmp / "terminated.log"
    process = subprocess.Popen(
        _command(s, "--cache", str(s.cache), "--jobs", "2"), env=_env(log, 0.3), cwd=s.tmp,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_logged(log)) < 2:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slow run never translated anything"
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        time.sleep(0.5)  # give terminated workers the chance to print, which they must not
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 143, stderr
    assert stderr.splitlines() == ["ERROR terminated (SIGTERM); no report was written"]
    assert s.report.read_text(encoding="utf-8") == "earlier"
    assert os.listdir(s.out_dir) == ["report.json"]  # no partial or temporary file
    assert sum(_logged(log)) >= CHUNK
