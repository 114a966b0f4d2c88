// `npm run db:migrate`: apply prisma/migrations to DATABASE_URL.
import "dotenv/config";
import { migrate } from "./migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (`npm start` migrates the embedded database by itself.)");
  process.exit(1);
}
const { applied } = await migrate(url);
console.log(applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date.");
