#!/usr/bin/env bash
# Run the app: creates its own environment on first use, SQLite in the user's data folder, the
# shipped sociale kaart, and clearly-marked synthetic demo cases when the database is empty.
source "$(dirname "$0")/env.sh"
if [ "${TOEGANG_GEEN_DEMO:-}" != 1 ]; then
  # its own Dutch message on failure is shown as is; the app then starts without demo data and says
  # itself what is wrong with the database, if anything
  if ! "$VENV/bin/toegang-admin" demo-data --als-leeg --demo-accounts; then
    echo "Toegang: de demogegevens zijn niet geladen (zie de melding hierboven). Toegang start zonder" \
         "demogegevens; met TOEGANG_GEEN_DEMO=1 slaat u deze stap over." >&2
  fi
fi
exec "$VENV/bin/toegang" "$@"
