#!/usr/bin/env bash
# The load test of the whole (issue 15; testing/load/run.mjs): a real Jupyter
# server with jupyter-collaboration on 127.0.0.1 and, in one notebook, headless
# agents against scripted models, pycrdt typers and two Chromium pages in
# suggesting mode that accept and reject; then every replica and the saved
# file must converge, nothing duplicated or lost. Prints a table and writes
# the figures as JSON.
#
#   scripts/load-test.sh [--seconds 300] [--peers 20] [--agents 4]
#       [--browsers 2] [--rate 4] [--port 8925] [--model-port 8950]
#       [--host 127.0.0.1] [--venv .venv] [--out bench/load-results.json]
#
# Not part of the default test run; scripts/test.sh runs a 30-second version
# (--seconds 30 --out .test-reports/load-results-30s.json). Bounded: at most
# 1800 s and 40 peers, and the whole run is stopped 300 s after its load
# should have ended. Loopback only: every server binds 127.0.0.1 and every
# peer connects there; --host accepts nothing else. Needs the venv with
# collaboration (scripts/lib.sh: make_venv .venv collab) and Node 22; it
# takes the shared browser lock (/tmp/coauthor-browser.lock) while Chromium
# runs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$COAUTHOR_ROOT"

args=()
venv="$COAUTHOR_ROOT/.venv"
browsers=2
while [ $# -gt 0 ]; do
  case "$1" in
    --host)
      case "${2:-}" in
        127.0.0.1|localhost|::1) ;;
        *) echo "load-test: loopback addresses only (127.0.0.1), not '${2:-}'" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --venv) venv="$2"; shift 2 ;;
    --browsers) browsers="$2"; args+=("$1" "$2"); shift 2 ;;
    --seconds|--peers|--agents|--rate|--port|--model-port|--out|--seed)
      [ $# -ge 2 ] || { echo "load-test: $1 needs a value" >&2; exit 2; }
      args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "load-test: unknown argument $1" >&2; exit 2 ;;
  esac
done

ensure_node
if [ ! -x "$venv/bin/jupyter" ] || ! "$venv/bin/python" -c 'import jupyter_collaboration, pycrdt' 2>/dev/null; then
  echo "load-test: $venv has no jupyter-collaboration: make_venv $venv collab (scripts/lib.sh)" >&2
  exit 2
fi
# The peers run on the compiled core (lib/): rebuilt when a source is newer.
if [ ! -f lib/core/room/index.js ] || [ -n "$(find src -name '*.ts' -newer lib/core/room/index.js -print -quit)" ]; then
  log "load-test: compiling the core (npm run build:lib)"
  npm run --silent build:lib
fi
flag=()
node -e 'process.exit(typeof WebSocket === "undefined" ? 1 : 0)' || flag=(--experimental-websocket)
run=(node ${flag[@]+"${flag[@]}"} --no-warnings testing/load/run.mjs --venv "$venv" ${args[@]+"${args[@]}"})
if [ "$browsers" != 0 ]; then
  # Chromium is shared with the other browser tests of this machine.
  exec flock /tmp/coauthor-browser.lock "${run[@]}"
fi
exec "${run[@]}"
