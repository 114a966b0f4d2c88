// Every refusal the app can give, with the HTTP status it maps to. Domain code throws
// AppError with a code; route handlers turn it into `{ error: { code, message } }`.
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_idempotency_key: 400,
  idempotency_key_required: 400,
  invalid_signature: 400,
  cross_origin_request: 403,
  unauthorized: 401,
  invalid_credentials: 401,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  body_too_large: 413,
  not_found: 404,
  order_not_found: 404,
  unknown_product: 422,
  amount_mismatch: 422,
  idempotency_key_reused: 422,
  order_already_paid: 409,
  order_not_payable: 409,
  request_in_progress: 409,
  order_not_refundable: 409,
  refund_exceeds_remaining: 422,
  rate_limited: 429,
  payment_provider_unavailable: 503,
  database_unavailable: 503,
  admin_not_configured: 503,
  payment_provider_error: 502,
  webhook_not_configured: 500,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryAfterSeconds?: number; details?: unknown; allow?: string[] } = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.extra.details ? { details: this.extra.details } : {}) } };
  }
}
