// tests/integration/search.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../search.test";
