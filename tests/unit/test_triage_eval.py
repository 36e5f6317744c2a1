"""The triage evaluation as a test: the judge of ../shared/triage-eval (copied into tests/triage_eval/gedeeld)
runs `toegang-admin triage` on labelled cases and must report every goal met, for the shared cases and for
the cases of our own (tests/triage_eval/eigen)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1] / "triage_eval"
JUDGE = HERE / "gedeeld" / "evaluate.py"


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """A `toegang-admin` that runs this checkout's code with this interpreter, in an empty data folder
    (the shipped kaart, no desk database)."""
    d = tmp_path_factory.mktemp("cli")
    data = d / "data"
    data.mkdir()
    script = d / "toegang-admin"
    script.write_text(f"#!{sys.executable}\nimport os, sys\nos.environ['TOEGANG_DATA_DIR'] = {str(data)!r}\n"
                      "os.environ.pop('TOEGANG_DATABASE_URL', None)\n"
                      "from toegang_app.cli import main\nsys.exit(main())\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def judge(cases: Path, cli: Path) -> tuple[str, int]:
    if os.name == "nt":   # no shebang scripts on Windows: the judge calls the CLI by path
        pytest.skip("the judge runs the CLI as a script (POSIX)")
    p = subprocess.run([sys.executable, str(JUDGE), str(cases), "--cli", str(cli)], capture_output=True,
                       text=True, timeout=600)
    return p.stdout + p.stderr, p.returncode


def totals(out: str) -> dict:
    m = re.search(r"essential@5 (\d+)%, precision@5 (\d+)%, harmful in (\d+) cases, fase (\d+)%, gated (\d+)%, "
                  r"median shown ([\d.]+)", out)
    assert m, out
    return dict(zip(("essential", "precision", "harmful", "fase", "gated", "median"), map(float, m.groups())))


@pytest.mark.parametrize("folder", ["gedeeld", "eigen"])
def test_evaluation_meets_every_goal(folder, cli):
    out, rc = judge(HERE / folder, cli)
    t = totals(out)
    assert t["essential"] >= 90 and t["precision"] >= 70 and t["harmful"] == 0, out
    assert t["fase"] >= 90 and t["gated"] == 100 and t["median"] <= 10, out
    assert rc == 0 and "(all goals met)" in out, out


def test_own_cases_cover_both_gemeenten_and_all_ages():
    import json
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in (HERE / "eigen").glob("*.json")
             if not p.name.endswith(".expect.json")]
    assert len(cases) >= 6
    assert {c["gemeente"] for c in cases} == {"haaksbergen", "twenterand"}
    ages = sorted(2026 - c["geboortejaar"] for c in cases)
    assert ages[0] < 18 and any(18 <= a < 27 for a in ages) and ages[-1] >= 67
