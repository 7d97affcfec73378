import { createServer } from "node:http";
import { renderToString } from "react-dom/server";
import { listThreadsForPage } from "@/db/queries/comments";
import { findPageBySlug } from "@/db/queries/pages";
import { findUserById } from "@/db/queries/users";
import { findMemberRole, findWikiBySlug } from "@/db/queries/wikis";
import { userIdFromSessionCookie } from "@/lib/auth/session-cookie";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { readPageContent } from "@/lib/pages/content";
import { startDiagnostics } from "@/lib/server/diagnostics";

/**
 * The render benchmark's reference: a bare node:http handler for GET /w/{wiki}/{page} that does
 * what the page view needs (session cookie → user, wiki and membership, page, its content as
 * HTML, its comment count) with the same query modules, and renders the HTML with React's
 * renderToString. No Next, no client components, no layout: the floor under a server render.
 */

function Page({ title, html, comments }: { title: string; html: string; comments: number }) {
  return (
    <html lang="en">
      {/* A plain React tree rendered outside Next: next/head does not apply. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta charSet="utf-8" />
        <title>{title}</title>
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          <article dangerouslySetInnerHTML={{ __html: html }} />
          <p>{comments} comments</p>
        </main>
      </body>
    </html>
  );
}

const server = createServer((req, res) => {
  void (async () => {
    const match = /^\/w\/([^/]+)\/([^/?]+)/.exec(req.url ?? "");
    if (!match) return res.writeHead(404).end();
    const userId = await userIdFromSessionCookie(req.headers.cookie);
    const user = userId ? await findUserById(userId) : undefined;
    if (!user) return res.writeHead(401).end();
    const wiki = await findWikiBySlug(decodeURIComponent(match[1]));
    if (!wiki || !(await findMemberRole(wiki.id, user.id))) return res.writeHead(404).end();
    const page = await findPageBySlug(wiki.id, decodeURIComponent(match[2]));
    if (!page || page.deletedAt) return res.writeHead(404).end();
    const { json } = await readPageContent(page.id);
    const comments = (await listThreadsForPage(page.id)).length;
    const body = "<!DOCTYPE html>" + renderToString(<Page title={page.title} html={renderDocumentHTML(json)} comments={comments} />);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  })().catch(() => res.writeHead(500).end());
});

process.env.OPINIO_DIAGNOSTICS = "1";
startDiagnostics();
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`OPINIO_LISTENING ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
