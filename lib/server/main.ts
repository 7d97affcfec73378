import { createServer } from "node:http";
import next from "next";
import { closeDatabase, databaseDialect } from "@/db/executor";
import { migrateCurrentDatabase } from "@/db/migrate";
import { CLIENT_IP_HEADER } from "@/lib/audit/client-ip";
import { COLLAB_PATH, createCollabServer } from "@/lib/collab/server";
import { recordSuggestionDecisions } from "@/lib/commands/suggestions";
import { config, databasePath, ensureAuthSecret, redactUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { startNotificationMailer } from "@/lib/mail/notifications";
import { startMailSender } from "@/lib/mail/sender";
import { scaleOutFromEnv } from "@/lib/scale/instance";
import { applyPatches } from "@/lib/patches";
import { guardConsole } from "./console-guard";
import { deploymentProblems } from "./deployment-check";
import { startDiagnostics } from "./diagnostics";
import { registry } from "./registry";
import { markHtmlResponse } from "./response-kind";
import { clientAddress, dropUntrustedForwarding } from "./request-origin";
import { applySecurityHeaders, refuseForeignPageWrite } from "./security-headers";

/**
 * One process, one port: Next handles HTTP, and WebSocket upgrades on /collab go to Hocuspocus
 * after the upgrade request itself has been authenticated. Other upgrades (Next's dev HMR) are
 * left to Next, which attaches its own listener to this server.
 */
export async function startServer(options: { dev: boolean }): Promise<void> {
  // In development the raw console output is what a developer wants to see.
  if (!options.dev) guardConsole();
  const problems = deploymentProblems(process.env);
  if (problems.length) throw new Error(`Opinio cannot start with these settings:\n- ${problems.join("\n- ")}`);
  ensureAuthSecret();
  // Before anything listens: a library upgraded past what its patches were written for stops the start.
  applyPatches();
  // Read once now, so a TRUST_PROXY it cannot understand stops the start, not every request.
  if (config.trustProxy) logger.info("TRUST_PROXY: X-Forwarded-Host, -Proto and -For are taken from the reverse proxy");
  checkMailSettings();
  // Judged before the migrations: a scale-out setting it cannot use stops the start having changed nothing.
  const scaleOut = scaleOutFromEnv(process.env);
  // Each database's own migrations, applied before anything reads it.
  await migrateCurrentDatabase();
  startDiagnostics();

  // Listen first, so that with PORT=0 Next is told the real port (it builds redirect URLs from it).
  // Requests that arrive before Next is ready wait for it.
  const httpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  const app = next({ dev: options.dev, dir: process.cwd(), hostname: "localhost", port, httpServer });
  const ready = app.prepare().then(() => app.getRequestHandler());
  httpServer.on("request", (req, res) => {
    // Route code cannot see the socket; hand it the client's address for the audit log and
    // sign-in throttling, replacing anything a client sent under the same name.
    const peer = clientAddress(req.headers, req.socket.remoteAddress);
    if (peer) req.headers[CLIENT_IP_HEADER] = peer;
    else delete req.headers[CLIENT_IP_HEADER];
    dropUntrustedForwarding(req.headers);
    markHtmlResponse(req.headers);
    applySecurityHeaders(req, res, { dev: options.dev });
    if (refuseForeignPageWrite(req, res)) return;
    void ready.then((handle) => handle(req, res));
  });
  await ready;

  const collab = createCollabServer({ scaleOut, recordDecisions: recordSuggestionDecisions });
  await collab.ready;
  registry().collab = collab;
  // Mail goes out in the background, from the outbox; requests only write to it.
  const mailer = startMailSender();
  if (mailer) registry().mailer = mailer;
  // New Inbox items become mail (as each person chose) only when there is a mailer.
  const notificationMailer = mailer ? startNotificationMailer() : null;

  httpServer.on("upgrade", (req, socket, head) => {
    dropUntrustedForwarding(req.headers);
    const pathname = (req.url ?? "").split("?")[0];
    if (pathname === COLLAB_PATH || pathname.startsWith(`${COLLAB_PATH}/`)) void collab.handleUpgrade(req, socket, head);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await collab.shutdown();
    notificationMailer?.stop();
    await mailer?.stop();
    httpServer.close();
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const database = databaseDialect() === "postgres" ? redactUrl(process.env.DATABASE_URL!) : databasePath();
  logger.info({ url: `http://localhost:${port}`, database, dev: options.dev }, "Opinio is ready");
  // A machine-readable line for tests and scripts that start the server on port 0.
  if (process.env.OPINIO_PRINT_PORT) console.log(`OPINIO_LISTENING ${port}`);
}

/** Mail settings are read once at start, so a mistake stops the start rather than every invitation. */
function checkMailSettings(): void {
  void config.publicUrl;
  const smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    logger.info("E-mail is off (no SMTP_URL): invitation links are shown to pass on by hand");
    return;
  }
  if (!config.mailFrom) throw new Error("MAIL_FROM is required with SMTP_URL, e.g. MAIL_FROM='Opinio <wiki@example.org>'");
  logger.info({ smtp: redactUrl(smtpUrl), from: config.mailFrom, publicUrl: config.publicUrl }, "e-mail is on");
  // Invitations and resets are sent while a request is at hand and use its address; notification
  // mail and digests are written by a background job, which has only this server's own address.
  if (!config.publicUrl) {
    logger.warn(
      { linksPointAt: `http://localhost:${config.port}` },
      "PUBLIC_URL is not set: links in notification mails will point at this machine's localhost; set PUBLIC_URL to the address people reach Opinio at",
    );
  }
}

if (process.argv[1] && /lib[\\/]server[\\/]main\.ts$/.test(process.argv[1])) {
  startServer({ dev: process.argv.includes("--dev") }).catch((error) => {
    logger.fatal({ err: error }, "Opinio failed to start");
    process.exit(1);
  });
}
