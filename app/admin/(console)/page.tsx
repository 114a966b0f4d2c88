import { PaymentsChart } from "@/components/admin/PaymentsChart";
import { dashboardStats, type PeriodStats } from "@/lib/admin/dashboard";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { requireAdminPage } from "../require-admin";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  await requireAdminPage();
  const currency = (await db.product.findFirst({ where: { active: true }, select: { currency: true } }))?.currency ?? "usd";
  const stats = await dashboardStats(db, currency);
  return (
    <>
      <h1>Dashboard</h1>
      <div className="stat-periods">
        <Period title="Today" stats={stats.today} currency={currency} testId="stats-today" />
        <Period title="Last 7 days" stats={stats.last7Days} currency={currency} testId="stats-7d" />
      </div>
      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title">Payments per day (last {stats.daily.length} days, UTC)</h2>
        <PaymentsChart data={stats.daily} currency={currency} />
      </section>
      <p className="muted small">
        Days are UTC and count orders by when they were placed. Revenue is what paid orders brought in, refunds deducted. Success rate is paid ÷
        (paid + failed). Duplicates absorbed are charge requests answered without a new PaymentIntent.
      </p>
    </>
  );
}

function Period({ title, stats, currency, testId }: { title: string; stats: PeriodStats; currency: string; testId: string }) {
  return (
    <section className="card stat-period" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      <dl className="stats">
        <div>
          <dt>Revenue</dt>
          <dd>{formatMoney(stats.revenue, currency)}</dd>
        </div>
        <div>
          <dt>Paid orders</dt>
          <dd>{stats.paidOrders}</dd>
        </div>
        <div>
          <dt>Success rate</dt>
          <dd>{stats.successRate === null ? "—" : `${Math.round(stats.successRate * 1000) / 10}%`}</dd>
        </div>
        <div>
          <dt>Duplicates absorbed</dt>
          <dd>{stats.duplicatesAbsorbed}</dd>
        </div>
      </dl>
    </section>
  );
}
