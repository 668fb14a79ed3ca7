#!/usr/bin/env bash
# Runs every test of Unico. Installs what the tests need first: the browser tests drive Debian's
# chromium (Playwright's own browser download is not used), so it is installed when missing.
# Then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: installing Debian's chromium for the browser tests" >&2
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

# -m:1: one test assembly at a time (the web tests start the app and run searches on the two cores).
# Benchmarks (Category=Benchmark) measure speed; they are run on purpose, not by the test suite.
dotnet test Unico.sln -c Release -m:1 --filter "Category!=Benchmark" "$@"
