#!/usr/bin/env bash
# Runs every test, in order:
#   1. cargo test                      unit and integration tests
#   2. the sample site, built with the debug binary into target/sample-site/
#   3. the W3C Nu HTML checker (vnu) over every page: zero errors allowed
#   4. headless Chromium (tests/browser/browser.mjs): screenshots into
#      target/screenshots/, no console errors, working switcher and links,
#      the guides with diagrams under 500 kB each at a phone's width
#   5. accessibility (tests/browser/axe.mjs): axe-core on every page, in
#      light and dark and at a phone's width, WCAG 2.1 A and AA rules and
#      best practices: zero violations allowed
#   6. search in headless Chromium (tests/browser/search.mjs): Chinese,
#      English and Khmer queries find their guide first; no-results message
# On a fresh Debian machine it first installs what is missing: chromium,
# CJK and Khmer fonts, a Java runtime, and the npm packages of
# tests/browser/ (exact versions from its package-lock.json).
#
# usage: ./test.sh            everything
#        ./test.sh --no-cargo  steps 2–6 only (after a cargo test of your own)
set -euo pipefail
cd "$(dirname "$0")"

run_cargo=1
if [[ "${1:-}" == "--no-cargo" ]]; then
  run_cargo=0
fi

step() { printf '\n== %s\n' "$*"; }

install_missing() {
  local packages=()
  command -v chromium >/dev/null || packages+=(chromium)
  command -v java >/dev/null || packages+=(default-jre-headless)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || packages+=(fonts-noto-cjk)
  dpkg -s fonts-khmeros >/dev/null 2>&1 || packages+=(fonts-khmeros)
  if ((${#packages[@]} > 0)); then
    step "installing ${packages[*]}"
    local sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
  if [[ ! -f tests/browser/node_modules/.package-lock.json ]] ||
    [[ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]]; then
    step "npm ci (tests/browser)"
    # --ignore-scripts: vnu-jar's install script would fetch a Java runtime;
    # the machine's Java runs the jar.
    (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
}

install_missing

if ((run_cargo)); then
  step "cargo test"
  cargo test --quiet
fi

step "sample site → target/sample-site"
cargo build --quiet
rm -rf target/sample-site
./target/debug/mekong build --root . --output target/sample-site --today 2026-11-26

step "HTML validity (vnu)"
pages=$(find target/sample-site -name '*.html' | wc -l)
java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar \
  --errors-only --skip-non-html target/sample-site/
echo "vnu: ${pages} pages, 0 errors"

step "headless Chromium"
node tests/browser/browser.mjs target/sample-site target/screenshots
node tests/browser/live_reload.mjs target/debug/mekong target/screenshots

step "accessibility (axe-core)"
node tests/browser/axe.mjs target/sample-site

step "search in headless Chromium"
node tests/browser/search.mjs target/sample-site target/screenshots
