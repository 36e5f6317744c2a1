#!/usr/bin/env bash
# Build the Windows installer dist/Toegang-<version>-setup.exe on this Linux machine:
#   1. the program folder (embeddable CPython 3.11 + win_amd64 wheels + the app + launchers),
#      laid out by packaging/windows_stage.py from pinned, hash-checked inputs cached in
#      packaging/cache/ (no network once cached);
#   2. a per-user NSIS installer around it (packaging/windows/toegang.nsi, Debian's makensis).
# No Wine needed. Idempotent: every run starts from a clean build/windows/.
#
#   bash packaging/build-windows.sh           # build
#   bash packaging/build-windows.sh --lock    # first re-resolve the Windows wheels (needs the registry)
#   TOEGANG_SIGN_PKCS12=... bash packaging/build-windows.sh   # signed (packaging/sign.sh, README.md)
#
# Then: bash packaging/smoke-windows.sh  (installs and runs it under Wine). See packaging/README.md.
set -euo pipefail
source "$(dirname "$0")/../tools/env.sh"  # ROOT, VENV (Python 3.11 byte-compiles the program)
cd "$ROOT"

STEP="voorbereiden"
trap 'rc=$?; [ $rc = 0 ] || echo "build-windows: MISLUKT bij stap '"'"'$STEP'"'"' (afsluitcode $rc)" >&2' EXIT
PY="$VENV/bin/python"
BUILD="$ROOT/build/windows"
VERSION=$("$PY" packaging/windows_stage.py version)
VERSION4=$("$PY" packaging/windows_stage.py version4)
OUT="$ROOT/dist/Toegang-$VERSION-setup.exe"
# Same input, same installer: file times inside come from the last commit.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1577836800)}"

STEP="makensis installeren"
if ! command -v makensis >/dev/null; then
  echo "== $STEP (Debian-pakket nsis)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends nsis >/dev/null 2>&1 \
    || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends nsis >/dev/null; }
fi
makensis -VERSION | grep -q '^v3\.' || { echo "makensis 3 nodig, gevonden: $(makensis -VERSION)" >&2; exit 1; }

if [ "${1:-}" = "--lock" ]; then
  STEP="Windows-wheels opnieuw vastleggen"
  echo "== $STEP"
  "$PY" packaging/windows_stage.py lock
fi

STEP="programmamap samenstellen"
echo "== $STEP (Toegang $VERSION)"
rm -rf "$BUILD"
mkdir -p "$BUILD" "$ROOT/dist"
"$PY" packaging/windows_stage.py stage "$BUILD/stage"
"$PY" packaging/windows_stage.py nsis-lists "$BUILD/remove.nsh"

SIGN_DEFINE=()
if [ -n "${TOEGANG_SIGN_PKCS12:-}${TOEGANG_SIGN_PKCS11_MODULE:-}" ]; then
  STEP="launchers ondertekenen"
  echo "== $STEP (osslsigncode; setup.exe en verwijderen.exe worden door makensis ondertekend)"
  bash packaging/sign.sh "$BUILD/stage/toegang.exe"
  bash packaging/sign.sh "$BUILD/stage/toegang-admin.exe"
  SIGN_DEFINE=(-DSIGN="bash $ROOT/packaging/sign.sh")
fi

STEP="installer bouwen (makensis)"
echo "== $STEP"
rm -f "$OUT"
makensis -NOCD -INPUTCHARSET UTF8 -V2 \
  -DVERSION="$VERSION" -DVERSION4="$VERSION4" -DSTAGE="$BUILD/stage" -DOUTFILE="$OUT" \
  -DICON="$ROOT/packaging/toegang.ico" -DWELCOME_BMP="$ROOT/packaging/windows/welkom.bmp" \
  -DREMOVE_NSH="$BUILD/remove.nsh" "${SIGN_DEFINE[@]}" \
  packaging/windows/toegang.nsi
[ -s "$OUT" ] || { echo "geen $OUT" >&2; exit 1; }
(cd "$(dirname "$OUT")" && sha256sum "$(basename "$OUT")" >"$(basename "$OUT").sha256")

STEP="klaar"
echo "build-windows: $(realpath --relative-to="$ROOT" "$OUT") ($(du -h "$OUT" | cut -f1)), sha256 $(cut -d' ' -f1 "$OUT.sha256")"
