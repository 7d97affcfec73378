import { createFrameRelay } from "@/lib/scale/frame-relay";

/**
 * An owner instance in a process of its own, so a test can SIGSTOP or SIGKILL it: it echoes every
 * frame of every tunnel back, prefixed with "echo:". Usage: relay-echo-owner.ts <redisUrl> <instanceId>
 */
const [redisUrl, instanceId] = process.argv.slice(2);
const relay = createFrameRelay({
  redisUrl,
  instanceId,
  onTunnel(socket) {
    socket.on("message", (frame: Buffer) => socket.send(Buffer.concat([Buffer.from("echo:"), frame])));
  },
});
relay.ready.then(() => process.stdout.write("ready\n"));
