// Builds parley once per run and starts it on a free loopback port with a
// fresh data folder, so every test file gets its own demo forum.
import { spawn, execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, rmdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

// The binary lives at a path derived from the checkout, so the test files
// of one run (separate processes) share it. `go build` leaves an
// up-to-date binary alone, so only the first file pays for compiling; a
// lock folder keeps two files from writing the binary at the same time.
// PARLEY_BIN skips building and uses a binary built elsewhere.
export async function parleyBinary() {
  if (process.env.PARLEY_BIN) return process.env.PARLEY_BIN;
  const key = createHash("sha256").update(repoRoot).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `parley-e2e-${key}`);
  await mkdir(dir, { recursive: true });
  const bin = join(dir, "parley");
  const lock = join(dir, "build.lock");
  await acquire(lock);
  try {
    await run("go", ["build", "-o", bin, "./cmd/parley"], { cwd: repoRoot, maxBuffer: 16 << 20 });
  } catch (err) {
    throw new Error(`go build ./cmd/parley failed:\n${err.stderr || err.message}`);
  } finally {
    await rmdir(lock).catch(() => {});
  }
  return bin;
}

async function acquire(lock) {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // A lock older than the longest plausible build was left by a killed run.
      const st = await stat(lock).catch(() => null);
      if (st && Date.now() - st.mtimeMs > 4 * 60_000) await rmdir(lock).catch(() => {});
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
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

// startParley runs the server and resolves once /readyz answers. stop()
// ends it with SIGTERM (graceful shutdown) and removes its data folder.
// opts.args are further flags (["--no-demo"] for an empty forum).
export async function startParley(opts = {}) {
  const bin = await parleyBinary();
  const data = await mkdtemp(join(tmpdir(), "parley-e2e-data-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = [];
  const child = spawn(bin, ["--addr", `127.0.0.1:${port}`, "--data", data, "--log-level", "warn", ...(opts.args || [])], {
    env: { ...process.env, PARLEY_RATE_LIMITS: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk) => { log.push(String(chunk)); };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  // If this test process dies without running after(), take the server along.
  const reap = () => { if (!exited) child.kill("SIGKILL"); };
  process.on("exit", reap);
  child.on("exit", (code, signal) => { exited = { code, signal }; process.off("exit", reap); });

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`parley exited early (${JSON.stringify(exited)}):\n${log.join("")}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`parley (${bin}) did not answer /readyz within 30 s; its output:\n${log.join("") || "(none)"}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  async function stop() {
    if (!exited) {
      const done = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
    }
    await rm(data, { recursive: true, force: true });
  }
  // cli runs a parley subcommand against the same data folder, for what
  // only the command line can do (creating staff accounts).
  async function cli(args, input) {
    return new Promise((res, rej) => {
      const c = execFile(bin, [...args, "--data", data], (err, stdout, stderr) => {
        if (err) rej(new Error(`parley ${args.join(" ")} failed: ${stderr || err.message}`));
        else res(stdout);
      });
      c.stdin.end(input ?? "");
    });
  }
  return { url, stop, cli, log };
}
