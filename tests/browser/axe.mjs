// Runs axe-core over every page of the built sample site in headless
// Chromium (in the light and the dark colour scheme, and at a phone's
// width), with the WCAG 2.0 and 2.1 A and AA rules and axe's best
// practices (tags wcag2a, wcag2aa, wcag21a, wcag21aa, best-practice).
// Search pages are checked again with results and with none. No rule is
// switched off: any violation is printed (rule, impact, page, the
// element's selector and the rule's help page) and fails the run. What
// axe cannot decide ("needs review", e.g. the contrast of text over an
// image) is printed too, as a note that does not fail.
//
// usage: node axe.mjs [SITE_DIR]
//   SITE_DIR  the built site (default: ../../public)
//
// The site is served from this process on 127.0.0.1 and Chromium is
// started as in harness.mjs. A page that redirects (a moved page's
// meta refresh) is checked as it is, not the page it points to.

import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Tally, launch, serveStatic } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = resolve(process.argv[2] ?? join(here, "../../public"));
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
// Each page is checked as a desktop reader sees it in both colour schemes,
// and at a phone's width (where tables and code blocks may scroll).
const VIEWS = [
  { width: 1280, colorScheme: "light" },
  { width: 1280, colorScheme: "dark" },
  { width: 390, colorScheme: "light" },
];

/** Every .html file under `dir`, as the URL path a reader would open. */
function htmlPaths(dir) {
  const paths = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join("/");
    paths.push("/" + file.replace(/(^|\/)index\.html$/, "$1"));
  }
  return paths.sort();
}

// Search pages are also checked with a query that finds guides and one
// that finds nothing, so what their script writes into them is checked too.
const QUERIES = ["SIM", "zqxjvw"];

const tally = new Tally("axe");
const server = await serveStatic(siteDir);
const base = `http://127.0.0.1:${server.address().port}`;
const paths = htmlPaths(siteDir);
for (const path of paths.filter((p) => p.endsWith("/search/"))) {
  for (const q of QUERIES) paths.push(`${path}?q=${encodeURIComponent(q)}`);
}
const browser = await launch();
/** Violating elements per rule, summed over pages and views. */
const perRule = new Map();
/** Elements axe could not decide on ("needs review") per rule: shown, not failed. */
const review = new Map();

try {
  tally.check(paths.length > 0, `no .html files under ${siteDir}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let url = "";
  // Stay on the page axe is asked about: a meta refresh may not leave it.
  await page.route("**/*", (route) => {
    const req = route.request();
    const away = req.isNavigationRequest() && req.frame() === page.mainFrame() && req.url() !== url;
    return away ? route.abort() : route.continue();
  });
  for (const path of paths) {
    url = base + path;
    const response = await page.goto(url, { waitUntil: "load" });
    tally.check([200, 404].includes(response?.status() ?? 0), `${path}: HTTP ${response?.status()}`);
    if (path.includes("?q=")) {
      const done = await page.waitForSelector("#search[data-state]", { timeout: 10000 }).catch(() => null);
      tally.check(done !== null, `${path}: the search never finished`);
    }
    await page.addScriptTag({ path: axeSource });
    for (const { width, colorScheme } of VIEWS) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      const label = `${path} (${width}px, ${colorScheme})`;
      const { violations, incomplete } = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        TAGS,
      );
      for (const v of violations) {
        perRule.set(v.id, (perRule.get(v.id) ?? 0) + v.nodes.length);
        for (const node of v.nodes) {
          tally.check(false, `${v.id} (${v.impact}) on ${label}: ${node.target.join(" ")}\n     ${v.help} — ${v.helpUrl}`);
        }
      }
      for (const v of incomplete) {
        review.set(v.id, (review.get(v.id) ?? 0) + v.nodes.length);
        for (const node of v.nodes) {
          const why = [...node.any, ...node.all, ...node.none].map((c) => c.message).join("; ");
          console.log(`note: needs review, ${v.id} on ${label}: ${node.target.join(" ")}: ${why}`);
        }
      }
      if (violations.length === 0) tally.check(true, label);
    }
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}

for (const [rule, count] of [...perRule].sort()) console.log(`  violations of ${rule}: ${count}`);
for (const [rule, count] of [...review].sort()) console.log(`  needs review (not failed), ${rule}: ${count}`);
console.log(`axe: ${paths.length} pages × ${VIEWS.length} views, rules ${TAGS.join(", ")}`);
tally.finish();
