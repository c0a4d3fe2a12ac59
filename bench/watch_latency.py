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
    python3 bench/watch_latency.py --pages 10000 --kinds 5   # every edit kind

`--search` turns `search: true` on in the corpus's site.yaml and also
reports, per body edit, the time until watch says the search index caught
up (the index is made again on a thread of its own after the page is
written). `--site DIR` takes an existing corpus (copied into the work
directory first) instead of generating one.

    python3 bench/watch_latency.py --pages 10000 --search --site /tmp/corp-10k

`--kinds N` saves each kind of edit N times instead (a body, a title, a
date, an operator added and removed, `draft: true` and back, a profile's
title and facts, a section's `_index.md`; `--only draft,operator` for
those whose name holds one of the words) and prints, per kind, the median
time until the edit shows in the written page, watch's own time, and how
many files it re-rendered. A profile and the guides' `_index.md` are
written into the corpus first (gen_corpus has none).

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


def generate(pages, work, search=False, source=None):
    site = work / (f"site-{pages}" + ("-search" if search else ""))
    if source and not site.exists():
        log(f"copying {source} to {site}")
        shutil.copytree(source, site)
    if search:
        config = site / "site.yaml"
        if site.exists() and "search: true" not in config.read_text(encoding="utf-8"):
            text = re.sub(r"^search: .*\n", "", config.read_text(encoding="utf-8"), flags=re.M)
            config.write_text(text + "search: true\n", encoding="utf-8")
    if not site.exists():
        log(f"generating {pages} pages in {site}")
        subprocess.run(
            [sys.executable, str(GEN), "--pages", str(pages), "--out", str(site), "--flavor", "ours"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copytree(REPO / "bench/templates", site / "templates")
        if search:
            return generate(pages, work, search)
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

    def line_after(self, count, deadline=5.0, pattern=r"re-rendered|rebuilt all|nothing to rebuild|failed"):
        """The first summary line printed after `count` lines."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            for line in self.lines[count:]:
                if re.search(pattern, line):
                    return line
            time.sleep(0.005)
        return ""

    def wait_caught_up(self, count):
        """The clock when watch said the search index caught up, after
        `count` lines; and the line."""
        end = time.monotonic() + TIMEOUT * 4
        while time.monotonic() < end:
            for line in self.lines[count:]:
                if "search index caught up" in line or "search index failed" in line:
                    return time.perf_counter(), line
            time.sleep(POLL)
        return float("nan"), ""

    def peak_rss_mib(self):
        """The watch process's peak resident memory so far (Linux)."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return float("nan")
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.M)
        return int(found.group(1)) / 1024 if found else float("nan")

    def stop(self):
        log(f"peak RSS of mekong watch: {self.peak_rss_mib():.0f} MiB")
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


def measure(mekong, site, out, edits, full_edits, search=False):
    guides = sorted((site / "content/guides").glob("*.md"))
    guide = guides[len(guides) // 2]
    output = out / "guides" / guide.stem / "index.html"
    original = guide.read_text(encoding="utf-8")
    watch = Watch(mekong, site, out)
    assert output.exists(), f"no {output}"
    body, front, rendered, whole, caught = [], [], [], [], []
    try:
        time.sleep(0.5)  # let the first build's writes settle
        if search:
            log("waiting for the first index run (it reads every page once)")
            watch.wait_caught_up(0)
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
            if search:
                at, line = watch.wait_caught_up(seen)
                caught.append(at - start)
                log(f"edit {i}: page {ms(body[-1])} ms, index {ms(caught[-1])} ms: {line}")
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
    return body, front, rendered, whole, caught


def wait_gone(path):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        if not path.exists():
            return time.perf_counter()
        time.sleep(POLL)
    sys.exit(f"{path} never went")


def wait_lacks(path, marker):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        try:
            if marker not in path.read_text(encoding="utf-8"):
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(POLL)
    sys.exit(f"{path} still shows {marker!r}")


PROFILE = """---
title: Smart
description: Smart Axiata
facts:
  hotline: {{ value: "{hotline}", status: unconfirmed, label: Hotline }}
---
Smart's profile.
"""
SECTION = "---\ntitle: {title}\n---\nAll guides.\n"


def kinds(site, out):
    """Each kind of edit: (name, file, the text for round i, the output that
    shows it and how to wait for it), as closures over the original texts."""
    guides = sorted((site / "content/guides").glob("*.md"))
    guide = guides[len(guides) // 2]
    page = out / "guides" / guide.stem / "index.html"
    text = guide.read_text(encoding="utf-8")
    has = set(re.findall(r"^  - (\w+)$", text.split("---")[1], flags=re.M))
    extra = next(o for o in ["smart", "metfone", "cellcard", "cootel", "seatel"] if o not in has)
    profile = site / "content/operators/smart.md"
    section = site / "content/guides/_index.md"
    term = out / "operators/smart/index.html"
    listing = out / "guides/index.html"

    def body(i):
        marker = f"benchbody{i}x{time.time_ns()}"
        return guide, text + f"\n\nEdited {marker}.\n", lambda: wait_for(page, marker)

    def title(i):
        marker = f"BenchTitle{i}x{time.time_ns()}"
        new = re.sub(r"^title: .*$", f'title: "{marker}"', text, count=1, flags=re.M)
        return guide, new, lambda: wait_for(page, marker)

    def date(i):
        day = f"2023-01-{i % 28 + 1:02d}"
        new = re.sub(r"^date: .*$", f"date: {day}", text, count=1, flags=re.M)
        return guide, new, lambda: wait_for(page, f'datetime="{day}')

    def terms(i):
        link = f"/operators/{extra}/"
        if i % 2 == 0:
            new = text.replace("operators:\n", f"operators:\n  - {extra}\n", 1)
            return guide, new, lambda: wait_for(page, link)
        return guide, text, lambda: wait_lacks(page, link)

    def draft(i):
        if i % 2 == 0:
            return guide, text.replace("---\n", "---\ndraft: true\n", 1), lambda: wait_gone(page)
        marker = f"benchback{i}x{time.time_ns()}"
        return guide, text + f"\n\n{marker}\n", lambda: wait_for(page, marker)

    def profile_title(i):
        marker = f"SmartBench{i}x{time.time_ns()}"
        new = PROFILE.format(hotline="888").replace("title: Smart", f"title: {marker}")
        return profile, new, lambda: wait_for(term, marker)

    def profile_facts(i):
        # The bench templates show no fact: watch's own line says when.
        return profile, PROFILE.format(hotline=f"88{i}"), None

    def section_title(i):
        marker = f"GuidesBench{i}x{time.time_ns()}"
        return section, SECTION.format(title=marker), lambda: wait_for(listing, marker)

    return [
        ("body", body),
        ("title", title),
        ("date", date),
        ("operator added / removed", terms),
        ("draft: true / back", draft),
        ("profile title", profile_title),
        ("profile facts", profile_facts),
        ("section _index.md title", section_title),
    ]


def measure_kinds(mekong, site, out, rounds, only=None):
    profile = site / "content/operators/smart.md"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_text(PROFILE.format(hotline="888"), encoding="utf-8")
    section = site / "content/guides/_index.md"
    section.write_text(SECTION.format(title="Guides"), encoding="utf-8")
    results = []
    watch = Watch(mekong, site, out)
    try:
        time.sleep(0.5)
        for name, edit in kinds(site, out):
            if only and not any(word in name for word in only):
                continue
            shown, own, files = [], [], []
            originals = {}
            for i in range(rounds):
                path, new, wait = edit(i)
                originals.setdefault(path, path.read_text(encoding="utf-8"))
                seen = len(watch.lines)
                start = time.perf_counter()
                path.write_text(new, encoding="utf-8")
                if wait:
                    shown.append(wait() - start)
                line = watch.line_after(seen, deadline=TIMEOUT)
                took = re.search(r"\((\d+) ms\)", line)
                own.append(int(took.group(1)) / 1000 if took else float("nan"))
                found = re.search(r"re-rendered (\d+) files", line)
                files.append(found.group(1) if found else ("all" if "rebuilt all" in line else "0"))
                time.sleep(0.3)
            for path, original in originals.items():
                seen = len(watch.lines)
                path.write_text(original, encoding="utf-8")
                watch.line_after(seen, deadline=TIMEOUT)  # its rebuild, before the next kind
                time.sleep(0.3)
            log(f"{name}: shown {[ms(x) for x in shown]} own {[ms(x) for x in own]} files {files}")
            results.append((name, shown, own, files))
    finally:
        watch.stop()
        profile.unlink()
        section.unlink()
    return results


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
    parser.add_argument("--kinds", type=int, default=0, help="measure every kind of edit, N rounds each")
    parser.add_argument("--only", help="with --kinds: comma-separated words; only the kinds whose name holds one")
    parser.add_argument("--search", action="store_true", help="search: true, and time the index catching up")
    parser.add_argument("--site", help="an existing corpus to copy instead of generating one")
    args = parser.parse_args()

    mekong = Path(args.mekong) if args.mekong else REPO / "target/release/mekong"
    if not args.mekong and not args.no_build:
        log("cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = Path(args.out_dir) if args.out_dir else Path(tempfile.gettempdir()) / "mekong-watch-bench"
    work.mkdir(parents=True, exist_ok=True)

    if args.kinds:
        for pages in [int(p) for p in args.pages.split(",")]:
            site = generate(pages, work, args.search, args.site)
            out = work / f"out-{pages}"
            shutil.rmtree(out, ignore_errors=True)
            results = measure_kinds(mekong, site, out, args.kinds, args.only and args.only.split(","))
            print(f"\n{pages:,} pages, every kind of edit, median of {args.kinds} rounds each:\n")
            print("| edit | shown in the written page: median | watch's own time: median | files re-rendered |")
            print("|---|---:|---:|---|")
            for name, shown, own, files in results:
                seen = f"{ms(statistics.median(shown))} ms" if shown else "–"
                print(f"| {name} | {seen} | {ms(statistics.median(own))} ms | {', '.join(sorted(set(files)))} |")
        return
    rows = []
    for pages in [int(p) for p in args.pages.split(",")]:
        site = generate(pages, work, args.search, args.site)
        out = work / f"out-{pages}"
        shutil.rmtree(out, ignore_errors=True)
        log(f"{pages} pages: {args.edits} body edits, {args.full_edits} front-matter edits")
        body, front, rendered, whole, caught = measure(
            mekong, site, out, args.edits, args.full_edits, args.search
        )
        rows.append((pages, body, front, rendered, whole, caught))

    print(f"One-guide body edit → the guide's page written, `mekong watch`, median of {args.edits}")
    print("edits, measured from just before the write (debounce included). The edited page is")
    print("written first; \"all files\" is watch's own time for the whole rebuild (every file")
    print("that shows the guide, debounce not included). Front-matter edits re-render the")
    print("whole site in memory, for comparison.\n")
    print(
        "| pages | guide written: median | min | max | files re-rendered "
        "| all files: median | front-matter edit: median |" + (" index caught up: median |" if args.search else "")
    )
    print("|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if args.search else ""))
    for pages, body, front, rendered, whole, caught in rows:
        front_median = f"{ms(statistics.median(front))} ms" if front else "–"
        files = statistics.median(rendered) if rendered else "–"
        print(
            f"| {pages:,} | {ms(statistics.median(body))} ms | {ms(min(body))} ms | {ms(max(body))} ms "
            f"| {files:g} | {ms(statistics.median(whole))} ms | {front_median} |"
            + (f" {ms(statistics.median(caught))} ms |" if caught else "")
        )


if __name__ == "__main__":
    main()
