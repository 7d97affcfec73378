// tests/integration/shutdown.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../shutdown.test";
