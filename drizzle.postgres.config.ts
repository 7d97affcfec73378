import { defineConfig } from "drizzle-kit";

/**
 * The PostgreSQL twin of drizzle.config.ts (issue 20): `npm run db:generate:postgres` writes the
 * migrations that db/postgres/migrate.ts applies. Generating needs no database.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema/index.ts",
  out: "./db/postgres/migrations",
});
