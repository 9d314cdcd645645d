#!/usr/bin/env bash
# Installs what is missing (bubblewrap, socat, the pinned Claude Code CLI), builds, runs every test.
# Ends with one line "N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

ASH_CLAUDE_PATH="$(scripts/install-deps.sh | tail -n 1)"
export ASH_CLAUDE_PATH
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "[test] building" >&2
dotnet build Ash.sln -c Release -v q --nologo

passed=0
failed=0
status=0
for project in tests/Ash.Core.Tests tests/Ash.Server.Tests; do
  echo "[test] $project" >&2
  log="$(mktemp)"
  if ! dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"; then
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
