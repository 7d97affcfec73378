// tests/integration/links.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../links.test";
