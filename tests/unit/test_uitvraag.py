import copy
import json
from datetime import date

import pytest

from toegang_app.domain.uitvraag import (
    FormatError, Uitvraag, leeftijd, leeftijd_bereik, load_uitvraag_file, parse_uitvraag, uitvraag_to_dict,
)

# The example of shared/docs/uitvraag-format.md: a widow in Buurse.
WEDUWE_BUURSE = {
    "formaat": "toegang-uitvraag/1",
    "gemeente": "haaksbergen",
    "kern": "Buurse",
    "geboortejaar": 1944,
    "huishouden": "alleenstaand",
    "inkomen_pct_bijstandsnorm": 105,
    "aanmelding": {"datum": "2026-11-02", "kanaal": "balie", "melder": "inwoner",
                   "vraag": "Ik kom de dagen niet goed door sinds mijn man is overleden."},
    "dimensies": {
        "lichaamsfuncties": {"score": 5, "bespreken": False},
        "mentaal_welbevinden": {"score": 4, "bespreken": True},
        "zingeving": {"score": 3, "bespreken": True},
        "kwaliteit_van_leven": {"score": 5},
        "meedoen": {"score": 2, "bespreken": True},
        "dagelijks_functioneren": {"score": 6},
    },
    "signalen": [{"leefgebied": "eenzaamheid", "ernst": 2, "toelichting": "weinig contact sinds overlijden partner"}],
    "netwerk": {"mantelzorger": False, "mantelzorger_overbelast": False, "steun_van": ["dochter (woont ver weg)"]},
    "veiligheid": {"acuut_onveilig": False, "vermoeden_huiselijk_geweld": False},
    "crisis": {"dreigende_ontruiming": False, "afsluiting_energie_water": False, "opzegging_zorgverzekering": False},
    "betrokken_partijen": 0,
    "samenwerking_stagneert": False,
    "onderbouwing_maatwerk": {},
}

GEZIN_VROOMSHOOP = {
    "gemeente": "twenterand",
    "kern": "Vroomshoop",
    "huishouden": "gezin_met_kinderen",
    "aanmelding": {"datum": "2026-03-02", "kanaal": "telefoon", "melder": "netwerk"},
    "signalen": [{"leefgebied": "schulden", "ernst": 3}, {"leefgebied": "wonen", "ernst": 2}],
    "crisis": {"dreigende_ontruiming": True},
    "onderbouwing_maatwerk": {"schulden": "Budgetmaatje liep vast: beslag op loon."},
}


# Version 2 of the format doc: a mother in Den Ham with two children, a melding under Wmo and Wgs.
MOEDER_DEN_HAM = {
    "formaat": "toegang-uitvraag/2",
    "gemeente": "twenterand",
    "kern": "Den Ham",
    "geboortejaar": 1990,
    "verblijfsstatus": "ontheemde_oekraine",
    "kinderen": [{"geboortejaar": 2023}, {"geboortejaar": 2017}],
    "kenmerken": [{"kenmerk": "zwanger", "wie": "inwoner"}, {"kenmerk": "dementie", "wie": "ouder"}],
    "aanmelding": {"datum": "2026-11-02", "kanaal": "balie", "melder": "inwoner", "vraag": "Werk en taal.",
                   "wetten": ["wmo", "wgs"]},
    "aanvragen": [{"wet": "wmo", "datum": "2026-11-16", "onderwerp": "huishoudelijke ondersteuning"},
                  {"wet": "participatiewet", "datum": "2026-11-20"}],
    "id": "g-7f3a91c2",
    "vervolg_op": "g-1b04e6d8",
}


def _as_v2(doc: dict) -> dict:
    return {**doc, "formaat": "toegang-uitvraag/2"}


@pytest.mark.parametrize("doc", [WEDUWE_BUURSE, GEZIN_VROOMSHOOP, {"gemeente": "haaksbergen"}, MOEDER_DEN_HAM])
def test_round_trip_writes_version_2(doc):
    """Readers take version 1 and 2; the writer writes version 2 and loses nothing."""
    u = parse_uitvraag(copy.deepcopy(doc))
    assert uitvraag_to_dict(u) == _as_v2(doc)
    # and through JSON text, and a second time
    assert json.loads(json.dumps(uitvraag_to_dict(u))) == _as_v2(doc)
    assert uitvraag_to_dict(parse_uitvraag(uitvraag_to_dict(u))) == _as_v2(doc)


def test_answers_no_survive_round_trip():
    """A question answered "no" is written as false / 0 / [] and survives (format doc)."""
    doc = {"formaat": "toegang-uitvraag/2", "gemeente": "haaksbergen",
           "crisis": {"dreigende_ontruiming": False}, "veiligheid": {"acuut_onveilig": False},
           "samenwerking_stagneert": False, "betrokken_partijen": 0, "kinderen": [], "kenmerken": [],
           "aanmelding": {"wetten": []}, "aanvragen": []}
    out = uitvraag_to_dict(parse_uitvraag(copy.deepcopy(doc)))
    assert out == doc


def test_version_2_values():
    u = parse_uitvraag(MOEDER_DEN_HAM)
    assert u.verblijfsstatus == "ontheemde_oekraine"
    assert u.kinderen_thuis() is True
    assert u.kind_leeftijden(date(2026, 11, 2)) == [(2, 3), (8, 9)]
    assert u.heeft_kenmerk("zwanger", ("inwoner",)) and not u.heeft_kenmerk("zwanger", ("partner",))
    assert u.aanmelding.wetten == ("wmo", "wgs")
    assert u.aanvragen[0].datum == date(2026, 11, 16) and u.aanvragen[1].onderwerp is None
    assert (u.id, u.vervolg_op) == ("g-7f3a91c2", "g-1b04e6d8")


def test_children_at_home_from_household():
    """Without `kinderen`, alleenstaand means no children at home; unknown stays unknown."""
    assert parse_uitvraag({"gemeente": "haaksbergen", "huishouden": "alleenstaand"}).kinderen_thuis() is False
    assert parse_uitvraag({"gemeente": "haaksbergen", "huishouden": "eenoudergezin"}).kinderen_thuis() is True
    assert parse_uitvraag({"gemeente": "haaksbergen", "huishouden": "anders"}).kinderen_thuis() is None
    assert parse_uitvraag({"gemeente": "haaksbergen"}).kind_leeftijden(date(2026, 1, 1)) is None
    # an explicit "asked: none" wins over the household type
    u = parse_uitvraag({"gemeente": "haaksbergen", "huishouden": "gezin_met_kinderen", "kinderen": []})
    assert u.kinderen_thuis() is False and u.kind_leeftijden(date(2026, 1, 1)) == []


def test_version_1_document_refuses_version_2_keys():
    doc = {**copy.deepcopy(WEDUWE_BUURSE), "kinderen": []}
    e = _err(doc)
    assert e.field == "kinderen" and "onbekend veld" in e.message
    e = _err({**copy.deepcopy(WEDUWE_BUURSE), "aanmelding": {"wetten": ["wmo"]}})
    assert e.field == "aanmelding.wetten"


@pytest.mark.parametrize("patch, field, fragment", [
    ({"verblijfsstatus": "toerist"}, "verblijfsstatus", "kies uit 'nederlands_of_eu'"),
    ({"kinderen": [{"geboortejaar": 1850}]}, "kinderen[0].geboortejaar", "jaartal"),
    ({"kinderen": [{}]}, "kinderen[0].geboortejaar", "ontbreekt"),
    ({"kinderen": [{"geboortejaar": 2020, "naam": "Piet"}]}, "kinderen[0].naam", "onbekend veld"),
    ({"kenmerken": [{"kenmerk": "zwanger"}]}, "kenmerken[0].wie", "ontbreekt"),
    ({"kenmerken": [{"kenmerk": "griep", "wie": "inwoner"}]}, "kenmerken[0].kenmerk", "onbekende waarde"),
    ({"kenmerken": [{"kenmerk": "zwanger", "wie": "buurman"}]}, "kenmerken[0].wie", "onbekende waarde"),
    ({"aanmelding": {"wetten": ["wlz"]}}, "aanmelding.wetten[0]", "kies uit 'wmo'"),
    ({"aanmelding": {"wetten": ["wmo", "wmo"]}}, "aanmelding.wetten", "twee keer"),
    ({"aanvragen": [{"wet": "wmo"}]}, "aanvragen[0].datum", "ontbreekt"),
    ({"aanvragen": [{"wet": "wmo", "datum": "16-11-2026"}]}, "aanvragen[0].datum", "jjjj-mm-dd"),
    ({"id": "123456782"}, "id", "geen BSN"),
    ({"id": "g 1"}, "id", "code"),
    ({"id": "g-abc", "vervolg_op": "g-abc"}, "vervolg_op", "zichzelf"),
])
def test_invalid_version_2_fields_named(patch, field, fragment):
    doc = {**copy.deepcopy(MOEDER_DEN_HAM), **patch}
    e = _err(doc)
    assert e.field == field
    assert fragment in e.message


def test_missing_answers_stay_none():
    u = parse_uitvraag({"gemeente": "twenterand"})
    assert u == Uitvraag(gemeente="twenterand")
    assert u.signalen is None and u.veiligheid is None and u.dimensies is None
    assert uitvraag_to_dict(u) == {"formaat": "toegang-uitvraag/2", "gemeente": "twenterand"}
    u2 = parse_uitvraag({"gemeente": "haaksbergen", "dimensies": {"meedoen": {"bespreken": True}}})
    assert u2.dimensies["meedoen"].score is None


def test_parsed_values():
    u = parse_uitvraag(WEDUWE_BUURSE)
    assert u.aanmelding.datum == date(2026, 11, 2)
    assert u.dimensies["meedoen"].score == 2
    assert u.signalen[0].leefgebied == "eenzaamheid"
    assert u.netwerk.steun_van == ("dochter (woont ver weg)",)
    assert u.ernst_per_leefgebied() == {"eenzaamheid": 2}


def _err(doc) -> FormatError:
    with pytest.raises(FormatError) as exc:
        parse_uitvraag(doc)
    return exc.value


@pytest.mark.parametrize("patch, field, fragment", [
    ({"dimensies": {"meedoen": {"score": 11}}}, "dimensies.meedoen.score",
     "veld 'dimensies.meedoen.score': moet een geheel getal van 0 tot en met 10 zijn"),
    ({"dimensies": {"meedoen": {"score": 2.5}}}, "dimensies.meedoen.score", "geheel getal"),
    ({"dimensies": {"meedoen": {"score": True}}}, "dimensies.meedoen.score", "geheel getal"),
    ({"dimensies": {"medoen": {"score": 2}}}, "dimensies.medoen", "onbekend veld 'dimensies.medoen'"),
    ({"leeftijd": 80}, "leeftijd", "onbekend veld 'leeftijd'"),
    ({"aanmelding": {"datum": "2026-02-30"}}, "aanmelding.datum", "februari 2026 heeft geen dag 30"),
    ({"aanmelding": {"datum": "02-11-2026"}}, "aanmelding.datum", "jjjj-mm-dd"),
    ({"aanmelding": {"kanaal": "fax"}}, "aanmelding.kanaal", "kies uit 'balie'"),
    ({"kern": "Vriezenveen"}, "kern", "geen kern van Haaksbergen"),
    ({"gemeente": "enschede"}, "gemeente", "onbekende waarde"),
    ({"signalen": [{"leefgebied": "geld", "ernst": 2}]}, "signalen[0].leefgebied", "onbekende waarde"),
    ({"signalen": [{"leefgebied": "wonen", "ernst": 4}]}, "signalen[0].ernst", "1 (zorg)"),
    ({"signalen": [{"leefgebied": "wonen"}]}, "signalen[0].ernst", "ontbreekt"),
    ({"signalen": {"leefgebied": "wonen"}}, "signalen", "lijst"),
    ({"veiligheid": {"acuut_onveilig": "ja"}}, "veiligheid.acuut_onveilig", "true of false"),
    ({"crisis": {"ontruiming": True}}, "crisis.ontruiming", "onbekend veld"),
    ({"formaat": "toegang-uitvraag/3"}, "formaat", "toegang-uitvraag/1"),
    ({"geboortejaar": 1850}, "geboortejaar", "jaartal"),
    ({"betrokken_partijen": -1}, "betrokken_partijen", "0 tot en met 100"),
    ({"onderbouwing_maatwerk": {"wonen": 3}}, "onderbouwing_maatwerk.wonen", "tekst"),
    ({"inkomen_pct_bijstandsnorm": "laag"}, "inkomen_pct_bijstandsnorm", "percentage"),
])
def test_invalid_fields_named(patch, field, fragment):
    doc = {**copy.deepcopy(WEDUWE_BUURSE), **patch}
    e = _err(doc)
    assert e.field == field
    assert fragment in e.message


def test_gemeente_required():
    e = _err({"kern": "Buurse"})
    assert e.field == "gemeente" and "ontbreekt" in e.message
    assert "JSON-object" in _err([1, 2]).message


def test_load_file_messages(tmp_path):
    p = tmp_path / "case.json"
    p.write_text(json.dumps(GEZIN_VROOMSHOOP), encoding="utf-8")
    assert load_uitvraag_file(p).kern == "Vroomshoop"
    p.write_text('{"gemeente": "twenterand",\n "kern": }', encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        load_uitvraag_file(p)
    # Dutch with line and column, never the parser's English (issue 25)
    assert "geen geldige JSON; regel 2, kolom 10: hier verwacht Toegang een waarde" in exc.value.message
    assert "Expecting" not in exc.value.message
    with pytest.raises(FormatError) as exc:
        load_uitvraag_file(tmp_path / "weg.json")
    assert "bestaat niet" in exc.value.message
    p.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FormatError) as exc:
        load_uitvraag_file(p)
    assert "UTF-8" in exc.value.message


def test_leeftijd():
    u = parse_uitvraag(WEDUWE_BUURSE)
    assert leeftijd(u, date(2026, 11, 2)) == 82
    assert leeftijd_bereik(u, date(2026, 11, 2)) == (81, 82)
    assert leeftijd(u, date(2026, 11, 2), geboortedatum=date(1944, 12, 1)) == 81
    assert leeftijd(u, date(2026, 12, 1), geboortedatum=date(1944, 12, 1)) == 82
    assert leeftijd(parse_uitvraag({"gemeente": "twenterand"}), date(2026, 1, 1)) is None
