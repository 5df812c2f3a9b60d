#!/usr/bin/env bash
# Best-effort install of the Debian packages transcheck uses when present:
#   trans-de-en   the German–English dictionary (lexicon translator, dictionary links)
#   wordnet-base  WordNet 3.0 (English synonyms, antonyms and lemmas, read through NLTK)
#   chromium      only with --browser: the headless browser test of the HTML report
# Needs root and apt-get; elsewhere it says what is missing and the dependent tests skip.
set -uo pipefail
want=()
[ -f /usr/share/trans/de-en ] || want+=(trans-de-en)
[ -f /usr/share/wordnet/index.noun ] || want+=(wordnet-base)
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null; then want+=(chromium); fi
[ ${#want[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "== installing ${want[*]} (apt-get)"
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}") \
      >/dev/null 2>&1; then
    echo "   could not install ${want[*]}; the tests that need them will be skipped"
  fi
else
  echo "== not root or no apt-get: ${want[*]} not installed; the tests that need them will be skipped"
fi
exit 0
