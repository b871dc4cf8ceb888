#!/usr/bin/env bash
# Runs every test of the solution and ends with one line "N passed, N failed, N skipped".
# On a fresh Debian machine, run as root: it first installs the Debian packages the tests use
# (GDAL, QGIS, Jupyter with geopandas, Chromium for the map page test, PostgreSQL for the cluster tests) when any is
# missing. The exact solver (Google.OrTools) comes with its NuGet package. The cluster tests get a PostgreSQL of their
# own (tools/cluster/setup-postgres.sh: a folder under /tmp, a free port on 127.0.0.1, run by the postgres user),
# removed at the end.
set -uo pipefail
cd "$(dirname "$0")/.."

packages=(gdal-bin qgis python3-geopandas python3-requests python3-matplotlib
          jupyter-nbconvert python3-nbclient python3-ipykernel chromium postgresql)
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

# PostgreSQL for the cluster tests (they say why they skip without it, except in CI, where they fail).
pg_dir="/tmp/partitioner-test-postgres-$$"
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  trap 'bash tools/cluster/setup-postgres.sh remove --dir "$pg_dir"' EXIT
  if pg_connection=$(bash tools/cluster/setup-postgres.sh start --dir "$pg_dir" --port "$pg_port"); then
    # The tests create a database each: connect to the server's maintenance database as the partitioner role.
    export PARTITIONER_TEST_POSTGRES="${pg_connection/Database=partitioner/Database=postgres}"
    echo "PostgreSQL for the cluster tests on 127.0.0.1:$pg_port"
  else
    echo "PostgreSQL could not be started for the cluster tests (see $pg_dir/server.log)."
  fi
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
if [ $failed -gt 0 ]; then
  # The failures again at the end, where a log's tail shows them: test name and the first lines of its message.
  echo "== Failed tests"
  python3 tools/failed-tests.py "$results" || grep -ho 'testName="[^"]*" [^>]*outcome="Failed"' "$results"/*.trx
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
