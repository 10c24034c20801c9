// The SDK against the real server: delivery, batching, outages, refusals and the bound.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Feedloop } from "../dist/esm/index.js";
import { ADMIN_KEY, createKey, freePort, memoryLogger, rid, startProxy, startServer, waitUntil } from "./helpers.mjs";

const FAST = { flushIntervalMs: 50, initialBackoffMs: 20, maxBackoffMs: 100, flushOnExit: false };
const dir = mkdtempSync(join(tmpdir(), "feedloop-ts-"));
let server;
let key;

before(async () => {
  server = await startServer(join(dir, "feedloop.db"));
  key = createKey(server.db); // the running server reads keys from its database
});
after(() => server.stop());

test("records are delivered with every field, camelCase mapped to snake_case", async () => {
  const r1 = rid("resp"), r2 = rid("event");
  const feedloop = new Feedloop({ url: server.url, apiKey: key, ...FAST });
  assert.ok(feedloop.logResponse({
    requestId: r1, promptVersion: "support-v3", userInput: "How do I change my flight?",
    llmOutput: "Open My Trips and choose Change.", model: "gpt-x", sessionId: "s-1", userId: "alice",
    tags: { channel: "web" }, timestamp: "2026-11-20T09:30:00Z",
    retrievedContext: [{ docId: "kb-12", text: "Changes are free.", score: 0.82 }],
  }));
  assert.ok(feedloop.logFeedback({ requestId: r1, implicitSignal: "edited", eventId: `e-${r1}`,
    editedOutput: "Open My Trips, choose the flight, then Change." }));
  assert.ok(feedloop.logFeedback({ requestId: r1, explicitRating: 2, thumbs: "down", comment: "meh" }));
  assert.ok(feedloop.logEvent({ requestId: r2, promptVersion: "support-v3", userInput: "Cancel my hotel",
    llmOutput: "Sure.", implicitSignal: "abandoned", timestamp: 1795000000 }));
  await feedloop.close();
  assert.deepEqual(feedloop.stats(), { sent: 4, dropped: 0, rejected: 0, retries: 0, queued: 0 });

  const stored = await server.response(r1);
  assert.equal(stored.timestamp, "2026-11-20T09:30:00Z");
  assert.deepEqual([stored.model, stored.session_id, stored.tags], ["gpt-x", "s-1", { channel: "web" }]);
  assert.match(stored.user_id, /^u_/);
  assert.equal(stored.retrieved_context[0].doc_id, "kb-12");
  const edited = stored.feedback.find((f) => f.implicit_signal === "edited");
  assert.equal(edited.event_id, `e-${r1}`);
  assert.ok(edited.edit_magnitude > 0);
  const rated = stored.feedback.find((f) => f.explicit_rating === 2);
  assert.equal(rated.thumbs, "down");
  assert.equal((await server.response(r2)).feedback[0].event_id, `event:${r2}`);
});

test("records travel in batches of batchSize, responses before feedback", async () => {
  const proxy = await startProxy(server.url);
  try {
    const feedloop = new Feedloop({ url: proxy.url, apiKey: key, batchSize: 50, flushIntervalMs: 5000, flushOnExit: false });
    const ids = Array.from({ length: 120 }, () => rid("batch"));
    for (const id of ids) feedloop.logResponse({ requestId: id, promptVersion: "v1", userInput: "q", llmOutput: "a" });
    assert.ok(await waitUntil(() => feedloop.stats().sent === 100, 4000));
    const started = Date.now();
    assert.ok(await feedloop.flush(10_000)); // the last 20 go at once, not after flushIntervalMs
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(proxy.paths, Array(3).fill("/v1/responses"));

    const r = rid("order");
    feedloop.logFeedback({ requestId: r, thumbs: "up" });
    feedloop.logResponse({ requestId: r, promptVersion: "v1", userInput: "q", llmOutput: "a" });
    await feedloop.close();
    assert.deepEqual(proxy.paths.slice(3), ["/v1/responses", "/v1/feedback"]);
    assert.equal(feedloop.stats().sent, 122);
    assert.ok(await server.response(ids[119]));
  } finally {
    await proxy.close();
  }
});

test("server down, then up: everything is delivered", async () => {
  const port = await freePort();
  const feedloop = new Feedloop({ url: `http://127.0.0.1:${port}`, apiKey: ADMIN_KEY, ...FAST, logger: memoryLogger() });
  const ids = Array.from({ length: 5 }, () => rid("outage"));
  for (const id of ids) assert.ok(feedloop.logResponse({ requestId: id, promptVersion: "v1", userInput: "q", llmOutput: "a" }));
  assert.ok(await waitUntil(() => feedloop.stats().retries >= 3));
  assert.deepEqual([feedloop.stats().queued, feedloop.stats().sent], [5, 0]);

  const late = await startServer(join(dir, "late.db"), port);
  try {
    assert.ok(await feedloop.flush(30_000));
    assert.deepEqual([feedloop.stats().sent, feedloop.stats().dropped], [5, 0]);
    for (const id of ids) assert.ok(await late.response(id));
  } finally {
    await feedloop.close();
    await late.stop();
  }
});

test("500 then accept: retried until stored", async () => {
  const proxy = await startProxy(server.url, { failFirst: 3 });
  try {
    const logger = memoryLogger();
    const feedloop = new Feedloop({ url: proxy.url, apiKey: key, ...FAST, logger });
    const r = rid("flaky");
    feedloop.logResponse({ requestId: r, promptVersion: "v1", userInput: "q", llmOutput: "a" });
    assert.ok(await feedloop.flush(10_000));
    await feedloop.close();
    assert.deepEqual([feedloop.stats().retries, feedloop.stats().sent], [3, 1]);
    assert.deepEqual(proxy.paths, Array(4).fill("/v1/responses"));
    assert.ok(await server.response(r));
    assert.equal(logger.lines.filter((l) => l.includes("unavailable")).length, 1);
    assert.ok(logger.lines.some((l) => l.startsWith("INFO") && l.includes("reachable again after 3 retries")));
  } finally {
    await proxy.close();
  }
});

test("a 400 is reported once and not retried; the key is never logged", async () => {
  const proxy = await startProxy(server.url);
  try {
    const logger = memoryLogger();
    const feedloop = new Feedloop({ url: proxy.url, apiKey: key, batchSize: 2, ...FAST, logger });
    // The server refuses timestamps more than a day ahead, a rule the client leaves to it.
    for (let i = 0; i < 4; i++) {
      feedloop.logFeedback({ requestId: rid("bad"), thumbs: "down", timestamp: "2099-01-01T00:00:00Z" });
      await feedloop.flush(10_000);
    }
    await feedloop.close();
    assert.deepEqual([feedloop.stats().rejected, feedloop.stats().retries], [4, 0]);
    assert.deepEqual(proxy.paths, Array(4).fill("/v1/feedback"));
    const refusals = logger.lines.filter((l) => l.includes("HTTP 400"));
    assert.equal(refusals.length, 1);
    assert.match(refusals[0], /invalid_items/);
    assert.ok(!logger.lines.join("\n").includes(key));
  } finally {
    await proxy.close();
  }
});

test("items a 202 refuses are counted rejected; invalid values never throw", async () => {
  const logger = memoryLogger();
  const feedloop = new Feedloop({ url: server.url, apiKey: key, batchSize: 10, flushIntervalMs: 5000, flushOnExit: false, logger });
  feedloop.logFeedback({ requestId: rid("good"), implicitSignal: "accepted" });
  feedloop.logFeedback({ requestId: rid("bad"), implicitSignal: "accepted", timestamp: "2099-01-01T00:00:00Z" });
  const secret = "my card is 4111 1111 1111 1111";
  assert.equal(feedloop.logFeedback({ requestId: "r", explicitRating: 9, comment: secret }), false);
  assert.equal(feedloop.logFeedback({ requestId: "r" }), false);
  assert.equal(feedloop.logResponse({ requestId: undefined, promptVersion: "v", userInput: "q", llmOutput: "a" }), false);
  assert.equal(feedloop.logResponse(null), false);
  assert.ok(await feedloop.flush(10_000));
  await feedloop.close();
  assert.deepEqual([feedloop.stats().sent, feedloop.stats().rejected], [1, 5]);
  assert.ok(!logger.lines.join("\n").includes(secret));
});

test("the bound drops and counts without blocking; close gives up after closeTimeoutMs", async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const feedloop = new Feedloop({ url: dead, apiKey: "any-key", queueCapacity: 10, batchSize: 5, flushIntervalMs: 10,
    initialBackoffMs: 50, maxBackoffMs: 200, closeTimeoutMs: 200, flushOnExit: false, logger: memoryLogger() });
  const results = [];
  for (let i = 0; i < 15; i++) results.push(feedloop.logResponse({ requestId: `b-${i}`, promptVersion: "v", userInput: "q", llmOutput: "a" }));
  assert.deepEqual(results, [...Array(10).fill(true), ...Array(5).fill(false)]);
  assert.deepEqual([feedloop.stats().queued, feedloop.stats().dropped], [10, 5]);
  assert.equal(await feedloop.flush(200), false);
  const started = Date.now();
  await feedloop.close();
  assert.ok(Date.now() - started < 3000);
  assert.deepEqual(feedloop.stats(), { sent: 0, dropped: 15, rejected: 0, retries: feedloop.stats().retries, queued: 0 });
  assert.equal(feedloop.logFeedback({ requestId: "late", thumbs: "up" }), false);
  assert.equal(feedloop.stats().dropped, 16);
});

test("maxRetries gives up and counts dropped", async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const feedloop = new Feedloop({ url: dead, apiKey: "any-key", maxRetries: 2, ...FAST, logger: memoryLogger() });
  feedloop.logFeedback({ requestId: "r", thumbs: "up" });
  assert.ok(await feedloop.flush(5000));
  await feedloop.close();
  assert.deepEqual([feedloop.stats().retries, feedloop.stats().dropped], [2, 1]);
});

test("bad settings throw at construction without echoing the key", () => {
  assert.throws(() => new Feedloop({ url: "ftp://x", apiKey: "k" }), /http or https/);
  assert.throws(() => new Feedloop({ url: "http://x", apiKey: "secret key" }), (e) => !e.message.includes("secret"));
  assert.throws(() => new Feedloop({ url: "http://x", apiKey: "k", batchSize: 1001 }), /batchSize/);
});
