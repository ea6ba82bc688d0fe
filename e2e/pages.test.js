// Every kind of page, in the light and dark color schemes and at phone width: axe-core finds
// no serious or critical violation, and a screenshot of each (light, dark
// and phone width) lands in the screenshot folder for a human to look at.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, launch, newContext, phone, screenshot, screenshotDir } from "./lib/browser.js";
import { apiAs, password, seedLongThread, signIn, signUp, uniqueName } from "./lib/forum.js";

let server, browser, member, thread;

before(async () => {
  server = await startParley();
  browser = await launch();
  // One member with a thread, a reply from someone else and an edit, so
  // the thread, user, account and revisions pages all have content.
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  member = uniqueName("lena");
  await signUp(page, member);
  thread = await seedLongThread(page, 4);
  // A moderator's edit is a new revision (the author's own quick edits
  // fold into one), so the revisions page shows a real diff.
  await server.cli(["user", "create", "mod_mia", "--email", "mia@example.com", "--role", "moderator",
    "--title", "Community Moderator", "--password-stdin"], password + "\n");
  const mod = await newContext(browser, server.url);
  const mpage = await mod.newPage();
  await signIn(mpage, "mod_mia");
  const src = await apiAs(mpage, "GET", `/api/posts/${thread.postID}`);
  await apiAs(mpage, "PATCH", `/api/posts/${thread.postID}`, {
    body: src.body.replace("every request on cellular fails", "every request on cellular fails with the VPN profile installed") + "\n\n_Edited by a moderator: removed a private hostname._",
  });
  await mod.close();
  await apiAs(page, "POST", "/api/tokens", { name: "laptop" });
  const other = await newContext(browser, server.url);
  const opage = await other.newPage();
  await signUp(opage, uniqueName("sam"));
  const r = await apiAs(opage, "POST", `/api/threads/${thread.threadID}/replies`, { body: "Does it also fail with the VPN **off**? Try `netpathctl status`." });
  await apiAs(page, "PUT", `/api/threads/${thread.threadID}/accepted`, { post_id: r.post_id ?? r.id });
  await other.close();
  await ctx.close();
  console.log(`screenshots: ${screenshotDir()}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// signedIn says which pages need an account; the others are seen signed out.
const pages = [
  { name: "home", path: () => "/" },
  { name: "subtopic", path: () => "/c/networking" },
  { name: "tag", path: () => "/tags/netpath" },
  { name: "thread", path: () => thread.path },
  { name: "thread-member", path: () => thread.path, signedIn: true },
  { name: "permalink", path: () => `/p/${thread.postID}` },
  { name: "user", path: () => `/u/${member}` },
  { name: "signin", path: () => "/signin" },
  { name: "signup", path: () => "/signup" },
  { name: "compose", path: () => "/new", signedIn: true },
  { name: "account", path: () => "/account", signedIn: true },
  { name: "edit", path: () => `/p/${thread.postID}/edit`, signedIn: true },
  { name: "revisions", path: () => `/p/${thread.postID}/revisions`, signedIn: true },
  { name: "search", path: () => "/search?q=cellular" },
  { name: "search-help", path: () => "/search/help" },
  { name: "search-error", path: () => "/search?q=tgs%3Anetpath", status: 400 },
  { name: "error-404", path: () => "/no/such/page", status: 404 },
];

const variants = [
  { name: "light", opts: { colorScheme: "light" }, axe: true },
  { name: "dark", opts: { colorScheme: "dark" }, axe: true },
  { name: "phone", opts: { colorScheme: "light", viewport: phone, isMobile: true, hasTouch: true }, axe: true },
];

for (const v of variants) {
  test(`pages in ${v.name}${v.axe ? ": axe-core finds no serious or critical violation" : ""}`, async (t) => {
    // bypassCSP lets axe-core be injected as an inline script.
    const anon = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const signed = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const spage = await signed.newPage();
    await signIn(spage, member);
    const apage = await anon.newPage();
    for (const p of pages) {
      await t.test(p.name, async () => {
        const page = p.signedIn ? spage : apage;
        const res = await page.goto(p.path());
        assert.equal(res.status(), p.status ?? 200, `${p.path()} answered ${res.status()}`);
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `${p.name}-${v.name}`);
        if (v.axe) await checkA11y(page, `${p.name} (${v.name})`);
      });
    }
    assertNoConsoleErrors(anon);
    assertNoConsoleErrors(signed);
    await anon.close();
    await signed.close();
  });
}
