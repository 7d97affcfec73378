import { describe, expect, it } from "vitest";
import { firstParagraphText, mergedText, replayConcurrent, replaySequential } from "./replay";
import { loadTrace, tracesAvailable, type ConcurrentTrace, type SequentialTrace } from "./traces";

const available = tracesAvailable();

describe.skipIf(!available.ok)("trace replay (needs ../shared/traces)", () => {
  it("replaying a sequential trace on a paragraph's Y.XmlText yields its endContent", () => {
    const trace = loadTrace("sveltecomponent") as SequentialTrace;
    const { base, updates, doc } = replaySequential(trace);
    expect(updates).toHaveLength(trace.txns.length);
    expect(firstParagraphText(doc).toString()).toBe(trace.endContent);
    // What the server sees: the updates alone, applied to the starting state, give the same text.
    expect(mergedText(base, updates)).toBe(trace.endContent);
  }, 30_000);

  it("replaying a concurrent trace converges every agent and the merged updates to its endContent", () => {
    const trace = loadTrace("friendsforever") as ConcurrentTrace;
    const { base, updates, docs } = replayConcurrent(trace);
    expect(updates).toHaveLength(trace.txns.length);
    expect(
      mergedText(
        base,
        updates.map((u) => u.update),
      ),
    ).toBe(trace.endContent);
    expect(new Set(updates.map((u) => u.agent)).size).toBe(trace.numAgents);
    expect(docs).toHaveLength(trace.numAgents);
  }, 30_000);
});
