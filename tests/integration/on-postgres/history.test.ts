// tests/integration/history.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../history.test";
