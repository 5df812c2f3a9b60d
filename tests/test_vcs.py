"""Git helpers on a throw-away repository built in tmp_path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from checker.errors import ExitCode, UsageError
from checker.model import Severity
from checker.pairs import PairSpec
from checker.vcs import changed_since, last_commit, select_changed, stale_finding


class Repo:
    """A git repository whose commits carry fixed authors and dates."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        for key, value in {
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(root.parent / "gitconfig"),
        }.items():
            monkeypatch.setenv(key, value)
        self.monkeypatch = monkeypatch
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, date: str) -> str:
        self.monkeypatch.setenv("GIT_AUTHOR_DATE", date)
        self.monkeypatch.setenv("GIT_COMMITTER_DATE", date)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "--short", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    root = tmp_path / "repo"
    root.mkdir()
    made = Repo(root, monkeypatch)
    for name in ("alpha", "beta"):
        made.write(f"docs/de/{name}.md", f"Der Artikel {name} hat 12 Sätze.\n")
        made.write(f"docs/en/{name}.md", f"The article {name} has 12 sentences.\n")
    made.commit("both languages", "2024-05-01T10:00:00+00:00")
    return made


def spec(repo: Repo, name: str) -> PairSpec:
    return PairSpec(
        name, str(repo.root / f"docs/de/{name}.md"), str(repo.root / f"docs/en/{name}.md")
    )


# ---------------------------------------------------------------- changed since


def test_changed_since_sees_commits_edits_and_untracked_files(repo: Repo) -> None:
    repo.write("docs/en/alpha.md", "The article alpha has 13 sentences.\n")
    repo.commit("fix alpha", "2024-05-02T10:00:00+00:00")
    repo.write("docs/de/beta.md", "Geändert, nicht committet.\n")
    repo.write("docs/new.txt", "untracked\n")
    changed = changed_since("HEAD~1", [], repo.root)
    expected = {"docs/en/alpha.md", "docs/de/beta.md", "docs/new.txt"}
    assert changed == {(repo.root / name).resolve() for name in expected}


def test_changed_since_restricts_to_paths_and_works_from_subdirectories(repo: Repo) -> None:
    repo.write("docs/en/alpha.md", "Changed.\n")
    repo.write("README.md", "Changed too.\n")
    changed = changed_since("HEAD", ["."], repo.root / "docs")
    assert changed == {(repo.root / "docs/en/alpha.md").resolve()}


def test_changed_since_starts_at_the_merge_base(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("docs/en/alpha.md", "Branch change.\n")
    repo.commit("branch", "2024-05-03T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("docs/en/beta.md", "Main moved on.\n")
    repo.commit("main", "2024-05-04T10:00:00+00:00")
    repo.git("checkout", "-q", "feature")
    # beta changed on main only: a branch is not blamed for what main did meanwhile
    assert changed_since("main", [], repo.root) == {(repo.root / "docs/en/alpha.md").resolve()}


def test_select_changed_keeps_pairs_with_a_touched_side(repo: Repo) -> None:
    repo.write("docs/en/beta.md", "Changed.\n")
    changed = changed_since("HEAD", [], repo.root)
    assert [s.id for s in select_changed([spec(repo, "alpha"), spec(repo, "beta")], changed)] == [
        "beta"
    ]


def test_unknown_revision_is_a_one_line_usage_error(repo: Repo) -> None:
    with pytest.raises(UsageError) as caught:
        changed_since("no-such-branch", [], repo.root)
    assert "no-such-branch: unknown revision" in str(caught.value)
    assert "\n" not in str(caught.value) and caught.value.exit_code == ExitCode.USAGE


def test_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UsageError, match="not a git repository"):
        changed_since("HEAD", [], plain)


# ---------------------------------------------------------------- stale


def test_same_commit_is_not_stale(repo: Repo) -> None:
    assert stale_finding(spec(repo, "alpha")) is None


def test_english_only_edit_is_stale_with_german_behind(repo: Repo) -> None:
    first = repo.git("rev-parse", "--short", "HEAD")
    repo.write("docs/en/alpha.md", "The article alpha has 13 sentences.\n")
    second = repo.commit("edit English", "2024-06-15T09:30:00+00:00")
    flag = stale_finding(spec(repo, "alpha"))
    assert flag is not None and flag.code == "stale" and flag.severity == Severity.WARNING
    # both commits (short hash + date) and the side that is behind are named
    assert f"{second} (2024-06-15)" in flag.message and f"{first} (2024-05-01)" in flag.message
    assert "German side is behind" in flag.message
    assert stale_finding(spec(repo, "beta")) is None


def test_german_only_edit_leaves_english_behind(repo: Repo) -> None:
    repo.write("docs/de/beta.md", "Der Artikel beta hat 14 Sätze.\n")
    repo.commit("edit German", "2024-06-16T09:30:00+00:00")
    flag = stale_finding(spec(repo, "beta"), severity=Severity.ERROR)
    assert flag is not None and "English side is behind" in flag.message
    assert flag.severity == Severity.ERROR


def test_same_timestamp_falls_back_to_history_order(repo: Repo) -> None:
    repo.write("docs/de/alpha.md", "Neu.\n")
    repo.commit("German", "2024-05-01T10:00:00+00:00")  # same second as the first commit
    flag = stale_finding(spec(repo, "alpha"))
    assert flag is not None and "English side is behind" in flag.message


def test_untracked_or_outside_git_is_not_stale(repo: Repo, tmp_path: Path) -> None:
    repo.write("docs/de/gamma.md", "Neu.\n")
    repo.write("docs/en/gamma.md", "New.\n")
    assert stale_finding(spec(repo, "gamma")) is None
    assert last_commit(tmp_path / "nowhere" / "x.md") is None
