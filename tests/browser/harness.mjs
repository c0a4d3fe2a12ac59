// What every browser test shares: Debian's Chromium started so that it
// stays off the closed network, a static file server that behaves like a
// host, and a tally that ends in the "N passed, N failed" line CI reads.

import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export function launch() {
  return chromium.launch(CHROMIUM);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".txt": "text/plain; charset=utf-8",
};

/** A static file server like any host's: folders serve index.html, misses 404.html. */
export function serveStatic(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      let body = "not found";
      try {
        body = readFileSync(join(root, "404.html"));
      } catch {}
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(body);
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/** Counts checks; prints each failure as it happens. */
export class Tally {
  constructor(name) {
    this.name = name;
    this.checks = 0;
    this.failures = [];
  }
  check(ok, what) {
    this.checks += 1;
    if (!ok) {
      this.failures.push(what);
      console.log(`FAIL ${what}`);
    }
  }
  /** Prints the closing line and exits with 0 only when nothing failed. */
  finish() {
    const failed = this.failures.length;
    console.log(`${this.name}: ${this.checks - failed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  }
}
