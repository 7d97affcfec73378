import { BEFORE_FIRST_VERSION, creditedPageRedline, type RedlineCredit } from "./redline-authorship";
import type { CreditedRedline } from "./redline-credits";

/**
 * "Who wrote this": the page as it is now, as a redline from before its first version in which
 * every stretch of text is an insertion credited to the version (and people) that wrote it,
 * character by character (see `creditRedline`). Text someone only deleted around stays credited
 * to whoever wrote it; edits not yet in a version are credited as such.
 */
export function attributePage(pageId: string): Promise<CreditedRedline<RedlineCredit>> {
  return creditedPageRedline(pageId, BEFORE_FIRST_VERSION, "current");
}

/** The authors an attribution credits, in the order their text first appears, with how many characters each wrote. */
export function authorsOf(attribution: CreditedRedline<RedlineCredit>): { author: string; characters: number }[] {
  const characters = new Map<string, number>();
  for (const block of attribution.blocks) {
    for (const piece of block.pieces) {
      if (piece.type !== "insert" || !piece.credit) continue;
      characters.set(piece.credit.author, (characters.get(piece.credit.author) ?? 0) + piece.text.length);
    }
  }
  return [...characters].map(([author, count]) => ({ author, characters: count }));
}
