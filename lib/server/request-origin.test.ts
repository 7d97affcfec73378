import { afterEach, describe, expect, it } from "vitest";
import { config } from "@/lib/env";
import { clientAddress, dropUntrustedForwarding, isSameOriginRequest, publicOrigin, requestHost, requestProtocol } from "./request-origin";

const forged = {
  host: "opinio.internal:3000",
  "x-forwarded-host": "wiki.example.org, proxy.internal",
  "x-forwarded-proto": "https",
  "x-forwarded-for": "203.0.113.7, 198.51.100.23",
};

afterEach(() => {
  delete process.env.TRUST_PROXY;
  delete process.env.PUBLIC_URL;
});

describe("request origin without TRUST_PROXY", () => {
  it("goes by Host and the socket, whatever the forwarding headers say", () => {
    expect(requestHost(forged)).toBe("opinio.internal:3000");
    expect(requestProtocol(new Headers(forged))).toBe("http");
    expect(clientAddress(forged, "10.0.0.5")).toBe("10.0.0.5");
    expect(isSameOriginRequest({ ...forged, origin: "https://wiki.example.org" })).toBe(false);
    expect(isSameOriginRequest({ ...forged, origin: "http://opinio.internal:3000" })).toBe(true);
  });

  it("drops the forwarding headers as requests arrive", () => {
    const headers: Record<string, string> = { ...forged, forwarded: "for=203.0.113.7" };
    dropUntrustedForwarding(headers);
    expect(headers).toEqual({ host: "opinio.internal:3000" });
  });
});

describe("request origin with TRUST_PROXY=true", () => {
  it("follows the proxy: the first forwarded host and protocol, the last forwarded address", () => {
    process.env.TRUST_PROXY = "true";
    expect(requestHost(new Headers(forged))).toBe("wiki.example.org");
    expect(requestProtocol(forged)).toBe("https");
    expect(clientAddress(forged, "10.0.0.5")).toBe("198.51.100.23");
    expect(clientAddress({ host: "x" }, "10.0.0.5")).toBe("10.0.0.5");
    expect(isSameOriginRequest({ ...forged, origin: "https://wiki.example.org" })).toBe(true);
    const headers: Record<string, string> = { ...forged };
    dropUntrustedForwarding(headers);
    expect(headers).toEqual(forged);
  });

  it("refuses a TRUST_PROXY it cannot read", () => {
    process.env.TRUST_PROXY = "maybe";
    expect(() => requestHost(forged)).toThrow(/TRUST_PROXY must be true or false/);
  });
});

describe("links handed out", () => {
  it("use the request's origin unless PUBLIC_URL names the address people reach Opinio at", () => {
    expect(publicOrigin("http://opinio.internal:3000")).toBe("http://opinio.internal:3000");
    process.env.PUBLIC_URL = "https://wiki.example.org/";
    expect(publicOrigin("http://opinio.internal:3000")).toBe("https://wiki.example.org");
  });

  it("refuses a PUBLIC_URL that is not an http(s) origin", () => {
    for (const bad of ["wiki.example.org", "ftp://wiki.example.org", "https://example.org/wiki"]) {
      process.env.PUBLIC_URL = bad;
      expect(() => config.publicUrl).toThrow(/PUBLIC_URL/);
    }
  });
});
