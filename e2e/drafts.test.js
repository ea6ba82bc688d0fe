// Nothing typed is lost: composers save drafts as the user types (on the
// server, so they follow the user to another browser; in this browser
// when the server cannot be reached), offer "Resume draft" on return,
// clear them when posted, settle several tabs by the text typed last,
// and ask before a page with unsent text is left. The signed-in header
// is one row on a phone. axe stays clean in light, dark and phone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, launch, newContext, phone, screenshot } from "./lib/browser.js";
import { apiAs, password, signIn, signUp, uniqueName } from "./lib/forum.js";

let server, browser, ctx, page, user, thread;
before(async () => {
  server = await startParley();
  browser = await launch();
  ctx = await newContext(browser, server.url, { bypassCSP: true });
  page = await ctx.newPage();
  user = uniqueName("drafter");
  await signUp(page, user);
  const t = await apiAs(page, "POST", "/api/threads", {
    title: "Reconnects drop the first request after sleep", subtopic: "networking", tags: ["netpath"],
    body: "After the laptop wakes, the first request always fails with a timeout.",
  });
  thread = { id: t.id, path: new URL(t.url, server.url).pathname };
});
after(async () => {
  await ctx?.close();
  await browser?.close();
  await server?.stop();
});

const box = (p) => p.getByLabel("Reply (Markdown)");

// typeAndSave types into the reply box and resolves once the draft's PUT
// has been answered.
async function typeAndSave(p, text) {
  const saved = p.waitForResponse((r) => r.url().includes("/api/drafts/") && r.request().method() === "PUT");
  await box(p).click();
  await p.keyboard.type(text);
  const res = await saved;
  assert.equal(res.status(), 200, `the draft save answered ${res.status()}`);
  return res.json();
}

test("a reply's draft follows the user to another browser, resumes, and is gone once posted", async () => {
  await page.goto(thread.path);
  const text = "Try disabling the path cache before sleep.";
  const saved = await typeAndSave(page, text);
  assert.equal(saved.saved, true);
  assert.equal(saved.body, text);

  // Another browser (a second device) signed in as the same user.
  const other = await newContext(browser, server.url, { bypassCSP: true });
  const opage = await other.newPage();
  await signIn(opage, user);
  await opage.goto(thread.path);
  const offer = opage.locator("[data-draft-offer]");
  await offer.getByText("You have an unsent draft").waitFor();
  await checkA11y(opage, "a thread offering a draft");
  await Promise.all([opage.waitForURL(/draft=resume/), offer.getByRole("link", { name: "Resume draft" }).click()]);
  assert.equal(await box(opage).inputValue(), text, "the resumed composer lacks the draft");
  await opage.getByText("is restored below").waitFor();
  await Promise.all([opage.waitForURL(/#post-\d+$/), opage.getByRole("button", { name: "Post reply" }).click()]);
  await opage.goto(thread.path);
  assert.equal(await opage.locator("[data-draft-offer]").count(), 0, "the posted reply's draft is still offered");
  assert.equal(await box(opage).inputValue(), "");
  assertNoConsoleErrors(other);
  await other.close();
});

test("a reply posted after the session ended goes through sign-in and comes back with its text", async () => {
  const c2 = await newContext(browser, server.url, { bypassCSP: true });
  const p = await c2.newPage();
  await signIn(p, user);
  await p.goto(thread.path);
  const text = "Line one of a careful answer.\nLine two, after a newline.";
  await box(p).fill(text);
  await c2.clearCookies(); // the session is gone (expired, or signed out elsewhere)
  await Promise.all([p.waitForURL((u) => u.pathname.endsWith("/reply")), p.getByRole("button", { name: "Post reply" }).click()]);
  await p.getByText("You were signed out before your reply was posted").waitFor();
  await checkA11y(p, "the sign-in form carrying a reply");
  await p.getByLabel("Username or email").fill(user);
  await p.getByLabel("Password").fill(password);
  await Promise.all([p.waitForURL(/draft=resume/), p.getByRole("button", { name: "Sign in" }).click()]);
  assert.equal(new URL(p.url()).pathname, thread.path);
  assert.equal((await box(p).inputValue()).replace(/\r\n/g, "\n"), text, "the reply's text did not come back");
  await p.getByText("is restored below").waitFor();
  assertNoConsoleErrors(c2);
  await c2.close();
  await apiAs(page, "DELETE", `/api/drafts/reply-${thread.id}`);
});

test("a draft can be discarded from its offer", async () => {
  await page.goto(thread.path);
  await typeAndSave(page, "A thought I will not post.");
  page.once("dialog", (d) => d.accept());
  await page.reload();
  const offer = page.locator("[data-draft-offer]");
  await Promise.all([page.waitForURL((u) => u.pathname === thread.path), offer.getByRole("button", { name: "Discard draft" }).click()]);
  assert.equal(await page.locator("[data-draft-offer]").count(), 0, "the discarded draft is still offered");
});

test("with several tabs open, the text typed last is the draft", async () => {
  const a = await ctx.newPage();
  const b = await ctx.newPage();
  await a.goto(thread.path);
  await b.goto(thread.path);
  await typeAndSave(a, "Typed in tab A.");
  await typeAndSave(b, "Typed in tab B, later.");
  const c = await ctx.newPage();
  await c.goto(thread.path);
  await c.locator("[data-draft-offer]").getByRole("link", { name: "Resume draft" }).click();
  await c.waitForURL(/draft=resume/);
  assert.equal(await box(c).inputValue(), "Typed in tab B, later.");
  for (const p of [a, b, c]) {
    p.on("dialog", (d) => d.accept());
    await p.close({ runBeforeUnload: false });
  }
  await apiAs(page, "DELETE", `/api/drafts/reply-${thread.id}`);
});

test("leaving a page with unsent text asks first", async () => {
  await page.goto(thread.path);
  await box(page).click();
  await page.keyboard.type("Half a sentence");
  let asked = null;
  page.once("dialog", async (d) => { asked = d.type(); await d.dismiss(); });
  // Staying (dismissing the prompt) keeps the page and the text.
  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Latest" }).click({ noWaitAfter: true });
  for (let i = 0; i < 50 && asked === null; i++) await page.waitForTimeout(100);
  assert.equal(asked, "beforeunload", "leaving the page did not ask");
  assert.equal(new URL(page.url()).pathname, thread.path);
  assert.equal(await box(page).inputValue(), "Half a sentence");
  // Posting leaves without asking.
  const onPost = (d) => { asked = "asked on post"; d.dismiss(); };
  page.once("dialog", onPost);
  asked = null;
  await page.keyboard.type(" finished.");
  await Promise.all([page.waitForURL(/#post-\d+$/), page.getByRole("button", { name: "Post reply" }).click()]);
  page.off("dialog", onPost);
  assert.equal(asked, null, "posting asked before leaving");
});

test("offline, the draft is kept in the browser, posting waits, and it is sent when back online", async () => {
  await page.goto(thread.path);
  // The server cannot be reached for drafts: the text goes to localStorage.
  await page.route("**/api/drafts/**", (r) => r.abort());
  await box(page).click();
  await page.keyboard.type("Written on a train.");
  const localKey = `parley-draft:${user}:reply-${thread.id}`;
  await page.waitForFunction((k) => JSON.parse(localStorage.getItem(k) || "null")?.body === "Written on a train.", localKey);
  page.once("dialog", (d) => d.accept());
  await page.reload();
  const offer = page.locator("[data-local-draft]");
  await offer.getByText("saved in this browser").waitFor();
  await checkA11y(page, "a thread offering a draft kept in the browser");
  await offer.getByRole("button", { name: "Resume draft" }).click();
  assert.equal(await box(page).inputValue(), "Written on a train.");

  // Posting while offline does not leave the page.
  await ctx.setOffline(true);
  await page.getByRole("button", { name: "Post reply" }).click();
  await page.getByText("You are offline, so nothing was posted").waitFor();
  assert.equal(new URL(page.url()).pathname, thread.path);
  await page.unroute("**/api/drafts/**");
  // Back online, the browser's copy reaches the server.
  const synced = page.waitForResponse((r) => r.url().includes("/api/drafts/") && r.request().method() === "PUT");
  await ctx.setOffline(false);
  assert.equal((await synced).status(), 200);
  const d = await apiAs(page, "GET", `/api/drafts/reply-${thread.id}`);
  assert.equal(d.body, "Written on a train.");
  await page.waitForFunction((k) => localStorage.getItem(k) === null, localKey);
  await Promise.all([page.waitForURL(/#post-\d+$/), page.getByRole("button", { name: "Post reply" }).click()]);
  assertNoConsoleErrors(ctx);
});

for (const scheme of ["light", "dark"]) {
  test(`on a phone the signed-in header is one row with a menu (${scheme})`, async () => {
    const pctx = await newContext(browser, server.url, { viewport: phone, isMobile: true, hasTouch: true, colorScheme: scheme, bypassCSP: true });
    const p = await pctx.newPage();
    await signIn(p, user);
    await p.goto(thread.path);
    const rows = await p.evaluate(() => {
      const bar = document.querySelector(".site-header .bar");
      const tops = [".brand", ".site-search", ".nav-menu > summary"].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return { s, top: r.top, bottom: r.bottom, visible: r.width > 0 && r.height > 0 };
      });
      return { height: bar.getBoundingClientRect().height, tops };
    });
    for (const t of rows.tops) assert.ok(t.visible, `${t.s} is not shown`);
    const mid = (t) => (t.top + t.bottom) / 2;
    for (const t of rows.tops) {
      assert.ok(Math.abs(mid(t) - mid(rows.tops[0])) < 12, `${t.s} is not on the brand's row: ${JSON.stringify(rows.tops)}`);
    }
    assert.ok(rows.height < 64, `the header is ${rows.height} px high, more than one row`);
    const signOut = p.getByRole("button", { name: "Sign out" });
    assert.equal(await signOut.isVisible(), false, "the menu's links show before it is opened");
    await checkA11y(p, `the phone header, menu closed (${scheme})`);
    await p.locator(".nav-menu > summary").click();
    await signOut.waitFor();
    for (const name of ["Latest", "Ask a question", "Account"]) {
      assert.ok(await p.getByRole("navigation", { name: "Site" }).getByRole("link", { name }).isVisible(), `the menu lacks ${name}`);
    }
    await checkA11y(p, `the phone header, menu open (${scheme})`);
    await screenshot(p, `phone-header-menu-${scheme}`);
    await p.keyboard.press("Escape");
    await signOut.waitFor({ state: "hidden" });
    assertNoConsoleErrors(pctx);
    await pctx.close();
  });
}

test("on a wide screen the header's links are inline and the thread's facts fill the side column", async () => {
  await page.goto(thread.path);
  const nav = page.getByRole("navigation", { name: "Site" });
  for (const name of ["Latest", "Ask a question", "Account"]) assert.ok(await nav.getByRole("link", { name }).isVisible(), `${name} is not shown`);
  assert.ok(await nav.getByRole("button", { name: "Sign out" }).isVisible());
  assert.equal(await page.locator(".nav-menu > summary").isVisible(), false, "a wide screen shows the menu button");
  const facts = page.getByRole("complementary", { name: "About this thread" });
  await facts.getByText("Asked by").waitFor();
  const geo = await page.evaluate(() => {
    const f = document.querySelector(".thread-facts").getBoundingClientRect();
    const post = document.querySelector("article.post").getBoundingClientRect();
    return { factsLeft: f.left, postRight: post.right, factsRight: f.right, width: document.documentElement.clientWidth };
  });
  assert.ok(geo.factsLeft >= geo.postRight, `the facts overlap the posts: ${JSON.stringify(geo)}`);
  await checkA11y(page, "a thread with its facts");
  await screenshot(page, "thread-facts-desktop");
});

test("zero boost counts are not shown", async () => {
  const reader = await newContext(browser, server.url);
  const r = await reader.newPage();
  await r.goto(thread.path);
  const q = r.locator("article.post").first();
  assert.equal(await q.locator(".boost-static").isVisible(), false, "a reader sees a zero boost count");
  await page.goto(thread.path);
  const count = page.locator("article.post").first().locator(".boost-count");
  assert.equal(await count.isVisible(), false, "a member sees a zero beside Boost");
  await reader.close();
});
