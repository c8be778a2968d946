#!/usr/bin/env bash
# Runs the main job on the sample town and checks with GDAL's ogrinfo that
# town.gpkg opens, that its parcels, streets and houses layers hold as
# many features as the sample has parcels, streets and buildings, and its
# buildings layer as many as the sample has footprints (its buildings but
# the planned lots, which are points), that every feature layer declares
# one geometry type, that the source attributes are typed fields, that
# GDAL's validator passes it and that a bounding-box query uses its R-tree
# spatial index. Needs
# gdal-bin (Debian); says so and stops cleanly when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v ogrinfo >/dev/null; then
  echo "ogrinfo not installed (apt-get install gdal-bin): check skipped"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go run ./examples/cmd/diachi town --out "$out" >/dev/null
count() { grep -o "\"type\":\"$2\"" "testdata/town/$1.geojson" | wc -l; }
status=0
for pair in parcels:parcels:Feature streets:streets:Feature houses:buildings:Feature buildings:buildings:Polygon; do
  layer=${pair%%:*}
  rest=${pair#*:}
  want=$(count "${rest%%:*}" "${rest#*:}")
  got=$(ogrinfo -ro -so "$out/town.gpkg" "$layer" | sed -n 's/^Feature Count: //p')
  if [ "$got" = "$want" ]; then
    echo "ogrinfo: $layer has $got features"
  else
    echo "ogrinfo: $layer has '$got' features, want $want" >&2
    status=1
  fi
done
# One geometry type per feature layer: ogrinfo names it after the layer
# ("3: houses (Point)"), and names none for a layer declared GEOMETRY;
# the tables of attributes say "None".
while read -r line; do
  case "$line" in
    [0-9]*:*"(Unknown"*|[0-9]*:*"(Geometry"*) echo "ogrinfo: $line: not one geometry type" >&2; status=1 ;;
    [0-9]*:*"("*")") echo "ogrinfo: $line" ;;
    [0-9]*:*) echo "ogrinfo: $line: no geometry type" >&2; status=1 ;;
  esac
done < <(ogrinfo -ro "$out/town.gpkg")
# The source attributes are fields of their own types (the sample's
# buildings: id text, parcel_sheet a whole number), not only JSON text.
fields=$(ogrinfo -ro -so "$out/town.gpkg" houses)
for f in "id: String" "parcel_sheet: Integer64" "group: String"; do
  if grep -q "^$f" <<<"$fields"; then
    echo "ogrinfo: houses has the source attribute $f"
  else
    echo "ogrinfo: houses lacks the source attribute field '$f'" >&2
    status=1
  fi
done
# GDAL's GeoPackage validator, where its Python bindings are installed.
if /usr/bin/python3 -c "import osgeo_utils.samples.validate_gpkg" 2>/dev/null; then
  if report=$(/usr/bin/python3 -m osgeo_utils.samples.validate_gpkg "$out/town.gpkg" 2>&1) && [ -z "$report" ]; then
    echo "validate_gpkg.py: town.gpkg passes"
  else
    echo "validate_gpkg.py: town.gpkg fails: $report" >&2
    status=1
  fi
else
  echo "validate_gpkg.py not installed (apt-get install python3-gdal): validation skipped"
fi
# A bounding-box query is answered from the R-tree spatial index.
spat=$(ogrinfo -ro -so "$out/town.gpkg" parcels -spat 606700 1188400 606800 1188500 --debug on 2>&1 || true)
if grep -q '"rtree_parcels_geom"' <<<"$spat"; then
  echo "ogrinfo: a bounding box on parcels uses rtree_parcels_geom"
else
  echo "ogrinfo: a bounding box on parcels does not use the R-tree" >&2
  status=1
fi
exit $status
