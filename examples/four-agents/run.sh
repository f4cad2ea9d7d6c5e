#!/usr/bin/env bash
# Four headless agents share one task over one notebook: each claims two of
# the eight functions of statistics.ipynb through presence (coauthor.claims)
# and documents them as its suggestion, all at once, without locks. See
# README.md here. Usage:
#   examples/four-agents/run.sh [--venv DIR] [--port P] [--model-url URL --model NAME] [--keep]
# By default it starts a Jupyter server with jupyter-collaboration from the
# project's .venv and the deterministic docstring model, and checks at the
# end that the suggestions converged (four branches, two cells each, none
# shared). --keep leaves the server up: open the printed URL and review.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv"
port=8950
model_port=8951
model_url=""
model="docstring-model"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) venv="$2"; shift 2 ;;
    --port) port="$2"; model_port=$((port + 1)); shift 2 ;;
    --model-url) model_url="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
venv="$(cd "$venv" && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/root"
cp "$here/statistics.ipynb" "$work/root/"
token="four-agents"
"$venv/bin/jupyter" server --allow-root --port="$port" --ip=127.0.0.1 \
  --IdentityProvider.token="$token" --ServerApp.open_browser=False \
  --ServerApp.root_dir="$work/root" > "$work/jupyter.log" 2>&1 &
pids+=($!)
if [ -z "$model_url" ]; then
  node "$here/docstring-model.mjs" --port "$model_port" > "$work/model.log" 2>&1 &
  pids+=($!)
  model_url="http://127.0.0.1:$model_port/v1"
fi
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/status?token=$token" > /dev/null && break
  sleep 0.2
done
if [ ! -f "$repo/lib/core/headless/index.js" ]; then
  (cd "$repo" && npm run build:lib > /dev/null)
fi
names=(Ada Bob Cy Dee)
colors=('#7b61ff' '#2e7d32' '#c2185b' '#ef6c00')
agents=()
start=$(date +%s.%N)
for k in 0 1 2 3; do
  # A real endpoint's key would come from $COAUTHOR_API_KEY, never an option.
  node "$repo/bin/coauthor-agent.mjs" --server "http://127.0.0.1:$port" --token "$token" \
    --notebook statistics.ipynb --model-url "$model_url" --model "$model" \
    --name "${names[$k]}" --color "${colors[$k]}" --claim '^def ' --claim-count 2 \
    --prompt 'Add a docstring to each function in cells {claims}. Other agents document the other functions; leave them alone.' \
    --exit-after-prompt 2> >(sed "s/^/[${names[$k]}] /" >&2) &
  agents+=($!)
done
status=0
for pid in "${agents[@]}"; do wait "$pid" || status=1; done
elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
echo "four agents done in ${elapsed} s (exit status $status)"
# jupyter-collaboration writes the file a second after the last change.
sleep 2.5
python3 - "$work/root/statistics.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
branches = nb["metadata"].get("coauthor", {}).get("suggestions", {}).get("branches", [])
owner = {}
ok = len(branches) == 4
for b in branches:
    cells = [c["cellId"] for c in b["cells"]]
    print(f'{b["author"]["name"]:>4}: {", ".join(cells)}')
    ok = ok and len(cells) == 2
    for c in b["cells"]:
        # One docstring line added under the def line, nothing else.
        added = [line for hunk in c.get("source", {}).get("hunks", []) for line in hunk[2]]
        ok = ok and len(added) == 1 and added[0].strip().startswith('"""')
    for c in cells:
        ok = ok and c not in owner
        owner[c] = b["author"]["name"]
functions = [c["id"] for c in nb["cells"] if "".join(c["source"]).startswith("def ")]
ok = ok and sorted(owner) == sorted(functions)
# The notebook itself is untouched until people accept.
ok = ok and not any('"""' in "".join(c["source"]) for c in nb["cells"])
print("converged: 4 suggestions, 2 functions each, every function once, one docstring each" if ok else "NOT converged")
sys.exit(0 if ok else 1)
PY
if [ "$keep" = 1 ]; then
  echo "Open http://127.0.0.1:$port/lab/tree/statistics.ipynb?token=$token to review; Ctrl+C to stop."
  wait "${pids[0]}"
fi
