#!/usr/bin/env bash
# The headless agent (bin/coauthor-agent.mjs) against a real Jupyter server
# with jupyter-collaboration, the scripted model server, and a pycrdt client
# (see agent-check.py): presence, a streamed chat reply, its suggestion, the
# server killed and restarted mid-turn, Ctrl+C. Needs a venv with
# jupyter-collaboration (scripts/lib.sh make_venv ... collab) and Node 22.
# About 30 s. Usage:
#   testing/room/agent-check.sh [VENV] [PORT] [MODEL_PORT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$(cd "${1:-$repo/.venv}" && pwd)"
port="${2:-8902}"
model_port="${3:-8903}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root"
cat > "$work/root/t.ipynb" <<'NB'
{"cells":[{"cell_type":"code","id":"c1","metadata":{},"source":"def add(a, b):\n    return a + b","outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}
NB
# The core as `npm run build:lib` compiles it, into a folder of its own
# (COAUTHOR_CORE_LIB), so that the check does not depend on lib/ being fresh;
# with src/core/internals/ydoc.ts, which bin/compiled-core.mjs loads itself.
(cd "$repo" && npx tsc src/core/headless/index.ts src/core/agent/index.ts \
  src/core/room/index.ts src/core/internals/ydoc.ts --outDir "$work/lib" \
  --rootDir src --module esnext \
  --target es2022 --moduleResolution node --esModuleInterop --skipLibCheck \
  --types node --strict)
cd "$repo" && COAUTHOR_CORE_LIB="$work/lib" "$venv/bin/python" "$here/agent-check.py" \
  "$venv/bin/jupyter" "$(command -v node)" "$repo/bin/coauthor-agent.mjs" \
  "$repo/testing/scripted-openai-server.mjs" "$work/root" "$port" "$model_port"
