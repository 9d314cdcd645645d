#!/usr/bin/env bash
# Runs the Ash CLI from this checkout: builds it and the server when sources changed, installs the
# sandbox runtime (bubblewrap, socat, the pinned claude CLI) before a server starts, then hands over.
# Usage: ./ash <command> [options]   (./ash --help lists the commands)
set -euo pipefail

ASH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ASH_HOME

artifacts="$ASH_HOME/artifacts"
cli_dll="$artifacts/bin/Ash.Cli/release/ash.dll"
server_dll="$artifacts/bin/Ash.Server/release/ash-server.dll"
stamp="$artifacts/.build-stamp"

log() { echo "[ash] $*" >&2; }

# The first word that is not an option or an option's value: the command being run.
command_name() {
  while (($# > 0)); do
    case "$1" in
      --server | --api-key | --admin-key | --data | --port | -p | --host | --database) shift; (($# > 0)) && shift ;;
      -*) shift ;;
      *) echo "$1"; return 0 ;;
    esac
  done
  return 0
}

wants_help() {
  local arg
  for arg in "$@"; do
    case "$arg" in -h | -\? | --help) return 0 ;; esac
  done
  return 1
}

needs_build() {
  [[ -f "$cli_dll" && -f "$server_dll" && -f "$stamp" ]] || return 0
  # Directories count too: adding or deleting a file changes its folder's mtime.
  [[ -n "$(find "$ASH_HOME/src" "$ASH_HOME"/Directory.*.props -newer "$stamp" -print -quit)" ]]
}

build() {
  local project step=0 started=$SECONDS
  # Stamped with the time the build started, so an edit made during the build triggers the next one.
  touch "$stamp.next"
  if [[ -f "$cli_dll" && -f "$server_dll" ]]; then
    log "sources changed: rebuilding the CLI and the server"
  else
    log "first run: building the CLI and the server (a minute or two; dotnet's progress follows)"
  fi
  for project in Ash.Cli Ash.Server; do
    step=$((step + 1))
    log "building $project ($step/2)"
    if [[ -t 2 ]]; then
      # dotnet's live progress (its terminal logger: each project as it builds) on the terminal.
      if ! dotnet build "$ASH_HOME/src/$project" -c Release -v m --nologo -tl:on >&2; then
        log "building $project failed"
        exit 1
      fi
    # Not a terminal: a line per project as it is built (and every error), prefixed.
    elif ! dotnet build "$ASH_HOME/src/$project" -c Release -v m --nologo -tl:off 2>&1 | sed -u 's/^/[ash]   /' >&2; then
      log "building $project failed"
      exit 1
    fi
  done
  mv "$stamp.next" "$stamp"
  log "built in $((SECONDS - started)) s"
}

if needs_build; then
  mkdir -p "$artifacts"
  # Two ./ash runs at once would race on the same outputs: one builds, the other waits and rechecks.
  exec 9>"$artifacts/.build-lock"
  flock 9
  if needs_build; then
    build
  fi
  flock -u 9
  exec 9>&-
fi

case "$(command_name "$@")" in
  start | serve)
    if ! wants_help "$@"; then
      claude_path="$("$ASH_HOME/scripts/install-deps.sh" | tail -n 1)"
      export ASH_CLAUDE_PATH="${ASH_CLAUDE_PATH:-$claude_path}"
    fi
    ;;
esac

exec dotnet "$cli_dll" "$@"
