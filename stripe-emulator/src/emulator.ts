import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { handleApiRequest, type ApiDeps } from "./api.js";
import type { Services } from "./context.js";
import { handleControlRequest, type ControlDeps } from "./control.js";
import { EventLog } from "./events.js";
import { FaultRegistry } from "./faults.js";
import { invalidRequest } from "./http/errors.js";
import { CORS_HEADERS, sendJson, sendPreflight, sendText } from "./http/io.js";
import { Router } from "./http/router.js";
import { IdempotencyStore } from "./idempotency.js";
import { newId } from "./ids.js";
import { Payments } from "./payments.js";
import { StateFile } from "./persistence.js";
import { chargeRoutes } from "./resources/charges.js";
import { eventRoutes } from "./resources/events.js";
import { paymentIntentRoutes } from "./resources/paymentIntents.js";
import { refundRoutes } from "./resources/refunds.js";
import { newWebhookEndpoint, webhookEndpointRoutes } from "./resources/webhookEndpoints.js";
import { State } from "./state.js";
import { Views } from "./views.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";

export interface EmulatorOptions {
  /** How long idempotency keys are remembered. Default 24 h. */
  idempotencyTtlMs?: number;
  /** JSON file to load state from at start and save to (debounced, and on close). */
  stateFile?: string;
  /** Endpoints configured up front (their secret is the whsec_ you verify with). */
  webhookEndpoints?: { url: string; secret: string; enabledEvents?: string[] }[];
  /** Delay before each webhook retry; its length is the number of retries. Default 1 s, 5 s, 30 s, 2 min, 10 min. */
  webhookRetryDelaysMs?: number[];
  /** A webhook attempt without an answer within this time counts as failed. Default 10 s. */
  webhookTimeoutMs?: number;
  /** Parallel deliveries per endpoint (normal/duplicate modes). Default 8. */
  webhookConcurrency?: number;
  /** Insert `processing` (and its event) before `succeeded`; Stripe skips it for cards. Default false. */
  emitProcessingEvents?: boolean;
  log?: (line: string) => void;
}

export interface Emulator {
  /** Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

const STRIPE_JS = fileURLToPath(new URL("../stripejs/stripe.js", import.meta.url));
const DAY_MS = 24 * 60 * 60 * 1000;

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const log = opts.log ?? (() => {});
  let stateFile: StateFile | null = null;
  const state = new State(() => stateFile?.scheduleSave());
  const idempotency = new IdempotencyStore(opts.idempotencyTtlMs ?? DAY_MS, () => stateFile?.scheduleSave());
  const faults = new FaultRegistry();
  const dispatcher = new WebhookDispatcher(() => state.webhookEndpoints.all(), {
    retryDelaysMs: opts.webhookRetryDelaysMs ?? [1_000, 5_000, 30_000, 120_000, 600_000],
    timeoutMs: opts.webhookTimeoutMs ?? 10_000,
    concurrency: opts.webhookConcurrency ?? 8,
    log,
  });
  const events = new EventLog(state, dispatcher);
  const payments = new Payments(state, events, opts.emitProcessingEvents ?? false);
  const views = new Views(state);
  const services: Services = { state, payments, views };
  const router = new Router().add(
    ...paymentIntentRoutes(services),
    ...chargeRoutes(services),
    ...refundRoutes(services),
    ...eventRoutes(services),
    ...webhookEndpointRoutes(services),
  );

  // Endpoints from options/env: re-created on every start and reset, never saved.
  const configuredIds = new Set<string>();
  const addConfiguredEndpoints = () => {
    for (const spec of opts.webhookEndpoints ?? []) {
      const endpoint = newWebhookEndpoint({ url: spec.url, secret: spec.secret, enabledEvents: spec.enabledEvents, description: "configured at start" });
      configuredIds.add(endpoint.id);
      state.webhookEndpoints.add(endpoint);
    }
  };

  if (opts.stateFile) {
    stateFile = new StateFile(
      opts.stateFile,
      () => ({
        version: 1,
        savedAt: new Date().toISOString(),
        state: { ...state.snapshot(), webhookEndpoints: state.webhookEndpoints.all().filter((e) => !configuredIds.has(e.id)) },
        idempotency: idempotency.export(),
      }),
      200,
      log,
    );
    const saved = stateFile.load();
    if (saved) {
      state.restore(saved.state);
      idempotency.import(saved.idempotency);
      log(`loaded ${state.paymentIntents.size} PaymentIntents from ${opts.stateFile}`);
    }
  }
  addConfiguredEndpoints();

  const reset = () => {
    state.reset();
    idempotency.clear();
    faults.clear();
    dispatcher.reset();
    configuredIds.clear();
    addConfiguredEndpoints();
  };

  const apiDeps: ApiDeps = { router, state, idempotency, faults, log };
  const controlDeps: ControlDeps = { state, payments, views, faults, dispatcher, reset };

  const server = http.createServer((req, res) => {
    const requestId = newId("req");
    res.setHeader("Request-Id", requestId);
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    if (req.method === "OPTIONS") return sendPreflight(req, res);
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? "" : url.slice(q + 1);
    const work = pathname.startsWith("/v1/")
      ? handleApiRequest(apiDeps, req, res, pathname, query, requestId)
      : pathname.startsWith("/_emulator/")
        ? handleControlRequest(controlDeps, req, res, pathname, query)
        : pathname === "/js/stripe.js" && req.method === "GET"
          ? serveStripeJs(res)
          : Promise.resolve(sendJson(res, 404, invalidRequest(`Unrecognized request URL (${req.method}: ${pathname}).`, {}, 404).toJSON()));
    work.catch((err: unknown) => {
      // Last line of defence: one bad request must never take the server down.
      log(`unhandled error for ${req.method} ${pathname}: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { type: "api_error", message: "An unknown error occurred" } });
      else res.destroy();
    });
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });

  return {
    listen(port = 12111, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      });
    },
    async close() {
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stateFile?.flush();
    },
  };
}

async function serveStripeJs(res: http.ServerResponse): Promise<void> {
  let source: string;
  try {
    source = await fs.promises.readFile(STRIPE_JS, "utf8");
  } catch {
    sendJson(res, 404, { error: { type: "invalid_request_error", message: "stripe-emulator/stripejs/stripe.js does not exist yet." } });
    return;
  }
  sendText(res, 200, source, "application/javascript; charset=utf-8", { "Cache-Control": "no-cache" });
}
