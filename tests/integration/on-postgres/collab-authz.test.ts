// tests/integration/collab-authz.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../collab-authz.test";
