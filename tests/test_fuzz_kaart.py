"""Fuzzing the sociale-kaart readers (issue 19): generated kaart YAML files for `toegang-admin kaart check`
and generated HSDS packages for `toegang-admin kaart import-hsds`: an answer or Dutch problems with exit
code 2, never a traceback or "onverwachte fout".

The readers belong to the kaart work (issue 17); crashes these tests find in them are reported, not fixed
here. Runs derandomized; TOEGANG_FUZZ_RANDOM=1 explores new inputs."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml

pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz_strategies import _paths, json_values, plausible  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
KAART = yaml.safe_load((REPO / "resources" / "kaart" / "haaksbergen.yaml").read_text(encoding="utf-8"))
RANDOM = os.environ.get("TOEGANG_FUZZ_RANDOM") == "1"
FUZZ = settings(max_examples=int(os.environ.get("TOEGANG_FUZZ_EXAMPLES", "40")), deadline=None,
                derandomize=not RANDOM, database=None if not RANDOM else settings.default.database,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


def _assert_clean(rc: int, err: str) -> None:
    assert "Traceback" not in err and "onverwacht" not in err, err[:2000]
    assert rc in (0, 2), (rc, err[:2000])


@st.composite
def mutated(draw, doc) -> object:
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(doc) if p]
        if not paths or not isinstance(doc, (dict, list)):
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            parent[path[-1]] = draw(st.one_of(plausible, json_values))
        else:
            del parent[path[-1]]
    return doc


SMALL_KAART = {**KAART, "voorzieningen": KAART["voorzieningen"][:4]}
kaart_files = st.one_of(
    mutated(SMALL_KAART).map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8")),
    st.binary(max_size=200),
    st.sampled_from([b"", b"voorzieningen: 5\n", b"- 1\n- 2\n", b"versie: [\n", b"\xff\xfe",
                     b"voorzieningen:\n" + b"  - " * 1 + b"[" * 5000 + b"\n", b"a: &a [*a]\n"]),
)


@FUZZ
@given(content=kaart_files)
def test_kaart_check_never_crashes_on_generated_files(data_dir, tmp_path, capsys, content):
    from toegang_app import cli

    path = tmp_path / "kaart.yaml"
    path.write_bytes(content)
    rc = cli.main(["kaart", "check", str(path)])
    _out, err = capsys.readouterr()
    _assert_clean(rc, err)


@pytest.fixture(scope="module")
def hsds_export(tmp_path_factory) -> dict:
    from toegang_app.domain.kaart_io import kaart_resources_dir, load_kaart_dir
    from toegang_app.services.hsds import export_hsds

    out = tmp_path_factory.mktemp("hsds")
    export_hsds(list(load_kaart_dir(kaart_resources_dir()))[:5], out)
    return json.loads((out / "services.json").read_text(encoding="utf-8"))


@FUZZ
@given(data=st.data())
@example(data=None)
def test_hsds_import_never_crashes_on_generated_packages(hsds_export, data_dir, tmp_path, capsys, data):
    from toegang_app import cli

    if data is None:
        doc = {"services": 5}
    else:
        doc = data.draw(st.one_of(mutated(hsds_export), json_values))
    path = tmp_path / "services.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rc = cli.main(["kaart", "import-hsds", str(path)])
    _out, err = capsys.readouterr()
    _assert_clean(rc, err)
