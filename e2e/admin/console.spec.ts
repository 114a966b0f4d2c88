// The merchant console end to end: login, the orders list, the timeline, CSV, refunds.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import { stripeForTests } from "../support/oracle";

const stripe = stripeForTests();
const password = () => {
  const value = process.env.ADMIN_PASSWORD;
  if (!value) throw new Error("ADMIN_PASSWORD is not set: run with npm test.");
  return value;
};

// Each test is its own client for the login throttle, so parallel tests never slow each other down.
test.beforeEach(async ({ page }) => {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}, ${test.info().testId}` });
});

async function logIn(page: Page, name = "Playwright") {
  const res = await page.request.post("/api/admin/login", { data: { name, password: password() } });
  expect(res.status()).toBe(200);
}

/** Places an order through the shop's API; with `pay`, pays it at Stripe and waits until the app knows. */
async function placeOrder(request: APIRequestContext, { pay }: { pay: boolean }) {
  const placed = await request.post("/api/orders", { data: { items: [{ productId: "linen-tote", quantity: 1 }] } });
  expect(placed.status()).toBe(201);
  const { orderId } = (await placed.json()) as { orderId: string };
  if (!pay) return { orderId, paymentIntentId: null };
  const charged = await request.post("/api/charge", { data: { orderId } });
  expect(charged.status()).toBe(200);
  const { paymentIntentId } = (await charged.json()) as { paymentIntentId: string };
  await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
  // The webhook marks it paid; the console's own export says when.
  await expect.poll(async () => (await (await request.get(`/api/admin/orders/export?q=${orderId}`)).text()).includes(`,${orderId},paid,`)).toBe(true);
  return { orderId, paymentIntentId };
}

test("login: a wrong password is refused, the right one opens the console, logout closes it", async ({ page }) => {
  await page.goto("/admin/orders");
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.getByLabel("Your name").fill("Ada");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong password.");

  await page.getByLabel("Password").fill(password());
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Signed in as Ada")).toBeVisible();
  await expect(page.getByTestId("stats-today").getByText("Revenue")).toBeVisible();
  await expect(page.getByTestId("payments-chart").locator("svg[role=application]")).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login$/);
});

test("orders list: filter by status, search by id, export the filter as CSV", async ({ page }) => {
  await logIn(page);
  const paid = await placeOrder(page.request, { pay: true });
  const pending = await placeOrder(page.request, { pay: false });

  await page.goto("/admin/orders");
  await expect(page.getByTestId("orders-table")).toBeVisible();
  await page.getByLabel("Order or PaymentIntent id").fill(paid.orderId);
  await page.getByLabel("Status").selectOption("paid");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`status=paid&q=${paid.orderId}`));
  const row = page.getByTestId("order-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-order-id", paid.orderId);
  await expect(row.getByTestId("status-badge")).toHaveText("paid");
  await expect(row).toContainText("Linen Tote × 1");
  await expect(row).toContainText("$32.00");
  await expect(row).toContainText(paid.paymentIntentId!);

  // The PaymentIntent id finds the same order; the wrong status finds nothing.
  await page.getByLabel("Order or PaymentIntent id").fill(paid.paymentIntentId!);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("order-row")).toHaveAttribute("data-order-id", paid.orderId);
  await page.getByLabel("Status").selectOption("pending");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("orders-empty")).toBeVisible();

  // A prefix of the pending order's id, any status.
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Order or PaymentIntent id").fill(pending.orderId.slice(0, 14));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator(`[data-order-id="${pending.orderId}"]`).getByTestId("status-badge")).toHaveText("pending");

  await page.getByLabel("Order or PaymentIntent id").fill(paid.orderId);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
  expect(csv[0]).toMatch(/^created_at,order_id,status,items,amount,/);
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`,${paid.orderId},paid,Linen Tote × 1,3200,0,usd,${paid.paymentIntentId},1,0`);
});

test("order detail: the timeline from order to paid, Stripe's view now, reconcile", async ({ page }) => {
  await logIn(page);
  const { orderId, paymentIntentId } = await placeOrder(page.request, { pay: true });
  await page.goto(`/admin/orders?q=${orderId}`);
  await page.getByRole("link", { name: orderId }).click();
  await expect(page.getByRole("heading", { name: `Order ${orderId}` })).toBeVisible();

  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("li").first()).toContainText("Order placed for $32.00");
  await expect(timeline).toContainText("Charge request: created the PaymentIntent");
  await expect(timeline).toContainText("Stripe event payment_intent.succeeded");
  await expect(timeline).toContainText(/Status .*→ paid \(by webhook\)/);
  await expect(page.getByTestId("stripe-status")).toHaveText("succeeded");
  await expect(page.getByTestId("stripe-now")).toContainText(paymentIntentId!);

  await page.getByRole("button", { name: "Reconcile with Stripe" }).click();
  await expect(page.getByTestId("reconcile-result")).toHaveText("In line with Stripe: nothing to repair.");
});

test("a double-clicked full refund refunds exactly once at Stripe", async ({ page }) => {
  await logIn(page, "Grace");
  const { orderId, paymentIntentId } = await placeOrder(page.request, { pay: true });
  const refundKeys: string[] = [];
  page.on("request", (r) => r.url().endsWith("/api/admin/refunds") && refundKeys.push(r.headers()["idempotency-key"]));

  await page.goto(`/admin/orders/${orderId}`);
  await page.getByRole("button", { name: "Refund…" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund this payment?" });
  await expect(dialog.getByLabel(/Full refund/)).toBeChecked();
  await dialog.getByRole("button", { name: "Refund $32.00" }).dblclick();

  await expect(page.getByTestId("refund-result")).toContainText("Refunded $32.00");
  await expect(page.getByTestId("status-badge")).toHaveText("refunded");
  await expect(page.getByTestId("timeline")).toContainText("Refund of $32.00 by Grace");
  const refunds = await stripe.refunds.list({ payment_intent: paymentIntentId!, limit: 100 });
  expect(refunds.data.map((r) => r.amount)).toEqual([3200]);
  expect(new Set(refundKeys).size).toBe(1);
  await expect(page.getByRole("button", { name: "Refund…" })).toBeDisabled();
});

test("a partial refund leaves the rest refundable", async ({ page }) => {
  await logIn(page);
  const { orderId, paymentIntentId } = await placeOrder(page.request, { pay: true });
  await page.goto(`/admin/orders/${orderId}`);
  await page.getByRole("button", { name: "Refund…" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund this payment?" });
  await dialog.getByLabel("Partial refund").check();
  await dialog.getByLabel(/Amount to refund/).fill("40");
  await expect(dialog.getByRole("alert")).toContainText("at most $32.00");
  await dialog.getByLabel(/Amount to refund/).fill("12.50");
  await dialog.getByRole("button", { name: "Refund $12.50" }).click();

  await expect(page.getByTestId("refund-result")).toContainText("Refunded $12.50");
  await expect(page.getByTestId("status-badge")).toHaveText("partially refunded");
  await expect(page.getByTestId("amount-refunded")).toHaveText("$12.50");
  await expect(page.getByTestId("stripe-refunded")).toHaveText("$12.50");
  const refunds = await stripe.refunds.list({ payment_intent: paymentIntentId!, limit: 100 });
  expect(refunds.data.map((r) => r.amount)).toEqual([1250]);
  await expect(page.getByRole("button", { name: "Refund…" })).toBeEnabled();
});
