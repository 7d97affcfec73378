// tests/integration/sign-in-throttle.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../sign-in-throttle.test";
