// tests/integration/comments.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../comments.test";
