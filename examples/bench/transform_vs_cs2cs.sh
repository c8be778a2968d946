#!/usr/bin/env bash
# Whole-process time of `diachi transform` against PROJ's cs2cs on the same
# file of 1,000,000 WGS84 points (EPSG:4326 -> EPSG:9210, metres to 4
# decimals), run alternately RUNS times; prints the medians and the ratio,
# and checks that the two outputs agree (diachi with --mekong5194, which
# makes the same per-point datum choice as plain cs2cs).
#
#   bash examples/bench/transform_vs_cs2cs.sh [N] [RUNS]
set -euo pipefail
N=${1:-1000000}
RUNS=${2:-5}
cd "$(dirname "$0")/../.."

if ! command -v cs2cs >/dev/null; then
  echo "installing proj-bin for cs2cs" >&2
  apt-get update -qq && apt-get install -y -qq proj-bin >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/diachi" ./examples/cmd/diachi
go run ./examples/bench/genpoints -n "$N" > "$tmp/points.txt"

now() { date +%s.%N; }
declare -a td tc
for i in $(seq "$RUNS"); do
  t0=$(now); "$tmp/diachi" transform --mekong5194 --from EPSG:4326 --to EPSG:9210 < "$tmp/points.txt" > "$tmp/diachi.out"; t1=$(now)
  cs2cs -d 4 EPSG:4326 EPSG:9210 < "$tmp/points.txt" > "$tmp/cs2cs.out"; t2=$(now)
  td+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')")
  tc+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.3f", b-a}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
md=$(median "${td[@]}"); mc=$(median "${tc[@]}")

# Agreement: same number of lines, and the largest difference in metres.
awk '{print $1, $2}' "$tmp/cs2cs.out" > "$tmp/cs2cs.2"
paste -d' ' "$tmp/diachi.out" "$tmp/cs2cs.2" | awk '
  { d = ($1-$3)^2 + ($2-$4)^2; if (d > m) m = d; if ($1 != $3 || $2 != $4) n++ }
  END { printf "agreement: %d lines, %d differ in the last printed digit, max difference %.4f m\n", NR, n, sqrt(m) }'

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(cs2cs 2>&1 | head -1)"
echo "points: $N, runs: $RUNS (alternating)"
echo "diachi transform: median ${md}s  (runs: ${td[*]})"
echo "cs2cs:            median ${mc}s  (runs: ${tc[*]})"
echo "ratio cs2cs/diachi: $(awk -v c="$mc" -v d="$md" 'BEGIN{printf "%.2f", c/d}')"
