import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in a real browser against the real server (production build). Every spec file
 * starts a server of its own on a fresh SQLite data directory (tests/e2e/support/own-server.ts),
 * so spec files neither share state nor depend on the order they run in; the global setup only
 * checks that the build and the browser are there. Debian's Chromium only: tests never download a
 * browser.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  // One spec at a time, for the machine's sake (each runs a production server and Chromium), not
  // for the tests': any spec can run alone or in any order. Within a file, tests run in order.
  workers: 1,
  fullyParallel: false,
  // No retries: a serial group is retried as a whole against its spec's server, whose state the
  // first attempt has already changed, so a retry could only fail differently.
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: "./tests/e2e/support/global-setup.ts",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
    },
    viewport: { width: 1280, height: 860 },
    locale: "en-GB",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
