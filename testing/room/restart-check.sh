#!/usr/bin/env bash
# The room connection against a real jupyter-collaboration server, killed and
# restarted (see restart-check.cjs). Needs a venv with jupyter-collaboration
# (scripts/lib.sh make_venv ... collab) and Node 20+ (the global WebSocket:
# Node 20 needs --experimental-websocket). Usage:
#   testing/room/restart-check.sh [VENV] [PORT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${1:-$repo/.venv}"
port="${2:-8901}"
work="$(mktemp -d)"
out="$repo/.room-check"
trap 'rm -rf "$work" "$out"' EXIT
mkdir -p "$work/root"
cat > "$work/root/t.ipynb" <<'NB'
{"cells":[{"cell_type":"code","id":"c1","metadata":{},"source":"x = 1","outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}
NB
# CommonJS, inside the repository so that node_modules resolves.
(cd "$repo" && npx tsc src/core/room/index.ts --outDir "$out" --module commonjs \
  --target es2022 --esModuleInterop --skipLibCheck --moduleResolution node --types node)
flag=""
node -e 'process.exit(typeof WebSocket === "undefined" ? 1 : 0)' || flag="--experimental-websocket"
cd "$repo" && ROOM_MODULE="$out/index.js" node $flag --no-warnings "$here/restart-check.cjs" \
  "$venv/bin/jupyter" "$work/root" "$port"
