#!/usr/bin/env bash
# Renders the sample site's diagrams (tools/diagrams/*.svg, drawn by hand)
# to the PNGs the guides use, with headless Chromium and the fonts test.sh
# installs (fonts-noto-cjk, fonts-khmeros):
#
#   tools/diagrams/<guide>.<lang>.svg → content/guides/<guide>/<guide>-<lang>.png
#
# at 1.5 times the SVG's size: a 600 px wide drawing becomes 900 px, sharp
# enough on a phone's screen (mekong publishes a 480 px variant and WebP
# beside it) and cheap to process: every test that builds the sample site
# encodes these images again. The PNGs are committed; run this after
# editing an SVG and commit both.
#
# usage: tools/diagrams/render.sh [NAME.svg …]   (default: every SVG here)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-chromium}"
command -v "$chromium" >/dev/null || { echo "render.sh: no $chromium (test.sh installs it)" >&2; exit 1; }

if (($# == 0)); then set -- "$here"/*.svg; fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for svg in "$@"; do
  svg="$(cd "$(dirname "$svg")" && pwd)/$(basename "$svg")"
  name="$(basename "$svg" .svg)"          # cancel-sim.zh
  guide="${name%.*}" lang="${name##*.}"
  [[ "$guide" != "$name" ]] || { echo "render.sh: $svg: want <guide>.<lang>.svg" >&2; exit 1; }
  # The drawing's size, from the root element's width="…" height="…".
  size="$(grep -m1 -o '<svg[^>]*>' "$svg")"
  width="$(sed -E 's/.* width="([0-9]+)".*/\1/' <<<"$size")"
  height="$(sed -E 's/.* height="([0-9]+)".*/\1/' <<<"$size")"
  out="$root/content/guides/$guide/$guide-$lang.png"
  mkdir -p "$(dirname "$out")"
  # A profile of its own each time: no state between runs, none in $HOME.
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$tmp/profile" --no-first-run --disable-background-networking \
    --force-device-scale-factor=1.5 --window-size="$width,$height" \
    --screenshot="$out" "file://$svg" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log" >&2; exit 1; }
  echo "${out#"$root"/} ($((width * 3 / 2))×$((height * 3 / 2)), $(stat -c %s "$out") bytes)"
done
