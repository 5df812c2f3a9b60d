"""The committed example reports in reports/ match what the code produces today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "make_reports.py"
DICTIONARY = Path("/usr/share/trans/de-en")


@pytest.mark.lexicon
@pytest.mark.skipif(not DICTIONARY.is_file(), reason="reports are generated with trans-de-en")
def test_committed_reports_are_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("make_reports", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.chdir(ROOT)
    written = module.make_reports(tmp_path)
    assert written, "no pairs with mt.tsv found"
    stale = [p.name for p in written
             if not (ROOT / "reports" / p.name).is_file()
             or (ROOT / "reports" / p.name).read_bytes() != p.read_bytes()]
    assert not stale, f"reports/ is out of date for {stale}: run python scripts/make_reports.py"
