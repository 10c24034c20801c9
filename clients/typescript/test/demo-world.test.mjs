// The demo world sent through the SDK ends in the same database as `feedloop import` of it.
//
// A small world here (14 days, ~40 responses a day, the demo's generator and seed); the script
// does the full demo world by hand, see bench/sdk/README.md. Compared through Feedloop itself:
// importing the files again into the SDK's database must find every record already stored, and
// every response reads back identically (fields, pseudonym, derived signals, feedback) from both.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO, cli, createKey, startServer } from "./helpers.mjs";

const PROJECT = "wayfarer-assistant";
const { send } = await import(join(REPO, "bench", "sdk", "send-demo-world.mjs"));

const byEventId = (a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);

test("the demo world through the SDK equals the import of its files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "feedloop-ts-world-"));
  const world = join(dir, "world");
  cli("simulate", "--out", world, "--days", "14", "--per-day", "40");
  const files = [join(world, "responses.jsonl"), join(world, "feedback.jsonl")];
  const lines = files.flatMap((f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim()));
  const requestIds = lines.map((l) => JSON.parse(l)).filter((r) => r.type === "response").map((r) => r.request_id);

  const imported = join(dir, "imported.db");
  const summary = JSON.parse(cli("import", "--json", "--project", PROJECT, "--db", imported, ...files));
  assert.equal(summary.reduce((n, f) => n + f.stored, 0), lines.length);

  const sdkDb = join(dir, "sdk.db");
  const adminKey = createKey(sdkDb, "admin", PROJECT); // admin keys may ingest too; one JVM start less
  const adminKeyImported = createKey(imported, "admin", PROJECT);
  let server = await startServer(sdkDb);
  try {
    const stats = await send(files, server.url, adminKey);
    assert.deepEqual([stats.sent, stats.rejected, stats.dropped], [lines.length, 0, 0]);
  } finally {
    await server.stop();
  }

  // Every record of the files is in the SDK's database, once.
  const again = JSON.parse(cli("import", "--json", "--project", PROJECT, "--db", sdkDb, ...files));
  assert.deepEqual(again.map((f) => [f.stored, f.rejected]), [[0, 0], [0, 0]]);
  assert.equal(again.reduce((n, f) => n + f.duplicates, 0), lines.length);

  // And each response reads back the same from both databases.
  const viaSdk = await startServer(sdkDb);
  const viaImport = await startServer(imported);
  try {
    const read = async (s, k, id) => {
      const answer = await fetch(`${s.url}/v1/responses/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${k}` } });
      assert.equal(answer.status, 200, id);
      const r = await answer.json();
      r.feedback.sort(byEventId);
      return r;
    };
    let feedback = 0;
    for (const id of requestIds) {
      const [a, b] = await Promise.all([read(viaSdk, adminKey, id), read(viaImport, adminKeyImported, id)]);
      assert.deepEqual(a, b, id);
      feedback += a.feedback.length;
    }
    assert.equal(requestIds.length + feedback, lines.length);
  } finally {
    await Promise.all([viaSdk.stop(), viaImport.stop()]);
  }
});
