#!/usr/bin/env bash
# Build the JupyterLite site: the same extension build as JupyterLab's, in a
# static site with the example notebook, in lite/_output/. No server needed:
# serve the folder with any static web server, or publish it (docs/lite.md).
#
#   scripts/build-lite.sh            build the site
#   scripts/build-lite.sh --rebuild  rebuild the extension first (pip's build runs npm run build:prod)
#
# It sets up what it needs by itself: the extension's node_modules (npm ci) if
# missing, and a Python environment .venv-lite/ with jupyterlite-core 0.8,
# jupyter_server (the contents indexer of `jupyter lite build` needs it) and
# this extension installed with `pip install .`.
#
# The site has no kernel: see docs/lite.md ("The kernel") for why.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rebuild=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=1 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

LITE_VENV="$COAUTHOR_ROOT/.venv-lite"
LITE_DIR="$COAUTHOR_ROOT/lite"
LITE_OUTPUT="$LITE_DIR/_output"
JUPYTERLITE_SPEC='jupyterlite-core>=0.8,<0.9'
JUPYTER_SERVER_SPEC='jupyter_server>=2,<3'

cd "$COAUTHOR_ROOT"

# @jupyter/builder has no bin: `jupyter-builder` is the Python package that
# pip's isolated build provides, so look for the npm package itself.
if [ ! -f node_modules/@jupyter/builder/package.json ]; then
  install_node_modules
fi
if [ "$rebuild" = 1 ]; then
  # `npm run build:prod` needs jupyter-builder on PATH, which only pip's
  # build environment has: let `pip install .` below rebuild it.
  log "rebuild: removing jupyterlab_coauthor/labextension"
  rm -rf jupyterlab_coauthor/labextension
fi

log "Python environment $LITE_VENV (JupyterLite)"
if [ ! -x "$LITE_VENV/bin/python" ]; then
  "$PYTHON" -m venv "$LITE_VENV"
fi
# Keep the environment out of git, as newer venvs do by themselves.
echo '*' > "$LITE_VENV/.gitignore"

pip_quiet "$LITE_VENV/bin/python" install --quiet --upgrade pip
pip_quiet "$LITE_VENV/bin/python" install --quiet "$JUPYTERLITE_SPEC" "$JUPYTER_SERVER_SPEC"
# The Pyodide kernel loads Python from a CDN, which the site must never do:
# a venv where it was tried must not put it into the site.
"$LITE_VENV/bin/python" -m pip uninstall --quiet -y jupyterlite-pyodide-kernel >/dev/null 2>&1 || true

log "pip install . into $LITE_VENV"
# pip builds the labextension with the npm scripts (hatch-jupyter-builder),
# unless jupyterlab_coauthor/labextension is already built.
PATH="$LITE_VENV/bin:$PATH" pip_quiet "$LITE_VENV/bin/python" install --quiet --force-reinstall --no-deps .

log "jupyter lite build --output-dir lite/_output"
rm -rf "$LITE_OUTPUT" "$LITE_DIR/.jupyterlite.doit.db"
# Settings are in lite/jupyter_lite_config.json (apps, contents, no source
# maps) and lite/jupyter-lite.json (the page configuration).
(cd "$LITE_DIR" && PATH="$LITE_VENV/bin:$PATH" "$LITE_VENV/bin/jupyter" lite build \
  --lite-dir "$LITE_DIR" --output-dir "$LITE_OUTPUT" 2>&1 \
  | { grep -v -e 'install `jupyterlab_server` to load translations' -e 'has_optional_dependency(' || true; })

for needed in index.html lab/index.html files/demo.ipynb extensions/jupyterlab-coauthor/package.json; do
  if [ ! -e "$LITE_OUTPUT/$needed" ]; then
    echo "the Lite site has no $needed: the build went wrong" >&2
    exit 1
  fi
done
echo "Lite site: $LITE_OUTPUT ($(du -sh "$LITE_OUTPUT" | cut -f1)); serve it with:"
echo "  python3 -m http.server 8000 --bind 127.0.0.1 --directory lite/_output"
