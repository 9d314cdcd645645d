#!/usr/bin/env bash
# Installs what is missing (bubblewrap, socat, PostgreSQL, the pinned Claude Code CLI), builds, runs
# every test: unit, storage conformance (SQLite and a throwaway PostgreSQL), and the integration
# suite twice, once against each store; then the TypeScript and Python SDKs' tests against the built server, and
# every command of README.md (tests/readme/check.py).
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
# Adds one test run's counts to the totals: its summary as the runner printed it (none fails the whole run), then
# the numbers of tests passed and failed read from it (a count the summary leaves out is 0).
count_run() {
  local name="$1" summary="$2"
  if [[ -z "$summary" ]]; then
    echo "[test] $name produced no test summary" >&2
    status=1
    return
  fi
  passed=$((passed + ${3:-0}))
  failed=$((failed + ${4:-0}))
}
# project:database (the database only matters to the integration suite)
for run in tests/Ash.Core.Tests:sqlite tests/Ash.Sandbox.Tests:sqlite tests/Ash.Storage.Tests:sqlite tests/Ash.Dapr.Tests:sqlite tests/Ash.Cli.Tests:sqlite tests/Ash.Client.Tests:sqlite tests/Ash.Server.Tests:sqlite tests/Ash.Server.Tests:postgres; do
  project="${run%%:*}"
  database="${run##*:}"
  echo "[test] $project ($database)" >&2
  log="$(mktemp)"
  if ! ASH_TEST_DATABASE="$database" dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"; then
    status=1
  fi
  summary="$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -n 1 || true)"
  rm -f "$log"
  count_run "$project" "$summary" "$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")" "$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")"
done

# ---- TypeScript SDK (sdk/typescript) -------------------------------------------------------------------------------
# npm ci, no runtime dependency, the generated types equal to what docs/openapi.json gives (the SDK fails when
# the contract moves), tsc, then node's test runner: its tests start the Release server and the fake model
# built above. Adds the runner's counts to passed/failed.
run_typescript_sdk() {
  local sdk="$ROOT/sdk/typescript" tap rc summary
  echo "[test] sdk/typescript" >&2
  if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
    echo "[test] sdk/typescript needs Node 20 or later" >&2
    return 1
  fi

  tap="$(mktemp)"
  (
    cd "$sdk" \
      && npm ci --no-audit --no-fund --loglevel=error \
      && node -e 'const d = Object.keys(require("./package.json").dependencies ?? {}); if (d.length) { console.error("runtime dependencies: " + d); process.exit(1); }' \
      && { npm run --silent check:contract || { echo "[test] sdk/typescript: src/generated/openapi.ts differs from what docs/openapi.json gives; run 'npm run generate' there" >&2; false; }; } \
      && npm run --silent build \
      && npm run --silent build:test \
      && node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" dist-test/*.test.js
  )
  rc=$?
  summary="$(grep -E '^# (pass|fail) [0-9]+$' "$tap" | tail -n 2 || true)"
  rm -f "$tap"
  count_run sdk/typescript "$summary" "$(sed -nE 's/^# pass //p' <<<"$summary")" "$(sed -nE 's/^# fail //p' <<<"$summary")"
  return "$rc"
}
run_typescript_sdk || status=1
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
  # "=== 2 failed, 90 passed, 1 error in 12.34s ===": an error (in a fixture, say) counts as a failure.
  summary="$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$log" | tail -n 1 || true)"
  rm -f "$log"
  p="$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || true)"
  f="$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || true)"
  e="$(grep -oE '[0-9]+ errors?' <<<"$summary" | grep -oE '[0-9]+' || true)"
  count_run sdk/python "$summary" "$p" "$(( ${f:-0} + ${e:-0} ))"
}
python_sdk_tests
# ---- end of Python SDK ---------------------------------------------------------------------------------------------

# ---- README (tests/readme/check.py) --------------------------------------------------------------------------------
# Runs every command of README.md in order against a server `./ash start` starts with the fake model, checks the
# CLI reference against `./ash --help` and every link of the docs. Last, so that the SDK it imports is built.
readme_check() {
  local log summary
  echo "[test] README.md" >&2
  log="$(mktemp)"
  if ! /usr/bin/python3 "$ROOT/tests/readme/check.py" 2>&1 | tee "$log"; then
    status=1
  fi
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
  rm -f "$log"
  count_run README.md "$summary" "$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$summary")" "$(sed -nE 's/.* ([0-9]+) failed$/\1/p' <<<"$summary")"
}
readme_check

echo "$passed passed, $failed failed"
if (( failed > 0 || passed == 0 )); then
  status=1
fi
exit "$status"
