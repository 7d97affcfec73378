import type { EndpointDeclaration, EndpointHandler } from "./endpoint";
import * as commentsCommentIdRevisionsRoute from "@/app/api/v1/comments/[commentId]/revisions/route";
import * as commentsCommentIdRoute from "@/app/api/v1/comments/[commentId]/route";
import * as meInboxRoute from "@/app/api/v1/me/inbox/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as passwordResetsRoute from "@/app/api/v1/password-resets/route";
import * as pagesPageIdBacklinksRoute from "@/app/api/v1/pages/[pageId]/backlinks/route";
import * as pagesPageIdCitationRoute from "@/app/api/v1/pages/[pageId]/citation/route";
import * as pagesPageIdCitationsRoute from "@/app/api/v1/pages/[pageId]/citations/route";
import * as pagesPageIdDiffRoute from "@/app/api/v1/pages/[pageId]/diff/route";
import * as pagesPageIdExportRoute from "@/app/api/v1/pages/[pageId]/export/route";
import * as pagesPageIdRedlineRoute from "@/app/api/v1/pages/[pageId]/redline/route";
import * as pagesPageIdRelationsRoute from "@/app/api/v1/pages/[pageId]/relations/route";
import * as pagesPageIdRestoreRoute from "@/app/api/v1/pages/[pageId]/restore/route";
import * as pagesPageIdRoute from "@/app/api/v1/pages/[pageId]/route";
import * as pagesPageIdStrandRoute from "@/app/api/v1/pages/[pageId]/strand/route";
import * as pagesPageIdSuggestionsAcceptAllRoute from "@/app/api/v1/pages/[pageId]/suggestions/accept-all/route";
import * as pagesPageIdSuggestionsRejectAllRoute from "@/app/api/v1/pages/[pageId]/suggestions/reject-all/route";
import * as pagesPageIdSuggestionsRoute from "@/app/api/v1/pages/[pageId]/suggestions/route";
import * as pagesPageIdThreadsRoute from "@/app/api/v1/pages/[pageId]/threads/route";
import * as pagesPageIdVersionsVersionRoute from "@/app/api/v1/pages/[pageId]/versions/[version]/route";
import * as pagesPageIdVersionsRoute from "@/app/api/v1/pages/[pageId]/versions/route";
import * as relationsRelationIdRoute from "@/app/api/v1/relations/[relationId]/route";
import * as searchRoute from "@/app/api/v1/search/route";
import * as sourcesSourceIdMergeRoute from "@/app/api/v1/sources/[sourceId]/merge/route";
import * as sourcesSourceIdRoute from "@/app/api/v1/sources/[sourceId]/route";
import * as suggestionsSuggestionIdAcceptRoute from "@/app/api/v1/suggestions/[suggestionId]/accept/route";
import * as suggestionsSuggestionIdRejectRoute from "@/app/api/v1/suggestions/[suggestionId]/reject/route";
import * as suggestionsSuggestionIdWithdrawRoute from "@/app/api/v1/suggestions/[suggestionId]/withdraw/route";
import * as threadsThreadIdCommentsRoute from "@/app/api/v1/threads/[threadId]/comments/route";
import * as threadsThreadIdReopenRoute from "@/app/api/v1/threads/[threadId]/reopen/route";
import * as threadsThreadIdResolveRoute from "@/app/api/v1/threads/[threadId]/resolve/route";
import * as wikisWikiIdAuditRoute from "@/app/api/v1/wikis/[wikiId]/audit/route";
import * as wikisWikiIdCitationStyleRoute from "@/app/api/v1/wikis/[wikiId]/citation-style/route";
import * as wikisWikiIdExportRoute from "@/app/api/v1/wikis/[wikiId]/export/route";
import * as wikisWikiIdImportRoute from "@/app/api/v1/wikis/[wikiId]/import/route";
import * as wikisWikiIdMapRoute from "@/app/api/v1/wikis/[wikiId]/map/route";
import * as wikisWikiIdMembersUserIdRoute from "@/app/api/v1/wikis/[wikiId]/members/[userId]/route";
import * as wikisWikiIdMembersRoute from "@/app/api/v1/wikis/[wikiId]/members/route";
import * as wikisWikiIdPagesRoute from "@/app/api/v1/wikis/[wikiId]/pages/route";
import * as wikisWikiIdSourcesRoute from "@/app/api/v1/wikis/[wikiId]/sources/route";
import * as wikisWikiIdThesisRoute from "@/app/api/v1/wikis/[wikiId]/thesis/route";
import * as wikisWikiIdThreadsRoute from "@/app/api/v1/wikis/[wikiId]/threads/route";
import * as wikisRoute from "@/app/api/v1/wikis/route";

/**
 * Every REST route module under app/api/v1 (the catch-all 404 route aside). The OpenAPI document,
 * docs/api.md and the security matrix are generated from the declarations these modules attach
 * to their handlers; lib/api/endpoints.test.ts fails when a route file is missing here.
 */
export const ROUTE_MODULES: Record<string, Record<string, unknown>> = {
  "app/api/v1/comments/[commentId]/revisions/route.ts": commentsCommentIdRevisionsRoute,
  "app/api/v1/comments/[commentId]/route.ts": commentsCommentIdRoute,
  "app/api/v1/me/inbox/route.ts": meInboxRoute,
  "app/api/v1/me/route.ts": meRoute,
  "app/api/v1/openapi.json/route.ts": openapiRoute,
  "app/api/v1/password-resets/route.ts": passwordResetsRoute,
  "app/api/v1/pages/[pageId]/backlinks/route.ts": pagesPageIdBacklinksRoute,
  "app/api/v1/pages/[pageId]/citation/route.ts": pagesPageIdCitationRoute,
  "app/api/v1/pages/[pageId]/citations/route.ts": pagesPageIdCitationsRoute,
  "app/api/v1/pages/[pageId]/diff/route.ts": pagesPageIdDiffRoute,
  "app/api/v1/pages/[pageId]/export/route.ts": pagesPageIdExportRoute,
  "app/api/v1/pages/[pageId]/redline/route.ts": pagesPageIdRedlineRoute,
  "app/api/v1/pages/[pageId]/relations/route.ts": pagesPageIdRelationsRoute,
  "app/api/v1/pages/[pageId]/restore/route.ts": pagesPageIdRestoreRoute,
  "app/api/v1/pages/[pageId]/route.ts": pagesPageIdRoute,
  "app/api/v1/pages/[pageId]/strand/route.ts": pagesPageIdStrandRoute,
  "app/api/v1/pages/[pageId]/suggestions/accept-all/route.ts": pagesPageIdSuggestionsAcceptAllRoute,
  "app/api/v1/pages/[pageId]/suggestions/reject-all/route.ts": pagesPageIdSuggestionsRejectAllRoute,
  "app/api/v1/pages/[pageId]/suggestions/route.ts": pagesPageIdSuggestionsRoute,
  "app/api/v1/pages/[pageId]/threads/route.ts": pagesPageIdThreadsRoute,
  "app/api/v1/pages/[pageId]/versions/[version]/route.ts": pagesPageIdVersionsVersionRoute,
  "app/api/v1/pages/[pageId]/versions/route.ts": pagesPageIdVersionsRoute,
  "app/api/v1/relations/[relationId]/route.ts": relationsRelationIdRoute,
  "app/api/v1/search/route.ts": searchRoute,
  "app/api/v1/sources/[sourceId]/merge/route.ts": sourcesSourceIdMergeRoute,
  "app/api/v1/sources/[sourceId]/route.ts": sourcesSourceIdRoute,
  "app/api/v1/suggestions/[suggestionId]/accept/route.ts": suggestionsSuggestionIdAcceptRoute,
  "app/api/v1/suggestions/[suggestionId]/reject/route.ts": suggestionsSuggestionIdRejectRoute,
  "app/api/v1/suggestions/[suggestionId]/withdraw/route.ts": suggestionsSuggestionIdWithdrawRoute,
  "app/api/v1/threads/[threadId]/comments/route.ts": threadsThreadIdCommentsRoute,
  "app/api/v1/threads/[threadId]/reopen/route.ts": threadsThreadIdReopenRoute,
  "app/api/v1/threads/[threadId]/resolve/route.ts": threadsThreadIdResolveRoute,
  "app/api/v1/wikis/[wikiId]/audit/route.ts": wikisWikiIdAuditRoute,
  "app/api/v1/wikis/[wikiId]/citation-style/route.ts": wikisWikiIdCitationStyleRoute,
  "app/api/v1/wikis/[wikiId]/export/route.ts": wikisWikiIdExportRoute,
  "app/api/v1/wikis/[wikiId]/import/route.ts": wikisWikiIdImportRoute,
  "app/api/v1/wikis/[wikiId]/map/route.ts": wikisWikiIdMapRoute,
  "app/api/v1/wikis/[wikiId]/members/[userId]/route.ts": wikisWikiIdMembersUserIdRoute,
  "app/api/v1/wikis/[wikiId]/members/route.ts": wikisWikiIdMembersRoute,
  "app/api/v1/wikis/[wikiId]/pages/route.ts": wikisWikiIdPagesRoute,
  "app/api/v1/wikis/[wikiId]/sources/route.ts": wikisWikiIdSourcesRoute,
  "app/api/v1/wikis/[wikiId]/thesis/route.ts": wikisWikiIdThesisRoute,
  "app/api/v1/wikis/[wikiId]/threads/route.ts": wikisWikiIdThreadsRoute,
  "app/api/v1/wikis/route.ts": wikisRoute,
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Each exported method handler with its declaration, in file order (read at call time: route modules import the OpenAPI builder). */
export function declaredEndpoints(): (EndpointDeclaration & { file: string })[] {
  return Object.entries(ROUTE_MODULES).flatMap(([file, module]) =>
    METHODS.flatMap((method) => {
      const handler = module[method] as EndpointHandler | undefined;
      return handler?.endpoint ? [{ ...handler.endpoint, file }] : [];
    }),
  );
}
