// Reading a thread: every link to a post lands on it (the permalink, the
// "copy link" control, old links without a page), the accepted answer is
// shown once in full with a short excerpt at the top that jumps to it, a
// long thread has a pager at the top and bottom and its reply box says
// there is more to read, live updates keep every count on the page in
// agreement and announce new replies where the reader is, names show the
// username beside a different display name, and "Ask a question" leads a
// signed-out visitor through sign-in to the composer with the page's
// subtopic chosen.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, horizontalOverflow, launch, newContext, phone } from "./lib/browser.js";
import { apiAs, password, signIn, signUp, uniqueName } from "./lib/forum.js";

let server, browser, asker, helperName, long;
before(async () => {
  server = await startParley();
  browser = await launch();
  // A thread with two pages of replies: the asker's question, then 50
  // replies by a helper, the last of which (on page 2) is accepted.
  const actx = await newContext(browser, server.url);
  const apage = await actx.newPage();
  asker = uniqueName("asker");
  await signUp(apage, asker);
  const t = await apiAs(apage, "POST", "/api/threads", {
    title: "Background upload stalls when the screen locks", subtopic: "networking", tags: ["netpath"],
    body: "My background upload stops as soon as the screen locks. What keeps it going?",
  });
  const hctx = await newContext(browser, server.url);
  const hpage = await hctx.newPage();
  helperName = uniqueName("helper");
  await signUp(hpage, helperName);
  const replies = [];
  for (let i = 1; i <= 50; i++) {
    const body = i === 50
      ? "Use a background URL session configuration: uploads then continue while the app is suspended, and the system relaunches it when they finish."
      : `Reply ${i}: I see the same stall here.`;
    replies.push(await apiAs(hpage, "POST", `/api/threads/${t.id}/replies`, { body }));
  }
  const answer = replies[replies.length - 1];
  await apiAs(apage, "PUT", `/api/threads/${t.id}/accepted`, { post_id: answer.id });
  long = { id: t.id, path: new URL(t.url, server.url).pathname, postID: t.post_id, answerID: answer.id, firstReplyID: replies[0].id };
  await Promise.all([actx.close(), hctx.close()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// inView reports whether the element's top is inside the window.
function inView(page, selector) {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  });
}

test("copy link puts the post's permalink on the clipboard, and the permalink lands on the post", async () => {
  const ctx = await newContext(browser, server.url, { permissions: ["clipboard-read", "clipboard-write"] });
  const page = await ctx.newPage();
  await page.goto(`${long.path}?page=2`);
  const post = page.locator(`#post-${long.answerID}`);
  assert.equal(await post.locator(".post-number").innerText(), "#51", "the post shows its number");
  await post.getByRole("link", { name: "Copy link to post #51" }).click();
  await page.getByRole("status").filter({ hasText: "Link copied" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${server.url}/p/${long.answerID}`);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, `${long.path}?page=2`, "copying does not navigate");

  // The permalink opens the page that holds the post, scrolled to it.
  await page.goto(`${long.path}`); // start somewhere else
  await page.goto(copied);
  const u = new URL(page.url());
  assert.equal(u.pathname + u.search + u.hash, `${long.path}?page=2#post-${long.answerID}`);
  assert.ok(await inView(page, `#post-${long.answerID}`), "the post is on screen");

  // An old link with the post's anchor but no page finds its page too.
  await page.goto(`/t/${long.id}#post-${long.answerID}`);
  await page.waitForURL((url) => url.search === "?page=2" && url.hash === `#post-${long.answerID}`);
  await page.locator(`#post-${long.answerID}`).waitFor();
  assert.ok(await inView(page, `#post-${long.answerID}`), "the post is on screen after the old link");
  assertNoConsoleErrors(ctx);
  await ctx.close();
});

test("the accepted answer is shown once in full, with an excerpt at the top that jumps to it", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto(long.path);
  const top = page.locator(".answers");
  const summary = top.locator(".answer-summary");
  assert.equal(await summary.count(), 1);
  assert.match(await summary.innerText(), /Accepted answer/);
  assert.match(await summary.locator(".excerpt").innerText(), /^Use a background URL session configuration/);
  assert.equal(await summary.locator(".author").count(), 1, "the excerpt names its author");
  assert.equal(await top.locator(".post-body").count(), 0, "the top does not repeat the answer in full");
  assert.equal(await page.locator("article.post", { hasText: "Use a background URL session configuration" }).count(), 0,
    "page 1 does not hold the answer, so it is not in full here");
  await summary.getByRole("link", { name: /Jump to the answer/ }).click();
  await page.waitForURL((u) => u.search === "?page=2" && u.hash === `#post-${long.answerID}`);
  assert.equal(await page.locator("article.post", { hasText: "Use a background URL session configuration" }).count(), 1,
    "the answer is in full once, in its place");
  assert.ok(await inView(page, `#post-${long.answerID}`), "the jump lands on the answer");
  assertNoConsoleErrors(ctx);
  await ctx.close();
});

test("a long thread has a pager at the top and the bottom, and the reply box points to the next page", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await signIn(page, asker);
  await page.goto(long.path);
  for (const where of ["top", "bottom"]) {
    const nav = page.getByRole("navigation", { name: `Reply pages, ${where}` });
    assert.match(await nav.innerText(), /Page 1 of 2/, `the ${where} pager says where the reader is`);
    assert.equal(await nav.getByRole("link", { name: "Next →" }).getAttribute("href"), `${long.path}?page=2`);
  }
  const pagers = await page.locator("nav.pager").evaluateAll((navs) => navs.map((n) => n.getBoundingClientRect().top));
  const firstReply = await page.locator(`#post-${long.firstReplyID}`).evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(pagers[0] < firstReply, "a pager comes before the first reply");
  const composer = page.locator("section.composer");
  const more = composer.locator("[data-more-replies]");
  assert.match(await more.innerText(), /more replies/);
  await more.getByRole("link", { name: "Read page 2 of 2" }).click();
  await page.waitForURL((u) => u.search === "?page=2");
  assert.equal(await page.locator("section.composer [data-more-replies]").count(), 0, "the last page has no such note");
  assert.match(await page.getByRole("navigation", { name: "Reply pages, top" }).innerText(), /Page 2 of 2/);
  assertNoConsoleErrors(ctx);
  await ctx.close();
});

test("names show the username beside a different display name", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto(`${long.path}?page=2`);
  const byline = page.locator(`#post-${long.answerID} .byline .author`);
  const text = await byline.innerText();
  assert.ok(text.includes(`@${helperName}`), `the byline "${text}" lacks @${helperName}`);
  assert.ok(text.startsWith("Helper "), `the byline "${text}" lacks the display name`);
  await ctx.close();
});

test("a new reply updates every count on the page and is announced where the reader is", async () => {
  const wctx = await newContext(browser, server.url);
  const wpage = await wctx.newPage();
  await signUp(wpage, uniqueName("writer"));
  const t = await apiAs(wpage, "POST", "/api/threads", {
    title: "Keep-alive probes stop after a path change", subtopic: "networking", tags: ["netpath"],
    body: "Keep-alive probes stop being sent after the device moves from Wi-Fi to cellular.\n\n" + "More detail about the setup.\n\n".repeat(40),
  });
  const path = new URL(t.url, server.url).pathname;
  const ctx = await newContext(browser, server.url, { viewport: { width: 1280, height: 700 } });
  const page = await ctx.newPage();
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/live?") && r.status() === 200),
    page.goto(path),
  ]);
  assert.equal(await page.locator("#replies-h").innerText(), "0 replies");
  await page.evaluate(() => window.scrollTo(0, 0));
  await apiAs(wpage, "POST", `/api/threads/${t.id}/replies`, { body: "Set the keep-alive on the new path's socket." });
  const notice = page.locator(".live-notice");
  await notice.getByRole("link", { name: "1 new reply — show" }).waitFor();
  assert.equal(await page.locator("#replies-h").innerText(), "1 reply", "the heading counts the reply");
  assert.equal(await page.locator('.thread-head [data-stat="replies"]').innerText(), "1", "the statistics count the reply");
  const box = await notice.evaluate((el) => ({ ...el.getBoundingClientRect().toJSON(), position: getComputedStyle(el).position }));
  assert.equal(box.position, "fixed", "the notice floats");
  assert.ok(box.top >= 0 && box.bottom <= 700, `the notice is on screen for a reader at the top: ${box.top}–${box.bottom}`);
  await apiAs(wpage, "POST", `/api/threads/${t.id}/replies`, { body: "Or reconnect when the path changes." });
  await notice.getByRole("link", { name: "2 new replies — show" }).waitFor();
  assert.equal(await page.locator("#replies-h").innerText(), "2 replies");
  assertNoConsoleErrors(ctx);
  await Promise.all([ctx.close(), wctx.close()]);
});

test("Ask a question leads a signed-out visitor through sign-in to the composer, subtopic chosen", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto("/c/networking");
  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Ask a question" }).click();
  await page.waitForURL((u) => u.pathname === "/signin");
  await page.getByLabel("Username or email").fill(asker);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/new"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  assert.equal(await page.getByLabel("Subtopic").inputValue(), "networking");
  // And from a tag page, the tag is chosen.
  await page.goto("/tags/netpath");
  await page.getByRole("link", { name: "Ask about netpath" }).click();
  await page.waitForURL((u) => u.pathname === "/new");
  assert.equal(await page.locator("#tags").inputValue(), "netpath");
  assertNoConsoleErrors(ctx);
  await ctx.close();
});

test("signing up from a thread returns to it", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await page.goto(`${long.path}?page=2`);
  await page.locator(".signin-prompt").getByRole("link", { name: "create an account" }).click();
  const name = uniqueName("joiner");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Email").fill(`${name}@example.com`);
  await page.getByLabel(/^Password/).fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname === "/signin"), page.getByRole("button", { name: "Create account" }).click()]);
  await page.getByLabel("Username or email").fill(name);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/signin"), page.getByRole("button", { name: "Sign in" }).click()]);
  const u = new URL(page.url());
  assert.equal(u.pathname + u.search, `${long.path}?page=2`);
  await ctx.close();
});

test("revisions on a phone: version 1 as text, later versions as wrapped word-level changes", async () => {
  const ctx = await newContext(browser, server.url, { viewport: phone, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  const author = uniqueName("editor");
  await signUp(page, author);
  const para = Array.from({ length: 6 }, (_, i) => `Sentence ${i + 1} explains how the tunnel drops its route after the interface changes.`).join(" ");
  const t = await apiAs(page, "POST", "/api/threads", {
    title: "Tunnel drops its route after an interface change", subtopic: "networking", tags: ["netpath"], body: para,
  });
  // A reply first, so the author's quick edit keeps the version it saw.
  const other = await newContext(browser, server.url);
  const opage = await other.newPage();
  await signUp(opage, uniqueName("reader"));
  await apiAs(opage, "POST", `/api/threads/${t.id}/replies`, { body: "Which interface does it move to?" });
  await other.close();
  await apiAs(page, "PATCH", `/api/posts/${t.post_id}`, { body: para.replace("Sentence 4 explains", "Sentence 4 clearly explains") });
  await page.goto(t.url.replace(/^https?:\/\/[^/]+/, ""));
  assert.match(await page.locator(`#post-${t.post_id} .meta`).innerText(), /edited/, "the post is marked edited");
  await page.goto(`/p/${t.post_id}/revisions`);
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `the revisions page scrolls sideways: ${o.culprits.join(", ")}`);
  const v1 = page.locator("section.revision", { has: page.getByRole("heading", { name: "Version 1" }) });
  assert.equal(await v1.locator("pre.version").count(), 1, "version 1 is shown as text");
  assert.equal(await v1.locator("ins, del").count(), 0, "version 1 is not a wall of added lines");
  const v2 = page.locator("section.revision", { has: page.getByRole("heading", { name: "Version 2" }) });
  const marks = await v2.locator("pre.diff ins.add mark").allInnerTexts();
  assert.deepEqual(marks.map((m) => m.trim()).filter(Boolean), ["clearly"], "the change is the word, not the line");
  const fit = await v2.locator("pre.diff").evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, white: getComputedStyle(el).whiteSpace }));
  assert.ok(fit.scroll <= fit.client, `the diff is wider than its box: ${fit.scroll} > ${fit.client}`);
  assert.equal(fit.white, "pre-wrap");
  assertNoConsoleErrors(ctx);
  await ctx.close();
});

for (const v of [
  { name: "light", opts: { colorScheme: "light" } },
  { name: "dark", opts: { colorScheme: "dark" } },
  { name: "phone", opts: { colorScheme: "light", viewport: phone, isMobile: true, hasTouch: true } },
]) {
  test(`a long thread's pages pass axe-core in ${v.name}`, async () => {
    const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await ctx.newPage();
    await page.goto(long.path);
    await checkA11y(page, `thread page 1 (${v.name})`);
    await page.goto(`${long.path}?page=2`);
    await page.locator(`#post-${long.answerID}`).getByRole("link", { name: /Copy link/ }).click();
    await page.getByRole("status").filter({ hasText: "Link copied" }).waitFor();
    await checkA11y(page, `thread page 2 with a copied link (${v.name})`);
    const wctx = await newContext(browser, server.url);
    const wpage = await wctx.newPage();
    await signIn(wpage, asker);
    await signIn(page, asker);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/live?") && r.status() === 200),
      page.goto(`${long.path}?page=2`),
    ]);
    await checkA11y(page, `thread page 2 signed in (${v.name})`);
    await apiAs(wpage, "POST", `/api/threads/${long.id}/replies`, { body: `A reply while a reader watches in ${v.name}.` });
    await page.locator(".live-notice.floating").waitFor();
    await checkA11y(page, `thread with a floating notice (${v.name})`);
    assertNoConsoleErrors(ctx);
    await Promise.all([ctx.close(), wctx.close()]);
  });
}
