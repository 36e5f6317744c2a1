# Sourced by tools/run.sh, tools/admin.sh and tools/test.sh: create or update the project's virtual environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TOEGANG_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "Toegang heeft Python 3.11 of nieuwer nodig, maar '$PY' is niet gevonden." >&2
  echo "Installeer het, bijvoorbeeld: sudo apt-get install python3 python3-venv" >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Toegang heeft Python 3.11 of nieuwer nodig; '$PY' is versie $("$PY" -c 'import platform; print(platform.python_version())')." >&2
  echo "Kies een nieuwere Python met PYTHON=/pad/naar/python3.11 bash tools/run.sh" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Python-omgeving maken in $VENV ..."
  if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    echo "De Python-omgeving kon niet worden gemaakt: de module venv ontbreekt." >&2
    echo "Installeer die, bijvoorbeeld: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
STAMP="$VENV/.toegang-installed"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  echo "Toegang en de bibliotheken installeren (eenmalig, een paar minuten) ..."
  if ! { "$VENV/bin/python" -m pip install -q --upgrade pip &&
         "$VENV/bin/python" -m pip install -q -e "$ROOT[test,postgres,sqlcipher]"; }; then
    echo "Installeren is niet gelukt (zie de melding hierboven). Controleer de internetverbinding en probeer het opnieuw." >&2
    exit 1
  fi
  touch "$STAMP"
fi
