import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./form";
import { containsNul, NUL_MESSAGE, urlContainsNul } from "./nul";

describe("NUL in input", () => {
  it("is found in strings however deep, and in keys", () => {
    expect(containsNul("a\u0000b")).toBe(true);
    expect(containsNul({ title: "ok", body: [{ text: "x\u0000" }] })).toBe(true);
    expect(containsNul({ "k\u0000": 1 })).toBe(true);
    expect(containsNul({ title: "ok", n: 1, flag: null, list: ["\\u0000 written out"] })).toBe(false);
  });

  it("is found in a URL only percent-encoded, not as text that reads %00 once decoded", () => {
    expect(urlContainsNul("http://x/api/v1/search?wiki=%00")).toBe(true);
    expect(urlContainsNul("http://x/api/v1/pages/a%00b")).toBe(true);
    expect(urlContainsNul("http://x/api/v1/search?q=%2500")).toBe(false);
  });

  it("refuses a form carrying one with a clear message, before its schema", () => {
    const form = new FormData();
    form.set("title", "Due\u0000 diligence");
    expect(parseForm(z.object({ title: z.string() }), form)).toEqual({ ok: false, error: NUL_MESSAGE });
    form.set("title", "Due diligence");
    expect(parseForm(z.object({ title: z.string() }), form)).toEqual({ ok: true, data: { title: "Due diligence" } });
  });
});
