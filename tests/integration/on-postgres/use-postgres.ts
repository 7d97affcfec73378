/**
 * Imported first by each file in this folder, before the suite it runs again: the suite's
 * servers (tests/helpers/with-server.ts) then run on a fresh PostgreSQL database of their own, and
 * its seeding through Opinio's commands goes to that database too. The suite's code is unchanged,
 * so a feature that passes on SQLite and fails here is a PostgreSQL bug (issue 20).
 */
process.env.OPINIO_TEST_DATABASE = "postgres";
