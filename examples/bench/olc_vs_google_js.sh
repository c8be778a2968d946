#!/usr/bin/env bash
# Plus Code encode and decode: diachi's geo/olc against Google's own
# JavaScript implementation (npm open-location-code 1.0.3, run by node).
# Google's Go implementation is not available from the module proxy here,
# so its JavaScript sibling is the peer.
#
# Like with like: both sides read the same 1,024 points over Vietnam and
# the same 1,024 codes (written once by examples/bench/olcpeer), encode at
# 10 digits returning a string (diachi's Encode returning a Code) and
# decode to an area, and time them the same way: 2,000,000 calls cycling
# over the inputs, after as many untimed (node's JIT warms up on them), the
# mean time a call. The runs are interleaved: RUNS rounds each run both
# sides once, back to back, diachi first in odd rounds and JavaScript
# first in even ones; the ratio is taken within each round and printed as
# its range over the rounds, with each side's range.
#
#   bash examples/bench/olc_vs_google_js.sh [RUNS]    (default 5)
set -euo pipefail
shopt -s inherit_errexit
RUNS=${1:-5}
cd "$(dirname "$0")/../.."
command -v node >/dev/null || { echo "node is needed for the peer" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --no-save --no-package-lock --silent open-location-code@1.0.3 >/dev/null 2>&1)
go build -o "$tmp/olcpeer" ./examples/bench/olcpeer
"$tmp/olcpeer" -gen -points "$tmp/points.txt" -codes "$tmp/codes.txt"

cat > "$tmp/bench.js" <<'JS'
const fs = require('fs');
const OLC = new (require('open-location-code').OpenLocationCode)();
const lines = f => fs.readFileSync(f, 'utf8').split('\n').filter(l => l !== '');
const pts = lines(process.argv[2]).map(l => l.split(' ').map(Number));
const codes = lines(process.argv[3]);
const calls = 2e6;
function time(fn, n) {
  for (let i = 0; i < n; i++) fn(i);            // untimed: the JIT warms up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / n;
}
let sink = 0;
const enc = time(i => { const p = pts[i % pts.length]; sink += OLC.encode(p[0], p[1], 10).length; }, calls);
const dec = time(i => { if (OLC.decode(codes[i % codes.length]).latitudeLo > 0) sink++; }, calls);
console.log(`google-js encode ${enc.toFixed(1)} ns/op`);
console.log(`google-js decode ${dec.toFixed(1)} ns/op`);
if (sink === 42) console.log('');
JS
run_go() { "$tmp/olcpeer" -points "$tmp/points.txt" -codes "$tmp/codes.txt" -calls 2000000; }
run_js() { (cd "$tmp" && node bench.js points.txt codes.txt); }
# field prints the ns/op of the line naming what in a side's output.
field() { awk -v w="$1" '$2 == w {print $3}'; }

declare -a ge gd je jd re rd
for i in $(seq "$RUNS"); do
  if (( i % 2 )); then
    g=$(run_go); j=$(run_js)
  else
    j=$(run_js); g=$(run_go)
  fi
  ge+=("$(echo "$g" | field encode)"); gd+=("$(echo "$g" | field decode)")
  je+=("$(echo "$j" | field encode)"); jd+=("$(echo "$j" | field decode)")
  re+=("$(awk -v a="${je[-1]}" -v b="${ge[-1]}" 'BEGIN{printf "%.1f", a/b}')")
  rd+=("$(awk -v a="${jd[-1]}" -v b="${gd[-1]}" 'BEGIN{printf "%.1f", a/b}')")
done

# summary prints "min-max (median m)" of its arguments.
summary() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%s-%s (median %s)", a[1], a[NR], m}'
}
echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), node $(node --version)"
echo "inputs: 1,024 points and 1,024 codes, the same for both; runs: $RUNS of each, interleaved"
echo "encode, diachi (returning a Code): $(summary "${ge[@]}") ns; runs: ${ge[*]}"
echo "encode, google-js:                 $(summary "${je[@]}") ns; runs: ${je[*]}"
echo "ratio encode (google-js / diachi) within each round: $(summary "${re[@]}")"
echo "decode, diachi:                    $(summary "${gd[@]}") ns; runs: ${gd[*]}"
echo "decode, google-js:                 $(summary "${jd[@]}") ns; runs: ${jd[*]}"
echo "ratio decode (google-js / diachi) within each round: $(summary "${rd[@]}")"
