#!/usr/bin/env bash
# Installs what Ash needs on a fresh Debian machine, skipping whatever is already there:
#   bubblewrap + socat (Debian), the pinned Claude Code CLI (npm, into .cache/runtime).
# Usage: scripts/install-deps.sh [--with-postgres]
# Prints the path of the claude binary as its last line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNTIME_VERSION="$(tr -d '[:space:]' < "$ROOT/scripts/runtime-version")"
RUNTIME_DIR="${ASH_RUNTIME_DIR:-$ROOT/.cache/runtime}"
CLAUDE_BIN="$RUNTIME_DIR/node_modules/@anthropic-ai/claude-code-linux-x64/claude"

log() { echo "[install] $*" >&2; }

need_apt=()
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)
command -v socat >/dev/null 2>&1 || need_apt+=(socat)
command -v setpriv >/dev/null 2>&1 || need_apt+=(util-linux)
if [[ "${1:-}" == "--with-postgres" ]]; then
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    need_apt+=(postgresql)
  fi
fi
if (( ${#need_apt[@]} > 0 )); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing ${need_apt[*]}; run as root or install them: apt-get install ${need_apt[*]}"
    exit 1
  fi
  log "installing ${need_apt[*]} from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
fi

installed_version=""
if [[ -x "$CLAUDE_BIN" ]]; then
  installed_version="$("$CLAUDE_BIN" --version 2>/dev/null | awk '{print $1}')" || installed_version=""
fi
if [[ "$installed_version" != "$RUNTIME_VERSION" ]]; then
  log "installing Claude Code CLI $RUNTIME_VERSION into $RUNTIME_DIR"
  mkdir -p "$RUNTIME_DIR"
  # Only the native linux-x64 package: it holds the self-contained binary, no postinstall needed.
  npm install --silent --no-save --no-audit --no-fund --prefix "$RUNTIME_DIR" \
    "@anthropic-ai/claude-code-linux-x64@$RUNTIME_VERSION" >&2
  chmod 0755 "$CLAUDE_BIN"
fi
# The sandbox uid must be able to traverse to the runtime it runs (bwrap binds it by path).
chmod o+rx "$RUNTIME_DIR" "$RUNTIME_DIR/node_modules" "$RUNTIME_DIR/node_modules/@anthropic-ai" \
  "$(dirname "$CLAUDE_BIN")" 2>/dev/null || true
echo "$CLAUDE_BIN"
