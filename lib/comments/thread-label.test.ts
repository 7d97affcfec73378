import { describe, expect, it } from "vitest";
import { threadLabel } from "./thread-label";

describe("a thread card's accessible name", () => {
  it("quotes a short passage whole, a long one only its start, and names the page when there is none", () => {
    expect(threadLabel("States must not knowingly allow")).toBe("Thread on “States must not knowingly allow”");
    const section = "A general, binding due diligence obligation for States in cyberspace is not part of the law in force. ".repeat(6);
    const label = threadLabel(section);
    expect(label.length).toBeLessThanOrEqual(100);
    expect(label).toMatch(/^Thread on “A general, binding due diligence obligation .*…”$/);
    expect(threadLabel("  line\n\nbreaks   inside ")).toBe("Thread on “line breaks inside”");
    expect(threadLabel("")).toBe("Thread on the page");
  });
});
