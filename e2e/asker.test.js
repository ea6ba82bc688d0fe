// A newcomer asks a question with JavaScript on: live preview with
// redaction counts, highlighted code, a reply from someone else, a boost
// without reload, an accepted answer, and the thread listed as Solved.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, launch, newContext } from "./lib/browser.js";
import { reply, signUp, uniqueName } from "./lib/forum.js";

let server, browser;
before(async () => {
  server = await startParley();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const questionBody = `My listener stops accepting connections after the device sleeps. Setup:

\`\`\`swift
let listener = try NetListener(using: .tcp, on: 8080)
listener.stateUpdateHandler = { state in
    print("listener state: \\(state)")
}
\`\`\`

The log from the failing run:

\`\`\`
10:14:02.118 netpathd: accepted peer 192.168.14.23:51544 for owner jane.appleseed@example.com
10:14:09.502 netpathd: listener failed: POSIX error 57 (socket is not connected)
\`\`\`
`;

test("a newcomer asks with redaction, gets a reply, boosts and accepts it", async () => {
  const asker = await newContext(browser, server.url);
  const page = await asker.newPage();
  const askerName = uniqueName("newcomer");
  await signUp(page, askerName);

  const title = `Listener stops accepting after sleep ${askerName}`;
  await page.goto("/new");
  assert.equal(await page.locator("html.js").count(), 1, "app.js ran");
  // As a title is typed, likely duplicates are suggested.
  await page.getByLabel("Title").fill("provider fails with too many open files");
  const similar = page.locator("[data-similar-list]");
  await similar.getByRole("link", { name: /FileBridge provider fails with EMFILE/ }).waitFor();
  assert.ok(await similar.getByRole("link").count() <= 5, "at most five suggestions");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Subtopic").selectOption({ label: "Networking" });
  // The tag field suggests names as they are typed.
  await page.getByLabel(/^Tags/).fill("netp");
  assert.ok(await page.locator("#tag-options option[value='netpath']").count() === 1, "netpath is suggested");
  await page.getByLabel(/^Tags/).fill("netpath");
  await page.getByLabel("Details (Markdown)").fill(questionBody);
  await page.getByLabel(/Redact private data/).check();

  // The live preview renders on the server and reports what it will redact.
  const preview = page.locator("[data-preview]");
  await preview.getByText("<IPv4-redacted>").first().waitFor();
  const note = page.locator("[data-redactions]");
  await note.filter({ hasText: "1 IPv4 address" }).waitFor();
  assert.match(await note.textContent(), /1 email address/);
  assert.equal(await note.getAttribute("role"), "status", "the redaction note is announced");
  assert.ok(await preview.locator("pre code span[class]").count() > 0, "the preview highlights code");

  await Promise.all([page.waitForURL(/\/t\/[^/]+\/\d+$/), page.getByRole("button", { name: "Post question" }).click()]);
  const threadPath = new URL(page.url()).pathname;
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), title);
  const question = page.locator("article.post").first();
  assert.ok(await question.locator("pre code span[class]").count() > 3, "the Swift block is highlighted");
  const body = await question.locator(".post-body").textContent();
  assert.match(body, /<IPv4-redacted>/);
  assert.match(body, /<email-redacted>/);
  assert.doesNotMatch(body, /192\.168\.14\.23|jane\.appleseed/);
  assert.equal(await page.locator(".thread-head .tag", { hasText: "netpath" }).count(), 1);

  // Someone else answers from their own browser.
  const helper = await newContext(browser, server.url);
  const hpage = await helper.newPage();
  await signUp(hpage, uniqueName("helper"));
  const postID = await reply(hpage, threadPath, "Keep a strong reference to the listener and restart it from `.failed`; sleep tears the socket down.");

  // The asker boosts the reply: the count changes without a page load.
  await page.reload();
  const answer = page.locator(`#${postID}`);
  const boost = answer.getByRole("button", { name: /Boost/ });
  assert.equal(await boost.getAttribute("aria-pressed"), "false");
  assert.equal((await answer.locator(".boost-count").textContent()).trim(), "0");
  await page.evaluate(() => { window.__sameDocument = true; });
  await boost.click();
  await answer.locator(".boost-count", { hasText: "1" }).waitFor();
  assert.equal(await boost.getAttribute("aria-pressed"), "true");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "boosting reloaded the page");

  // Accepting is a plain form post.
  await Promise.all([page.waitForURL(`**${threadPath}#${postID}`), answer.getByRole("button", { name: "Accept as answer" }).click()]);
  // The top of the thread shows an excerpt that jumps to the answer, which
  // is in full only in its place.
  await page.locator(".answers .answer-summary.accepted").waitFor();
  assert.equal(await page.locator(".answers .answer-summary a.jump").getAttribute("href"), `${threadPath}#${postID}`);
  assert.equal(await page.locator("article.post.accepted").count(), 1);
  assert.equal(await page.locator(`#${postID} .badge.solved`).textContent(), "Accepted answer");
  assert.equal(await page.locator("h1 .badge.solved").textContent(), "Solved");
  assert.equal((await page.locator(`#${postID} .boost-count`).textContent()).trim(), "1", "the boost was stored");

  await page.goto("/c/networking");
  const row = page.locator("tr.thread-row", { hasText: title });
  assert.equal(await row.locator(".badge.solved").textContent(), "Solved");

  assertNoConsoleErrors(asker);
  assertNoConsoleErrors(helper);
  await asker.close();
  await helper.close();
});

test("a rejected question keeps the typed text and announces the error at the title", async () => {
  const ctx = await newContext(browser, server.url);
  const page = await ctx.newPage();
  await signUp(page, uniqueName("hasty"));
  await page.goto("/new");
  const text = "Steps to reproduce:\n\n1. open a FetchSession\n2. cancel it while the request is in flight";
  await page.getByLabel("Details (Markdown)").fill(text);
  await page.getByLabel("Subtopic").selectOption({ label: "Networking" });

  // A truly empty title never leaves the browser…
  await page.getByRole("button", { name: "Post question" }).click();
  assert.equal(await page.locator("#title").evaluate((el) => el.validity.valueMissing), true);
  assert.equal(new URL(page.url()).pathname, "/new");

  // …and a blank one comes back from the server with the error beside it.
  await page.getByLabel("Title").fill("   ");
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/new"),
    page.getByRole("button", { name: "Post question" }).click(),
  ]);
  assert.equal(res.status(), 422);
  await page.waitForLoadState("domcontentloaded");
  assert.equal(await page.getByLabel("Details (Markdown)").inputValue(), text, "the body was kept");
  assert.equal(await page.getByLabel("Subtopic").inputValue(), "networking", "the subtopic was kept");

  const titleInput = page.locator("#title");
  assert.equal(await titleInput.getAttribute("aria-invalid"), "true");
  const errID = await titleInput.getAttribute("aria-describedby");
  assert.ok(errID, "the title points at its error");
  const err = page.locator(`#${errID}`);
  assert.match(await err.textContent(), /Title is required/);
  assert.equal(await err.getAttribute("role"), "alert");
  assert.equal(await err.isVisible(), true);
  const tBox = await titleInput.boundingBox();
  const eBox = await err.boundingBox();
  assert.ok(eBox.y >= tBox.y + tBox.height - 1 && eBox.y - (tBox.y + tBox.height) < 24, "the error sits right under the title field");
  // The first invalid field gets focus, so its error is read out with it.
  assert.equal(await page.evaluate(() => document.activeElement?.id), "title");

  assertNoConsoleErrors(ctx);
  await ctx.close();
});
