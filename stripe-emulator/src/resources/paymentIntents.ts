import { eventSource, type Services } from "../context.js";
import { parseCurrency, checkAmount } from "../currencies.js";
import { ApiError, invalidRequest } from "../http/errors.js";
import {
  anyHash, applyMetadata, boolean, clearableString, expandParam, hash, integer, list, metadata, oneOf, parseParams,
  required, string, type Parsed,
} from "../http/params.js";
import type { RequestContext, Route } from "../http/router.js";
import type { PaymentIntent, PaymentMethod } from "../models.js";
import type { Declined } from "../payments.js";
import { decodePageToken, encodePageToken, matchesClauses, parseSearchQuery } from "../search.js";
import { checkExpand, listObject } from "../views.js";
import { listParams } from "./lists.js";

const CAPTURE_METHODS = ["automatic", "automatic_async", "manual"] as const;
const STRIPE_JS_TRACKING = ["payment_user_agent", "time_on_page", "guid", "muid", "sid", "referrer", "allow_redisplay"] as const;

const paymentMethodData = hash({
  type: required(oneOf(["card"])),
  card: hash({ number: required(string()), exp_month: integer(), exp_year: integer(), cvc: string(), networks: anyHash() }),
  billing_details: anyHash(),
  metadata: metadata(),
  ...Object.fromEntries(STRIPE_JS_TRACKING.map((k) => [k, string()])),
});

/** Parameters Stripe.js adds to its calls; accepted and ignored. */
const stripeJsParams = {
  key: string(),
  _stripe_version: string(),
  _stripe_account: string(),
  expected_payment_method_type: string(),
  use_stripe_sdk: boolean(),
  client_context: anyHash(),
};

const confirmationParams = {
  payment_method: string(),
  payment_method_data: paymentMethodData,
  payment_method_options: anyHash(),
  return_url: string(),
  receipt_email: string(),
  setup_future_usage: oneOf(["off_session", "on_session"]),
  off_session: boolean(),
  error_on_requires_action: boolean(),
  mandate_data: anyHash(),
  shipping: anyHash(),
  ...expandParam,
};

const createShape = {
  amount: required(integer()),
  currency: required(string()),
  metadata: metadata(),
  description: string({ maxLength: 1000 }),
  customer: string(),
  capture_method: oneOf(CAPTURE_METHODS),
  confirmation_method: oneOf(["automatic", "manual"]),
  confirm: boolean(),
  payment_method_types: list(oneOf(["card", "link"])),
  automatic_payment_methods: hash({ enabled: required(boolean()), allow_redirects: oneOf(["always", "never"]) }),
  statement_descriptor: string({ maxLength: 22 }),
  statement_descriptor_suffix: string({ maxLength: 22 }),
  transfer_group: string(),
  ...confirmationParams,
};

const updateShape = {
  amount: integer(),
  currency: string(),
  metadata: metadata(),
  description: clearableString({ maxLength: 1000 }),
  customer: string(),
  capture_method: oneOf(CAPTURE_METHODS),
  payment_method: string(),
  payment_method_types: list(oneOf(["card", "link"])),
  receipt_email: clearableString(),
  setup_future_usage: oneOf(["off_session", "on_session"]),
  statement_descriptor: clearableString({ maxLength: 22 }),
  statement_descriptor_suffix: clearableString({ maxLength: 22 }),
  transfer_group: string(),
  shipping: anyHash(),
  ...expandParam,
};

const UPDATABLE_STATUSES = ["requires_payment_method", "requires_confirmation", "requires_action"];

export function paymentIntentRoutes(services: Services): Route[] {
  const { state, payments, views } = services;

  /** The PaymentIntent as this caller may see it; a publishable key must also prove the client secret. */
  const view = (pi: PaymentIntent, ctx: RequestContext, expand: string[]) =>
    ctx.apiKey.kind === "publishable" ? views.paymentIntentForClient(pi) : views.paymentIntent(pi, expand);

  const authorizeClient = (id: string, clientSecret: string | undefined, ctx: RequestContext) => {
    if (ctx.apiKey.kind !== "publishable") return;
    const pi = payments.getPaymentIntent(id);
    if (clientSecret === undefined) throw invalidRequest("Missing required param: client_secret.", { code: "parameter_missing", param: "client_secret" });
    if (clientSecret !== pi.client_secret) {
      throw invalidRequest("The client_secret provided does not match the client_secret associated with the PaymentIntent.", { param: "client_secret" });
    }
  };

  /** Resolves `payment_method` / `payment_method_data` (at execution: card errors are stored results). */
  const paymentMethodFrom = (params: { payment_method?: string; payment_method_data?: Parsed<typeof confirmationParams>["payment_method_data"] }): PaymentMethod | null => {
    if (params.payment_method_data) {
      if (!params.payment_method_data.card) throw invalidRequest("Missing required param: payment_method_data[card].", { code: "parameter_missing", param: "payment_method_data[card]" });
      return payments.createPaymentMethod(params.payment_method_data.card, params.payment_method_data.billing_details ?? {});
    }
    return params.payment_method ? payments.paymentMethodFromId(params.payment_method) : null;
  };

  const checkConfirmationParams = (params: { payment_method?: string; payment_method_data?: unknown }) => {
    if (params.payment_method !== undefined && params.payment_method_data !== undefined) {
      throw invalidRequest("You may only specify one of these parameters: payment_method, payment_method_data.", { code: "parameters_exclusive", param: "payment_method_data" });
    }
  };

  /** 200 with the PaymentIntent, or Stripe's 402 card_error that embeds it. */
  const confirmResult = (pi: PaymentIntent, declined: Declined | null, ctx: RequestContext, expand: string[]) => {
    if (!declined) return { status: 200, body: view(pi, ctx, expand) };
    const { payment_method, ...error } = declined.error;
    throw new ApiError(402, { ...error, payment_method, payment_intent: view(pi, ctx, []) });
  };

  const create: Route = {
    method: "POST",
    pattern: "/v1/payment_intents",
    prepare({ params: raw, ctx }) {
      const params = parseParams(createShape, raw);
      const currency = parseCurrency(params.currency);
      checkAmount(params.amount, currency);
      checkConfirmationParams(params);
      if (params.payment_method_types && params.automatic_payment_methods) {
        throw invalidRequest("You may only specify one of these parameters: automatic_payment_methods, payment_method_types.", { code: "parameters_exclusive" });
      }
      const expand = checkExpand("payment_intent", params.expand);
      return () => {
        const source = eventSource(ctx);
        const pm = paymentMethodFrom(params);
        const pi = payments.createPaymentIntent(
          {
            amount: params.amount,
            currency,
            metadata: applyMetadata({}, params.metadata),
            description: params.description ?? null,
            customer: params.customer ?? null,
            receiptEmail: params.receipt_email ?? null,
            captureMethod: params.capture_method ?? "automatic_async",
            confirmationMethod: params.confirmation_method ?? "automatic",
            paymentMethodTypes: params.payment_method_types ?? null,
            automaticPaymentMethods: params.automatic_payment_methods ?? null,
            setupFutureUsage: params.setup_future_usage ?? null,
            statementDescriptor: params.statement_descriptor ?? null,
            statementDescriptorSuffix: params.statement_descriptor_suffix ?? null,
            transferGroup: params.transfer_group ?? null,
          },
          source,
        );
        if (pm) {
          pi.payment_method = pm.id;
          pi.status = "requires_confirmation";
        }
        if (!params.confirm) return { status: 200, body: view(pi, ctx, expand) };
        const declined = payments.confirm(pi, pm, ctx.baseUrl, params.return_url ?? null, source);
        return confirmResult(pi, declined, ctx, expand);
      };
    },
  };

  const retrieve: Route = {
    method: "GET",
    pattern: "/v1/payment_intents/:id",
    publishable: true,
    prepare({ params: raw, path, ctx }) {
      const params = parseParams({ client_secret: string(), ...stripeJsParams, ...expandParam }, raw);
      authorizeClient(path.id!, params.client_secret, ctx);
      const expand = checkExpand("payment_intent", params.expand);
      return () => ({ status: 200, body: view(payments.getPaymentIntent(path.id!), ctx, expand) });
    },
  };

  const update: Route = {
    method: "POST",
    pattern: "/v1/payment_intents/:id",
    prepare({ params: raw, path, ctx }) {
      const params = parseParams(updateShape, raw);
      const currency = params.currency !== undefined ? parseCurrency(params.currency) : undefined;
      const expand = checkExpand("payment_intent", params.expand);
      return () => {
        const pi = payments.getPaymentIntent(path.id!);
        const changesPayment = Object.keys(params).some((k) => !["metadata", "description", "expand"].includes(k));
        if (changesPayment && !UPDATABLE_STATUSES.includes(pi.status)) {
          throw invalidRequest(
            `You cannot update this PaymentIntent because it has a status of ${pi.status}. Updates are only allowed when the PaymentIntent has one of the following statuses: ${UPDATABLE_STATUSES.join(", ")}.`,
            { code: "payment_intent_unexpected_state", payment_intent: pi },
          );
        }
        if (params.amount !== undefined || currency !== undefined) checkAmount(params.amount ?? pi.amount, currency ?? pi.currency);
        const pm = params.payment_method !== undefined ? payments.paymentMethodFromId(params.payment_method) : null;
        if (params.amount !== undefined) pi.amount = params.amount;
        if (currency !== undefined) pi.currency = currency;
        pi.metadata = applyMetadata(pi.metadata, params.metadata);
        if (params.description !== undefined) pi.description = params.description;
        if (params.customer !== undefined) pi.customer = params.customer;
        if (params.capture_method !== undefined) pi.capture_method = params.capture_method;
        if (params.payment_method_types !== undefined) pi.payment_method_types = params.payment_method_types;
        if (params.receipt_email !== undefined) pi.receipt_email = params.receipt_email;
        if (params.setup_future_usage !== undefined) pi.setup_future_usage = params.setup_future_usage;
        if (params.statement_descriptor !== undefined) pi.statement_descriptor = params.statement_descriptor;
        if (params.statement_descriptor_suffix !== undefined) pi.statement_descriptor_suffix = params.statement_descriptor_suffix;
        if (params.transfer_group !== undefined) pi.transfer_group = params.transfer_group;
        if (pm) {
          pi.payment_method = pm.id;
          pi.status = "requires_confirmation";
          pi.next_action = null;
        }
        state.changed();
        return { status: 200, body: view(pi, ctx, expand) };
      };
    },
  };

  const confirm: Route = {
    method: "POST",
    pattern: "/v1/payment_intents/:id/confirm",
    publishable: true,
    prepare({ params: raw, path, ctx }) {
      const params = parseParams({ client_secret: string(), capture_method: oneOf(CAPTURE_METHODS), ...stripeJsParams, ...confirmationParams }, raw);
      authorizeClient(path.id!, params.client_secret, ctx);
      checkConfirmationParams(params);
      const expand = checkExpand("payment_intent", params.expand);
      return () => {
        const pi = payments.getPaymentIntent(path.id!);
        if (params.client_secret !== undefined && params.client_secret !== pi.client_secret) {
          throw invalidRequest("The client_secret provided does not match the client_secret associated with the PaymentIntent.", { param: "client_secret" });
        }
        if (params.capture_method !== undefined && ["requires_payment_method", "requires_confirmation"].includes(pi.status)) {
          pi.capture_method = params.capture_method;
        }
        if (params.receipt_email !== undefined) pi.receipt_email = params.receipt_email;
        const pm = ["succeeded", "canceled", "processing", "requires_capture"].includes(pi.status) ? null : paymentMethodFrom(params);
        const declined = payments.confirm(pi, pm, ctx.baseUrl, params.return_url ?? null, eventSource(ctx));
        return confirmResult(pi, declined, ctx, expand);
      };
    },
  };

  const cancel: Route = {
    method: "POST",
    pattern: "/v1/payment_intents/:id/cancel",
    prepare({ params: raw, path, ctx }) {
      const params = parseParams({ cancellation_reason: oneOf(["duplicate", "fraudulent", "requested_by_customer", "abandoned"]), ...expandParam }, raw);
      const expand = checkExpand("payment_intent", params.expand);
      return () => {
        const pi = payments.getPaymentIntent(path.id!);
        payments.cancel(pi, params.cancellation_reason ?? null, eventSource(ctx));
        return { status: 200, body: view(pi, ctx, expand) };
      };
    },
  };

  const capture: Route = {
    method: "POST",
    pattern: "/v1/payment_intents/:id/capture",
    prepare({ params: raw, path, ctx }) {
      const params = parseParams({ amount_to_capture: integer({ min: 1 }), final_capture: boolean(), metadata: metadata(), ...expandParam }, raw);
      const expand = checkExpand("payment_intent", params.expand);
      return () => {
        const pi = payments.getPaymentIntent(path.id!);
        payments.capture(pi, params.amount_to_capture, eventSource(ctx));
        pi.metadata = applyMetadata(pi.metadata, params.metadata);
        return { status: 200, body: view(pi, ctx, expand) };
      };
    },
  };

  const listRoute: Route = {
    method: "GET",
    pattern: "/v1/payment_intents",
    prepare({ params: raw, ctx }) {
      const params = parseParams({ ...listParams, customer: string() }, raw);
      const expand = checkExpand("payment_intent", params.expand, true);
      const customer = params.customer;
      return () => {
        const page = state.paymentIntents.page(
          { limit: params.limit ?? 10, startingAfter: params.starting_after, endingBefore: params.ending_before },
          customer === undefined ? undefined : (pi) => pi.customer === customer,
        );
        return { status: 200, body: listObject("/v1/payment_intents", { ...page, data: page.data.map((pi) => view(pi, ctx, expand)) }) };
      };
    },
  };

  const search: Route = {
    method: "GET",
    pattern: "/v1/payment_intents/search",
    prepare({ params: raw, ctx }) {
      const params = parseParams({ query: required(string()), limit: integer({ min: 1, max: 100 }), page: string(), ...expandParam }, raw);
      const clauses = parseSearchQuery(params.query, ["status", "currency", "customer", "amount"]);
      const startingAfter = params.page !== undefined ? decodePageToken(params.page) : undefined;
      const expand = checkExpand("payment_intent", params.expand, true);
      return () => {
        // Search scans: it is not on the payment hot path. Unlike Stripe's, results are immediate.
        const page = state.paymentIntents.page({ limit: params.limit ?? 10, startingAfter }, (pi) =>
          matchesClauses(pi as unknown as Record<string, unknown> & PaymentIntent, clauses),
        );
        return {
          status: 200,
          body: {
            object: "search_result",
            data: page.data.map((pi) => view(pi, ctx, expand)),
            has_more: page.has_more,
            next_page: page.has_more ? encodePageToken(page.data.at(-1)!.id) : null,
            url: "/v1/payment_intents/search",
          },
        };
      };
    },
  };

  // search before retrieve: "/v1/payment_intents/search" must not be read as an id.
  return [create, search, listRoute, retrieve, update, confirm, cancel, capture];
}
