import { afterAll, describe, expect, it } from "vitest";
import { appendParagraph, connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * An orderly shutdown (SIGTERM) keeps what an editor wrote as a version, as the last editor
 * leaving the page does: the automatic version due after VERSION_IDLE_MS must not be dropped
 * because the server stopped before it was due.
 */
// Versions are far from due by themselves during this test.
const server = withServer({ env: { VERSION_IDLE_MS: "600000" } });
const clients: TestClient[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe("shutdown", () => {
  it("records the pending automatic version before the server stops", async () => {
    const owner = await makeUser("Shona Shutdown");
    const { page } = await makeWikiWithMembers(owner, [], "Before the shutdown.");
    const versions = async () =>
      (await callApi(server, owner.token, "GET", `/pages/${page.id}/versions`)).json.versions as { number: number; wordsAdded: number }[];
    expect(await versions()).toHaveLength(1);

    const writer = connectClient(server.url, page.id, { token: owner.token });
    clients.push(writer);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    appendParagraph(writer.doc, "three more words");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));

    await server.kill("SIGTERM");
    writer.destroy();
    await server.start();

    const after = await versions();
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ number: 2, wordsAdded: 3 });
  });
});
