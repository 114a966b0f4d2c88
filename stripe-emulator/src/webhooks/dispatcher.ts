import http from "node:http";
import https from "node:https";
import { newId, nowSeconds } from "../ids.js";
import type { StoredEvent, WebhookEndpoint } from "../models.js";
import { signatureHeader } from "./signature.js";

/**
 * At-least-once webhook delivery, like Stripe: every event goes to every enabled endpoint
 * whose `enabled_events` match; a non-2xx answer, a connection error or a timeout is
 * retried after each delay in `retryDelaysMs`, re-signed with a fresh timestamp.
 *
 * Delivery modes let tests provoke what Stripe may do in production:
 *   normal    deliver as events happen
 *   duplicate deliver every event twice
 *   reverse   hold events; `release()` delivers them newest first, one at a time
 *   hold      hold events; `release()` delivers them oldest first, one at a time
 */
export const DELIVERY_MODES = ["normal", "duplicate", "reverse", "hold"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface DispatcherOptions {
  retryDelaysMs: number[];
  timeoutMs: number;
  /** Parallel deliveries per endpoint in normal/duplicate mode. */
  concurrency: number;
  log: (line: string) => void;
}

export interface DeliveryAttempt {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  at: string;
  /** delivered: 2xx; retrying: failed, another attempt is scheduled; failed: gave up. */
  outcome: "delivered" | "retrying" | "failed";
}

interface Job {
  event: StoredEvent;
  endpointId: string;
  attempt: number;
  /** Released jobs go one at a time so their order is exactly the release order. */
  ordered: boolean;
}

const MAX_LOG = 10_000;

export class WebhookDispatcher {
  private mode: DeliveryMode = "normal";
  private held: StoredEvent[] = [];
  private log: DeliveryAttempt[] = [];
  private queues = new Map<string, { jobs: Job[]; active: number }>();
  private timers = new Set<NodeJS.Timeout>();
  private requests = new Set<http.ClientRequest>();
  private closed = false;
  /** Bumped by reset/close so deliveries already on the wire are forgotten, not retried. */
  private generation = 0;

  constructor(
    private readonly endpoints: () => readonly WebhookEndpoint[],
    private readonly opts: DispatcherOptions,
  ) {}

  get deliveryMode(): DeliveryMode {
    return this.mode;
  }

  get heldCount(): number {
    return this.held.length;
  }

  setMode(mode: DeliveryMode): void {
    this.mode = mode;
  }

  /** Number of endpoints an event will be sent to (the event's `pending_webhooks`). */
  recipients(type: string): WebhookEndpoint[] {
    return this.endpoints().filter((e) => e.status === "enabled" && (e.enabled_events.includes("*") || e.enabled_events.includes(type)));
  }

  publish(event: StoredEvent): void {
    if (this.closed || this.recipients(event.type).length === 0) return;
    if (this.mode === "hold" || this.mode === "reverse") {
      this.held.push(event);
      return;
    }
    this.enqueue(event, false);
    if (this.mode === "duplicate") this.enqueue(event, false);
  }

  /** Delivers held events (newest first if the mode is `reverse`); returns how many. */
  release(): number {
    const events = this.mode === "reverse" ? this.held.reverse() : this.held;
    this.held = [];
    for (const event of events) this.enqueue(event, true);
    return events.length;
  }

  deliveries(): readonly DeliveryAttempt[] {
    return this.log;
  }

  reset(): void {
    this.mode = "normal";
    this.held = [];
    this.log = [];
    this.cancelAll();
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  private cancelAll(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.requests) request.destroy();
    this.requests.clear();
    this.queues.clear();
  }

  private enqueue(event: StoredEvent, ordered: boolean): void {
    for (const endpoint of this.recipients(event.type)) this.push({ event, endpointId: endpoint.id, attempt: 1, ordered });
  }

  private push(job: Job): void {
    let queue = this.queues.get(job.endpointId);
    if (!queue) this.queues.set(job.endpointId, (queue = { jobs: [], active: 0 }));
    queue.jobs.push(job);
    this.pump(job.endpointId);
  }

  private pump(endpointId: string): void {
    const queue = this.queues.get(endpointId);
    if (!queue) return;
    while (queue.jobs.length > 0 && queue.active < this.opts.concurrency) {
      const next = queue.jobs[0]!;
      if (next.ordered && queue.active > 0) return;
      queue.jobs.shift();
      queue.active++;
      void this.deliver(next).finally(() => {
        if (this.queues.get(endpointId) !== queue) return; // reset meanwhile
        queue.active--;
        this.pump(endpointId);
      });
      if (next.ordered) return;
    }
  }

  private async deliver(job: Job): Promise<void> {
    const endpoint = this.endpoints().find((e) => e.id === job.endpointId);
    if (!endpoint || !endpoint.secret) return; // deleted since the event happened
    const payload = job.event.json;
    const started = Date.now();
    const generation = this.generation;
    const { status, error } = await this.post(endpoint.url, payload, signatureHeader(payload, endpoint.secret, nowSeconds()));
    if (this.closed || generation !== this.generation) return;
    const ok = status !== null && status >= 200 && status < 300;
    const delay = this.opts.retryDelaysMs[job.attempt - 1];
    const outcome = ok ? "delivered" : delay === undefined ? "failed" : "retrying";
    this.record({
      id: newId("whd"),
      eventId: job.event.id,
      eventType: job.event.type,
      endpointId: endpoint.id,
      url: endpoint.url,
      attempt: job.attempt,
      status,
      error,
      durationMs: Date.now() - started,
      at: new Date(started).toISOString(),
      outcome,
    });
    if (outcome !== "retrying") {
      if (outcome === "failed") this.opts.log(`webhook ${job.event.id} to ${endpoint.url} failed after ${job.attempt} attempts`);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.push({ ...job, attempt: job.attempt + 1, ordered: false });
    }, delay);
    this.timers.add(timer);
  }

  private record(attempt: DeliveryAttempt): void {
    this.log.push(attempt);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  private post(url: string, payload: string, signature: string): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: `invalid url ${url}` });
        return;
      }
      const client = target.protocol === "https:" ? https : http;
      const request = client.request(target, {
        method: "POST",
        agent: false, // one connection per delivery: nothing lingers after close()
        timeout: this.opts.timeoutMs,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(payload),
          "Stripe-Signature": signature,
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Cache-Control": "no-cache",
          Connection: "close",
        },
      });
      this.requests.add(request);
      const finish = (result: { status: number | null; error: string | null }) => {
        this.requests.delete(request);
        resolve(result);
      };
      request.on("response", (response) => {
        response.resume(); // the body is not needed, only the status
        response.on("end", () => finish({ status: response.statusCode ?? null, error: null }));
        response.on("error", () => finish({ status: response.statusCode ?? null, error: null }));
      });
      request.on("timeout", () => request.destroy(new Error(`timed out after ${this.opts.timeoutMs} ms`)));
      request.on("error", (err) => finish({ status: null, error: err.message }));
      request.end(payload);
    });
  }
}
