# Shared set-up steps of the README's two commands (scripts/start.sh and
# scripts/test.sh). Sourced, not run. Everything they need is installed here,
# from the project's own files, so that a fresh machine needs nothing by hand.

COAUTHOR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# pip, quietly: this machine's pip configuration names extra local indexes
# that may not exist, and pip warns about each of them for every package.
pip_quiet() {
  local python="$1"; shift
  "$python" -m pip "$@" 2> >(grep -v '^WARNING: Location' >&2)
}

# The JupyterLab version the extension is built and tested against.
JUPYTERLAB_SPEC='jupyterlab>=4.6,<4.7'
COLLABORATION_SPEC='jupyter-collaboration>=4,<6'

# node_modules of the extension (and, with an argument, of ui-tests) from the
# lock files. Playwright must not try to download browsers: there is no
# network for that here, and we drive Debian's Chromium instead.
install_node_modules() {
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  log "npm ci (extension)"
  (cd "$COAUTHOR_ROOT" && npm ci --no-audit --no-fund)
  if [ "${1:-}" = "ui-tests" ]; then
    log "npm ci (ui-tests)"
    (cd "$COAUTHOR_ROOT/ui-tests" && npm ci --no-audit --no-fund)
  fi
}

# make_venv DIR collab|solo: a virtual environment with JupyterLab 4.6, with
# or without jupyter-collaboration, and this extension installed by pip (which
# builds it through hatch-jupyter-builder).
make_venv() {
  local dir="$1" mode="$2"
  log "Python environment $dir ($mode)"
  if [ ! -x "$dir/bin/python" ]; then
    "$PYTHON" -m venv "$dir"
  fi
  pip_quiet "$dir/bin/python" install --quiet --upgrade pip
  pip_quiet "$dir/bin/python" install --quiet "$JUPYTERLAB_SPEC" ipykernel
  if [ "$mode" = "collab" ]; then
    pip_quiet "$dir/bin/python" install --quiet "$COLLABORATION_SPEC"
  else
    # A venv reused after a collab run must not keep the collaboration packages.
    "$dir/bin/python" -m pip uninstall --quiet -y jupyter-collaboration \
      jupyter-collaboration-ui jupyter-docprovider jupyter-server-ydoc >/dev/null 2>&1 || true
  fi
  log "pip install . into $dir"
  # pip builds the labextension with the npm scripts (hatch-jupyter-builder).
  (cd "$COAUTHOR_ROOT" && PATH="$dir/bin:$PATH" pip_quiet "$dir/bin/python" install --quiet --force-reinstall --no-deps .)
}

# Debian's Chromium for the browser tests, when it is missing.
ensure_chromium() {
  if [ -x "${COAUTHOR_CHROMIUM:-/usr/bin/chromium}" ]; then
    return
  fi
  log "Installing Debian's chromium"
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
}
