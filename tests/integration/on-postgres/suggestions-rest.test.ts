// tests/integration/suggestions-rest.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../suggestions-rest.test";
