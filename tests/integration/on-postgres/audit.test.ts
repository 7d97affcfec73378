// tests/integration/audit.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../audit.test";
