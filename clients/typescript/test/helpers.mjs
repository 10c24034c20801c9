// Starts the real Feedloop server for the tests; nothing of the server is mocked.
//
// How the server is run (set by the JUnit wrapper feedloop-server/.../sdk/TypeScriptSdkTest.java):
// FEEDLOOP_JAVA (the java binary), FEEDLOOP_CLASSPATH and FEEDLOOP_MAIN; without them,
// `java -jar feedloop-server/target/feedloop-server.jar` (build it with `./feedloop --version`).
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SDK_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = resolve(SDK_ROOT, "..", "..");
export const ADMIN_KEY = "sdk-test-admin-" + randomBytes(8).toString("hex");
const PSEUDONYM_SECRET = "sdk-test-pseudonym-secret-0123456789";

/** The command line that runs Feedloop's CLI. */
export function feedloopCommand() {
  const java = process.env.FEEDLOOP_JAVA || "java";
  // Short-lived test JVMs: the C1 compiler only and the serial collector start fastest.
  const jvm = ["-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];
  if (process.env.FEEDLOOP_CLASSPATH) {
    return [java, ...jvm, "-cp", process.env.FEEDLOOP_CLASSPATH, process.env.FEEDLOOP_MAIN || "dev.feedloop.cli.Main"];
  }
  const jar = process.env.FEEDLOOP_JAR || join(REPO, "feedloop-server", "target", "feedloop-server.jar");
  if (!existsSync(jar)) {
    throw new Error(`no Feedloop server to test against: ${jar} is missing. Build it with ` +
      "`./feedloop --version`, or set FEEDLOOP_CLASSPATH (the JUnit wrapper does).");
  }
  return [java, ...jvm, "-jar", jar];
}

/** The environment of every Feedloop process here: quiet, no scheduled jobs, fixed secrets. */
export function serverEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("FEEDLOOP_") || ["FEEDLOOP_JAVA", "FEEDLOOP_CLASSPATH", "FEEDLOOP_MAIN", "FEEDLOOP_JAR"].includes(k)) env[k] = v;
  }
  return Object.assign(env, {
    FEEDLOOP_API_KEY: ADMIN_KEY, FEEDLOOP_PSEUDONYM_SECRET: PSEUDONYM_SECRET,
    FEEDLOOP_TRIAGE_EVERY: "PT0S", FEEDLOOP_VERIFY_EVERY: "PT0S", FEEDLOOP_ROUTE_EVERY: "PT0S",
    FEEDLOOP_LOG_LEVEL: "WARN", FEEDLOOP_EMBEDDING_THREADS: "1",
  });
}

/** Runs one CLI command to completion (exit 0 or 3) and returns its standard output. */
export function cli(...args) {
  const [cmd, ...rest] = feedloopCommand();
  return execFileSync(cmd, [...rest, ...args], { env: serverEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
}

export function createKey(db, scope = "ingest", project = "default") {
  return cli("keys", "create", "--scope", scope, "--project", project, "--db", db).trim();
}

export function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    }).on("error", fail);
  });
}

/** One `feedloop serve` process on its own database. */
export async function startServer(db, port = 0) {
  const [cmd, ...rest] = feedloopCommand();
  const child = spawn(cmd, [...rest, "serve", "--db", db, "--port", String(port)], { env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("feedloop serve did not start:\n" + output.slice(-3000))), 90_000);
    const onData = (chunk) => {
      output += chunk;
      const m = /is serving (http:\/\/\S+)/.exec(output);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`feedloop serve exited (${code}):\n${output.slice(-3000)}`)); });
  });
  child.removeAllListeners("exit");
  return {
    url, db,
    /** An admin GET of a stored response; null on 404. */
    async response(requestId) {
      const answer = await fetch(`${url}/v1/responses/${encodeURIComponent(requestId)}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw new Error(`GET ${requestId}: HTTP ${answer.status}`);
      return answer.json();
    },
    /** Stops it cleanly: the server moves its inbox into the database before exiting. */
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((ok) => { child.on("exit", ok); child.kill("SIGTERM"); });
    },
  };
}

/** A tiny HTTP proxy in front of the real server: fails the first `failFirst` POSTs with `failStatus`. */
export async function startProxy(upstream, { failFirst = 0, failStatus = 500 } = {}) {
  const proxy = { paths: [], failed: 0 };
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    proxy.paths.push(req.url);
    if (proxy.failed < failFirst) {
      proxy.failed++;
      res.writeHead(failStatus, { "Content-Type": "application/json" });
      res.end('{"error":"internal_error","field":null,"message":"injected by the test proxy"}');
      return;
    }
    const headers = { "Content-Type": req.headers["content-type"], Authorization: req.headers.authorization };
    const answer = await fetch(upstream + req.url, { method: "POST", headers, body: Buffer.concat(chunks) });
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); });
  return proxy;
}

export async function waitUntil(condition, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

/** A logger that keeps what it is told, for assertions. */
export function memoryLogger() {
  const lines = [];
  return { lines, warn: (m) => lines.push("WARN " + m), info: (m) => lines.push("INFO " + m) };
}

export function rid(prefix) {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
