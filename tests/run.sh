#!/usr/bin/env bash
# The whole test suite: builds the solution, starts throwaway PostgreSQL and RabbitMQ on loopback
# (tests/services.sh installs them, and bubblewrap and python3 for the code sandbox, from Debian
# packages when missing), runs every test project and stops the services it started, whatever the
# outcome. It also restores and compiles the GPU flavour (-p:OnnxRuntimeFlavor=Gpu; no GPU needed) into
# a folder of its own, so the CPU build the tests use is untouched. A test that runs longer than
# TEST_HANG_TIMEOUT (default 15m) is a hang: its test host is stopped and the test is named. The last
# line is "Tests: N passed, N failed, N skipped", with ", N errors" when a test ended in error, was
# aborted or timed out, or a test project left no results (its test host crashed); errors fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(mktemp -d)"
cleanup() { rm -rf "$results"; }
trap cleanup EXIT

dotnet build DataFactory.sln -c Release
# DuckDB (npm @duckdb/node-api, binaries inside the package) writes and reads the Parquet files of the
# import and export tests: a tool independent of this project.
(cd tests/duckdb && npm ci --no-audit --no-fund)
# The GPU flavour (CUDA ONNX Runtime, as deploy/docker/worker-gpu.Dockerfile builds it): restore and
# compile only, into its own artifacts folder.
dotnet build src/DataFactory.Cli/DataFactory.Cli.csproj -c Release -p:OnnxRuntimeFlavor=Gpu \
  --artifacts-path "$results/gpu-build" -v:q -nologo
# Services someone started before are reused and left running; those started here are stopped.
if ! bash tests/services.sh env >/dev/null 2>&1; then
  trap 'bash tests/services.sh stop; cleanup' EXIT
fi
# shellcheck source=tests/services.sh
source tests/services.sh start

status=0
# A hang fails with the test's name instead of eating CI's time; no dump (it needs tools the machine may lack).
dotnet test DataFactory.sln -c Release --no-build \
  --blame-hang-timeout "${TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" || status=$?

counter() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$2"; }
passed=0 failed=0 skipped=0 errors=0 total=0 reports=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  t=$(counter total "$counters") p=$(counter passed "$counters") f=$(counter failed "$counters")
  # A skipped test is a result with outcome NotExecuted (the Counters' notExecuted stays 0 for xUnit skips).
  s=$({ grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" || true; } | wc -l)
  # Every other outcome (error, timeout, aborted, inconclusive, ...) is an error, not a skip.
  e=$((t - p - f - s))
  total=$((total + t)) passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s)) errors=$((errors + e))
  # A test host that crashed, or was stopped by the hang timeout, leaves a run-level error (the console
  # output above names the test that was running).
  # (xUnit also reports each failed test as a run-level error; those are failures, counted above.)
  outcome=$(grep -o '<ResultSummary outcome="[A-Za-z]*"' "$trx" | sed -E 's/.*"(.*)"/\1/')
  reason=$({ grep -A2 '<RunInfo [^>]*outcome="Error"' "$trx" || true; } | sed -nE 's/.*<Text>([^<]*).*/\1/p' \
    | { grep -iE 'run was aborted|host process' || true; } | head -n 1)
  if [ -n "$reason" ] || [[ "$outcome" == "Aborted" || "$outcome" == "Error" ]]; then
    echo "error: $(basename "$trx"): ${reason:-test run $outcome}" >&2
    errors=$((errors + 1))
  fi
done
# The blame collector keeps, for a host that crashed or hung, the tests it ran: name the unfinished ones.
for sequence in "$results"/*/Sequence_*.xml; do
  [ -f "$sequence" ] || continue
  sed -nE 's/.*<Test Name="([^"]*)".*Completed="False".*/error: did not finish (crashed or hung): \1/p' "$sequence" >&2
done
# Every test project must leave a report: a test host that crashed may have written none.
projects=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
if [ "$reports" -lt "$projects" ]; then
  echo "error: $((projects - reports)) of $projects test projects left no results (a test host crashed or never started)" >&2
  errors=$((errors + projects - reports))
fi
summary="Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$errors" -eq 0 ] || summary+=", ${errors} errors"
echo "$summary"
if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
if [ "$errors" -gt 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
exit "$status"
