/**
 * Feedloop's TypeScript/JavaScript SDK: sends LLM responses and user feedback to a Feedloop
 * server. Zero runtime dependencies; needs `fetch` (Node 18+, Deno, Bun, browsers).
 * @packageDocumentation
 */
export { Feedloop } from "./client.js";
export type { FeedloopOptions, Logger, Stats } from "./client.js";
export type { EventRecord, FeedbackRecord, ImplicitSignal, ResponseRecord, RetrievedDoc, Timestamp } from "./records.js";
