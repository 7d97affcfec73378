import type { ReadStream } from "node:tty";
import { badRequest } from "@/lib/errors";
import { CancelledError } from "./usage";

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const ESCAPE = "\u001b";
const BACKSPACES = new Set(["\u007f", "\b"]);

/**
 * The new password for `user create` and `user reset-password`: the first line of stdin when
 * stdin is not a terminal (or `fromStdin` asks for it), so scripts can pipe it in; otherwise
 * typed twice at a hidden prompt. Validation is the caller's.
 */
export async function readNewPassword(options: { fromStdin: boolean }): Promise<string> {
  if (options.fromStdin || !process.stdin.isTTY) return readFirstLine(process.stdin);
  const stdin = process.stdin as ReadStream;
  const first = await promptHidden(stdin, "New password: ");
  const second = await promptHidden(stdin, "Repeat password: ");
  if (first !== second) throw badRequest("The passwords do not match");
  return first;
}

/** The first line of a stream without its line ending; the rest of the stream is left unread. */
export async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  // Leaving the loop early destroys the stream, so a pipe that stays open cannot hold the process.
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    if (buffer.includes(0x0a)) break;
  }
  // Decoded once at the end, so a character split across chunks stays whole.
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") throw badRequest("No password on standard input (expected it on the first line)");
  return text.split("\n")[0].replace(/\r$/, "");
}

/** Reads one line from the terminal in raw mode, so nothing typed is echoed. */
function promptHidden(stdin: ReadStream, prompt: string): Promise<string> {
  // Raw mode before the prompt appears, so nothing typed in answer to it can be echoed.
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      outcome();
    };
    const onData = (chunk: string) => {
      // Arrow and function keys arrive as escape sequences in one chunk; they are not input.
      if (chunk.startsWith(ESCAPE)) return;
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish(() => resolve(value));
        if (char === CTRL_C) return finish(() => reject(new CancelledError()));
        if (char === CTRL_D) return finish(() => (value === "" ? reject(new CancelledError()) : resolve(value)));
        if (BACKSPACES.has(char)) value = Array.from(value).slice(0, -1).join("");
        else if (char >= " ") value += char;
      }
    };
    stdin.on("data", onData);
  });
}
