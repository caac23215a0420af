#!/usr/bin/env bash
# Re-vendors the console's third-party web assets from npm and checks them against the hashes
# committed in internal/console/static/vendor/vendor.sha256. Run by hand when bumping a version
# (then update the versions below, the file names in the templates and vendor.sha256); CI never
# runs it, so builds need neither npm nor the network.
#
# npm pack downloads the package tarball only: it runs no install scripts and writes no
# node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

HTMX=2.0.11
PICO=2.1.1
dest=internal/console/static/vendor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack "htmx.org@$HTMX" "@picocss/pico@$PICO" --pack-destination "$tmp" --loglevel=warn >/dev/null

mkdir -p "$tmp/htmx" "$tmp/pico"
tar -xzf "$tmp/htmx.org-$HTMX.tgz" -C "$tmp/htmx" package/dist/htmx.min.js package/LICENSE
tar -xzf "$tmp/picocss-pico-$PICO.tgz" -C "$tmp/pico" package/css/pico.min.css package/LICENSE.md

cp "$tmp/htmx/package/dist/htmx.min.js" "$dest/htmx-$HTMX.min.js"
cp "$tmp/htmx/package/LICENSE" "$dest/htmx-$HTMX.LICENSE"
cp "$tmp/pico/package/css/pico.min.css" "$dest/pico-$PICO.min.css"
cp "$tmp/pico/package/LICENSE.md" "$dest/pico-$PICO.LICENSE.md"

(cd "$dest" && sha256sum -c vendor.sha256)
echo "vendor-web.sh: htmx $HTMX and pico $PICO match vendor.sha256"
