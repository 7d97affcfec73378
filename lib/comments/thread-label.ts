import { clipText } from "@/lib/text/clip";

/** How much of the passage a card's accessible name quotes: enough to tell threads apart. */
const LABEL_QUOTE_CHARS = 80;

/**
 * A card's accessible name. The passage is the card's own text already (line-clamped on screen);
 * its name is announced whenever the card is reached, so it quotes only the passage's start,
 * rather than a whole section read out again.
 */
export function threadLabel(quote: string): string {
  const flat = quote.replace(/\s+/g, " ").trim();
  if (!flat) return "Thread on the page";
  return `Thread on “${clipText(flat, LABEL_QUOTE_CHARS)}”`;
}
