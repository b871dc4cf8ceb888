#!/usr/bin/env bash
# Refreshes the map library the map page uses (src/Partitioner.Api/wwwroot/lib/leaflet) from the npm registry.
# The files are committed, so a clean clone builds and the page works offline; run this only to change the version,
# then commit the result. npm checks the package's integrity (sha512) against the registry.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1.9.4}"
target=src/Partitioner.Api/wwwroot/lib/leaflet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$version" >/dev/null && tar xzf "leaflet-$version.tgz")
rm -rf "$target"
mkdir -p "$target/images"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$target/"
cp "$work/package/dist/images/"*.png "$target/images/"
cp "$work/package/LICENSE" "$target/LICENSE.txt"
echo "Leaflet $version copied to $target:"
sha256sum "$target/leaflet.js" "$target/leaflet.css"
