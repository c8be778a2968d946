#!/usr/bin/env bash
# The browser test of 'diachi serve': builds diachi, writes the sample town,
# serves it on a free loopback port, and runs web/browser/browser_test.mjs
# (playwright-core driving Debian's chromium, headless) against it. The
# screenshots go to out/browser/. Skips, saying why, where there is no
# chromium or no node.
#
#   examples/cmd/diachi/web/browser_test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$CHROMIUM" ]; then
  echo "SKIP browser test: no chromium (apt-get install chromium)"
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIP browser test: no node/npm"
  exit 0
fi
export CHROMIUM

out="$root/out/browser"
rm -rf "$out"
mkdir -p "$out"
if ! (cd "$here/browser" && npm ci --no-audit --no-fund --silent); then
  echo "SKIP browser test: playwright-core (web/browser/package.json) could not be installed"
  exit 0
fi
go build -o "$out/diachi" ./examples/cmd/diachi
"$out/diachi" town --out "$out/town" >/dev/null

# An edit token made for this run: the page retires a house and adds a
# planned lot with it.
DIACHI_EDIT_TOKEN="test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export DIACHI_EDIT_TOKEN
(umask 077 && printf '%s\n' "$DIACHI_EDIT_TOKEN" >"$out/edit-token")
"$out/diachi" serve --gpkg "$out/town/town.gpkg" --addr 127.0.0.1:0 --edit-token-file "$out/edit-token" >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out/serve.log" || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$out/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "diachi serve did not start" >&2; cat "$out/serve.log" >&2; exit 1; }
echo "serving the sample town at $url"
node "$here/browser/browser_test.mjs" "$url" "$out"
echo "screenshots: $out/*.png"
