// tests/integration/export-import.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../export-import.test";
