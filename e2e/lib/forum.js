// What a person does on the forum, written once for all journeys. Every
// step goes through the pages' own forms, so the same helpers work with
// and without JavaScript.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

export function uniqueName(prefix) {
  return `${prefix}_${randomBytes(3).toString("hex")}`;
}

export const password = "correct horse battery";

// signUp creates an account through /signup and signs it in: sign-up
// answers every address alike with the sign-in page, opening no session.
export async function signUp(page, username) {
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel(/Display name/).fill(username.replace(/_.*/, "").replace(/^./, (c) => c.toUpperCase()) + " " + username.slice(-3).toUpperCase());
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel(/^Password/).fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/signin"),
    page.getByRole("button", { name: "Create account" }).click(),
  ]);
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/signin"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await assertSignedIn(page, username);
}

// signIn signs an existing account in through /signin.
export async function signIn(page, username) {
  await page.goto("/signin");
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/signin"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await assertSignedIn(page, username);
}

export async function assertSignedIn(page, username) {
  // On a phone the sign-out button is inside the closed header menu, so
  // the form is looked for rather than a visible button.
  const nav = page.getByRole("navigation", { name: "Site" });
  assert.equal(await nav.locator('form[action="/signout"]').count(), 1, `${username} is not signed in on ${page.url()}`);
}

// askQuestion fills the composer at /new and posts it; it resolves with
// the thread's path.
export async function askQuestion(page, { title, subtopic, tags = [], body, redact = false }) {
  await page.goto("/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Subtopic").selectOption({ label: subtopic });
  if (tags.length) await page.getByLabel(/^Tags/).fill(tags.join(", "));
  await page.getByLabel("Details (Markdown)").fill(body);
  if (redact) await page.getByLabel(/Redact private data/).check();
  await Promise.all([
    page.waitForURL(/\/t\/[^/]+\/\d+$/),
    page.getByRole("button", { name: "Post question" }).click(),
  ]);
  return new URL(page.url()).pathname;
}

// reply posts a reply through the form under a thread and resolves with
// the new post's element id ("post-123").
export async function reply(page, threadPath, body) {
  if (new URL(page.url()).pathname !== threadPath) await page.goto(threadPath);
  await page.getByLabel("Reply (Markdown)").fill(body);
  await Promise.all([
    page.waitForURL(/#post-\d+$/),
    page.getByRole("button", { name: "Post reply" }).click(),
  ]);
  return new URL(page.url()).hash.slice(1);
}

// apiAs calls the JSON API with the page's session cookie and CSRF token,
// for setting up data that the test does not exercise itself.
export async function apiAs(page, method, path, body) {
  const res = await page.evaluate(async ({ method, path, body }) => {
    const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
    const r = await fetch(path, {
      method, credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, { method, path, body });
  assert.ok(res.status < 300, `${method} ${path} answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

// A log with lines far wider than a phone, as people paste them.
export function longLog(lines = 12) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    out.push(`2026-11-02T10:14:${String(i).padStart(2, "0")}.482913Z netpathd[4211:98172] <Debug> [C${i}] connection ready, path=satisfied (Path is satisfied), interface: en0[802.11], ipv4, ipv6, dns, expensive=false, constrained=false, uuid=6F3A1C2E-8B4D-4E1F-9A7B-${"0".repeat(8)}${i}, stack=[tcp/ip, tls1.3, http2]`);
  }
  return out.join("\n");
}

// seedLongThread creates, as the signed-in page's user, a thread full of
// what breaks layouts: very long log lines, a long unbroken URL and
// inline code, a wide table, and many replies. It resolves with the
// thread's path and the id of its opening post.
export async function seedLongThread(page, replies = 14) {
  const url = "https://example.com/" + "very-long-path-segment/".repeat(8) + "?query=" + "x".repeat(80);
  const body = [
    "After upgrading, every request on cellular fails. Full log:",
    "", "```", longLog(), "```", "",
    `The failing endpoint is ${url} and the flag is \`${"NETPATH_DEBUG_".repeat(6)}VERBOSE=1\`.`,
    "", "| interface | state | bytes in | bytes out | expensive | constrained | last error |",
    "|---|---|---|---|---|---|---|",
    "| en0 | satisfied | 1048576 | 524288 | false | false | none |",
    "| pdp_ip0 | unsatisfied | 0 | 0 | true | false | POSIX error 50 (network is down) |",
  ].join("\n");
  const t = await apiAs(page, "POST", "/api/threads", {
    title: "Requests on cellular fail with POSIX error 50 after upgrading", subtopic: "networking",
    tags: ["netpath"], body,
  });
  for (let i = 1; i <= replies; i++) {
    const text = i % 3 === 0
      ? `Run ${i} still fails:\n\n\`\`\`\n${longLog(3)}\n\`\`\``
      : `Attempt ${i}: toggling airplane mode did not change anything.`;
    await apiAs(page, "POST", `/api/threads/${t.id}/replies`, { body: text });
  }
  return { path: new URL(t.url, page.url()).pathname, postID: t.post_id, threadID: t.id };
}
