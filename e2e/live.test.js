// A reader keeps a thread or a list open while others write: the page
// announces new replies and threads and keeps boost counts current,
// without reloading, through the /api/live event stream.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { assertNoConsoleErrors, launch, newContext } from "./lib/browser.js";
import { apiAs, signUp, uniqueName } from "./lib/forum.js";

let server, browser;
before(async () => {
  server = await startParley();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// open loads path and resolves once its event stream is connected, so
// nothing written afterwards can be missed.
async function open(page, path) {
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/live?") && r.status() === 200),
    page.goto(path),
  ]);
}

test("a reader sees new replies, boosts and new threads as they happen", async () => {
  const writer = await newContext(browser, server.url);
  const wpage = await writer.newPage();
  await signUp(wpage, uniqueName("writer"));
  const fan = await newContext(browser, server.url);
  const fpage = await fan.newPage();
  await signUp(fpage, uniqueName("fan"));
  const t = await apiAs(wpage, "POST", "/api/threads", {
    title: "Socket closes after the radio sleeps", subtopic: "networking", tags: ["netpath"],
    body: "After the radio sleeps for a minute the socket is closed under me. How do I keep it?",
  });
  const path = new URL(t.url, server.url).pathname;

  const reader = await newContext(browser, server.url);
  const page = await reader.newPage();
  await open(page, path);
  const notice = page.locator(".live-notice");
  assert.equal(await notice.count(), 0);

  const r = await apiAs(wpage, "POST", `/api/threads/${t.id}/replies`, { body: "Hold a keep-alive assertion while it matters." });
  await notice.getByRole("link", { name: "1 new reply — show" }).waitFor();
  assert.equal(await notice.getAttribute("role"), "status", "the notice is announced politely");
  await apiAs(wpage, "POST", `/api/threads/${t.id}/replies`, { body: "Or reconnect when the path changes." });
  await notice.getByRole("link", { name: "2 new replies — show" }).waitFor();
  const stat = (name) => page.locator(`.thread-head [data-stat="${name}"]`).textContent();
  assert.equal(await stat("replies"), "2", "the header counts the new replies");
  // A boost of the question is the thread's boost count.
  await apiAs(fpage, "PUT", `/api/posts/${t.post_id}/boost`);
  await page.waitForFunction(() => document.querySelector('.thread-head [data-stat="boosts"]')?.textContent === "1");

  // Following the notice shows the page as the server renders it now.
  await Promise.all([
    page.waitForResponse((res) => res.url().includes("/api/live?") && res.status() === 200),
    notice.getByRole("link").click(),
  ]);
  await page.locator(`#post-${r.id}`).waitFor();

  // Someone else's boost updates the count in place, word included.
  await apiAs(fpage, "PUT", `/api/posts/${r.id}/boost`);
  const boosts = page.locator(`#post-${r.id} .boost-static`);
  await page.waitForFunction((id) => document.querySelector(`.boost-count[data-post="${id}"]`)?.textContent === "1", r.id);
  assert.match(await boosts.innerText(), /1 boost$/);

  // A list page counts new threads.
  await open(page, "/c/networking");
  await apiAs(wpage, "POST", "/api/threads", {
    title: "Multicast stops after a network change", subtopic: "networking", tags: ["netpath"],
    body: "Multicast datagrams stop arriving after switching from Wi-Fi to Ethernet. Any ideas?",
  });
  await page.locator(".live-notice").getByRole("link", { name: "1 new thread — refresh" }).waitFor();

  assertNoConsoleErrors(reader);
  await Promise.all([reader.close(), writer.close(), fan.close()]);
});
