#!/usr/bin/env bash
# The README's test command: set everything up the same way as the start
# command, then run every check and test:
#   the Node.js versions (scripts/check-engines.mjs), lint (prettier +
#   eslint), type check, jest (the core); the release build (scripts/release.sh:
#   `python -m build`, the sdist and the wheel, checked); the wheel installed
#   as users get it, in fresh environments without Node.js (scripts/test-wheel.sh:
#   JupyterLab 4.6, with jupyter-collaboration, and 4.5, with a smoke spec);
#   then the same wheel in .venv/ and .venv-solo/ for `jupyter labextension
#   list`, the room connection's and the 30-second load test's checks
#   (scripts/load-test.sh) and the Galata suite twice, with jupyter-collaboration installed and
#   without it; then the JupyterLite site is built and its specs run
#   (scripts/test-lite.sh).
#
#   scripts/test.sh            everything
#   scripts/test.sh --no-ui    everything but the browser tests
#
# It ends with the time of each stage and one line that adds up every runner:
#   N passed, N failed[, N skipped]
set -uo pipefail
source "$(dirname "$0")/lib.sh"

run_ui=1
for arg in "$@"; do
  case "$arg" in
    --no-ui) run_ui=0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

cd "$COAUTHOR_ROOT"
REPORTS="$COAUTHOR_ROOT/.test-reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
export COAUTHOR_REPORT_DIR="$REPORTS"
export NPM_LOG_DIR="$REPORTS"
: > "$REPORTS/stages.tsv"
: > "$REPORTS/checks.tsv"
# The summary (scripts/summarize-tests.mjs), and the exit status: 1 if any
# stage or test failed.
finish() {
  node scripts/summarize-tests.mjs "$REPORTS" "$run_ui"
  local summary=$?
  if [ "$failed_stages" != 0 ] || [ "$summary" != 0 ]; then
    exit 1
  fi
  exit 0
}

galata() {
  local venv="$1" collab="$2"
  (cd ui-tests && PATH="$venv/bin:$PATH" COAUTHOR_COLLAB="$collab" npx playwright test)
}

stage "setup: Node.js" ensure_node || finish
stage "setup: node modules" install_node_modules ui-tests || finish
if [ "$run_ui" = 1 ]; then
  stage "setup: chromium" ensure_chromium || finish
fi
check "Node.js versions (engines, README, no EBADENGINE)" node scripts/check-engines.mjs "$REPORTS"
check "lint" npm run lint:check
check "type check" npx tsc -p tsconfig.test.json --noEmit
stage "jest" npx jest --ci --json --outputFile="$REPORTS/jest.json"

# The release build; every environment below installs this wheel, so the
# labextension is built once, by `python -m build`.
check "release build (python -m build, dist checked)" bash scripts/release.sh || finish
wheel="$(ls "$COAUTHOR_ROOT"/dist/*.whl)"
ui_flag=()
[ "$run_ui" = 1 ] || ui_flag=(--no-ui)
stage "wheel install checks (scripts/test-wheel.sh)" bash scripts/test-wheel.sh ${ui_flag[@]+"${ui_flag[@]}"}

stage "setup: venv with collaboration" make_venv "$COAUTHOR_ROOT/.venv" collab "$wheel" || finish
check "labextension list (collaboration)" labextension_ok "$COAUTHOR_ROOT/.venv"
# The headless agent's room connection against a real jupyter-collaboration
# server, killed and restarted (testing/room/restart-check.sh).
check "room connection (real server, killed and restarted)" bash testing/room/restart-check.sh "$COAUTHOR_ROOT/.venv" 8901
# The headless agent (coauthor-agent) in a real room, checked from a pycrdt
# client: presence, streamed reply, suggestion, restart mid-turn, Ctrl+C (~20 s).
check "headless agent (real server, pycrdt peer, restart mid-turn)" bash testing/room/agent-check.sh "$COAUTHOR_ROOT/.venv" 8902 8903
# The load test's 30-second version (scripts/load-test.sh): 20 peers (agents,
# pycrdt typers and, with the browser tests, two Chromium pages) in one
# notebook; fails when the replicas or the saved file do not converge or
# anything is duplicated or lost. About 90 s with its set-up.
load_pages=()
[ "$run_ui" = 1 ] || load_pages=(--browsers 0)
check "load test (30 s, 20 peers)" bash scripts/load-test.sh --seconds 30 --port 8904 --model-port 8940 \
  --venv "$COAUTHOR_ROOT/.venv" --out "$REPORTS/load-results-30s.json" ${load_pages[@]+"${load_pages[@]}"}
if [ "$run_ui" = 1 ]; then
  stage "galata (collaboration)" galata "$COAUTHOR_ROOT/.venv" 1
fi

stage "setup: venv without collaboration" make_venv "$COAUTHOR_ROOT/.venv-solo" solo "$wheel" || finish
check "labextension list (no collaboration)" labextension_ok "$COAUTHOR_ROOT/.venv-solo"
if [ "$run_ui" = 1 ]; then
  stage "galata (no collaboration)" galata "$COAUTHOR_ROOT/.venv-solo" 0
  # The same extension in a JupyterLite site: no Jupyter server at all.
  stage "lite (JupyterLite site + specs)" bash scripts/test-lite.sh
fi

finish
