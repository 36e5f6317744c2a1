"""Packaging: the icon a user sees, what every bundle must contain, the example case the smoke
tests triage, and the scripts CI runs. The bundles themselves are built and run by
packaging/build-linux.sh (CI) and packaging/smoke-windows.sh (Windows installer under Wine)."""

from __future__ import annotations

import json
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


def test_icon_script_reproduces_the_committed_icon(tmp_path, monkeypatch):
    import make_icon

    monkeypatch.setattr(make_icon, "ROOT", tmp_path)
    (tmp_path / "packaging").mkdir()
    assert make_icon.main() == 0
    from PySide6.QtGui import QImage

    assert QImage(str(tmp_path / "resources/icons/toegang.png")) == QImage(str(REPO / "resources/icons/toegang.png"))
    assert (tmp_path / "packaging/toegang.ico").read_bytes() == (PACKAGING / "toegang.ico").read_bytes()


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


def test_bundle_ships_the_dutch_holiday_names_used_for_legal_terms():
    dests = {dest for _src, dest in bundle_config.holidays_locale_files()}
    assert "holidays/locale/nl/LC_MESSAGES" in dests


def test_example_case_triages_like_the_smoke_tests_expect(data_dir, capsys):
    """The smoke tests (Linux bundle, Windows installer) check this answer: fase 2, suggestions, Wmo terms."""
    from toegang_app.cli import main

    assert main(["triage", str(PACKAGING / "voorbeeld-casus.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ave"]["fase"] == 2
    assert out["suggesties"]
    assert any(t["wet"] == "Wmo" for t in out["termijnen"])


@pytest.mark.parametrize("script", ["build-linux.sh"])
def test_packaging_scripts_are_executable_in_git(script):
    """.ci/run only runs packaging/build-linux.sh when it is executable in the checkout."""
    mode = subprocess.run(["git", "ls-files", "-s", f"packaging/{script}"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout.split()
    assert mode and mode[0] == "100755", f"{script}: {mode}"
