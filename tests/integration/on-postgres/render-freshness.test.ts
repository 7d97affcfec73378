// tests/integration/render-freshness.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../render-freshness.test";
