#!/usr/bin/env bash
# Runs every test of GridGov.Sdk on a fresh Debian machine with the .NET SDK.
# It first installs what the tests need (Debian packages, as root), then runs `dotnet test` over the
# solution and ends with one line of totals over all test projects: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need. Each later capability adds its own here (PostgreSQL, Graphviz…).
APT_PACKAGES=(graphviz postgresql chromium fonts-wqy-zenhei)   # graphviz renders the lifecycle's DOT export; postgresql: the PostgreSQL store's tests start a throwaway server; chromium (+ a CJK font for its screenshots): the web sample's end-to-end test

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing Debian packages: ${missing[*]} (run as root, or install them first)" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is not on PATH" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(pwd)/TestResults"
rm -rf "$results"

set +e
dotnet test GridGov.Sdk.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

# Totals over every test project, read from the TRX files the run wrote.
passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ ${#trx_files[@]} -eq 0 ] && [ $status -eq 0 ]; then
  echo "test.sh: no test results were written" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
