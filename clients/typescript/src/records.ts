/**
 * The records of docs/records.md in camelCase, and their wire form in snake_case.
 *
 * The server is the authority on every rule; the client checks only what a caller most often gets
 * wrong, so a mistake is reported at once and one bad record cannot spoil the batch it travels in.
 */

/** What the user did, unasked. */
export type ImplicitSignal = "accepted" | "edited" | "regenerated" | "abandoned" | "reasked";

/** An ISO-8601 string with an offset, epoch seconds, or a Date. */
export type Timestamp = string | number | Date;

/** One document retrieved as context for an answer. */
export interface RetrievedDoc {
  docId: string;
  text?: string;
  score?: number;
}

/** One LLM output shown to a user (`POST /v1/responses`). */
export interface ResponseRecord {
  /** The response's id, unique in its project; feedback refers to it. */
  requestId: string;
  /** The prompt template or version that produced the output, e.g. `support-v3`. */
  promptVersion: string;
  /** What the user asked. */
  userInput: string;
  /** What the model answered. */
  llmOutput: string;
  model?: string;
  /** The user's session; needed for re-ask detection. */
  sessionId?: string;
  /** The user; the server stores a pseudonym. */
  userId?: string;
  retrievedContext?: RetrievedDoc[];
  tags?: Record<string, string>;
  /** When it was shown; the time of the `log*` call when left out. */
  timestamp?: Timestamp;
  /** The project; by default the API key's. */
  project?: string;
}

/** One signal about one response (`POST /v1/feedback`); at least one of the four signals is needed. */
export interface FeedbackRecord {
  /** The response this is about; it need not have arrived yet. */
  requestId: string;
  implicitSignal?: ImplicitSignal;
  /** 1 (bad) to 5 (good). */
  explicitRating?: number;
  thumbs?: "up" | "down";
  /** What the user changed the output to (send with `implicitSignal: "edited"`). */
  editedOutput?: string;
  comment?: string;
  /** The idempotency key; a random UUID is assigned when the record is logged. */
  eventId?: string;
  timestamp?: Timestamp;
  project?: string;
}

/** The one-shot event: a response and its feedback in one record (`POST /v1/events`). */
export type EventRecord = ResponseRecord & Omit<FeedbackRecord, "requestId" | "timestamp" | "project">;

/** A record the client refuses before queueing it; names the field, never its value. */
export class InvalidRecord extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
    this.name = "InvalidRecord";
  }
}

const SIGNALS = new Set(["accepted", "edited", "regenerated", "abandoned", "reasked"]);
const MAX_ID = 200;

type Wire = Record<string, unknown>;

function identifier(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new InvalidRecord(field, "is required");
    return undefined;
  }
  if (typeof value !== "string" || value.trim() === "") throw new InvalidRecord(field, "must be a non-blank string");
  if (value.length > MAX_ID) throw new InvalidRecord(field, `must be at most ${MAX_ID} characters`);
  return value;
}

function text(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new InvalidRecord(field, "is required");
    return undefined;
  }
  if (typeof value !== "string") throw new InvalidRecord(field, "must be a string");
  return value;
}

function timestamp(value: unknown, now: Date): string | number {
  const v = value === undefined || value === null ? now : value;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new InvalidRecord("timestamp", "is an invalid Date");
    return v.toISOString();
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new InvalidRecord("timestamp", "must be a finite number of epoch seconds");
    return v;
  }
  if (typeof v === "string") return v;
  throw new InvalidRecord("timestamp", "must be an ISO-8601 string, epoch seconds or a Date");
}

function put(wire: Wire, name: string, value: unknown): void {
  if (value !== undefined && value !== null) wire[name] = value;
}

function context(value: unknown): Wire[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new InvalidRecord("retrievedContext", "must be an array of {docId, text?, score?}");
  return value.map((doc: unknown, i: number) => {
    if (typeof doc !== "object" || doc === null) throw new InvalidRecord(`retrievedContext[${i}]`, "must be an object with docId");
    const d = doc as Partial<RetrievedDoc>;
    const wire: Wire = { doc_id: identifier(`retrievedContext[${i}].docId`, d.docId, true) };
    put(wire, "text", d.text);
    put(wire, "score", d.score);
    return wire;
  });
}

/** The wire form of a response. */
export function responseWire(r: ResponseRecord, now: Date): Wire {
  const wire: Wire = {
    request_id: identifier("requestId", r.requestId, true),
    timestamp: timestamp(r.timestamp, now),
    prompt_version: identifier("promptVersion", r.promptVersion, true),
    user_input: text("userInput", r.userInput, true),
    llm_output: text("llmOutput", r.llmOutput, true),
  };
  put(wire, "project", identifier("project", r.project, false));
  put(wire, "model", identifier("model", r.model, false));
  put(wire, "session_id", identifier("sessionId", r.sessionId, false));
  put(wire, "user_id", identifier("userId", r.userId, false));
  put(wire, "retrieved_context", context(r.retrievedContext));
  if (r.tags !== undefined && r.tags !== null) {
    if (typeof r.tags !== "object" || Array.isArray(r.tags)) throw new InvalidRecord("tags", "must be an object of strings");
    wire.tags = { ...r.tags };
  }
  return wire;
}

function signals(f: Omit<FeedbackRecord, "requestId">, wire: Wire): void {
  if (f.implicitSignal != null && !SIGNALS.has(f.implicitSignal)) {
    throw new InvalidRecord("implicitSignal", "must be one of accepted, edited, regenerated, abandoned, reasked");
  }
  const rating = f.explicitRating;
  if (rating != null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
    throw new InvalidRecord("explicitRating", "must be an integer from 1 (bad) to 5 (good)");
  }
  if (f.thumbs != null && f.thumbs !== "up" && f.thumbs !== "down") throw new InvalidRecord("thumbs", "must be 'up' or 'down'");
  const comment = text("comment", f.comment, false);
  if (f.implicitSignal == null && rating == null && f.thumbs == null && comment === undefined) {
    throw new InvalidRecord("implicitSignal", "feedback needs at least one of implicitSignal, explicitRating, thumbs or comment");
  }
  put(wire, "implicit_signal", f.implicitSignal);
  put(wire, "explicit_rating", rating);
  put(wire, "thumbs", f.thumbs);
  put(wire, "edited_output", text("editedOutput", f.editedOutput, false));
  put(wire, "comment", comment);
}

/**
 * The wire form of a feedback event. Without an `eventId` it gets a random UUID here, once, so
 * a batch re-sent after a lost answer is stored once (docs/records.md, Idempotency).
 */
export function feedbackWire(f: FeedbackRecord, now: Date): Wire {
  const wire: Wire = {
    event_id: identifier("eventId", f.eventId, false) ?? randomUuid(),
    request_id: identifier("requestId", f.requestId, true),
    timestamp: timestamp(f.timestamp, now),
  };
  put(wire, "project", identifier("project", f.project, false));
  signals(f, wire);
  return wire;
}

/**
 * The wire form of a one-shot event. Without an `eventId` the server names its feedback
 * `event:<requestId>`, already stable across retries, so none is invented here.
 */
export function eventWire(e: EventRecord, now: Date): Wire {
  const wire = responseWire(e, now);
  put(wire, "event_id", identifier("eventId", e.eventId, false));
  signals(e, wire);
  return wire;
}

function randomUuid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  if (c?.getRandomValues) {
    c.getRandomValues(b);
  } else {
    for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  }
  b[6] = (b[6] & 0x0f) | 0x40; // RFC 9562 version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
