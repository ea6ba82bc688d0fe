// At a 360 px phone width nothing makes the page scroll sideways; long
// code and logs scroll inside their own box, and a revision diff wraps its
// changed lines so the whole paragraph is on screen.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, horizontalOverflow, launch, newContext, phone, screenshot } from "./lib/browser.js";
import { apiAs, password, seedLongThread, signIn, signUp, uniqueName } from "./lib/forum.js";

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

// A paragraph of about 600 characters on one source line, as people write
// them: a diff that kept source lines unwrapped (white-space: pre) would
// push most of it off a phone's screen or into a sideways scroll.
const paragraph = Array.from({ length: 7 }, (_, i) =>
  `Step ${i + 1}: the request left the phone over cellular and came back with POSIX error 50.`).join(" ");

test("a revision diff of a long paragraph wraps, so a phone shows all of it", async () => {
  const t = await apiAs(page, "POST", "/api/threads", {
    title: "A long paragraph edited by a moderator", subtopic: "networking", tags: ["netpath"],
    body: `Short opening line.\n\n${paragraph}\n\nShort closing line.`,
  });
  // A moderator's edit is a new revision (the author's own quick edits
  // fold into one), so the page shows a diff of the two versions.
  await server.cli(["user", "create", "mod_phone", "--email", "mod_phone@example.com", "--role", "moderator",
    "--password-stdin"], password + "\n");
  const mod = await newContext(browser, server.url);
  const mpage = await mod.newPage();
  await signIn(mpage, "mod_phone");
  const edited = paragraph.replace("Step 6: the request", "Step 6: with the VPN profile installed, the request");
  await apiAs(mpage, "PATCH", `/api/posts/${t.post_id}`, { body: `Short opening line.\n\n${edited}\n\nShort closing line.` });
  await mod.close();

  const path = `/p/${t.post_id}/revisions`;
  await assertNoSideScroll(path);
  await screenshot(page, "revisions-long-paragraph-phone");
  const seen = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const pre = document.querySelector("pre.diff");
    const line = (sel) => {
      const el = pre?.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { text: el.textContent, left: r.left, right: r.right, height: r.height, lineHeight: parseFloat(getComputedStyle(pre).lineHeight) };
    };
    return {
      scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, width,
      pre: pre && { scroll: pre.scrollWidth, client: pre.clientWidth, right: pre.getBoundingClientRect().right },
      add: line("ins.add"), del: line("del.del"),
    };
  });
  assert.ok(seen.scrollWidth <= Math.min(seen.innerWidth, phone.width),
    `the revisions page scrolls sideways: scrollWidth ${seen.scrollWidth}, innerWidth ${seen.innerWidth}`);
  assert.ok(seen.pre, "the revisions page shows a diff");
  assert.ok(seen.pre.scroll <= seen.pre.client && seen.pre.right <= seen.width,
    `the diff does not fit the screen: its content is ${seen.pre.scroll} px wide in a ${seen.pre.client} px box ending at ${seen.pre.right} px`);
  for (const [name, l, text] of [["added", seen.add, edited], ["removed", seen.del, paragraph]]) {
    assert.ok(l, `the diff has no ${name} line`);
    assert.ok(l.text.includes(text), `the ${name} line lacks the paragraph: ${l.text.slice(0, 120)}…`);
    assert.ok(l.left >= 0 && l.right <= seen.width, `the ${name} line sticks out: ${l.left}–${l.right} px of ${seen.width}`);
    // 600 characters at a phone's width take many lines once wrapped.
    assert.ok(l.height >= 5 * l.lineHeight, `the ${name} line is not wrapped: ${l.height} px high, line height ${l.lineHeight} px`);
  }
  assertNoConsoleErrors(ctx);
});
