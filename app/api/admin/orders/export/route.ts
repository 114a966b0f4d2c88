import { csvFileName, ordersCsv } from "@/lib/admin/csv";
import { orderFilterSchema } from "@/lib/admin/orders";
import { db } from "@/lib/db";
import { adminHandler } from "../../admin-handler";

export const dynamic = "force-dynamic";

export const GET = adminHandler(async (request) => {
  const params = new URL(request.url).searchParams;
  const filter = orderFilterSchema.parse({ status: params.get("status") ?? undefined, q: params.get("q") ?? undefined });
  return new Response(ordersCsv(db, filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName()}"`,
      "cache-control": "no-store",
    },
  });
});
