// tests/integration/durability.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../durability.test";
