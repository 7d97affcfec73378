import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Run-time configuration, read from the environment once. Every knob Opinio has is here, with its
 * default, so the README's configuration table can be checked against one file
 * (tests/docs/configuration.test.ts).
 */
function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return Math.floor(value);
}

export function dataDir(): string {
  // Resolved at run time; not a file the bundler should trace.
  return path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || "./data");
}

/** `DATABASE_URL` may be a plain path or a `file:` URL; it defaults to `<DATA_DIR>/opinio.db`. */
export function databasePath(): string {
  const url = process.env.DATABASE_URL;
  if (!url) return path.join(dataDir(), "opinio.db");
  return path.resolve(/* turbopackIgnore: true */ url.replace(/^file:/, ""));
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${process.env[name]}"`);
}

export const config = {
  get port() {
    return int("PORT", 3000);
  },
  get host() {
    return process.env.HOST || "0.0.0.0";
  },
  /** Seed the demo wiki when the first account is created (set SEED_DEMO=false to skip). */
  get seedDemo() {
    return !["0", "false", "no", "off"].includes((process.env.SEED_DEMO ?? "true").toLowerCase());
  },
  /** Largest WebSocket frame the collab server accepts. */
  get maxCollabPayloadBytes() {
    return int("MAX_COLLAB_PAYLOAD_BYTES", 2 * 1024 * 1024);
  },
  /** Largest document (encoded Yjs state) a page may grow to. */
  get maxDocumentBytes() {
    return int("MAX_DOCUMENT_BYTES", 16 * 1024 * 1024);
  },
  /** How often collab sockets are pinged; one that has not answered the previous ping is closed. */
  get collabHeartbeatMs() {
    return int("COLLAB_HEARTBEAT_MS", 30_000);
  },
  /** Unsent data a collab socket may queue before it counts as not reading and is closed. */
  get maxSocketBufferBytes() {
    return int("MAX_SOCKET_BUFFER_BYTES", 16 * 1024 * 1024);
  },
  get maxConnectionsPerUser() {
    return int("MAX_CONNECTIONS_PER_USER", 20);
  },
  /** Compact a page's update log after this many entries… */
  get compactAfterUpdates() {
    return int("COMPACT_AFTER_UPDATES", 500);
  },
  /** …or after editing has been quiet this long (ms). */
  get compactIdleMs() {
    return int("COMPACT_IDLE_MS", 2000);
  },
  /** A version is recorded when editing on a page has been quiet this long (ms)… */
  get versionIdleMs() {
    return int("VERSION_IDLE_MS", 60_000);
  },
  /** …or at the latest this long after the first unversioned edit, during continuous editing. */
  get versionMaxIntervalMs() {
    return int("VERSION_MAX_INTERVAL_MS", 10 * 60_000);
  },
  /**
   * A reverse proxy in front of Opinio sets X-Forwarded-Host, -Proto and -For (and strips what
   * clients sent under those names); only then are they believed. See lib/server/request-origin.ts.
   */
  get trustProxy() {
    return flag("TRUST_PROXY", false);
  },
  /** Sign-in attempts per address and e-mail per 15 minutes (the other budgets: lib/auth/rate-limit.ts). */
  get authRateLimit() {
    return int("AUTH_RATE_LIMIT", 10);
  },
  /** Longest comment accepted, in characters. */
  get maxCommentLength() {
    return int("MAX_COMMENT_LENGTH", 10_000);
  },
  get maxMarkdownBytes() {
    return int("MAX_MARKDOWN_BYTES", 1024 * 1024);
  },
  /** Largest DOCX or Markdown file accepted by the import (the upload itself). */
  get maxImportBytes() {
    return int("MAX_IMPORT_BYTES", 10 * 1024 * 1024);
  },
  /**
   * The outgoing mail server (`smtp://user:pass@host:587`, STARTTLS when the server offers it, or
   * `smtps://…:465`). Unset, Opinio sends no e-mail: invitation links are shown to copy instead.
   */
  get smtpUrl(): string | null {
    const raw = process.env.SMTP_URL?.trim();
    if (!raw) return null;
    if (!/^smtps?:\/\/[^/]/i.test(raw)) throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${redactUrl(raw)}"`);
    return raw;
  },
  /** The sender of every mail, e.g. `Opinio <wiki@example.org>`; required with SMTP_URL. */
  get mailFrom(): string | null {
    return process.env.MAIL_FROM?.trim() || null;
  },
  /** First retry of a mail the server did not take; each further retry waits twice as long, up to an hour. */
  get mailRetryMs() {
    return int("MAIL_RETRY_MS", 60_000);
  },
  /**
   * The address people reach Opinio at (`https://wiki.example.org`), used in every link Opinio
   * hands out: in e-mails, invitations and API answers. Unset, links use the address of the
   * request that made them, which is right unless a proxy rewrites it.
   */
  get publicUrl(): string | null {
    const raw = process.env.PUBLIC_URL?.trim();
    if (!raw) return null;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`PUBLIC_URL must be an absolute http(s) address, got "${raw}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`PUBLIC_URL must be an http(s) address, got "${raw}"`);
    // Opinio is served from the root of its host; a path would be dropped from links, so say so.
    if (url.pathname !== "/" || url.search || url.hash) throw new Error(`PUBLIC_URL must be an origin without a path, got "${raw}"`);
    return url.origin;
  },
};

/** True when SMTP_URL is set: invitations, password resets and notifications go out by e-mail. */
export function mailEnabled(): boolean {
  return config.smtpUrl !== null;
}

/** An URL with its password hidden, for error messages and logs. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}

/**
 * The secret that signs sessions. Taken from AUTH_SECRET, or generated once and kept in the data
 * directory, so sessions survive restarts without anyone having to invent a secret.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir(), "auth-secret");
  fs.mkdirSync(dataDir(), { recursive: true });
  let secret: string;
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    secret = randomBytes(32).toString("base64url");
    // wx: never overwrite a secret another process wrote first.
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    } catch {
      secret = fs.readFileSync(file, "utf8").trim();
    }
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}
