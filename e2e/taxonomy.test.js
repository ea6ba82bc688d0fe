// An administrator shapes the forum in the browser: creates a topic, a
// subtopic and a tag, renames the subtopic and follows its old address,
// then pins, locks and moves a thread from the staff menu and sees each
// notice in the thread. Every page is checked with axe-core in the light
// and dark schemes and at phone width.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, checkA11y, launch, newContext, phone, screenshot } from "./lib/browser.js";
import { askQuestion, password, signIn } from "./lib/forum.js";

let server, browser;
before(async () => {
  server = await startParley();
  browser = await launch();
  await server.cli(["user", "create", "oskar", "--email", "oskar@example.com", "--role", "admin", "--password-stdin"], password + "\n");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const variants = [
  { name: "light", opts: { colorScheme: "light" } },
  { name: "dark", opts: { colorScheme: "dark" } },
  { name: "phone", opts: { colorScheme: "light", viewport: phone, isMobile: true, hasTouch: true } },
];

async function check(page, name, variant) {
  await screenshot(page, `${name}-${variant}`);
  await checkA11y(page, `${name} (${variant})`);
}

for (const v of variants) {
  test(`an administrator creates, renames, pins, locks and moves (${v.name})`, async () => {
    const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const page = await ctx.newPage();
    await signIn(page, "oskar");
    const n = v.name; // keeps names apart between variants

    // A topic.
    await page.goto("/admin/topics");
    await check(page, "admin-topics", n);
    await page.locator("#nt-title").fill(`Platform Team ${n}`);
    await page.locator("#nt-description").fill("Everything the **platform team** runs.");
    await Promise.all([page.waitForURL(/\/admin\/topics\?done=/), page.getByRole("button", { name: "Create topic" }).click()]);
    await page.getByRole("status").filter({ hasText: `Topic “Platform Team ${n}” created.` }).waitFor();

    // A subtopic in it; a slug clash first comes back as a field error.
    await page.locator("#ns-topic").selectOption({ label: `Platform Team ${n}` });
    await page.locator("#ns-title").fill(`Build Farm ${n}`);
    await page.locator("#ns-slug").fill("networking");
    await page.getByRole("button", { name: "Create subtopic" }).click();
    await page.locator("#ns-slug-err").filter({ hasText: 'slug already used by "Networking"' }).waitFor();
    assert.equal(await page.locator("#ns-title").inputValue(), `Build Farm ${n}`, "the typed title is kept");
    await check(page, "admin-topics-error", n);
    await page.locator("#ns-slug").fill(`build-farm-${n}`);
    await Promise.all([page.waitForURL(/\/admin\/topics\?done=/), page.getByRole("button", { name: "Create subtopic" }).click()]);

    // A tag.
    await page.goto("/admin/tags");
    await check(page, "admin-tags", n);
    await page.getByLabel("Name").fill(`bazel-${n}`);
    await page.getByLabel("Description").fill("Remote builds and caching.");
    await page.getByLabel("Synonyms").fill(`blaze-${n}`);
    await Promise.all([page.waitForURL(/\/admin\/tags\?done=/), page.getByRole("button", { name: "Create tag" }).click()]);
    await page.getByRole("link", { name: `bazel-${n}`, exact: true }).waitFor();

    // Rename the subtopic; its old address redirects to the new one.
    await page.goto("/admin/topics");
    await page.getByRole("link", { name: `Edit subtopic Build Farm ${n}` }).click();
    await check(page, "admin-subtopic", n);
    await page.getByLabel("Slug").fill(`builds-${n}`);
    await Promise.all([page.waitForURL(/\/admin\/topics\?done=/), page.getByRole("button", { name: "Save subtopic" }).click()]);
    await page.goto(`/c/build-farm-${n}`);
    assert.equal(new URL(page.url()).pathname, `/c/builds-${n}`, "the old address redirects");
    assert.equal((await page.getByRole("heading", { level: 1 }).textContent()).trim(), `Build Farm ${n}`);

    // A thread there, tagged by a synonym (stored as the main tag).
    const path = await askQuestion(page, {
      title: `Remote cache misses on every CI run ${n}`, subtopic: `Build Farm ${n}`, tags: [`blaze-${n}`],
      body: "Every CI run misses the remote cache although the inputs are the same.",
    });
    assert.equal(await page.locator(".thread-head .tag", { hasText: `bazel-${n}` }).count(), 1, "the synonym stored the main tag");

    // The staff menu: pin, lock, move; each leaves a notice.
    const menu = async () => {
      const details = page.locator("details.staff-menu");
      if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
    };
    await menu();
    await check(page, "thread-staff-menu", n);
    await Promise.all([page.waitForURL(`**${path}`), page.getByRole("button", { name: `Pin in Build Farm ${n}` }).click()]);
    await page.locator(".staff-notice", { hasText: "Pinned by oskar" }).waitFor();
    await menu();
    await Promise.all([page.waitForURL(`**${path}`), page.getByRole("button", { name: "Lock", exact: true }).click()]);
    await page.locator(".staff-notice", { hasText: "Locked by oskar" }).waitFor();
    assert.equal(await page.locator("h1 .badge.locked").count(), 1);
    await menu();
    await page.getByLabel("Move to").selectOption({ label: "Networking" });
    await Promise.all([page.waitForURL(/\/t\//), page.getByRole("button", { name: "Move", exact: true }).click()]);
    await page.locator(".staff-notice", { hasText: `Moved from Build Farm ${n} by oskar` }).waitFor();
    assert.equal(await page.locator(".crumbs a", { hasText: "Networking" }).count(), 1, "the thread is in Networking");
    await check(page, "thread-notices", n);

    // The tag index lists the new tag with its description.
    await page.goto("/tags");
    await page.locator(".tag-index li", { hasText: `bazel-${n}` }).filter({ hasText: "Remote builds and caching." }).waitFor();
    await check(page, "tags", n);
    assertNoConsoleErrors(ctx);
    await ctx.close();
  });
}
