// Opens the built sample site in headless Chromium, as a reader would:
// takes screenshots of the home page, an operator page and a guide at a
// phone width (390 px) and a desktop width (1280 px), and checks that
//   - no page logs a console error or fails to load a resource,
//   - nothing is wider than a phone screen,
//   - every language-switcher and operator link leads to a page (HTTP 200),
//   - clicking the switcher opens the same guide in the other language,
//   - the guides with diagrams, on a 390 px phone scrolled to the bottom (so
//     lazy images load), transfer less than WEIGHT_BUDGET bytes in all, and
//     their Markdown images come as the 480 px WebP variant; these are shot
//     as <name>-390.png once every image has loaded.
//
// usage: node browser.mjs [SITE_DIR] [SCREENSHOT_DIR]
//   SITE_DIR        the built site (default: ../../public)
//   SCREENSHOT_DIR  where the PNGs go (default: ../../target/screenshots)
//
// The site is served from this process on 127.0.0.1; Chromium is Debian's
// (/usr/bin/chromium, or $CHROMIUM), started with flags that keep it off
// the network.

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Tally, launch, serveStatic } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = resolve(process.argv[2] ?? join(here, "../../public"));
const shotDir = resolve(process.argv[3] ?? join(here, "../../target/screenshots"));

const PAGES = [
  { name: "home", path: "/" },
  { name: "operator-smart", path: "/operators/smart/" },
  { name: "guide-cancel-sim", path: "/guides/cancel-sim/" },
  { name: "guide-buy-sim-km", path: "/km/guides/buy-sim/" },
  { name: "operators-en", path: "/en/operators/" },
  { name: "home-km", path: "/km/" },
  { name: "guide-cancel-sim-en-staff-card", path: "/en/guides/cancel-sim/" },
  { name: "operator-cellcard-en", path: "/en/operators/cellcard/" },
];
const WIDTHS = [390, 1280];

// Guides with images (tools/diagrams), weighed at a phone's width.
const IMAGE_PAGES = [
  { name: "guide-cancel-sim-images", path: "/guides/cancel-sim/" },
  { name: "guide-cancel-sim-en", path: "/en/guides/cancel-sim/" },
  { name: "guide-cancel-sim-km", path: "/km/guides/cancel-sim/" },
  { name: "guide-top-up", path: "/guides/top-up/" },
  { name: "guide-top-up-en", path: "/en/guides/top-up/" },
  { name: "guide-pin-puk", path: "/guides/pin-puk/" },
  { name: "guide-pin-puk-en", path: "/en/guides/pin-puk/" },
];
// HTML, CSS, JS and images a phone loads: the budget of issue 18.
const WEIGHT_BUDGET = 500_000;



const tally = new Tally("browser");
const check = (ok, what) => tally.check(ok, what);

const server = await serveStatic(siteDir);
const base = `http://127.0.0.1:${server.address().port}`;
mkdirSync(shotDir, { recursive: true });

const browser = await launch();

/** Status of every same-site link in `hrefs`, fetched once each. */
const statusCache = new Map();
async function status(url) {
  if (!statusCache.has(url)) {
    const res = await fetch(url);
    statusCache.set(url, res.status);
  }
  return statusCache.get(url);
}

try {
  for (const width of WIDTHS) {
    for (const colorScheme of ["light", "dark"]) {
      // Dark mode is shot for the guide only: enough to judge its colours.
      const pages = colorScheme === "light" ? PAGES : PAGES.filter((p) => p.name === "guide-cancel-sim");
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: 1,
        colorScheme,
      });
      for (const { name, path } of pages) {
        const page = await context.newPage();
        const problems = [];
        page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
        page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
        page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
        page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
        const response = await page.goto(base + path, { waitUntil: "load" });
        const label = `${path} at ${width}px (${colorScheme})`;
        check(response?.status() === 200, `${label}: HTTP ${response?.status()}`);
        check(problems.length === 0, `${label}: ${problems.join("; ")}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        check(overflow <= 0, `${label}: page is ${overflow}px wider than the screen`);
        const suffix = colorScheme === "dark" ? "-dark" : "";
        await page.screenshot({ path: join(shotDir, `${name}-${width}${suffix}.png`), fullPage: true });

        if (colorScheme === "light" && width === WIDTHS[0]) {
          const links = await page.$$eval(".lang-switch a, .op-grid a.op-name, .badges a, .site-nav a", (as) =>
            as.map((a) => a.href),
          );
          check(links.length > 0, `${path}: no switcher or operator links found`);
          for (const href of links) {
            const code = await status(href);
            check(code === 200, `${path}: link ${href} answers HTTP ${code}`);
          }
        }
        await page.close();
      }
      await context.close();
    }
  }

  // Page weight at a phone's width, every lazy image loaded.
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    for (const { name, path } of IMAGE_PAGES) {
      const { bytes, items, images, problems } = await weigh(context, base + path, join(shotDir, `${name}-390.png`));
      check(problems.length === 0, `${path} (weighed): ${problems.join("; ")}`);
      check(images.length > 0, `${path}: no image on a page meant to have one`);
      for (const img of images) {
        check(img.loaded, `${path}: image ${img.src} did not load`);
        check(img.alt.length > 0, `${path}: image ${img.src} has no alt text`);
        if (img.picture) {
          check(/\.480w\.webp$/.test(img.current), `${path}: a phone got ${img.current}, not the 480 px WebP`);
        }
      }
      const biggest = items.slice(0, 3).map(([url, n]) => `${new URL(url).pathname} ${kB(n)}`).join(", ");
      check(bytes < WEIGHT_BUDGET, `${path}: ${kB(bytes)} at 390 px, over the ${kB(WEIGHT_BUDGET)} budget (${biggest})`);
      console.log(`weight ${path}: ${kB(bytes)} in ${items.length} files (biggest: ${biggest})`);
    }
    await context.close();
  }

  // The printed guide: no navigation, links spelled out.
  {
    const context = await browser.newContext({ viewport: { width: 800, height: 1100 } });
    const page = await context.newPage();
    await page.emulateMedia({ media: "print" });
    await page.goto(`${base}/guides/buy-sim/`);
    check(!(await page.isVisible(".site-nav")), "print: the menu is printed");
    await page.screenshot({ path: join(shotDir, "guide-buy-sim-print.png"), fullPage: true });
    await context.close();
  }

  // Clicking the switcher on a Chinese guide opens the English guide.
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/guides/cancel-sim/`);
  const [response] = await Promise.all([page.waitForNavigation(), page.click(".lang-switch a[hreflang=en]")]);
  check(response?.status() === 200, `switcher click: HTTP ${response?.status()}`);
  check(page.url() === `${base}/en/guides/cancel-sim/`, `switcher click went to ${page.url()}`);
  check((await page.getAttribute("html", "lang")) === "en", "switcher click: page is not in English");
  // Every guide of the sample is in Khmer too, so the switcher leads to the
  // same guide (a guide with no translation leads to that language's home:
  // tests/theme.rs builds a copy without one).
  await page.goto(`${base}/guides/esim/`);
  const kmHref = await page.getAttribute(".lang-switch a[hreflang=km]", "href");
  check(kmHref === "/km/guides/esim/", `switcher to Khmer points at ${kmHref}, not /km/guides/esim/`);
  await context.close();
} finally {
  await browser.close();
  server.close();
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/**
 * Opens `url`, scrolls to the bottom so lazy images load, waits for the
 * network to settle, takes a full-page screenshot, and returns the bytes
 * transferred (bodies and headers of every response), the files by size,
 * and what each <img> loaded.
 */
async function weigh(context, url, shot) {
  const page = await context.newPage();
  const sizes = [];
  const problems = [];
  page.on("requestfinished", (r) => sizes.push(r.sizes().then((s) => [r.url(), s.responseBodySize + s.responseHeadersSize])));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((ok) => setTimeout(ok, 30));
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
  });
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: 10_000 }).catch(() => {});
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) problems.push(`page is ${overflow}px wider than the screen`);
  const images = await page.$$eval("main img", (imgs) =>
    imgs.map((i) => ({
      src: i.getAttribute("src"),
      current: i.currentSrc,
      alt: i.alt,
      loaded: i.complete && i.naturalWidth > 0,
      picture: i.parentElement.tagName === "PICTURE",
    })),
  );
  await page.screenshot({ path: shot, fullPage: true });
  const items = (await Promise.all(sizes)).sort((a, b) => b[1] - a[1]);
  await page.close();
  return { bytes: items.reduce((sum, [, n]) => sum + n, 0), items, images, problems };
}

console.log(`screenshots: ${shotDir}`);
tally.finish();
