// tests/integration/injection.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../injection.test";
