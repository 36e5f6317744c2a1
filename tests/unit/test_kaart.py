"""The sociale kaart: shipped files pass their own check, cover the ladder, cite real seed lines; every
validation rule gives a Dutch message naming file, entry and field."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from toegang_app.domain import kaart as K
from toegang_app.domain.kaart_io import (
    KaartError,
    kaart_resources_dir,
    load_kaart_dir,
    validate_file,
    voorziening_from_dict,
    voorziening_to_dict,
    write_kaart_yaml,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
KAART = REPO / "resources" / "kaart"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"brondocumenten niet gevonden in {SEEDS}")


@pytest.fixture(scope="module")
def kaart():
    return load_kaart_dir(KAART)


def good_entry(**changes):
    d = {
        "id": "hb-test", "naam": "Voedselbank", "aanbieder": "Voedselbank", "gemeenten": ["haaksbergen"],
        "kernen": [], "regionaal": False, "trede": 2, "wet": None, "leefgebieden": ["financien"],
        "dimensies": ["dagelijks_functioneren"], "omschrijving": "Voedsel.", "doelgroep": None,
        "leeftijd_min": None, "leeftijd_max": None, "inkomen_max_pct": None, "voorwaarden": None,
        "toegang": None, "contact": {"telefoon": None, "email": None, "website": None, "adres": None},
        "bron": ["seeds/003:210"], "laatst_geverifieerd": "2026-11-22", "actief": True,
        "doelgroepen": ["minima"], "criteria_bron": {"doelgroepen": ["seeds/003:210"]},
    }
    d.update(changes)
    return d


def problems(tmp_path, entries, name="haaksbergen.yaml", seeds=None, versie="2026-11-22"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump({"versie": versie, "voorzieningen": entries}, allow_unicode=True), encoding="utf-8")
    return validate_file(p, seeds)


# -- the shipped kaart -----------------------------------------------------------------------------------

def test_resources_dir_points_at_shipped_kaart():
    assert kaart_resources_dir().resolve() == KAART.resolve()


def test_shipped_kaart_passes_its_own_check(kaart):
    assert validate_file(KAART) == []
    assert len(kaart) >= 35 + 45


def test_counts_per_gemeente(kaart):
    hb = [v for v in kaart if v.actief and not v.regionaal and "haaksbergen" in v.gemeenten]
    tw = [v for v in kaart if v.actief and not v.regionaal and "twenterand" in v.gemeenten]
    regio = [v for v in kaart if v.regionaal]
    assert len(hb) >= 35
    assert len(tw) >= 45
    names = {v.naam for v in regio}
    for must in ("Veilig Thuis Twente", "Stadsbank Oost Nederland", "CIMOT", "Raad voor de Kinderbescherming"):
        assert must in names
    assert all(set(v.gemeenten) == {"haaksbergen", "twenterand"} for v in regio)


@pytest.mark.parametrize("gemeente", ["haaksbergen", "twenterand"])
def test_all_rungs_covered(kaart, gemeente):
    treden = {v.trede for v in kaart.voor_gemeente(gemeente)}
    assert treden == {0, 1, 2, 3, 4, 5}


def test_ids_prefixed_and_unique(kaart):
    ids = [v.id for v in kaart]
    assert len(ids) == len(set(ids))
    for v in kaart:
        assert v.id.startswith("regio-" if v.regionaal else ("hb-" if v.gemeenten == ("haaksbergen",) else "tw-"))


def test_meedoenregeling_is_not_active(kaart):
    v = kaart.get("tw-meedoenregeling")
    assert v is not None and not v.actief
    assert all(v.actief for v in kaart.voor_gemeente("twenterand"))


def test_income_limits_from_seeds(kaart):
    assert kaart.get("tw-volwassenenfonds").inkomen_max_pct == 120
    assert kaart.get("tw-volwassenenfonds").leeftijd_min == 18
    assert kaart.get("tw-inkomenstoeslag").inkomen_max_pct == 120


def test_every_entry_verified_and_sourced(kaart):
    for v in kaart:
        assert v.bron, v.id
        assert v.laatst_geverifieerd is not None
        assert v.leefgebieden, v.id
        assert v.toegang != "beschikking" or v.trede >= 4


@needs_seeds
def test_every_bron_line_exists_and_mentions_the_voorziening(kaart):
    seeds = K.SeedReader(SEEDS)
    failures = []
    for v in kaart:
        failures += K.check_bronnen(v, v.id, seeds)
    assert failures == []


@needs_seeds
def test_load_with_seeds_checks_lines():
    assert len(load_kaart_dir(KAART, SEEDS)) > 0


def test_filter_by_gemeente_and_kern(kaart):
    den_ham = {v.id for v in kaart.voor_gemeente("twenterand", "Den Ham")}
    vroomshoop = {v.id for v in kaart.voor_gemeente("twenterand", "Vroomshoop")}
    assert "tw-taalmaatjes" in den_ham and "tw-taalmaatjes" not in vroomshoop
    assert "regio-veilig-thuis-twente" in vroomshoop
    assert not any(v.id.startswith("tw-") for v in kaart.voor_gemeente("haaksbergen"))


def test_round_trip_dict_and_yaml(kaart, tmp_path):
    for v in kaart:
        assert voorziening_from_dict(voorziening_to_dict(v), v.id) == v
    out = write_kaart_yaml(list(kaart), tmp_path / "kopie" / "alles.yaml")
    again = load_kaart_dir(out.parent)
    assert list(again) == list(kaart)


# -- validation messages ---------------------------------------------------------------------------------

def test_good_entry_passes(tmp_path):
    assert problems(tmp_path, [good_entry()]) == []


@pytest.mark.parametrize("changes, field, fragment", [
    ({"trede": 7}, "trede", "moet een geheel getal van 0 tot en met 5 zijn"),
    ({"trede": "twee"}, "trede", "moet een geheel getal van 0 tot en met 5 zijn"),
    ({"trede": True}, "trede", "moet een geheel getal van 0 tot en met 5 zijn"),
    ({"naam": ""}, "naam", "mag niet leeg zijn"),
    ({"naam": 12}, "naam", "moet tekst zijn"),
    ({"regionaal": "nee"}, "regionaal", "moet ja of nee zijn"),
    ({"actief": None}, "actief", "moet ja of nee zijn"),
    ({"wet": "Wet op alles"}, "wet", "geen bekende wet"),
    ({"toegang": "loket"}, "toegang", "is onbekend"),
    ({"leefgebieden": ["geluk"]}, "leefgebieden", "geen bekende leefgebied"),
    ({"leefgebieden": []}, "leefgebieden", "noem minstens één leefgebied"),
    ({"leefgebieden": "financien"}, "leefgebieden", "moet een lijst zijn"),
    ({"dimensies": ["meedoen", "meedoen"]}, "dimensies", "staat er twee keer in"),
    ({"gemeenten": ["enschede"]}, "gemeenten", "geen bekende gemeente"),
    ({"gemeenten": []}, "gemeenten", "noem minstens één gemeente"),
    ({"kernen": ["Vriezenveen"]}, "kernen", "is geen kern van Haaksbergen"),
    ({"leeftijd_min": 30, "leeftijd_max": 18}, "leeftijd_max", "lager dan leeftijd_min"),
    ({"leeftijd_min": -1}, "leeftijd_min", "geheel getal van 0 tot en met 120"),
    ({"inkomen_max_pct": 900}, "inkomen_max_pct", "van 0 tot en met 500"),
    ({"inkomen_max_pct": "120%"}, "inkomen_max_pct", "van 0 tot en met 500"),
    ({"laatst_geverifieerd": "22-11-2026"}, "laatst_geverifieerd", "JJJJ-MM-DD"),
    ({"laatst_geverifieerd": "2026-02-30"}, "laatst_geverifieerd", "JJJJ-MM-DD"),
    ({"bron": ["seeds/3:210"]}, "bron", "heeft niet de vorm"),
    ({"bron": ["seeds/003:212-210"]}, "bron", "heeft niet de vorm"),
    ({"bron": []}, "bron", "noem minstens één bron"),
    ({"bron": "seeds/003:210"}, "bron", "moet een lijst zijn"),
    ({"toegang": "beschikking"}, "toegang", "hoort bij maatwerk"),
    ({"contact": {"telefoon": None, "fax": "1"}}, "contact.fax", "onbekend veld"),
    ({"contact": {"email": "geen-adres"}}, "contact.email", "geen geldig e-mailadres"),
    ({"contact": {"website": "ftp://x"}}, "contact.website", "moet beginnen met"),
    ({"contact": "bel ons"}, "contact", "moet een mapping zijn"),
    ({"kleur": "blauw"}, "kleur", "onbekend veld"),
    ({"id": "HB Test"}, "id", "alleen kleine letters"),
    ({"id": "tw-test"}, "id", "alleen in Twenterand"),
    ({"id": "regio-test"}, "id", "regionale voorziening"),
    ({"regionaal": True}, "gemeenten", "een regionale voorziening dient alle gemeenten"),
    ({"gemeenten": ["haaksbergen", "twenterand"], "id": "x-test"}, "regionaal", "is regionaal"),
])
def test_each_error_kind_has_dutch_message(tmp_path, changes, field, fragment):
    entry = good_entry(**changes)
    msgs = problems(tmp_path, [entry])
    label = f"voorziening '{entry['id']}'" if isinstance(entry.get("id"), str) and entry["id"] else "voorziening 1"
    hits = [m for m in msgs if m.startswith(f"haaksbergen.yaml, {label}, veld '{field}':") and fragment in m]
    assert hits, msgs


def test_missing_field_named(tmp_path):
    entry = good_entry()
    del entry["omschrijving"]
    assert problems(tmp_path, [entry]) == ["haaksbergen.yaml, voorziening 'hb-test', veld 'omschrijving': ontbreekt"]


def test_entry_without_id_named_by_position(tmp_path):
    msgs = problems(tmp_path, [good_entry(), good_entry(id=None, naam="x")])
    assert any(m.startswith("haaksbergen.yaml, voorziening 2, veld 'id': mag niet leeg zijn") for m in msgs), msgs


def test_non_mapping_entry(tmp_path):
    assert problems(tmp_path, ["tekst"]) == ["haaksbergen.yaml, voorziening 1: moet een mapping met velden zijn"]


def test_document_level_errors(tmp_path):
    p = tmp_path / "haaksbergen.yaml"
    p.write_text("voorzieningen: {}\nextra: 1\n", encoding="utf-8")
    msgs = validate_file(p)
    assert "haaksbergen.yaml, veld 'versie': ontbreekt" in msgs
    assert any("veld 'extra': onbekend veld" in m for m in msgs)
    assert any("veld 'voorzieningen': moet een lijst" in m for m in msgs)
    p.write_text("versie: [1\n", encoding="utf-8")
    assert validate_file(p)[0].startswith("haaksbergen.yaml: geen geldige YAML")


def test_duplicate_ids_in_file_and_across_files(tmp_path):
    msgs = problems(tmp_path, [good_entry(), good_entry()])
    assert any("voorziening 'hb-test', veld 'id': komt al voor als voorziening 1" in m for m in msgs)
    (tmp_path / "haaksbergen.yaml").write_text(yaml.safe_dump({"versie": "1", "voorzieningen": [good_entry()]}))
    (tmp_path / "extra.yaml").write_text(yaml.safe_dump({"versie": "1", "voorzieningen": [good_entry()]}))
    msgs = validate_file(tmp_path)
    assert any(m.startswith("haaksbergen.yaml, voorziening 'hb-test', veld 'id': komt ook voor in extra.yaml")
               or m.startswith("extra.yaml, voorziening 'hb-test', veld 'id': komt ook voor in haaksbergen.yaml")
               for m in msgs), msgs
    with pytest.raises(KaartError) as exc:
        load_kaart_dir(tmp_path)
    assert exc.value.messages == msgs


def test_file_gemeente_consistency(tmp_path):
    tw = good_entry(id="tw-x", gemeenten=["twenterand"])
    msgs = problems(tmp_path, [tw])
    assert any("voorziening 'tw-x', veld 'gemeenten': in haaksbergen.yaml staan alleen" in m for m in msgs)
    msgs = problems(tmp_path, [good_entry()], name="regionaal.yaml")
    assert any("regionaal.yaml, voorziening 'hb-test', veld 'regionaal'" in m for m in msgs)


@needs_seeds
def test_bron_line_checks(tmp_path):
    msgs = problems(tmp_path, [good_entry(bron=["seeds/003:99999"])], seeds=SEEDS)
    assert any("veld 'bron': 'seeds/003:99999' verwijst naar een regel die niet bestaat" in m for m in msgs)
    msgs = problems(tmp_path, [good_entry(bron=["seeds/009:1"])], seeds=SEEDS)
    assert any("bronbestand dat niet bestaat" in m for m in msgs)
    msgs = problems(tmp_path, [good_entry(bron=["seeds/003:1"])], seeds=SEEDS)
    assert any("'seeds/003:1' noemt 'Voedselbank'" in m for m in msgs)
    # 003:177 lists work partners, not the Voedselbank; a zoekterm that the line does contain makes it pass
    assert problems(tmp_path, [good_entry(bron=["seeds/003:177"])], seeds=SEEDS)
    assert problems(tmp_path, [good_entry(bron=["seeds/003:177"], zoekterm="Taalpunt")], seeds=SEEDS) == []
    assert problems(tmp_path, [good_entry()], seeds=SEEDS) == []


def test_from_dict_relaxed_for_desk_entries():
    v = voorziening_from_dict(good_entry(bron=[], leefgebieden=[], laatst_geverifieerd=None), "x")
    assert v.bron == () and v.leefgebieden == ()
    v = voorziening_from_dict(good_entry(bron=["telefonisch nagevraagd"]), "x")
    assert v.bron == ("telefonisch nagevraagd",)
    with pytest.raises(KaartError) as exc:
        voorziening_from_dict(good_entry(trede=9, naam=""), "database, voorziening 'hb-test'")
    assert len(exc.value.messages) == 2
    assert all(m.startswith("database, voorziening 'hb-test', veld '") for m in exc.value.messages)


def test_domain_has_no_qt_or_sqlalchemy():
    code = ("import sys, toegang_app.domain.kaart, toegang_app.domain.kaart_io, toegang_app.services.hsds; "
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','sqlalchemy')]; print(bad); "
            "sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


# -- commands --------------------------------------------------------------------------------------------

def _run(argv):
    from toegang_app.commands.kaart import main

    return main(argv)


def test_command_check_ok_and_problems(tmp_path, capsys):
    assert _run(["kaart", "check", str(KAART)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sociale kaart in orde:") and "Haaksbergen" in out and "Twenterand" in out
    bad = tmp_path / "haaksbergen.yaml"
    bad.write_text(yaml.safe_dump({"versie": "1", "voorzieningen": [good_entry(trede=9)]}), encoding="utf-8")
    assert _run(["kaart", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "haaksbergen.yaml, voorziening 'hb-test', veld 'trede'" in err


def test_command_export_and_import(tmp_path, capsys):
    assert _run(["kaart", "export-hsds", str(tmp_path / "hsds")]) == 0
    assert (tmp_path / "hsds" / "services.json").is_file()
    assert _run(["kaart", "import-hsds", str(tmp_path / "hsds"), "--uit", str(tmp_path / "terug.yaml")]) == 0
    data = yaml.safe_load((tmp_path / "terug.yaml").read_text(encoding="utf-8"))
    assert len(data["voorzieningen"]) == len(load_kaart_dir(KAART))
    assert _run(["kaart", "import-hsds", str(tmp_path / "bestaat-niet")]) == 2


# -- who a voorziening is for (issue 17) -------------------------------------------------------------------

def _check_cli(path, capsys, *extra):
    from toegang_app.commands import kaart as kaart_cmd

    code = kaart_cmd.main(["kaart", "check", str(path), *extra])
    return code, capsys.readouterr()


@pytest.mark.parametrize("changes, field, fragment", [
    ({"doelgroepen": ["weduwen"]}, "doelgroepen", "'weduwen' is geen bekende doelgroep"),
    ({"doelgroepen": ["iedereen", "minima"]}, "doelgroepen", "'iedereen' gaat niet samen met andere doelgroepen"),
    ({"doelgroepen": []}, "doelgroepen", "noem voor wie de voorziening is"),
    ({"criteria_bron": {}}, "criteria_bron.doelgroepen", "noem de bron van de doelgroep"),
    ({"leeftijd_min": 18, "leeftijd_max": 4, "criteria_bron": {"doelgroepen": ["x"], "leeftijd": ["y"]}},
     "leeftijd_max", "lager dan leeftijd_min"),
    ({"inkomen_max_pct": 120}, "criteria_bron.inkomen", "een inkomensgrens zonder bron"),
    ({"leeftijd_min": 18}, "criteria_bron.leeftijd", "een leeftijdsgrens zonder bron"),
    ({"verblijfsstatus": ["statushouder"]}, "criteria_bron.verblijfsstatus", "een verblijfsstatus zonder bron"),
    ({"kinderen_thuis": True}, "criteria_bron.kinderen_thuis", "zonder bron"),
    ({"beeindigd_op": "2025-01-01", "actief": False}, "criteria_bron.beeindigd", "een einddatum zonder bron"),
    ({"beeindigd_op": "2025-01-01", "criteria_bron": {"doelgroepen": ["x"], "beeindigd": ["y"]}}, "actief",
     "beëindigde regeling"),
    ({"leeftijd_geldt_voor": "ouder"}, "leeftijd_geldt_voor", "is onbekend"),
    ({"verblijfsstatus": ["toerist"]}, "verblijfsstatus", "geen bekende verblijfsstatus"),
    ({"crisis": ["brand"]}, "crisis", "geen bekende crisissituatie"),
    ({"contra_indicaties": [{"situatie": "ruzie", "reden": "x"}]}, "contra_indicaties[0].situatie", "is onbekend"),
    ({"alleen_bij": [{"situatie": "dakloos", "reden": ""}]}, "alleen_bij[0].reden", "zeg waarom"),
    ({"alleen_bij": [{"situatie": "dakloos", "reden": "opvang"}]}, "alleen_bij[0].bron", "noem de bron"),
    ({"criteria_bron": {"doelgroepen": ["seeds/3:1"]}}, "criteria_bron.doelgroepen", "heeft niet de vorm"),
    ({"criteria_bron": {"kleur": ["x"]}}, "criteria_bron.kleur", "onbekend criterium"),
    ({"te_verifieren": ["humeur"]}, "te_verifieren", "geen bekende rubriek"),
    ({"gepland": "ja"}, "gepland", "moet ja of nee zijn"),
])
def test_who_is_it_for_errors_in_dutch(tmp_path, changes, field, fragment):
    msgs = problems(tmp_path, [good_entry(**changes)])
    hits = [m for m in msgs if m.startswith(f"haaksbergen.yaml, voorziening 'hb-test', veld '{field}':") and fragment in m]
    assert hits, msgs


@pytest.mark.parametrize("changes", [
    {"doelgroepen": ["kinderen", "bejaarden"]},
    {"leeftijd_min": 30, "leeftijd_max": 18, "criteria_bron": {"doelgroepen": ["x"], "leeftijd": ["y"]}},
    {"inkomen_max_pct": 120},
])
def test_kaart_check_command_refuses_with_exit_2(tmp_path, capsys, changes):
    p = tmp_path / "haaksbergen.yaml"
    p.write_text(yaml.safe_dump({"versie": "2026-12-02", "voorzieningen": [good_entry(**changes)]}, allow_unicode=True),
                 encoding="utf-8")
    code, out = _check_cli(p, capsys)
    assert code == 2
    assert "haaksbergen.yaml, voorziening 'hb-test', veld '" in out.err and "Traceback" not in out.err
    ok = tmp_path / "ok" / "haaksbergen.yaml"
    ok.parent.mkdir()
    ok.write_text(yaml.safe_dump({"versie": "2026-12-02", "voorzieningen": [good_entry()]}, allow_unicode=True),
                  encoding="utf-8")
    code, out = _check_cli(ok, capsys)
    assert code == 0 and "Sociale kaart in orde" in out.out


def test_every_shipped_entry_has_a_reviewed_target_group_with_its_source(kaart):
    for v in kaart:
        assert v.doelgroepen, v.id
        assert v.doelgroepen == ("iedereen",) or "iedereen" not in v.doelgroepen, v.id
        assert v.criteria_bron.get("doelgroepen"), v.id
        assert v.laatst_geverifieerd is not None, v.id


def test_every_limit_in_the_shipped_kaart_has_its_source(kaart):
    for v in kaart:
        if v.leeftijd_min is not None or v.leeftijd_max is not None:
            assert v.criteria_bron.get("leeftijd"), v.id
        if v.inkomen_max_pct is not None:
            assert v.criteria_bron.get("inkomen"), v.id
        if v.verblijfsstatus:
            assert v.criteria_bron.get("verblijfsstatus"), v.id
        if v.beeindigd_op is not None:
            assert v.criteria_bron.get("beeindigd") and not v.actief, v.id


def test_no_two_entries_share_a_name_within_a_gemeente(kaart, tmp_path):
    seen = {}
    for v in kaart:
        for g in v.gemeenten:
            key = (g, " ".join(v.naam.split()).casefold())
            assert key not in seen, f"{v.id} en {seen.get(key)}"
            seen[key] = v.id
    # and the check refuses it, also against a regional entry
    regio = good_entry(id="regio-test", gemeenten=["haaksbergen", "twenterand"], regionaal=True)
    (tmp_path / "regionaal.yaml").write_text(yaml.safe_dump({"versie": "1", "voorzieningen": [regio]}), encoding="utf-8")
    (tmp_path / "haaksbergen.yaml").write_text(yaml.safe_dump({"versie": "1", "voorzieningen": [good_entry(naam=" voedselBANK")]}),
                                               encoding="utf-8")
    msgs = validate_file(tmp_path)
    assert any("veld 'naam'" in m and "dezelfde naam als voorziening" in m and "in Haaksbergen" in m for m in msgs), msgs


@needs_seeds
def test_every_cited_criteria_line_exists_and_says_the_entry_or_the_criterion(kaart, tmp_path):
    seeds = K.SeedReader(SEEDS)
    assert [m for v in kaart for m in K.check_bronnen(v, v.id, seeds)] == []
    cited = sum(1 for v in kaart for refs in v.criteria_bron.values() for r in refs if r.startswith("seeds/"))
    assert cited > 150
    # a criteria line that says neither is refused, one that gives the age is accepted
    bad = good_entry(leeftijd_min=18, criteria_bron={"doelgroepen": ["seeds/003:210"], "leeftijd": ["seeds/003:1"]})
    msgs = problems(tmp_path, [bad], seeds=SEEDS)
    assert any("veld 'criteria_bron.leeftijd': 'seeds/003:1' noemt 'Voedselbank'" in m and "niet de leeftijd" in m
               for m in msgs), msgs
    good = good_entry(leeftijd_min=18, criteria_bron={"doelgroepen": ["seeds/003:210"],
                                                      "leeftijd": ["seeds/001:514-516 (vanaf 18 jaar)"]})
    assert problems(tmp_path, [good], seeds=SEEDS) == []
    missing = good_entry(criteria_bron={"doelgroepen": ["seeds/003:99999"]})
    assert any("criteria_bron.doelgroepen': 'seeds/003:99999' verwijst naar een regel die niet bestaat" in m
               for m in problems(tmp_path, [missing], seeds=SEEDS))


def test_what_changed_or_ended_per_the_seeds(kaart):
    by = kaart.by_id
    meedoen = by["tw-meedoenregeling"]
    assert not meedoen.actief and meedoen.beeindigd_op.isoformat() == "2025-01-01"
    assert meedoen.criteria_bron["beeindigd"] == ("seeds/000:163",)
    vangnet = by["tw-vangnet-energiekosten"]
    assert not vangnet.actief and vangnet.beeindigd_op.isoformat() == "2024-01-01"
    for still in ("tw-jeugdfonds", "tw-leergeld", "tw-schoolpakket", "tw-volwassenenfonds", "tw-inkomenstoeslag"):
        assert by[still].actief, still
    jongerenwerk = by["tw-jongerenwerk"]
    assert jongerenwerk.actief and jongerenwerk.aanbieder == "te verifiëren" and "aanbieder" in jongerenwerk.te_verifieren
    assert by["hb-ontwikkelplein"].gepland and by["hb-digitaalhuis"].actief and not by["hb-digitaalhuis"].gepland
    # an indicator that "vervalt" is a measurement that stops: the service stays
    for kept in ("tw-cjg-loket", "tw-hulp-huisverbod", "tw-gezinswerk", "regio-meldpunt-mensenhandel"):
        assert by[kept].actief and not by[kept].beeindigd_op, kept
    assert "negen maanden" in by["tw-smi"].voorwaarden and "60.000" in by["tw-smi"].voorwaarden
    assert "maximumtarieven" in by["hb-smi"].voorwaarden


def test_the_general_number_is_no_voorzienings_own_line(kaart):
    assert not [v.id for v in kaart if v.contact.telefoon == "0546-840840"]
    assert not [v.id for v in kaart if "seeds/001:954-957" in v.bron]
    balies = yaml.safe_load((REPO / "resources" / "balies.yaml").read_text(encoding="utf-8"))
    assert balies["balies"]["twenterand"]["gemeente_algemeen"] == {"telefoon": "0546-840840", "bron": "seeds/001:957"}


def test_group_services_are_not_for_everyone(kaart):
    """The widow of 82 in Buurse: children's funds, Kansrijke Start and the 18th-birthday card are for others."""
    by = kaart.by_id
    for vid in ("hb-jeugdfonds", "hb-leergeld", "hb-kindpakket", "tw-jeugdfonds", "tw-leergeld", "tw-schoolpakket"):
        assert by[vid].doelgroepen == ("kinderen",) and by[vid].kinderen_thuis is True, vid
    for vid in ("hb-kansrijke-start", "tw-kansrijke-start"):
        v = by[vid]
        assert set(v.doelgroepen) == {"zwangeren", "ouders_jonge_kinderen"}
        assert v.leeftijd_geldt_voor == "kind" and v.leeftijd_max == 1
    assert by["hb-prenatale-huisbezoeken"].doelgroepen == ("zwangeren",)
    assert by["hb-verjaardagskaart-18"].leeftijd_max == 18
    leefgeld = by["tw-leefgeld-oekraine"]
    assert leefgeld.doelgroepen == ("ontheemden_oekraine",) and leefgeld.verblijfsstatus == ("ontheemde_oekraine",)
    assert "ontheemde_oekraine" not in by["tw-bijstand"].verblijfsstatus
    assert [r.situatie for r in by["tw-scheidingspunt"].contra_indicaties][0] == "vermoeden_huiselijk_geweld"
    assert [r.situatie for r in by["tw-hulp-huisverbod"].alleen_bij] == ["tijdelijk_huisverbod"]
    for vid in ("hb-maatschappelijke-opvang", "tw-maatschappelijke-opvang"):
        assert [r.situatie for r in by[vid].alleen_bij] == ["dakloos"]
    # broad help carries dimensions; specific services do not
    broad = {v.id for v in kaart if v.dimensies and v.trede >= 2}
    assert broad <= {"hb-noaberpoort", "hb-huis-van-haaksbergen", "hb-clientondersteuning", "hb-vrijwilligerswerk",
                     "hb-welzijn-op-recept", "tw-amw"}
    assert all(v.doelgroepen == ("iedereen",) for v in kaart if v.id in broad)
