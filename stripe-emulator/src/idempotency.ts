import { ApiError, invalidRequest } from "./http/errors.js";

/**
 * Stripe's idempotency semantics (https://docs.stripe.com/api/idempotent_requests):
 * keys are scoped per secret key; a finished request's status and body are replayed for
 * the key's lifetime; the same key with other parameters or on another endpoint is an
 * `idempotency_error`; while the first request runs, the key is `idempotency_key_in_use` (409).
 * Only requests that started executing are stored — callers `release` the key otherwise.
 */
export const MAX_KEY_LENGTH = 255;

export interface StoredResponse {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  endpoint: string;
  fingerprint: string;
  expiresAt: number;
  response: StoredResponse | null; // null while in flight
}

export type Claim =
  | { kind: "new"; commit(response: StoredResponse): void; release(): void }
  | { kind: "replay"; response: StoredResponse };

export interface PersistedEntry extends Entry {
  id: string; // scope + key
}

export class IdempotencyStore {
  private entries = new Map<string, Entry>();
  private lastSweep = Date.now();

  constructor(private readonly ttlMs: number, private readonly onChange: () => void = () => {}) {}

  /** Claims `key` for one execution, or returns the stored response to replay; throws on misuse. */
  claim(scope: string, key: string, endpoint: string, fingerprint: string): Claim {
    validateKey(key);
    const now = Date.now();
    this.sweep(now);
    const id = `${scope}\u0000${key}`;
    const existing = this.entries.get(id);
    // A claim still running never expires under its owner, however short the TTL.
    if (existing && (existing.response === null || existing.expiresAt > now)) {
      if (existing.endpoint !== endpoint) {
        throw new ApiError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${existing.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      if (existing.response === null) {
        throw new ApiError(409, {
          type: "invalid_request_error",
          code: "idempotency_key_in_use",
          message: `There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
        });
      }
      return { kind: "replay", response: existing.response };
    }
    const entry: Entry = { endpoint, fingerprint, expiresAt: now + this.ttlMs, response: null };
    this.entries.set(id, entry);
    return {
      kind: "new",
      commit: (response) => {
        entry.response = response;
        entry.expiresAt = Date.now() + this.ttlMs;
        // Move to the end, keeping the map in expiry order for the sweep.
        this.entries.delete(id);
        this.entries.set(id, entry);
        this.onChange();
      },
      release: () => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      },
    };
  }

  clear(): void {
    this.entries.clear();
  }

  /** Finished, unexpired entries, for the state file. */
  export(): PersistedEntry[] {
    const now = Date.now();
    const out: PersistedEntry[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.response && entry.expiresAt > now) out.push({ ...entry, id });
    }
    return out;
  }

  import(entries: PersistedEntry[]): void {
    const now = Date.now();
    for (const { id, ...entry } of entries) if (entry.expiresAt > now && entry.response) this.entries.set(id, entry);
  }

  /**
   * Drops expired keys at most once a second. Entries sit in insertion order and share one
   * TTL, so the walk stops at the first live key: the cost is the number of expired keys,
   * not the size of the store (a full scan here showed up in the bench's p99).
   */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      if (entry.response) this.entries.delete(id); // an expired in-flight claim is its owner's to release
    }
  }
}

function validateKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH) {
    throw invalidRequest(
      `Keys for idempotent requests can only be ${MAX_KEY_LENGTH} characters long and the value you provided was ${key.length} characters. Please try again with a shorter key.`,
      { param: "Idempotency-Key" },
    );
  }
  if (key.length === 0) throw invalidRequest("Idempotency keys cannot be empty.", { param: "Idempotency-Key" });
}
