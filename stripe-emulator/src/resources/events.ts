import type { Services } from "../context.js";
import { eventObject } from "../events.js";
import { invalidRequest, resourceMissing } from "../http/errors.js";
import { list, parseParams, string } from "../http/params.js";
import type { Route } from "../http/router.js";
import { listObject } from "../views.js";
import { listParams } from "./lists.js";

export function eventRoutes({ state }: Services): Route[] {
  return [
    {
      method: "GET",
      pattern: "/v1/events/:id",
      prepare({ params: raw, path }) {
        parseParams({}, raw);
        return () => {
          const event = state.events.get(path.id!);
          if (!event) throw resourceMissing("event", path.id!);
          return { status: 200, body: eventObject(event) };
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/events",
      prepare({ params: raw }) {
        const params = parseParams({ ...listParams, type: string(), types: list(string()) }, raw);
        if (params.expand?.length) throw invalidRequest("Events cannot be expanded.", { param: "expand" });
        if (params.type !== undefined && params.types !== undefined) {
          throw invalidRequest("You may only specify one of these parameters: type, types.", { code: "parameters_exclusive" });
        }
        // `type` may end in ".*" (e.g. "charge.*"), as on Stripe.
        const patterns = params.types ?? (params.type !== undefined ? [params.type] : null);
        const matchesType = (type: string) => patterns === null || patterns.some((p) => (p.endsWith(".*") ? type.startsWith(p.slice(0, -1)) : type === p));
        return () => {
          const page = state.events.page(
            { limit: params.limit ?? 10, startingAfter: params.starting_after, endingBefore: params.ending_before },
            (e) => matchesType(e.type),
          );
          return { status: 200, body: listObject("/v1/events", { ...page, data: page.data.map(eventObject) }) };
        };
      },
    },
  ];
}
