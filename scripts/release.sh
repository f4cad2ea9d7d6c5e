#!/usr/bin/env bash
# The release build: the sdist and the wheel in dist/, made the way the
# official JupyterLab extension template makes them (`python -m build`), then
# checked (scripts/check-dist.py): the prebuilt labextension, the licence and
# the metadata JupyterLab's extension manager shows are in them.
#
#   scripts/release.sh            build dist/*.tar.gz and dist/*.whl
#   scripts/release.sh --clean    also rebuild the labextension even if its
#                                 sources did not change since the last build
#
# It sets up what it needs: Node.js 22 (lib.sh), node_modules (npm ci, unless
# they match the lock file) and a Python environment .venv-build/ with `build`.
# `python -m build` builds the sdist in this tree (pip's isolated build runs
# `npm run build:prod` through hatch-jupyter-builder), then the wheel from the
# sdist, which carries the prebuilt labextension: the wheel needs no Node.js
# to build or install.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clean=0
for arg in "$@"; do
  case "$arg" in
    --clean) clean=1 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

cd "$COAUTHOR_ROOT"
BUILD_VENV="$COAUTHOR_ROOT/.venv-build"
BUILD_SPEC='build>=1.2,<2'

ensure_node
install_node_modules

log "Python environment $BUILD_VENV ($BUILD_SPEC)"
if [ ! -x "$BUILD_VENV/bin/python" ]; then
  "$PYTHON" -m venv "$BUILD_VENV"
fi
echo '*' > "$BUILD_VENV/.gitignore"
if [ "$(cat "$BUILD_VENV/.coauthor-env" 2>/dev/null)" != "$BUILD_SPEC" ]; then
  pip_quiet "$BUILD_VENV/bin/python" install --quiet --upgrade pip "$BUILD_SPEC"
  echo "$BUILD_SPEC" > "$BUILD_VENV/.coauthor-env"
fi

hash="$(extension_sources_hash)"
if [ "$clean" = 1 ]; then
  rm -f "$STAMPS/labextension"
fi
forget_stale_labextension "$hash"

log "python -m build (sdist, then the wheel from the sdist) into dist/"
rm -rf dist
set +e
"$BUILD_VENV/bin/python" -m build --outdir dist . 2>&1 | grep -v '^WARNING: Location'
status="${PIPESTATUS[0]}"
set -e
if [ "$status" != 0 ] || ! ls dist/*.whl dist/*.tar.gz >/dev/null 2>&1; then
  echo "python -m build failed (status $status): see its output above" >&2
  exit 1
fi
remember_labextension "$hash"

log "Checking dist/"
"$BUILD_VENV/bin/python" scripts/check-dist.py dist
