// Debian's Chromium driven by playwright-core, plus the checks every test
// file shares: axe-core, screenshots, console errors and page width.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.PARLEY_CHROMIUM || "/usr/bin/chromium";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const phone = { width: 360, height: 740 };

export function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
}

// newContext opens a browser context on the server and records page errors
// and console errors (a CSP refusal shows up there), which
// assertNoConsoleErrors turns into a failure.
export async function newContext(browser, baseURL, opts = {}) {
  const ctx = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, ...opts });
  ctx.setDefaultTimeout(15_000);
  ctx.errors = [];
  ctx.on("page", (page) => watch(ctx, page));
  return ctx;
}

function watch(ctx, page) {
  page.on("pageerror", (err) => ctx.errors.push(`${page.url()}: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    // The browser reports every non-2xx document or fetch as a console
    // error; those are expected (404 page, a 422 form, /api/similar missing).
    if (/Failed to load resource/.test(text)) return;
    ctx.errors.push(`${page.url()}: ${text}`);
  });
}

export function assertNoConsoleErrors(ctx) {
  assert.deepEqual(ctx.errors, [], "the pages logged errors");
}

// checkA11y runs axe-core on the page and fails on any serious or critical
// violation, printing the whole report of those violations. The context
// must have been made with bypassCSP, since axe is injected inline.
export async function checkA11y(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    const report = bad.map((v) => [
      `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.html}\n      ${(n.failureSummary || "").replace(/\n/g, "\n      ")}`),
    ].join("\n")).join("\n");
    assert.fail(`axe found ${bad.length} serious or critical violation(s) on ${label} (${page.url()}):\n${report}`);
  }
  return results;
}

// screenshotDir is where screenshots go: PARLEY_SCREENSHOTS or
// <os tmp>/parley-screenshots.
export function screenshotDir() {
  const dir = process.env.PARLEY_SCREENSHOTS || join(tmpdir(), "parley-screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page, name) {
  const path = join(screenshotDir(), `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}

// horizontalOverflow reports how far the page scrolls sideways and which
// elements stick out past the viewport, for a readable failure.
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && culprits.length < 8) {
        let inside = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if (ox === "auto" || ox === "scroll" || ox === "hidden") { inside = true; break; }
        }
        if (!inside) culprits.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits };
  });
}
