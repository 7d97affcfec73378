import { describe, expect, it } from "vitest";
import { findWikiById } from "@/db/queries/wikis";
import { insertUser } from "@/db/queries/users";
import { createPage } from "@/lib/commands/pages";
import { changeCitationStyle, createWiki } from "@/lib/commands/wikis";
import { withTemporaryDatabase } from "@/tests/helpers/temp-database";
import { citePage } from "./cite";

withTemporaryDatabase(() => insertUser({ id: "owner", email: "owner@example.test", name: "Owner", passwordHash: null }));

describe("citePage", () => {
  it("words the Cite dialog's citation in the wiki's citation style", async () => {
    const created = await createWiki({ name: "Due diligence in cyberspace", description: "" }, "owner");
    const page = await createPage({ wikiId: created.id, title: "UN consensus", markdown: "First.\n\nSecond." }, "owner");
    const cite = async () => citePage({ page, wiki: (await findWikiById(created.id))!, role: "owner", userId: "owner" });
    expect((await cite()).citation).toMatch(
      /^Opinio wiki \*Due diligence in cyberspace\*, 'UN consensus' \(version 1, \d{1,2} [A-Z][a-z]+ \d{4}\)$/,
    );
    await changeCitationStyle(created.id, "bluebook", "owner");
    expect((await cite()).citation).toMatch(
      /^\*UN consensus\*, Opinio wiki: Due diligence in cyberspace \(version 1, [A-Z][a-z]+\.? \d{1,2}, \d{4}\)$/,
    );
  });
});
