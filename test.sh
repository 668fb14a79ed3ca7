#!/usr/bin/env bash
# Runs every test of Unico. Installs what the tests need first, from Debian's packages: chromium
# for the browser tests (Playwright's own browser download is not used) and postgresql for the
# tests that run the app on PostgreSQL. A throwaway PostgreSQL cluster is started on a free
# loopback port for the run and removed after it. Then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing Debian's ${missing[*]} for the tests" >&2
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The throwaway cluster: trust authentication on 127.0.0.1 only, no fsync (it is thrown away).
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/unico-test-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres account the package made.
    chown postgres "$PG_DIR"
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi
stop_postgres() {
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U unico -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
started=""
for _ in 1 2 3 4 5 6 7 8; do
    PG_PORT=$((20000 + RANDOM % 30000))
    if "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
        start >/dev/null; then
        started=1
        break
    fi
done
if [ -z "$started" ]; then cat "$PG_DIR/server.log" >&2; echo "test.sh: PostgreSQL did not start" >&2; exit 1; fi
export UNICO_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=unico;Database=postgres"
echo "test.sh: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT for the tests" >&2

# -m:1: one test assembly at a time (the web tests start the app and run searches on the two cores).
# Benchmarks (Category=Benchmark) measure speed; they are run on purpose, not by the test suite.
dotnet test Unico.sln -c Release -m:1 --filter "Category!=Benchmark" "$@"
