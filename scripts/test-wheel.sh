#!/usr/bin/env bash
# The wheel as people install it: `pip install` of dist/*.whl (made by
# scripts/release.sh) into fresh virtual environments whose PATH has no
# Node.js, then:
#   - with JupyterLab 4.6: `jupyter labextension list` shows it enabled and OK,
#     `jupyter server extension list` shows its server extension (checkpoint
#     contents) enabled and OK, and the smoke spec (ui-tests/wheel/) runs
#     against that server;
#   - the same environment with jupyter-collaboration added: the same again;
#   - with JupyterLab 4.5 (the previous minor) installed: pip refuses the
#     wheel while 4.5 is pinned, saying the wheel needs jupyterlab>=4.6, and
#     otherwise upgrades JupyterLab to 4.6 as the wheel declares.
#
#   scripts/test-wheel.sh            all of it
#   scripts/test-wheel.sh --no-ui    without the smoke spec (no browser)
#
# Each check is a line of $COAUTHOR_REPORT_DIR/checks.tsv (default
# .test-reports/), the smoke runs are wheel-solo.json and wheel-collab.json
# there. The environments are in .venv-wheel/, made anew on every run; pip's
# cache makes that about a minute each.
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
export COAUTHOR_REPORT_DIR="${COAUTHOR_REPORT_DIR:-$COAUTHOR_ROOT/.test-reports}"
mkdir -p "$COAUTHOR_REPORT_DIR"
rm -f "$COAUTHOR_REPORT_DIR"/wheel-*.json

shopt -s nullglob
wheels=(dist/*.whl)
if [ "${#wheels[@]}" != 1 ]; then
  echo "expected one wheel in dist/, found ${#wheels[@]}: run scripts/release.sh first" >&2
  exit 1
fi
WHEEL="$COAUTHOR_ROOT/${wheels[0]}"
# The previous minor: what "installing into JupyterLab 4.5" means.
PREVIOUS_JUPYTERLAB_SPEC='jupyterlab>=4.5,<4.6'

WHEEL_ROOT="$COAUTHOR_ROOT/.venv-wheel"
rm -rf "$WHEEL_ROOT" && mkdir -p "$WHEEL_ROOT"
echo '*' > "$WHEEL_ROOT/.gitignore"

# A PATH without Node.js: every program of the machine's PATH, except node,
# npm and their kin, linked into one folder (node sits in /usr/bin beside
# sh and everything else, so a folder cannot simply be left out). .node/ and
# the project's own environments are left out altogether.
NO_NODE_BIN="$WHEEL_ROOT/bin-without-node"
mkdir -p "$NO_NODE_BIN"
IFS=: read -r -a path_dirs <<< "$PATH"
for dir in "${path_dirs[@]}"; do
  case "$dir" in "$NODE_DIR"/* | "$NODE_DIR" | "$COAUTHOR_ROOT"/*) continue ;; esac
  for program in "$dir"/*; do
    name="${program##*/}"
    case "$name" in node | nodejs | npm | npx | corepack | yarn | yarnpkg | pnpm | pnpx) continue ;; esac
    if [ -f "$program" ] && [ -x "$program" ] && [ ! -e "$NO_NODE_BIN/$name" ]; then
      ln -s "$program" "$NO_NODE_BIN/$name"
    fi
  done
done

# wheel_path NAME: the PATH of environment NAME: its bin/, then no Node.js.
wheel_path() { echo "$WHEEL_ROOT/$1/bin:$NO_NODE_BIN"; }

# in_env NAME COMMAND...: run COMMAND (or a function) with environment
# NAME's PATH only.
in_env() {
  local name="$1"; shift
  PATH="$(wheel_path "$name")" "$@"
}

no_node_on_path() {
  if in_env lab sh -c 'command -v node || command -v npm'; then
    echo "the wheel's environment has Node.js on its PATH" >&2
    return 1
  fi
  echo "no node or npm on $(wheel_path lab)"
}

fresh_env() {
  local name="$1"; shift
  "$PYTHON" -m venv "$WHEEL_ROOT/$name" || return 1
  in_env "$name" pip_quiet "$WHEEL_ROOT/$name/bin/python" install --quiet --upgrade pip
}

# pip install of the wheel as a user does it, with the JupyterLab the wheel
# is tested with; nothing is built (there is no Node.js to build with).
install_wheel_lab46() {
  fresh_env lab || return 1
  in_env lab pip_quiet "$WHEEL_ROOT/lab/bin/python" install --quiet "$WHEEL" "$JUPYTERLAB_SPEC" || return 1
  in_env lab python -c 'import jupyterlab; print("JupyterLab", jupyterlab.__version__)'
}

add_collaboration() {
  in_env lab pip_quiet "$WHEEL_ROOT/lab/bin/python" install --quiet "$COLLABORATION_SPEC" || return 1
  in_env lab python -c 'import jupyter_collaboration; print("jupyter-collaboration", jupyter_collaboration.__version__)'
}

smoke() {
  local collab="$1" entry
  entry="$(in_env lab python - <<'EOF'
import json, sys
from pathlib import Path
built = Path(sys.prefix, "share/jupyter/labextensions/jupyterlab-coauthor/package.json")
print(json.loads(built.read_text())["jupyterlab"]["_build"]["load"])
EOF
)" || return 1
  (cd ui-tests && COAUTHOR_WHEEL_PATH="$(wheel_path lab)" COAUTHOR_WHEEL_ENTRY="$entry" \
    COAUTHOR_COLLAB="$collab" npx playwright test -c playwright.wheel.config.js)
}

jupyterlab_version() {
  in_env "$1" python -c 'import jupyterlab; print(jupyterlab.__version__)'
}

install_lab45() {
  fresh_env lab45 || return 1
  in_env lab45 pip_quiet "$WHEEL_ROOT/lab45/bin/python" install --quiet "$PREVIOUS_JUPYTERLAB_SPEC" || return 1
  echo "JupyterLab $(jupyterlab_version lab45)"
}

# With JupyterLab 4.5 pinned, pip must refuse, name the requirement, and
# leave the environment as it was.
refused_while_45_pinned() {
  local out status
  out="$(in_env lab45 "$WHEEL_ROOT/lab45/bin/python" -m pip install "$WHEEL" "$PREVIOUS_JUPYTERLAB_SPEC" 2>&1)"
  status=$?
  echo "$out" | grep -v '^WARNING: Location' | tail -12
  if [ "$status" = 0 ]; then
    echo "pip installed the wheel into JupyterLab 4.5, which it does not declare" >&2
    return 1
  fi
  echo "$out" | grep -Eq 'jupyterlab[-_]coauthor 0?[0-9.]* depends on jupyterlab<5,>=4\.6|jupyterlab[-_]coauthor.*depends on jupyterlab.*>=4\.6' || {
    echo "pip refused, but without naming the wheel's requirement jupyterlab>=4.6" >&2
    return 1
  }
  if in_env lab45 python -m pip show jupyterlab_coauthor >/dev/null 2>&1; then
    echo "the refused wheel is installed anyway" >&2
    return 1
  fi
  case "$(jupyterlab_version lab45)" in
    4.5.*) echo "refused with a clear message; JupyterLab $(jupyterlab_version lab45) left as it was" ;;
    *) echo "JupyterLab changed to $(jupyterlab_version lab45) although pip refused" >&2; return 1 ;;
  esac
}

# Without the pin, pip does what the wheel declares: JupyterLab 4.6.
upgraded_from_45() {
  in_env lab45 pip_quiet "$WHEEL_ROOT/lab45/bin/python" install --quiet "$WHEEL" || return 1
  case "$(jupyterlab_version lab45)" in
    4.6.*) echo "pip upgraded JupyterLab 4.5 to $(jupyterlab_version lab45) for the wheel" ;;
    *) echo "JupyterLab is $(jupyterlab_version lab45) after installing the wheel, not 4.6" >&2; return 1 ;;
  esac
  labextension_ok "$WHEEL_ROOT/lab45" "$(wheel_path lab45)"
}

if [ "$run_ui" = 1 ]; then
  # The browser side: Playwright runs on the project's Node.js; only the
  # JupyterLab server runs without one.
  install_node_modules ui-tests || exit 1
  ensure_chromium || exit 1
fi

echo "wheel: ${WHEEL#"$COAUTHOR_ROOT"/} ($(du -k "$WHEEL" | cut -f1) KiB)"
check "wheel: no Node.js on the fresh environment's PATH" no_node_on_path
if check "wheel: pip install into a fresh JupyterLab 4.6" install_wheel_lab46; then
  check "wheel: labextension list (JupyterLab 4.6)" labextension_ok "$WHEEL_ROOT/lab" "$(wheel_path lab)"
  check "wheel: server extension list (JupyterLab 4.6)" serverextension_ok "$WHEEL_ROOT/lab" "$(wheel_path lab)"
  [ "$run_ui" = 1 ] && stage "wheel: smoke spec (JupyterLab 4.6)" smoke 0
  if check "wheel: pip install jupyter-collaboration beside it" add_collaboration; then
    check "wheel: labextension list (with collaboration)" labextension_ok "$WHEEL_ROOT/lab" "$(wheel_path lab)"
    check "wheel: server extension list (with collaboration)" serverextension_ok "$WHEEL_ROOT/lab" "$(wheel_path lab)"
    [ "$run_ui" = 1 ] && stage "wheel: smoke spec (with collaboration)" smoke 1
  fi
fi
if check "wheel: a fresh JupyterLab 4.5" install_lab45; then
  check "wheel: refused while JupyterLab 4.5 is pinned" refused_while_45_pinned
  check "wheel: into JupyterLab 4.5, pip upgrades it to 4.6" upgraded_from_45
fi

[ "$failed_stages" = 0 ]
