"""The floor of the start (issue 26): what must be imported and queried before the start screen can be
filled (SQLAlchemy Core since the third pass), and what is deferred until after it (the ORM, the mapping
of the models, the resources the start screen does not show), each step timed in a fresh process (median
of ``--runs``), on the benchmark's small database.

    .venv/bin/python benchmarks/start_floor.py [--runs 5] [--venster]

Needs the database of ``bench.py --klein`` (built by it on first use). Prints a Markdown table for
docs/performance.md. Not part of the test run.

``--venster``: the same floor as whole starts, each against the bare window started interleaved with it
(as ``bench.py`` does): the bare window plus only importing SQLAlchemy, its ORM, mapping the models and one
ORM query (``floor_window.py``), and the app itself; medians and ratios to the bare window."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

STEPS = r'''
import time
t0 = time.perf_counter(); marks = []
def m(n): marks.append((n, time.perf_counter()))
import sqlalchemy; m("import SQLAlchemy core")
import toegang_app.storage.tabellen; m("import storage.tabellen (the start's four tables, Core)")
from toegang_app.config import load_config
from toegang_app.services.context import open_context
from toegang_app.services.resources import UITSTELBAAR
m("other imports (config, context, migration check)")
cfg = load_config(); ctx = open_context(cfg, uitstellen=UITSTELBAAR)
m("open the database, check the schema, read the resources the start needs")
from toegang_app.services import aanmelding, concepten, gesprekslijsten
m("import the start screen's services (aanmelding, gesprekslijsten, concepten)")
ctx.user = aanmelding.aanmelden_os(ctx); m("sign in with the Windows account (first query, Core)")
gesprekslijsten.recente_gesprekken(ctx); m("recent conversations (query, Core)")
concepten.open_concepten(ctx); m("open drafts")
from sqlalchemy.orm import configure_mappers
ctx.sessions.maak(); configure_mappers()
m("deferred, after the start screen: import the ORM, map the models, configure the mappers")
ctx.resources.laad_uitgesteld(); m("deferred, after the start screen: " + ", ".join(UITSTELBAAR))
prev = t0
for n, t in marks:
    print(f"{n}\t{(t - prev) * 1000:.1f}"); prev = t
'''


def venster(env: dict, runs: int) -> None:
    """Whole starts, interleaved with the bare window: how far the floor alone is from it."""
    here = Path(__file__).resolve().parent
    bare = [bench.PY, str(here / "bare_window.py")]
    floor = [bench.PY, str(here / "floor_window.py")]
    variants = [(f"bare window + {what}", floor, {"TOEGANG_FLOOR": level}) for level, what in (
        ("core", "import SQLAlchemy"), ("orm", "import SQLAlchemy and its ORM"),
        ("models", "import SQLAlchemy, ORM, map the models"),
        ("query", "import SQLAlchemy, ORM, map the models, one ORM query"))]
    variants.append(("Toegang: signed in, start screen filled", [bench.PY, "-m", "toegang_app.app"],
                     {"TOEGANG_BENCH_START": "1"}))
    for _name, cmd, extra in variants:  # compiled bytecode and a warm file cache, as bench.py
        bench.wait_for_ready(cmd, {**env, **extra}, ("klaar", "gegevens"))
    base: list[float] = []
    got: dict[str, list[float]] = {name: [] for name, _c, _e in variants}
    for _ in range(runs):
        for name, cmd, extra in variants:
            got[name].append(bench.wait_for_ready(cmd, {**env, **extra}, ("klaar", "gegevens"))[1])
        base += bench.wait_for_ready(bare, env)
    b = statistics.median(base)
    print(f"| start (median of {runs}) | until filled | ratio to the bare window |\n|---|---|---|")
    print(f"| bare PySide6 window (`bare_window.py`) | {b * 1000:.0f} ms | 1.00x |")
    for name, values in got.items():
        m = statistics.median(values)
        print(f"| {name} | {m * 1000:.0f} ms | {m / b:.2f}x |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--venster", action="store_true", help="whole starts against the bare window (see above)")
    args = ap.parse_args()
    db = bench.CACHE / "bench-2000-20000.sqlite"
    bench.build_db(db, 2_000, 20_000)
    data = Path(tempfile.mkdtemp(prefix="toegang-floor-"))
    bench.prepare_sign_in(db, data)
    env = bench.env_for(data, db)
    if args.venster:
        venster(env, args.runs)
        return 0
    subprocess.run([bench.PY, "-c", STEPS], env=env, capture_output=True, check=True)  # writes the .pyc
    rows: dict[str, list[float]] = {}
    for _ in range(args.runs):
        out = subprocess.run([bench.PY, "-c", STEPS], env=env, capture_output=True, text=True, check=True)
        for line in out.stdout.strip().splitlines():
            name, ms = line.split("\t")
            rows.setdefault(name, []).append(float(ms))
    print("| step | cost (median) |\n|---|---|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
