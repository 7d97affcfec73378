import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { closeDb } from "@/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, useDataDir } from "../helpers/fixtures";
import { callApi, makeDataDir, startServer, type RunningServer } from "../helpers/server";
import { freePort } from "../helpers/smtp";
import { waitFor } from "../helpers/wait";

/**
 * SMTP_URL as a mail provider hands it out (issue 18): `smtp://user:pass@host:587` upgraded with
 * STARTTLS when the server offers it, and `smtps://` (TLS from the first byte), each with a login.
 * The receiving servers use a certificate made here, which the Opinio process is told to trust
 * (NODE_EXTRA_CA_CERTS), as a deployment trusts its provider's.
 */

type Delivery = { to: string[]; secure: boolean; user: string | undefined };

let tlsDir: string;
let key: Buffer;
let cert: Buffer;

beforeAll(() => {
  tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-smtp-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      path.join(tlsDir, "key.pem"),
      "-out",
      path.join(tlsDir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  key = fs.readFileSync(path.join(tlsDir, "key.pem"));
  cert = fs.readFileSync(path.join(tlsDir, "cert.pem"));
});

afterAll(() => {
  fs.rmSync(tlsDir, { recursive: true, force: true });
});

/** A mail server with a login; `secure` is TLS from the start (smtps), otherwise STARTTLS offered. */
async function tlsMailServer(secure: boolean): Promise<{ port: number; deliveries: Delivery[]; close(): Promise<void> }> {
  const port = await freePort();
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    secure,
    key,
    cert,
    logger: false,
    authMethods: ["PLAIN", "LOGIN"],
    // Logins only over TLS: a client that did not upgrade could not send at all.
    allowInsecureAuth: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "s3cret:pass") callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        deliveries.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return { port, deliveries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each([
  { scheme: "smtp", secure: false, what: "STARTTLS" },
  { scheme: "smtps", secure: true, what: "TLS from the start" },
])("SMTP_URL=$scheme://user:pass@host:port", ({ scheme, secure, what }) => {
  let mail: Awaited<ReturnType<typeof tlsMailServer>>;
  let server: RunningServer;

  beforeAll(async () => {
    mail = await tlsMailServer(secure);
    server = await startServer({
      dataDir: makeDataDir("opinio-tls-"),
      env: {
        // The password has a character that must be escaped in a URL.
        SMTP_URL: `${scheme}://mailer:${encodeURIComponent("s3cret:pass")}@127.0.0.1:${mail.port}`,
        MAIL_FROM: "Opinio <wiki@opinio.test>",
        NODE_EXTRA_CA_CERTS: path.join(tlsDir, "cert.pem"),
      },
    });
    // Each server has its own database: the test process writes to this one now.
    closeDb();
    useDataDir(server.dataDir);
  });

  afterAll(async () => {
    closeDb();
    await server?.kill();
    await mail?.close();
  });

  it(`logs in and sends over ${what}`, async () => {
    const user = await makeUser(`Tess ${scheme}`);
    expect((await callApi(server, null, "POST", "/password-resets", { email: user.email })).status).toBe(202);
    const [delivery] = await waitFor(() => {
      if (mail.deliveries.length === 0) throw new Error(`no mail yet:\n${server.output()}`);
      return mail.deliveries;
    });
    expect(delivery).toEqual({ to: [user.email], secure: true, user: "mailer" });
  });
});
