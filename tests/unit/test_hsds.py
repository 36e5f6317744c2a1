"""Open Referral HSDS 3.0: the export validates against the compiled schemas, the specification's own
examples import, and export -> import keeps every field of every voorziening."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from toegang_app.domain.kaart_io import load_kaart_dir, voorziening_from_dict
from toegang_app.services import hsds

REPO = Path(__file__).resolve().parents[2]
KAART = REPO / "resources" / "kaart"
SPEC = REPO.parent / "shared" / "standards" / "hsds-3.0"
STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)

needs_spec = pytest.mark.skipif(not SPEC.is_dir(), reason=f"HSDS-specificatie niet gevonden in {SPEC}")


@pytest.fixture(scope="module")
def kaart():
    return list(load_kaart_dir(KAART))


@pytest.fixture(scope="module")
def export_dir(kaart, tmp_path_factory):
    d = tmp_path_factory.mktemp("hsds")
    hsds.export_hsds(kaart, d, exported_at=STAMP)
    return d


def _validator(name: str, base: Path):
    schema = json.loads((base / f"{name}.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_schemas_and_licence_shipped():
    base = REPO / "resources" / "hsds"
    for name in ("service.json", "organization.json", "LICENSE"):
        assert (base / name).is_file()
    assert "Creative Commons" in (base / "LICENSE").read_text(encoding="utf-8")
    assert hsds.schema_dir() == base


@needs_spec
def test_shipped_schemas_equal_the_specification():
    for name in ("service.json", "organization.json"):
        assert (REPO / "resources" / "hsds" / name).read_bytes() == (SPEC / "schema" / "compiled" / name).read_bytes()


@pytest.mark.parametrize("name, filename", [("service", "services.json"), ("organization", "organizations.json")])
def test_export_validates_against_compiled_schemas(export_dir, name, filename):
    validator = _validator(name, REPO / "resources" / "hsds")
    objects = json.loads((export_dir / filename).read_text(encoding="utf-8"))
    assert isinstance(objects, list) and objects
    errors = [f"{o.get('name')}: {e.message}" for o in objects for e in validator.iter_errors(o)]
    assert errors == []


def test_export_contents(export_dir, kaart):
    services = json.loads((export_dir / "services.json").read_text(encoding="utf-8"))
    assert len(services) == len(kaart)
    assert len({s["id"] for s in services}) == len(services)
    vt = next(s for s in services if s["name"] == "Veilig Thuis Twente")
    codes = {a["taxonomy_term"]["code"]: a["value"] for a in vt["attributes"]}
    assert codes["trede"] == "5" and codes["regionaal"] == "true" and codes["toegang_id"] == "regio-veilig-thuis-twente"
    assert all(a["taxonomy_term"]["taxonomy"] == hsds.TAXONOMIE for s in services for a in s["attributes"])
    assert {a["name"] for a in vt["service_areas"]} == {"Haaksbergen", "Twenterand"}
    inactive = next(s for s in services if s["name"] == "Meedoenregeling")
    assert inactive["status"] == "inactive"


def test_uuids_are_stable(kaart, tmp_path):
    hsds.export_hsds(kaart[:5], tmp_path / "a", exported_at=STAMP)
    hsds.export_hsds(kaart[:5], tmp_path / "b", exported_at=STAMP)
    for f in ("services.json", "organizations.json", "csv/attributes.csv", "csv/datapackage.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_csv_datapackage(export_dir):
    pkg = json.loads((export_dir / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["profile"] == "tabular-data-package"
    for res in pkg["resources"]:
        path = export_dir / "csv" / res["path"]
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == [f["name"] for f in res["schema"]["fields"]]
    names = {r["name"] for r in pkg["resources"]}
    assert {"services", "organizations", "attributes", "taxonomy_terms", "phones", "service_areas"} <= names


@pytest.mark.parametrize("sub", ["", "csv", "csv/datapackage.json", "services.json"])
def test_round_trip_keeps_every_field(export_dir, kaart, sub):
    back = hsds.import_hsds(export_dir / sub if sub else export_dir)
    assert len(back) == len(kaart)
    by_id = {v.id: v for v in back}
    for v in kaart:
        assert by_id[v.id] == v, v.id


def test_round_trip_of_odd_values(tmp_path):
    d = {"id": "hb-odd", "naam": "Naam, met \"quotes\"\nen regel", "aanbieder": "Aanbieder; x", "gemeenten": ["haaksbergen"],
         "kernen": ["Buurse"], "regionaal": False, "trede": 4, "wet": "Wmo", "leefgebieden": ["wonen", "financien"],
         "dimensies": [], "omschrijving": "Omschrijving é ü", "doelgroep": "Iedereen", "leeftijd_min": 0,
         "leeftijd_max": 120, "inkomen_max_pct": 0, "voorwaarden": "Geen", "toegang": "beschikking",
         "contact": {"telefoon": "053-0000000", "email": "a@b.nl", "website": "www.voorbeeld.nl", "adres": "Straat 1"},
         "bron": ["seeds/003:210", "eigen navraag"], "laatst_geverifieerd": "2026-01-02", "actief": False,
         "zoekterm": "odd"}
    v = voorziening_from_dict(d, "test")
    hsds.export_hsds([v], tmp_path, exported_at=STAMP)
    assert hsds.import_hsds(tmp_path) == [v]
    assert hsds.import_hsds(tmp_path / "csv") == [v]


@needs_spec
@pytest.mark.parametrize("example", ["service_full.json", "service_list.json", "organization_full.json",
                                     "service_at_location_full.json", "csv"])
def test_specification_examples_import_for_review(example):
    items = hsds.import_hsds(SPEC / "examples" / example)
    assert items, example
    for v in items:
        assert v.id.startswith("hsds-")
        assert not v.actief and v.laatst_geverifieerd is None
        assert "controleren" in (v.voorwaarden or "")
        assert v.naam and v.aanbieder


@needs_spec
def test_example_fields_mapped():
    (v,) = hsds.import_hsds(SPEC / "examples" / "service_full.json")
    src = json.loads((SPEC / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert v.naam == src["name"]
    assert v.omschrijving == src["description"].strip()
    assert v.leeftijd_min == int(src["minimum_age"]) and v.leeftijd_max == int(src["maximum_age"])
    assert v.doelgroep == src["eligibility_description"]
    assert v.aanbieder == src["organization"]["name"]


@needs_spec
def test_every_spec_json_example_is_readable():
    for f in sorted((SPEC / "examples").glob("*.json")):
        hsds.import_hsds(f)  # files without services give an empty list, never an exception


def test_import_errors_in_dutch(tmp_path):
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.import_hsds(tmp_path / "nergens")
    assert "bestaat niet" in exc.value.messages[0]
    (tmp_path / "kapot.json").write_text("{", encoding="utf-8")
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.import_hsds(tmp_path / "kapot.json")
    assert "geen leesbare JSON" in exc.value.messages[0]
    (tmp_path / "leeg").mkdir()
    with pytest.raises(hsds.HsdsError):
        hsds.import_hsds(tmp_path / "leeg")


def test_validate_hsds_reports_schema_errors():
    msgs = hsds.validate_hsds([{"id": "x", "name": "Zonder status"}], [])
    assert msgs and "status" in msgs[0]
