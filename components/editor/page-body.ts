import { receiveBody, type HandedBody } from "@/lib/pages/body-handoff";
import type { PageBody } from "@/lib/pages/page-body";
import { SERVER_HTML_SELECTOR } from "./server-rendered-body";

/** The page shell's element that carries the body's key and, as an attribute, the Yjs state. */
export const BODY_KEY_ATTRIBUTE = "data-page-body";
export const STATE_ATTRIBUTE = "data-collab-state";

/** Bodies read from the page's HTML, by key: a later render (or a return to the page) finds them here. */
const read = new Map<string, HandedBody>();

/**
 * The page's HTML and Yjs state, wherever this render finds them (lib/pages/page-body.ts): in the
 * props; on the server, where the page view handed them over; in the browser, in the HTML the
 * server sent, as the first render (hydration) finds it, before anything has changed it.
 */
export function resolvePageBody(body: PageBody): HandedBody {
  if (!("key" in body)) return body;
  if (typeof window === "undefined") return receiveBody(body.key) ?? { html: "", state: null };
  let found = read.get(body.key);
  if (!found) {
    const shell = document.querySelector(`[${BODY_KEY_ATTRIBUTE}="${CSS.escape(body.key)}"]`);
    found = {
      html: shell?.querySelector(SERVER_HTML_SELECTOR)?.innerHTML ?? "",
      state: shell?.getAttribute(STATE_ATTRIBUTE) ?? null,
    };
    read.set(body.key, found);
  }
  return found;
}
