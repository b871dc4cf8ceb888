#!/usr/bin/env bash
# Runs every test of the solution and ends with one line "N passed, N failed, N skipped".
# On a fresh Debian machine, run as root: it first installs the Debian packages the tests use
# (GDAL, QGIS, Jupyter with geopandas, Chromium for the map page test) when any is missing. The exact solver
# (Google.OrTools) comes with its NuGet package.
set -uo pipefail
cd "$(dirname "$0")/.."

packages=(gdal-bin qgis python3-geopandas python3-requests python3-matplotlib
          jupyter-nbconvert python3-nbclient python3-ipykernel chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages the tests need: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "Missing Debian packages: ${missing[*]} (run this script as root, or: sudo apt-get install -y --no-install-recommends ${missing[*]})"
  fi
fi

results="$(pwd)/TestResults"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Partitioner.sln -c Release -nologo -v:q; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in $(find tests -name '*.Tests.csproj' | sort); do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1
  [ -f "$results/$name.trx" ] || { echo "$name produced no results (the test host crashed?)"; status=1; }
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
