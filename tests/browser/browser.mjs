// Opens the built sample site in headless Chromium, as a reader would:
// takes screenshots of the home page, an operator page and a guide at a
// phone width (390 px) and a desktop width (1280 px), and checks that
//   - no page logs a console error or fails to load a resource,
//   - nothing is wider than a phone screen,
//   - every language-switcher and operator link leads to a page (HTTP 200),
//   - clicking the switcher opens the same guide in the other language.
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
  // A guide without a Khmer translation leads to the Khmer home page.
  await page.goto(`${base}/guides/esim/`);
  const kmHref = await page.getAttribute(".lang-switch a[hreflang=km]", "href");
  check(kmHref === "/km/", `switcher to a missing translation points at ${kmHref}, not /km/`);
  await context.close();
} finally {
  await browser.close();
  server.close();
}

console.log(`screenshots: ${shotDir}`);
tally.finish();
