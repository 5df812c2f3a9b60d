"""Install weight: the light backends never import the heavy machinery."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("torch", "spacy", "stanza", "ctranslate2", "sentencepiece", "argostranslate")
MINI = Path(__file__).parent / "data" / "ding-mini.txt"

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from checker.settings import Settings
    from checker.translate import make_translator, translate_all, load_lexicon
    tmp = Path(sys.argv[1])
    (tmp / "mt.tsv").write_text("Eins.\\tOne.\\n", encoding="utf-8")
    outputs = []
    for name in ("memory", "lexicon", "none", "auto"):
        translations = str(tmp / "mt.tsv") if name == "memory" else None
        settings = Settings(translator=name, translations=translations,
                            lexicon=sys.argv[2], cache_dir=str(tmp / "cache"))
        translator = make_translator(settings)
        outputs.append(translate_all(translator, ["Eins.", "Neue Preise."], settings))
    assert load_lexicon(Settings(lexicon=sys.argv[2], cache_dir=str(tmp / "cache"))) is not None
    heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[3].split(",")))
    print(json.dumps({"heavy": heavy, "outputs": outputs}))
    """
)


def test_light_backends_import_nothing_heavy(tmp_path: Path) -> None:
    # an empty ARGOS_PACKAGES_DIR: `auto` looks for a package and finds none
    env_dir = tmp_path / "argos"
    env_dir.mkdir()
    import os

    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(env_dir)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(MINI), ",".join(HEAVY)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["heavy"] == []
    memory, lexicon, none, auto = result["outputs"]
    assert memory == ["One.", None]
    assert lexicon[1] == "New prices."
    assert none == [None, None]
    assert auto == lexicon  # auto fell back to the dictionary
