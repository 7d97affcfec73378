import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

/**
 * The published OpenAPI document passes Redocly's recommended rules with no errors (warnings are
 * printed, not failed on: one is the missing licence, which is the operator's to state). Redocly
 * is run as a client would run it, on the JSON the server serves.
 */
describe("openapi.json under Redocly's recommended rules", () => {
  it("has no errors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-openapi-"));
    const file = path.join(dir, "openapi.json");
    try {
      fs.writeFileSync(file, JSON.stringify(buildOpenApiDocument("http://localhost:3000")));
      const bin = path.resolve("node_modules", ".bin", "redocly");
      let output = "";
      let status = 0;
      try {
        output = execFileSync(bin, ["lint", "--extends=recommended", "--format=summary", file], {
          encoding: "utf8",
          stdio: "pipe",
          env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        });
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        status = failed.status;
        output = failed.stdout + failed.stderr;
      }
      expect(status, output).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
