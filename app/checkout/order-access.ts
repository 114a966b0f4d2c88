// Who may see a checkout page: the browser that placed the order (read from its cookies).
import { cookies } from "next/headers";
import { existingShopperSession, mayAccessOrder, SHOPPER_COOKIE } from "@/lib/security/shopper-session";

export async function canViewOrder(order: { ownerHash: string | null }): Promise<boolean> {
  const session = existingShopperSession((await cookies()).get(SHOPPER_COOKIE)?.value);
  return mayAccessOrder(order, session?.hash);
}
