#!/usr/bin/env bash
# The UI benchmark (issue 4; ui-tests/bench/open-and-type.bench.ts): opening a
# 1,000-cell notebook with the extension disabled, enabled, and enabled with
# 20 saved suggestions, in one run; then the time per keystroke in editing and
# in suggesting mode. A measurement, not a test: it prints Markdown tables
# and writes them, with every sample, to ui-tests/test-results/bench-*.{md,json}.
#
#   scripts/bench-ui.sh            plain JupyterLab (.venv-solo)
#   scripts/bench-ui.sh --collab   with jupyter-collaboration (.venv)
#   scripts/bench-ui.sh --switch   the switch of suggesting mode at 200 and
#                                  1,000 cells (COAUTHOR_BENCH_SIZES), swap
#                                  against in place; figures gathered into
#                                  bench/ui-results.json (with --collab too)
#
# Sets up what it needs like the test command (node modules, Chromium, the
# Python environment with the extension). Knobs: COAUTHOR_BENCH_REPS (rounds
# of openings, 5), COAUTHOR_BENCH_KEYS (keystrokes per series, 30),
# COAUTHOR_BENCH_CELLS (1000), COAUTHOR_BENCH_PORT (8950; uses it and the
# next). Every open waits until JupyterLab has rendered all cells (about a
# minute for 1,000 cells on two cores): with the defaults a run takes about
# 40 minutes; REPS=2 KEYS=20, about 20.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

collab=0
switch=0
for arg in "$@"; do
  case "$arg" in
    --collab) collab=1 ;;
    --switch) switch=1 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

cd "$COAUTHOR_ROOT"
install_node_modules ui-tests
ensure_chromium
if [ "$collab" = 1 ]; then
  venv="$COAUTHOR_ROOT/.venv"
  make_venv "$venv" collab
else
  venv="$COAUTHOR_ROOT/.venv-solo"
  make_venv "$venv" solo
fi
label=$([ "$collab" = 1 ] && echo collab || echo solo)
cd ui-tests
if [ "$switch" = 1 ]; then
  # The switch of suggesting mode (issue 10; ui-tests/bench/switch.bench.ts):
  # the model swap against the editors re-bound in place, at each size in
  # COAUTHOR_BENCH_SIZES, gathered into bench/ui-results.json.
  for cells in ${COAUTHOR_BENCH_SIZES:-200 1000}; do
    log "UI benchmark: switching suggesting mode, $cells cells ($label)"
    PATH="$venv/bin:$PATH" COAUTHOR_COLLAB="$collab" COAUTHOR_BENCH_CELLS="$cells" \
      npx playwright test -c playwright.bench.config.js bench/switch.bench.ts
    node "$COAUTHOR_ROOT/scripts/ui-results.mjs" "test-results/bench-switch-$label-$cells.json"
  done
  exit 0
fi
log "UI benchmark ($label)"
PATH="$venv/bin:$PATH" COAUTHOR_COLLAB="$collab" npm run bench
