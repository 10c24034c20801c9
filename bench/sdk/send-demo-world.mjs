#!/usr/bin/env node
// Sends a simulated world's JSONL files (`feedloop demo --out DIR` or `feedloop simulate`) through
// the TypeScript SDK to a running server, every record as the file has it, camelCased.
//
//   FEEDLOOP_API_KEY=<ingest key of project wayfarer-assistant> \
//     node bench/sdk/send-demo-world.mjs --url http://127.0.0.1:8080 DIR/responses.jsonl DIR/feedback.jsonl
//
// Needs the SDK built (cd clients/typescript && npm ci && npm run build). See bench/sdk/README.md.
import { createReadStream } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const sdk = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "clients", "typescript", "dist", "esm", "index.js");
const { Feedloop } = await import(pathToFileURL(sdk).href);
const SIGNALS = ["implicit_signal", "explicit_rating", "thumbs", "comment"];

/** The record's shape: its `type`, or as `feedloop import` classifies a line without one. */
export function kind(record) {
  if ("type" in record) return record.type;
  if ("llm_output" in record) return SIGNALS.some((s) => s in record) ? "event" : "response";
  return "feedback";
}

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** snake_case record of a file to the SDK's camelCase fields (retrieved_context items too). */
export function toSdk(record) {
  const out = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === "type") continue;
    out[camel(k)] = k === "retrieved_context" ? v.map((d) => Object.fromEntries(Object.entries(d).map(([dk, dv]) => [camel(dk), dv]))) : v;
  }
  return out;
}

/** Logs every record of `files` through one client, then closes it and returns its stats. */
export async function send(files, url, apiKey, batchSize = 500) {
  const feedloop = new Feedloop({ url, apiKey, batchSize, queueCapacity: 100_000, closeTimeoutMs: 600_000, flushOnExit: false });
  const log = { response: (r) => feedloop.logResponse(r), feedback: (r) => feedloop.logFeedback(r), event: (r) => feedloop.logEvent(r) };
  for (const file of files) {
    for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const record = JSON.parse(line);
      log[kind(record)](toSdk(record));
      // Yield now and then so the sender runs while the file is read (the queue stays small).
      if (feedloop.stats().queued >= 5 * batchSize) await new Promise((r) => setImmediate(r));
    }
  }
  await feedloop.close();
  return feedloop.stats();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  let url = process.env.FEEDLOOP_URL || "http://127.0.0.1:8080";
  const i = args.indexOf("--url");
  if (i >= 0) url = args.splice(i, 2)[1];
  const started = performance.now();
  const s = await send(args, url, process.env.FEEDLOOP_API_KEY);
  const seconds = (performance.now() - started) / 1000;
  const total = s.sent + s.rejected + s.dropped;
  console.log(`sent ${s.sent}, rejected ${s.rejected}, dropped ${s.dropped}, retries ${s.retries} in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} records/s)`);
  process.exitCode = s.rejected === 0 && s.dropped === 0 ? 0 : 1;
}
