// The console's orders list: filtered and paginated in SQL, newest first. Pages are keyset
// pages on (created_at, id) — the next page starts after the last row seen — so page 2,000
// costs what page 1 costs, and rows inserted meanwhile neither repeat nor vanish. Each page is
// one query: the order rows from the index, then their items and charge-request counts.
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import type { OrderStatus } from "@/generated/prisma/enums";
import { ORDER_STATUSES } from "@/lib/orders/state-machine";

export const PAGE_SIZE = 50;
/** Shorter search terms would match most orders ("ord_"): not a search, a scan. */
export const MIN_SEARCH_LENGTH = 6;

export const orderFilterSchema = z.object({
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).refine((s) => !s.includes("\u0000")).optional().catch(undefined),
});
export type OrderFilter = z.infer<typeof orderFilterSchema>;

export interface OrderListRow {
  id: string;
  createdAt: Date;
  status: OrderStatus;
  amount: number;
  amountRefunded: number;
  currency: string;
  paymentIntentId: string | null;
  items: string;
  chargeRequests: number;
  /** Charge requests beyond the one that created the PaymentIntent: repeats the guards absorbed. */
  duplicatesAbsorbed: number;
}

export interface OrderPage {
  rows: OrderListRow[];
  /** Cursor of the page after this one (older orders), if any. */
  next: string | null;
  /** Cursor of the page before this one (newer orders), if any. */
  previous: string | null;
}

export interface PageRequest {
  after?: string | null;
  before?: string | null;
  limit?: number;
}

interface Position {
  createdAtMs: number;
  id: string;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.getTime()}|${row.id}`).toString("base64url");
}

/** The position a cursor names, or null for anything that is not one of ours. */
export function decodeCursor(cursor: string | null | undefined): Position | null {
  if (!cursor || cursor.length > 200) return null;
  const match = /^(\d{1,15})\|([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? { createdAtMs: Number(match[1]), id: match[2] } : null;
}

/** A search term as the query uses it: null when absent or too short to search with. */
export function searchTerm(q: string | undefined): string | null {
  return q && q.length >= MIN_SEARCH_LENGTH ? q : null;
}

export async function listOrders(db: PrismaClient, filter: OrderFilter, page: PageRequest = {}): Promise<OrderPage> {
  const limit = page.limit ?? PAGE_SIZE;
  const before = decodeCursor(page.before);
  const after = before ? null : decodeCursor(page.after);
  const conditions = filterConditions(filter);
  // Going back a page reads upwards from the cursor, then flips the rows into display order.
  if (after) conditions.push(Prisma.sql`(o.created_at, o.id) < (${timestamp(after)}, ${after.id})`);
  if (before) conditions.push(Prisma.sql`(o.created_at, o.id) > (${timestamp(before)}, ${before.id})`);
  const direction = before ? Prisma.sql`ASC` : Prisma.sql`DESC`;

  const rows = await db.$queryRaw<RawRow[]>`
    SELECT page.*, items.summary AS items, coalesce(requests.total, 0)::int AS charge_requests,
           coalesce(requests.duplicates, 0)::int AS duplicates_absorbed
    FROM (
      SELECT o.id, o.created_at, o.status, o.amount, o.amount_refunded, o.currency, o.payment_intent_id
      FROM orders o
      ${where(conditions)}
      ORDER BY o.created_at ${direction}, o.id ${direction}
      LIMIT ${limit + 1}
    ) page
    LEFT JOIN LATERAL (
      SELECT string_agg(i.name || ' × ' || i.quantity, ', ' ORDER BY i.id) AS summary
      FROM order_items i WHERE i.order_id = page.id
    ) items ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS total, count(*) FILTER (WHERE c.outcome <> 'created') AS duplicates
      FROM charge_requests c WHERE c.order_id = page.id
    ) requests ON true
    ORDER BY page.created_at ${direction}, page.id ${direction}`;

  const more = rows.length > limit;
  const shown = rows.slice(0, limit).map(toRow);
  if (before) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  return {
    rows: shown,
    next: last && (before || more) ? encodeCursor(last) : null,
    previous: first && (after || (before && more)) ? encodeCursor(first) : null,
  };
}

/** Every order matching the filter, newest first, read a page of `batchSize` at a time (the CSV export). */
export async function* allOrders(db: PrismaClient, filter: OrderFilter, batchSize = 1000): AsyncGenerator<OrderListRow> {
  let after: string | null = null;
  do {
    const page: OrderPage = await listOrders(db, filter, { after, limit: batchSize });
    yield* page.rows;
    after = page.next;
  } while (after);
}

function filterConditions(filter: OrderFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.status) conditions.push(Prisma.sql`o.status = ${filter.status}::"OrderStatus"`);
  const term = searchTerm(filter.q);
  if (term) {
    // An exact id is a prefix of itself; the text_pattern_ops indexes serve both. A term
    // without a known prefix is the start of an id's random part, of either kind.
    if (term.startsWith("pi_")) conditions.push(Prisma.sql`o.payment_intent_id LIKE ${likePrefix(term)}`);
    else if (term.startsWith("ord_")) conditions.push(Prisma.sql`o.id LIKE ${likePrefix(term)}`);
    else conditions.push(Prisma.sql`(o.id LIKE ${likePrefix(`ord_${term}`)} OR o.payment_intent_id LIKE ${likePrefix(`pi_${term}`)})`);
  }
  return conditions;
}

/** `text%` with LIKE's own wildcards in `text` taken literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

// created_at is a UTC timestamp without zone; build it from epoch milliseconds exactly.
function timestamp(position: Position): Prisma.Sql {
  return Prisma.sql`(timestamp 'epoch' + ${position.createdAtMs} * interval '1 millisecond')`;
}

interface RawRow {
  id: string;
  created_at: Date;
  status: OrderStatus;
  amount: number;
  amount_refunded: number;
  currency: string;
  payment_intent_id: string | null;
  items: string | null;
  charge_requests: number;
  duplicates_absorbed: number;
}

function toRow(r: RawRow): OrderListRow {
  return {
    id: r.id,
    createdAt: r.created_at,
    status: r.status,
    amount: r.amount,
    amountRefunded: r.amount_refunded,
    currency: r.currency,
    paymentIntentId: r.payment_intent_id,
    items: r.items ?? "",
    chargeRequests: r.charge_requests,
    duplicatesAbsorbed: r.duplicates_absorbed,
  };
}
