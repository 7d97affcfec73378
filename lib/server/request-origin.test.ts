import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, dropUntrustedForwarding, isSameOriginRequest, requestHost, requestProtocol } from "./request-origin";

const forged = { host: "opinio.internal:3000", "x-forwarded-host": "wiki.example.org, proxy.internal", "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7, 198.51.100.23" };

afterEach(() => {
  delete process.env.TRUST_PROXY;
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
