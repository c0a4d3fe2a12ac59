#!/usr/bin/env python3
"""Edit-to-written latency of `mekong watch` for a one-guide edit.

For each corpus size it generates the synthetic guide site
(../shared/bench/gen_corpus.py --flavor ours, with bench/templates/ as its
templates/), starts `mekong watch` on it, and edits the body of one guide
N times (default 20). Each time it notes the clock just before the write,
then polls the guide's output file (every 0.5 ms) until the new text is
there. It reports the median, spread and how many files each rebuild
re-rendered (from watch's own summary lines), plus, for comparison, a few
front-matter edits (which re-render the whole site in memory).

    python3 bench/watch_latency.py                     # 1,000 and 10,000 pages
    python3 bench/watch_latency.py --pages 1000 --edits 10
    python3 bench/watch_latency.py --mekong target/release/mekong --no-build

Python 3 standard library only. Not a test: it never runs in CI. The
Markdown table goes to stdout, progress to stderr.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = Path(os.environ.get("MEKONG_GEN_CORPUS", REPO.parent / "shared/bench/gen_corpus.py"))
POLL = 0.0005  # seconds between looks at the output file
TIMEOUT = 30.0  # a rebuild slower than this is a failure


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def generate(pages, work):
    site = work / f"site-{pages}"
    if not site.exists():
        log(f"generating {pages} pages in {site}")
        subprocess.run(
            [sys.executable, str(GEN), "--pages", str(pages), "--out", str(site), "--flavor", "ours"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copytree(REPO / "bench/templates", site / "templates")
    return site


class Watch:
    """`mekong watch` as a child process, its stdout lines collected."""

    def __init__(self, mekong, site, out):
        self.proc = subprocess.Popen(
            [str(mekong), "watch", "--root", str(site), "--output", str(out), "--today", "2026-11-26"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        self.lines = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(300):
            self.stop()
            sys.exit("mekong watch did not start")

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("watching "):
                self.ready.set()

    def line_after(self, count, deadline=5.0):
        """The first summary line printed after `count` lines."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            for line in self.lines[count:]:
                if re.search(r"re-rendered|rebuilt all|nothing to rebuild|failed", line):
                    return line
            time.sleep(0.005)
        return ""

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wait_for(path, marker):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        try:
            if marker in path.read_text(encoding="utf-8"):
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(POLL)
    sys.exit(f"{path} never showed {marker!r}")


def measure(mekong, site, out, edits, full_edits):
    guides = sorted((site / "content/guides").glob("*.md"))
    guide = guides[len(guides) // 2]
    output = out / "guides" / guide.stem / "index.html"
    original = guide.read_text(encoding="utf-8")
    watch = Watch(mekong, site, out)
    assert output.exists(), f"no {output}"
    body, front, rendered, whole = [], [], [], []
    try:
        time.sleep(0.5)  # let the first build's writes settle
        for i in range(edits):
            marker = f"benchedit{i}x{time.time_ns()}"
            seen = len(watch.lines)
            start = time.perf_counter()
            guide.write_text(original + f"\n\nEdited paragraph {marker}.\n", encoding="utf-8")
            body.append(wait_for(output, marker) - start)
            line = watch.line_after(seen)
            found = re.search(r"re-rendered (\d+) files", line)
            rendered.append(int(found.group(1)) if found else -1)
            took = re.search(r"\((\d+) ms\)", line)
            whole.append(int(took.group(1)) / 1000 if took else float("nan"))
            time.sleep(0.15)
        for i in range(full_edits):
            marker = f"BenchTitle{i}x{time.time_ns()}"
            start = time.perf_counter()
            guide.write_text(re.sub(r"^title: .*$", f'title: "{marker}"', original, count=1, flags=re.M), encoding="utf-8")
            front.append(wait_for(output, marker) - start)
            time.sleep(0.3)
    finally:
        guide.write_text(original, encoding="utf-8")
        watch.stop()
    return body, front, rendered, whole


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--edits", type=int, default=20, help="body edits per size (median of these)")
    parser.add_argument("--full-edits", type=int, default=3, help="front-matter edits per size")
    parser.add_argument("--mekong", help="the mekong binary (default: build target/release/mekong)")
    parser.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    parser.add_argument("--out-dir", help="work directory (default: a temp dir, kept between runs)")
    args = parser.parse_args()

    mekong = Path(args.mekong) if args.mekong else REPO / "target/release/mekong"
    if not args.mekong and not args.no_build:
        log("cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = Path(args.out_dir) if args.out_dir else Path(tempfile.gettempdir()) / "mekong-watch-bench"
    work.mkdir(parents=True, exist_ok=True)

    rows = []
    for pages in [int(p) for p in args.pages.split(",")]:
        site = generate(pages, work)
        out = work / f"out-{pages}"
        shutil.rmtree(out, ignore_errors=True)
        log(f"{pages} pages: {args.edits} body edits, {args.full_edits} front-matter edits")
        body, front, rendered, whole = measure(mekong, site, out, args.edits, args.full_edits)
        rows.append((pages, body, front, rendered, whole))

    print(f"One-guide body edit → the guide's page written, `mekong watch`, median of {args.edits}")
    print("edits, measured from just before the write (debounce included). The edited page is")
    print("written first; \"all files\" is watch's own time for the whole rebuild (every file")
    print("that shows the guide, debounce not included). Front-matter edits re-render the")
    print("whole site in memory, for comparison.\n")
    print(
        "| pages | guide written: median | min | max | files re-rendered "
        "| all files: median | front-matter edit: median |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for pages, body, front, rendered, whole in rows:
        front_median = f"{ms(statistics.median(front))} ms" if front else "–"
        files = statistics.median(rendered) if rendered else "–"
        print(
            f"| {pages:,} | {ms(statistics.median(body))} ms | {ms(min(body))} ms | {ms(max(body))} ms "
            f"| {files:g} | {ms(statistics.median(whole))} ms | {front_median} |"
        )


if __name__ == "__main__":
    main()
