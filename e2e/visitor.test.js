// A signed-out visitor reads the forum: home → subtopic → thread → feed.
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

test("a visitor browses to a subtopic, opens a thread and follows its RSS link", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();

  await page.goto("/");
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Developer Forums");
  await Promise.all([page.waitForURL("**/c/networking"), page.getByRole("link", { name: "Networking", exact: true }).first().click()]);
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Networking");

  const table = page.getByRole("table").first();
  const headers = (await table.getByRole("columnheader").allTextContents()).map((s) => s.trim());
  for (const col of ["Replies", "Boosts", "Views", "Activity"]) assert.ok(headers.includes(col), `column ${col} missing: ${headers}`);

  const rows = page.locator("tr.thread-row");
  assert.ok(await rows.count() > 2, "the subtopic lists threads");
  const first = rows.first();
  assert.match(await first.getAttribute("class"), /\bpinned\b/, "the first row is the pinned thread");
  assert.equal(await first.locator(".badge.pin").textContent(), "Pinned");
  // Pinned rows all come before the others.
  const pinnedFlags = await rows.evaluateAll((trs) => trs.map((tr) => tr.classList.contains("pinned")));
  assert.deepEqual(pinnedFlags, [...pinnedFlags].sort((a, b) => b - a), "pinned threads come first");

  const target = rows.filter({ hasNot: page.locator(".badge.pin") }).first().locator(".thread-title a");
  const title = (await target.textContent()).trim();
  await Promise.all([page.waitForURL(/\/t\/[^/]+\/\d+$/), target.click()]);
  assert.equal((await page.getByRole("heading", { level: 1 }).textContent()).replace(/^Solved\s+/, "").trim(), title);
  assert.ok(await page.locator("article.post").count() >= 1, "the thread shows its posts");

  const rss = page.getByRole("link", { name: "RSS for thread" });
  const href = await rss.getAttribute("href");
  const res = await ctx.request.get(href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()["content-type"], /^application\/rss\+xml/);
  const xml = await res.text();
  const feed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror").textContent };
    const channel = doc.querySelector("rss > channel");
    return {
      root: doc.documentElement.nodeName, version: doc.documentElement.getAttribute("version"),
      title: channel?.querySelector(":scope > title")?.textContent,
      items: doc.querySelectorAll("rss > channel > item").length,
    };
  }, xml);
  assert.equal(feed.error, undefined, `the feed is not well-formed XML: ${feed.error}`);
  assert.equal(feed.root, "rss");
  assert.equal(feed.version, "2.0");
  assert.ok(feed.title && feed.title.includes(title), `channel title ${feed.title} names the thread`);
  assert.ok(feed.items >= 1, "the feed has items");

  assertNoConsoleErrors(ctx);
  await ctx.close();
});

test("a visitor searches for an error code from the header, with / and Enter", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto("/latest");
  // "/" focuses the header search box; Enter submits it (no script needed for that).
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "site-q");
  await page.keyboard.type("EMFILE");
  await Promise.all([page.waitForURL("**/search?q=EMFILE"), page.keyboard.press("Enter")]);
  const hits = page.locator(".search-results tr.thread-row");
  assert.ok(await hits.count() >= 1, "the demo thread about EMFILE is found");
  const marked = await hits.first().locator("mark").allTextContents();
  assert.ok(marked.some((m) => m.toUpperCase() === "EMFILE"), `matched words are highlighted: ${marked}`);
  // A result opens the thread at the matching post.
  await Promise.all([page.waitForURL(/\/t\/[^/]+\/\d+/), hits.first().locator(".thread-title a").click()]);
  assert.ok(await page.locator("article.post").count() >= 1);

  // A malformed query explains itself and keeps what was typed.
  const res = await page.goto("/search?q=" + encodeURIComponent("socket tgs:netpath"));
  assert.equal(res.status(), 400);
  assert.equal(await page.locator("#q").inputValue(), "socket tgs:netpath");
  assert.match(await page.locator("#q-err").textContent(), /unknown filter/);
  assertNoConsoleErrors(ctx);
  await ctx.close();
});
