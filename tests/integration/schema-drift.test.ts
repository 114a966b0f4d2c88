// The migrations and schema.prisma must describe the same database: every model's table has
// exactly its scalar fields as columns, and the client can read every column of every table.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { db } from "../helpers/db";

const schema = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "prisma", "schema.prisma"), "utf8");
const tableOf = Object.fromEntries(
  [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, model, body]) => [model, /@@map\("(\w+)"\)/.exec(body)?.[1] ?? model]),
);

describe("schema and migrations agree", () => {
  it.each(Object.values(Prisma.ModelName))("%s", async (model) => {
    const delegate = (db as unknown as Record<string, { findFirst: () => Promise<unknown> }>)[model[0].toLowerCase() + model.slice(1)];
    await delegate.findFirst(); // selects every scalar column: fails if one is missing
    const fields = Object.keys((Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]);
    const columns = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${tableOf[model]}`;
    expect(Number(columns[0].n)).toBe(fields.length);
  });
});
