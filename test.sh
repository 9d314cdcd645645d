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
for run in tests/Ash.Core.Tests:sqlite tests/Ash.Storage.Tests:sqlite tests/Ash.Dapr.Tests:sqlite tests/Ash.Server.Tests:sqlite tests/Ash.Server.Tests:postgres; do
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

# ---- Python SDK (sdk/python) ---------------------------------------------------------------------------------------
# Its dependencies come from Debian (PyPI is not reachable here); its tests start their own server and fake model
# from the Release build above. Debian's interpreter on purpose: another python3 on PATH would not see them.
python_sdk_tests() {
  local package need=() log summary p f e
  for package in python3-httpx python3-pytest python3-pytest-asyncio python3-pytest-timeout python3-setuptools python3-wheel mypy; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
  done
  if (( ${#need[@]} > 0 )); then
    if [[ $(id -u) -ne 0 ]]; then
      echo "[test] sdk/python needs ${need[*]}: run as root or apt-get install them" >&2
      status=1
      return
    fi
    echo "[test] installing ${need[*]} from Debian" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
  echo "[test] sdk/python" >&2
  log="$(mktemp)"
  if ! PYTHONPATH="$ROOT/sdk/python/src" /usr/bin/python3 -m pytest "$ROOT/sdk/python/tests" 2>&1 | tee "$log"; then
    status=1
  fi
  summary="$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$log" | tail -n 1 || true)"
  rm -f "$log"
  if [[ -z "$summary" ]]; then
    echo "[test] sdk/python produced no test summary" >&2
    status=1
    return
  fi
  p="$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)"
  f="$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)"
  e="$(grep -oE '[0-9]+ errors?' <<<"$summary" | grep -oE '[0-9]+' || echo 0)"
  passed=$((passed + p))
  failed=$((failed + f + e))
}
python_sdk_tests
# ---- end of Python SDK ---------------------------------------------------------------------------------------------

echo "$passed passed, $failed failed"
if (( failed > 0 || passed == 0 )); then
  status=1
fi
exit "$status"
