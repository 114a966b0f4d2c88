import "dotenv/config";
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// `prisma generate` wants the native schema engine, which cannot be downloaded on these
// machines, yet generating the client never runs it: point Prisma at a stub file.
const engineStub = path.join(import.meta.dirname, "prisma", "schema-engine-stub");
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && fs.existsSync(engineStub)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = engineStub;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // Only the CLI reads this (migrate/studio where the engine exists); the app connects
  // through @prisma/adapter-pg with lib/db.ts's URL.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:54329/chargeonce" },
});
