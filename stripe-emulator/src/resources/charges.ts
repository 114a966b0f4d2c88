import type { Services } from "../context.js";
import { resourceMissing } from "../http/errors.js";
import { expandParam, parseParams, string } from "../http/params.js";
import type { Route } from "../http/router.js";
import { checkExpand, listObject } from "../views.js";
import { listParams } from "./lists.js";

export function chargeRoutes({ state, views }: Services): Route[] {
  return [
    {
      method: "GET",
      pattern: "/v1/charges/:id",
      prepare({ params: raw, path }) {
        const params = parseParams(expandParam, raw);
        const expand = checkExpand("charge", params.expand);
        return () => {
          const charge = state.charges.get(path.id!);
          if (!charge) throw resourceMissing("charge", path.id!);
          return { status: 200, body: views.charge(charge, expand) };
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/charges",
      prepare({ params: raw }) {
        const params = parseParams({ ...listParams, payment_intent: string(), customer: string() }, raw);
        const expand = checkExpand("charge", params.expand, true);
        return () => {
          const page = state.charges.page(
            { limit: params.limit ?? 10, startingAfter: params.starting_after, endingBefore: params.ending_before },
            (c) => (params.payment_intent === undefined || c.payment_intent === params.payment_intent) && (params.customer === undefined || c.customer === params.customer),
          );
          return { status: 200, body: listObject("/v1/charges", { ...page, data: page.data.map((c) => views.charge(c, expand)) }) };
        };
      },
    },
  ];
}
