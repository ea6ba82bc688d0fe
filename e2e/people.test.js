// Staff run the people of the forum: an admin changes a member's role,
// suspends a member who is signed in on another page (their next action
// is refused, and signing in tells them why and until when), approves an
// account waiting for approval, and the admin pages are clean for axe in
// light, dark and at phone width.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, horizontalOverflow, launch, newContext, phone, screenshot } from "./lib/browser.js";
import { password, signIn, signUp, uniqueName } from "./lib/forum.js";

let server, browser;
const admin = "boss_ada";
before(async () => {
  server = await startParley();
  browser = await launch();
  await server.cli(["user", "create", admin, "--email", "ada@example.com", "--role", "admin", "--password-stdin"], password + "\n");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an admin changes a role, suspends a signed-in member and approves a waiting account", async () => {
  const actx = await newContext(browser, server.url, { bypassCSP: true });
  const apage = await actx.newPage();
  await signIn(apage, admin);

  // A member, signed in, reading a thread in their own browser.
  const mctx = await newContext(browser, server.url);
  const mpage = await mctx.newPage();
  const member = uniqueName("member");
  await signUp(mpage, member);
  await mpage.goto("/latest");
  await mpage.locator("a[href^='/t/']").first().click();
  await mpage.getByLabel("Reply (Markdown)").waitFor();
  const threadPath = new URL(mpage.url()).pathname;

  // The admin finds them and makes them staff with a title.
  await apage.goto("/admin/users");
  await checkA11y(apage, "people list");
  await apage.getByLabel(/Search by username/).fill(member);
  await apage.getByRole("button", { name: "Search" }).click();
  await apage.getByRole("link", { name: member, exact: true }).click();
  await apage.getByRole("heading", { level: 1 }).waitFor();
  await checkA11y(apage, "account page");
  await apage.locator("#role").selectOption("staff");
  await apage.getByLabel(/Staff title/).fill("Community Helper");
  await Promise.all([apage.waitForURL(/done=role/), apage.getByRole("button", { name: "Save role" }).click()]);
  assert.match(await apage.locator("#user-role").textContent(), /staff · Community Helper/);
  assert.equal(await apage.locator("#user-audit").getByText("user.role").count(), 1, "the role change is in the account's log");

  // Then suspends them until a date, with a reason.
  await apage.getByLabel(/^Until/).fill("2099-03-01");
  await apage.getByLabel(/^Reason/).fill("Repeated off-topic advertising");
  await Promise.all([apage.waitForURL(/done=suspend/), apage.getByRole("button", { name: "Suspend" }).click()]);
  assert.match(await apage.locator("#user-state").textContent(), /suspended until/);
  await screenshot(apage, "people-admin-user-suspended-light");
  await checkA11y(apage, "account page of a suspended account");

  // The member's next action on the page they had open is refused...
  await mpage.getByLabel("Reply (Markdown)").fill("A reply written after the suspension.");
  const [res] = await Promise.all([
    mpage.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(threadPath)),
    mpage.getByRole("button", { name: "Post reply" }).click(),
  ]);
  assert.equal(res.status(), 401, "the suspended session is refused");
  // The sign-in form comes back with the reply kept (a session that
  // ended never loses text).
  await mpage.getByRole("heading", { name: "Sign in", exact: true }).waitFor();
  // ...and signing in again tells them why, and until when.
  await mpage.goto("/signin");
  await mpage.getByLabel("Username or email").fill(member);
  await mpage.getByLabel("Password").fill(password);
  await mpage.getByRole("button", { name: "Sign in" }).click();
  const notice = mpage.getByRole("alert").filter({ hasText: "suspended" });
  await notice.waitFor();
  assert.match(await notice.textContent(), /until 1 March 2099 00:00 UTC\. Reason: Repeated off-topic advertising/);

  // An account waiting for approval cannot sign in until staff approve it.
  const waiting = uniqueName("waiting");
  await server.cli(["user", "create", waiting, "--email", `${waiting}@example.com`, "--pending", "--password-stdin"], password + "\n");
  const wctx = await newContext(browser, server.url);
  const wpage = await wctx.newPage();
  await wpage.goto("/signin");
  await wpage.getByLabel("Username or email").fill(waiting);
  await wpage.getByLabel("Password").fill(password);
  await wpage.getByRole("button", { name: "Sign in" }).click();
  await wpage.getByRole("alert").filter({ hasText: "waiting for approval" }).waitFor();

  await apage.goto("/admin/users");
  await apage.getByRole("link", { name: "Awaiting approval" }).click();
  await apage.getByRole("button", { name: `Approve ${waiting}` }).waitFor();
  await checkA11y(apage, "accounts awaiting approval");
  await apage.getByRole("link", { name: waiting, exact: true }).click();
  await Promise.all([apage.waitForURL(/done=approve/), apage.getByRole("button", { name: "Approve" }).click()]);
  assert.match(await apage.locator("#user-state").textContent(), /active/);
  await signIn(wpage, waiting);

  // An invitation link.
  await apage.goto("/admin/invites");
  await apage.getByRole("button", { name: "Create invitation link" }).click();
  assert.match(await apage.locator("#invite-link").textContent(), /\/signup\?invite=inv_/);
  await checkA11y(apage, "invitations");

  assertNoConsoleErrors(actx);
  assertNoConsoleErrors(wctx);
  await Promise.all([actx.close(), mctx.close(), wctx.close()]);
});

for (const v of [
  { name: "dark", opts: { colorScheme: "dark" } },
  { name: "phone", opts: { colorScheme: "light", viewport: phone, isMobile: true, hasTouch: true } },
]) {
  test(`the people pages in ${v.name}: axe-core finds no serious or critical violation`, async () => {
    const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const page = await ctx.newPage();
    await signIn(page, admin);
    for (const path of ["/admin/users", `/admin/users/${admin}`, "/admin/invites", "/account"]) {
      const res = await page.goto(path);
      assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
      await screenshot(page, `people${path.replaceAll("/", "-")}-${v.name}`);
      await checkA11y(page, `${path} (${v.name})`);
      if (v.name === "phone") {
        const o = await horizontalOverflow(page);
        assert.ok(o.scrollWidth <= o.clientWidth + 1, `${path} scrolls sideways on a phone: ${JSON.stringify(o)}`);
      }
    }
    assertNoConsoleErrors(ctx);
    await ctx.close();
  });
}
