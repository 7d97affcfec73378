import type { IncomingHttpHeaders } from "node:http";
import { config } from "@/lib/env";

/**
 * Which headers say where a request came from. X-Forwarded-Host, -Proto and -For are ordinary
 * headers that any client can send; they mean something only when a reverse proxy in front of
 * Opinio sets them, which the operator declares with TRUST_PROXY. This module is the one place
 * that decides; origin checks, absolute addresses (invite links) and the client address of the
 * audit log and sign-in throttling all ask it.
 */

/** A fetch `Headers` (route code) or Node's request headers (the custom server, collab upgrades). */
export type HeaderSource = Pick<Headers, "get"> | IncomingHttpHeaders;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === "function") return (headers as Pick<Headers, "get">).get(name) ?? undefined;
  const value = (headers as IncomingHttpHeaders)[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

/** The first entry of a comma-separated header: the one the first proxy wrote. */
function firstEntry(value: string | undefined): string | undefined {
  return value?.split(",")[0]?.trim() || undefined;
}

/** Headers a reverse proxy sets; without TRUST_PROXY they are dropped as requests arrive. */
const FORWARDING_HEADERS = ["forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for"];

/**
 * Drops forwarding headers nobody vouches for, before any code sees the request. Our own checks
 * would ignore them anyway, but Next (its server-action origin check) and next-auth (the URLs
 * it builds) read X-Forwarded-Host themselves; Next then fills the X-Forwarded-* headers in from
 * the request itself.
 */
export function dropUntrustedForwarding(headers: IncomingHttpHeaders): void {
  if (config.trustProxy) return;
  for (const name of FORWARDING_HEADERS) delete headers[name];
}

/** The host the client asked for: X-Forwarded-Host behind a trusted proxy, else Host. */
export function requestHost(headers: HeaderSource): string | undefined {
  return (config.trustProxy ? firstEntry(readHeader(headers, "x-forwarded-host")) : undefined) ?? readHeader(headers, "host");
}

/** `http` or `https` as the client used it: X-Forwarded-Proto behind a trusted proxy, else `fallback`. */
export function requestProtocol(headers: HeaderSource, fallback: "http" | "https" = "http"): "http" | "https" {
  const forwarded = config.trustProxy ? firstEntry(readHeader(headers, "x-forwarded-proto")) : undefined;
  return forwarded === "http" || forwarded === "https" ? forwarded : fallback;
}

/** True when the request's Origin header names the host the request was addressed to. */
export function isSameOriginRequest(headers: HeaderSource): boolean {
  const origin = readHeader(headers, "origin");
  const host = requestHost(headers);
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The client's address: behind a trusted proxy, the last X-Forwarded-For entry (the address the
 * proxy itself saw; entries before it are the client's to write), else the socket's peer.
 */
export function clientAddress(headers: HeaderSource, socketAddress: string | undefined): string | undefined {
  if (config.trustProxy) {
    const listed = readHeader(headers, "x-forwarded-for")
      ?.split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (listed?.length) return listed.at(-1);
  }
  return socketAddress;
}

/**
 * The origin for links Opinio hands out: PUBLIC_URL when the operator set it, else `derived`,
 * the origin of the request at hand (or of the server itself when there is no request).
 */
export function publicOrigin(derived: string): string {
  return config.publicUrl ?? derived;
}

/** Where links point when no request is at hand (the CLI, seeding): PUBLIC_URL, else this server on localhost. */
export function serverOrigin(): string {
  return publicOrigin(`http://localhost:${config.port}`);
}
