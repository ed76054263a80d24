#!/usr/bin/env bash
# Vendor the dashboard's third-party JS/CSS from npm (pinned in web/package-lock.json)
# into src/parley/api/static/vendor/. Runs at build time only: the served pages load
# nothing from the internet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$root/src/parley/api/static/vendor"
nm="$here/node_modules"
stamp="$nm/.parley-lock.sha256"

lock_hash() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$here/package-lock.json" | cut -d' ' -f1
    else
        shasum -a 256 "$here/package-lock.json" | cut -d' ' -f1
    fi
}

command -v npm >/dev/null 2>&1 || { echo "web/build.sh: npm is required (Node.js >= 18)" >&2; exit 1; }

want="$(lock_hash)"
if [[ ! -d "$nm" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    # --ignore-scripts: no package needs an install script (swagger-ui-dist's telemetry
    # dependency would otherwise try to phone home).
    (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts)
    echo "$want" >"$stamp"
fi

rm -rf "$out"
mkdir -p "$out/images" "$out/licenses"

cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$out/"
cp "$nm/leaflet/dist/images/"*.png "$out/images/"
cp "$nm/d3/dist/d3.min.js" "$out/"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$out/"
cp "$nm/world-atlas/countries-110m.json" "$out/"
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui.css" "$out/"
cp "$nm/swagger-ui-dist/favicon-32x32.png" "$out/favicon.png"

# Fonts for every script the dashboard shows (Latin, Cyrillic, Greek; Chinese; Arabic):
# Debian's chromium has no CJK or Arabic font of its own, and names printed as empty
# boxes are no names. Only the regular weight, only woff2 (every browser that runs the
# dashboard reads it); each script's files load only when a page holds its characters
# (the CSS's unicode-range), so a Latin-only page fetches no Chinese font.
for pkg in noto-sans noto-sans-sc noto-sans-arabic; do
    mkdir -p "$out/fonts/$pkg/files"
    cp "$nm/@fontsource/$pkg/files/"*-400-normal.woff2 "$out/fonts/$pkg/files/"
    sed -e "s#, url(./files/[^)]*\.woff) format('woff')##g" "$nm/@fontsource/$pkg/400.css" \
        >"$out/fonts/$pkg/400.css"
    cp "$nm/@fontsource/$pkg/LICENSE" "$out/licenses/fontsource-$pkg-LICENSE"
done

for pkg in leaflet d3 topojson-client world-atlas swagger-ui-dist; do
    for f in LICENSE LICENSE.md LICENSE.txt; do
        if [[ -f "$nm/$pkg/$f" ]]; then cp "$nm/$pkg/$f" "$out/licenses/$pkg-LICENSE"; break; fi
    done
done

# The source-map comments would make browsers request .map files that are not vendored.
sed -i.bak -e '/^\/\/# sourceMappingURL=/d' "$out/swagger-ui-bundle.js" "$out/leaflet.js" && rm -f "$out"/*.bak
sed -i.bak -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$out/swagger-ui.css" && rm -f "$out"/*.bak

echo "web/build.sh: vendored $(ls "$out" | wc -l | tr -d ' ') entries into ${out#"$root"/}"
