import { invalidRequest } from "./http/errors.js";

/**
 * Stripe's search query language, the subset the emulator needs:
 *   metadata['orderId']:'123' AND status:'succeeded' AND amount:1000
 * Clauses are joined by AND; values are quoted with ' or " (numbers may be bare).
 */
export interface Clause {
  field: string; // "status", "metadata.orderId", ...
  value: string;
  negated: boolean;
}

const CLAUSE = /^\s*(-?)(metadata\[(['"])(.*?)\3\]|[a-z_]+)\s*:\s*(?:(['"])(.*?)\5|(-?\d+))\s*/;

export function parseSearchQuery(query: string, fields: readonly string[]): Clause[] {
  const clauses: Clause[] = [];
  let rest = query.trim();
  if (rest.length === 0) throw invalidRequest("The query must not be empty.", { param: "query" });
  while (rest.length > 0) {
    const m = CLAUSE.exec(rest);
    if (!m) throw invalidRequest(`Invalid search query near '${rest.slice(0, 30)}'. The emulator supports field:'value' clauses joined by AND.`, { param: "query" });
    const field = m[4] !== undefined ? `metadata.${m[4]}` : m[2]!;
    if (!field.startsWith("metadata.") && !fields.includes(field)) {
      throw invalidRequest(`Field '${field}' is not supported by search on this resource (supported: metadata, ${fields.join(", ")}).`, { param: "query" });
    }
    clauses.push({ field, value: m[6] ?? m[7]!, negated: m[1] === "-" });
    rest = rest.slice(m[0].length);
    if (rest.length === 0) break;
    const join = /^AND\s+/.exec(rest);
    if (!join) throw invalidRequest(`Invalid search query near '${rest.slice(0, 30)}'. The emulator supports only AND between clauses.`, { param: "query" });
    rest = rest.slice(join[0].length);
  }
  return clauses;
}

export function matchesClauses(object: Record<string, unknown> & { metadata: Record<string, string> }, clauses: Clause[]): boolean {
  for (const clause of clauses) {
    const actual = clause.field.startsWith("metadata.") ? object.metadata[clause.field.slice(9)] : object[clause.field];
    const equal = actual !== undefined && actual !== null && String(actual) === clause.value;
    if (equal === clause.negated) return false;
  }
  return true;
}

export function encodePageToken(lastId: string): string {
  return `page_${Buffer.from(lastId).toString("base64url")}`;
}

export function decodePageToken(token: string): string {
  const id = token.startsWith("page_") ? Buffer.from(token.slice(5), "base64url").toString() : "";
  if (!/^[a-z]+_[A-Za-z0-9]+$/.test(id)) throw invalidRequest(`Invalid page: ${token}`, { param: "page" });
  return id;
}
