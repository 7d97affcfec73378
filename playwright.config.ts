import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in a real browser against the real server (production build, fresh SQLite
 * data directory with the demo wiki seeded). The global setup starts the server on a free port
 * and hands its address to the tests (see tests/e2e/support/). Debian's Chromium only: tests
 * never download a browser.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  // One server, one database, tests that build on each other's state: run them in order.
  workers: 1,
  fullyParallel: false,
  // No retries: a serial group is retried as a whole against the same server, whose first-run
  // setup has already happened, so a retry could only fail differently.
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: "./tests/e2e/support/global-setup.ts",
  globalTeardown: "./tests/e2e/support/global-teardown.ts",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
    },
    viewport: { width: 1280, height: 860 },
    locale: "en-GB",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
