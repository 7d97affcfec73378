import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { jsonFromYDoc } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { bodyItem, GC_OF_LENGTH_0, handWritten } from "../../tests/helpers/hand-written-updates";
import { seededRandom, type Random } from "../../tests/helpers/random-edits";
import { updateIntegrityProblem } from "./update-integrity";

/** A page as the editor writes it, and every update it emitted while being written. */
function editedPage(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const body = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  for (let i = 0; i < 3; i++) {
    const block = new Y.XmlElement("paragraph");
    block.setAttribute("id", `block-${i}`);
    block.insert(0, [new Y.XmlText(`Due diligence, strand ${i}.`)]);
    body.insert(i, [block]);
  }
  const text = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(3, "typed ");
  text.format(0, 3, { bold: {} });
  text.delete(10, 4);
  body.delete(1, 1);
  (body.get(1) as Y.XmlElement).setAttribute("level", 2 as unknown as string);
  return { doc, updates };
}

/** Whether a document's stored state (what compaction writes) can be loaded and read again. */
function reloads(doc: Y.Doc): boolean {
  try {
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(doc));
    jsonFromYDoc(loaded);
    return true;
  } catch {
    return false;
  }
}

describe("updates the editor writes", () => {
  it("are accepted: typing, formatting, attributes, deletions, and their merges and page states", () => {
    const { doc, updates } = editedPage();
    for (const update of updates) expect(updateIntegrityProblem(update)).toBeNull();
    // A merge of non-adjacent updates holds Skip structs; a page state holds GC and deleted content.
    expect(updateIntegrityProblem(Y.mergeUpdates([updates[0], updates[updates.length - 1]]))).toBeNull();
    expect(updateIntegrityProblem(Y.encodeStateAsUpdate(doc))).toBeNull();
    expect(updateIntegrityProblem(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc())))).toBeNull();
  });
});

describe("updates that would leave a page unreadable once stored", () => {
  it("a GC struct of length 0 (the collab fuzzer's find) is refused; applied, it makes the page's state fail to load", () => {
    const update = handWritten(GC_OF_LENGTH_0);
    expect(updateIntegrityProblem(update)).toBe("the update holds a struct of length 0");
    // Why: Yjs takes it without a word, and the state it then encodes throws when applied.
    const { doc } = editedPage();
    Y.applyUpdate(doc, update);
    expect(reloads(doc)).toBe(false);
  });

  it.each([
    ["deleted content of length 0", bodyItem(1, (e) => e.writeLen(0))],
    ["a string of length 0", bodyItem(4, (e) => e.writeString(""))],
    ["values of length 0", bodyItem(8, (e) => e.writeLen(0))],
  ])("refuses %s", (_name, write) => {
    expect(updateIntegrityProblem(handWritten(write))).toBe("the update holds a struct of length 0");
  });

  it("refuses a delete range of length 0", () => {
    const update = handWritten(
      bodyItem(4, (e) => e.writeString("abc")),
      { clock: 3, len: 0 },
    );
    expect(updateIntegrityProblem(update)).toBe("the update deletes a range of length 0");
  });

  it.each([
    ["an embed", "ContentEmbed", bodyItem(5, (e) => e.writeJSON({ image: "x" }))],
    ["JSON values", "ContentJSON", bodyItem(2, (e) => (e.writeLen(1), e.writeString("null")))],
    ["binary", "ContentBinary", bodyItem(3, (e) => e.writeBuf(new Uint8Array([1, 2])))],
    ["a subdocument", "ContentDoc", bodyItem(9, (e) => (e.writeString("guid"), e.writeAny({})))],
  ])("refuses %s, which the editor never writes", (_name, kind, write) => {
    expect(updateIntegrityProblem(handWritten(write))).toBe(`the update holds content the editor never writes (${kind})`);
  });

  it("refuses what cannot be decoded, whole", () => {
    const { updates } = editedPage();
    expect(updateIntegrityProblem(updates[0].slice(0, updates[0].length - 3))).toBe("the update cannot be decoded");
    expect(updateIntegrityProblem(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(
      "the update cannot be decoded",
    );
  });
});

/** A random update of hand-written structs: any content kind, lengths 0 and up, parents real and not. */
function randomUpdate(random: Random): Uint8Array {
  const small = () => random.pick([0, 0, 1, 1, 2, 3, 5, 100]);
  const someId = () => Y.createID(random.pick([1, 2, 7, 8]), small());
  const encoder = new Y.UpdateEncoderV1();
  const clients = 1 + random.int(2);
  encoding.writeVarUint(encoder.restEncoder, clients);
  for (let c = 0; c < clients; c++) {
    const structs = 1 + random.int(3);
    encoding.writeVarUint(encoder.restEncoder, structs);
    encoder.writeClient(random.pick([1, 2, 7, 8]));
    encoding.writeVarUint(encoder.restEncoder, small());
    for (let s = 0; s < structs; s++) {
      const kind = random.int(12);
      if (kind === 0) {
        encoder.writeInfo(0); // GC
        encoder.writeLen(small());
        continue;
      }
      if (kind === 1) {
        encoder.writeInfo(10); // Skip
        encoding.writeVarUint(encoder.restEncoder, small());
        continue;
      }
      const ref = 1 + random.int(8);
      const origin = random.chance(0.5);
      const rightOrigin = random.chance(0.5);
      const parentSub = !origin && !rightOrigin && random.chance(0.3);
      encoder.writeInfo(ref | (origin ? 0x80 : 0) | (rightOrigin ? 0x40 : 0) | (parentSub ? 0x20 : 0));
      if (origin) encoder.writeLeftID(someId());
      if (rightOrigin) encoder.writeRightID(someId());
      if (!origin && !rightOrigin) {
        const byName = random.chance(0.5);
        encoder.writeParentInfo(byName);
        if (byName) encoder.writeString(random.pick([DOCUMENT_FRAGMENT, "elsewhere", ""]));
        else encoder.writeLeftID(someId());
        if (parentSub) encoder.writeString(random.pick(["id", "level", ""]));
      }
      if (ref === 1) encoder.writeLen(small());
      else if (ref === 2 || ref === 8) {
        const count = small() % 4;
        encoder.writeLen(count);
        for (let i = 0; i < count; i++) {
          if (ref === 2) encoder.writeString("null");
          else encoder.writeAny(i);
        }
      } else if (ref === 3) encoder.writeBuf(new Uint8Array(random.int(3)));
      else if (ref === 4) encoder.writeString(random.pick(["", "a", "due diligence", "😀"]));
      else if (ref === 5) encoder.writeJSON({ embed: 1 });
      else if (ref === 6) {
        encoder.writeKey("bold");
        encoder.writeJSON(random.chance(0.5) ? {} : null);
      } else {
        const typeRef = random.int(7);
        encoder.writeTypeRef(typeRef);
        if (typeRef === 3 || typeRef === 6) encoder.writeKey("paragraph");
      }
    }
  }
  const deleting = random.int(3);
  encoding.writeVarUint(encoder.restEncoder, deleting);
  for (let d = 0; d < deleting; d++) {
    encoding.writeVarUint(encoder.restEncoder, random.pick([1, 2, 7, 8]));
    const ranges = 1 + random.int(2);
    encoding.writeVarUint(encoder.restEncoder, ranges);
    for (let i = 0; i < ranges; i++) {
      encoder.writeDsClock(small());
      encoder.writeDsLen(small());
    }
  }
  return encoder.toUint8Array();
}

describe("random hand-written updates", () => {
  it("whatever the check lets through leaves a page that loads and reads again (seeded, 2,000 pages)", () => {
    const seed = Number(process.env.INTEGRITY_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const page = new Y.Doc();
    page.clientID = 1;
    const body = page.getXmlFragment(DOCUMENT_FRAGMENT);
    for (let i = 0; i < 3; i++) {
      const block = new Y.XmlElement("paragraph");
      block.insert(0, [new Y.XmlText(`Paragraph ${i}`)]);
      body.insert(i, [block]);
    }
    body.delete(1, 1);
    const pageState = Y.encodeStateAsUpdate(page);
    let accepted = 0;
    let refusedThatBreaks = 0;
    for (let i = 0; i < 2000; i++) {
      const live = new Y.Doc();
      Y.applyUpdate(live, pageState);
      const updates = Array.from({ length: 1 + random.int(3) }, () => randomUpdate(random));
      const allowed = updates.every((update) => updateIntegrityProblem(update) === null);
      for (const update of updates) {
        try {
          Y.applyUpdate(live, update);
        } catch {
          // Yjs applies what it can; Hocuspocus catches the rest the same way.
        }
      }
      const ok = reloads(live);
      if (allowed) {
        accepted++;
        expect(ok, `seed ${seed}, page ${i}: ${updates.map((u) => Buffer.from(u).toString("hex")).join(" ")}`).toBe(true);
      } else if (!ok) refusedThatBreaks++;
    }
    console.log(`integrity fuzz (seed ${seed}): ${accepted} accepted, ${refusedThatBreaks} refused that would have broken the page`);
    // The generator reaches both sides: updates the check lets through, and ones it must stop.
    expect(accepted).toBeGreaterThan(60);
    expect(refusedThatBreaks).toBeGreaterThan(10);
  });
});
