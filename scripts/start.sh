#!/usr/bin/env bash
# The README's start command: set everything up and open JupyterLab with the
# extension on the example notebook.
#
#   scripts/start.sh            real-time collaboration on (jupyter-collaboration)
#   scripts/start.sh --no-collab  plain JupyterLab, no collaboration
#
# Any other argument is passed to `jupyter lab` (for example --port 9999).
#
# The second start is fast: each step is skipped when a stamp shows it is
# done, and says so (lib.sh): npm ci when node_modules matches
# package-lock.json, the Python packages when the environment has them, the
# build and `pip install .` when no source changed since the last one.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

mode=collab
args=()
for arg in "$@"; do
  case "$arg" in
    --no-collab) mode=solo ;;
    *) args+=("$arg") ;;
  esac
done

venv="$COAUTHOR_ROOT/.venv"
[ "$mode" = "solo" ] && venv="$COAUTHOR_ROOT/.venv-solo"

started=$SECONDS
ensure_node
install_node_modules
make_venv "$venv" "$mode"

log "Starting JupyterLab ($mode) on examples/demo.ipynb (set-up took $((SECONDS - started)) s)"
cd "$COAUTHOR_ROOT"
exec "$venv/bin/jupyter" lab examples/demo.ipynb ${args[@]+"${args[@]}"}
