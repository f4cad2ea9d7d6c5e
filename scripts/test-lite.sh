#!/usr/bin/env bash
# The JupyterLite tests: build the site (scripts/build-lite.sh), serve it on
# 127.0.0.1 with a static server, and run the Playwright specs of
# ui-tests-lite/ against it in Debian's Chromium.
#
#   scripts/test-lite.sh
#
# Report: $COAUTHOR_REPORT_DIR/lite.json (Playwright's JSON reporter; default
# .test-reports/), with lite-timings.json (page load to notebook shown) and
# lite-http.log (the static server's log) beside it.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

cd "$COAUTHOR_ROOT"
export COAUTHOR_REPORT_DIR="${COAUTHOR_REPORT_DIR:-$COAUTHOR_ROOT/.test-reports}"
mkdir -p "$COAUTHOR_REPORT_DIR"
rm -f "$COAUTHOR_REPORT_DIR/lite.json" "$COAUTHOR_REPORT_DIR/lite-timings.json"

ensure_chromium || exit 1
bash scripts/build-lite.sh || exit 1

log "npm ci (ui-tests-lite)"
(cd ui-tests-lite && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) || exit 1

log "Playwright against the Lite site"
(cd ui-tests-lite && PYTHON="$COAUTHOR_ROOT/.venv-lite/bin/python" npx playwright test)
status=$?

echo "Lite site size: $(du -sh lite/_output | cut -f1) ($(du -sb lite/_output | cut -f1) bytes)"
if [ -f "$COAUTHOR_REPORT_DIR/lite-timings.json" ]; then
  echo "Lite timings: $(tr -d '\n ' < "$COAUTHOR_REPORT_DIR/lite-timings.json")"
fi
exit "$status"
