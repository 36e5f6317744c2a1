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
    assert all(a["taxonomy_term"]["taxonomy"] in (hsds.TAXONOMIE, hsds.DOELGROEP_TAXONOMIE)
               for s in services for a in s["attributes"])
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
    """Files with services import; files without (a taxonomy, a location) are refused in Dutch."""
    for f in sorted((SPEC / "examples").glob("*.json")):
        try:
            assert hsds.import_hsds(f), f.name
        except hsds.HsdsError as exc:
            assert exc.messages == [f"{f.name}: bevat geen voorzieningen (geen HSDS-services gevonden)"], f.name


def test_import_errors_in_dutch(tmp_path):
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.import_hsds(tmp_path / "nergens")
    assert "bestaat niet" in exc.value.messages[0]
    (tmp_path / "kapot.json").write_text("{", encoding="utf-8")
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.import_hsds(tmp_path / "kapot.json")
    assert "geen geldige JSON, regel 1, kolom 2" in exc.value.messages[0]
    assert "Expecting" not in exc.value.messages[0]
    (tmp_path / "leeg").mkdir()
    with pytest.raises(hsds.HsdsError):
        hsds.import_hsds(tmp_path / "leeg")


def test_validate_hsds_reports_schema_errors():
    msgs = hsds.validate_hsds([{"id": "x", "name": "Zonder status"}], [])
    assert msgs and "status" in msgs[0]


# -- garbage in: a Dutch message and exit 2, never a traceback (issue 19, item 12) ---------------------

GARBAGE_JSON = [
    '{"services": 5}',
    '{"services": [5, "x", null]}',
    '{"contents": 7}',
    '[1, 2, 3]',
    '"alleen tekst"',
    '12',
    'null',
    '{}',
    '{"name": "X", "status": "active", "phones": 5, "attributes": "nee", "service_areas": {"a": 1}}',
    '{"name": ["lijst"], "status": "active", "organization": "tekst", "minimum_age": "oud"}',
    '{"name": "X", "status": "active", "attributes": [{"taxonomy_term": 5, "value": {"a": 1}}]}',
    '{"organization": {"name": "Org"}, "services": {"name": "geen lijst"}}',
    '{"name": "Org", "services": [{"name": 12}]}',
    '[{"service": 5}, {"service": {"name": null, "status": "active"}}]',
]


def _cli(path, capsys):
    from toegang_app.commands import kaart as kaart_cmd

    code = kaart_cmd.main(["kaart", "import-hsds", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("text", GARBAGE_JSON)
def test_hsds_json_garbage_is_refused_in_dutch(tmp_path, capsys, text):
    p = tmp_path / "services.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.import_hsds(p)
    assert exc.value.messages and all(m for m in exc.value.messages)
    code, out, err = _cli(p, capsys)
    assert code == 2
    assert "Traceback" not in err and "Error" not in err
    assert "services.json" in err


def _csv_package(folder: Path, services_csv: str | bytes | None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text('{"name": "x", "resources": []}', encoding="utf-8")
    if services_csv is not None:
        data = services_csv.encode("utf-8") if isinstance(services_csv, str) else services_csv
        (folder / "services.csv").write_bytes(data)


@pytest.mark.parametrize("services_csv, fragment", [
    (None, "services.csv ontbreekt"),
    ("", "services.csv"),
    ("id,name\n", "geen voorzieningen"),
    ("dit,is\ngeen,hsds\n", "kolom"),
    ("id;name;status\n1;A;active\n", "kolom"),
    (b"id,name,status\n\xff\xfe,\x00,active\n", "services.csv"),
    ("id,name,status\n,Zonder id,active\n", "id"),
])
def test_broken_csv_package_is_refused(tmp_path, capsys, services_csv, fragment):
    folder = tmp_path / "pakket"
    _csv_package(folder, services_csv)
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.import_hsds(folder)
    assert any(fragment in m for m in exc.value.messages), exc.value.messages
    code, out, err = _cli(folder, capsys)
    assert code == 2 and "Traceback" not in err
    assert "0 voorzieningen" not in out


def test_export_carries_who_it_is_for(export_dir):
    services = {s["name"]: s for s in json.loads((export_dir / "services.json").read_text(encoding="utf-8"))}

    def attrs(s, taxonomy=hsds.TAXONOMIE):
        out: dict[str, list[str]] = {}
        for a in s["attributes"]:
            if a["taxonomy_term"]["taxonomy"] == taxonomy:
                out.setdefault(a["taxonomy_term"]["code"], []).append(a["value"])
        return out

    fonds = services["Volwassenenfonds Sport en Cultuur"]
    assert fonds["minimum_age"] == 18 and "maximum_age" not in fonds
    groepen = [a for a in fonds["attributes"] if a["taxonomy_term"]["taxonomy"] == hsds.DOELGROEP_TAXONOMIE]
    assert [(a["link_type"], a["taxonomy_term"]["code"], a["taxonomy_term"]["name"]) for a in groepen] == \
        [("eligibility", "minima", "Minima (laag inkomen)")]
    assert attrs(fonds)["inkomen_max_pct"] == ["120"]
    assert {json.loads(x)["criterium"] for x in attrs(fonds)["criteria_bron"]} == {"doelgroepen", "leeftijd", "inkomen"}
    # an age limit on a child at home is not the service's HSDS minimum_age
    vve = services["Voor- en vroegschoolse educatie (vve)"]
    assert "minimum_age" not in vve and "maximum_age" not in vve
    assert attrs(vve)["leeftijd_geldt_voor"] == ["kind"] and attrs(vve)["leeftijd_min"] == ["2"]
    scheiding = attrs(services["Scheidingspunt"])
    assert json.loads(scheiding["contra_indicatie"][0])["situatie"] == "vermoeden_huiselijk_geweld"
    meedoen = attrs(services["Meedoenregeling"])
    assert meedoen["beeindigd_op"] == ["2025-01-01"] and meedoen["actief"] == ["false"]
    pkg = json.loads((export_dir / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["resources"]
    with (export_dir / "csv" / "taxonomies.csv").open(encoding="utf-8") as fh:
        assert {r["name"] for r in csv.DictReader(fh)} == {hsds.TAXONOMIE, hsds.DOELGROEP_TAXONOMIE}


def test_old_export_without_the_new_fields_still_imports(tmp_path, kaart):
    """An export made before issue 17 (no doelgroep attributes) reads back with the new fields empty."""
    hsds.export_hsds(kaart[:4], tmp_path, exported_at=STAMP)
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    nieuw = {"leeftijd_geldt_voor", "kinderen_thuis", "verblijfsstatus", "crisis", "contra_indicatie", "alleen_bij",
             "criteria_bron", "beeindigd_op", "gepland", "te_verifieren"}
    for s in services:
        s["attributes"] = [a for a in s["attributes"] if a["taxonomy_term"]["taxonomy"] == hsds.TAXONOMIE
                           and a["taxonomy_term"]["code"] not in nieuw]
    (tmp_path / "services.json").write_text(json.dumps(services), encoding="utf-8")
    back = hsds.import_hsds(tmp_path / "services.json")
    assert [v.id for v in back] == [v.id for v in kaart[:4]]
    assert all(v.doelgroepen == () and v.criteria_bron == {} for v in back)
