import { unauthorized, type ApiError } from "./errors.js";
import type { ApiKey } from "./router.js";

const KEY = /^(sk|rk|pk)_test_[A-Za-z0-9_]+$/;

/**
 * `Authorization: Bearer sk_test_...` (or HTTP Basic with the key as user name, as curl's
 * `-u sk_test_...:` sends). Only test-mode keys exist here; any test key is accepted.
 */
export function authenticate(header: string | undefined, fallbackKey?: string): ApiKey | ApiError {
  let key: string | undefined;
  if (header?.startsWith("Bearer ")) key = header.slice(7).trim();
  else if (header?.startsWith("Basic ")) key = Buffer.from(header.slice(6), "base64").toString().split(":")[0];
  else if (header === undefined || header === "") key = fallbackKey;
  else return unauthorized("Invalid authorization header. Use Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
  if (!key) {
    return unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (!KEY.test(key)) return unauthorized(`Invalid API Key provided: ${redact(key)}`);
  return { kind: key.startsWith("pk_") ? "publishable" : "secret", value: key };
}

export function publishableNotAllowed(): ApiError {
  return unauthorized(
    "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
  );
}

function redact(key: string): string {
  return key.length <= 12 ? key : `${key.slice(0, 8)}${"*".repeat(Math.min(key.length - 12, 20))}${key.slice(-4)}`;
}
