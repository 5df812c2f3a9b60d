"""`transcheck check` with the real engines: an installed Argos package, and install weight."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import PAIRS, ROOT

pytest.importorskip("ctranslate2")
from tests import tinymodel  # noqa: E402

SORA = PAIRS / "sora-leak"
HEAVY = ("torch", "spacy", "stanza", "ctranslate2", "argostranslate.translate")


@pytest.fixture(scope="module")
def tiny_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tinymodel.build_argosmodel(tmp_path_factory.mktemp("tiny-check"))


def test_installed_argos_package_checks_sora_leak_end_to_end(
    tiny_archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "install", str(tiny_archive)]) == 0
    capsys.readouterr()
    args = ["check", str(SORA), "--translator", "argos", "--format", "json", "--jobs", "1"]
    code = main(args)
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # the planted omission and addition do not depend on the MT
    assert report["translator"]["name"] == "argos"
    assert "tiny-de_en" in report["translator"]["model"]
    assert "translator:argos" in report["signature"] and "beam:" in report["signature"]
    beads = report["pairs"][0]["beads"]
    translated = [b for b in beads if b["de"]]
    assert all(isinstance(b["mt"], str) and b["mt"] for b in translated)
    assert all(b["scores"] is not None for b in translated if b["en"])
    # A second run is served from the cache: same report, byte for byte.
    assert main(args) == 1
    assert json.loads(capsys.readouterr().out) == report


def test_check_with_light_translators_imports_nothing_heavy() -> None:
    """`python -X importtime -m checker check … --translator memory|none` loads no model stack."""
    for translator in ("memory", "none"):
        extra = ["--translations", str(SORA / "mt.tsv")] if translator == "memory" else []
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "checker", "check", str(SORA),
             "--translator", translator, *extra, "--format", "json", "--jobs", "1"],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )
        assert proc.returncode == 1, proc.stderr[-2000:]
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
                    if line.startswith("import time:")}
        assert "checker.cli" in imported  # importtime really listed the imports
        loaded = sorted(m for m in imported if m.split(".")[0] in {h.split(".")[0] for h in HEAVY}
                        and any(m == h or m.startswith(h + ".") for h in HEAVY))
        assert loaded == [], f"{translator}: imported {loaded}"


DEBIAN_DICTIONARY = Path("/usr/share/trans/de-en")


@pytest.mark.lexicon
@pytest.mark.skipif(not DEBIAN_DICTIONARY.is_file(), reason="needs trans-de-en (apt-get)")
def test_lexicon_translator_glosses_sora_leak_end_to_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", str(SORA), "--translator", "lexicon", "--lexicon",
                 str(DEBIAN_DICTIONARY), "--format", "json", "--jobs", "1"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["translator"]["name"] == "lexicon"
    beads = report["pairs"][0]["beads"]
    assert all(b["mt"] for b in beads if b["de"])  # every German sentence is glossed
    codes = {f["code"] for b in beads for f in b["flags"]}
    assert {"omission", "addition"} <= codes  # coverage does not depend on the gloss
    # The planted split and merge align even on word-by-word glosses (the aligner
    # calibrates similarity to the pair's own best matches), and the swapped name is
    # found once, not confused with a sentence-initial particle the gloss kept.
    assert {"1-2", "2-1"} <= {b["kind"] for b in beads}
    names = [f["message"] for b in beads for f in b["flags"] if f["code"] == "name"]
    assert len(names) == 1 and "Google" in names[0] and "Meta" in names[0]
    quote = next(b for b in beads if any("PR-Marionetten" in s["text"] for s in b["de"]))
    assert "marionette" in quote["mt"].lower()
    assert "PR puppets" in " ".join(s["text"] for s in quote["en"])
