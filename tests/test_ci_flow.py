"""The CI story end to end: a docs repository with [tool.transcheck], gated by exit codes.

Each test builds a throw-away git repository (fixed authors and dates), runs
`transcheck` in-process from the repository root, and checks what a CI job sees:
the exit code, GitHub annotations, and the JSON report.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import checker.cli
from checker.cli import main

# Two short articles; digits only, equal sentence counts, so that the `none`
# translator (language-independent checks) finds nothing in the clean state.
ARTICLES = {
    "library": (
        "# Stadtbibliothek\n\nDie Stadtbibliothek hat 12 neue Leseplätze eingerichtet.\n\n"
        "Sie ist an 6 Tagen pro Woche geöffnet.\n",
        "# City library\n\nThe city library has set up 12 new reading places.\n\n"
        "It is open 6 days a week.\n",
    ),
    "museum": (
        "# Museum\n\nDas Museum zeigt 240 Gemälde aus 3 Jahrhunderten.\n\n"
        "Im Jahr 2023 kamen 41000 Besucher.\n",
        "# Museum\n\nThe museum shows 240 paintings from 3 centuries.\n\n"
        "In 2023, 41000 visitors came.\n",
    ),
}
CONFIG = """[tool.transcheck]
pairs = [{de = "docs/de/*.md", en = "docs/en/*.md"}]
translator = "none"
"""
CHANGED_LINE = 3  # "The city library has set up 12 new reading places." (line 3 of en)


class DocsRepo:
    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        for key, value in {
            "GIT_AUTHOR_NAME": "Docs",
            "GIT_AUTHOR_EMAIL": "docs@example.org",
            "GIT_COMMITTER_NAME": "Docs",
            "GIT_COMMITTER_EMAIL": "docs@example.org",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(root.parent / "gitconfig"),
        }.items():
            monkeypatch.setenv(key, value)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str, date: str) -> None:
        self.monkeypatch.setenv("GIT_AUTHOR_DATE", date)
        self.monkeypatch.setenv("GIT_COMMITTER_DATE", date)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


# A few Ding-format lines (German :: English) written for this test: the detectors
# consult a dictionary, and indexing the full system one would dominate the run time.
TINY_DICTIONARY = """\
Stadtbibliothek {f} :: city library
neu :: new
Leseplatz {m} :: reading place
Tag {m} :: day
Woche {f} :: week
Museum {n} :: museum
Gemälde {n} :: painting
Jahrhundert {n} :: century
Besucher {m} :: visitor
Jahr {n} :: year
Raum {m}; Räume {pl} :: room; rooms
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DocsRepo:
    # only the subcommands this flow uses, so it does not depend on unrelated ones
    monkeypatch.setattr(checker.cli, "COMMANDS", ("check", "baseline"))
    dictionary = tmp_path / "de-en.ding"
    dictionary.write_text(TINY_DICTIONARY, encoding="utf-8")
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(dictionary))
    root = tmp_path / "docs-repo"
    root.mkdir()
    made = DocsRepo(root, monkeypatch)
    made.write("pyproject.toml", CONFIG)
    for name, (de, en) in ARTICLES.items():
        made.write(f"docs/de/{name}.md", de)
        made.write(f"docs/en/{name}.md", en)
    made.commit("articles in both languages", "2024-05-01T10:00:00+00:00")
    monkeypatch.chdir(root)
    return made


def change_a_number(repo: DocsRepo) -> None:
    repo.edit("docs/en/library.md", "set up 12 new", "set up 13 new")
    repo.commit("English: fix reading places", "2024-06-15T09:30:00+00:00")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--jobs", "1"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, "check", *args, "--format", "json")
    return code, json.loads(out)


def new_codes(report: dict[str, Any]) -> list[str]:
    return [
        flag["code"]
        for pair in report["pairs"]
        for flags in [pair.get("flags", [])] + [b["flags"] for b in pair["beads"]]
        for flag in flags
        if flag.get("status", "new") == "new"
    ]


def test_clean_repository_passes(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys)
    assert code == 0, new_codes(report)
    assert sorted(p["id"] for p in report["pairs"]) == ["library", "museum"]


def test_changed_number_fails_with_annotation_on_the_english_line(
    repo: DocsRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    change_a_number(repo)
    code, out, _ = run(capsys, "check", "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    expected = f"::error file=docs/en/library.md,line={CHANGED_LINE},col="
    assert any(line.startswith(expected) for line in annotations), out


def test_baseline_recorded_after_accepts_and_survives_line_shifts(
    repo: DocsRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    change_a_number(repo)
    code, _, err = run(capsys, "baseline", "--output", "accepted.json")
    assert code == 0 and "accepted.json" in err
    assert run(capsys, "check", "--baseline", "accepted.json")[0] == 0
    # a new first paragraph on both sides shifts every line: the entry still matches
    repo.edit("docs/de/library.md", "# Stadtbibliothek\n", "# Stadtbibliothek\n\nNeu: 7 Räume.\n")
    repo.edit("docs/en/library.md", "# City library\n", "# City library\n\nNew: 7 rooms.\n")
    assert run(capsys, "check", "--baseline", "accepted.json")[0] == 0


def test_baseline_recorded_before_does_not_accept(
    repo: DocsRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "baseline", "--output", "before.json")[0] == 0
    change_a_number(repo)
    code, report = run_json(capsys, "--baseline", "before.json")
    assert code == 1 and "number" in new_codes(report)


def test_baseline_from_the_config_file(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    change_a_number(repo)
    repo.write("pyproject.toml", CONFIG + 'baseline = "ci/accepted.json"\n')
    (repo.root / "ci").mkdir()
    assert run(capsys, "baseline")[0] == 0  # --output defaults to the configured file
    assert (repo.root / "ci" / "accepted.json").is_file()
    assert run(capsys, "check")[0] == 0


def test_malformed_baseline_is_one_line_and_exit_2(
    repo: DocsRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.root / "broken.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "check", "--baseline", "broken.json")
    assert code == 2
    assert err.strip().startswith("ERROR broken.json: malformed baseline") and err.count("\n") == 1


def test_waiver_comment_accepts_the_finding(
    repo: DocsRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    change_a_number(repo)
    repo.edit(
        "docs/en/library.md",
        "reading places.",
        "reading places. <!-- transcheck: ignore number -->",
    )
    code, report = run_json(capsys)
    assert code == 0
    statuses = [f["status"] for p in report["pairs"] for b in p["beads"] for f in b["flags"]]
    assert "waived" in statuses


def test_changed_since_checks_only_the_touched_pair(
    repo: DocsRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    change_a_number(repo)
    code, report = run_json(capsys, "--changed-since", "HEAD~1")
    assert code == 1
    assert [p["id"] for p in report["pairs"]] == ["library"]
    code, report = run_json(capsys, "--changed-since", "HEAD")
    assert code == 0 and report["pairs"] == []


def test_english_only_edit_is_stale(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.edit("docs/en/library.md", "reading places", "reading seats")  # no number changed
    repo.commit("English: wording", "2024-06-20T08:00:00+00:00")
    code, report = run_json(capsys, "--changed-since", "HEAD~1")
    (pair,) = report["pairs"]
    stale = [f for f in pair["flags"] if f["code"] == "stale"]
    assert len(stale) == 1 and "German side is behind" in stale[0]["message"]
    assert "(2024-06-20)" in stale[0]["message"] and "(2024-05-01)" in stale[0]["message"]
    assert code == 0  # stale is a warning; the default --fail-on is error
    assert run(capsys, "check", "--changed-since", "HEAD~1", "--fail-on", "warning")[0] == 1


def test_unknown_config_key_is_exit_2(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("pyproject.toml", CONFIG + 'fail_onn = "warning"\n')
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.strip() == (
        "ERROR pyproject.toml: [tool.transcheck] unknown key 'fail_onn' (did you mean 'fail-on'?)"
    )


def test_command_line_overrides_config(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.edit("docs/en/library.md", "reading places", "reading seats")
    repo.commit("English: wording", "2024-06-20T08:00:00+00:00")
    repo.write("pyproject.toml", CONFIG + 'fail-on = "warning"\n')
    assert run(capsys, "check", "--changed-since", "HEAD~1")[0] == 1  # stale warning fails
    assert run(capsys, "check", "--changed-since", "HEAD~1", "--fail-on", "error")[0] == 0


def test_unknown_revision_is_exit_2(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--changed-since", "no-such-branch")
    assert code == 2 and "no-such-branch: unknown revision" in err


def test_baseline_refuses_changed_since(repo: DocsRepo, capsys: pytest.CaptureFixture[str]) -> None:
    # a baseline of only the touched pairs would silently drop everyone else's entries
    code, _, err = run(capsys, "baseline", "--changed-since", "HEAD", "--output", "b.json")
    assert code == 2 and "--changed-since" in err and not (repo.root / "b.json").exists()
