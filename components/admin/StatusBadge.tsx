import type { OrderStatus } from "@/generated/prisma/enums";

export function StatusBadge({ status }: { status: OrderStatus | string }) {
  return (
    <span className={`badge ${status}`} data-testid="status-badge">
      {status.replaceAll("_", " ")}
    </span>
  );
}
