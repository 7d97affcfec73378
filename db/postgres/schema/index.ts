/**
 * The PostgreSQL schema (issue 20): one twin per table of db/schema, with the same table and
 * column names so query modules can be written once per dialect against the same shape.
 * tests/integration/postgres-schema.test.ts holds the two together. PostgreSQL alone has the
 * page leases of multi-instance mode (./leases.ts). Not mirrored: SQLite's FTS5
 * search tables (search_index, search_titles) — search on PostgreSQL is a later step of issue 20
 * (a weighted tsvector with a GIN index).
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
