/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle: Next requires them at run time.
  // Yjs and ProseMirror are bundled, so route code has its own copies: it may build standalone
  // documents, but live collaborative documents are only touched by the collab server's code
  // (see CollabControl in lib/server/registry.ts).
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
