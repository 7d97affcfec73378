import * as Y from "yjs";
import type { Role } from "@/db/schema";
import { compactPageState } from "@/db/queries/page-content";
import { createPage } from "@/lib/commands/pages";
import { createApiToken } from "@/lib/commands/tokens";
import { createUser } from "@/lib/commands/users";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { jsonFromYDoc, textFromJSON } from "@/lib/editor/document";
import { userColor } from "@/lib/users/color";

/** Benchmark data written through Opinio's own commands into the benchmark's temporary database. */

export type BenchUser = { id: string; name: string; email: string; token: string; color: string };

let counter = 0;

/** An account without a password (nobody signs in through the form) and a personal API token. */
export async function makeBenchUser(name: string): Promise<BenchUser> {
  const email = `bench.${++counter}@example.test`;
  const user = await createUser({ email, name, password: null });
  const { token } = await createApiToken(user.id, "bench");
  return { id: user.id, name: user.name, email, token, color: userColor(user.id) };
}

/** A wiki owned by `owner` with `members` added in `role`. */
export async function makeBenchWiki(owner: BenchUser, members: BenchUser[] = [], role: Role = "editor") {
  const wiki = await createWiki({ name: `Benchmarks ${++counter}`, description: "" }, owner.id);
  for (const member of members) await addMember(wiki.id, member.email, role, owner.id);
  return wiki;
}

/**
 * A page whose stored body is exactly `state` (a Yjs update), with its JSON and text derived as
 * compaction derives them: what a page looks like after people have edited it for a while.
 */
export async function makePageWithState(wikiId: string, owner: BenchUser, title: string, state: Uint8Array) {
  const page = await createPage({ wikiId, title }, owner.id);
  await setPageState(page.id, state);
  return page;
}

export async function setPageState(pageId: string, state: Uint8Array): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const json = jsonFromYDoc(doc);
  await compactPageState(pageId, {
    ydoc: Buffer.from(Y.encodeStateAsUpdate(doc)),
    json: JSON.stringify(json),
    text: textFromJSON(json),
    throughId: 0,
  });
  doc.destroy();
}

/** Upgrade headers for a wire client of the real server. */
export const bearer = (user: BenchUser) => ({ authorization: `Bearer ${user.token}` });
