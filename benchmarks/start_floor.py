"""The floor of the start (issue 26): what must be imported and queried before the start screen can be
filled, each step timed in a fresh process (median of ``--runs``), on the benchmark's small database.

    .venv/bin/python benchmarks/start_floor.py [--runs 5]

Needs the database of ``bench.py --klein`` (built by it on first use). Prints a Markdown table for
docs/performance.md. Not part of the test run."""

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
import sqlalchemy, sqlalchemy.orm; m("import SQLAlchemy core and ORM")
import toegang_app.storage.models; m("import storage.models (declarative mapping)")
from toegang_app.config import load_config
from toegang_app.services.context import open_context
from toegang_app.services.resources import UITSTELBAAR
m("other imports (config, context, migration check)")
cfg = load_config(); ctx = open_context(cfg, uitstellen=UITSTELBAAR)
m("open the database, check the schema, read the resources the start needs")
from toegang_app.services import concepten, gebruikers, gesprekken
m("import the start screen's services")
ctx.user = gebruikers.aanmelden_os(ctx); m("sign in with the Windows account (first query)")
gesprekken.recente_gesprekken(ctx); m("recent conversations (query)")
concepten.open_concepten(ctx); m("open drafts")
ctx.resources.laad_uitgesteld(); m("deferred, after the start screen: " + ", ".join(UITSTELBAAR))
prev = t0
for n, t in marks:
    print(f"{n}\t{(t - prev) * 1000:.1f}"); prev = t
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    db = bench.CACHE / "bench-2000-20000.sqlite"
    bench.build_db(db, 2_000, 20_000)
    data = Path(tempfile.mkdtemp(prefix="toegang-floor-"))
    bench.prepare_sign_in(db, data)
    env = bench.env_for(data, db)
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
