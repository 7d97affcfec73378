import net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { waitFor } from "./wait";

/** A mail as the receiving server got it: the envelope, and the message parsed. */
export type ReceivedMail = { envelopeTo: string[]; raw: string; mail: ParsedMail };

export type TestSmtpServer = {
  port: number;
  /** The SMTP_URL that reaches it. */
  url: string;
  received: ReceivedMail[];
  /** Answers the next `count` messages with a temporary refusal (451), or `code`. */
  refuseNext(count: number, code?: number): void;
  /** Stops listening, as a mail server that is down; `up` starts again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Waits until `count` mails have arrived in all and returns them. */
  waitForMails(count: number, timeout?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it receives. No
 * TLS and no login: the mailer under test connects as to any plain relay. `listening: false`
 * reserves a port whose server is down until `up()`.
 */
export async function startSmtpServer(options: { listening?: boolean } = {}): Promise<TestSmtpServer> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let refusals: { count: number; code: number } = { count: 0, code: 451 };
  let server: SMTPServer | null = null;

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (refusals.count > 0) {
            refusals = { ...refusals, count: refusals.count - 1 };
            callback(Object.assign(new Error("Try again later"), { responseCode: refusals.code }));
            return;
          }
          const raw = Buffer.concat(chunks).toString("utf8");
          void simpleParser(raw).then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            callback();
          }, callback);
        });
      },
    });

  const up = async () => {
    if (server) return;
    server = make();
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
  };
  const down = async () => {
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  if (options.listening !== false) await up();

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(count, code = 451) {
      refusals = { count, code };
    },
    up,
    down,
    async waitForMails(count, timeout = 20_000) {
      return waitFor(
        () => {
          if (received.length < count) throw new Error(`${received.length} of ${count} mails arrived`);
          return received.slice();
        },
        { timeout, interval: 50 },
      );
    },
    close: down,
  };
}
