#!/usr/bin/env bash
# The demo's table as a results file: `datafactory demo` with the arguments given (default: every
# problem of the bundled example sets, `--problems 0`), written with the date, commit, machine, load
# and conditions to benchmarks/results/demo.md, or to RESULTS when set. The README's pass rates and
# flawed counts come from these files.
#
#   bash benchmarks/demo.sh                                                          # --problems 0: 200 problems per family
#   RESULTS=benchmarks/results/demo-quick.md bash benchmarks/demo.sh --problems 12   # the quick-start size
#   DataFactory__Model__Variant=model_gqa RESULTS=benchmarks/results/demo-quick-gqa.md bash benchmarks/demo.sh --problems 12
#                                                          # the same on the shared-cache graph onnx/model_gqa.onnx
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--problems 0)
dotnet build src/DataFactory.Cli -c Release -v quiet -nologo >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src models || echo ' with uncommitted changes')"
dotnet src/DataFactory.Cli/bin/Release/net10.0/datafactory.dll demo --out "$out" "${args[@]}" | tee "$out/table.txt"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Demo"
  echo
  echo "Command: \`datafactory demo ${args[*]}\` (\`bash benchmarks/demo.sh ${args[*]}\`), started $started, commit $commit."
  echo "Machine: $(nproc) logical cores, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version); load average $load_before before, $load_after after (other work may share the machine: tokens/s follow the load, the other columns do not)."
  echo "Conditions: embedded mode (SQLite, in-memory transport), the bundled model \`models/tiny-reasoner\`${DataFactory__Model__Variant:+ (its graph \`onnx/$DataFactory__Model__Variant.onnx\`, \`DataFactory__Model__Variant=$DataFactory__Model__Variant\`)} on CPU, default sampling (16 candidates, temperature 0.8, at most 384 new tokens, seed 1234) unless the command says otherwise; step checks on, flawed traces not stored."
  echo
  echo '```'
  cat "$out/table.txt"
  echo '```'
  echo
  echo "SHA-256 of the traces file: $(sha256sum "$out/traces.jsonl" | cut -d' ' -f1)."
} > "${RESULTS:-benchmarks/results/demo.md}"
echo "wrote ${RESULTS:-benchmarks/results/demo.md}" >&2
