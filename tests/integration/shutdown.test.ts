import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendParagraph, connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers, useDataDir } from "../helpers/fixtures";
import { callApi, startServer, type RunningServer } from "../helpers/server";
import { waitFor } from "../helpers/wait";

/**
 * An orderly shutdown (SIGTERM) keeps what an editor wrote as a version, as the last editor
 * leaving the page does: the automatic version due after VERSION_IDLE_MS must not be dropped
 * because the server stopped before it was due.
 */
let server: RunningServer | undefined;
const clients: TestClient[] = [];

beforeAll(async () => {
  // Versions are far from due by themselves during this test.
  server = await startServer({ env: { VERSION_IDLE_MS: "600000" } });
  useDataDir(server.dataDir);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.kill();
});

describe("shutdown", () => {
  it("records the pending automatic version before the server stops", async () => {
    const owner = await makeUser("Shona Shutdown");
    const { page } = await makeWikiWithMembers(owner, [], "Before the shutdown.");
    const versions = async () => (await callApi(server!, owner.token, "GET", `/pages/${page.id}/versions`)).json.versions as { number: number; wordsAdded: number }[];
    expect(await versions()).toHaveLength(1);

    const writer = connectClient(server!.url, page.id, { token: owner.token });
    clients.push(writer);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    appendParagraph(writer.doc, "three more words");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));

    const { dataDir, port } = server!;
    await server!.kill("SIGTERM");
    writer.destroy();
    server = await startServer({ dataDir, port, env: { VERSION_IDLE_MS: "600000" } });

    const after = await versions();
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ number: 2, wordsAdded: 3 });
  });
});
