/**
 * A script for `addInitScript` that records, inside the page from its first script on (as
 * `window.__pageload`): paint and layout-shift entries (buffered, so
 * nothing before the observer is lost), long tasks, the moment the live editor reports "Saved",
 * and on the argument map the moments its first drawing and its final layout appear. For the
 * editor's timeline it also notes when the collab socket was created, opened and first answered,
 * and when the editor's element appeared.
 * Layout shifts caused by input are left out, as the CLS definition does (there is no input here).
 */
export const PAGE_PROBE = `
(() => {
  const m = (window.__pageload = { fcp: null, cls: 0, shifts: [], longTasks: [], live: null, mapDrawn: null, mapFinal: null, socket: null, editorShown: null });
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      if (m.socket || !String(args[0]).includes("/collab")) return;
      const s = (m.socket = { created: performance.now(), opened: null, firstMessage: null });
      this.addEventListener("open", () => (s.opened = performance.now()), { once: true });
      this.addEventListener("message", () => (s.firstMessage = performance.now()), { once: true });
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint") m.fcp = e.startTime;
  }).observe({ type: "paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      m.cls += e.value;
      m.shifts.push({ at: e.startTime, value: e.value, nodes: (e.sources || []).map((s) => s.node && s.node.nodeName + (s.node.className ? "." + String(s.node.className).split(" ")[0] : "")) });
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) m.longTasks.push({ at: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const check = () => {
    if (m.live !== null) return;
    if (m.editorShown === null && document.querySelector('[data-testid="editor"]')) m.editorShown = performance.now();
    const state = document.querySelector('[data-testid="connection-state"]');
    if (document.querySelector('[data-testid="editor"]') && state && state.getAttribute("data-state") === "saved") m.live = performance.now();
  };
  const checkMap = () => {
    if (m.mapDrawn === null && document.querySelector('[data-testid="map-node"]')) m.mapDrawn = performance.now();
    const frame = document.querySelector('[data-testid="argument-map"]');
    if (m.mapFinal === null && frame && /^(worker|main|cache)$/.test(frame.getAttribute("data-layout-thread") || "")) m.mapFinal = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  new MutationObserver(checkMap).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-layout-thread"] });
})();
`;

export type PageProbe = {
  fcp: number | null;
  cls: number;
  shifts: { at: number; value: number; nodes: string[] }[];
  longTasks: { at: number; duration: number }[];
  live: number | null;
  /** Argument map pages: when the first strand box was drawn, and when ELK's layout (or a kept one) was. */
  mapDrawn: number | null;
  mapFinal: number | null;
  /** The first collab socket: when it was created, opened and first received a message (ms since navigation start). */
  socket: { created: number; opened: number | null; firstMessage: number | null } | null;
  /** When the live editor's element appeared. */
  editorShown: number | null;
};
