#!/usr/bin/env bash
# Runs every fuzz target, one after another, for SECONDS each (default 300).
# Seeds the corpora from the sample site's Markdown and rendered pages.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on the stable toolchain
# RUSTC_BOOTSTRAP=1 lets it use the nightly-only sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:-300}"
export RUSTC_BOOTSTRAP=1
TARGETS=(front_matter yaml_events markdown urls paths check_html resolve)

mkdir -p corpus/front_matter corpus/yaml_events corpus/markdown corpus/check_html
cp ../content/guides/*.md ../content/operators/*.md corpus/front_matter/ 2>/dev/null || true
cp ../site.yaml ../themes/default/i18n/*.yaml corpus/yaml_events/ 2>/dev/null || true
cp ../content/guides/*.md corpus/markdown/ 2>/dev/null || true
if [ -d ../public ]; then
    find ../public -name '*.html' | head -n 20 | while read -r f; do
        cp "$f" "corpus/check_html/$(echo "$f" | tr '/' '_')"
    done
fi

cargo fuzz build -O
for target in "${TARGETS[@]}"; do
    echo "== $target: ${SECONDS_EACH}s"
    cargo fuzz run -O "$target" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
        -max_len=65536 2>&1 | tee "fuzz-$target.log" | grep -E "^(#[0-9]+ +DONE|Done|==[0-9]+==|SUMMARY|artifact_prefix|Test unit)" || true
done
