#!/usr/bin/env bash
# Runs the unit and integration suites and an `npm start` smoke test under another Node line:
#
#   bash scripts/test-on-node.sh 22
#
# The machine's own Node (20) stays the default; this proves the other supported lines. It fetches
# the newest release of that line from the npm registry (package node-linux-<arch>, a plain
# tarball with bin/node and the headers), and sets up a copy of this checkout under
# ${XDG_CACHE_HOME:-$HOME/.cache}/opinio/node-<major>/ whose node_modules is a real copy of ours
# with the V8-API addons rebuilt for that Node. The checkout and its node_modules are only read.
# A second run with the same Node release and the same installed dependencies reuses both.
#
# It needs the checkout's node_modules installed (`npm ci`) and uses the checkout's production
# build (.next) when there is one; without one it builds the copy with the Node under test.
set -euo pipefail

major="${1:-}"
if ! [[ "$major" =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/test-on-node.sh <node major, e.g. 22>" >&2
  exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/opinio/node-$major"
say() { echo "[node $major, ${SECONDS}s] $*"; }
fail() { echo "test-on-node.sh: node $major: $*" >&2; exit 1; }

[ -d "$root/node_modules/better-sqlite3" ] || fail "no node_modules in $root: run npm ci first"

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) fail "no Node package for this machine's architecture ($(uname -m))" ;;
esac
package="node-linux-$arch"

# --- 1. The newest release of the line, from the registry -----------------------------------------
# Asked every run (one small request), so a new patch release is picked up; no retries, so an
# unreachable registry fails in seconds rather than minutes.
if ! versions="$(npm view "$package@$major" version --json --fetch-retries=0 --fetch-timeout=30000 2>/dev/null)"; then
  # npm answers a version range that matches nothing with an error too; tell the two apart.
  [[ "$versions" == *'"E404"'* || "$versions" == *'"ETARGET"'* ]] && fail "the registry has no $package@$major"
  fail "cannot reach the npm registry to look up $package@$major ($(npm config get registry))"
fi
version="$(node -e '
  // `npm view` answers one string for one match and an array for several; keep final releases
  // and take the highest by number, not by the order the registry lists them in.
  const all = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8"))).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  const parts = (v) => v.split(".").map(Number);
  all.sort((a, b) => { const [x, y] = [parts(a), parts(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
  console.log(all.at(-1) ?? "");
' <<<"$versions")"
[ -n "$version" ] || fail "the registry lists no release of $package@$major"

# --- 2. The Node runtime ----------------------------------------------------------------------------
runtime="$cache/runtime-$version"
if [ ! -x "$runtime/bin/node" ]; then
  say "fetching $package@$version"
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.fetch.XXXXXX")"
  # `npm pack` downloads the tarball and checks it against the registry's integrity hash; it runs
  # no install scripts.
  (cd "$tmp" && npm pack "$package@$version" --silent --fetch-retries=0 >/dev/null) ||
    { rm -rf "$tmp"; fail "cannot download $package@$version from the npm registry"; }
  mkdir "$tmp/runtime"
  tar -xzf "$tmp"/*.tgz -C "$tmp/runtime" --strip-components=1
  rm -rf "$runtime" && mv "$tmp/runtime" "$runtime" && rm -rf "$tmp"
  # Older releases of this line are no longer needed.
  find "$cache" -maxdepth 1 -name 'runtime-*' ! -name "runtime-$version" -exec rm -rf {} +
fi
node_bin="$runtime/bin"
[ "$("$node_bin/node" -p 'process.versions.node')" = "$version" ] || fail "$runtime/bin/node does not run as $version"

# Every child process (npm, tsx, vitest, the servers the tests spawn, node-gyp) must be this Node.
export PATH="$node_bin:$PATH"
# npm's config on these machines points nodedir at Node 20's headers, and the environment is the
# one place that overrides it: node-gyp must compile against the Node under test.
export npm_config_nodedir="$runtime"
export NEXT_TELEMETRY_DISABLED=1

# --- 3. The copy of the checkout and its node_modules -----------------------------------------------
# The copy's node_modules is a real directory, not a symlink: Turbopack refuses to build against a
# node_modules outside the project, and Node resolves a symlinked package from its real path. It
# is a full copy rather than hard links because a rebuild or a tool's cache writing in place would
# otherwise write into the checkout's files.
work="$cache/checkout"
# Keyed by the Node release and npm's record of what is installed (node_modules/.package-lock.json,
# rewritten by every install), so a changed dependency tree is copied again.
installed="$root/node_modules/.package-lock.json"
[ -f "$installed" ] || installed="$root/package-lock.json"
stamp="$version $(sha256sum "$installed" | cut -c1-16)"
if [ "$(cat "$work/node_modules/.opinio-node-stamp" 2>/dev/null)" != "$stamp" ]; then
  say "copying node_modules and rebuilding native addons for $version"
  started=$SECONDS
  # Assembled beside the final place and moved there once it works, so an interrupted run is
  # redone rather than half reused.
  staging="$cache/.staging/node_modules"
  rm -rf "$work" "$cache/.staging"
  mkdir -p "$staging"
  cp -a "$root/node_modules/." "$staging/"
  rm -rf "$staging/.cache" "$staging/.vite"
  # better-sqlite3 uses the V8 API, so its binary is tied to one Node ABI and must be compiled
  # for this one (no prebuilt binaries can be downloaded here). Every other native addon in the
  # tree is N-API and loads on any Node; the check below finds one that is not.
  rm -rf "$staging/better-sqlite3/build"
  (cd "$staging/better-sqlite3" && npm run --silent build-release >"$cache/rebuild.log" 2>&1) ||
    fail "rebuilding better-sqlite3 for $version failed; see $cache/rebuild.log"
  (cd "$staging" && node -e '
    // Loads every native addon in the tree: one built against another Node ABI throws here, with
    // NODE_MODULE_VERSION in the message, instead of somewhere in the middle of the suite.
    const fs = require("fs"), path = require("path");
    const addons = [];
    const walk = (dir) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith(".node") && !p.includes("obj.target")) addons.push(p);
    } };
    walk(".");
    const wrong = addons.filter((p) => { try { process.dlopen({ exports: {} }, path.resolve(p)); return false; } catch (e) { return /NODE_MODULE_VERSION/.test(e.message); } });
    if (wrong.length) { console.error("built for another Node: " + wrong.join(", ")); process.exit(1); }
    const db = require(path.resolve("better-sqlite3"))(":memory:");
    if (db.prepare("select sqlite_version() as v").get().v === undefined) process.exit(1);
    console.log(`[node ${process.versions.node.split(".")[0]}] ${addons.length} native addons load; better-sqlite3 opens a database`);
  ') || fail "native addons do not load under $version"
  echo "$stamp" >"$staging/.opinio-node-stamp"
  mv "$cache/.staging" "$work"
  say "node_modules ready in $((SECONDS - started)) s"
fi

# The sources are copied afresh every run (a few MB): the files git tracks plus new files that it
# does not ignore, so uncommitted work is tested too (node_modules named explicitly: a symlinked
# one, as in a worktree sharing another's, is not matched by .gitignore's `node_modules/`).
find "$work" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .next -exec rm -rf {} +
(cd "$root" && git ls-files -z --cached --others --exclude-standard -- . ':!node_modules' ':!.next') |
  (cd "$root" && tar --null --ignore-failed-read -cf - -T - 2>/dev/null) | tar -xf - -C "$work"

# The production build: the checkout's (CI has just made it with `npm test`), or one made here.
rm -rf "$work/.next"
if [ -f "$root/.next/BUILD_ID" ]; then
  (cd "$root" && tar --exclude=.next/cache -cf - .next) | tar -xf - -C "$work"
else
  say "no production build in the checkout: running next build under $version"
  (cd "$work" && node node_modules/next/dist/bin/next build >"$cache/build.log" 2>&1) ||
    fail "next build failed; see $cache/build.log"
fi

# The benchmark smoke test reads the editing traces beside the checkout, not beside the copy.
export OPINIO_TRACES_DIR="${OPINIO_TRACES_DIR:-$root/../shared/traces}"

# --- 4. The suites ----------------------------------------------------------------------------------
cd "$work"
# The unit and integration suites. The reliability suite (crash chaos, convergence, limits) and the
# benchmark smoke test stay on the default line: they are about load and timing, not about the Node
# line, and on a busy two-core machine three runs of them would triple CI's exposure to a slow moment.
# So do the suites run again on PostgreSQL (tests/integration/on-postgres): they are about the
# database, and their SQLite originals run here.
say "node $(node -v), npm $(npm -v): vitest run (unit and integration)"
started=$SECONDS
node node_modules/vitest/vitest.mjs run --exclude 'tests/reliability/**' --exclude 'tests/integration/bench-smoke.test.ts' \
  --exclude 'tests/integration/on-postgres/**' --exclude 'tests/e2e/**' --exclude 'node_modules/**'
say "vitest passed in $((SECONDS - started)) s"

# --- 5. `npm start` on a fresh data directory -------------------------------------------------------
say "npm start smoke test"
data="$(mktemp -d)"
log="$data/server.log"
# setsid: npm, tsx and the server run in a process group of their own, stopped together below.
DATA_DIR="$data" PORT=0 HOST=127.0.0.1 OPINIO_PRINT_PORT=1 setsid npm start >"$log" 2>&1 &
group=$!
stop_server() { kill -TERM -- "-$group" 2>/dev/null || true; wait "$group" 2>/dev/null || true; rm -rf "$data"; }
trap stop_server EXIT
port=""
for _ in $(seq 1 120); do
  port="$(sed -n 's/^OPINIO_LISTENING \([0-9]*\)$/\1/p' "$log")"
  [ -n "$port" ] && break
  kill -0 "$group" 2>/dev/null || break
  sleep 1
done
[ -n "$port" ] || { cat "$log" >&2; fail "npm start did not start listening"; }
status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "http://127.0.0.1:$port/")" || true
case "$status" in
  200 | 302 | 303 | 307 | 308) say "npm start answers $status on /" ;;
  *) cat "$log" >&2; fail "npm start answered ${status:-nothing} on /" ;;
esac
stop_server
trap - EXIT
say "all passed on node $version in $SECONDS s"
