#!/usr/bin/env bash
# Installs the system programs `npm test` needs when they are missing, so the test command works on
# a fresh machine: Debian's Chromium for the browser tests (tests never download a browser),
# LibreOffice Writer to open exported DOCX files, poppler's pdftotext to read exported PDFs, and
# openssl for the TLS mail test's certificate, and nginx, the reverse proxy the multi-instance tests
# put in front of two instances (docs/deployment.md has the same configuration).
# Installing needs root (or password-less sudo) and apt; otherwise this says what to run, and stops.
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# openssl makes the certificate of the TLS mail server in tests/integration/mail-tls.test.ts.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  as_root=(none)
fi
if [ "${as_root[*]-}" = none ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs ${missing[*]} (browser tests, and reading exported DOCX/PDF files): run  sudo apt-get install --no-install-recommends ${missing[*]}  and try again." >&2
  exit 1
fi

echo "Installing ${missing[*]} for the tests (browser tests, reading exported DOCX and PDF files)…"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
