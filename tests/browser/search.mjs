// Searches the built sample site (built with `search: true`) in headless
// Chromium, as a reader would, and checks that
//   - a Chinese, an English and a Khmer word taken from one guide's body
//     (not its title) find that guide first, on each language's search
//     page, with the words marked in the excerpt and no stray separators;
//   - a Khmer query typed without spaces, as Khmer is written, that the
//     index holds as two words, finds its guide too;
//   - a query that matches nothing says so, and offers the operator index;
//   - the search box in the header leads to the results;
//   - without JavaScript the box is hidden and the operator index is
//     offered instead;
//   - no page logs a console error or fails to load a resource.
// Screenshots of a results page go to SCREENSHOT_DIR (search-*.png).
//
// usage: node search.mjs [SITE_DIR] [SCREENSHOT_DIR]
//   SITE_DIR        the built site (default: ../../public)
//   SCREENSHOT_DIR  where the PNGs go (default: ../../target/screenshots)

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Tally, launch, serveStatic } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = resolve(process.argv[2] ?? join(here, "../../public"));
const shotDir = resolve(process.argv[3] ?? join(here, "../../target/screenshots"));

// Each word is in the body of the check-balance guide, not in its title.
const FINDS = [
  { lang: "zh", path: "/search/", query: "赠送余额", first: "/guides/check-balance/" },
  { lang: "en", path: "/en/search/", query: "bonus", first: "/en/guides/check-balance/" },
  // "bonus money", two words written as one run with no space: only found
  // when both the index and the query are split into words; the run is
  // only in check-balance.
  { lang: "km", path: "/km/search/", query: "ប្រាក់បន្ថែម", first: "/km/guides/check-balance/" },
  // "ask for a receipt": two words to ICU, written as one run; only in cancel-sim.
  { lang: "km", path: "/km/search/", query: "សុំបង្កាន់ដៃ", first: "/km/guides/cancel-sim/" },
];
const NOTHING = [
  { path: "/search/", query: "zqxjvw" },
  { path: "/en/search/", query: "zqxjvw" },
];



const tally = new Tally("search");
const check = (ok, what) => tally.check(ok, what);

const server = await serveStatic(siteDir);
const base = `http://127.0.0.1:${server.address().port}`;
mkdirSync(shotDir, { recursive: true });

const browser = await launch();

/** A page that records console errors and failed requests in `problems`. */
async function open(context, problems) {
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return page;
}

/** Waits until the search page has answered, and says what it shows. */
async function answer(page) {
  await page.waitForFunction(() => ["results", "empty", "failed"].includes(document.getElementById("search").dataset.state), null, {
    timeout: 15000,
  });
  return page.evaluate(() => ({
    state: document.getElementById("search").dataset.state,
    status: document.getElementById("search-status").textContent,
    fallback: document.querySelector("#search-status a")?.getAttribute("href") ?? null,
    noResults: document.getElementById("search").dataset.noResults,
    links: [...document.querySelectorAll("#search-results .guide-title")].map((a) => a.getAttribute("href")),
    titles: [...document.querySelectorAll("#search-results .guide-title")].map((a) => a.textContent),
    excerpt: document.querySelector("#search-results .guide-desc")?.innerHTML ?? "",
  }));
}

try {
  const context = await browser.newContext({ viewport: { width: 390, height: 900 }, deviceScaleFactor: 1 });

  for (const { lang, path, query, first } of FINDS) {
    const problems = [];
    const page = await open(context, problems);
    const label = `${path}?q=${query}`;
    await page.goto(`${base}${path}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
    const shown = await answer(page);
    check(shown.state === "results", `${label}: ${shown.state}: ${shown.status}`);
    check(shown.links[0] === first, `${label}: first result ${shown.links[0]}, expected ${first} (all: ${shown.links.join(" ")})`);
    check(shown.excerpt.includes("<mark>"), `${label}: no marked words in the excerpt: ${shown.excerpt}`);
    const text = shown.excerpt + shown.titles.join("");
    check(!text.includes("\u2060"), `${label}: word separators shown: ${JSON.stringify(text)}`);
    check((await page.inputValue("#search-query")) === query, `${label}: the box does not show the query`);
    check(problems.length === 0, `${label}: ${problems.join("; ")}`);
    await page.screenshot({ path: join(shotDir, `search-${lang}-390.png`), fullPage: true });
    await page.close();
  }

  for (const { path, query } of NOTHING) {
    const problems = [];
    const page = await open(context, problems);
    const label = `${path}?q=${query}`;
    await page.goto(`${base}${path}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
    const shown = await answer(page);
    check(shown.state === "empty", `${label}: expected no results, got ${shown.state} (${shown.links.join(" ")})`);
    const expected = shown.noResults.replace("{query}", query);
    check(shown.status.startsWith(expected), `${label}: status "${shown.status}", expected "${expected}"`);
    check(shown.fallback?.endsWith("operators/"), `${label}: no link to the operator index (${shown.fallback})`);
    check(problems.length === 0, `${label}: ${problems.join("; ")}`);
    await page.close();
  }

  {
    // The header box on a guide leads to the search page and its results.
    const problems = [];
    const page = await open(context, problems);
    await page.goto(`${base}/en/guides/cancel-sim/`, { waitUntil: "load" });
    await page.fill(".site-search input", "bonus");
    await Promise.all([page.waitForURL(/\/en\/search\/\?q=bonus$/), page.press(".site-search input", "Enter")]);
    const shown = await answer(page);
    check(shown.links[0] === "/en/guides/check-balance/", `header box: first result ${shown.links[0]}`);
    check(problems.length === 0, `header box: ${problems.join("; ")}`);
    await page.close();
  }

  {
    // Typing on the search page searches as one types.
    const problems = [];
    const page = await open(context, problems);
    await page.goto(`${base}/km/search/`, { waitUntil: "load" });
    await page.fill("#search-query", "ប្រាក់បន្ថែម");
    const shown = await answer(page);
    check(shown.links[0] === "/km/guides/check-balance/", `typing: first result ${shown.links[0]}`);
    check(new URL(page.url()).searchParams.get("q") === "ប្រាក់បន្ថែម", `typing: the address does not keep the query: ${page.url()}`);
    check(problems.length === 0, `typing: ${problems.join("; ")}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(shotDir, "search-km-1280.png"), fullPage: true });
    await page.close();
  }
  await context.close();

  {
    // Without JavaScript: no dead box, the operator index instead.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/guides/cancel-sim/`, { waitUntil: "load" });
    check(!(await page.isVisible(".site-search")), "no JS: the header search box is shown");
    check(await page.isVisible(".site-search-fallback"), "no JS: no link to the operator index in the header");
    await page.goto(`${base}/search/?q=x`, { waitUntil: "load" });
    check(!(await page.isVisible(".search-form")), "no JS: the search page shows a form that cannot work");
    const note = page.locator("main noscript + p, main p.search-status:visible").first();
    check(await note.isVisible(), "no JS: the search page says nothing");
    check((await note.locator("a").getAttribute("href"))?.endsWith("operators/"), "no JS: the search page offers no operator index");
    await page.screenshot({ path: join(shotDir, "search-nojs-390.png"), fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

tally.finish();
