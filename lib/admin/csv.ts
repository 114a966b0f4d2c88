// The orders list as CSV (RFC 4180), streamed a page at a time so 100,000 orders never sit in
// memory. Cells that a spreadsheet would run as a formula are defused (OWASP's CSV injection
// advice: a leading ', so "=HYPERLINK(...)" in some field shows as text).
import type { PrismaClient } from "@/generated/prisma/client";
import { allOrders, type OrderFilter, type OrderListRow } from "./orders";

const COLUMNS: [header: string, value: (row: OrderListRow) => string | number][] = [
  ["created_at", (r) => r.createdAt.toISOString()],
  ["order_id", (r) => r.id],
  ["status", (r) => r.status],
  ["items", (r) => r.items],
  ["amount", (r) => r.amount],
  ["amount_refunded", (r) => r.amountRefunded],
  ["currency", (r) => r.currency],
  ["payment_intent_id", (r) => r.paymentIntentId ?? ""],
  ["charge_requests", (r) => r.chargeRequests],
  ["duplicates_absorbed", (r) => r.duplicatesAbsorbed],
];

const ROWS_PER_CHUNK = 500;

export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: (string | number)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The CSV of every order matching the filter, as a byte stream. */
export function ordersCsv(db: PrismaClient, filter: OrderFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = allOrders(db, filter);
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(COLUMNS.map(([header]) => header))));
        return;
      }
      let chunk = "";
      for (let n = 0; n < ROWS_PER_CHUNK; n++) {
        const { value, done } = await rows.next();
        if (done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(COLUMNS.map(([, pick]) => pick(value)));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

export function csvFileName(now = new Date()): string {
  return `orders-${now.toISOString().slice(0, 10)}.csv`;
}
