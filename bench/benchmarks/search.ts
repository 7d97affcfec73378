import { randomUUID } from "node:crypto";
import { getDbHandle } from "@/db/client";
import type { Dialect } from "@/db/executor";
import { getPostgres } from "@/db/postgres/client";
import { insertPage } from "@/db/queries/pages";
import { upsertCommentEntry, upsertPageEntry } from "@/db/queries/search";
import { createUser } from "@/lib/commands/users";
import { createWiki } from "@/lib/commands/wikis";
import { toFtsQuery, toTsQuery } from "@/lib/search/query";
import { search } from "@/lib/search/search";
import { seededRandom } from "../lib/legal-prose";
import { commentBody, pageBody, pageTitle } from "../lib/search-corpus";
import { median, percentile, sampleMs, sampleMsAsync, timedAsync } from "../lib/timing";
import type { BenchOptions, BenchResult, BenchRow } from "../lib/types";

/** Metric names, shared with the smoke test so a rename cannot silently drop a figure. */
export const METRICS = {
  buildTotal: "index build: every page and comment upserted",
  buildPage: "index build: one page upsert (mean)",
  buildComment: "index build: one comment upsert (mean)",
  singleP50: "single word, p50",
  singleP95: "single word, p95",
  phraseP50: "phrase, p50",
  phraseP95: "phrase, p95",
  prefixP50: "prefix, p50",
  prefixP95: "prefix, p95",
  legalP50: "legal reference, p50",
  legalP95: "legal reference, p95",
  allP95: "every query, p95",
} as const;

const SIZES = {
  full: { pages: 10_000, comments: 20_000, words: 500, wikis: 20, runs: 15 },
  quick: { pages: 300, comments: 600, words: 150, wikis: 4, runs: 3 },
};

const SEED = 20151022;

/**
 * What people type, by kind. Single words go through the same as-you-type rule as everything
 * else (the last term is a prefix), so "State" also finds "States"; the prefix set is what the
 * box holds halfway through a word.
 */
const QUERIES = {
  single: ["State", "sovereignty", "attribution", "vigilance", "Corfu", "remediation"],
  phrase: [
    '"due diligence"',
    '"State responsibility"',
    '"effective control"',
    '"internationally wrongful act"',
    '"Trail Smelter"',
    '"no-harm principle"',
  ],
  prefix: ["sover", "attrib", "dilig", "countermea", "transbound", "opinio ju"],
  legal: ["A/70/174", "13(c)", "Art. 2(4)", "I.C.J. Reports", "A/CN.4/L.682", "S/RES/1373"],
} as const;

type Category = keyof typeof QUERIES;

/** The reference: the database's own full-text search alone (no membership filter, no join, no snippets), same query. */
type Reference = {
  label: string;
  sample(query: string, runs: number): Promise<number[]>;
  indexBytes(): Promise<number>;
  indexName: string;
};

/** FTS5 as the SQLite manual writes it. */
function bareFts5(): Reference {
  const { sqlite } = getDbHandle();
  const statement = sqlite.prepare("SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT 50");
  return {
    label: "bare FTS5 MATCH … ORDER BY bm25",
    async sample(query, runs) {
      const match = toFtsQuery(query);
      if (!match) throw new Error(`"${query}" has nothing searchable`);
      return sampleMs(() => statement.all(match), { runs });
    },
    async indexBytes() {
      return (sqlite.prepare("SELECT sum(length(block)) AS bytes FROM search_index_data").get() as { bytes: number }).bytes;
    },
    indexName: "FTS5 index",
  };
}

/** The tsvector match and rank our PostgreSQL search ranks by, as one named statement on the pool. */
function bareTsvector(): Reference {
  const { pool } = getPostgres(process.env.DATABASE_URL!);
  const text =
    "SELECT ref_id FROM search_entries WHERE document @@ to_tsquery('simple', $1) " +
    "ORDER BY ts_rank('{0, 0, 0.1, 1.0}', document, to_tsquery('simple', $1), 1) DESC LIMIT 50";
  return {
    label: "bare tsvector @@ … ORDER BY ts_rank",
    async sample(query, runs) {
      const match = toTsQuery(query);
      if (!match) throw new Error(`"${query}" has nothing searchable`);
      return sampleMsAsync(() => pool.query({ name: "bench_bare_search", text, values: [match] }), { runs });
    },
    async indexBytes() {
      const { rows } = await pool.query<{ bytes: string }>("SELECT pg_total_relation_size('search_entries') AS bytes");
      return Number(rows[0].bytes);
    },
    indexName: "search_entries with its indexes",
  };
}

const referenceFor = (db: Dialect): Reference => (db === "postgres" ? bareTsvector() : bareFts5());

const ms = (metric: string, value: number, reference?: BenchRow["reference"]): BenchRow => ({ metric, value, unit: "ms", reference });

export const name = "search";
export const description =
  "Full-text search over pages and comments: index build time, and query latency through the real query path against the bare full-text query (FTS5 on SQLite, tsvector on PostgreSQL)";

export async function run({ quick, db }: BenchOptions): Promise<BenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const random = seededRandom(SEED);

  // 1. A reader who belongs to half the wikis: the other half must be filtered out of every result.
  const reader = await createUser({ email: "reader@example.test", name: "Bench Reader", password: null });
  const outsider = await createUser({ email: "outsider@example.test", name: "Bench Outsider", password: null });
  const ownerOf = (i: number) => (i % 2 === 0 ? reader.id : outsider.id);
  const wikis = [];
  for (let i = 0; i < size.wikis; i++) wikis.push(await createWiki({ name: `Research question ${i + 1}`, description: "" }, ownerOf(i)));
  const readable = new Set(wikis.filter((_, i) => i % 2 === 0).map((w) => w.id));

  // 2. Page rows (not timed: the index is what is measured), then the index, through the same
  // upserts the compaction and comment commands call.
  const pages: Awaited<ReturnType<typeof insertPage>>[] = [];
  for (let i = 0; i < size.pages; i++) {
    const wiki = wikis[i % wikis.length];
    pages.push(
      await insertPage({
        id: randomUUID(),
        wikiId: wiki.id,
        parentId: null,
        title: pageTitle(random, i + 1),
        slug: `strand-${i + 1}`,
        position: i,
        createdBy: ownerOf(i % wikis.length),
      }),
    );
  }
  const bodies = pages.map(() => pageBody(random, size.words));
  const comments = Array.from({ length: size.comments }, () => {
    const page = pages[Math.floor(random() * pages.length)];
    return { id: randomUUID(), wikiId: page.wikiId, pageId: page.id, pageTitle: page.title, body: commentBody(random) };
  });
  const pageBuild = await timedAsync(async () => {
    for (const [i, page] of pages.entries()) await upsertPageEntry(page, bodies[i]);
  });
  const commentBuild = await timedAsync(async () => {
    for (const comment of comments) await upsertCommentEntry(comment);
  });
  if (!quick) process.stderr.write(`  search: index built in ${((pageBuild.ms + commentBuild.ms) / 1000).toFixed(1)} s\n`);

  // 3. Queries: the real path (search(), with membership filter, join, ranking and snippets)
  // against the bare full-text query on the same expression, interleaved so both see the same cache.
  const bare = referenceFor(db);
  const samples: Record<Category, { real: number[]; bare: number[] }> = {
    single: { real: [], bare: [] },
    phrase: { real: [], bare: [] },
    prefix: { real: [], bare: [] },
    legal: { real: [], bare: [] },
  };
  const hitCounts: string[] = [];
  for (const [category, queries] of Object.entries(QUERIES) as [Category, readonly string[]][]) {
    for (const q of queries) {
      const results = await search(reader.id, q);
      // Figures for a search that finds nothing, or finds what it must not, are worth nothing.
      if (results.length === 0) throw new Error(`"${q}" found nothing; the corpus no longer exercises it`);
      const leaked = results.find((r) => !readable.has(r.wikiId));
      if (leaked) throw new Error(`"${q}" returned a result from wiki ${leaked.wikiId}, which the reader does not belong to`);
      hitCounts.push(`${q} ${results.length}`);
      samples[category].real.push(...(await sampleMsAsync(() => search(reader.id, q), { runs: size.runs })));
      samples[category].bare.push(...(await bare.sample(q, size.runs)));
    }
  }

  const rows: BenchRow[] = [
    { metric: METRICS.buildTotal, value: (pageBuild.ms + commentBuild.ms) / 1000, unit: "s" },
    ms(METRICS.buildPage, pageBuild.ms / pages.length),
    ms(METRICS.buildComment, commentBuild.ms / comments.length),
  ];
  const label = { p50: `${bare.label}, p50`, p95: `${bare.label}, p95` };
  for (const category of Object.keys(QUERIES) as Category[]) {
    const { real, bare: reference } = samples[category];
    rows.push(ms(METRICS[`${category}P50`], median(real), { label: label.p50, value: median(reference) }));
    rows.push(ms(METRICS[`${category}P95`], percentile(real, 95), { label: label.p95, value: percentile(reference, 95) }));
  }
  const everyReal = Object.values(samples).flatMap((s) => s.real);
  const everyBare = Object.values(samples).flatMap((s) => s.bare);
  rows.push(ms(METRICS.allP95, percentile(everyReal, 95), { label: label.p95, value: percentile(everyBare, 95) }));

  const indexBytes = await bare.indexBytes();
  const notes = [
    `Corpus: ${pages.length} pages of ~${size.words} words and ${comments.length} comments of 6–45 words, in ${wikis.length} wikis; ` +
      `legal-style text from a seeded generator (bench/lib/search-corpus.ts, seed ${SEED}) with skewed word frequencies. ` +
      `${bare.indexName}: ${(indexBytes / 1024 / 1024).toFixed(1)} MiB.`,
    `Build: upsertPageEntry for every page, then upsertCommentEntry for every comment (db/queries/search.ts, the functions compaction and the comment commands call), each its own transaction.`,
    `Queries (${size.runs} runs each after a warm-up, as a member of ${readable.size} of the ${wikis.length} wikis): ` +
      Object.entries(QUERIES)
        .map(([category, queries]) => `${category}: ${queries.join(", ")}`)
        .join("; ") +
      `. Result counts (limit 50): ${hitCounts.join(", ")}.`,
    db === "postgres"
      ? `Real path: lib/search/search.ts search() on PostgreSQL — query parsing, membership filter, trashed-page guard, title hits then the rest (two ts_rank-ordered queries on search_entries' weighted tsvectors), highlighted title and snippet, HTML escaping. ` +
        `Reference: the same tsquery as a bare "SELECT ref_id … WHERE document @@ to_tsquery('simple', $1) ORDER BY ts_rank(…) DESC LIMIT 50", a named statement on the pool, same run, interleaved.`
      : `Real path: lib/search/search.ts search() — query parsing, membership filter, trashed-page guard, title hits then bm25 (two FTS5-ranked queries), highlighted title and snippet, HTML escaping. ` +
        `Reference: the same MATCH expression as a bare "SELECT rowid … MATCH ? ORDER BY bm25(search_index) LIMIT 50", same run, interleaved.`,
  ];
  return { rows, notes };
}
