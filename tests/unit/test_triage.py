import argparse
import json
from datetime import date

import jsonschema
import pytest

from toegang_app.commands import triage as triage_cmd
from toegang_app.domain.ave import load_ave_config
from toegang_app.domain.kaart import Voorziening
from toegang_app.domain.ladder import load_matching_rules
from toegang_app.domain.termijnen import load_termijn_config
from toegang_app.domain.triage import triage
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.dutch_argparse import DutchArgumentParser
from toegang_app.paths import resources_dir

# The triage answer as documented in shared/docs/uitvraag-format.md (version 2).
_SUGGESTIE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "naam", "aanbieder", "trede", "wet", "behoefte", "reden", "bron"],
    "properties": {"id": {"type": "string"}, "naam": {"type": "string"}, "aanbieder": {"type": "string"},
                   "trede": {"enum": [0, 1, 2, 3, 4, 5]}, "wet": {"type": ["string", "null"]},
                   "behoefte": {"type": "string", "minLength": 1},
                   "reden": {"type": "string", "minLength": 1}, "bron": {"type": "string"}}}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["ave", "behoeften", "suggesties", "meer", "geblokkeerd", "termijnen", "wetten", "wetten_afgeleid"],
    "properties": {
        "ave": {"type": "object", "additionalProperties": False, "required": ["fase", "redenen"],
                "properties": {"fase": {"enum": [1, 2, 3, 4]},
                               "redenen": {"type": "array", "minItems": 1, "items": {"type": "string"}}}},
        "behoeften": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["sleutel", "soort", "ernst", "uitleg", "suggesties"],
            "properties": {"sleutel": {"type": "string"}, "soort": {"enum": ["veiligheid", "leefgebied", "dimensie"]},
                           "ernst": {"enum": [1, 2, 3]}, "uitleg": {"type": "string", "minLength": 1},
                           "suggesties": {"type": "array", "items": {"type": "string"}}}}},
        "suggesties": {"type": "array", "maxItems": 12, "items": _SUGGESTIE},
        "meer": {"type": "array", "items": _SUGGESTIE},
        "geblokkeerd": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "naam", "trede", "wet", "behoefte", "reden"],
            "properties": {"id": {"type": "string"}, "naam": {"type": "string"}, "trede": {"const": 4},
                           "wet": {"enum": ["Wmo", "Jeugdwet"]}, "behoefte": {"type": "string"},
                           "reden": {"type": "string"}}}},
        "termijnen": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["wet", "stap", "uiterlijk", "grondslag"],
            "properties": {"wet": {"type": "string"}, "stap": {"type": "string"},
                           "uiterlijk": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                           "grondslag": {"type": "string"}}}},
        "wetten": {"type": "array", "items": {"enum": ["wmo", "jeugdwet", "wgs", "participatiewet"]}},
        "wetten_afgeleid": {"type": "boolean"},
        "uitgesloten": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "naam", "reden"],
            "properties": {"id": {"type": "string"}, "naam": {"type": "string"},
                           "reden": {"type": "string", "minLength": 1}}}},
    },
}


def check_answer(out: dict) -> None:
    """Schema plus the cross-rules of the format: every suggestion names a listed need, the needs list
    exactly the primary ids, nothing twice."""
    jsonschema.validate(out, SCHEMA)
    keys = [b["sleutel"] for b in out["behoeften"]]
    assert len(keys) == len(set(keys))
    assert all(s["behoefte"] in keys for s in out["suggesties"] + out["meer"])
    assert [i for b in out["behoeften"] for i in b["suggesties"]] == [s["id"] for s in out["suggesties"]]
    ids = [s["id"] for s in out["suggesties"] + out["meer"] + out["geblokkeerd"]]
    assert len(ids) == len(set(ids))


def vz(id, trede, leefgebieden=(), dimensies=(), gemeenten=("haaksbergen",), regionaal=False, wet=None,
       bron=("seeds/003:210",), naam=None):
    return Voorziening(id=id, naam=naam or id, aanbieder="Aanbieder", gemeenten=tuple(gemeenten), kernen=(),
                       regionaal=regionaal, trede=trede, wet=wet, leefgebieden=tuple(leefgebieden),
                       dimensies=tuple(dimensies), omschrijving="", doelgroep=None, leeftijd_min=None,
                       leeftijd_max=None, inkomen_max_pct=None, voorwaarden=None, toegang=None, bron=tuple(bron))


BEIDE = ("haaksbergen", "twenterand")
KAART = (
    vz("hb-wijkkracht-ontmoeting", 2, ["eenzaamheid"], ["meedoen"], bron=("seeds/003:177", "seeds/003:210")),
    vz("hb-wmo-begeleiding", 4, ["eenzaamheid", "zelfzorg_huishouden"], wet="Wmo"),
    vz("tw-meldpunt-geldzorgen", 3, ["schulden", "financien"], gemeenten=["twenterand"], naam="Meldpunt Geldzorgen"),
    vz("regio-stadsbank", 4, ["schulden"], gemeenten=BEIDE, regionaal=True, wet="Wgs"),
    vz("regio-veilig-thuis-twente", 5, ["veiligheid"], gemeenten=BEIDE, regionaal=True),
    vz("regio-zorg-en-veiligheidshuis-twente", 5, ["veiligheid"], gemeenten=BEIDE, regionaal=True),
)

WEDUWE = {
    "formaat": "toegang-uitvraag/1", "gemeente": "haaksbergen", "kern": "Buurse", "geboortejaar": 1944,
    "aanmelding": {"datum": "2026-11-02", "kanaal": "balie", "melder": "inwoner"},
    "dimensies": {"zingeving": {"score": 3, "bespreken": True}, "meedoen": {"score": 2, "bespreken": True}},
    "signalen": [{"leefgebied": "eenzaamheid", "ernst": 2}],
    "veiligheid": {"acuut_onveilig": False, "vermoeden_huiselijk_geweld": False},
}
GEZIN = {
    "gemeente": "twenterand", "kern": "Vriezenveen", "huishouden": "gezin_met_kinderen",
    "aanmelding": {"datum": "2026-11-02", "kanaal": "telefoon", "melder": "netwerk"},
    "signalen": [{"leefgebied": "schulden", "ernst": 3}, {"leefgebied": "wonen", "ernst": 2}],
    "crisis": {"dreigende_ontruiming": True},
}


@pytest.fixture(scope="module")
def cfgs():
    res = resources_dir()
    return (load_ave_config(res / "ave.yaml"), load_matching_rules(res / "matching.yaml"),
            load_termijn_config(res / "termijnen.yaml"))


def run(doc, cfgs, **kw):
    out = triage(parse_uitvraag(doc), KAART, *cfgs, **kw)
    check_answer(out)
    return out


def test_weduwe(cfgs):
    out = run(WEDUWE, cfgs)
    assert out["ave"]["fase"] == 2
    # needs: the signal first, then the dimensions she wants to talk about, lowest score first
    assert [(b["sleutel"], b["soort"], b["ernst"]) for b in out["behoeften"]] == [
        ("eenzaamheid", "leefgebied", 2), ("meedoen", "dimensie", 1), ("zingeving", "dimensie", 1)]
    assert out["behoeften"][1]["uitleg"] == "meedoen 2/10, wil erover praten"
    assert out["suggesties"] == [{
        "id": "hb-wijkkracht-ontmoeting", "naam": "hb-wijkkracht-ontmoeting", "aanbieder": "Aanbieder",
        "trede": 2, "wet": None, "behoefte": "eenzaamheid", "reden": "Eenzaamheid; ook: meedoen 2/10",
        "bron": "seeds/003:177; seeds/003:210"}]
    assert out["geblokkeerd"] == [{"id": "hb-wmo-begeleiding", "naam": "hb-wmo-begeleiding", "trede": 4,
                                   "wet": "Wmo", "behoefte": "eenzaamheid",
                                   "reden": "maatwerk: eerst lichtere treden onderbouwen"}]
    # eenzaamheid ernst 2 makes it a Wmo melding: 2-11-2026 + 7 days = Mon 9-11, + 6 weeks = Mon 14-12
    assert out["termijnen"] == [
        {"wet": "Wmo", "stap": "wijzen op gratis cliëntondersteuning", "uiterlijk": "2026-11-02",
         "grondslag": "Wmo 2015 art. 2.3.2 lid 3"},
        {"wet": "Wmo", "stap": "persoonlijk plan inleveren", "uiterlijk": "2026-11-09",
         "grondslag": "Wmo 2015 art. 2.3.2 lid 2"},
        {"wet": "Wmo", "stap": "onderzoek afgerond", "uiterlijk": "2026-12-14",
         "grondslag": "Wmo 2015 art. 2.3.2 lid 1"},
    ]
    json.dumps(out, ensure_ascii=False)


def test_twenterand_family_debts_eviction(cfgs):
    out = run(GEZIN, cfgs)
    assert out["ave"]["fase"] == 3
    assert "crisissituatie: dreigende ontruiming" in out["ave"]["redenen"]
    # the crisis need leads; Wgs schuldhulp is a right, not locked behind the Wmo onderbouwing
    assert out["behoeften"][0]["sleutel"] == "schulden"
    assert out["behoeften"][0]["uitleg"] == "dreigende ontruiming; schulden (ernstig)"
    assert [s["id"] for s in out["suggesties"]] == ["tw-meldpunt-geldzorgen", "regio-stadsbank"]
    assert {s["behoefte"] for s in out["suggesties"]} == {"schulden"}
    assert out["geblokkeerd"] == []
    # Mon 2-11-2026 + 3 werkdagen = Thu 5-11 (the example of the format doc)
    assert out["termijnen"] == [{"wet": "Wgs", "stap": "eerste gesprek", "uiterlijk": "2026-11-05",
                                 "grondslag": "Wgs art. 4 lid 2"}]


def test_acute_unsafety(cfgs):
    doc = {**WEDUWE, "veiligheid": {"acuut_onveilig": True}}
    out = run(doc, cfgs)
    assert out["ave"] == {"fase": 4, "redenen": ["acute onveiligheid gemeld"]}
    assert [s["id"] for s in out["suggesties"][:2]] == ["regio-veilig-thuis-twente",
                                                        "regio-zorg-en-veiligheidshuis-twente"]
    assert out["suggesties"][0]["reden"] == "Acute onveiligheid: veiligheidsroute eerst (bij direct gevaar 112)"
    assert {s["behoefte"] for s in out["suggesties"][:2]} == {"veiligheid"}
    assert out["behoeften"][0]["soort"] == "veiligheid"


def test_a_care_about_self_care_starts_wmo_terms(cfgs):
    doc = {"gemeente": "haaksbergen", "aanmelding": {"datum": "2026-11-02"},
           "signalen": [{"leefgebied": "zelfzorg_huishouden", "ernst": 1}]}
    out = run(doc, cfgs)
    assert out["geblokkeerd"][0]["wet"] == "Wmo"
    assert any(t["grondslag"] == "Wmo 2015 art. 2.3.2 lid 1" for t in out["termijnen"])
    assert (out["wetten"], out["wetten_afgeleid"]) == (["wmo"], True)


def test_melding_terms_only_for_the_laws_the_worker_confirmed(cfgs):
    # debts and a Wmo need, but the worker registered the melding under the Wgs only (format v2)
    doc = {"formaat": "toegang-uitvraag/2", "gemeente": "twenterand",
           "aanmelding": {"datum": "2026-11-02", "wetten": ["wgs"]},
           "signalen": [{"leefgebied": "schulden", "ernst": 2}, {"leefgebied": "zelfzorg_huishouden", "ernst": 2}],
           "aanvragen": [{"wet": "wmo", "datum": "2026-11-16", "onderwerp": "huishoudelijke ondersteuning"}]}
    out = run(doc, cfgs)
    assert (out["wetten"], out["wetten_afgeleid"]) == (["wgs"], False)
    # Wgs 2-11 + 4 weeks = Mon 30-11; the aanvraag of 16-11 + 2 weeks = Mon 30-11 as well
    assert out["termijnen"] == [
        {"wet": "Wgs", "stap": "eerste gesprek", "uiterlijk": "2026-11-30", "grondslag": "Wgs art. 4 lid 1"},
        {"wet": "Wmo", "stap": "beschikking", "uiterlijk": "2026-11-30", "grondslag": "Wmo 2015 art. 2.3.5 lid 2"},
    ]


def test_onderbouwing_moves_maatwerk(cfgs):
    doc = {**WEDUWE, "onderbouwing_maatwerk": {"eenzaamheid": "Netwerk en ontmoeting volstaan niet."}}
    out = run(doc, cfgs)
    assert out["geblokkeerd"] == []
    s = next(s for s in out["suggesties"] if s["id"] == "hb-wmo-begeleiding")
    assert s["behoefte"] == "eenzaamheid" and "onderbouwing vastgelegd (eenzaamheid)" in s["reden"]
    # an onderbouwing for another leefgebied does not open it
    out = run({**WEDUWE, "onderbouwing_maatwerk": {"wonen": "niet relevant"}}, cfgs)
    assert [g["id"] for g in out["geblokkeerd"]] == ["hb-wmo-begeleiding"]


# -- command line --------------------------------------------------------------------------

@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setattr(triage_cmd, "_load_kaart", lambda: KAART)
    parser = DutchArgumentParser(prog="toegang-admin")
    sub = parser.add_subparsers(dest="opdracht", parser_class=DutchArgumentParser)
    triage_cmd.register(sub)

    def invoke(*argv):
        args = parser.parse_args(list(argv))
        return args.func(args)
    return invoke


def test_command_prints_json(cli, tmp_path, capsys):
    p = tmp_path / "case.json"
    p.write_text(json.dumps(GEZIN), encoding="utf-8")
    assert cli("triage", str(p)) == 0
    out = json.loads(capsys.readouterr().out)
    check_answer(out)
    assert out["termijnen"][0]["uiterlijk"] == "2026-11-05"


def test_command_uitleg_lists_what_was_left_out(cli, tmp_path, capsys):
    p = tmp_path / "case.json"
    p.write_text(json.dumps(GEZIN), encoding="utf-8")
    assert cli("triage", "--uitleg", str(p)) == 0
    out = json.loads(capsys.readouterr().out)
    check_answer(out)
    # the Haaksbergen voorzieningen that cover the needs are listed with the reason
    assert "uitgesloten" in out
    assert cli("triage", str(p)) == 0
    assert "uitgesloten" not in json.loads(capsys.readouterr().out)


def test_command_reads_version_2(cli, tmp_path, capsys):
    doc = {**GEZIN, "formaat": "toegang-uitvraag/2", "kinderen": [{"geboortejaar": 2019}],
           "verblijfsstatus": "nederlands_of_eu", "aanmelding": {**GEZIN["aanmelding"], "wetten": ["wgs"]}}
    p = tmp_path / "case.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert cli("triage", str(p)) == 0
    out = json.loads(capsys.readouterr().out)
    check_answer(out)
    assert (out["wetten"], out["wetten_afgeleid"]) == (["wgs"], False)


def test_command_invalid_case_exit_2(cli, tmp_path, capsys):
    p = tmp_path / "case.json"
    p.write_text(json.dumps({**WEDUWE, "dimensies": {"meedoen": {"score": 12}}}), encoding="utf-8")
    assert cli("triage", str(p)) == 2
    err = capsys.readouterr().err
    assert "veld 'dimensies.meedoen.score': moet een geheel getal van 0 tot en met 10 zijn" in err
    p.write_text(json.dumps({**WEDUWE, "dimensies": {"medoen": {"score": 2}}}), encoding="utf-8")
    assert cli("triage", str(p)) == 2
    assert "onbekend veld 'dimensies.medoen'" in capsys.readouterr().err
    p.write_text("{kapot", encoding="utf-8")
    assert cli("triage", str(p)) == 2
    err = capsys.readouterr().err
    assert "geen geldige JSON" in err and "regel 1, kolom 2" in err and "Expecting" not in err
    assert cli("triage", str(tmp_path / "weg.json")) == 2


def test_command_broken_catalogue_exit_2(monkeypatch, tmp_path, capsys):
    from toegang_app.domain.kaart import KaartError

    def boom():
        raise KaartError(["noaberpoort.yaml, voorziening 'hb-x', veld 'trede': moet 0 tot en met 5 zijn"])

    monkeypatch.setattr(triage_cmd, "_load_kaart", boom)
    p = tmp_path / "case.json"
    p.write_text(json.dumps(GEZIN), encoding="utf-8")
    args = argparse.Namespace(bestand=str(p))
    assert triage_cmd.run(args) == 2
    assert "veld 'trede'" in capsys.readouterr().err


def test_shipped_catalogue_when_present(cfgs):
    """With the real sociale kaart (once filled): valid output and the safety route ids exist."""
    folder = resources_dir() / "kaart"
    if not any(folder.glob("*.yaml")):
        pytest.skip("resources/kaart is still empty")
    voorzieningen = triage_cmd._load_kaart()
    ids = {v.id for v in voorzieningen}
    assert set(cfgs[0].veiligheidsroute) <= ids, "safety route ids of ave.yaml missing in the kaart"
    assert set(cfgs[1].veiligheidsroute) <= ids, "safety route ids of matching.yaml missing in the kaart"
    for doc in (WEDUWE, GEZIN, {**WEDUWE, "veiligheid": {"acuut_onveilig": True}}):
        out = triage(parse_uitvraag(doc), voorzieningen, *cfgs)
        check_answer(out)
        gem = doc["gemeente"]
        by_id = {v.id: v for v in voorzieningen}
        assert all(gem in by_id[s["id"]].gemeenten for s in out["suggesties"])
    assert [s["id"] for s in out["suggesties"][:2]] == list(cfgs[1].veiligheidsroute)


def test_safety_route_same_in_ave_and_matching(cfgs):
    assert cfgs[0].veiligheidsroute == cfgs[1].veiligheidsroute
