#!/usr/bin/env bash
# The README's test command: set everything up the same way as the start
# command, then run every check and test:
#   lint (prettier + eslint), type check, jest (the core), `pip install .` and
#   `jupyter labextension list`, then the Galata suite twice: with
#   jupyter-collaboration installed, and without it; then the JupyterLite site
#   is built and its specs run (scripts/test-lite.sh).
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
: > "$REPORTS/stages.tsv"
: > "$REPORTS/checks.tsv"
failed_stages=0

# stage NAME COMMAND...: run one stage, record its time and outcome.
stage() {
  local name="$1"; shift
  log "$name"
  local start=$SECONDS status
  "$@"
  status=$?
  printf '%s\t%s\t%s\n' "$name" "$((SECONDS - start))" "$status" >> "$REPORTS/stages.tsv"
  if [ "$status" != 0 ]; then
    failed_stages=$((failed_stages + 1))
    echo "stage '$name' failed with status $status" >&2
  fi
  return "$status"
}

# check NAME COMMAND...: a stage that is one check in the summary.
check() {
  local name="$1"
  stage "$@"
  local status=$?
  printf '%s\t%s\n' "$name" "$status" >> "$REPORTS/checks.tsv"
  return "$status"
}

labextension_ok() {
  local venv="$1" listing
  listing="$("$venv/bin/jupyter" labextension list 2>&1)"
  echo "$listing" | grep -i coauthor
  echo "$listing" | grep -Eq 'jupyterlab-coauthor v[0-9][^ ]* .*enabled.*OK' || {
    echo "jupyter labextension list does not show jupyterlab-coauthor enabled and OK:" >&2
    echo "$listing" >&2
    return 1
  }
}

galata() {
  local venv="$1" collab="$2"
  (cd ui-tests && PATH="$venv/bin:$PATH" COAUTHOR_COLLAB="$collab" npx playwright test)
}

stage "setup: node modules" install_node_modules ui-tests || exit 1
if [ "$run_ui" = 1 ]; then
  stage "setup: chromium" ensure_chromium || exit 1
fi
check "lint" npm run lint:check
check "type check" npx tsc -p tsconfig.test.json --noEmit
stage "jest" npx jest --ci --json --outputFile="$REPORTS/jest.json"

stage "setup: venv with collaboration" make_venv "$COAUTHOR_ROOT/.venv" collab || exit 1
check "labextension list (collaboration)" labextension_ok "$COAUTHOR_ROOT/.venv"
if [ "$run_ui" = 1 ]; then
  stage "galata (collaboration)" galata "$COAUTHOR_ROOT/.venv" 1
fi

stage "setup: venv without collaboration" make_venv "$COAUTHOR_ROOT/.venv-solo" solo || exit 1
check "labextension list (no collaboration)" labextension_ok "$COAUTHOR_ROOT/.venv-solo"
if [ "$run_ui" = 1 ]; then
  stage "galata (no collaboration)" galata "$COAUTHOR_ROOT/.venv-solo" 0
  # The same extension in a JupyterLite site: no Jupyter server at all.
  stage "lite (JupyterLite site + specs)" bash scripts/test-lite.sh
fi

node scripts/summarize-tests.mjs "$REPORTS" "$run_ui"
summary=$?
if [ "$failed_stages" != 0 ] || [ "$summary" != 0 ]; then
  exit 1
fi
