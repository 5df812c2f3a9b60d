"""`check --results DIR [--resume]`: a results store that reports, resumes and survives bad pairs.

Everything here runs without Dask (tests/test_cluster.py has the cluster); the
store path must give the very report the plain run gives.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from checker import archive, pipeline
from checker.cli import main
from checker.errors import UsageError
from checker.model import Severity
from checker.pairs import PairSpec
from checker.report.json_report import dumps, iter_dumps, loads
from checker.settings import Settings
from checker.store import ResultStore
from tests.archive_corpus import (
    KILLABLE,
    SENTENCES_PER_PAIR,
    Archive,
    kill_once_stored,
    logged,
    make_archive,
)

ROOT = Path(__file__).resolve().parent.parent
WAIT_S = 60.0


@pytest.fixture()
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    dictionary = tmp_path / "ding.txt"  # keep the detectors off the system dictionary
    dictionary.write_text("Baum {m} | Bäume {pl} :: tree | trees\n", encoding="utf-8")
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(dictionary))
    return make_archive(tmp_path, 12)


def check(args: list[str], output: Path, fmt: str = "json") -> tuple[int, bytes]:
    code = main(["check", *args, "--format", fmt, "--output", str(output)])
    return code, output.read_bytes()


def test_results_store_gives_the_plain_report_in_every_format(
    small: Archive, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    for fmt in ("json", "text", "markdown", "table", "html", "github", "sarif", "junit"):
        code, plain = check([*small.memory_args(), "--jobs", "1"], tmp_path / f"plain.{fmt}", fmt)
        assert code == 1  # the archive has planted drifts
        args = [*small.memory_args(), "--jobs", "2", "--results", str(store), "--resume"]
        stored_code, stored = check(args, tmp_path / f"stored.{fmt}", fmt)
        assert (stored_code, stored) == (code, plain), fmt
        again = main(["report", str(store), "--format", fmt,
                      "--output", str(tmp_path / f"again.{fmt}")])
        assert again == 0
        assert (tmp_path / f"again.{fmt}").read_bytes() == plain, fmt


def test_json_report_streams_to_the_same_bytes() -> None:
    for saved in sorted((ROOT / "reports").glob("*.json")):
        report = loads(saved.read_text(encoding="utf-8"))
        assert "".join(iter_dumps(report)) == dumps(report)
        tripled = type(report)(**{**report.__dict__, "pairs": tuple(report.pairs) * 3})
        assert "".join(iter_dumps(tripled)) == dumps(tripled)
        empty = type(report)(**{**report.__dict__, "pairs": ()})
        assert "".join(iter_dumps(empty)) == dumps(empty)


def test_text_findings_stream_in_the_order_of_the_whole_report() -> None:
    from checker.report.common import ordered_findings
    from checker.report.text import findings_in_order

    for saved in sorted((ROOT / "reports").glob("*.json")):
        pairs = tuple(loads(saved.read_text(encoding="utf-8")).pairs) * 2
        streamed = [(f.pair.id, f.flag) for f in findings_in_order(pairs)]
        assert streamed == [(f.pair.id, f.flag) for f in ordered_findings(pairs)]
        assert {f.severity for _, f in streamed} == {Severity.ERROR, Severity.WARNING,
                                                      Severity.INFO} or "clean" in saved.name


def test_a_store_with_results_is_not_reused_without_resume(
    small: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert check([*small.memory_args(), "--jobs", "1", "--results", str(store)],
                 tmp_path / "a.json")[0] == 1
    capsys.readouterr()
    code = main(["check", *small.memory_args(), "--jobs", "1", "--results", str(store)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "already holds results" in err and "--resume" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resume"], "--resume needs --results"),
        (["--ship-text", "--results", "r"], "--ship-text goes with --cluster"),
        (["--cluster", "local:0"], "local:N needs a number of workers"),
        (["--cluster", "somewhere:8786"], "expected tcp://HOST:PORT"),
        (["--cluster", "local:2", "--jobs", "2"], "--jobs and --cluster exclude each other"),
    ],
)
def test_archive_option_mistakes_are_usage_errors(
    small: Archive, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *small.memory_args(), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_bad_pair_is_an_unchecked_finding_and_the_archive_goes_on(
    small: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = small.root / "p0004" / "en.md"
    bad.write_bytes(b"The work \xff took\n")  # not UTF-8
    store = tmp_path / "store"
    code, text = check([*small.memory_args(), "--jobs", "2", "--results", str(store)],
                       tmp_path / "r.json")
    assert code == 3  # an input error, reported after the whole archive was checked
    err = capsys.readouterr().err
    last = err.splitlines()[-1]  # after the summary line (the report went to a file)
    assert last.startswith("ERROR 1 pair(s) could not be checked") and str(bad) in last
    pairs = {p["id"]: p for p in json.loads(text)["pairs"]}
    assert sorted(pairs) == list(small.ids)
    (flag,) = pairs["p0004"]["flags"]
    assert flag["code"] == "unchecked" and flag["severity"] == "error"
    assert str(bad) in flag["message"] and "not valid UTF-8" in flag["message"]
    assert not pairs["p0004"]["passed"] and pairs["p0000"]["beads"]
    errors = [r for r in ResultStore.open_for_reading(store).records() if r["error"]]
    assert [r["id"] for r in errors] == ["p0004"]
    sarif_path = tmp_path / "r.sarif"
    assert main(["report", str(store), "--format", "sarif", "--output", str(sarif_path)]) == 0
    (run,) = json.loads(sarif_path.read_text(encoding="utf-8"))["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["unchecked"]["defaultConfiguration"]["level"] == "error"
    assert "could not be read or checked" in rules["unchecked"]["shortDescription"]["text"]
    levels = {r["level"] for r in run["results"] if r["ruleId"] == "unchecked"}
    assert levels == {"error"}


def test_the_summary_line_of_a_store_counts_the_plain_runs_findings(
    small: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check([*small.memory_args(), "--jobs", "1"], tmp_path / "plain.json")
    plain = capsys.readouterr().err
    assert " in 12 pairs (" in plain and "failed): FAILED" in plain
    store = tmp_path / "store"
    check([*small.memory_args(), "--jobs", "2", "--results", str(store)], tmp_path / "s.json")
    assert capsys.readouterr().err == plain
    # a store written before records counted their findings: the pairs are read whole
    for shard in (store / "shards").glob("*.jsonl"):
        text = shard.read_text(encoding="utf-8")  # blanks keep every record where it is
        older = re.sub(r', "findings": \{[^}]*\}', lambda m: " " * len(m.group()), text)
        assert older != text and len(older) == len(text)
        shard.write_text(older, encoding="utf-8")
    assert main(["report", str(store), "--format", "json", "--output",
                 str(tmp_path / "again.json")]) == 0
    assert capsys.readouterr().err == plain


def test_records_keep_the_reports_pair_text_and_older_records_render_alike(
    small: Archive, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    _, plain = check([*small.memory_args(), "--jobs", "1"], tmp_path / "plain.json")
    check([*small.memory_args(), "--jobs", "2", "--results", str(store)], tmp_path / "s.json")
    pairs = {p["id"]: p for p in json.loads(plain)["pairs"]}
    for shard in (store / "shards").glob("*.jsonl"):
        older = []
        for line in shard.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert json.loads(record["text"]) == pairs[record["meta"]["id"]]
            # as written before: the pair as an object, padded to keep every offset
            was = json.dumps({"meta": record["meta"], "pair": json.loads(record["text"])},
                             ensure_ascii=False)
            older.append(was[:-1] + " " * (len(line) - len(was)) + "}")
        shard.write_text("".join(line + "\n" for line in older), encoding="utf-8")
    for fmt in ("json", "text"):
        again = tmp_path / f"again.{fmt}"
        assert main(["report", str(store), "--format", fmt, "--output", str(again)]) == 0
        assert again.read_bytes() == (plain if fmt == "json" else
                                      check([*small.memory_args()], tmp_path / "p.txt", fmt)[1])


def test_a_record_whose_pair_text_was_cut_short_is_one_line_error(
    small: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    check([*small.memory_args(), "--jobs", "1", "--results", str(store)], tmp_path / "s.json")
    shard = next((store / "shards").glob("*.jsonl"))
    lines = shard.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["text"] = record["text"][: len(record["text"]) // 2]  # still a JSON string
    cut = json.dumps(record, ensure_ascii=False)
    lines[0] = cut + " " * (len(lines[0]) - len(cut))  # every later record where it was
    shard.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    report = tmp_path / "again.json"
    capsys.readouterr()
    assert main(["report", str(store), "--format", "json", "--output", str(report)]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR {shard}:") and "malformed pair result" in err
    assert err.count("\n") == 1 and not report.exists()


def test_resume_checks_only_changed_pairs_and_a_changed_signature_checks_all(
    small: Archive, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "store"
    base = [*small.memory_args(), "--jobs", "1", "--results", str(store), "--resume"]
    check(base, tmp_path / "first.json")
    edited = small.root / "p0002" / "en.md"
    edited.write_text("In district 2, 13 new trees were planted. The work took 4 weeks.\n",
                      encoding="utf-8")
    caplog.set_level("INFO", logger="checker.commands.check_archive")
    _, second = check(base, tmp_path / "second.json")
    assert "12 pairs: 11 taken from the results store, 1 checked" in caplog.text
    _, fresh = check([*small.memory_args(), "--jobs", "1"], tmp_path / "fresh.json")
    assert second == fresh  # the edit shows: 12 → 13 trees is now a number finding
    caplog.clear()
    check([*base, "--meaning-threshold", "20"], tmp_path / "third.json")
    assert "12 pairs: 0 taken from the results store, 12 checked" in caplog.text


def test_report_of_a_directory_that_is_no_store_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert err == f"ERROR {tmp_path}: not a transcheck results store (no store.json)\n"


def test_each_worker_builds_its_translator_once(
    small: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.translate as translate

    built = []
    real = translate.make_translator
    monkeypatch.setattr(translate, "make_translator", lambda s: built.append(s) or real(s))
    settings = Settings(translator="memory", translations=str(small.translations),
                        use_cache=False)
    inputs = pipeline.RunInputs(settings=settings)
    digest = archive.inputs_digest(inputs)
    specs = [archive.PairTask(k, pipeline.PairSpec(i, str(small.root / i / "de.md"),
                                                   str(small.root / i / "en.md")),
                              str(small.root / i / "de.md"), str(small.root / i / "en.md"))
             for k, i in enumerate(small.ids)]
    first = archive.run_chunk(specs[:6], inputs, digest)
    second = archive.run_chunk(specs[6:], inputs, digest)
    assert len(built) == 1
    assert [o.id for o in first + second] == list(small.ids)


# ---------------------------------------------------------------- imports


NO_DASK = """
import sys
from checker.cli import main
from checker.errors import UsageError
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed"))
print(code, loaded)
"""


@pytest.mark.parametrize("extra", [["--jobs", "2"], ["--jobs", "1", "--results", "store"]],
                         ids=["jobs", "results"])
def test_jobs_and_results_runs_import_no_dask(
    small: Archive, tmp_path: Path, extra: list[str]
) -> None:
    args = ["check", *small.memory_args(), *extra, "--format", "json", "-o", "r.json"]
    done = subprocess.run([sys.executable, "-c", NO_DASK, *args], cwd=tmp_path, text=True,
                          capture_output=True, timeout=WAIT_S, env=_env())
    assert done.stdout.split(" ", 1) == ["1", "[]\n"], done.stderr


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1", **extra}


# ---------------------------------------------------------------- driver killed


def test_a_killed_driver_resumes_without_rechecking_stored_pairs(
    small: Archive, tmp_path: Path
) -> None:
    wrapper = tmp_path / "killable.py"
    wrapper.write_text(KILLABLE, encoding="utf-8")
    store = tmp_path / "store"
    command = [sys.executable, str(wrapper), "check", *small.memory_args(), "--jobs", "1",
               "--results", str(store), "--resume", "--format", "json", "-o", "r.json"]
    killed_log, resumed_log = tmp_path / "killed.log", tmp_path / "resumed.log"
    kill_once_stored(command, tmp_path, _env(TC_DELAY="0.2", TC_LOG=str(killed_log)), store,
                     WAIT_S)
    stored = len(list(ResultStore.open_for_reading(store).records()))
    assert 2 <= stored < len(small.ids) and not (tmp_path / "r.json").exists()

    done = subprocess.run(command, cwd=tmp_path, env=_env(TC_DELAY="0", TC_LOG=str(resumed_log)),
                          capture_output=True, text=True, timeout=WAIT_S)
    assert done.returncode == 1, done.stderr
    assert logged(resumed_log) == (len(small.ids) - stored) * SENTENCES_PER_PAIR
    ids = Counter(r["id"] for r in ResultStore.open_for_reading(store).records())
    assert ids == Counter(small.ids)  # every pair exactly once
    _, fresh = check([*small.memory_args(), "--jobs", "1"], tmp_path / "fresh.json")
    assert (tmp_path / "r.json").read_bytes() == fresh


def _running(script: Path) -> list[int]:
    """Pids of the live processes whose command line names `script` (a run's driver and
    its forked workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if str(script).encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="the parent-death signal and /proc are Linux's")
def test_the_workers_of_a_killed_driver_end_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # killed with SIGKILL, the driver cannot stop its --jobs pool: its workers must end
    # too, not go on checking the rest of their chunks for nobody
    dictionary = tmp_path / "ding.txt"
    dictionary.write_text("Baum {m} | Bäume {pl} :: tree | trees\n", encoding="utf-8")
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(dictionary))
    corpus = make_archive(tmp_path, 40)
    wrapper = tmp_path / "killable.py"
    wrapper.write_text(KILLABLE, encoding="utf-8")
    store = tmp_path / "store"
    command = [sys.executable, str(wrapper), "check", *corpus.memory_args(), "--jobs", "2",
               "--results", str(store), "--format", "json", "-o", "r.json"]
    env = _env(TC_DELAY="0.5", TC_LOG=str(tmp_path / "killed.log"))
    # no pipes: the workers would hold them open, and reading them would wait for them
    driver = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + WAIT_S
        while len(list((store / "shards").glob("*.jsonl"))) < 2:
            assert driver.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert len(_running(wrapper)) == 3  # the driver and its two workers
        driver.kill()
        driver.wait(WAIT_S)
        deadline = time.monotonic() + 3.0  # a worker's chunk takes far longer
        while _running(wrapper) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _running(wrapper) == []
    finally:
        for pid in _running(wrapper):
            os.kill(pid, signal.SIGKILL)


def _hold(started: Any, release: Any) -> None:
    started.set()  # the fork's handlers have run by now
    release.wait(WAIT_S)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.filterwarnings("ignore:.*use of fork\\(\\) may lead to deadlocks:DeprecationWarning")
def test_a_worker_forked_by_the_driver_does_not_keep_the_store_locked(tmp_path: Path) -> None:
    """--jobs and local:N workers are forked while the driver holds its store; once the
    driver lets go (or dies), the next run may open the store however long they live."""
    context = multiprocessing.get_context("fork")
    store = ResultStore.open_for_run(tmp_path / "store", resume=False)
    started, release = context.Event(), context.Event()
    worker = context.Process(target=_hold, args=(started, release))
    worker.start()
    try:
        assert started.wait(WAIT_S)
        with pytest.raises(UsageError, match="is in use by another transcheck run"):
            ResultStore.open_for_run(tmp_path / "store", resume=True)
        store.close()
        ResultStore.open_for_run(tmp_path / "store", resume=True).close()
    finally:
        release.set()
        worker.join(WAIT_S)
    assert worker.exitcode == 0


def test_chunks_shrink_as_the_archive_runs_out_and_cover_every_pair_once() -> None:
    tasks = [archive.make_task(seq, PairSpec(f"p{seq}", "de.md", "en.md"),
                               ship_text=False) for seq in range(1000)]
    chunks = list(archive._chunked(iter(tasks), len(tasks), slots=2))
    assert [task.seq for chunk in chunks for task in chunk] == list(range(1000))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == 32 and max(sizes) == 32 and sizes == sorted(sizes, reverse=True)
    assert sizes[-3:] == [1, 1, 1]  # the last pairs go out one by one


@pytest.mark.parametrize("store", [False, True], ids=["plain", "results-store"])
def test_a_run_keeps_no_texts_after_its_chunks(small: Archive, tmp_path: Path,
                                              store: bool) -> None:
    """The texts a chunk tokenised are forgotten when it is done, on the plain path and
    on the results-store path alike: an archive of thousands of pairs does not hold them
    all (checker/pairmemo.py)."""
    from checker.checks.common import word_tuple

    extra = ["--results", str(tmp_path / "store")] if store else []
    code, _ = check([*small.memory_args(), "--jobs", "1", *extra], tmp_path / "r.json")
    assert code == 1  # the archive has drifts
    assert word_tuple.cache_info().currsize == 0  # type: ignore[attr-defined]
