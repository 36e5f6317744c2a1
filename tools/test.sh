#!/usr/bin/env bash
# Run the tests (headless). PostgreSQL tests run when TOEGANG_TEST_PG_URL is set (.ci/run sets it).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$VENV/bin/python" -m pytest -q "$@"
