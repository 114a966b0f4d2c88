import { newId } from "./ids.js";
import { invalidRequest } from "./http/errors.js";

/**
 * Injected failures for /v1 requests, scoped by a match so parallel tests can each fault
 * only their own traffic. See README "Faults" for what each kind means to a caller.
 */
export const FAULT_KINDS = ["latency", "error500", "drop_response", "rate_limit", "connection_reset", "in_flight_409"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultMatch {
  idempotencyKeyPrefix?: string;
  metadata?: Record<string, string>;
  /** Exact path, or a prefix ending at a "/" boundary: "/v1/payment_intents" also matches ".../pi_1/confirm". */
  path?: string;
  method?: string;
}

export interface Fault {
  id: string;
  kind: FaultKind;
  match: FaultMatch;
  latencyMs: number;
  /** Matching requests left; null = unlimited. */
  remaining: number | null;
  hits: number;
}

export interface FaultSubject {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** Metadata of the request and of the object it addresses (request wins). */
  metadata: () => Record<string, string>;
}

export class FaultRegistry {
  private faults: Fault[] = [];

  get isEmpty(): boolean {
    return this.faults.length === 0;
  }

  add(input: unknown): Fault {
    const spec = parseFaultSpec(input);
    const fault: Fault = {
      id: newId("flt"),
      kind: spec.kind,
      match: spec.match,
      latencyMs: spec.latencyMs ?? 0,
      remaining: spec.count ?? (spec.kind === "latency" ? null : 1),
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /**
   * Consumes the faults that apply to this request: the summed latency, and the first
   * failure-type fault (at most one failure applies per request).
   */
  take(subject: FaultSubject): { latencyMs: number; failure: FaultKind | null } {
    let latencyMs = 0;
    let failure: FaultKind | null = null;
    for (const fault of this.faults) {
      if (fault.kind !== "latency" && failure !== null) continue;
      if (!matches(fault.match, subject)) continue;
      fault.hits++;
      if (fault.remaining !== null) fault.remaining--;
      if (fault.kind === "latency") latencyMs += fault.latencyMs;
      else failure = fault.kind;
    }
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return { latencyMs, failure };
  }
}

function matches(match: FaultMatch, subject: FaultSubject): boolean {
  if (match.method && match.method.toUpperCase() !== subject.method) return false;
  if (match.path && subject.path !== match.path && !subject.path.startsWith(match.path.endsWith("/") ? match.path : `${match.path}/`)) return false;
  if (match.idempotencyKeyPrefix !== undefined && !subject.idempotencyKey?.startsWith(match.idempotencyKeyPrefix)) return false;
  if (match.metadata) {
    const metadata = subject.metadata();
    for (const [key, value] of Object.entries(match.metadata)) if (metadata[key] !== value) return false;
  }
  return true;
}

function parseFaultSpec(input: unknown): { kind: FaultKind; match: FaultMatch; latencyMs?: number; count?: number } {
  if (typeof input !== "object" || input === null) throw invalidRequest("Fault must be a JSON object.");
  const { kind, match = {}, latencyMs, count } = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(kind as FaultKind)) throw invalidRequest(`Invalid kind: must be one of ${FAULT_KINDS.join(", ")}`, { param: "kind" });
  if (typeof match !== "object" || match === null) throw invalidRequest("Invalid match: must be an object", { param: "match" });
  const m = match as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!["idempotencyKeyPrefix", "metadata", "path", "method"].includes(key)) throw invalidRequest(`Unknown match field: ${key}`, { param: `match.${key}` });
  }
  for (const key of ["idempotencyKeyPrefix", "path", "method"]) {
    if (m[key] !== undefined && typeof m[key] !== "string") throw invalidRequest(`Invalid match.${key}: must be a string`, { param: `match.${key}` });
  }
  if (m.metadata !== undefined) {
    const ok = typeof m.metadata === "object" && m.metadata !== null && Object.values(m.metadata).every((v) => typeof v === "string");
    if (!ok) throw invalidRequest("Invalid match.metadata: must be an object of strings", { param: "match.metadata" });
  }
  const isCount = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) > 0);
  if (!isCount(count)) throw invalidRequest("Invalid count: must be a positive integer", { param: "count" });
  if (latencyMs !== undefined && !(Number.isInteger(latencyMs) && (latencyMs as number) >= 0)) {
    throw invalidRequest("Invalid latencyMs: must be a non-negative integer", { param: "latencyMs" });
  }
  if (kind === "latency" && latencyMs === undefined) throw invalidRequest("latencyMs is required for a latency fault", { param: "latencyMs" });
  return { kind: kind as FaultKind, match: m as FaultMatch, latencyMs: latencyMs as number | undefined, count: count as number | undefined };
}
