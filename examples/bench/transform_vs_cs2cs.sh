#!/usr/bin/env bash
# Whole-process time of `diachi transform` against PROJ's cs2cs on the same
# file of N WGS84 points (EPSG:4326 -> EPSG:9210, metres to 4 decimals).
#
# Like with like: both tools read the same text file and write the same
# text, each timed as a whole process (start, reading, transforming,
# writing). The runs are interleaved: after one untimed run of each, RUNS
# rounds each run both tools once, back to back, diachi first in odd
# rounds and cs2cs first in even ones, so that the machine's changes of
# speed during the session reach both sides. The ratio is taken within
# each round and printed as its range over the rounds, with each tool's
# range. Also checks that the outputs agree (diachi with --mekong5194,
# which makes the same per-point datum choice as plain cs2cs).
#
#   bash examples/bench/transform_vs_cs2cs.sh [N] [RUNS]    (default 1000000 5)
set -euo pipefail
shopt -s inherit_errexit
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

run_diachi() { "$tmp/diachi" transform --mekong5194 --from EPSG:4326 --to EPSG:9210 < "$tmp/points.txt" > "$tmp/diachi.out"; }
run_cs2cs() { cs2cs -d 4 EPSG:4326 EPSG:9210 < "$tmp/points.txt" > "$tmp/cs2cs.out"; }
# seconds prints the wall time of a command in seconds.
seconds() {
  local t0 t1
  t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}

run_diachi; run_cs2cs # untimed: the binaries and the input in the page cache
declare -a td tc ratios
for i in $(seq "$RUNS"); do
  if (( i % 2 )); then
    d=$(seconds run_diachi); c=$(seconds run_cs2cs)
  else
    c=$(seconds run_cs2cs); d=$(seconds run_diachi)
  fi
  td+=("$d"); tc+=("$c")
  ratios+=("$(awk -v c="$c" -v d="$d" 'BEGIN{printf "%.2f", c/d}')")
done

# summary prints "min-max (median m)" of its arguments.
summary() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%s-%s (median %s)", a[1], a[NR], m}'
}
# per_point prints the range of the times as nanoseconds a point.
per_point() {
  printf '%s\n' "$@" | sort -g | awk -v n="$N" '{a[NR]=$1} END {printf "%.0f-%.0f ns a point", a[1]*1e9/n, a[NR]*1e9/n}'
}

# Agreement: same number of lines, and the largest difference in metres.
awk '{print $1, $2}' "$tmp/cs2cs.out" > "$tmp/cs2cs.2"
paste -d' ' "$tmp/diachi.out" "$tmp/cs2cs.2" | awk '
  { d = ($1-$3)^2 + ($2-$4)^2; if (d > m) m = d; if ($1 != $3 || $2 != $4) n++ }
  END { printf "agreement: %d lines, %d differ in the last printed digit, max difference %.4f m\n", NR, n, sqrt(m) }'

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(cs2cs 2>&1 | head -1)"
echo "points: $N; runs: $RUNS of each, interleaved (diachi first in odd rounds, cs2cs in even); whole process"
echo "diachi transform: $(summary "${td[@]}") s, $(per_point "${td[@]}"); runs: ${td[*]}"
echo "cs2cs:            $(summary "${tc[@]}") s, $(per_point "${tc[@]}"); runs: ${tc[*]}"
echo "ratio cs2cs/diachi within each round: $(summary "${ratios[@]}"); rounds: ${ratios[*]}"
