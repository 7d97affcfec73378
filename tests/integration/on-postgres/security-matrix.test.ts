// tests/integration/security-matrix.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../security-matrix.test";
