import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./smtp";
import { waitFor } from "./wait";

/**
 * nginx (Debian's, installed by scripts/test-prerequisites.sh) in front of one or more Opinio
 * instances, configured as docs/deployment.md says: the proxy settings are the documented file
 * itself (docs/nginx/opinio-proxy.conf), included, not a copy. Collab sockets are balanced by their
 * path (`/collab/page.{id}`), so one page's sockets go to one instance; other requests take turns.
 */
export type Nginx = { readonly url: string; stop(): Promise<void> };

const NGINX = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
const PROXY_SETTINGS = path.resolve(__dirname, "..", "..", "docs", "nginx", "opinio-proxy.conf");

export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-nginx-"));
  const servers = upstreamPorts.map((p) => `    server 127.0.0.1:${p};`).join("\n");
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `# Written by tests/helpers/nginx.ts
worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
# Running as root in tests: workers keep the user, so the temporary directories stay writable.
${process.getuid?.() === 0 ? "user root;" : ""}
events { worker_connections 256; }
http {
  access_log off;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream opinio {
${servers}
  }
  upstream opinio_collab {
    hash $uri consistent;
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 12m;
    location /collab {
      proxy_pass http://opinio_collab;
      include ${PROXY_SETTINGS};
    }
    location / {
      proxy_pass http://opinio;
      include ${PROXY_SETTINGS};
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${output}${readIfThere(path.join(dir, "error.log"))}`);
      await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).then((response) => response.body?.cancel());
    },
    { timeout: 15_000, interval: 100 },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGQUIT");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
