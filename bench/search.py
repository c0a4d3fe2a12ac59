#!/usr/bin/env python3
"""Benchmark mekong's search index against the Pagefind CLI.

Generates the guide corpus (shared/bench/gen_corpus.py, flavor `ours`, with
bench/templates/ copied in and `search: true`), then, alternately for each
run, each into a new empty folder:

  1. `mekong build --timings` with search on: wall, peak RSS, and the wall
     time of its search stage (the `search index` line of --timings);
  2. the same site with search off: wall and peak RSS;
  3. the Pagefind CLI (npm `pagefind`, installed with npm into a temporary
     folder, never into the repository, run with npx) on the output of
     run 1: `pagefind --site OUT --output-path NEW`.

Prints a Markdown table of medians on stdout (progress on stderr): mekong's
index stage, the Pagefind CLI, their ratio, and peak memory with search on
and off. The machine is shared: compare ratios measured in the same run.

  python3 bench/search.py                      # 10,000 pages, 3 runs
  python3 bench/search.py --pages 1000 --runs 5
  python3 bench/search.py --mekong target/release/mekong --no-build

Standard library only; needs GNU time (/usr/bin/time), npm and node.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
TEMPLATES = os.path.join(BENCH_DIR, "templates")
# Beside the repository (../shared), or beside a worktree's parent.
GEN_CANDIDATES = [os.path.join(REPO, *up, "shared", "bench", "gen_corpus.py")
                  for up in ([".."], ["..", ".."])]
GNU_TIME = "/usr/bin/time"
TODAY = "2026-11-26"
MiB = 1024 * 1024


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def corpus(work, pages, seed, search):
    """The site folder for `pages` pages with search on or off."""
    root = os.path.join(work, f"site-{pages}-{'on' if search else 'off'}")
    if not os.path.isdir(root):
        gen = os.environ.get("MEKONG_GEN_CORPUS") or next(
            (c for c in GEN_CANDIDATES if os.path.exists(c)), GEN_CANDIDATES[0])
        subprocess.run([sys.executable, gen, "--pages", str(pages), "--out", root,
                        "--flavor", "ours", "--seed", str(seed)],
                       check=True, stderr=subprocess.DEVNULL)
        dst = os.path.join(root, "templates")
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(TEMPLATES, dst)
        path = os.path.join(root, "site.yaml")
        with open(path) as fh:
            text = re.sub(r"^search:.*$", "", fh.read(), flags=re.M)
        with open(path, "w") as fh:
            fh.write(text.rstrip("\n") + f"\nsearch: {'true' if search else 'false'}\n")
    return root


def timed(cmd, cwd=None):
    """Runs `cmd` under GNU time: (wall s, peak RSS bytes, stdout+stderr)."""
    full = [GNU_TIME, "-f", "@@rss %M", *cmd]
    start = time.perf_counter()
    proc = subprocess.run(full, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    rss = int(re.search(r"@@rss (\d+)", proc.stderr).group(1)) * 1024
    return wall, rss, proc.stdout + proc.stderr


def search_stage(output):
    """Seconds of the `search index` stage in `build --timings` output."""
    m = re.search(r"^\s*([\d.]+) ms\s+search index", output, re.M)
    if not m:
        sys.exit(f"no search stage in:\n{output}")
    return float(m.group(1)) / 1000


def install_pagefind(version):
    folder = tempfile.mkdtemp(prefix="pagefind-cli-")
    log(f"installing pagefind@{version} into {folder} ...")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                    "--prefix", folder, f"pagefind@{version}"], check=True,
                   stdout=sys.stderr)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mekong", default=os.path.join(REPO, "target", "release", "mekong"))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--pagefind-version", default="1.6.0")
    ap.add_argument("--out-dir", default=None, help="work folder (default: a new one in /tmp)")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = args.out_dir or tempfile.mkdtemp(prefix="mekong-search-bench-")
    os.makedirs(work, exist_ok=True)
    log(f"work folder: {work}")
    site_on = corpus(work, args.pages, args.seed, True)
    site_off = corpus(work, args.pages, args.seed, False)
    cli = install_pagefind(args.pagefind_version)

    rows = {k: [] for k in ("stage", "cli", "on_wall", "off_wall", "on_rss", "off_rss")}
    for run in range(args.runs + 1):
        out_on = os.path.join(work, f"out-on-{run}")
        out_off = os.path.join(work, f"out-off-{run}")
        bundle = os.path.join(work, f"pagefind-cli-{run}")
        build = [args.mekong, "build", "--output"]
        wall_on, rss_on, text = timed(build[:2] + ["--root", site_on, "--output", out_on,
                                                  "--today", TODAY, "--timings"])
        wall_off, rss_off, _ = timed(build[:2] + ["--root", site_off, "--output", out_off,
                                                 "--today", TODAY])
        wall_cli, _, _ = timed(["npx", "--no-install", "pagefind", "--site", out_on,
                                "--output-path", bundle], cwd=cli)
        label = "warm-up" if run == 0 else f"run {run}"
        log(f"{label}: search stage {search_stage(text):.2f} s, Pagefind CLI {wall_cli:.2f} s, "
            f"RSS on {rss_on / MiB:.0f} MiB, off {rss_off / MiB:.0f} MiB")
        if run == 0:
            continue
        rows["stage"].append(search_stage(text))
        rows["cli"].append(wall_cli)
        rows["on_wall"].append(wall_on)
        rows["off_wall"].append(wall_off)
        rows["on_rss"].append(rss_on)
        rows["off_rss"].append(rss_off)

    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"Pages: {args.pages:,}; medians of {args.runs} alternating runs after a warm-up; "
          f"Pagefind CLI {args.pagefind_version} (npm, run with npx) on mekong's output.\n")
    print("| pages | mekong index stage (s) | Pagefind CLI (s) | stage / CLI "
          "| build wall on / off (s) | peak RSS on (MiB) | peak RSS off (MiB) | RSS on / off |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.pages:,} | {med['stage']:.2f} | {med['cli']:.2f} "
          f"| **{med['stage'] / med['cli']:.2f}×** "
          f"| {med['on_wall']:.2f} / {med['off_wall']:.2f} "
          f"| {med['on_rss'] / MiB:.0f} | {med['off_rss'] / MiB:.0f} "
          f"| **{med['on_rss'] / med['off_rss']:.2f}×** |")
    log(f"outputs kept in {work} (delete it when done); Pagefind CLI in {cli}")


if __name__ == "__main__":
    main()
