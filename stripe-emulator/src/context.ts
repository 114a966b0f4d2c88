import type { EventSource } from "./events.js";
import type { RequestContext } from "./http/router.js";
import type { Payments } from "./payments.js";
import type { State } from "./state.js";
import type { Views } from "./views.js";

/** The services route modules are built from. */
export interface Services {
  state: State;
  payments: Payments;
  views: Views;
}

export function eventSource(ctx: RequestContext): EventSource {
  return { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
}
