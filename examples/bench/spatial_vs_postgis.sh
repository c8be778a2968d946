#!/usr/bin/env bash
# Spatial joins: diachi's geo/index against PostgreSQL/PostGIS on the same
# synthetic fabric and the same query points, in one run on this machine.
#
# It installs PostgreSQL 15 and PostGIS from Debian if they are missing,
# starts a throwaway cluster on 127.0.0.1, loads N parcels and the street
# centrelines, builds GiST indexes, and times: a batch point-in-parcel join
# (ST_Covers and ST_Contains), single lookups through pgbench (one client,
# a query per point, as an application would ask), and a KNN nearest street
# per point; then runs examples/bench/spatialpeer on the same data.
#
#   bash examples/bench/spatial_vs_postgis.sh [N] [POINTS]    (default 1000000 100000)
set -euo pipefail
N=${1:-1000000}
NPTS=${2:-100000}
KNN=20000
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
  rm -rf "$work"
}
trap cleanup EXIT

echo "== data: $N parcels, $NPTS points" >&2
go run ./testdata/gen/fabric -n "$N" -format wkt > "$work/parcels.csv"
go run ./testdata/gen/fabric -n "$N" -streets -format wkt > "$work/streets.csv"
go run ./testdata/gen/fabric -n "$N" -points "$NPTS" > "$work/points.csv"
chown postgres "$work"/*.csv

echo "== PostgreSQL" >&2
as_pg "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w start -o \
  "-p $PORT -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c work_mem=256MB -c maintenance_work_mem=2GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=2 -c jit=off" >/dev/null
psql() { as_pg /usr/bin/psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
ms() { grep -o 'Time: [0-9.]*' | tail -1 | awk '{print $2}'; }

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
gist=$(psql -c '\timing on' -c "CREATE INDEX parcels_gist ON parcels USING gist (geom)" 2>&1 | ms)
psql -c "CREATE INDEX streets_gist ON streets USING gist (geom)" -c "ANALYZE parcels" -c "ANALYZE streets" -c "ANALYZE pts"
nparcels=$(psql -At -c "SELECT count(*) FROM parcels")

covers_out=$(psql -c '\timing on' -At -c "SELECT count(*) FROM pts JOIN parcels p ON ST_Covers(p.geom, pts.geom)" 2>&1)
covers_hits=$(echo "$covers_out" | head -1); covers_ms=$(echo "$covers_out" | ms)
contains_out=$(psql -c '\timing on' -At -c "SELECT count(*) FROM pts JOIN parcels p ON ST_Contains(p.geom, pts.geom)" 2>&1)
contains_hits=$(echo "$contains_out" | head -1); contains_ms=$(echo "$contains_out" | ms)
knn_out=$(psql -c '\timing on' -At -c "SELECT count(*) FROM (SELECT id, geom FROM pts ORDER BY id LIMIT $KNN) q CROSS JOIN LATERAL (SELECT s.id FROM streets s ORDER BY s.geom <-> q.geom LIMIT 1) n" 2>&1)
knn_ms=$(echo "$knn_out" | ms)

cat > "$work/single.sql" <<SQL
\set id random(0, $((NPTS - 1)))
SELECT p.id FROM pts q JOIN parcels p ON ST_Covers(p.geom, q.geom) WHERE q.id = :id;
SQL
cat > "$work/knn.sql" <<SQL
\set id random(0, $((NPTS - 1)))
SELECT s.id FROM pts q CROSS JOIN LATERAL (SELECT s.id FROM streets s ORDER BY s.geom <-> q.geom LIMIT 1) s WHERE q.id = :id;
SQL
chown postgres "$work"/*.sql
single=$(as_pg /usr/lib/postgresql/15/bin/pgbench -n -h 127.0.0.1 -p "$PORT" -U postgres -M prepared -c 1 -T "$SECONDS_PGBENCH" -f "$work/single.sql" postgres 2>/dev/null | grep -E 'latency average' | grep -o '[0-9.]* ms' | awk '{print $1}')
single_knn=$(as_pg /usr/lib/postgresql/15/bin/pgbench -n -h 127.0.0.1 -p "$PORT" -U postgres -M prepared -c 1 -T "$SECONDS_PGBENCH" -f "$work/knn.sql" postgres 2>/dev/null | grep -E 'latency average' | grep -o '[0-9.]* ms' | awk '{print $1}')

echo "== diachi" >&2
ours=$(go run ./examples/bench/spatialpeer -n "$N" -points "$work/points.csv" -knn "$KNN")
val() { echo "$ours" | awk -v k="$1" '$1 == k {print $2}'; }

per_us() { awk -v t="$1" -v n="$2" 'BEGIN{printf "%.3f", t*1000/n}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", a/b}'; }
pg_join=$(per_us "$covers_ms" "$NPTS")
pg_contains=$(per_us "$contains_ms" "$NPTS")
pg_knn=$(per_us "$knn_ms" "$KNN")
pg_single_us=$(awk -v m="$single" 'BEGIN{printf "%.3f", m*1000}')
pg_single_knn_us=$(awk -v m="$single_knn" 'BEGIN{printf "%.3f", m*1000}')
d_join=$(val diachi.join_us_per_point)
d_sorted=$(val diachi.join_sorted_us_per_point)
d_knn=$(val diachi.knn_us_per_point)

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(/usr/bin/psql --version), PostGIS $(psql -At -c 'SELECT postgis_lib_version()')"
echo "data: $nparcels parcels, $NPTS points, $(val diachi.knn_streets) streets"
echo "$ours"
echo "postgis.load_s $(awk -v t="$load" 'BEGIN{printf "%.1f", t/1000}') (COPY and ST_GeomFromText)"
echo "postgis.gist_s $(awk -v t="$gist" 'BEGIN{printf "%.1f", t/1000}')"
echo "postgis.covers_hits $covers_hits, contains_hits $contains_hits"
echo "postgis.join_covers_us_per_point $pg_join"
echo "postgis.join_contains_us_per_point $pg_contains"
echo "postgis.single_covers_us $pg_single_us (pgbench, prepared, 1 client, ${SECONDS_PGBENCH}s)"
echo "postgis.knn_us_per_point $pg_knn"
echo "postgis.single_knn_us $pg_single_knn_us"
echo "ratio.build (postgis GiST / diachi) $(ratio "$(awk -v t="$gist" 'BEGIN{print t/1000}')" "$(val diachi.build_s)")"
echo "ratio.join (ST_Covers batch / diachi, file order) $(ratio "$pg_join" "$d_join")"
echo "ratio.join_sorted (ST_Covers batch / diachi, sorted) $(ratio "$pg_join" "$d_sorted")"
echo "ratio.single (pgbench ST_Covers / diachi) $(ratio "$pg_single_us" "$d_join")"
echo "ratio.knn (batch KNN / diachi) $(ratio "$pg_knn" "$d_knn")"
echo "ratio.single_knn (pgbench KNN / diachi) $(ratio "$pg_single_knn_us" "$d_knn")"
