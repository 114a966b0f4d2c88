// The browser's retry wrapper. One logical attempt = one Idempotency-Key, reused on every
// retry, so the server runs the attempt at most once however often it is sent. Retries only
// what may succeed later (network errors, 5xx, 409 "in progress"), with exponential backoff
// and jitter, one request at a time: a retry starts only after the previous one ended.
export interface PostResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface RetryOptions {
  idempotencyKey?: string;
  attempts?: number;
  /** Per request. On timeout the request is abandoned; the same key makes the retry safe. */
  timeoutMs?: number;
  baseDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
}

export class RequestFailedError extends Error {
  constructor(message: string, readonly status?: number, readonly body?: unknown) {
    super(message);
  }
}

export function newIdempotencyKey(prefix = "web"): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

export async function postJsonWithRetry<T>(url: string, payload: unknown, options: RetryOptions = {}): Promise<PostResult<T>> {
  const key = options.idempotencyKey ?? newIdempotencyKey();
  const attempts = options.attempts ?? 5;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const baseDelayMs = options.baseDelayMs ?? 300;
  let lastReason = "no attempt made";

  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retryAfterMs = 0;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify(payload),
        signal: anySignal(options.signal, AbortSignal.timeout(timeoutMs)),
      });
      const parsed = (await response.json().catch(() => undefined)) as T | undefined;
      // A success whose body never fully arrived is a network error: retry with the same key.
      if (parsed === undefined && response.ok) throw new TypeError("the response body did not arrive");
      const body = (parsed ?? null) as T;
      const retryable = response.status >= 500 || (response.status === 409 && isInProgress(body));
      if (!retryable) return { status: response.status, body, replayed: response.headers.get("idempotent-replayed") === "true" };
      lastReason = `HTTP ${response.status}`;
      retryAfterMs = Number(response.headers.get("retry-after") ?? 0) * 1000;
      if (attempt === attempts) throw new RequestFailedError(errorMessage(body) ?? "The server is busy. Please try again.", response.status, body);
    } catch (err) {
      if (err instanceof RequestFailedError) throw err;
      if (options.signal?.aborted) throw err;
      lastReason = err instanceof Error && err.name === "TimeoutError" ? "timed out" : "network error";
      if (attempt === attempts) break;
    }
    const backoff = baseDelayMs * 2 ** (attempt - 1);
    const delayMs = Math.max(retryAfterMs, backoff / 2 + Math.random() * backoff); // "equal jitter"
    options.onRetry?.({ attempt, reason: lastReason, delayMs });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  throw new RequestFailedError(`We could not reach the server (${lastReason}). Check your connection and try again.`);
}

function isInProgress(body: unknown): boolean {
  return (body as { error?: { code?: string } } | null)?.error?.code === "request_in_progress";
}

export function errorMessage(body: unknown): string | undefined {
  return (body as { error?: { message?: string } } | null)?.error?.message;
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => Boolean(s)));
}
