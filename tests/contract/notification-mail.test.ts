import { expect, it } from "vitest";
import {
  listUnmailedNotifications,
  markNotificationsMailed,
  readNotificationSettings,
  writeNotificationSetting,
} from "@/db/queries/notification-mail";
import { aCommentNotification, aMember, aPage, aSuggestionNotification, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

describeOnBothDialects("db/queries/notification-mail", () => {
  it("reads each kind's choice with defaults, and overwrites a choice", async () => {
    const ada = await aUser();
    expect(await readNotificationSettings(ada.id)).toEqual({
      mention: "immediately",
      reply: "immediately",
      suggestion: "immediately",
      decision: "immediately",
    });
    await writeNotificationSetting(ada.id, "reply", "daily");
    await writeNotificationSetting(ada.id, "suggestion", "never");
    await writeNotificationSetting(ada.id, "reply", "never");
    expect(await readNotificationSettings(ada.id)).toEqual({
      mention: "immediately",
      reply: "never",
      suggestion: "never",
      decision: "immediately",
    });
  });

  it("lists unmailed notifications oldest first with what their mail needs, until marked mailed", async () => {
    const author = await aUser("Ann");
    const reader = await aUser("Rob");
    const leaver = await aUser("Lea");
    const wiki = await aWiki(author.id);
    await aMember(wiki.id, reader.id);
    const page = await aPage(wiki.id, "Baselines");
    const trashed = await aPage(wiki.id, "Old draft", new Date());
    await writeNotificationSetting(reader.id, "mention", "daily");

    const t = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, minutes));
    const mention = await aCommentNotification({
      pageId: page.id,
      authorId: author.id,
      userId: reader.id,
      body: "See @Rob",
      createdAt: t(2),
    });
    const suggestion = await aSuggestionNotification({ pageId: page.id, actorId: author.id, userId: reader.id, createdAt: t(1) });
    const toLeaver = await aCommentNotification({ pageId: page.id, authorId: author.id, userId: leaver.id, body: "Gone", createdAt: t(3) });
    const inTrash = await aSuggestionNotification({ pageId: trashed.id, actorId: author.id, userId: reader.id, createdAt: t(4) });

    const items = await listUnmailedNotifications();
    expect(items.map((i) => i.id)).toEqual([suggestion, mention, toLeaver, inTrash]);
    expect(items[1]).toMatchObject({
      userId: reader.id,
      kind: "mention",
      mode: "daily",
      visible: true,
      pageId: page.id,
      pageTitle: "Baselines",
      pageSlug: page.slug,
      wikiSlug: wiki.slug,
      wikiName: wiki.name,
      authorName: "Ann",
      body: "See @Rob",
      commentDeleted: false,
      suggestionId: null,
      createdAt: t(2),
    });
    expect(items[0]).toMatchObject({ kind: "suggestion", mode: null, visible: true, body: null, authorName: "Ann" });
    expect(items[0].suggestionId).toEqual(expect.any(String));
    expect(items[2]).toMatchObject({ userId: leaver.id, visible: false }); // not a member
    expect(items[3]).toMatchObject({ pageId: trashed.id, visible: false }); // page in the trash

    await markNotificationsMailed([suggestion, mention], new Date());
    await markNotificationsMailed([], new Date());
    expect((await listUnmailedNotifications()).map((i) => i.id)).toEqual([toLeaver, inTrash]);
  });
});
