// The browser's stand-in for Node's Buffer, which Turbopack would otherwise bundle (22 KiB) because
// lib0 names the global. See "Patch 2" in lib/patches/lib0.ts; next.config.js points the
// browser build's Buffer polyfill here. Nothing in the browser calls it: lib0 takes its
// atob/btoa branch there.
export const Buffer = undefined;
