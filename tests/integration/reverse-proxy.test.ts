import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPageState } from "@/db/queries/page-content";
import { appendParagraph, connectClient, isAcknowledged } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { startNginx, type Nginx } from "../helpers/nginx";
import { callApi } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * The reverse-proxy configuration docs/deployment.md gives, run for real: Debian's nginx with the
 * documented proxy settings (docs/nginx/opinio-proxy.conf, included as is) in front of Opinio with
 * TRUST_PROXY=true. Pages, the API and the live editor's WebSocket (on `/collab/page.{id}`, the
 * path the browser uses, which a load balancer may route by) all work through it.
 */
const server = withServer({ prefix: "opinio-nginx-", env: { TRUST_PROXY: "true" } });
let nginx: Nginx;
let owner: Awaited<ReturnType<typeof makeUser>>;
let cookie: string;
let wikiId: string;
let pageId: string;

beforeAll(async () => {
  nginx = await startNginx([server.port]);
  owner = await makeUser("Nora Nginx");
  cookie = await sessionCookie(owner);
  const made = await makeWikiWithMembers(owner);
  wikiId = made.wiki.id;
  pageId = made.page.id;
});
afterAll(async () => {
  await nginx?.stop();
});

describe("behind nginx", () => {
  it("serves the API with the address people use, not the instance's", async () => {
    const reply = await callApi({ url: nginx.url }, owner.token, "POST", `/wikis/${wikiId}/members`, {
      email: `proxied.${Date.now()}@example.test`,
      role: "viewer",
    });
    expect(reply.status).toBe(201);
    expect(reply.json.inviteUrl).toMatch(new RegExp(`^${nginx.url}/invite/`));
  });

  it("carries the live editor's socket on the page's own path, and the edit is stored", async () => {
    const client = connectClient(nginx.url, pageId, { cookie, origin: nginx.url }, undefined, { pathPerPage: true });
    try {
      await waitFor(() => expect(client.events.synced).toBeGreaterThan(0));
      appendParagraph(client.doc, "Written through the proxy.");
      await waitFor(() => expect(isAcknowledged(client)).toBe(true));
      // Acknowledged means in the update log (or already folded into the stored state).
      const stored = await loadPageState(pageId);
      expect(stored!.updates.length > 0 || stored!.ydoc.includes("Written through the proxy.")).toBe(true);
    } finally {
      client.destroy();
    }
  });
});
