import { createHash, randomBytes } from "node:crypto";

/** Opaque, URL-safe identifiers (96 random bits). */
export function newId(): string {
  return randomBytes(12).toString("base64url");
}

/** A secret for tokens and invite links, with a prefix that makes leaked tokens recognisable. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

/** Secrets are stored only as SHA-256: they are random, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
