import { ToolbarSpace } from "./toolbar-space";

/** The editor's classes, shared by the server's HTML so that nothing moves when the editor takes its place. */
export const BODY_CLASS = "prose-legal document-text min-h-[50vh] pb-24";

/** Where the browser finds the server's HTML of the page (components/editor/page-body.ts). */
export const SERVER_HTML_SELECTOR = "article[data-server-html]";

/**
 * The server's HTML in the same boxes as the live editor (components/editor/live-editor.tsx): a
 * toolbar-sized space for editors, the same padding and the same minimum height. Shown until the
 * editor exists, so the swap neither moves the text nor, for one frame, leaves the column empty.
 */
export function ServerRenderedBody({ html, editable }: { html: string; editable: boolean }) {
  return (
    <div className="rounded-md">
      {editable ? <ToolbarSpace /> : null}
      <div className="relative">
        <div className="pt-3">
          <article className={BODY_CLASS} data-testid="server-rendered" data-server-html dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      </div>
    </div>
  );
}
