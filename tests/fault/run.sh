#!/usr/bin/env bash
# The fault test at full size, on demand: at least 1,000 problems on the bundled model with two
# workers, KILLS of them killed with SIGKILL and restarted at progress points (each time another
# 1/(KILLS+1) of the problems before the PostgreSQL restart has finished, so the number of kills does
# not depend on the machine's speed), then PostgreSQL restarted once and RabbitMQ once; then the
# store is audited and compared with a fault-free run of the
# same problems and seed. It starts its own PostgreSQL and RabbitMQ on loopback (tests/services.sh,
# in a state folder of its own) and stops them; the figures go to benchmarks/results/faults.md.
# The suite runs the same test reduced (240 problems, 3 kills, application-level broker restart).
#
#   bash tests/fault/run.sh                    # 1,000 problems, 20 kills in the first 60 %, PostgreSQL restarted at 60 %, the whole RabbitMQ node at 80 %
#   PROBLEMS=2000 KILLS=40 DATABASE_RESTART_PERCENT=50 BROKER_RESTART_PERCENT=70 bash tests/fault/run.sh
#   TARGET_VERIFIED=2 BUDGET=16 bash tests/fault/run.sh    # both runs under the adaptive harvest policy
#
# Bounded: each of the two runs must finish within RUN_MINUTES (default 30), or the test fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ ! -f models/tiny-reasoner/config.json ]]; then
  echo "models/tiny-reasoner is missing: the fault test runs the bundled model" >&2
  exit 2
fi

dotnet build tests/DataFactory.IntegrationTests -c Release

export DATAFACTORY_FAULT_PROBLEMS="${PROBLEMS:-1000}"
export DATAFACTORY_FAULT_WORKERS="${WORKERS:-2}"
export DATAFACTORY_FAULT_KILLS="${KILLS:-20}"
export DATAFACTORY_FAULT_DATABASE_RESTART_PERCENT="${DATABASE_RESTART_PERCENT:-60}"
export DATAFACTORY_FAULT_BROKER_RESTART_PERCENT="${BROKER_RESTART_PERCENT:-80}"
export DATAFACTORY_FAULT_BROKER_RESTART="${BROKER_RESTART:-node}"
export DATAFACTORY_FAULT_RUN_MINUTES="${RUN_MINUTES:-30}"
# Adaptive harvest for both runs (run --target-verified / --budget); unset: flat best-of-n, 4 samples.
export DATAFACTORY_FAULT_TARGET_VERIFIED="${TARGET_VERIFIED:-}"
export DATAFACTORY_FAULT_BUDGET="${BUDGET:-}"
export DATAFACTORY_FAULT_REPORT="$PWD/benchmarks/results/faults.md"

started="$(mktemp)"
# The test's progress lines, followed live (dotnet test shows a test's own output only at its end).
export DATAFACTORY_FAULT_PROGRESS="$(mktemp)"
tail -n +1 -f "$DATAFACTORY_FAULT_PROGRESS" &
follower=$!
trap 'kill "$follower" 2>/dev/null; rm -f "$started" "$DATAFACTORY_FAULT_PROGRESS"' EXIT
status=0
dotnet test tests/DataFactory.IntegrationTests -c Release --no-build \
  --filter "FullyQualifiedName~DataFactory.IntegrationTests.Faults.FaultTests" \
  --logger "console;verbosity=detailed" || status=$?
if [[ "$DATAFACTORY_FAULT_REPORT" -nt "$started" ]]; then
  cat "$DATAFACTORY_FAULT_REPORT"
else
  echo "no new report: the test stopped before its figures (see its output above)" >&2
fi
exit "$status"
