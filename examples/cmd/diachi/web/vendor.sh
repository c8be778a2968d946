#!/usr/bin/env bash
# Puts the map library the web page uses, Leaflet, in web/static/vendor/leaflet
# from its npm package at a pinned version, checked against the package's
# published integrity before anything is unpacked. The files it writes are
# committed; run it again only to change the version (and the hash below).
set -euo pipefail
cd "$(dirname "$0")"

VERSION=1.9.4
INTEGRITY=sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "leaflet@$VERSION" >/dev/null)
tgz="$tmp/leaflet-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
  echo "leaflet-$VERSION.tgz: integrity $got, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp"
dst=static/vendor/leaflet
rm -rf "$dst"
mkdir -p "$dst/images"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$tmp/package/LICENSE" "$dst/"
cp "$tmp/package/dist/images/"*.png "$dst/images/"
echo "leaflet $VERSION -> $dst"
