"""Fuzzing the exchange-format readers (issue 19): generated files, from mutated real cases to random JSON
and bytes, fed to `toegang-admin triage` and `toegang-admin gesprek import`. Never a traceback or
"onverwachte fout", only an answer or one Dutch error line with its exit code; and an import that fails
leaves the database exactly as it was.

Runs derandomized (the same examples every run) so CI is stable; set TOEGANG_FUZZ_RANDOM=1 to explore
new inputs locally."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# the shared labelled cases beside the checkout, or the repository's own copy of them (a CI checkout alone)
CASES_DIR = next((d for d in (REPO.parent / "shared" / "triage-eval" / "cases", REPO / "tests" / "triage_eval" / "gedeeld")
                  if d.is_dir()), REPO / "tests" / "triage_eval" / "gedeeld")


def _seed_cases() -> list[dict]:
    cases = [json.loads((REPO / "packaging" / "voorbeeld-casus.json").read_text(encoding="utf-8"))]
    if CASES_DIR.is_dir():
        for p in sorted(CASES_DIR.glob("*.json")):
            if not p.name.endswith(".expect.json"):
                cases.append(json.loads(p.read_text(encoding="utf-8")))
    return cases


SEEDS = _seed_cases()
RANDOM = os.environ.get("TOEGANG_FUZZ_RANDOM") == "1"
FUZZ = settings(max_examples=int(os.environ.get("TOEGANG_FUZZ_EXAMPLES", "120")), deadline=None,
                derandomize=not RANDOM, database=None if not RANDOM else settings.default.database,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

from tests.fuzz_strategies import _paths, json_values, plausible  # noqa: E402


@st.composite
def mutated_case(draw, values=json_values, most: int = 4) -> dict | list | str | int | None:
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=0 if values is plausible else 1, max_value=most))):
        paths = [p for p in _paths(doc) if p]
        if not paths or not isinstance(doc, dict):
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(values)
    return doc


def _deep(n: int) -> str:
    return '{"formaat": "toegang-uitvraag/2", "gemeente": ' + "[" * n + "1" + "]" * n + "}"


file_contents = st.one_of(
    mutated_case(plausible, 2).map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8")),
    mutated_case(plausible, 2).map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8")),
    mutated_case().map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8")),
    mutated_case().map(lambda d: json.dumps(d).encode("utf-8")[: max(1, len(json.dumps(d)) // 2)]),  # cut off
    json_values.map(lambda d: json.dumps(d).encode("utf-8")),
    st.binary(max_size=200),
    st.sampled_from([b"", b"\xef\xbb\xbf{}", b"\xff\xfe{", _deep(200).encode(), _deep(100_000).encode(),
                     b"[" * 50_000, b'{"formaat": "toegang-uitvraag/2"' + b', "x": 1' * 10_000 + b"}"]),
)


def _assert_clean(rc: int, err: str, codes: set[int]) -> None:
    assert "Traceback" not in err and "onverwacht" not in err, err
    assert rc in codes, (rc, err)
    if rc != 0:
        assert err.startswith("Fout"), err


# -- triage ---------------------------------------------------------------------------------------------

@pytest.fixture
def quick_triage(data_dir, monkeypatch):
    """The real command, with the sociale kaart read once instead of for every generated file."""
    from toegang_app.commands import triage as cmd

    kaart = cmd._load_kaart()
    monkeypatch.setattr(cmd, "_load_kaart", lambda: kaart)
    return cmd


@FUZZ
@given(content=file_contents)
def test_triage_never_crashes_on_generated_files(quick_triage, tmp_path, capsys, content):
    from toegang_app import cli

    path = tmp_path / "casus.json"
    path.write_bytes(content)
    rc = cli.main(["triage", str(path)])
    out, err = capsys.readouterr()
    event(f"exit code {rc}")
    _assert_clean(rc, err, {0, 2})
    if rc == 0:
        answer = json.loads(out)
        assert "ave" in answer and "suggesties" in answer


# -- gesprek import -------------------------------------------------------------------------------------

@pytest.fixture
def import_db(data_dir, monkeypatch):
    from tests.factories import cli_gebruiker
    from toegang_app.services import resources

    cli_gebruiker("medewerker", "haaksbergen")
    real = resources.load_resources
    cache: dict = {}

    def once(config, sessions=None, root=None, **_kw):  # the real resources, loaded once for all examples
        if "r" not in cache:
            cache["r"] = real(config, sessions, root)
        return cache["r"]

    monkeypatch.setattr(resources, "load_resources", once)
    return data_dir


def _counts() -> dict[str, int]:
    from sqlalchemy import inspect, text

    from toegang_app.config import load_config
    from toegang_app.storage.engine import make_engine

    engine = make_engine(load_config().database_url)
    try:
        with engine.connect() as c:
            tables = [t for t in inspect(c).get_table_names() if t != "alembic_version"]
            out = {t: c.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    finally:
        engine.dispose()
    # signing in writes an audit row of its own: that is not a write of the import
    return out


def _audit_without_sign_in() -> int:
    from sqlalchemy import text

    from toegang_app.config import load_config
    from toegang_app.storage.engine import make_engine

    engine = make_engine(load_config().database_url)
    try:
        with engine.connect() as c:
            return c.execute(text("SELECT count(*) FROM audit_log WHERE actie NOT IN ('aangemeld', 'aanmelden_mislukt')")).scalar()
    finally:
        engine.dispose()


@settings(parent=FUZZ, max_examples=int(os.environ.get("TOEGANG_FUZZ_EXAMPLES", "60")))
@given(content=file_contents)
def test_gesprek_import_never_crashes_and_never_writes_half(import_db, tmp_path, capsys, content):
    from toegang_app import cli

    path = tmp_path / "casus.json"
    path.write_bytes(content)
    before, audit_before = _counts(), _audit_without_sign_in()
    rc = cli.main(["gesprek", "import", str(path)])
    out, err = capsys.readouterr()
    event(f"exit code {rc}")
    # 2: a problem in the file; 5: a case of another desk than the signed-in worker's
    _assert_clean(rc, err, {0, 2, 5})
    after = _counts()
    if rc == 0:
        assert int(out.strip()) > 0 and after["gesprekken"] == before["gesprekken"] + 1
    else:
        assert {k: v for k, v in after.items() if k != "audit_log"} == \
               {k: v for k, v in before.items() if k != "audit_log"}
        assert _audit_without_sign_in() == audit_before


def test_import_with_an_empty_onderbouwing_writes_nothing(import_db, tmp_path, capsys):
    from toegang_app import cli

    seed = next(c for c in SEEDS if c.get("onderbouwing_maatwerk"))
    doc = {**copy.deepcopy(seed), "onderbouwing_maatwerk": {k: "  " for k in seed["onderbouwing_maatwerk"]}}
    path = tmp_path / "casus.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = _counts()
    rc = cli.main(["gesprek", "import", str(path)])
    _out, err = capsys.readouterr()
    assert rc == 2 and "onderbouwing" in err
    assert {k: v for k, v in _counts().items() if k != "audit_log"} == \
           {k: v for k, v in before.items() if k != "audit_log"}
