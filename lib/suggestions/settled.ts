import type { JSONContent } from "@tiptap/core";
import { textFromValidJSON } from "@/lib/editor/document";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-names";
import { withoutPendingSuggestions } from "./view";

/**
 * The page's text of record: what history, search, backlinks, footnotes and the PDF, Markdown and
 * HTML exports read (issue 19). A pending suggestion is a proposal, not yet the page's text, so
 * here every pending insertion is absent and every pending deletion still present.
 *
 * Every such reader goes through `contentWithoutSuggestions` (or `textWithoutSuggestions`) rather
 * than deciding for itself, so "what counts as the page's text" has one answer.
 */

/** True when the document holds a suggestion mark or a block suggestion anywhere. */
export function holdsSuggestions(json: JSONContent): boolean {
  if (json.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE]) return true;
  if (json.marks?.some((mark) => mark.type === SUGGESTION_INSERT || mark.type === SUGGESTION_DELETE)) return true;
  return json.content?.some(holdsSuggestions) ?? false;
}

/**
 * The document with every pending suggestion left out. A document without suggestions is returned
 * as it is (the same object): rejecting also tidies what it passes through (a list left without
 * items goes), and pages nobody suggested on must read exactly as before suggestions existed.
 */
export function contentWithoutSuggestions(json: JSONContent): JSONContent {
  return holdsSuggestions(json) ? withoutPendingSuggestions(json) : json;
}

/** True when some block carries the block attribute `suggestion` (inline marks are not looked at). */
function holdsBlockSuggestions(json: JSONContent): boolean {
  if (json.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE]) return true;
  return json.content?.some(holdsBlockSuggestions) ?? false;
}

/**
 * Text a pending insertion proposes, which rejecting removes: a `suggestionInsert` mark with
 * attributes (rejecting leaves a mark without them alone, see `matches` in view.ts).
 */
function isPendingInsertion(text: JSONContent): boolean {
  return text.marks?.some((mark) => mark.type === SUGGESTION_INSERT && !!mark.attrs) ?? false;
}

/**
 * The plain text of record (search, the REST `text` field, word counts): the text of
 * `contentWithoutSuggestions(json)`, for a document that fits the schema. The collab server derives
 * it at every compaction, on the event loop, so it reads the JSON once instead of building
 * ProseMirror nodes. Inline suggestions only ever remove their own text when rejected, so pending
 * insertions are skipped as the text is read; whole-block suggestions can move text between blocks
 * (a rejected split joins its paragraph to the previous one), so those are decided on the JSON
 * first. `text-of-record.test.ts` checks this against `textFromJSON(contentWithoutSuggestions(json))`.
 */
export function textWithoutSuggestions(json: JSONContent): string {
  if (holdsBlockSuggestions(json)) return textFromValidJSON(withoutPendingSuggestions(json));
  return textFromValidJSON(json, isPendingInsertion);
}
