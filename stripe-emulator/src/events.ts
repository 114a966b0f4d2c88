import { newId, nowSeconds } from "./ids.js";
import type { StoredEvent, StripeEvent } from "./models.js";
import type { State } from "./state.js";
import type { WebhookDispatcher } from "./webhooks/dispatcher.js";

/** The request an event came from (Stripe's `event.request`); null for emulator-driven changes. */
export interface EventSource {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const DEFAULT_API_VERSION = "2026-10-28.endive";

export class EventLog {
  constructor(
    private readonly state: State,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** Records an event with a snapshot of `object` as it is now, and hands it to webhook delivery. */
  emit(type: string, object: object, source: EventSource | null, previousAttributes?: Record<string, unknown>): StoredEvent {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: DEFAULT_API_VERSION,
      created: nowSeconds(),
      data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
      livemode: false,
      pending_webhooks: this.dispatcher.recipients(type).length,
      request: { id: source?.requestId ?? null, idempotency_key: source?.idempotencyKey ?? null },
      type,
    };
    const stored: StoredEvent = { id: event.id, type, json: JSON.stringify(event) };
    this.state.events.add(stored);
    this.dispatcher.publish(stored);
    return stored;
  }
}

export function eventObject(stored: StoredEvent): StripeEvent {
  return JSON.parse(stored.json) as StripeEvent;
}
