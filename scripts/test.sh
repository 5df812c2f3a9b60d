#!/usr/bin/env bash
# Install transcheck with its test dependencies into .venv and run the test suite.
# Works on a machine that has nothing but python3 (3.11+); extra pytest arguments pass through.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: the dictionary, WordNet and Chromium (best effort; tests that need them skip).
bash scripts/system_packages.sh --browser

echo "== installing transcheck[test,cluster] into .venv"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,cluster]'
# argostranslate's package/settings modules find and list Argos packages; its full dependency
# set (torch, spaCy, Stanza) is only for its own translate path, which transcheck never uses.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps 'argostranslate>=1.9,<2'

echo "== running the tests"
exec .venv/bin/python -m pytest -q "$@"
