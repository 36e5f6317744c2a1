#!/usr/bin/env bash
# Smoke-test the Windows installer under Wine, in a fresh Wine prefix (a new "Windows user"):
#   install silently (/S) -> check program folder, Start-menu shortcut and uninstall entry ->
#   run the installed `toegang --self-test` (Qt offscreen) -> run the installed
#   `toegang-admin triage` on packaging/voorbeeld-casus.json -> check nothing was written into the
#   program folder -> install again over it (update) -> uninstall silently -> check the program is
#   gone and the user's database is still there.
# Exits non-zero and names the failing step. Needs Debian's wine64 (installed when missing).
#
#   bash packaging/smoke-windows.sh [dist/Toegang-<version>-setup.exe]
#
# Wine 8 facts this relies on (see packaging/README.md): Qt's Windows window backend does not run
# under Wine, so the self-test uses `-platform offscreen` (Wine drops QT_* environment variables, so
# it is a command-line option); PySide6 6.9.x runs (6.10+ needs a Windows ICU DLL Wine 8 lacks);
# Python's standard streams must be pipes, not files, hence the `| cat`/`| tee` below.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STEP="voorbereiden"
fail() { echo "smoke-windows: MISLUKT bij stap '$STEP': $*" >&2; exit 1; }
trap 'rc=$?; [ $rc = 0 ] || echo "smoke-windows: MISLUKT bij stap '"'"'$STEP'"'"' (afsluitcode $rc)" >&2' EXIT

VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' toegang_app/__init__.py)
SETUP="$(realpath "${1:-dist/Toegang-$VERSION-setup.exe}")"
[ -f "$SETUP" ] || fail "$SETUP bestaat niet (eerst: bash packaging/build-windows.sh)"

STEP="Wine installeren"
WINE="${WINE:-$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)}"
if [ ! -x "$WINE" ]; then
  echo "== $STEP (Debian-pakket wine64)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends wine64 >/dev/null 2>&1 \
    || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends wine64 >/dev/null; }
  WINE=/usr/lib/wine/wine64
fi
WINESERVER="$(dirname "$WINE")/wineserver"
[ -x "$WINESERVER" ] || WINESERVER="$(command -v wineserver)"
echo "== $("$WINE" --version), installer $(basename "$SETUP") ($(du -h "$SETUP" | cut -f1))"

WORK=$(mktemp -d /tmp/toegang-smoke.XXXXXX)
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d" WINEARCH=win64
trap 'rc=$?; "$WINESERVER" -k >/dev/null 2>&1 || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK";
      [ $rc = 0 ] || echo "smoke-windows: MISLUKT bij stap '"'"'$STEP'"'"' (afsluitcode $rc)" >&2' EXIT
unset DISPLAY WAYLAND_DISPLAY  # nothing may need a screen

# run WINDOWS_PROGRAM ARGS...: with a time limit, standard streams on pipes; output in $WORK/out.txt
run() {
  set +e
  timeout 600 "$WINE" "$@" </dev/null 2>&1 | cat >"$WORK/out.txt"
  local rc=${PIPESTATUS[0]}
  set -e
  "$WINESERVER" -w
  return "$rc"
}

STEP="nieuw Wine-prefix"
echo "== $STEP"
timeout 300 "$WINE" wineboot -i >/dev/null 2>&1 || fail "wineboot mislukte"
"$WINESERVER" -w
USERDIR=$(ls -d "$WINEPREFIX"/drive_c/users/*/ | grep -v /Public/ | head -n1)
LOCAL="$USERDIR/AppData/Local"
INST="$LOCAL/Programs/Toegang"
DATA="$LOCAL/Toegang/Toegang"
LNK="$USERDIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Toegang.lnk"
[ -d "$LOCAL" ] || fail "geen AppData\\Local in het nieuwe prefix"

STEP="stil installeren (setup.exe /S)"
echo "== $STEP"
run "$SETUP" /S || { cat "$WORK/out.txt"; fail "installer gaf afsluitcode $?"; }
for f in toegang.exe toegang-admin.exe verwijderen.exe toegang.ico Python/python.exe Python/python311._pth \
         app/toegang_app/__init__.py app/resources/fonts/OpenSans-Regular.ttf app/db/env.py lib/PySide6/Qt6Core.dll; do
  [ -f "$INST/$f" ] || fail "ontbreekt na installatie: %LOCALAPPDATA%\\Programs\\Toegang\\${f//\//\\}"
done
[ -f "$LNK" ] || fail "geen snelkoppeling in het Startmenu"
grep -q 'Uninstall\\\\Toegang\]' "$WINEPREFIX/user.reg" || fail "geen verwijder-item (HKCU ...\\Uninstall\\Toegang)"
grep -A12 'Uninstall\\\\Toegang\]' "$WINEPREFIX/user.reg" | grep -q "\"DisplayVersion\"=\"$VERSION\"" \
  || fail "verwijder-item zonder DisplayVersion $VERSION"
echo "   geïnstalleerd in %LOCALAPPDATA%\\Programs\\Toegang ($(du -sh "$INST" | cut -f1)), snelkoppeling en verwijder-item aanwezig"
(cd "$INST" && find . -printf '%P %s %T@\n' | sort) >"$WORK/files-before.txt"

STEP="zelftest (toegang.exe --self-test -platform offscreen)"
echo "== $STEP"
run "$INST/toegang.exe" --self-test -platform offscreen || { cat "$WORK/out.txt"; fail "zelftest gaf afsluitcode $?"; }
sed 's/^/   /' "$WORK/out.txt"
grep -q "Zelftest geslaagd" "$WORK/out.txt" || fail "geen 'Zelftest geslaagd' in de uitvoer"
[ -f "$DATA/toegang.sqlite" ] || fail "geen database in %LOCALAPPDATA%\\Toegang\\Toegang"
if grep -q "Could not load font" "$DATA"/logs/*.log 2>/dev/null; then fail "het meegeleverde lettertype laadt niet"; fi

STEP="triage (toegang-admin.exe triage voorbeeld-casus.json)"
echo "== $STEP"
cp packaging/voorbeeld-casus.json "$USERDIR/voorbeeld-casus.json"
CASE_WIN="C:\\users\\$(basename "$USERDIR")\\voorbeeld-casus.json"
run "$INST/toegang-admin.exe" triage "$CASE_WIN" || { cat "$WORK/out.txt"; fail "triage gaf afsluitcode $?"; }
python3 - "$WORK/out.txt" <<'EOF' || fail "onverwachte triage-uitvoer"
import json, sys
out = json.load(open(sys.argv[1], encoding="utf-8"))
assert out["ave"]["fase"] == 2, out["ave"]
assert out["suggesties"], "geen suggesties"
assert any(t["wet"] == "Wmo" for t in out["termijnen"]), out["termijnen"]
print(f"   AVE-fase {out['ave']['fase']}, {len(out['suggesties'])} suggesties, {len(out['termijnen'])} termijnen")
EOF

STEP="niets geschreven in de programmamap"
echo "== $STEP"
(cd "$INST" && find . -printf '%P %s %T@\n' | sort) >"$WORK/files-after.txt"
diff -u "$WORK/files-before.txt" "$WORK/files-after.txt" >"$WORK/files.diff" || { head -40 "$WORK/files.diff" >&2; fail "de programmamap is veranderd"; }
echo "   $(wc -l <"$WORK/files-after.txt") bestanden, ongewijzigd"

STEP="opnieuw installeren over de vorige (bijwerken)"
echo "== $STEP"
echo "niet van Toegang" >"$DATA/eigen-bestand.txt"
run "$SETUP" /S || { cat "$WORK/out.txt"; fail "installer gaf afsluitcode $?"; }
run "$INST/toegang.exe" --self-test -platform offscreen || { cat "$WORK/out.txt"; fail "zelftest na bijwerken gaf afsluitcode $?"; }
grep -q "Zelftest geslaagd" "$WORK/out.txt" || fail "zelftest na bijwerken niet geslaagd"
echo "   bijgewerkt, zelftest geslaagd"

STEP="stil verwijderen (verwijderen.exe /S)"
echo "== $STEP"
run "$INST/verwijderen.exe" /S || { cat "$WORK/out.txt"; fail "verwijderen gaf afsluitcode $?"; }
[ ! -e "$INST" ] || fail "programmamap bestaat nog: $(cd "$INST" && find . | head -5 | tr '\n' ' ')"
[ ! -e "$LNK" ] || fail "snelkoppeling in het Startmenu bestaat nog"
if grep -q 'Uninstall\\\\Toegang\]' "$WINEPREFIX/user.reg"; then fail "verwijder-item staat nog in het register"; fi
[ -f "$DATA/toegang.sqlite" ] || fail "de database van de gebruiker is verwijderd"
[ -f "$DATA/eigen-bestand.txt" ] && [ -d "$DATA/logs" ] || fail "de gegevensmap van de gebruiker is aangetast"
echo "   programma, snelkoppeling en verwijder-item weg; database en gegevensmap bewaard"

STEP="klaar"
echo "smoke-windows: GESLAAGD: $(basename "$SETUP") installeert, start (zelftest), triageert, werkt bij en verwijdert netjes"
