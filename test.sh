#!/usr/bin/env bash
# Runs every test of Unico. Installs what the tests need first (nothing beyond the .NET 10 SDK yet;
# browser tests will add Debian's chromium here), then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Unico.sln -c Release "$@"
