/** One HTTP POST of one batch, sorted into an acknowledgement, a retriable or a fatal failure. */

export const USER_AGENT = "feedloop-js/0.1.0";

/** A Retry-After beyond this (ms) is taken for a misconfiguration and clamped. */
const MAX_RETRY_AFTER_MS = 600_000;

/** Items a 202 refused, by 0-based index. */
export interface Rejection {
  index: number;
  error?: string;
  field?: string | null;
  message?: string;
}

/** Worth trying again later: refused connection, timeout, 5xx, 408, 429. */
export class Retriable extends Error {
  constructor(reason: string, readonly retryAfterMs?: number) {
    super(reason);
  }
}

/** The server refused the batch (a 4xx other than 408 and 429); resending cannot help. */
export class Fatal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Milliseconds to wait from a Retry-After header: delay-seconds or an HTTP-date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

/**
 * Wait (ms) before retry number `attempt` (1-based): exponential backoff with full jitter, a
 * uniform random time in `[0, min(max, initial * 2^(attempt-1))]` (Marc Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015). A server's Retry-After is a floor.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = attempt > 60 ? maxMs : Math.min(maxMs, initialMs * 2 ** (attempt - 1));
  const delay = random() * ceiling;
  return retryAfterMs !== undefined ? Math.max(delay, retryAfterMs) : delay;
}

/** The error code, field and message of an error body; the rest may echo user text. */
export function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const parts = [
      typeof parsed.error === "string" ? parsed.error : undefined,
      typeof parsed.field === "string" ? `field ${parsed.field}` : undefined,
      typeof parsed.message === "string" ? parsed.message : undefined,
    ].filter((p): p is string => p !== undefined);
    return parts.length ? parts.join(": ") : "(no message)";
  } catch {
    return "(no message)";
  }
}

type FetchLike = (input: string, init: Record<string, unknown>) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** Posts JSON batches to `<url>/v1/<route>` with the bearer key; never logs either. */
export class Transport {
  private readonly authorization: string;

  constructor(private readonly base: string, apiKey: string, private readonly timeoutMs: number,
              private readonly fetchFn: FetchLike) {
    this.authorization = `Bearer ${apiKey}`;
  }

  /**
   * Sends one batch; `abort` cancels it when the client closes.
   * @throws Retriable on connection trouble, timeouts, 5xx, 408 and 429
   * @throws Fatal on any other non-2xx answer
   */
  async post(route: string, records: unknown[], abort: AbortSignal): Promise<Rejection[]> {
    const timeout = new AbortController();
    const onAbort = () => timeout.abort();
    abort.addEventListener("abort", onAbort);
    const timer = setTimeout(onAbort, this.timeoutMs);
    let status: number;
    let body: string;
    let retryAfter: string | null;
    try {
      const answer = await this.fetchFn(`${this.base}/v1/${route}`, {
        method: "POST",
        headers: { Authorization: this.authorization, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(records),
        signal: timeout.signal,
        redirect: "manual", // a redirected POST would lose its body or its key
      });
      status = answer.status;
      retryAfter = answer.headers.get("Retry-After");
      body = await answer.text();
    } catch (e) {
      // Only the error's name: the request (and its key) stays out of messages.
      throw new Retriable(timeout.signal.aborted && !abort.aborted ? "timeout" : (e as Error)?.name ?? "network error");
    } finally {
      clearTimeout(timer);
      abort.removeEventListener("abort", onAbort);
    }
    if (status >= 200 && status < 300) return rejections(body);
    if (status >= 500 || status === 408 || status === 429) {
      throw new Retriable(`HTTP ${status}`, parseRetryAfter(retryAfter, Date.now()));
    }
    throw new Fatal(status, serverMessage(body));
  }
}

function rejections(body: string): Rejection[] {
  try {
    const parsed = JSON.parse(body) as { rejected?: unknown };
    return Array.isArray(parsed.rejected) ? (parsed.rejected as Rejection[]).filter((r) => r && typeof r === "object") : [];
  } catch {
    return []; // accepted but unreadable: the server took the batch, so counting it as sent is honest
  }
}
