#!/usr/bin/env bash
# The local services the tests talk to: PostgreSQL (127.0.0.1:5432, trust auth; the PostgreSQL
# schema and migrate-to-postgres tests) and Redis (127.0.0.1:6379; scale-out, issue 20). Each is
# started when it is installed but stopped, with the same commands the machine uses at boot;
# when one is not installed, this says what to install, and stops. Tests create and drop their
# own databases, so nothing here touches data.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
wait_for() { for _ in $(seq 1 30); do "$1" && return 0; sleep 1; done; return 1; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL for the tests…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    wait_for pg_up || { echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
  else
    echo "npm test needs PostgreSQL 15 or newer on 127.0.0.1:5432 with trust authentication for the current user: install it (sudo apt-get install postgresql) and try again." >&2
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Starting Redis for the tests…"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for redis_up || { echo "Redis did not come up on 127.0.0.1:6379" >&2; exit 1; }
  else
    echo "npm test needs Redis 7 on 127.0.0.1:6379: install it (sudo apt-get install redis-server) and try again." >&2
    exit 1
  fi
fi
