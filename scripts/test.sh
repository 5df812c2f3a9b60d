#!/usr/bin/env bash
# Install transcheck with its test dependencies into .venv and run the test suite.
# Works on a machine that has nothing but python3 (3.11+); extra pytest arguments pass through.
set -euo pipefail
cd "$(dirname "$0")/.."

# The German–English dictionary (Debian trans-de-en) lets the lexicon tests run; best effort.
if [ ! -f /usr/share/trans/de-en ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "== installing the trans-de-en dictionary (apt-get)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq trans-de-en) >/dev/null 2>&1 \
    || echo "   could not install trans-de-en; lexicon tests will be skipped"
fi

echo "== installing transcheck[test] into .venv"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# argostranslate's package/settings modules find and list Argos packages; its full dependency
# set (torch, spaCy, Stanza) is only for its own translate path, which transcheck never uses.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps 'argostranslate>=1.9,<2'

echo "== running the tests"
exec .venv/bin/python -m pytest -q "$@"
