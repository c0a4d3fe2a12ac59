#!/usr/bin/env bash
# Builds the generator (release) and the sample site into public/.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet
exec ./target/release/mekong build --root . "$@"
