/**
 * The PostgreSQL schema (issue 20): one twin per table of db/schema, with the same table and
 * column names so query modules can be written once per dialect against the same shape.
 * tests/integration/postgres-schema.test.ts holds the two together. PostgreSQL alone has the
 * page leases of multi-instance mode (./leases.ts) and its own search index (./search.ts: a
 * weighted tsvector with GIN indexes, in place of SQLite's FTS5 tables search_index and
 * search_titles).
 */
export * from "./users";
export * from "./wikis";
export * from "./pages";
export * from "./revisions";
export * from "./comments";
export * from "./links";
export * from "./audit";
export * from "./sources";
export * from "./strands";
export * from "./mail";
export * from "./suggestions";
export * from "./leases";
export * from "./search";
