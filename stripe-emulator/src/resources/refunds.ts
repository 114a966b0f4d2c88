import { eventSource, type Services } from "../context.js";
import { resourceMissing } from "../http/errors.js";
import { applyMetadata, expandParam, integer, metadata, oneOf, parseParams, string } from "../http/params.js";
import type { Route } from "../http/router.js";
import { checkExpand, listObject } from "../views.js";
import { listParams } from "./lists.js";

const createShape = {
  payment_intent: string(),
  charge: string(),
  amount: integer({ min: 1 }),
  reason: oneOf(["duplicate", "fraudulent", "requested_by_customer"]),
  metadata: metadata(),
  instructions_email: string(),
  ...expandParam,
};

export function refundRoutes({ state, payments, views }: Services): Route[] {
  return [
    {
      method: "POST",
      pattern: "/v1/refunds",
      prepare({ params: raw, ctx }) {
        const params = parseParams(createShape, raw);
        const expand = checkExpand("refund", params.expand);
        return () => {
          const refund = payments.refund(
            {
              paymentIntent: params.payment_intent,
              charge: params.charge,
              amount: params.amount,
              reason: params.reason ?? null,
              metadata: applyMetadata({}, params.metadata),
            },
            eventSource(ctx),
          );
          return { status: 200, body: views.refund(refund, expand) };
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/refunds/:id",
      prepare({ params: raw, path }) {
        const expand = checkExpand("refund", parseParams(expandParam, raw).expand);
        return () => {
          const refund = state.refunds.get(path.id!);
          if (!refund) throw resourceMissing("refund", path.id!);
          return { status: 200, body: views.refund(refund, expand) };
        };
      },
    },
    {
      method: "GET",
      pattern: "/v1/refunds",
      prepare({ params: raw }) {
        const params = parseParams({ ...listParams, payment_intent: string(), charge: string() }, raw);
        const expand = checkExpand("refund", params.expand, true);
        return () => {
          const page = state.refunds.page(
            { limit: params.limit ?? 10, startingAfter: params.starting_after, endingBefore: params.ending_before },
            (r) => (params.payment_intent === undefined || r.payment_intent === params.payment_intent) && (params.charge === undefined || r.charge === params.charge),
          );
          return { status: 200, body: listObject("/v1/refunds", { ...page, data: page.data.map((r) => views.refund(r, expand)) }) };
        };
      },
    },
  ];
}
