import { invalidRequest } from "./errors.js";

/**
 * Decodes `application/x-www-form-urlencoded` with Stripe's bracket notation:
 *   metadata[orderId]=1   → { metadata: { orderId: "1" } }
 *   expand[]=a&expand[]=b → { expand: ["a", "b"] }
 *   expand[0]=a           → { expand: { "0": "a" } }   (list parsers accept index-keyed hashes,
 *                                                        which is what the stripe SDK sends)
 * Objects are created without a prototype so no key can reach Object.prototype.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 8;
const MAX_PAIRS = 5_000;

export function parseForm(body: string): FormObject {
  const root: FormObject = Object.create(null);
  if (body.length === 0) return root;
  const pairs = body.split("&");
  if (pairs.length > MAX_PAIRS) throw malformed(`too many parameters (more than ${MAX_PAIRS})`);
  for (const pair of pairs) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    assign(root, splitKey(decode(rawKey)), decode(rawValue));
  }
  return root;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw malformed(`invalid percent-encoding in '${text.slice(0, 40)}'`);
  }
}

/** "a[b][]" → ["a", "b", ""] */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open === -1) return [checkSegment(key, key)];
  const segments = [checkSegment(key.slice(0, open), key)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const close = rest.indexOf("]");
    if (rest[0] !== "[" || close === -1) throw malformed(`invalid parameter name '${key}'`);
    segments.push(checkSegment(rest.slice(1, close), key, true));
    rest = rest.slice(close + 1);
  }
  if (segments.length > MAX_DEPTH) throw malformed(`parameter '${key}' is nested too deeply`);
  return segments;
}

function checkSegment(segment: string, key: string, mayBeEmpty = false): string {
  if ((!mayBeEmpty && segment.length === 0) || segment === "__proto__" || segment.includes("[")) {
    throw malformed(`invalid parameter name '${key}'`);
  }
  return segment;
}

function assign(root: FormObject, path: string[], value: string): void {
  let node: FormObject | FormValue[] = root;
  for (let i = 0; i < path.length; i++) {
    const last = i === path.length - 1;
    const segment = path[i]!;
    const nextIsPush = !last && path[i + 1] === "";
    if (Array.isArray(node)) {
      // `a[][b]=1` style (array of hashes) is not used by the Stripe API subset we emulate.
      if (segment !== "" || !last) throw malformed(`unsupported parameter name '${path.join("][")}'`);
      node.push(value);
      return;
    }
    if (segment === "") throw malformed(`invalid parameter name '${path.join("][")}'`);
    if (last) {
      if (node[segment] !== undefined && typeof node[segment] !== "string") throw conflict(path);
      node[segment] = value;
      return;
    }
    const existing: FormValue | undefined = node[segment];
    if (existing === undefined) {
      const child: FormObject | FormValue[] = nextIsPush ? [] : Object.create(null);
      node[segment] = child;
      node = child;
    } else if (typeof existing === "string" || Array.isArray(existing) !== nextIsPush) {
      throw conflict(path);
    } else {
      node = existing;
    }
  }
}

function conflict(path: string[]) {
  return malformed(`parameter '${path[0]}' is given both as a value and as a hash or list`);
}

function malformed(detail: string) {
  return invalidRequest(`Invalid request body: ${detail}.`);
}
