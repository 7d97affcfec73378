import { getDb } from "@/db/client";
import type { Role } from "@/db/schema";
import { createPage } from "@/lib/commands/pages";
import { createApiToken } from "@/lib/commands/tokens";
import { createUser } from "@/lib/commands/users";
import { addMember, createWiki } from "@/lib/commands/wikis";

/**
 * Test data written straight into the server's real SQLite file through Opinio's own commands
 * (the test process opens the same database file the server child process uses).
 */
export function useDataDir(dataDir: string): void {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  getDb();
}

let counter = 0;

export async function makeUser(name: string): Promise<{ id: string; email: string; name: string; token: string; password: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${++counter}.${Date.now()}@example.test`;
  const password = "correct horse battery staple";
  const user = await createUser({ email, name, password });
  const { token } = await createApiToken(user.id, "tests");
  return { id: user.id, email, name, token, password };
}

export async function makeWikiWithMembers(
  owner: { id: string },
  members: { user: { id: string; email: string }; role: Role }[] = [],
  markdown = "Opening paragraph.",
) {
  const wiki = await createWiki({ name: `Wiki ${++counter}`, description: "" }, owner.id);
  for (const m of members) await addMember(wiki.id, m.user.email, m.role, owner.id);
  const page = await createPage({ wikiId: wiki.id, title: `Page ${counter}`, markdown }, owner.id);
  return { wiki, page };
}
