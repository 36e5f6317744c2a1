#!/usr/bin/env bash
# Run the tests (headless). PostgreSQL tests run when TOEGANG_TEST_PG_URL is set (.ci/run sets it).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
# one pytest worker per core (pytest-xdist), a test file stays on one worker; TOEGANG_TEST_WORKERS=0 runs in one process
exec "$VENV/bin/python" -m pytest -q -n "${TOEGANG_TEST_WORKERS:-auto}" --dist loadfile "$@"
