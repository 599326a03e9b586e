#!/usr/bin/env bash
# The whole test suite: builds the solution and runs every test project.
# Later stages install and start PostgreSQL and RabbitMQ on loopback here.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build DataFactory.sln -c Release
dotnet test DataFactory.sln -c Release --no-build --logger "console;verbosity=normal"
