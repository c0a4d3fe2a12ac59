// `mekong serve` in real headless Chromium, as an author uses it: open a
// guide, edit its Markdown, and see the page reload with the new text by
// itself; break the front matter and see the error overlay name the file
// and line; fix it and see the page recover.
//
// usage: node live_reload.mjs [MEKONG] [SCREENSHOT_DIR]
//   MEKONG          the mekong binary (default: ../../target/debug/mekong)
//   SCREENSHOT_DIR  where the overlay screenshot goes (default: ../../target/screenshots)
//
// A copy of tests/fixtures/basic in a temp folder is served on a free port
// of 127.0.0.1; Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM),
// with a fresh profile and flags that keep it off the network.

import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const mekong = resolve(process.argv[2] ?? join(here, "../../target/debug/mekong"));
const shotDir = resolve(process.argv[3] ?? join(here, "../../target/screenshots"));
const PATIENCE = 10_000; // ms for anything to happen

const work = mkdtempSync(join(tmpdir(), "mekong-live-reload-"));
const site = join(work, "site");
cpSync(join(here, "../fixtures/basic"), site, { recursive: true });
const guide = join(site, "content/guides/top-up.md");
const original = readFileSync(guide, "utf8");

function edit(from, to) {
  const text = readFileSync(guide, "utf8");
  if (!text.includes(from)) throw new Error(`${guide} has no ${JSON.stringify(from)}`);
  writeFileSync(guide, text.replace(from, to));
}

/** Starts `mekong serve` on a free port; resolves to its URL. */
function startServe() {
  const child = spawn(
    mekong,
    ["serve", "--root", site, "--today", "2026-11-26", "--port", "0"],
    { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = new Promise((resolveUrl, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/\S+)/);
      if (m) resolveUrl(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`mekong serve exited (${code}):\n${out}\n${stderr}`)));
    setTimeout(() => reject(new Error(`mekong serve did not start:\n${out}\n${stderr}`)), PATIENCE);
  });
  return { child, url };
}

/** Polls `check` every 50 ms until it returns true; survives reloads. */
async function until(what, check) {
  const end = Date.now() + PATIENCE;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // The page was reloading; look again.
    }
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const serve = startServe();
const profile = join(work, "profile");
let context;
let failed = false;
try {
  const base = await serve.url;
  context = await chromium.launchPersistentContext(profile, CHROMIUM);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  let loads = 0;
  page.on("load", () => loads++);
  // A mark on the window: gone after a reload, kept by in-page changes.
  const mark = () => page.evaluate(() => (window.mekongTestMark = true));
  const marked = () => page.evaluate(() => window.mekongTestMark === true);
  const body = () => page.locator("body").innerText();
  const overlay = page.locator("#mekong-error-overlay");

  await page.goto(new URL("guides/top-up/", base).href);
  await until("the guide", async () => (await body()).includes("第二段"));
  await mark();

  // 1. An edit shows up by itself.
  edit("第二段。", "浏览器里看到了新的文字。");
  await until("the page to reload with the new text", async () =>
    (await body()).includes("浏览器里看到了新的文字"),
  );
  if (await marked()) throw new Error("the new text came without a reload");

  // 2. A broken front matter puts up the overlay, naming file and line.
  edit("date: 2025-06-01", "date: 2025-13-45");
  await until("the error overlay", () => overlay.isVisible());
  const text = await overlay.innerText();
  if (!text.includes("content/guides/top-up.md:4:7")) {
    throw new Error(`the overlay does not name the file and line:\n${text}`);
  }
  if (!(await body()).includes("浏览器里看到了新的文字")) {
    throw new Error("the last good page is gone under the overlay");
  }
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: join(shotDir, "serve-error-overlay.png") });

  // 3. The overlay is in the served HTML too: a reload keeps it.
  await page.reload();
  await until("the overlay after a reload", () => overlay.isVisible());

  // 4. The fix clears it, and the page shows the fixed text.
  edit("date: 2025-13-45", "date: 2025-06-01");
  edit("浏览器里看到了新的文字。", "修好之后的文字。");
  await until("the fixed page", async () =>
    (await body()).includes("修好之后的文字") && (await overlay.count()) === 0,
  );
  if (errors.length) throw new Error(`page errors:\n${errors.join("\n")}`);
  console.log(`live reload: ok (${loads} page loads, overlay shown and cleared)`);
} catch (e) {
  failed = true;
  console.error(`live reload: FAILED: ${e.message}`);
} finally {
  await context?.close();
  serve.child.kill("SIGINT");
  writeFileSync(guide, original);
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
