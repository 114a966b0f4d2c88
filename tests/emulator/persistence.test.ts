import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, uniqueKey, waitFor } from "./helpers.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stripe-emulator-state-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("keeps PaymentIntents, charges, refunds and idempotency keys across a restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const key = uniqueKey();
    const first = await startEmulator({ stateFile });
    const pi = await first.stripe.paymentIntents.create({ amount: 2000, currency: "usd", metadata: { orderId: "p-1" } }, { idempotencyKey: key });
    await first.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    const refund = await first.stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const saved = await first.stripe.paymentIntents.create({ amount: 3000, currency: "usd" });
    await first.stripe.paymentIntents.update(saved.id, { payment_method: "pm_card_chargeDeclined" });
    await first.close();

    const second = await startEmulator({ stateFile });
    try {
      const restored = await second.stripe.paymentIntents.retrieve(pi.id);
      expect(restored).toMatchObject({ id: pi.id, status: "succeeded", client_secret: pi.client_secret, metadata: { orderId: "p-1" } });
      expect((await second.stripe.refunds.retrieve(refund.id)).amount).toBe(500);
      expect((await second.stripe.charges.retrieve(restored.latest_charge as string)).amount_refunded).toBe(500);
      const replay = await second.stripe.paymentIntents.create({ amount: 2000, currency: "usd", metadata: { orderId: "p-1" } }, { idempotencyKey: key });
      expect(replay.id).toBe(pi.id);
      expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
      const search = await second.stripe.paymentIntents.search({ query: "metadata['orderId']:'p-1'" });
      expect(search.data.map((p) => p.id)).toEqual([pi.id]);
      // A saved PaymentMethod keeps its test-card behaviour after the restart.
      const declined = await second.stripe.paymentIntents.confirm(saved.id).catch((e) => e);
      expect(declined.decline_code).toBe("generic_decline");
    } finally {
      await second.close();
    }
  });

  it("saves in the background, without waiting for close", async () => {
    const stateFile = path.join(dir, "background.json");
    const emu = await startEmulator({ stateFile });
    try {
      const pi = await emu.stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
      await waitFor(() => fs.existsSync(stateFile) && fs.readFileSync(stateFile, "utf8").includes(pi.id), "state file to contain the PaymentIntent");
    } finally {
      await emu.close();
    }
  });

  it("starts empty, and says so, when the file is corrupt", async () => {
    const stateFile = path.join(dir, "corrupt.json");
    fs.writeFileSync(stateFile, "{ not json");
    const lines: string[] = [];
    const emu = await startEmulator({ stateFile, log: (line) => lines.push(line) });
    try {
      expect((await emu.stripe.paymentIntents.list()).data).toEqual([]);
      expect(lines.some((l) => l.includes("ignoring unreadable state file"))).toBe(true);
    } finally {
      await emu.close();
    }
  });
});
