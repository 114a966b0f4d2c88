"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DayStats } from "@/lib/admin/dashboard";
import { formatMoney } from "@/lib/money";

/** Paid and failed orders per day (bars) and the day's revenue (line). */
export function PaymentsChart({ data, currency }: { data: DayStats[]; currency: string }) {
  const empty = data.every((d) => d.paid === 0 && d.failed === 0);
  return (
    <div className="chart" role="img" aria-label="Paid and failed orders and revenue per day" data-testid="payments-chart">
      {empty && <p className="muted chart-empty">No payments in this period yet.</p>}
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={12} />
          <YAxis yAxisId="orders" allowDecimals={false} fontSize={12} width={36} />
          <YAxis yAxisId="revenue" orientation="right" fontSize={12} width={64} tickFormatter={(v: number) => formatMoney(v, currency).replace(/\.00$/, "")} />
          <Tooltip formatter={(value, name) => (name === "Revenue" ? formatMoney(Number(value), currency) : value)} />
          <Legend />
          <Bar yAxisId="orders" dataKey="paid" name="Paid" stackId="orders" fill="#127a3e" />
          <Bar yAxisId="orders" dataKey="failed" name="Failed" stackId="orders" fill="#b42318" />
          <Line yAxisId="revenue" dataKey="revenue" name="Revenue" type="monotone" stroke="#4f46e5" strokeWidth={2} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
