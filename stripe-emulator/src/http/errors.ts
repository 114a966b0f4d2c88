/**
 * Stripe's error envelope: `{ error: { type, code?, decline_code?, message, param?, ... } }`.
 * Handlers throw ApiError; the server turns it into the JSON body and status.
 */
export type ErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

export interface ErrorBody {
  type: ErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** Extra response headers, e.g. Stripe-Should-Retry. */
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }

  toJSON(): { error: ErrorBody } {
    const error = { ...this.body };
    if (error.code && !error.doc_url) error.doc_url = `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, "-")}`;
    return { error };
  }
}

export function invalidRequest(message: string, extra: Partial<ErrorBody> = {}, status = 400): ApiError {
  return new ApiError(status, { type: "invalid_request_error", message, ...extra });
}

export function parameterMissing(param: string): ApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });
}

export function parameterUnknown(param: string): ApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: "parameter_unknown", param });
}

export function resourceMissing(kind: string, id: string, param = "id"): ApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: "resource_missing", param }, 404);
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, { type: "invalid_request_error", message });
}

export function internalError(message = "An unknown error occurred"): ApiError {
  return new ApiError(500, { type: "api_error", message });
}
