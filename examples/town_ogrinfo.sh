#!/usr/bin/env bash
# Runs the main job on the sample town and checks with GDAL's ogrinfo that
# town.gpkg opens and that its parcels, streets and houses layers hold as
# many features as the sample has parcels, streets and buildings. Needs
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
count() { grep -o '"type":"Feature"' "testdata/town/$1.geojson" | wc -l; }
status=0
for pair in parcels:parcels streets:streets houses:buildings; do
  layer=${pair%%:*}
  want=$(count "${pair##*:}")
  got=$(ogrinfo -ro -so "$out/town.gpkg" "$layer" | sed -n 's/^Feature Count: //p')
  if [ "$got" = "$want" ]; then
    echo "ogrinfo: $layer has $got features"
  else
    echo "ogrinfo: $layer has '$got' features, want $want" >&2
    status=1
  fi
done
exit $status
