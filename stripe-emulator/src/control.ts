import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultRegistry } from "./faults.js";
import { ApiError, invalidRequest, resourceMissing } from "./http/errors.js";
import { parseForm } from "./http/form.js";
import { readBody, sendJson, sendText } from "./http/io.js";
import type { Payments } from "./payments.js";
import type { State } from "./state.js";
import type { Views } from "./views.js";
import { DELIVERY_MODES, type DeliveryMode, type WebhookDispatcher } from "./webhooks/dispatcher.js";

/**
 * The emulator's own API under /_emulator/ (outside Stripe's namespace, no auth, JSON).
 * See README "Control API".
 */
export interface ControlDeps {
  state: State;
  payments: Payments;
  views: Views;
  faults: FaultRegistry;
  dispatcher: WebhookDispatcher;
  /** Clears everything and re-adds the configured webhook endpoints. */
  reset: () => void;
}

type Handler = (input: { body: Record<string, unknown>; query: URLSearchParams; id?: string; req: IncomingMessage; res: ServerResponse }) => unknown;

export async function handleControlRequest(deps: ControlDeps, req: IncomingMessage, res: ServerResponse, pathname: string, query: string): Promise<void> {
  const method = req.method ?? "GET";
  const [, , resource = "", id] = pathname.split("/"); // "", "_emulator", resource, id?
  const routes: Record<string, Handler | undefined> = {
    "GET health": () => ({ ok: true }),
    "POST reset": () => {
      deps.reset();
      return { ok: true };
    },
    "GET counters": () => deps.state.counters,
    "GET faults": () => ({ data: deps.faults.list() }),
    "POST faults": ({ body }) => ({ id: deps.faults.add(body).id }),
    "DELETE faults": ({ id: faultId }) => {
      if (faultId === undefined) {
        deps.faults.clear();
        return { deleted: true };
      }
      if (!deps.faults.remove(faultId)) throw invalidRequest(`No such fault: ${faultId}`, {}, 404);
      return { id: faultId, deleted: true };
    },
    "POST webhooks": ({ id: action, body }) => webhookAction(deps.dispatcher, action, body),
    "GET webhooks": ({ id: action, query: q }) => {
      if (action !== "deliveries") throw invalidRequest(`Unknown webhooks resource: ${action ?? ""}`, {}, 404);
      const eventId = q.get("eventId");
      const deliveries = deps.dispatcher.deliveries();
      return { mode: deps.dispatcher.deliveryMode, held: deps.dispatcher.heldCount, data: eventId ? deliveries.filter((d) => d.eventId === eventId) : deliveries };
    },
    "POST 3ds": ({ id: piId, body, res: response }) => threeDSecure(deps, piId, body, response),
    "GET 3ds": ({ id: piId, query: q, res: response }) => challengePage(deps, piId, q, response),
  };
  const handler = routes[`${method} ${resource}`];
  const bodyResult = method === "POST" ? await readBody(req) : { kind: "ok" as const, text: "" };
  if (bodyResult.kind === "aborted") return;
  try {
    if (bodyResult.kind === "too_large") throw invalidRequest("Request body too large.", {}, 413);
    if (!handler) throw invalidRequest(`Unknown control endpoint: ${method} ${pathname}`, {}, 404);
    const body = parseControlBody(req, bodyResult.text);
    const result = handler({ body, query: new URLSearchParams(query), id: id ? decodeURIComponent(id) : undefined, req, res });
    if (!res.writableEnded) sendJson(res, 200, result);
  } catch (err) {
    const error = err instanceof ApiError ? err : invalidRequest((err as Error).message);
    sendJson(res, error.status, error.toJSON());
  }
}

function webhookAction(dispatcher: WebhookDispatcher, action: string | undefined, body: Record<string, unknown>) {
  if (action === "mode") {
    const mode = body.mode as DeliveryMode;
    if (!DELIVERY_MODES.includes(mode)) throw invalidRequest(`Invalid mode: must be one of ${DELIVERY_MODES.join(", ")}`, { param: "mode" });
    dispatcher.setMode(mode);
    return { mode };
  }
  if (action === "release") return { released: dispatcher.release() };
  throw invalidRequest(`Unknown webhooks action: ${action ?? ""}`, {}, 404);
}

/**
 * The 3-D Secure challenge's answer: `{ client_secret, outcome: "complete" | "fail" }`.
 * JSON callers (the Stripe.js stand-in) get the client view of the PaymentIntent; a form
 * post from the challenge page is redirected to its return_url, as a bank page would.
 */
function threeDSecure(deps: ControlDeps, piId: string | undefined, body: Record<string, unknown>, res: ServerResponse) {
  const pi = deps.state.paymentIntents.get(piId ?? "");
  if (!pi) throw resourceMissing("payment_intent", piId ?? "");
  if (body.client_secret !== pi.client_secret) throw invalidRequest("The client_secret provided does not match this PaymentIntent.", { param: "client_secret" });
  if (body.outcome !== "complete" && body.outcome !== "fail") throw invalidRequest("Invalid outcome: must be one of complete, fail", { param: "outcome" });
  const returnUrl = pi.next_action?.redirect_to_url?.return_url ?? null;
  deps.payments.authenticate(pi, body.outcome, null);
  if (typeof body.return_url === "string" || (body.redirect === "true" && returnUrl)) {
    const target = new URL(typeof body.return_url === "string" ? body.return_url : returnUrl!);
    target.searchParams.set("payment_intent", pi.id);
    target.searchParams.set("payment_intent_client_secret", pi.client_secret);
    target.searchParams.set("redirect_status", pi.status === "succeeded" || pi.status === "requires_capture" ? "succeeded" : "failed");
    res.writeHead(303, { Location: target.toString(), "Content-Length": "0" });
    res.end();
    return undefined;
  }
  return deps.views.paymentIntentForClient(pi);
}

/** A bare-bones bank page for redirect-based 3-D Secure (next_action.redirect_to_url). */
function challengePage(deps: ControlDeps, piId: string | undefined, query: URLSearchParams, res: ServerResponse) {
  const pi = deps.state.paymentIntents.get(piId ?? "");
  if (!pi || query.get("client_secret") !== pi.client_secret) throw resourceMissing("payment_intent", piId ?? "");
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const button = (outcome: string, label: string) =>
    `<form method="post"><input type="hidden" name="client_secret" value="${esc(pi.client_secret)}"><input type="hidden" name="outcome" value="${outcome}"><input type="hidden" name="redirect" value="true"><button type="submit">${label}</button></form>`;
  sendText(
    res,
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>3D Secure test page</title></head><body><h1>3D Secure 2 test page</h1><p>${esc(pi.id)}: ${(pi.amount / 100).toFixed(2)} ${esc(pi.currency.toUpperCase())}</p>${button("complete", "Complete")}${button("fail", "Fail")}</body></html>`,
    "text/html; charset=utf-8",
  );
  return undefined;
}

function parseControlBody(req: IncomingMessage, text: string): Record<string, unknown> {
  if (text.trim().length === 0) return {};
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  if (contentType.startsWith("application/x-www-form-urlencoded")) return { ...parseForm(text) };
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
    return body as Record<string, unknown>;
  } catch {
    throw invalidRequest("The control API takes a JSON object body.");
  }
}
