// tests/integration/sources.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../sources.test";
