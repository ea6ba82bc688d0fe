// Deleting is safe: a moderator deletes a reply, confirms in the dialog,
// undoes it from the result page; the same without JavaScript goes through
// the confirmation page; a visitor stops seeing the deleted reply at once;
// the dialog, result page and deleted list are clean for axe in light,
// dark and at phone width (axe needs JavaScript, so the confirmation page
// is checked by the Go handler tests and the no-JavaScript journey only).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, horizontalOverflow, launch, newContext, phone } from "./lib/browser.js";
import { askQuestion, password, reply, signIn, signUp, uniqueName } from "./lib/forum.js";

let server, browser, threadPath, replyID, replyText;
const mod = "mod_dora";
before(async () => {
  server = await startParley();
  browser = await launch();
  await server.cli(["user", "create", mod, "--email", "dora@example.com", "--role", "moderator", "--password-stdin"], password + "\n");
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  const asker = uniqueName("delasker");
  await signUp(page, asker);
  threadPath = await askQuestion(page, {
    title: `Keychain item vanishes after restore ${asker}`, subtopic: "Networking",
    body: "After restoring from a backup the item is gone until the next launch.",
  });
  const other = await newContext(browser, server.url);
  const opage = await other.newPage();
  await signUp(opage, uniqueName("delhelper"));
  replyText = `Set the accessibility class before saving ${asker}.`;
  replyID = await reply(opage, threadPath, replyText);
  await Promise.all([ctx.close(), other.close()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a moderator deletes a reply after confirming in a dialog, and undoes it", async () => {
  const ctx = await newContext(browser, server.url, { bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, mod);
  await page.goto(threadPath);
  const post = page.locator(`#${replyID}`);
  await post.getByRole("button", { name: /^Delete/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Delete this reply\?/);
  await checkA11y(page, "delete confirmation dialog");
  // Cancel keeps the reply.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await post.locator(".post-body").count(), 1, "cancel deletes nothing");

  await post.getByRole("button", { name: /^Delete/ }).click();
  await Promise.all([
    page.waitForURL(/\/p\/\d+\/delete$/),
    dialog.getByRole("button", { name: "Confirm" }).click(),
  ]);
  await page.getByRole("heading", { name: "Reply deleted" }).waitFor();
  await checkA11y(page, "delete result page");

  // A visitor no longer sees it.
  const vctx = await newContext(browser, server.url);
  const vpage = await vctx.newPage();
  await vpage.goto(threadPath);
  assert.equal(await vpage.getByText(replyText).count(), 0, "visitors do not see the deleted reply");
  assert.equal(await vpage.locator(`#${replyID} .deleted-note`).textContent(), "This post was deleted.");

  // Undo from the result page brings it back, for the visitor too.
  await Promise.all([
    page.waitForURL((u) => u.pathname === threadPath),
    page.getByRole("button", { name: "Undo" }).click(),
  ]);
  await page.locator(`#${replyID} .post-body`).waitFor();
  await vpage.reload();
  assert.equal(await vpage.getByText(replyText).count(), 1, "the restored reply is back for visitors");
  assertNoConsoleErrors(ctx);
  await Promise.all([ctx.close(), vctx.close()]);
});

test("without JavaScript the delete asks on a confirmation page, and the deleted list restores", async () => {
  const ctx = await newContext(browser, server.url, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, mod);
  await page.goto(threadPath);
  await Promise.all([
    page.waitForURL(/\/p\/\d+\/delete$/),
    page.locator(`#${replyID}`).getByRole("button", { name: /^Delete/ }).click(),
  ]);
  await page.getByRole("heading", { name: "Delete this reply?" }).waitFor();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("heading", { name: "Reply deleted" }).waitFor();

  // Moderators see who deleted it, in the thread and the deleted list.
  await page.goto(threadPath);
  assert.match(await page.locator(`#${replyID} .deleted-note`).textContent(), new RegExp(`deleted by ${mod} on`));
  await page.goto("/admin/deleted");
  const row = page.locator("tr", { hasText: "Reply #2" });
  assert.match(await row.locator(".deleted-by").textContent(), new RegExp(`by ${mod}`));
  await Promise.all([
    page.waitForURL((u) => u.pathname === threadPath),
    row.getByRole("button", { name: /^Restore/ }).click(),
  ]);
  assert.equal(await page.getByText(replyText).count(), 1);
  await ctx.close();
});

for (const v of [
  { name: "light", opts: { colorScheme: "light" } },
  { name: "dark", opts: { colorScheme: "dark" } },
  { name: "phone", opts: { colorScheme: "light", viewport: phone, isMobile: true, hasTouch: true } },
]) {
  test(`the delete dialog, result page and deleted list in ${v.name}: axe-core finds no serious or critical violation`, async () => {
    const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const page = await ctx.newPage();
    await signIn(page, mod);
    await page.goto(threadPath);
    await page.locator(`#${replyID}`).getByRole("button", { name: /^Delete/ }).click();
    await page.getByRole("dialog").waitFor();
    await checkA11y(page, `delete dialog (${v.name})`);
    await Promise.all([
      page.waitForURL(/\/p\/\d+\/delete$/),
      page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click(),
    ]);
    await page.getByRole("heading", { name: "Reply deleted" }).waitFor();
    await checkA11y(page, `delete result (${v.name})`);
    await page.goto("/admin/deleted");
    await checkA11y(page, `deleted list (${v.name})`);
    if (v.name === "phone") {
      const o = await horizontalOverflow(page);
      assert.ok(o.scrollWidth <= o.clientWidth + 1, `the deleted list scrolls sideways on a phone: ${JSON.stringify(o)}`);
    }
    await page.goto(threadPath);
    await Promise.all([
      page.waitForURL((u) => u.pathname === threadPath),
      page.locator(`#${replyID}`).getByRole("button", { name: /^Restore/ }).click(),
    ]);
    assertNoConsoleErrors(ctx);
    await ctx.close();
  });
}
