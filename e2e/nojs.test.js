// The whole ask → reply → boost → accept journey with JavaScript off:
// every step is a plain form post with its CSRF token.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { launch, newContext } from "./lib/browser.js";
import { askQuestion, reply, signUp, uniqueName } from "./lib/forum.js";

let server, browser;
before(async () => {
  server = await startParley();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("signing up, asking, replying and accepting work without JavaScript", async () => {
  const asker = await newContext(browser, server.url, { javaScriptEnabled: false });
  const page = await asker.newPage();
  const askerName = uniqueName("plain");
  await signUp(page, askerName);
  // app.js marks <html> with class "js" as its first act; it never ran.
  assert.equal(await page.locator("html.js").count(), 0, "JavaScript is really off");

  const title = `Filter provider never sees UDP flows ${askerName}`;
  const threadPath = await askQuestion(page, {
    title, subtopic: "Networking", tags: ["net-extension"], redact: true,
    body: "My content filter only gets TCP flows.\n\n```\nflow 10.0.4.17:5353 -> 224.0.0.251:5353 proto=udp dropped\n```\n",
  });
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), title);
  const body = await page.locator("article.post .post-body").first().textContent();
  assert.match(body, /<IPv4-redacted>/);
  assert.doesNotMatch(body, /10\.0\.4\.17/);
  assert.equal(await page.locator("[data-preview]").isHidden(), true, "no preview without JavaScript");

  const helper = await newContext(browser, server.url, { javaScriptEnabled: false });
  const hpage = await helper.newPage();
  await signUp(hpage, uniqueName("plainhelper"));
  const postID = await reply(hpage, threadPath, "UDP flows reach a filter only when the rules match them; add a rule for UDP.");
  assert.equal(await hpage.locator(`#${postID} .post-body`).textContent().then((s) => s.trim()), "UDP flows reach a filter only when the rules match them; add a rule for UDP.");

  await page.goto(threadPath);
  const answer = page.locator(`#${postID}`);
  await Promise.all([page.waitForURL(`**${threadPath}#${postID}`), answer.getByRole("button", { name: /Boost/ }).click()]);
  assert.equal((await page.locator(`#${postID} .boost-count`).textContent()).trim(), "1");
  assert.equal(await page.locator(`#${postID}`).getByRole("button", { name: /Boost/ }).getAttribute("aria-pressed"), "true");

  await Promise.all([page.waitForURL(`**${threadPath}#${postID}`), page.locator(`#${postID}`).getByRole("button", { name: "Accept as answer" }).click()]);
  assert.equal(await page.locator(`#${postID} .badge.solved`).textContent(), "Accepted answer");
  assert.equal(await page.locator("h1 .badge.solved").textContent(), "Solved");

  await page.goto("/c/networking?filter=solved");
  assert.equal(await page.locator("tr.thread-row", { hasText: title }).locator(".badge.solved").textContent(), "Solved");

  await asker.close();
  await helper.close();
});
