import { invalidRequest, parameterMissing, parameterUnknown } from "./errors.js";
import type { FormObject, FormValue } from "./form.js";

/**
 * A tiny declarative validator for form parameters. Each endpoint declares its shape; a
 * parameter outside the shape is `parameter_unknown`, a missing required one is
 * `parameter_missing`, a wrong type gets Stripe's message for that type. Validation runs
 * before the request "executes", so its failures are never stored for idempotency.
 */
export interface Parser<T, R extends boolean = boolean> {
  readonly required: R;
  parse(value: FormValue, param: string): T;
}
export type Shape = Record<string, Parser<unknown>>;
type Output<P> = P extends Parser<infer T> ? T : never;
export type Parsed<S extends Shape> = {
  [K in keyof S as S[K] extends Parser<unknown, true> ? K : never]: Output<S[K]>;
} & {
  [K in keyof S as S[K] extends Parser<unknown, true> ? never : K]?: Output<S[K]>;
};

function parser<T>(parse: (value: FormValue, param: string) => T): Parser<T, false> {
  return { required: false, parse };
}

export function required<T>(inner: Parser<T>): Parser<T, true> {
  return { required: true, parse: inner.parse };
}

function describe(value: FormValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function string(opts: { maxLength?: number } = {}): Parser<string> {
  return parser((value, param) => {
    if (typeof value !== "string") throw invalidRequest(`Invalid string: ${describe(value)}`, { param });
    if (opts.maxLength !== undefined && value.length > opts.maxLength) {
      throw invalidRequest(`Invalid string: ${value.slice(0, 20)}...; must be at most ${opts.maxLength} characters`, { param });
    }
    return value;
  });
}

/** A string that the caller may clear by sending an empty value (Stripe's "unset"). */
export function clearableString(opts: { maxLength?: number } = {}): Parser<string | null> {
  const inner = string(opts);
  return parser((value, param) => (value === "" ? null : inner.parse(value, param)));
}

export function integer(opts: { min?: number; max?: number } = {}): Parser<number> {
  return parser((value, param) => {
    if (typeof value !== "string" || !/^-?\d{1,16}$/.test(value)) {
      throw invalidRequest(`Invalid integer: ${describe(value)}`, { code: "parameter_invalid_integer", param });
    }
    const n = Number(value);
    if (opts.min !== undefined && n < opts.min) {
      const message = opts.min === 1 ? "Invalid positive integer" : `This value must be greater than or equal to ${opts.min}.`;
      throw invalidRequest(message, { code: "parameter_invalid_integer", param });
    }
    if (opts.max !== undefined && n > opts.max) {
      throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, { code: "parameter_invalid_integer", param });
    }
    return n;
  });
}

export function boolean(): Parser<boolean> {
  return parser((value, param) => {
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidRequest(`Invalid boolean: ${describe(value)}`, { param });
  });
}

export function oneOf<const T extends string>(values: readonly T[]): Parser<T> {
  return parser((value, param) => {
    if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as T;
    const choices = values.length > 1 ? `${values.slice(0, -1).join(", ")}, or ${values.at(-1)}` : values[0];
    throw invalidRequest(`Invalid ${param}: must be one of ${choices}`, { param });
  });
}

/** A list sent as `k[]=a&k[]=b` or `k[0]=a&k[1]=b` (the stripe SDK's format). */
export function list<T>(item: Parser<T>): Parser<T[]> {
  return parser((value, param) => {
    if (value === "") return [];
    let items: FormValue[];
    if (Array.isArray(value)) items = value;
    else if (typeof value === "object" && Object.keys(value).every((k) => /^\d+$/.test(k))) {
      items = Object.keys(value).sort((a, b) => Number(a) - Number(b)).map((k) => value[k]!);
    } else throw invalidRequest(`Invalid array`, { param });
    return items.map((v, i) => item.parse(v, `${param}[${i}]`));
  });
}

export function hash<S extends Shape>(shape: S): Parser<Parsed<S>> {
  return parser((value, param) => {
    if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest("Invalid object", { param });
    return parseParams(shape, value, param);
  });
}

export type Metadata = Record<string, string>;
/** Metadata updates: a key set to "" is removed, the whole hash set to "" clears it (null). */
export type MetadataUpdate = Record<string, string | null> | null;

export function metadata(): Parser<MetadataUpdate> {
  return parser((value, param) => {
    if (value === "") return null;
    if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest("Invalid object", { param });
    const keys = Object.keys(value);
    if (keys.length > 50) throw invalidRequest("Invalid metadata: metadata cannot have more than 50 keys", { param });
    const out: Record<string, string | null> = {};
    for (const key of keys) {
      const v = value[key]!;
      if (typeof v !== "string") throw invalidRequest(`Invalid string: ${describe(v)}`, { param: `${param}[${key}]` });
      if (key.length > 40) throw invalidRequest(`Metadata keys must be at most 40 characters; '${key}' is too long.`, { param: `${param}[${key}]` });
      if (v.length > 500) throw invalidRequest(`Metadata values must be at most 500 characters.`, { param: `${param}[${key}]` });
      out[key] = v === "" ? null : v;
    }
    return out;
  });
}

/** Any hash of strings, accepted and kept but not interpreted (e.g. billing_details). */
export function anyHash(): Parser<FormObject> {
  return parser((value, param) => {
    if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest("Invalid object", { param });
    return value;
  });
}

export function applyMetadata(current: Metadata, update: MetadataUpdate | undefined): Metadata {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

export function parseParams<S extends Shape>(shape: S, raw: FormObject, prefix?: string): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    const param = prefix ? `${prefix}[${key}]` : key;
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) throw parameterUnknown(param);
    out[key] = field.parse(raw[key]!, param);
  }
  for (const key of Object.keys(shape)) {
    if (shape[key]!.required && out[key] === undefined) throw parameterMissing(prefix ? `${prefix}[${key}]` : key);
  }
  return out as Parsed<S>;
}

/** Parameters every endpoint accepts. */
export const expandParam = { expand: list(string()) };
