import { encode } from "next-auth/jwt";
import { findPageById, listPages } from "@/db/queries/pages";
import { findWikiBySlug } from "@/db/queries/wikis";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { demoWiki, demoWikiPages } from "@/lib/seed/demo-wiki";
import { TEST_SECRET } from "@/tests/helpers/server";
import { makeBenchUser } from "./seed";

/** The session cookie's name (next-auth, plain http). */
export const SESSION_COOKIE = "authjs.session-token";

/**
 * The browser benchmarks' reader: the demo wiki seeded and owned by a bench user, the address of
 * its first strand and of its map, and a session cookie for that user (signed with the test
 * servers' secret), so a browser opens the pages signed in without the sign-in form.
 */
export async function seedDemoReader() {
  const owner = await makeBenchUser("Reader");
  await seedDemoWiki(owner.id);
  const wiki = await findWikiBySlug(demoWiki.slug);
  const summary = wiki && (await listPages(wiki.id)).find((p) => p.title === demoWikiPages[0].title);
  const strand = summary && (await findPageById(summary.id));
  if (!strand) throw new Error("the demo wiki's first strand was not seeded");
  const cookie = await encode({
    token: { sub: owner.id, name: owner.name, email: owner.email },
    secret: TEST_SECRET,
    salt: SESSION_COOKIE,
  });
  return { owner, strand, strandPath: `/w/${demoWiki.slug}/${strand.slug}`, mapPath: `/w/${demoWiki.slug}/map`, cookie };
}
