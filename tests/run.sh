#!/usr/bin/env bash
# The whole test suite: builds the solution, starts throwaway PostgreSQL and RabbitMQ on loopback
# (tests/services.sh installs them, and bubblewrap and python3 for the code sandbox, from Debian
# packages when missing), runs every test project and stops the services it started, whatever the
# outcome. The last line is "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(mktemp -d)"
cleanup() { rm -rf "$results"; }
trap cleanup EXIT

dotnet build DataFactory.sln -c Release
# Services someone started before are reused and left running; those started here are stopped.
if ! bash tests/services.sh env >/dev/null 2>&1; then
  trap 'bash tests/services.sh stop; cleanup' EXIT
fi
# shellcheck source=tests/services.sh
source tests/services.sh start

status=0
dotnet test DataFactory.sln -c Release --no-build \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" || status=$?

passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  t=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  total=$((total + t)) passed=$((passed + p)) failed=$((failed + f))
done
skipped=$((total - passed - failed))
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
