// Delivers queued exactly-once side effects. In this app "delivery" of order_confirmed is the
// log line where a real shop would send the confirmation e-mail; the row is what guarantees
// it happens once per order.
import type { PrismaClient } from "@/generated/prisma/client";

export async function deliverOutbox(db: PrismaClient, send: (message: { orderId: string; kind: string; payload: unknown }) => Promise<void>, limit = 100): Promise<number> {
  const due = await db.outboxMessage.findMany({ where: { deliveredAt: null }, orderBy: { id: "asc" }, take: limit });
  let delivered = 0;
  for (const message of due) {
    // Claim first: of two deliverers only one wins the row.
    const { count } = await db.outboxMessage.updateMany({ where: { id: message.id, deliveredAt: null }, data: { deliveredAt: new Date() } });
    if (count === 0) continue;
    try {
      await send(message);
      delivered++;
    } catch (err) {
      await db.outboxMessage.updateMany({ where: { id: message.id }, data: { deliveredAt: null } });
      throw err;
    }
  }
  return delivered;
}
