// At a 360 px phone width nothing makes the page scroll sideways; long
// code and logs scroll inside their own box.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, horizontalOverflow, launch, newContext, phone } from "./lib/browser.js";
import { seedLongThread, signUp, uniqueName } from "./lib/forum.js";

let server, browser, ctx, page, thread;
before(async () => {
  server = await startParley();
  browser = await launch();
  ctx = await newContext(browser, server.url, { viewport: phone, isMobile: true, hasTouch: true });
  page = await ctx.newPage();
  await signUp(page, uniqueName("mobile"));
  thread = await seedLongThread(page);
});
after(async () => {
  await ctx?.close();
  await browser?.close();
  await server?.stop();
});

async function assertNoSideScroll(path) {
  await page.goto(path);
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth,
    `${path} scrolls sideways at ${phone.width} px: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}; sticking out: ${o.culprits.join(", ")}`);
}

test("home fits a phone", () => assertNoSideScroll("/"));
test("a subtopic list fits a phone", () => assertNoSideScroll("/c/networking"));
test("the composer fits a phone", () => assertNoSideScroll("/new"));

test("a long thread with very long log lines fits a phone, its logs scroll inside", async () => {
  await assertNoSideScroll(thread.path);
  const pre = page.locator("article.post pre").first();
  const box = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
  assert.ok(box.scroll > box.client, "the log is wider than its box");
  assert.equal(box.overflow, "auto", "the log box scrolls");
  assertNoConsoleErrors(ctx);
});
