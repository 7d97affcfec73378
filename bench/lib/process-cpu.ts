import fs from "node:fs";

/** USER_HZ: 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

/** A process's CPU time so far (user + system, all threads), in ms, from /proc. */
export function processCpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
