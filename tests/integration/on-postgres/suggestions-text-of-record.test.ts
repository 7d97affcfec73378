// tests/integration/suggestions-text-of-record.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../suggestions-text-of-record.test";
