import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/strands";
import { preparedQuery } from "../prepared";
import {
  pages,
  strandFields,
  strandRelations,
  wikis,
  type RelationKind,
  type Stance,
  type StrandFields,
  type StrandRelation,
  type StrandStatus,
} from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

/** A page's strand fields as stored, or undefined while nobody has set any (rows are made lazily). */
// Every page view reads these: built once (db/prepared.ts).
const strandFieldsOf = preparedQuery((db) =>
  db
    .select()
    .from(strandFields)
    .where(eq(strandFields.pageId, sql.placeholder("pageId")))
    .prepare(),
);

export const findStrandFields = perDialect(
  (_db: Db, pageId: string): StrandFields | undefined => strandFieldsOf().get({ pageId }),
  postgres.findStrandFields,
);

export type StrandValues = { claim: string; stance: Stance | null; status: StrandStatus };

/** Writes all three fields of a page's strand, creating its row on first use. */
export const upsertStrandFields = perDialect((db: Db, pageId: string, values: StrandValues, updatedBy: string): void => {
  const updatedAt = new Date();
  db.insert(strandFields)
    .values({ pageId, ...values, updatedBy, updatedAt })
    .onConflictDoUpdate({ target: strandFields.pageId, set: { ...values, updatedBy, updatedAt } })
    .run();
}, postgres.upsertStrandFields);

export const setWikiThesis = perDialect(
  (db: Db, wikiId: string, thesis: string): void => void db.update(wikis).set({ thesis }).where(eq(wikis.id, wikiId)).run(),
  postgres.setWikiThesis,
);

export type NewRelation = {
  id: string;
  wikiId: string;
  fromPageId: string;
  toPageId: string;
  kind: RelationKind;
  note: string;
  createdBy: string;
};

export const insertRelation = perDialect(
  (db: Db, relation: NewRelation): StrandRelation => db.insert(strandRelations).values(relation).returning().get(),
  postgres.insertRelation,
);

export const findRelation = perDialect(
  (db: Db, id: string): StrandRelation | undefined => db.select().from(strandRelations).where(eq(strandRelations.id, id)).get(),
  postgres.findRelation,
);

export const relationExists = perDialect(
  (db: Db, fromPageId: string, toPageId: string, kind: RelationKind): boolean =>
    !!db
      .select({ id: strandRelations.id })
      .from(strandRelations)
      .where(and(eq(strandRelations.fromPageId, fromPageId), eq(strandRelations.toPageId, toPageId), eq(strandRelations.kind, kind)))
      .get(),
  postgres.relationExists,
);

export const deleteRelation = perDialect(
  (db: Db, id: string): void => void db.delete(strandRelations).where(eq(strandRelations.id, id)).run(),
  postgres.deleteRelation,
);

export type RelationWithPages = StrandRelation & { fromTitle: string; fromSlug: string; toTitle: string; toSlug: string };

const fromPage = alias(pages, "from_page");
const toPage = alias(pages, "to_page");

/** Relations touching a page in either direction whose other end is not in the trash, by title of the other end. */
const relationsOf = preparedQuery((db) => {
  const pageId = sql.placeholder("pageId");
  return db
    .select({
      relation: strandRelations,
      fromTitle: fromPage.title,
      fromSlug: fromPage.slug,
      toTitle: toPage.title,
      toSlug: toPage.slug,
    })
    .from(strandRelations)
    .innerJoin(fromPage, eq(fromPage.id, strandRelations.fromPageId))
    .innerJoin(toPage, eq(toPage.id, strandRelations.toPageId))
    .where(
      and(
        or(eq(strandRelations.fromPageId, pageId), eq(strandRelations.toPageId, pageId)),
        isNull(fromPage.deletedAt),
        isNull(toPage.deletedAt),
      ),
    )
    .orderBy(asc(strandRelations.createdAt), asc(strandRelations.id))
    .prepare();
});

export const listRelationsOfPage = perDialect(
  (_db: Db, pageId: string): RelationWithPages[] =>
    relationsOf()
      .all({ pageId })
      .map((r) => ({ ...r.relation, fromTitle: r.fromTitle, fromSlug: r.fromSlug, toTitle: r.toTitle, toSlug: r.toSlug })),
  postgres.listRelationsOfPage,
);

export type StrandNodeRow = {
  pageId: string;
  title: string;
  slug: string;
  claim: string | null;
  stance: Stance | null;
  status: StrandStatus | null;
};

/** Every live page of a wiki with its strand fields (null where none were ever set), in tree order. */
export const listStrandNodes = perDialect(
  (db: Db, wikiId: string): StrandNodeRow[] =>
    db
      .select({
        pageId: pages.id,
        title: pages.title,
        slug: pages.slug,
        claim: strandFields.claim,
        stance: strandFields.stance,
        status: strandFields.status,
      })
      .from(pages)
      .leftJoin(strandFields, eq(strandFields.pageId, pages.id))
      .where(and(eq(pages.wikiId, wikiId), isNull(pages.deletedAt)))
      .orderBy(asc(pages.position), asc(pages.title))
      .all(),
  postgres.listStrandNodes,
);

/** The wiki's relations whose two ends are both live pages. */
export const listStrandEdges = perDialect(
  (db: Db, wikiId: string): StrandRelation[] =>
    db
      .select({ relation: strandRelations })
      .from(strandRelations)
      .innerJoin(fromPage, eq(fromPage.id, strandRelations.fromPageId))
      .innerJoin(toPage, eq(toPage.id, strandRelations.toPageId))
      .where(and(eq(strandRelations.wikiId, wikiId), isNull(fromPage.deletedAt), isNull(toPage.deletedAt)))
      .orderBy(asc(strandRelations.createdAt), asc(strandRelations.id))
      .all()
      .map((r) => r.relation),
  postgres.listStrandEdges,
);
