// A member who forgot their password: the "Forgot your password?" link
// on the sign-in page, the same confirmation for every address, the email
// read back from a real SMTP server (mailpit), its link followed to a new
// password, and signing in with it. axe-core is clean on the forgot and
// reset pages in light and dark, and nothing overflows a phone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startParley } from "./lib/server.js";
import { mailpitBinary, startMailpit } from "./lib/mailpit.js";
import { checkA11y, horizontalOverflow, launch, newContext, phone, screenshot } from "./lib/browser.js";
import { assertSignedIn, password, signUp, uniqueName } from "./lib/forum.js";

const missing = !mailpitBinary() && !process.env.CI;
let server, browser, mailpit;
before(async () => {
  if (missing) return;
  mailpit = await startMailpit();
  server = await startParley({ args: ["--smtp-host", "127.0.0.1", "--smtp-port", String(mailpit.smtpPort), "--smtp-tls", "none",
    "--mail-from", "Parley <forum@example.org>"] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await mailpit?.stop();
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

test("forgot password, end to end through the SMTP server", { skip: missing && "mailpit is not installed" }, async () => {
  const name = uniqueName("forgetful");
  const email = `${name}@example.com`;
  const first = await newContext(browser, server.url);
  await signUp(await first.newPage(), name);

  for (const v of variants) {
    const ctx = await newContext(browser, server.url, { ...v.opts, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL((u) => u.pathname === "/forgot");
    await look(page, "forgot", v);
    await page.getByLabel("Email or username").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await page.getByText("If an account has that email address").waitFor();
    await look(page, "forgot-sent", v);

    const m = await mailpit.waitFor(email, /^Reset your password/);
    const link = m.Text.match(/https?:\/\/[^/\s]+(\/reset\/[A-Za-z0-9_-]+)/);
    assert.ok(link, `no reset link in:\n${m.Text}`);
    await page.goto(link[1]);
    await look(page, "reset", v);
    await page.getByLabel("New password").fill(`${password} ${v.name}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/signin"),
      page.getByRole("button", { name: "Set my new password" }).click(),
    ]);
    await page.getByText("Your new password is set").waitFor();
    await page.getByLabel("Username or email").fill(name);
    await page.getByLabel("Password").fill(`${password} ${v.name}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname !== "/signin"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await assertSignedIn(page, name);
    // The link worked once.
    await page.goto(link[1]);
    await page.getByLabel("New password").fill("one more new passphrase");
    await page.getByRole("button", { name: "Set my new password" }).click();
    await page.getByText("already used").waitFor();
    await ctx.close();
  }
  await first.close();
});
