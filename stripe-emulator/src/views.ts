import { invalidRequest } from "./http/errors.js";
import type { Charge, PaymentIntent, Refund } from "./models.js";
import type { State } from "./state.js";

/**
 * API representations: `expand[]` replaces an id with the object it names. Expansion
 * names are checked before execution (`checkExpand`) so a typo is a validation error.
 */
type Expanders = Record<string, (id: string) => object | undefined>;

const EXPANDABLE: Record<string, string[]> = {
  payment_intent: ["latest_charge", "payment_method", "customer"],
  charge: ["payment_intent", "balance_transaction", "customer"],
  refund: ["charge", "payment_intent", "balance_transaction"],
};

export function checkExpand(kind: keyof typeof EXPANDABLE, expand: string[] | undefined, isList = false): string[] {
  const fields: string[] = [];
  for (const path of expand ?? []) {
    const field = isList && path.startsWith("data.") ? path.slice(5) : path;
    if (!EXPANDABLE[kind]!.includes(field)) throw invalidRequest(`This property cannot be expanded (${path}).`, { param: "expand" });
    fields.push(field);
  }
  return fields;
}

function expandFields<T extends object>(object: T, fields: string[], expanders: Expanders): T {
  if (fields.length === 0) return object;
  const out = { ...object } as Record<string, unknown>;
  for (const field of fields) {
    const id = out[field];
    const expanded = typeof id === "string" ? expanders[field]?.(id) : undefined;
    if (expanded) out[field] = expanded;
  }
  return out as T;
}

const SERVER_ONLY_FIELDS = new Set([
  "metadata", "customer", "latest_charge", "amount_received", "application", "application_fee_amount",
  "on_behalf_of", "review", "transfer_data", "transfer_group", "statement_descriptor", "statement_descriptor_suffix",
]);

export class Views {
  constructor(private readonly state: State) {}

  paymentIntent(pi: PaymentIntent, expand: string[] = []): object {
    return expandFields(pi, expand, {
      latest_charge: (id) => this.state.charges.get(id),
      payment_method: (id) => this.state.paymentMethods.get(id),
    });
  }

  /** What a publishable key may see (Stripe.js): no metadata, customer or charges. */
  paymentIntentForClient(pi: PaymentIntent): object {
    return Object.fromEntries(Object.entries(pi).filter(([key]) => !SERVER_ONLY_FIELDS.has(key)));
  }

  charge(charge: Charge, expand: string[] = []): object {
    return expandFields(charge, expand, { payment_intent: (id) => this.state.paymentIntents.get(id) });
  }

  refund(refund: Refund, expand: string[] = []): object {
    return expandFields(refund, expand, {
      charge: (id) => this.state.charges.get(id),
      payment_intent: (id) => this.state.paymentIntents.get(id),
    });
  }
}

/** Stripe's list envelope. */
export function listObject(url: string, page: { data: object[]; has_more: boolean }): object {
  return { object: "list", data: page.data, has_more: page.has_more, url };
}
