// An operator's first hour: the setup page of an empty forum (with the
// code from the server's log), the admin checklist, making the forum
// private and seeing a signed-out visitor refused everywhere, and the
// audit log showing each step. axe-core is clean on every admin page in
// light and dark, and nothing overflows a phone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, horizontalOverflow, launch, newContext, phone, screenshot } from "./lib/browser.js";
import { password } from "./lib/forum.js";

let server, browser;
before(async () => {
  server = await startParley({ args: ["--no-demo"] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const variants = [
  { name: "light", opts: { colorScheme: "light" }, axe: true },
  { name: "dark", opts: { colorScheme: "dark" }, axe: true },
  { name: "phone", opts: { colorScheme: "light", viewport: phone, isMobile: true, hasTouch: true }, phone: true },
];

async function look(page, name, v) {
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, `${name}-${v.name}`);
  if (v.axe) await checkA11y(page, `${name} (${v.name})`);
  if (v.phone) {
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `${name} scrolls sideways on a phone: ${JSON.stringify(o)}`);
  }
}

function setupCode() {
  const m = server.log.join("").match(/setup_code=([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})/);
  assert.ok(m, `no setup code in the server's log:\n${server.log.join("")}`);
  return m[1];
}

test("the setup page of an empty forum, in every variant", async () => {
  for (const v of variants) {
    const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto("/");
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Set up your forum");
    if (v.name === "light") {
      // A wrong code is a field error and keeps what was typed.
      await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC-DDDD");
      await page.getByLabel("Forum name").fill("Acme Developers");
      await page.getByLabel("Your username").fill("oskar");
      await page.getByLabel("Email").fill("oskar@example.com");
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole("button", { name: "Create the administrator" }).click();
      await page.getByText("is not the setup code printed in the server's log").waitFor();
      assert.equal(await page.getByLabel("Forum name").inputValue(), "Acme Developers");
    }
    await look(page, "setup", v);
    assertNoConsoleErrors(ctx);
    await ctx.close();
  }
});

test("setup, the checklist, a private forum and the audit log", async (t) => {
  const admin = await newContext(browser, server.url, { colorScheme: "light", bypassCSP: true });
  const page = await admin.newPage();
  await page.goto("/");
  await page.getByLabel("Setup code").fill(setupCode());
  await page.getByLabel("Forum name").fill("Acme Developers");
  await page.getByLabel("Your username").fill("oskar");
  await page.getByLabel("Email").fill("oskar@example.com");
  await page.getByLabel(/^Password/).fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/admin"),
    page.getByRole("button", { name: "Create the administrator" }).click(),
  ]);
  const checklist = page.getByRole("list").filter({ hasText: "Create the first topics" });
  assert.match(await checklist.textContent(), /Name the forum \(now “Acme Developers”\)/);
  assert.match(await page.title(), /Acme Developers/);
  const nav = page.getByRole("navigation", { name: "Admin" });
  for (const name of ["Settings", "Topics", "Tags", "Users", "Audit log"]) {
    assert.equal(await nav.getByRole("link", { name }).count(), 1, `admin navigation lacks ${name}`);
  }

  await t.test("the forum becomes private", async () => {
    await page.goto("/admin/settings");
    await page.getByLabel("Private forum").check();
    await page.getByLabel("About", { exact: true }).fill("# Welcome\n\nThe forum of Acme's platform teams.");
    await Promise.all([
      page.waitForURL(/saved=1/),
      page.getByRole("button", { name: "Save settings" }).click(),
    ]);
    await page.getByText("Settings saved.").waitFor();
    assert.equal(await page.getByLabel("Private forum").isChecked(), true);
  });

  await t.test("a signed-out visitor is refused everywhere", async () => {
    const anon = await newContext(browser, server.url, { colorScheme: "light" });
    const ap = await anon.newPage();
    for (const path of ["/", "/latest", "/search?q=listener", "/new"]) {
      await ap.goto(path);
      assert.equal(new URL(ap.url()).pathname, "/signin", `${path} did not send the visitor to sign in`);
    }
    for (const path of ["/latest.json", "/latest.rss", "/latest.atom", "/sitemap.xml", "/api/me", "/api/admin/log"]) {
      const res = await ap.request.get(path);
      assert.equal(res.status(), 401, `${path} answered ${res.status()}`);
    }
    const about = await ap.goto("/about");
    assert.equal(about.status(), 200);
    await ap.getByText("The forum of Acme's platform teams.").waitFor();
    await anon.close();
  });

  await t.test("the audit log shows each step", async () => {
    await page.goto("/admin/log");
    const rows = page.locator("table.audit tbody tr");
    const text = await rows.allTextContents();
    assert.ok(text.some((r) => /setup\.complete/.test(r) && /Acme Developers/.test(r)), `no setup row in ${text}`);
    assert.ok(text.some((r) => /setting\.change/.test(r) && /login_required/.test(r) && /false\s*→\s*true/.test(r)), `no privacy row in ${text}`);
    assert.ok(text.some((r) => /page_about/.test(r)), `no About page row in ${text}`);
    await page.getByLabel("Action").fill("setup.");
    await page.getByRole("button", { name: "Filter" }).click();
    assert.equal(await rows.count(), 1);
  });

  for (const v of variants) {
    await t.test(`admin pages in ${v.name}`, async () => {
      const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
      await ctx.addCookies(await admin.cookies());
      const p = await ctx.newPage();
      for (const [name, path] of [["admin", "/admin"], ["admin-settings", "/admin/settings"], ["admin-log", "/admin/log"], ["about", "/about"]]) {
        const res = await p.goto(path);
        assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
        await look(p, name, v);
      }
      assertNoConsoleErrors(ctx);
      await ctx.close();
    });
  }
  assertNoConsoleErrors(admin);
  await admin.close();
});
