/**
 * The Yjs binding (y-tiptap) stores a mark that may overlap itself (our suggestion marks) as a
 * text attribute named "name--<8 base64 characters>", and reads back exactly that shape: any other
 * suffix stays part of the name, an unknown mark that the editor and the server drop. Everything
 * that reads Yjs text attributes on its own (the reviewer guard's shadow, the fallback reader)
 * follows the same rule, so what it takes for a suggestion is what the editor shows as one.
 */
const HASHED_MARK_KEY = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

export function markNameOfKey(key: string): string {
  return HASHED_MARK_KEY.exec(key)?.[1] ?? key;
}
