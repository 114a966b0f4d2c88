import Link from "next/link";
import { PaymentIntentLink } from "@/components/admin/PaymentIntentLink";
import { ReconcileButton } from "@/components/admin/ReconcileButton";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { listOrders, MIN_SEARCH_LENGTH, orderFilterSchema, searchTerm, type OrderFilter } from "@/lib/admin/orders";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { ORDER_STATUSES } from "@/lib/orders/state-machine";
import { requireAdminPage } from "../../require-admin";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const params = await searchParams;
  const one = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : undefined);
  const filter = orderFilterSchema.parse({ status: one("status") || undefined, q: one("q") || undefined });
  const page = await listOrders(db, filter, { after: one("after"), before: one("before") });
  const tooShort = Boolean(filter.q) && !searchTerm(filter.q);

  return (
    <>
      <div className="admin-heading">
        <h1>Orders</h1>
        <ReconcileButton label="Reconcile all recent orders" />
      </div>
      <form className="card admin-filters" action="/admin/orders" method="get" role="search" aria-label="Filter orders">
        <label>
          Status
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">All statuses</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Order or PaymentIntent id
          <input name="q" type="search" defaultValue={filter.q ?? ""} placeholder="ord_… or pi_… (whole id or its beginning)" maxLength={100} />
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        <a className="button secondary" href={`/api/admin/orders/export${query(filter)}`} download data-testid="export-csv">
          Export CSV
        </a>
      </form>
      {tooShort && (
        <div className="notice warn" role="status">
          Type at least {MIN_SEARCH_LENGTH} characters of an id to search; showing all orders{filter.status ? ` that are ${filter.status}` : ""}.
        </div>
      )}
      {page.rows.length === 0 ? (
        <div className="card empty" data-testid="orders-empty">
          No orders match{filter.status || filter.q ? " these filters" : " yet"}.
        </div>
      ) : (
        <div className="table-wrap card">
          <table className="admin-table" data-testid="orders-table">
            <caption className="visually-hidden">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created (UTC)</th>
                <th scope="col">Order</th>
                <th scope="col">Items</th>
                <th scope="col" className="num">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">PaymentIntent</th>
                <th scope="col" className="num">Charge requests</th>
                <th scope="col" className="num">Duplicates absorbed</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((o) => (
                <tr key={o.id} data-testid="order-row" data-order-id={o.id}>
                  <td className="nowrap">{o.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td>
                    <Link href={`/admin/orders/${o.id}`}>
                      <code>{o.id}</code>
                    </Link>
                  </td>
                  <td>{o.items}</td>
                  <td className="num">{formatMoney(o.amount, o.currency)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td>
                    <PaymentIntentLink id={o.paymentIntentId} />
                  </td>
                  <td className="num">{o.chargeRequests}</td>
                  <td className="num">{o.duplicatesAbsorbed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        {page.previous ? <Link href={`/admin/orders${query(filter, { before: page.previous })}`}>← Newer</Link> : <span />}
        {page.next ? <Link href={`/admin/orders${query(filter, { after: page.next })}`}>Older →</Link> : <span />}
      </nav>
    </>
  );
}

function query(filter: OrderFilter, cursor: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.q) params.set("q", filter.q);
  for (const [k, v] of Object.entries(cursor)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}
