// The dashboard's numbers, aggregated in SQL by UTC day: two queries whatever the number of
// orders (the (created_at, id) and charge_requests(created_at) indexes bound the scan).
import type { PrismaClient } from "@/generated/prisma/client";
import { PAID_STATUSES } from "@/lib/orders/state-machine";

export const CHART_DAYS = 14;

export interface DayStats {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Orders placed that day that are paid (refunded or not). */
  paid: number;
  /** Orders placed that day whose last payment attempt failed. */
  failed: number;
  /** What paid orders brought in, refunds deducted, in minor units. */
  revenue: number;
  /** Charge requests that day beyond the one per order that created its PaymentIntent. */
  duplicatesAbsorbed: number;
}

export interface PeriodStats {
  revenue: number;
  paidOrders: number;
  /** Paid ÷ (paid + failed); null when no order reached an outcome. */
  successRate: number | null;
  duplicatesAbsorbed: number;
}

export interface Dashboard {
  currency: string;
  today: PeriodStats;
  last7Days: PeriodStats;
  daily: DayStats[];
}

export async function dashboardStats(db: PrismaClient, currency: string, now = new Date()): Promise<Dashboard> {
  const days = lastDays(now, CHART_DAYS);
  const since = new Date(`${days[0]}T00:00:00Z`);
  const [orders, requests] = await Promise.all([
    db.$queryRaw<{ day: Date; paid: number; failed: number; revenue: number }[]>`
      SELECT created_at::date AS day,
             count(*) FILTER (WHERE status = ANY(${PAID_STATUSES}::"OrderStatus"[]))::int AS paid,
             count(*) FILTER (WHERE status = 'payment_failed')::int AS failed,
             coalesce(sum(amount - amount_refunded) FILTER (WHERE status = ANY(${PAID_STATUSES}::"OrderStatus"[])), 0)::float8 AS revenue
      FROM orders
      WHERE created_at >= ${since} AND currency = ${currency}
      GROUP BY 1`,
    db.$queryRaw<{ day: Date; duplicates: number }[]>`
      SELECT created_at::date AS day, count(*) FILTER (WHERE outcome <> 'created')::int AS duplicates
      FROM charge_requests
      WHERE created_at >= ${since}
      GROUP BY 1`,
  ]);
  const key = (day: Date) => day.toISOString().slice(0, 10);
  const byDay = new Map(orders.map((r) => [key(r.day), r]));
  const duplicatesByDay = new Map(requests.map((r) => [key(r.day), r.duplicates]));
  const daily = days.map((day) => ({
    day,
    paid: byDay.get(day)?.paid ?? 0,
    failed: byDay.get(day)?.failed ?? 0,
    revenue: Number(byDay.get(day)?.revenue ?? 0),
    duplicatesAbsorbed: duplicatesByDay.get(day) ?? 0,
  }));
  return { currency, today: summarize(daily.slice(-1)), last7Days: summarize(daily.slice(-7)), daily };
}

function summarize(days: DayStats[]): PeriodStats {
  const total = (pick: (d: DayStats) => number) => days.reduce((sum, d) => sum + pick(d), 0);
  const paidOrders = total((d) => d.paid);
  const outcomes = paidOrders + total((d) => d.failed);
  return {
    revenue: total((d) => d.revenue),
    paidOrders,
    successRate: outcomes ? paidOrders / outcomes : null,
    duplicatesAbsorbed: total((d) => d.duplicatesAbsorbed),
  };
}

/** The last `count` UTC days up to and including today's, oldest first. */
function lastDays(now: Date, count: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) => new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
