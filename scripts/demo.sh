#!/usr/bin/env bash
# Install transcheck into .venv and check the planted-drift example pair.
set -euo pipefail
cd "$(dirname "$0")/.."
# The dictionary and WordNet (best effort): the checks use them when they are there.
bash scripts/system_packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/transcheck check pairs/sora-leak --translator memory \
  --translations pairs/sora-leak/mt.tsv "$@"
