#!/usr/bin/env bash
# Installs what is missing (bubblewrap, socat, PostgreSQL, the pinned Claude Code CLI), builds, runs
# every test: unit, storage conformance (SQLite and a throwaway PostgreSQL), and the integration
# suite twice, once against each store.
# Ends with one line "N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

ASH_CLAUDE_PATH="$(scripts/install-deps.sh --with-postgres | tail -n 1)"
export ASH_CLAUDE_PATH
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "[test] building" >&2
dotnet build Ash.sln -c Release -v q --nologo

passed=0
failed=0
status=0
# project:database (the database only matters to the integration suite)
for run in tests/Ash.Core.Tests:sqlite tests/Ash.Storage.Tests:sqlite tests/Ash.Dapr.Tests:sqlite tests/Ash.Cli.Tests:sqlite tests/Ash.Server.Tests:sqlite tests/Ash.Server.Tests:postgres; do
  project="${run%%:*}"
  database="${run##*:}"
  echo "[test] $project ($database)" >&2
  log="$(mktemp)"
  if ! ASH_TEST_DATABASE="$database" dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"; then
    status=1
  fi
  summary="$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -n 1 || true)"
  if [[ -z "$summary" ]]; then
    echo "[test] $project produced no test summary" >&2
    status=1
  else
    p="$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")"
    f="$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")"
    passed=$((passed + p))
    failed=$((failed + f))
  fi
  rm -f "$log"
done

echo "$passed passed, $failed failed"
if (( failed > 0 || passed == 0 )); then
  status=1
fi
exit "$status"
