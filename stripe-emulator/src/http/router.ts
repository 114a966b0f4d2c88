import type { FormObject } from "./form.js";

export interface ApiKey {
  kind: "secret" | "publishable";
  value: string;
}

/** What a handler knows about the request it serves. */
export interface RequestContext {
  requestId: string;
  idempotencyKey: string | null;
  apiKey: ApiKey;
  /** Origin clients reach the emulator at (from the Host header), for URLs in responses. */
  baseUrl: string;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

export interface RouteInput {
  params: FormObject;
  path: Record<string, string>;
  ctx: RequestContext;
}

/** Runs the request. Anything it throws is part of the stored idempotent result. */
export type Execute = () => ApiResult;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: string;
  /** Publishable keys are accepted (the route checks the client secret itself). */
  publishable?: boolean;
  /**
   * Validates the request and returns the function that executes it. Errors thrown here
   * are validation failures: not stored for idempotency, like Stripe.
   */
  prepare(input: RouteInput): Execute;
}

export type RouteMatch =
  | { kind: "found"; route: Route; path: Record<string, string> }
  | { kind: "not_found" };

/** Matches "/v1/payment_intents/:id/confirm"-style patterns segment by segment. */
export class Router {
  private readonly routes: { route: Route; segments: string[] }[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.routes.push({ route, segments: route.pattern.split("/") });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = pathname.split("/");
    for (const { route, segments: pattern } of this.routes) {
      if (route.method !== method || pattern.length !== segments.length) continue;
      const path: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < pattern.length && ok; i++) {
        const expected = pattern[i]!;
        if (expected.startsWith(":")) {
          if (segments[i]!.length === 0) ok = false;
          else path[expected.slice(1)] = decodeURIComponent(segments[i]!);
        } else ok = expected === segments[i];
      }
      if (ok) return { kind: "found", route, path };
    }
    return { kind: "not_found" };
  }
}
