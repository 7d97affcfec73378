import { describe, expect, it } from "vitest";
import { mentionTokens, resolveMentions } from "./mentions";

const ada = { userId: "u-ada", name: "Ada Lovelace", email: "countess@example.test" };
const grace = { userId: "u-grace", name: "Grace Hopper", email: "g.hopper@example.test" };
const adam = { userId: "u-adam", name: "Adam Smith", email: "adam@example.test" };
const adaByron = { userId: "u-byron", name: "Ada Byron", email: "byron@example.test" };

describe("mentionTokens", () => {
  it("reads @name tokens, lower-cased, without trailing sentence dots, and not from e-mail addresses", () => {
    expect(mentionTokens("Thanks @Ada. And @grace_h, see mail@example.test or @@x.")).toEqual(["ada", "grace_h"]);
    expect(mentionTokens("@j.doe: at the start")).toEqual(["j.doe"]);
    expect(mentionTokens("@Zoë and @a")).toEqual(["zoë"]);
  });
});

describe("resolveMentions", () => {
  it("mentions the one member whose first name matches", () => {
    expect(resolveMentions("What do you think, @grace?", [ada, grace])).toEqual(["u-grace"]);
    expect(resolveMentions("@Ada agrees.", [ada, grace])).toEqual(["u-ada"]);
  });

  it("matches the whole name without spaces, and a prefix of it", () => {
    expect(resolveMentions("cc @adalovelace and @gracehop", [ada, grace, adam])).toEqual(["u-ada", "u-grace"]);
  });

  it("mentions nobody when a name is ambiguous", () => {
    expect(resolveMentions("@ada, please check", [ada, adaByron, grace])).toEqual([]);
    // …but the full name still tells them apart.
    expect(resolveMentions("@adabyron, please check", [ada, adaByron, grace])).toEqual(["u-byron"]);
  });

  it("prefers an exact first name over a longer name that merely starts with it", () => {
    expect(resolveMentions("@ada please", [ada, adam])).toEqual(["u-ada"]);
    expect(resolveMentions("@adam please", [ada, adam])).toEqual(["u-adam"]);
  });

  it("matches the local part of a member's e-mail address", () => {
    expect(resolveMentions("Over to @countess", [ada, grace])).toEqual(["u-ada"]);
    expect(resolveMentions("Over to @g.hopper.", [ada, grace])).toEqual(["u-grace"]);
  });

  it("mentions each member once, and nobody who is not a member", () => {
    expect(resolveMentions("@grace @Grace @gracehopper", [ada, grace])).toEqual(["u-grace"]);
    expect(resolveMentions("@linus", [ada, grace])).toEqual([]);
    expect(resolveMentions("no mentions here", [ada, grace])).toEqual([]);
  });
});
