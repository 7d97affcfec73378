-- A group commit's batch appended in one round trip (issue 20, bench: ingest): called on its own,
-- outside an explicit transaction, the call is its transaction, and its commit is the reply.
-- Before, a batch took four round trips (BEGIN, lock, insert, COMMIT), each waiting its turn on
-- the server's event loop, and one batch commits at a time.
--
-- Each statement below takes its own snapshot (a volatile PL/pgSQL function, read committed), so
-- the insert, run once the content rows are locked, sees every append committed before it: a
-- single SQL statement could not lock and then number (its one snapshot is taken before the lock).
--
-- The fences are the owner's leases (db/postgres/queries/page-leases.ts): locked in page order
-- and checked as holdPageLeases does; a stale one refuses the whole batch with SQLSTATE OPSTL,
-- the stale pages as a JSON array in DETAIL.
CREATE FUNCTION "append_page_updates"(
  entry_pages text[],
  entry_updates bytea[],
  entry_users text[],
  fence_pages text[],
  fence_owners text[],
  fence_epochs integer[]
) RETURNS TABLE (written_page text, written_seq integer) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  stale_pages json;
  stale_detail text;
BEGIN
  IF cardinality(fence_pages) > 0 THEN
    PERFORM 1 FROM "page_leases" l WHERE l."page_id" = ANY (fence_pages) ORDER BY l."page_id" FOR UPDATE;
    SELECT json_agg(f.page_id ORDER BY f.page_id),
      string_agg(CASE WHEN l."page_id" IS NULL THEN format('page %s has no lease', f.page_id)
        ELSE format('page %s is owned by %s at epoch %s, not by %s at epoch %s', f.page_id, l."owner", l."epoch", f.owner, f.epoch) END,
        '; ' ORDER BY f.page_id)
    INTO stale_pages, stale_detail
    FROM unnest(fence_pages, fence_owners, fence_epochs) AS f(page_id, owner, epoch)
    LEFT JOIN "page_leases" l ON l."page_id" = f.page_id
    WHERE l."page_id" IS NULL OR l."owner" <> f.owner OR l."epoch" <> f.epoch;
    IF stale_pages IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'OPSTL', MESSAGE = stale_detail, DETAIL = stale_pages::text;
    END IF;
  END IF;

  -- Appends to a page take its content row's lock (as compaction does), in page order.
  PERFORM 1 FROM "page_contents" c WHERE c."page_id" = ANY (entry_pages) ORDER BY c."page_id" FOR UPDATE;

  RETURN QUERY
  INSERT INTO "page_updates" ("page_id", "seq", "update", "user_id")
  SELECT e.page_id,
    greatest(coalesce(c."compacted_through", 0),
      coalesce((SELECT max(u."seq") FROM "page_updates" u WHERE u."page_id" = e.page_id), 0))
      + row_number() OVER (PARTITION BY e.page_id ORDER BY e.ord),
    e.update, e.user_id
  FROM unnest(entry_pages, entry_updates, entry_users) WITH ORDINALITY AS e(page_id, update, user_id, ord)
  LEFT JOIN "page_contents" c ON c."page_id" = e.page_id
  RETURNING "page_updates"."page_id", "page_updates"."seq";
END;
$$;
