/** What a spec knows about the server it started (see own-server.ts). */
export type E2EServerState = { url: string; port: number; dataDir: string; pid: number };
