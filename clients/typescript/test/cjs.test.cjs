// The CommonJS build loads with require() and has the same API as the ES module build.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

test("require() gives the CommonJS build, with type declarations beside both builds", () => {
  const { Feedloop } = require("..");
  const feedloop = new Feedloop({ url: "http://127.0.0.1:9", apiKey: "k", flushOnExit: false });
  assert.deepEqual(feedloop.stats(), { sent: 0, dropped: 0, rejected: 0, retries: 0, queued: 0 });
  assert.equal(feedloop.logFeedback({ requestId: "r" }), false);
  return feedloop.close().then(() => {
    for (const build of ["cjs", "esm"]) assert.ok(existsSync(join(__dirname, "..", "dist", build, "index.d.ts")));
  });
});
