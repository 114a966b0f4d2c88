import { Collection } from "./collection.js";
import type { Charge, PaymentIntent, PaymentMethod, Refund, StoredEvent, WebhookEndpoint } from "./models.js";

export interface Counters {
  /** Keyed by "METHOD /route/pattern", e.g. "POST /v1/payment_intents/:id/confirm". */
  requests: Record<string, number>;
  paymentIntentsCreated: number;
  chargesSucceeded: number;
  chargesFailed: number;
  refundsCreated: number;
  idempotentReplays: number;
}

export function emptyCounters(): Counters {
  return { requests: {}, paymentIntentsCreated: 0, chargesSucceeded: 0, chargesFailed: 0, refundsCreated: 0, idempotentReplays: 0 };
}

export interface StateSnapshot {
  paymentIntents: PaymentIntent[];
  charges: Charge[];
  refunds: Refund[];
  paymentMethods: PaymentMethod[];
  events: StoredEvent[];
  webhookEndpoints: WebhookEndpoint[];
  cardNumbers: [string, string][];
}

/** Everything Stripe would keep for the account. One account: state is not split by API key. */
export class State {
  readonly paymentIntents = new Collection<PaymentIntent>("payment_intent");
  readonly charges = new Collection<Charge>("charge");
  readonly refunds = new Collection<Refund>("refund");
  readonly paymentMethods = new Collection<PaymentMethod>("payment_method");
  readonly events = new Collection<StoredEvent>("event");
  readonly webhookEndpoints = new Collection<WebhookEndpoint>("webhook_endpoint");
  /** PaymentMethod id → card number. Kept beside the objects so no response can include it. */
  readonly cardNumbers = new Map<string, string>();
  counters: Counters = emptyCounters();

  /** @param onChange called after every mutation (drives the debounced state file). */
  constructor(private readonly onChange: () => void = () => {}) {}

  changed(): void {
    this.onChange();
  }

  reset(): void {
    for (const collection of this.collections()) collection.clear();
    this.cardNumbers.clear();
    this.counters = emptyCounters();
    this.changed();
  }

  snapshot(): StateSnapshot {
    return {
      paymentIntents: [...this.paymentIntents.all()],
      charges: [...this.charges.all()],
      refunds: [...this.refunds.all()],
      paymentMethods: [...this.paymentMethods.all()],
      events: [...this.events.all()],
      webhookEndpoints: [...this.webhookEndpoints.all()],
      cardNumbers: [...this.cardNumbers],
    };
  }

  restore(snapshot: Partial<StateSnapshot>): void {
    for (const item of snapshot.paymentIntents ?? []) this.paymentIntents.add(item);
    for (const item of snapshot.charges ?? []) this.charges.add(item);
    for (const item of snapshot.refunds ?? []) this.refunds.add(item);
    for (const item of snapshot.paymentMethods ?? []) this.paymentMethods.add(item);
    for (const item of snapshot.events ?? []) this.events.add(item);
    for (const [pm, number] of snapshot.cardNumbers ?? []) this.cardNumbers.set(pm, number);
    for (const item of snapshot.webhookEndpoints ?? []) if (!this.webhookEndpoints.get(item.id)) this.webhookEndpoints.add(item);
  }

  private collections() {
    return [this.paymentIntents, this.charges, this.refunds, this.paymentMethods, this.events, this.webhookEndpoints];
  }
}
