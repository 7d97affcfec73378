// tests/integration/suggestions-docx-redline.test.ts, on PostgreSQL (see ./use-postgres.ts).
import "./use-postgres";
import "../suggestions-docx-redline.test";
