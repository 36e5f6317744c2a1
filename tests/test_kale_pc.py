"""A README that works on a bare PC (issue 25): a Dutch message instead of Qt's English abort when there is
no display or Qt's system libraries are missing, tools/run.sh that shows demo-data errors, tools/admin.sh,
an install without setuptools warnings, and a README apt list that names every library Qt loads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from toegang_app.app import XCB_BIBLIOTHEKEN, scherm_probleem

REPO = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def test_without_a_display_the_app_says_so_in_dutch(data_dir):
    res = subprocess.run([sys.executable, "-m", "toegang_app.app"], env=_env(), capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 3
    assert "Toegang kan geen venster openen: er is geen beeldscherm" in res.stderr
    assert "qt.qpa" not in res.stderr and "Aborted" not in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("env, args, verwacht", [
    ({}, [], "geen beeldscherm"),
    ({"QT_QPA_PLATFORM": "xcb"}, [], "geen beeldscherm"),
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, [], "geen beeldscherm"),
    ({"QT_QPA_PLATFORM": "offscreen"}, [], None),
    ({}, ["-platform", "offscreen"], None),
    ({"WAYLAND_DISPLAY": "wayland-0"}, [], None),
])
def test_display_check(env, args, verwacht):
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    msg = scherm_probleem(args, environ=env)
    assert (msg is None) if verwacht is None else (verwacht in msg)


def test_missing_qt_libraries_are_named_as_packages(monkeypatch):
    import ctypes

    real = ctypes.CDLL

    def cdll(name, *a, **kw):
        if name in ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0"):
            raise OSError(f"{name}: cannot open shared object file")
        return real(name, *a, **kw)

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    msg = scherm_probleem([], environ={"DISPLAY": ":0"})
    assert msg is not None and "sudo apt-get install" in msg
    assert "libxcb-cursor0" in msg and "libxkbcommon-x11-0" in msg
    assert "cannot open" not in msg


def test_readme_apt_list_names_every_library_qt_loads_and_python():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"sudo apt-get install ([^\n`]+)", readme)
    assert m, "README: no apt-get install line"
    pakketten = set(m.group(1).split())
    assert set(XCB_BIBLIOTHEKEN.values()) <= pakketten, set(XCB_BIBLIOTHEKEN.values()) - pakketten
    assert {"python3", "python3-venv"} <= pakketten
    assert "Python 3.11" in readme
    assert "tools/admin.sh" in readme
    # the two set-up commands, exactly two
    start = readme.index("## Starten en testen")
    block = readme[start:readme.index("```", readme.index("```sh", start) + 5)]
    assert [line.split()[1] for line in block.splitlines() if line.startswith("bash tools/")] == \
        ["tools/run.sh", "tools/test.sh"]


def test_run_sh_shows_demo_data_errors_and_admin_sh_runs_toegang_admin(tmp_path):
    run = (REPO / "tools" / "run.sh").read_text(encoding="utf-8")
    assert "2>/dev/null" not in run and "|| true" not in run
    admin = REPO / "tools" / "admin.sh"
    assert os.access(admin, os.X_OK)
    blok = tmp_path / "geen-map"
    blok.write_text("dit is een bestand", encoding="utf-8")   # a data folder that cannot be made
    env = _env(TOEGANG_VENV=str(VENV), TOEGANG_DATA_DIR=str(blok / "data"))
    res = subprocess.run(["bash", str(REPO / "tools" / "run.sh")], env=env, capture_output=True, text=True,
                         timeout=180)
    assert res.returncode != 0
    assert "de demogegevens zijn niet geladen" in res.stderr
    assert "datamap" in res.stderr.lower()                     # toegang-admin's own Dutch reason, not hidden
    assert "een deel van het pad is een bestand, geen map" in res.stderr   # not the system's "Not a directory"
    assert "(None)" not in res.stderr and "Not a directory" not in res.stderr
    # then the app itself: a Dutch message, never Qt's abort (found on the bare Debian: a message box
    # about the data folder was tried without a display)
    assert "Toegang kan geen venster openen" in res.stderr
    assert "qt.qpa" not in res.stderr and "Aborted" not in res.stderr and res.returncode == 3
    assert "Traceback" not in res.stderr
    env = _env(TOEGANG_VENV=str(VENV), TOEGANG_DATA_DIR=str(tmp_path / "data"))
    res = subprocess.run(["bash", str(admin), "config"], env=env, capture_output=True, text=True, timeout=180)
    assert res.returncode == 0, res.stderr
    assert "Datamap:" in res.stdout and str(tmp_path / "data") in res.stdout


def test_pyproject_license_is_an_spdx_string():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "EUPL-1.2"
    assert any(r.startswith("setuptools>=77") for r in meta["build-system"]["requires"])


@pytest.mark.slow
def test_install_prints_no_setuptools_warnings(tmp_path):
    """The metadata build (what `pip install -e .` runs first) gives no BuildBackendWarning."""
    res = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--dry-run", "-e", str(REPO)],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    out = "\n".join(line for line in (res.stdout + res.stderr).splitlines()
                     if not line.startswith("WARNING: Location"))   # this machine's pip index settings
    assert res.returncode == 0, out
    assert "BuildBackendWarning" not in out and "project.license" not in out, out
