// tests/integration/suggestion-guard.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../suggestion-guard.test";
