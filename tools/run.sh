#!/usr/bin/env bash
# Run the app: creates its own environment on first use, SQLite in the user's data folder, the
# shipped sociale kaart, and clearly-marked synthetic demo cases when the database is empty.
source "$(dirname "$0")/env.sh"
if [ "${TOEGANG_GEEN_DEMO:-}" != 1 ]; then
  "$VENV/bin/toegang-admin" demo-data --als-leeg --demo-accounts 2>/dev/null || true
fi
exec "$VENV/bin/toegang" "$@"
