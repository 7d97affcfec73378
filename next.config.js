/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle: Next requires them at run time
  // (pdfmake reads its font files from node_modules; docx and mammoth are large and Node-only;
  // ioredis keeps sockets, and one copy per process is enough).
  // Yjs and ProseMirror are bundled, so route code has its own copies: it may build standalone
  // documents, but live collaborative documents are only touched by the collab server's code
  // (see CollabControl in lib/server/registry.ts).
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pino", "pdfmake", "docx", "mammoth", "ioredis"],
  poweredByHeader: false,
  // lib0 (Yjs) names Node's global Buffer in its Node-only branch, so Turbopack bundled Next's
  // Buffer polyfill into the browser's Yjs chunk; nothing there calls it (lib/patches/lib0.ts).
  turbopack: { resolveAlias: { "next/dist/compiled/buffer": { browser: "./lib/patches/lib0-browser-buffer.js" } } },
  // `npm test` type-checks the whole project (app, tests, scripts) with `tsc --noEmit` first;
  // repeating it inside `next build` would only make `npm start`'s first build slower.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Browsers still ask for /favicon.ico now and then (before they have read a page's icon link),
  // and a 404 there is an error in every console; the icon is the SVG.
  async redirects() {
    return [{ source: "/favicon.ico", destination: "/favicon.svg", permanent: true }];
  },
};

module.exports = nextConfig;
