// Starts a private mailpit (a real SMTP server with an HTTP API) on free
// loopback ports, for journeys that follow the links parley emails.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";

export function mailpitBinary() {
  const candidates = [process.env.MAILPIT, ...(process.env.PATH || "").split(":").map((d) => join(d, "mailpit")),
    join(process.env.GOPATH || join(homedir(), "go"), "bin", "mailpit")];
  return candidates.find((p) => p && existsSync(p)) || null;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export async function startMailpit() {
  const bin = mailpitBinary();
  if (!bin) throw new Error("mailpit is not installed: go install github.com/axllent/mailpit@v1.33.1");
  const smtp = await freePort();
  const http = await freePort();
  const child = spawn(bin, ["--smtp", `127.0.0.1:${smtp}`, "--listen", `127.0.0.1:${http}`, "--disable-version-check",
    "--smtp-auth-accept-any", "--smtp-auth-allow-insecure"], { stdio: "ignore" });
  const reap = () => child.kill("SIGKILL");
  process.on("exit", reap);
  const api = `http://127.0.0.1:${http}/api/v1`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${api}/messages`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error("mailpit did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  // waitFor resolves with the newest message to `to` whose subject
  // matches, once it has arrived.
  async function waitFor(to, subject) {
    const until = Date.now() + 30_000;
    for (;;) {
      const list = await (await fetch(`${api}/messages`)).json();
      const m = list.messages.find((m) => m.To.some((r) => r.Address === to) && subject.test(m.Subject));
      if (m) return (await fetch(`${api}/message/${m.ID}`)).json();
      if (Date.now() > until) throw new Error(`no email to ${to} matching ${subject} within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function stop() {
    process.off("exit", reap);
    child.kill("SIGTERM");
  }
  return { smtpPort: smtp, waitFor, stop };
}
