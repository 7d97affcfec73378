import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { getDbHandle } from "@/db/client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { withServer, type ServerHandle } from "../helpers/with-server";

/**
 * X-Forwarded-Host, -Proto and -For are anyone's to send. Opinio believes them only when
 * TRUST_PROXY says a reverse proxy in front sets them; otherwise the real Host header and the
 * socket's address decide origin checks, absolute addresses (invite links) and the address the
 * audit log records. One server of each kind, on one database.
 */
// One after the other (hooks run in order): each migrates the database as it starts.
const direct = withServer({ prefix: "opinio-proxy-" });
const proxied = withServer({ dataDir: () => direct.dataDir, env: { TRUST_PROXY: "true" }, openDatabase: false });
let owner: Awaited<ReturnType<typeof makeUser>>;
let cookie: string;
let wikiId: string;

const PROXY_HOST = "wiki.example.org";

beforeAll(async () => {
  owner = await makeUser("Petra Proxy");
  cookie = await sessionCookie(owner);
  wikiId = (await makeWikiWithMembers(owner)).wiki.id;
});

const forwarded = { "x-forwarded-host": PROXY_HOST, "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7, 198.51.100.23" };

async function invite(server: ServerHandle, email: string) {
  return callApi(server, owner.token, "POST", `/wikis/${wikiId}/members`, { email, role: "viewer" }, { headers: forwarded });
}

function lastAuditAddress(): string | null {
  return (getDbHandle().sqlite.prepare("SELECT ip FROM audit_events ORDER BY id DESC LIMIT 1").get() as { ip: string | null }).ip;
}

/** Opens a cookie-authenticated collab socket; resolves with the HTTP status of a refusal, or 101. */
function upgradeStatus(server: ServerHandle, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/collab`, { headers: { cookie, ...headers } });
    socket.on("upgrade", () => {
      resolve(101);
      socket.terminate();
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("error", () => {});
  });
}

describe("without TRUST_PROXY", () => {
  it("builds invite links from the real Host, whatever X-Forwarded-Host/-Proto say", async () => {
    const reply = await invite(direct, `direct.${Date.now()}@example.test`);
    expect(reply.status).toBe(201);
    expect(reply.json.inviteUrl).toMatch(new RegExp(`^${direct.url}/invite/`));
  });

  it("records the socket's address in the audit log, not X-Forwarded-For", async () => {
    expect((await invite(direct, `direct.ip.${Date.now()}@example.test`)).status).toBe(201);
    expect(lastAuditAddress()).toBe("127.0.0.1");
  });

  it("checks Origin against the real Host: a forged X-Forwarded-Host neither admits a foreign origin nor refuses our own", async () => {
    const foreign = { cookie, origin: `https://${PROXY_HOST}`, "x-forwarded-host": PROXY_HOST };
    expect((await callApi(direct, null, "POST", "/wikis", { name: "Through a forged host" }, { headers: foreign })).status).toBe(403);
    const own = { cookie, origin: direct.url, "x-forwarded-host": "evil.example" };
    expect((await callApi(direct, null, "POST", "/wikis", { name: "From our own origin" }, { headers: own })).status).toBe(201);
    // Page writes (server actions) and collab upgrades follow the same rule.
    const action = await fetch(`${direct.url}/w/any/any`, { method: "POST", headers: foreign, body: "" });
    expect(action.status).toBe(403);
    expect(await upgradeStatus(direct, { origin: `https://${PROXY_HOST}`, "x-forwarded-host": PROXY_HOST })).toBe(403);
    expect(await upgradeStatus(direct, { origin: direct.url, "x-forwarded-host": "evil.example" })).toBe(101);
  });
});

describe("with TRUST_PROXY=true", () => {
  it("builds invite links from X-Forwarded-Host and -Proto", async () => {
    const reply = await invite(proxied, `proxied.${Date.now()}@example.test`);
    expect(reply.status).toBe(201);
    expect(reply.json.inviteUrl).toMatch(new RegExp(`^https://${PROXY_HOST}/invite/`));
  });

  it("records the address the proxy saw (the last X-Forwarded-For entry)", async () => {
    expect((await invite(proxied, `proxied.ip.${Date.now()}@example.test`)).status).toBe(201);
    expect(lastAuditAddress()).toBe("198.51.100.23");
  });

  it("checks Origin against X-Forwarded-Host", async () => {
    const viaProxy = { cookie, origin: `https://${PROXY_HOST}`, "x-forwarded-host": PROXY_HOST, "x-forwarded-proto": "https" };
    expect((await callApi(proxied, null, "POST", "/wikis", { name: "Through the proxy" }, { headers: viaProxy })).status).toBe(201);
    const foreign = { cookie, origin: proxied.url, "x-forwarded-host": PROXY_HOST };
    expect((await callApi(proxied, null, "POST", "/wikis", { name: "Not through the proxy" }, { headers: foreign })).status).toBe(403);
    expect(await upgradeStatus(proxied, { origin: `https://${PROXY_HOST}`, "x-forwarded-host": PROXY_HOST })).toBe(101);
    expect(await upgradeStatus(proxied, { origin: proxied.url, "x-forwarded-host": PROXY_HOST })).toBe(403);
  });
});
