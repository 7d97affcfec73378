// tests/integration/initial-state.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../initial-state.test";
