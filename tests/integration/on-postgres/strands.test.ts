// tests/integration/strands.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../strands.test";
