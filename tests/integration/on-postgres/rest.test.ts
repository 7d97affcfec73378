// tests/integration/rest.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../rest.test";
