import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { RelationKind, StrandFields, StrandRelation } from "../../schema";
import type { RelationWithPages, StrandNodeRow, StrandValues } from "../../queries/strands";
import type { PgExecutor } from "../client";
import { pages, strandFields, strandRelations, wikis } from "../schema";

/** PostgreSQL side of db/queries/strands.ts (the comments there say what each does). */

export async function findStrandFields(db: PgExecutor, pageId: string): Promise<StrandFields | undefined> {
  const [row] = await db.select().from(strandFields).where(eq(strandFields.pageId, pageId));
  return row;
}

export async function upsertStrandFields(db: PgExecutor, pageId: string, values: StrandValues, updatedBy: string): Promise<void> {
  const updatedAt = new Date();
  await db
    .insert(strandFields)
    .values({ pageId, ...values, updatedBy, updatedAt })
    .onConflictDoUpdate({ target: strandFields.pageId, set: { ...values, updatedBy, updatedAt } });
}

export async function setWikiThesis(db: PgExecutor, wikiId: string, thesis: string): Promise<void> {
  await db.update(wikis).set({ thesis }).where(eq(wikis.id, wikiId));
}

export async function insertRelation(
  db: PgExecutor,
  relation: { id: string; wikiId: string; fromPageId: string; toPageId: string; kind: RelationKind; note: string; createdBy: string },
): Promise<StrandRelation> {
  const [row] = await db.insert(strandRelations).values(relation).returning();
  return row;
}

export async function findRelation(db: PgExecutor, id: string): Promise<StrandRelation | undefined> {
  const [row] = await db.select().from(strandRelations).where(eq(strandRelations.id, id));
  return row;
}

export async function relationExists(db: PgExecutor, fromPageId: string, toPageId: string, kind: RelationKind): Promise<boolean> {
  const rows = await db
    .select({ id: strandRelations.id })
    .from(strandRelations)
    .where(and(eq(strandRelations.fromPageId, fromPageId), eq(strandRelations.toPageId, toPageId), eq(strandRelations.kind, kind)))
    .limit(1);
  return rows.length > 0;
}

export async function deleteRelation(db: PgExecutor, id: string): Promise<void> {
  await db.delete(strandRelations).where(eq(strandRelations.id, id));
}

const fromPage = alias(pages, "from_page");
const toPage = alias(pages, "to_page");

export async function listRelationsOfPage(db: PgExecutor, pageId: string): Promise<RelationWithPages[]> {
  const rows = await db
    .select({ relation: strandRelations, fromTitle: fromPage.title, fromSlug: fromPage.slug, toTitle: toPage.title, toSlug: toPage.slug })
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
    .orderBy(asc(strandRelations.createdAt), asc(strandRelations.id));
  return rows.map((r) => ({ ...r.relation, fromTitle: r.fromTitle, fromSlug: r.fromSlug, toTitle: r.toTitle, toSlug: r.toSlug }));
}

export async function listStrandNodes(db: PgExecutor, wikiId: string): Promise<StrandNodeRow[]> {
  return (
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
      // Titles by code point, as SQLite's BINARY collation orders them.
      .orderBy(asc(pages.position), sql`${pages.title} COLLATE "C"`)
  );
}

export async function listStrandEdges(db: PgExecutor, wikiId: string): Promise<StrandRelation[]> {
  const rows = await db
    .select({ relation: strandRelations })
    .from(strandRelations)
    .innerJoin(fromPage, eq(fromPage.id, strandRelations.fromPageId))
    .innerJoin(toPage, eq(toPage.id, strandRelations.toPageId))
    .where(and(eq(strandRelations.wikiId, wikiId), isNull(fromPage.deletedAt), isNull(toPage.deletedAt)))
    .orderBy(asc(strandRelations.createdAt), asc(strandRelations.id));
  return rows.map((r) => r.relation);
}
