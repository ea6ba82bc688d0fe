// Keyboard shortcuts: j/k walk through posts, ? opens the help, Escape
// closes it and gives focus back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, launch, newContext } from "./lib/browser.js";

let server, browser;
before(async () => {
  server = await startParley();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// navIndex says which [data-nav] item holds the focus (-1 for none).
const navIndex = (page) => page.evaluate(() => {
  const items = [...document.querySelectorAll("[data-nav]")];
  return items.findIndex((el) => el.contains(document.activeElement));
});

test("j and k move focus through the posts of a thread", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto("/c/networking?sort=replies");
  await page.locator("tr.thread-row:not(.pinned) .thread-title a").first().click();
  await page.waitForURL(/\/t\//);
  const posts = await page.locator("[data-nav]").count();
  assert.ok(posts >= 3, `the thread has ${posts} posts`);

  await page.keyboard.press("j");
  assert.equal(await navIndex(page), 0);
  await page.keyboard.press("j");
  assert.equal(await navIndex(page), 1);
  await page.keyboard.press("j");
  assert.equal(await navIndex(page), 2);
  await page.keyboard.press("k");
  assert.equal(await navIndex(page), 1);
  assert.equal(await page.locator("[data-nav].nav-current").count(), 1, "one item is marked current");
  // The focused post is on screen.
  const inView = await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  });
  assert.equal(inView, true);

  // On a list, j focuses the thread links in order.
  await page.goto("/c/networking");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  assert.equal(await navIndex(page), 1);
  assert.match(await page.evaluate(() => document.activeElement.getAttribute("href")), /^\/t\//);

  assertNoConsoleErrors(ctx);
  await ctx.close();
});

test("? opens the shortcuts help and Escape closes it", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto("/latest");
  await page.keyboard.press("j");
  const before = await page.evaluate(() => document.activeElement.getAttribute("href"));

  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  assert.equal(await help.isVisible(), false);
  await page.keyboard.press("?");
  await help.waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => !!document.activeElement.closest("dialog, [role=dialog]")), true, "focus moved into the help");
  // j does not act behind an open dialog.
  await page.keyboard.press("j");
  assert.equal(await help.isVisible(), true);
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), before, "focus went back where it was");

  // The Close button works too.
  await page.keyboard.press("?");
  await help.waitFor({ state: "visible" });
  await help.getByRole("button", { name: "Close" }).click();
  await help.waitFor({ state: "hidden" });

  assertNoConsoleErrors(ctx);
  await ctx.close();
});
