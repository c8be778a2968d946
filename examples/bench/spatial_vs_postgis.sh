#!/usr/bin/env bash
# Spatial joins: diachi's geo/index against PostgreSQL/PostGIS on the same
# synthetic fabric and the same query points, on this machine.
#
# It installs PostgreSQL 15 and PostGIS from Debian if they are missing,
# starts a throwaway cluster on 127.0.0.1, loads N parcels, the street
# centrelines and the points (in file order, and sorted along a Hilbert
# curve as diachi sorts them), builds GiST indexes, and starts diachi's
# side (examples/bench/spatialpeer) on the same data. Then RUNS rounds,
# each running both sides back to back, diachi first in odd rounds and
# PostGIS first in even ones, so that the machine's changes of speed reach
# both. Each round, each side:
#   build      the parcel index (diachi: validation, order, tree and grid;
#              PostGIS: REINDEX of the GiST index, the WKT already loaded)
#   join       every point's parcel, one batch (PostGIS: ST_Covers join),
#              points in file order, then sorted
#   knn        the nearest street of the first KNN points, one batch
#              (PostGIS: KNN <-> in a LATERAL join)
#   single     one lookup at a time of points drawn at random, parcel and
#              nearest street (PostGIS: pgbench, prepared, one client)
# Like with like: the batch figures of both sides are the time a point
# inside one batch. PostGIS's single lookups are client round trips through
# a socket, diachi's are calls in its process (a library has no round
# trip): their ratio is printed as such, not as a like-for-like ratio.
# Ratios are taken within each round and printed as their range over the
# rounds, with each side's range.
#
#   bash examples/bench/spatial_vs_postgis.sh [N] [POINTS] [RUNS]    (default 1000000 100000 3)
#   PGBENCH_SECONDS (default 20) sets each pgbench run's length.
set -euo pipefail
shopt -s inherit_errexit
N=${1:-1000000}
NPTS=${2:-100000}
RUNS=${3:-3}
KNN=$((NPTS < 20000 ? NPTS : 20000))
SECONDS_PGBENCH=${PGBENCH_SECONDS:-20}
PORT=55432
cd "$(dirname "$0")/../.."

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/postgres" ] || [ ! -d /usr/share/postgresql/15/extension ] || ! ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1; then
  echo "installing postgresql-15 and postgis" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 >/dev/null
fi

work=$(mktemp -d /tmp/diachi-postgis.XXXXXX)
chmod 755 "$work"
chown postgres "$work"
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "${PEER_PID:-}" ]; then kill "$PEER_PID" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== data: $N parcels, $NPTS points" >&2
go build -o "$work/spatialpeer" ./examples/bench/spatialpeer
go run ./testdata/gen/fabric -n "$N" -format wkt > "$work/parcels.csv"
go run ./testdata/gen/fabric -n "$N" -streets -format wkt > "$work/streets.csv"
go run ./testdata/gen/fabric -n "$N" -points "$NPTS" > "$work/points.csv"
"$work/spatialpeer" -sort "$work/points.csv" > "$work/sorted.csv"
chown postgres "$work"/*.csv

echo "== PostgreSQL" >&2
as_pg "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w start -o \
  "-p $PORT -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c work_mem=256MB -c maintenance_work_mem=2GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=2 -c jit=off" >/dev/null
psql() { as_pg /usr/bin/psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
# ms prints the time psql's \timing reported last, in milliseconds.
ms() { grep -o 'Time: [0-9.]*' | tail -1 | awk '{print $2}'; }
# timed runs one SQL statement and prints "result milliseconds".
timed() {
  local out
  out=$(psql -c '\timing on' -At -c "$1" 2>&1)
  echo "$(echo "$out" | head -1) $(echo "$out" | ms)"
}

psql -c "CREATE EXTENSION postgis"
load=$( { psql <<SQL
\timing on
CREATE UNLOGGED TABLE parcels_raw (id int, wkt text);
COPY parcels_raw FROM '$work/parcels.csv' WITH (DELIMITER ';');
CREATE UNLOGGED TABLE parcels AS SELECT id, ST_GeomFromText(wkt, 4326) AS geom FROM parcels_raw;
CREATE UNLOGGED TABLE streets_raw (id int, wkt text);
COPY streets_raw FROM '$work/streets.csv' WITH (DELIMITER ';');
CREATE UNLOGGED TABLE streets AS SELECT id, ST_GeomFromText(wkt, 4326) AS geom FROM streets_raw;
CREATE UNLOGGED TABLE pts_raw (id int, lon float8, lat float8);
COPY pts_raw FROM '$work/points.csv' WITH (DELIMITER ';');
CREATE UNLOGGED TABLE pts AS SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom FROM pts_raw;
CREATE UNIQUE INDEX ON pts (id);
SQL
} 2>&1 | grep -o 'Time: [0-9.]*' | awk '{s+=$2} END {print s}')
psql <<SQL
CREATE UNLOGGED TABLE sorted_raw (ord serial, id int, lon float8, lat float8);
COPY sorted_raw (id, lon, lat) FROM '$work/sorted.csv' WITH (DELIMITER ';');
CREATE UNLOGGED TABLE pts_sorted AS SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom FROM sorted_raw ORDER BY ord;
CREATE INDEX parcels_gist ON parcels USING gist (geom);
CREATE INDEX streets_gist ON streets USING gist (geom);
ANALYZE parcels; ANALYZE streets; ANALYZE pts; ANALYZE pts_sorted;
SQL
nparcels=$(psql -At -c "SELECT count(*) FROM parcels")

cat > "$work/single.sql" <<SQL
\set id random(0, $((NPTS - 1)))
SELECT p.id FROM pts q JOIN parcels p ON ST_Covers(p.geom, q.geom) WHERE q.id = :id;
SQL
cat > "$work/knn.sql" <<SQL
\set id random(0, $((NPTS - 1)))
SELECT s.id FROM pts q CROSS JOIN LATERAL (SELECT s.id FROM streets s ORDER BY s.geom <-> q.geom LIMIT 1) s WHERE q.id = :id;
SQL
chown postgres "$work"/*.sql
# pgbench_us runs a pgbench script and prints its average latency in µs.
pgbench_us() {
  as_pg "$pgbin/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres -M prepared -c 1 -T "$SECONDS_PGBENCH" -f "$1" postgres 2>/dev/null |
    grep -E 'latency average' | grep -o '[0-9.]* ms' | awk '{printf "%.3f", $1*1000}'
}

echo "== diachi's side: fabric, index, street tree" >&2
coproc PEER { exec "$work/spatialpeer" -n "$N" -points "$work/points.csv" -sorted "$work/sorted.csv" -knn "$KNN"; }

# peer sends a command (none: reads the set-up report) and puts the reply
# in $reply, stopping the script if diachi's side fails.
peer() {
  if [ -n "$1" ]; then echo "$1" >&"${PEER[1]}"; fi
  reply=""
  local line
  while IFS= read -r line <&"${PEER[0]}"; do
    if [ "$line" = end ]; then return 0; fi
    case "$line" in error*) echo "spatialpeer: $line" >&2; exit 1 ;; esac
    reply+="$line"$'\n'
  done
  echo "spatialpeer stopped" >&2
  exit 1
}
val() { echo "$reply" | awk -v k="diachi.$1" '$1 == k {print $2}'; }
peer ""
setup=$reply

# Each measure's values over the rounds, by name.
declare -A V
add() { V[$1]="${V[$1]:-} $2"; }
us_per() { awk -v t="$1" -v n="$2" 'BEGIN{printf "%.3f", t*1000/n}'; }

round_diachi() {
  peer round
  add d_build "$(val build_s)"
  add d_join "$(val join_us_per_point)"
  add d_sorted "$(val join_sorted_us_per_point)"
  add d_knn "$(val knn_us_per_point)"
  add d_single "$(val single_us)"
  add d_single_knn "$(val single_knn_us)"
  add d_hits "$(val join_hits)"
  add d_found "$(val knn_found)"
}
round_postgis() {
  local r
  r=$(timed "REINDEX INDEX parcels_gist"); add p_build "$(awk -v t="${r##* }" 'BEGIN{printf "%.3f", t/1000}')"
  r=$(timed "SELECT count(*) FROM pts JOIN parcels p ON ST_Covers(p.geom, pts.geom)")
  add p_hits "${r% *}"; add p_join "$(us_per "${r##* }" "$NPTS")"
  r=$(timed "SELECT count(*) FROM pts JOIN parcels p ON ST_Contains(p.geom, pts.geom)")
  add p_contains_hits "${r% *}"; add p_contains "$(us_per "${r##* }" "$NPTS")"
  r=$(timed "SELECT count(*) FROM pts_sorted q JOIN parcels p ON ST_Covers(p.geom, q.geom)")
  add p_sorted "$(us_per "${r##* }" "$NPTS")"
  r=$(timed "SELECT count(n.id) FROM (SELECT id, geom FROM pts ORDER BY id LIMIT $KNN) q CROSS JOIN LATERAL (SELECT s.id FROM streets s ORDER BY s.geom <-> q.geom LIMIT 1) n")
  add p_found "${r% *}"; add p_knn "$(us_per "${r##* }" "$KNN")"
  add p_single "$(pgbench_us "$work/single.sql")"
  add p_single_knn "$(pgbench_us "$work/knn.sql")"
}
for i in $(seq "$RUNS"); do
  echo "== round $i of $RUNS" >&2
  if (( i % 2 )); then round_diachi; round_postgis; else round_postgis; round_diachi; fi
done

# summary prints "min-max (median m)" of its arguments.
summary() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%s-%s (median %s)", a[1], a[NR], m}'; }
# ratios prints, round by round, the values of one measure over another's.
ratios() {
  paste -d' ' <(printf '%s\n' ${V[$1]}) <(printf '%s\n' ${V[$2]}) | awk '{r = $1/$2; printf (r >= 100 ? "%.0f\n" : r >= 10 ? "%.1f\n" : "%.2f\n"), r}'
}
line() { # name, diachi measure, PostGIS measure, unit, label of the ratio
  echo "$1: diachi $(summary ${V[$2]}) $4; PostGIS $(summary ${V[$3]}) $4; $5 $(summary $(ratios "$3" "$2"))"
}

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(/usr/bin/psql --version), PostGIS $(psql -At -c 'SELECT postgis_lib_version()')"
echo "data: $nparcels parcels, $NPTS points ($KNN for the nearest street), $(echo "$setup" | awk '$1 == "diachi.streets" {print $2}') streets; rounds: $RUNS, interleaved"
echo "diachi set-up: $(echo "$setup" | awk '$1 == "diachi.build_s" {b=$2} $1 == "diachi.street_tree_s" {s=$2} END {printf "parcel index %s s, street search tree %s s (built before any query)", b, s}')"
echo "PostGIS load: $(awk -v t="$load" 'BEGIN{printf "%.1f", t/1000}') s (COPY and ST_GeomFromText)"
echo "answers: diachi $(summary ${V[d_hits]}) points in a parcel; PostGIS ST_Covers $(summary ${V[p_hits]}), ST_Contains $(summary ${V[p_contains_hits]}); nearest street found: diachi $(echo ${V[d_found]}), PostGIS $(echo ${V[p_found]})"
line "build" d_build p_build s "ratio PostGIS GiST / diachi within rounds:"
line "join, file order, a point in one batch" d_join p_join µs "ratio PostGIS / diachi within rounds:"
echo "join, file order, PostGIS ST_Contains: $(summary ${V[p_contains]}) µs a point"
line "join, Hilbert order, a point in one batch" d_sorted p_sorted µs "ratio PostGIS / diachi within rounds:"
line "nearest street, a point in one batch" d_knn p_knn µs "ratio PostGIS / diachi within rounds:"
line "single lookup (PostGIS: client round trip; diachi: call in process)" d_single p_single µs "round trip / call, not like for like:"
line "single nearest street (PostGIS: client round trip; diachi: call in process)" d_single_knn p_single_knn µs "round trip / call, not like for like:"
