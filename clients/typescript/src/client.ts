import { EventRecord, FeedbackRecord, InvalidRecord, ResponseRecord, eventWire, feedbackWire, responseWire } from "./records.js";
import { Fatal, Rejection, Retriable, Transport, backoffDelay } from "./transport.js";

/** Where the client reports trouble; `console` by default. Messages never hold the key or user text. */
export interface Logger {
  warn(message: string): void;
  info(message: string): void;
}

/** Settings of {@link Feedloop}; only `url` and `apiKey` are required. */
export interface FeedloopOptions {
  /** The server's base URL, such as `https://feedloop.example.com`. */
  url: string;
  /** An ingest key (`feedloop keys create --scope ingest`); sent as a bearer token, never logged. */
  apiKey: string;
  /** Records per HTTP request, 1-1000. Default 100. */
  batchSize?: number;
  /** Longest a record waits for its batch to fill, ms. Default 1000. */
  flushIntervalMs?: number;
  /** Records held at once, waiting or being retried. Default 10000. */
  queueCapacity?: number;
  /** Longest one HTTP request may take, ms. Default 10000. */
  timeoutMs?: number;
  /** Retries per batch before it is dropped; 0 never retries. Default: until closed. */
  maxRetries?: number;
  /** Ceiling of the first retry's random wait, doubled each retry, ms. Default 200. */
  initialBackoffMs?: number;
  /** Cap on the random wait between retries, ms. Default 30000. */
  maxBackoffMs?: number;
  /** How long `close()` (and the exit hook) waits for queued records, ms. Default 5000. */
  closeTimeoutMs?: number;
  /** In Node, close the client when the event loop empties (`beforeExit`). Default true. */
  flushOnExit?: boolean;
  /** Where warnings go. Default `console`. */
  logger?: Logger;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** "Now", to stamp records logged without a timestamp. Default `() => new Date()`. */
  clock?: () => Date;
  /** Randomness in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/** What happened to the records given to the client so far. */
export interface Stats {
  /** Accepted by the server (stored or recognised as duplicates). */
  sent: number;
  /** Given up on: queue full, client closed, or retries exhausted. */
  dropped: number;
  /** Refused as invalid, by the client's checks or by the server; never retried. */
  rejected: number;
  /** HTTP attempts repeated after a retriable failure. */
  retries: number;
  /** Accepted and not settled yet (waiting or being retried). */
  queued: number;
}

type Route = "responses" | "events" | "feedback";
/** Within a batch, responses go first so feedback never arrives before its response. */
const ROUTES: Route[] = ["responses", "events", "feedback"];
const NOUNS: Record<Route, string> = { responses: "responses", events: "one-shot events", feedback: "feedback events" };

interface NodeProcess {
  on(event: "beforeExit", listener: () => void): unknown;
  off?(event: "beforeExit", listener: () => void): unknown;
}

/**
 * Sends LLM responses and user feedback to a Feedloop server, in the background and in batches.
 *
 * ```ts
 * const feedloop = new Feedloop({ url: "https://feedloop.example.com", apiKey: process.env.FEEDLOOP_API_KEY! });
 * feedloop.logResponse({ requestId: "r-1", promptVersion: "support-v3", userInput: question, llmOutput: answer });
 * feedloop.logFeedback({ requestId: "r-1", implicitSignal: "regenerated" });
 * await feedloop.close(); // or let the exit hook do it (Node)
 * ```
 *
 * `logResponse`, `logFeedback` and `logEvent` never wait for the network and never throw: each puts
 * one record on a bounded in-memory queue and returns true, or returns false when the record was
 * dropped (queue full, client closed) or refused (a value the server would refuse; logged once per
 * field). Batches of up to `batchSize` records are posted at least every `flushIntervalMs`,
 * responses before feedback. Network errors, timeouts, 5xx, 408 and 429 are retried with
 * exponential backoff and full jitter (Retry-After is a floor), keeping the records; other 4xx
 * answers are logged once per status and the batch is counted as rejected, never retried.
 * Records being retried count against `queueCapacity`: while the server is down nothing is lost
 * until that many are held; after that new ones are dropped and counted.
 *
 * The client's timers do not keep a Node process alive; when the event loop empties, the client
 * closes itself (`beforeExit`), delivering for at most `closeTimeoutMs`. In browsers, Deno and
 * Bun, call {@link flush} or {@link close} where the records must be sent.
 *
 * @throws TypeError from the constructor when a setting is invalid (the key is never shown)
 */
export class Feedloop {
  readonly url: string;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly queueCapacity: number;
  private readonly maxRetries: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly closeTimeoutMs: number;
  private readonly logger: Logger;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly transport: Transport;

  private queue: Array<[Route, Record<string, unknown>]> = [];
  private pending = 0;
  private accepted = 0; // sequence number of the last accepted record
  private settled = 0; // records settled in queue order: every accepted one up to here
  private counts = { sent: 0, dropped: 0, rejected: 0, retries: 0 };
  private running = false;
  private flushers = 0;
  private closing?: Promise<void>;
  private stopped = false;
  private readonly stop = new AbortController();
  private wake?: () => void;
  private waiters: Array<{ target: number; resolve: (done: boolean) => void }> = [];
  private readonly warned = new Set<string>();
  private outageRetries = 0;
  private exitHook?: () => void;

  constructor(options: FeedloopOptions) {
    const o = options ?? ({} as FeedloopOptions);
    this.url = checkUrl(o.url);
    checkApiKey(o.apiKey);
    this.batchSize = int("batchSize", o.batchSize ?? 100, 1, 1000);
    this.queueCapacity = int("queueCapacity", o.queueCapacity ?? 10_000, 1, Number.MAX_SAFE_INTEGER);
    this.maxRetries = o.maxRetries === undefined ? Infinity : int("maxRetries", o.maxRetries, 0, Number.MAX_SAFE_INTEGER);
    this.flushIntervalMs = ms("flushIntervalMs", o.flushIntervalMs ?? 1000);
    this.initialBackoffMs = ms("initialBackoffMs", o.initialBackoffMs ?? 200);
    this.maxBackoffMs = ms("maxBackoffMs", o.maxBackoffMs ?? 30_000);
    this.closeTimeoutMs = ms("closeTimeoutMs", o.closeTimeoutMs ?? 5000);
    const timeoutMs = ms("timeoutMs", o.timeoutMs ?? 10_000);
    this.logger = o.logger ?? console;
    this.clock = o.clock ?? (() => new Date());
    this.random = o.random ?? Math.random;
    const fetchFn = o.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof fetchFn !== "function") {
      throw new TypeError("no fetch available: use Node 18+, Deno, Bun or a browser, or pass options.fetch");
    }
    this.transport = new Transport(this.url, o.apiKey, timeoutMs, fetchFn.bind(globalThis) as never);
    const proc = (globalThis as { process?: NodeProcess }).process;
    if ((o.flushOnExit ?? true) && proc && typeof proc.on === "function") {
      this.exitHook = () => void this.close();
      proc.on("beforeExit", this.exitHook);
    }
  }

  /** Queues one response (one LLM output shown to a user). @returns false if dropped or refused */
  logResponse(record: ResponseRecord): boolean {
    return this.offer("responses", () => responseWire(record, this.clock()));
  }

  /**
   * Queues one feedback event (one signal about one response). At least one of `implicitSignal`,
   * `explicitRating`, `thumbs` or `comment` is needed. Without an `eventId` it gets a random UUID
   * now, so a batch re-sent after a lost answer is still stored once.
   * @returns false if dropped or refused
   */
  logFeedback(record: FeedbackRecord): boolean {
    return this.offer("feedback", () => feedbackWire(record, this.clock()));
  }

  /**
   * Queues a one-shot event: a response and its feedback in one record, stored as both. Without
   * an `eventId` the server names the feedback `event:<requestId>`, so a second event for the
   * same request is a duplicate: to record several signals, log the response once and each
   * signal as feedback.
   * @returns false if dropped or refused
   */
  logEvent(record: EventRecord): boolean {
    return this.offer("events", () => eventWire(record, this.clock()));
  }

  /**
   * Waits until every record logged before this call is settled (sent, rejected or dropped), for
   * at most `timeoutMs` (default 30 s); delivery goes on after a timeout.
   * @returns true if everything logged before the call was settled in time
   */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    const target = this.accepted;
    if (this.settled >= target) return true;
    this.flushers++;
    this.kick(true);
    try {
      return await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(this.settled >= target), Math.max(0, timeoutMs));
        this.waiters.push({ target, resolve: (done) => { clearTimeout(timer); resolve(done); } });
      });
    } finally {
      this.flushers--;
    }
  }

  /**
   * Flushes for at most `closeTimeoutMs`, then stops: what is still queued is counted as
   * dropped, and later `log*` calls drop their record and return false. Calling it again
   * returns the same promise.
   */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = this.shutdown();
    }
    return this.closing;
  }

  /** A snapshot of the counters. */
  stats(): Stats {
    return { ...this.counts, queued: this.pending };
  }

  private async shutdown(): Promise<void> {
    const proc = (globalThis as { process?: NodeProcess }).process;
    if (this.exitHook && proc?.off) proc.off("beforeExit", this.exitHook);
    await this.flush(this.closeTimeoutMs);
    this.stopped = true;
    this.stop.abort(); // cancels an in-flight request and any retry wait: that batch is dropped
    const left = this.queue.length;
    this.queue = [];
    this.settle(0, 0, left);
    this.settled += left;
    this.wake?.();
    this.notify();
  }

  private offer(route: Route, build: () => Record<string, unknown>): boolean {
    if (this.closing) {
      this.counts.dropped++;
      this.warnOnce("closed", "Feedloop client is closed; records given to it are dropped.");
      return false;
    }
    let wire: Record<string, unknown>;
    try {
      wire = build();
    } catch (e) {
      this.counts.rejected++;
      const field = e instanceof InvalidRecord ? e.field : "record";
      const reason = e instanceof InvalidRecord ? e.reason : `could not be built (${(e as Error)?.name})`;
      this.warnOnce(`invalid:${field}`, `Feedloop client refused a record (field ${field}): ${reason}. ` +
        "Fix the caller; such records are not sent and are counted in stats().rejected.");
      return false;
    }
    if (this.pending >= this.queueCapacity) {
      this.counts.dropped++;
      this.warnOnce("full", `Feedloop client queue is full (${this.queueCapacity} records waiting or being ` +
        "retried); new records are dropped and counted in stats().dropped.");
      return false;
    }
    this.pending++;
    this.accepted++;
    this.queue.push([route, wire]);
    this.kick(this.queue.length >= this.batchSize);
    return true;
  }

  /** Starts the sender when idle; `now` also ends a linger (full batch, flush). */
  private kick(now: boolean): void {
    if (!this.running) {
      this.running = true;
      void this.pump();
    } else if (now) {
      this.wake?.();
    }
  }

  private async pump(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.stopped) {
        if (this.queue.length < this.batchSize && this.flushers === 0 && !this.closing) {
          await this.sleep(this.flushIntervalMs, true); // Kafka's linger.ms: let the batch fill
          if (this.stopped) break;
        }
        const batch = this.queue.splice(0, this.batchSize);
        try {
          await this.deliver(batch);
        } catch (e) {
          // A bug of ours must not strand every later record.
          this.settle(0, 0, batch.length);
          this.warnOnce("bug", `Feedloop client failed to deliver ${batch.length} records (${(e as Error)?.name}); ` +
            "they are dropped. Please report this.");
        }
        this.settled += batch.length;
        this.notify();
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(batch: Array<[Route, Record<string, unknown>]>): Promise<void> {
    for (const route of ROUTES) {
      const records = batch.filter(([r]) => r === route).map(([, wire]) => wire);
      if (records.length > 0) await this.deliverGroup(route, records);
    }
  }

  private async deliverGroup(route: Route, records: Record<string, unknown>[]): Promise<void> {
    const n = records.length;
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) {
        this.settle(0, 0, n);
        return;
      }
      let refused: Rejection[];
      try {
        refused = await this.transport.post(route, records, this.stop.signal);
      } catch (e) {
        if (e instanceof Fatal) {
          this.settle(0, n, 0);
          this.warnOnce(`status:${e.status}`, `Feedloop server refused a batch of ${n} ${NOUNS[route]} with HTTP ` +
            `${e.status}: ${e.message}.${advice(e.status)} Such batches are not retried; they are counted in stats().rejected.`);
          return;
        }
        if (!(e instanceof Retriable)) throw e;
        if (this.stopped) {
          this.settle(0, 0, n);
          return;
        }
        if (attempt >= this.maxRetries) {
          this.settle(0, 0, n);
          this.warnOnce("exhausted", `Feedloop client gave up on ${n} ${NOUNS[route]} after ${attempt} retries ` +
            `(last: ${e.message}); counted in stats().dropped.`);
          return;
        }
        this.warnOnce("outage", `Feedloop server at ${this.url} is unavailable (${e.message}); retrying with ` +
          "backoff. Records are kept up to queueCapacity meanwhile.");
        await this.sleep(backoffDelay(attempt + 1, this.initialBackoffMs, this.maxBackoffMs, this.random, e.retryAfterMs), false);
        if (!this.stopped) {
          this.counts.retries++;
          this.outageRetries++;
        }
        continue;
      }
      this.settleAck(route, n, refused);
      return;
    }
  }

  private settleAck(route: Route, n: number, rejections: Rejection[]): void {
    const refused = new Set<number>();
    for (const r of rejections) {
      if (Number.isInteger(r.index) && r.index >= 0 && r.index < n) {
        refused.add(r.index);
        this.warnOnce(`item:${route}:${r.error}:${r.field}`, `Feedloop server rejected ${NOUNS[route]} as invalid ` +
          `(error ${r.error}, field ${r.field}): ${r.message}. Fix the caller; such records are not retried and ` +
          "are counted in stats().rejected.");
      }
    }
    this.settle(n - refused.size, refused.size, 0);
    if (this.outageRetries > 0) {
      this.logger.info(`Feedloop server reachable again after ${this.outageRetries} retries.`);
      this.outageRetries = 0;
      this.warned.delete("outage");
    }
  }

  private settle(sent: number, rejected: number, dropped: number): void {
    this.counts.sent += sent;
    this.counts.rejected += rejected;
    this.counts.dropped += dropped;
    this.pending -= sent + rejected + dropped;
  }

  private notify(): void {
    const still = [];
    for (const w of this.waiters) {
      if (this.settled >= w.target) w.resolve(true);
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * Waits `delayMs` without holding a Node process open; ends early when the client stops or,
   * for a linger (`wakeable`), when a batch fills or a flush asks.
   */
  private sleep(delayMs: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stop.signal.removeEventListener("abort", done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, delayMs);
      (timer as unknown as { unref?: () => void }).unref?.();
      this.stop.signal.addEventListener("abort", done);
      if (wakeable) this.wake = done;
    });
  }

  private warnOnce(key: string, message: string): void {
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.logger.warn(message);
    }
  }
}

function advice(status: number): string {
  if (status === 401 || status === 403) return " Check the client's apiKey.";
  if (status === 404) return " Check the client's url (it should be the server's base URL).";
  if (status === 413) return " Lower the client's batchSize or shorten the texts.";
  return "";
}

function checkUrl(url: unknown): string {
  if (typeof url !== "string" || url.trim() === "") throw new TypeError("url is required, for example https://feedloop.example.com");
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new TypeError(`url is not a valid URL: ${JSON.stringify(url)}`);
  }
  if (parsed.username || parsed.password) {
    // Not echoed: user info may hold a password. The key goes in apiKey.
    throw new TypeError("url must not contain user info; pass the key as apiKey");
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || !parsed.hostname || parsed.search || parsed.hash) {
    throw new TypeError(`url must be an http or https URL with a host and no query or fragment: ${JSON.stringify(url)}`);
  }
  return url.trim().replace(/\/+$/, "");
}

function checkApiKey(apiKey: unknown): void {
  if (typeof apiKey !== "string" || apiKey.trim() === "") throw new TypeError("apiKey must be a non-blank string");
  for (let i = 0; i < apiKey.length; i++) {
    const c = apiKey.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      throw new TypeError(`apiKey contains a space, control or non-ASCII character at index ${i} (the key is not shown); copy it again`);
    }
  }
}

function int(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}: ${value}`);
  }
  return value;
}

function ms(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > 86_400_000) {
    throw new TypeError(`${name} must be between 1 and 86400000 ms: ${value}`);
  }
  return value;
}
