// tests/integration/suggestion-threads.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../suggestion-threads.test";
