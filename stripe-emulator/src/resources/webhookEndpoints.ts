import type { Services } from "../context.js";
import { invalidRequest, resourceMissing } from "../http/errors.js";
import { applyMetadata, boolean, list, metadata, parseParams, required, string } from "../http/params.js";
import type { Route } from "../http/router.js";
import { newId, nowSeconds, randomAlphanumeric } from "../ids.js";
import type { WebhookEndpoint } from "../models.js";
import { listObject } from "../views.js";
import { listParams } from "./lists.js";

export function newWebhookEndpoint(input: { url: string; secret?: string; enabledEvents?: string[]; description?: string | null; apiVersion?: string | null }): WebhookEndpoint {
  return {
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: input.apiVersion ?? null,
    created: nowSeconds(),
    description: input.description ?? null,
    enabled_events: input.enabledEvents ?? ["*"],
    livemode: false,
    metadata: {},
    secret: input.secret ?? `whsec_${randomAlphanumeric(32)}`,
    status: "enabled",
    url: input.url,
  };
}

/** Stripe returns the signing secret only when the endpoint is created. */
function withoutSecret({ secret: _secret, ...endpoint }: WebhookEndpoint): object {
  return endpoint;
}

function checkUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return url;
  } catch {
    // fall through
  }
  throw invalidRequest(`Invalid URL: ${url}. URLs must begin with http:// or https://`, { param: "url" });
}

export function webhookEndpointRoutes({ state }: Services): Route[] {
  const find = (id: string) => {
    const endpoint = state.webhookEndpoints.get(id);
    if (!endpoint) throw resourceMissing("webhook_endpoint", id);
    return endpoint;
  };
  return [
    {
      method: "POST",
      pattern: "/v1/webhook_endpoints",
      prepare({ params: raw }) {
        const params = parseParams(
          { url: required(string()), enabled_events: required(list(string())), description: string(), api_version: string(), metadata: metadata(), connect: string() },
          raw,
        );
        const url = checkUrl(params.url);
        if (params.enabled_events.length === 0) throw invalidRequest("enabled_events must not be empty.", { param: "enabled_events" });
        return () => {
          const endpoint = newWebhookEndpoint({ url, enabledEvents: params.enabled_events, description: params.description, apiVersion: params.api_version });
          endpoint.metadata = applyMetadata({}, params.metadata);
          state.webhookEndpoints.add(endpoint);
          state.changed();
          return { status: 200, body: endpoint };
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/webhook_endpoints/:id",
      prepare({ params: raw, path }) {
        parseParams({}, raw);
        return () => ({ status: 200, body: withoutSecret(find(path.id!)) });
      },
    },
    {
      method: "POST",
      pattern: "/v1/webhook_endpoints/:id",
      prepare({ params: raw, path }) {
        const params = parseParams({ url: string(), enabled_events: list(string()), disabled: boolean(), description: string(), metadata: metadata() }, raw);
        const url = params.url !== undefined ? checkUrl(params.url) : undefined;
        return () => {
          const endpoint = find(path.id!);
          if (url !== undefined) endpoint.url = url;
          if (params.enabled_events !== undefined) endpoint.enabled_events = params.enabled_events;
          if (params.disabled !== undefined) endpoint.status = params.disabled ? "disabled" : "enabled";
          if (params.description !== undefined) endpoint.description = params.description;
          endpoint.metadata = applyMetadata(endpoint.metadata, params.metadata);
          state.changed();
          return { status: 200, body: withoutSecret(endpoint) };
        };
      },
    },
    {
      method: "DELETE",
      pattern: "/v1/webhook_endpoints/:id",
      prepare({ params: raw, path }) {
        parseParams({}, raw);
        return () => {
          find(path.id!);
          state.webhookEndpoints.delete(path.id!);
          state.changed();
          return { status: 200, body: { id: path.id, object: "webhook_endpoint", deleted: true } };
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/webhook_endpoints",
      prepare({ params: raw }) {
        const params = parseParams(listParams, raw);
        return () => {
          const page = state.webhookEndpoints.page({ limit: params.limit ?? 10, startingAfter: params.starting_after, endingBefore: params.ending_before });
          return { status: 200, body: listObject("/v1/webhook_endpoints", { ...page, data: page.data.map(withoutSecret) }) };
        };
      },
    },
  ];
}
