#!/usr/bin/env bash
# toegang-admin from the project's own environment (created on first use, like tools/run.sh):
#   bash tools/admin.sh config      bash tools/admin.sh gebruiker lijst      bash tools/admin.sh --help
source "$(dirname "$0")/env.sh"
exec "$VENV/bin/toegang-admin" "$@"
