# Sourced by tools/run.sh and tools/test.sh: create or update the project's virtual environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TOEGANG_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "Python-omgeving maken in $VENV ..."
  "$PY" -m venv "$VENV"
fi
STAMP="$VENV/.toegang-installed"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e "$ROOT[test,postgres,sqlcipher]"
  touch "$STAMP"
fi
