import { headers } from "next/headers";
import { HTML_RESPONSE_HEADER } from "@/lib/server/response-kind";
import { handOverBody, type HandedBody } from "./body-handoff";

/**
 * The page's body as the page view gives it to the page shell (components/editor/page-editor.tsx):
 * inline, or, when this request's answer is an HTML document, only a key (lib/pages/body-handoff.ts).
 */
export type PageBody = HandedBody | { key: string };

/**
 * A document request would otherwise carry the body twice: in the HTML, and in the RSC payload
 * that the browser hydrates from, since it is a prop of a client component. So it goes to the
 * shell's server render by a side door, and the browser reads it back from the HTML it came in
 * (components/editor/page-body.ts). A request answered with the RSC payload alone has no HTML to
 * read it from and gets it inline; so does one whose kind Opinio's server did not say
 * (lib/server/response-kind.ts): twice is better than never.
 */
export async function pageBody(body: HandedBody): Promise<PageBody> {
  if ((await headers()).get(HTML_RESPONSE_HEADER) !== "1") return body;
  return { key: handOverBody(body) };
}
