#!/usr/bin/env bash
# The whole test suite: builds the solution, starts throwaway PostgreSQL and RabbitMQ on loopback
# (tests/services.sh installs them from Debian packages when missing), runs every test project and
# stops the services it started, whatever the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build DataFactory.sln -c Release
# Services someone started before are reused and left running; those started here are stopped.
if ! bash tests/services.sh env >/dev/null 2>&1; then
  trap 'bash tests/services.sh stop' EXIT
fi
# shellcheck source=tests/services.sh
source tests/services.sh start
dotnet test DataFactory.sln -c Release --no-build --logger "console;verbosity=normal"
