// tests/integration/conveniences.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../conveniences.test";
