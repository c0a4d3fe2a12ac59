#!/usr/bin/env bash
# Builds every site whose output a refactor must not change, with one
# binary, into DEST/<name>: the sample site (with and without drafts), the
# 1,000-page bench corpus and every fixture site that builds. Run it with
# the binary before and after a change, then compare:
#
#   bench/same_output.sh old/mekong /tmp/before
#   bench/same_output.sh target/debug/mekong /tmp/after
#   diff -r --exclude='.mekong*' /tmp/before /tmp/after   # must print nothing
#
# The corpus comes from ../shared/bench/gen_corpus.py (or $MEKONG_GEN_CORPUS)
# and is generated once into target/same-output-corpus/. Logs (stdout and
# stderr, times masked) are compared too.
set -uo pipefail
cd "$(dirname "$0")/.."
if (($# != 2)); then
  echo "usage: $0 MEKONG_BINARY DEST" >&2
  exit 2
fi
bin=$(realpath "$1")
dest=$2
gen=${MEKONG_GEN_CORPUS:-../shared/bench/gen_corpus.py}
corpus=target/same-output-corpus
if [[ ! -f $corpus/site.yaml ]]; then
  rm -rf "$corpus"
  python3 "$gen" --pages 1000 --out "$corpus" --flavor ours --seed 1 >/dev/null
  cp -r bench/templates "$corpus/templates"
fi
rm -rf "$dest"
mkdir -p "$dest"
build() {
  local name=$1 root=$2
  shift 2
  "$bin" build --root "$root" --output "$dest/$name" --today 2026-11-26 "$@" >"$dest/$name.log" 2>&1
  echo "exit $?" >>"$dest/$name.log"
  sed -i -E 's/in [0-9.]+ ?m?s/in TIME/g' "$dest/$name.log"
}
build sample .
build sample-drafts . --drafts
build corpus-1k "$corpus"
for fixture in tests/fixtures/*/; do
  [[ -f $fixture/site.yaml ]] && build "fixture-$(basename "$fixture")" "$fixture"
done
echo "built into $dest"
