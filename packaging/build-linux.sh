#!/usr/bin/env bash
# Build the Linux one-folder bundle (PyInstaller, packaging/toegang.spec) into dist/linux/toegang/
# and prove that it works: the bundled `toegang --self-test` (offscreen) and `toegang-admin triage`
# on packaging/voorbeeld-casus.json, run from an empty folder with a fresh data folder, must
# succeed, find the bundled font and resources, and write nothing next to the program.
# .ci/run calls this after the tests, so a broken packaging configuration fails CI.
# Exits non-zero and names the step on any failure. Takes about a minute on 2 cores.
set -euo pipefail
source "$(dirname "$0")/../tools/env.sh"  # ROOT, VENV (creates/updates .venv when needed)
cd "$ROOT"

PYINSTALLER_VERSION=6.22.3
DIST="$ROOT/dist/linux"
BUNDLE="$DIST/toegang"
STEP="voorbereiden"
fail() { echo "build-linux: MISLUKT bij stap '$STEP': $*" >&2; exit 1; }
trap 'rc=$?; [ $rc = 0 ] || echo "build-linux: MISLUKT bij stap '"'"'$STEP'"'"' (afsluitcode $rc)" >&2' EXIT

STEP="PyInstaller installeren"
echo "== $STEP ($PYINSTALLER_VERSION)"
if [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("pyinstaller"))' 2>/dev/null)" != "$PYINSTALLER_VERSION" ]; then
  "$VENV/bin/python" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION"
fi

STEP="bundel bouwen"
echo "== $STEP (dist/linux/toegang)"
t0=$SECONDS
rm -rf "$BUNDLE"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$DIST" --workpath "$ROOT/build/pyinstaller" \
  packaging/toegang.spec
[ -x "$BUNDLE/toegang" ] && [ -x "$BUNDLE/toegang-admin" ] || fail "toegang of toegang-admin ontbreekt in $BUNDLE"
for f in resources/fonts/OpenSans-Regular.ttf resources/fonts/ToegangSansArabic-Regular.ttf \
         resources/fonts/ToegangSansEthiopic-Regular.ttf resources/handout_talen/ar.yaml resources/icons/toegang.png \
         resources/ave.yaml db/env.py; do
  [ -f "$BUNDLE/_internal/$f" ] || fail "$f ontbreekt in de bundel"
done
echo "   klaar in $((SECONDS - t0)) s, $(du -sh "$BUNDLE" | cut -f1)"

WORK=$(mktemp -d /tmp/toegang-bundle-test.XXXXXX)
trap 'rc=$?; rm -rf "$WORK"; [ $rc = 0 ] || echo "build-linux: MISLUKT bij stap '"'"'$STEP'"'"' (afsluitcode $rc)" >&2' EXIT
export TOEGANG_DATA_DIR="$WORK/data"
unset TOEGANG_DATABASE_URL PYTHONPATH PYTHONHOME || true
find "$BUNDLE" -printf '%P %s %T@\n' | sort >"$WORK/before.txt"
mkdir -p "$WORK/cwd"
cd "$WORK/cwd"  # not the source tree: the bundle must find everything inside itself

STEP="zelftest (toegang --self-test)"
echo "== $STEP"
"$BUNDLE/toegang" --self-test -platform offscreen >"$WORK/selftest.out" 2>&1 || { cat "$WORK/selftest.out" >&2; fail "zelftest gaf afsluitcode $?"; }
cat "$WORK/selftest.out"
grep -q "Zelftest geslaagd" "$WORK/selftest.out" || fail "geen 'Zelftest geslaagd' in de uitvoer"
[ -f "$TOEGANG_DATA_DIR/toegang.sqlite" ] || fail "geen database in de datamap $TOEGANG_DATA_DIR"
if grep -q "Could not load font" "$TOEGANG_DATA_DIR"/logs/*.log 2>/dev/null; then fail "het meegeleverde lettertype laadt niet"; fi

STEP="triage (toegang-admin triage)"
echo "== $STEP"
"$BUNDLE/toegang-admin" triage "$ROOT/packaging/voorbeeld-casus.json" >"$WORK/triage.json" 2>"$WORK/triage.err" \
  || { cat "$WORK/triage.err" >&2; fail "triage gaf een foutcode"; }
"$VENV/bin/python" - "$WORK/triage.json" <<'EOF' || fail "onverwachte triage-uitvoer"
import json, sys
out = json.load(open(sys.argv[1], encoding="utf-8"))
assert out["ave"]["fase"] == 2, out["ave"]
assert out["suggesties"], "geen suggesties"
assert any(t["wet"] == "Wmo" for t in out["termijnen"]), out["termijnen"]
print(f"   AVE-fase {out['ave']['fase']}, {len(out['suggesties'])} suggesties, {len(out['termijnen'])} termijnen")
EOF

STEP="niets geschreven naast het programma"
echo "== $STEP"
find "$BUNDLE" -printf '%P %s %T@\n' | sort >"$WORK/after.txt"
if ! diff -u "$WORK/before.txt" "$WORK/after.txt" >"$WORK/diff.txt"; then
  cat "$WORK/diff.txt" >&2
  fail "de programma-map is veranderd tijdens het draaien"
fi

STEP="klaar"
echo "build-linux: bundel in dist/linux/toegang werkt (zelftest, triage, alleen schrijven in de datamap)"
