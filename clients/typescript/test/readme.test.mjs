// The README's example, run exactly as written (as an ES module) against the real server.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SDK_ROOT, createKey, startServer } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "feedloop-ts-readme-"));
let server;
before(async () => { server = await startServer(join(dir, "feedloop.db")); });
after(() => server.stop());

function readmeExample() {
  const blocks = [...readFileSync(join(SDK_ROOT, "README.md"), "utf8").matchAll(/^```js\n([\s\S]*?)^```/gm)];
  assert.ok(blocks.length > 0, "README.md has no ```js block");
  return blocks[0][1];
}

test("the README example runs as written", async () => {
  const code = readmeExample();
  // An app folder where "@feedloop/client" resolves to this package, as after `npm install`.
  const app = join(dir, "app");
  mkdirSync(join(app, "node_modules", "@feedloop"), { recursive: true });
  symlinkSync(SDK_ROOT, join(app, "node_modules", "@feedloop", "client"), "dir");
  writeFileSync(join(app, "example.mjs"), code);
  const key = createKey(server.db);
  const stderr = execFileSync(process.execPath, ["example.mjs"], {
    cwd: app, env: { ...process.env, FEEDLOOP_URL: server.url, FEEDLOOP_API_KEY: key }, encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"], timeout: 60_000,
  });
  assert.equal(stderr, "");
  const requestId = /requestId: "([^"]+)"/.exec(code)[1];
  const stored = await server.response(requestId);
  assert.ok(stored, "the example's response did not arrive (it relies on the exit flush)");
  assert.deepEqual(stored.feedback.map((f) => f.implicit_signal), ["edited"]);
});
