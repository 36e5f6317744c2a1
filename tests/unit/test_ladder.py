import time
from datetime import date

import pytest
import yaml

from toegang_app.errors import ConfigError
from toegang_app.domain.kaart import Voorziening
from toegang_app.domain.ladder import load_matching_rules, parse_matching_rules, suggest
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.paths import resources_dir

PEIL = date(2026, 11, 2)


def vz(id, trede, leefgebieden=(), dimensies=(), gemeenten=("haaksbergen",), kernen=(), regionaal=False,
       wet=None, lmin=None, lmax=None, inkomen=None, actief=True, naam=None):
    return Voorziening(id=id, naam=naam or id, aanbieder="Aanbieder " + id, gemeenten=tuple(gemeenten),
                       kernen=tuple(kernen), regionaal=regionaal, trede=trede, wet=wet,
                       leefgebieden=tuple(leefgebieden), dimensies=tuple(dimensies), omschrijving="",
                       doelgroep=None, leeftijd_min=lmin, leeftijd_max=lmax, inkomen_max_pct=inkomen,
                       voorwaarden=None, toegang=None, bron=("seeds/003:210",), actief=actief)


BEIDE = ("haaksbergen", "twenterand")
KAART = (
    vz("hb-wmo-begeleiding", 4, ["eenzaamheid", "zelfzorg_huishouden"], wet="Wmo", naam="Begeleiding (Wmo)"),
    vz("hb-wijkkracht-ontmoeting", 2, ["eenzaamheid"], ["meedoen"], naam="Wijkkracht ontmoeting"),
    vz("hb-welzijn-op-recept", 2, ["psychische_gezondheid"], ["mentaal_welbevinden", "zingeving"],
       naam="Welzijn op Recept"),
    vz("hb-dagbesteding-greune", 3, ["werk_dagbesteding", "eenzaamheid"], ["meedoen"], naam="De Greune"),
    vz("hb-alleen-haaksbergen-kern", 2, ["eenzaamheid"], kernen=["Haaksbergen"]),
    vz("hb-jongeren", 2, ["eenzaamheid"], lmax=23),
    vz("hb-senioren", 2, ["eenzaamheid"], lmin=65, naam="Seniorenbezoek"),
    vz("hb-volwassenenfonds", 2, ["eenzaamheid"], ["meedoen"], inkomen=100),
    vz("hb-leergeld-ruim", 2, ["eenzaamheid"], inkomen=120),
    vz("hb-oud", 2, ["eenzaamheid"], actief=False),
    vz("tw-zorgsaam", 2, ["eenzaamheid"], ["meedoen"], gemeenten=["twenterand"]),
    vz("tw-meldpunt-geldzorgen", 3, ["schulden", "financien"], gemeenten=["twenterand"], naam="Meldpunt Geldzorgen"),
    vz("tw-avedan-amw", 2, ["psychische_gezondheid", "opvoeden_opgroeien"], gemeenten=["twenterand"]),
    vz("regio-stadsbank", 4, ["schulden"], gemeenten=BEIDE, regionaal=True, wet="Wgs",
       naam="Schuldhulpverlening Stadsbank"),
    vz("regio-humanitas-thuisadministratie", 2, ["financien"], gemeenten=BEIDE, regionaal=True),
    vz("regio-veilig-thuis-twente", 5, ["veiligheid"], gemeenten=BEIDE, regionaal=True, naam="Veilig Thuis Twente"),
    vz("regio-zorg-en-veiligheidshuis-twente", 5, ["veiligheid", "verslaving"], gemeenten=BEIDE, regionaal=True),
    vz("regio-beschermd-wonen", 5, ["psychische_gezondheid", "wonen"], gemeenten=BEIDE, regionaal=True),
)


@pytest.fixture(scope="module")
def rules():
    return load_matching_rules(resources_dir() / "matching.yaml")


def weduwe(**extra):
    return parse_uitvraag({
        "gemeente": "haaksbergen", "kern": "Buurse", "geboortejaar": 1944, "inkomen_pct_bijstandsnorm": 105,
        "dimensies": {"mentaal_welbevinden": {"score": 4, "bespreken": True},
                      "zingeving": {"score": 3, "bespreken": True}, "meedoen": {"score": 2, "bespreken": True},
                      "dagelijks_functioneren": {"score": 6}},
        "signalen": [{"leefgebied": "eenzaamheid", "ernst": 2}],
        **extra,
    })


def ids(items):
    return [s.voorziening.id for s in items]


def test_weduwe_buurse_light_suggestions(rules):
    a = suggest(weduwe(), KAART, rules, PEIL)
    got = ids(a.suggesties)
    assert got[0] == "hb-wijkkracht-ontmoeting"
    assert set(got) == {"hb-wijkkracht-ontmoeting", "hb-welzijn-op-recept", "hb-senioren", "hb-leergeld-ruim",
                        "hb-dagbesteding-greune"}
    wijk = a.suggesties[0]
    assert wijk.reden == "Meedoen 2/10; eenzaamheid"
    welzijn = next(s for s in a.suggesties if s.voorziening.id == "hb-welzijn-op-recept")
    assert welzijn.reden == "Zingeving 3/10; mentaal welbevinden 4/10"
    # maatwerk locked until onderbouwd
    assert ids(a.geblokkeerd) == ["hb-wmo-begeleiding"]
    assert a.geblokkeerd[0].reden == "maatwerk: eerst lichtere treden onderbouwen"
    assert not a.veiligheidsroute_actief


def test_lightest_rung_first_then_relevance(rules):
    a = suggest(weduwe(onderbouwing_maatwerk={"eenzaamheid": "Dochter woont ver; ontmoeting probeerde ze al."}),
                KAART, rules, PEIL)
    treden = [s.voorziening.trede for s in a.suggesties]
    assert treden == sorted(treden)
    rung2 = [s for s in a.suggesties if s.voorziening.trede == 2]
    scores = [s.score for s in rung2]
    assert scores == sorted(scores, reverse=True)
    # the targeted senioren offer outranks the general one with the same need
    assert ids(rung2).index("hb-senioren") < ids(rung2).index("hb-leergeld-ruim")
    assert ids(a.suggesties)[-1] == "hb-wmo-begeleiding"


def test_gate_opens_only_for_matching_leefgebied(rules):
    closed = suggest(weduwe(onderbouwing_maatwerk={"wonen": "niet relevant"}), KAART, rules, PEIL)
    assert ids(closed.geblokkeerd) == ["hb-wmo-begeleiding"]
    blank = suggest(weduwe(onderbouwing_maatwerk={"eenzaamheid": "   "}), KAART, rules, PEIL)
    assert ids(blank.geblokkeerd) == ["hb-wmo-begeleiding"]
    opened = suggest(weduwe(onderbouwing_maatwerk={"eenzaamheid": "Netwerk en ontmoeting volstaan niet."}),
                     KAART, rules, PEIL)
    assert opened.geblokkeerd == []
    s = next(s for s in opened.suggesties if s.voorziening.id == "hb-wmo-begeleiding")
    assert s.reden == "Eenzaamheid; onderbouwing vastgelegd (eenzaamheid)"


def test_exclusions(rules):
    a = suggest(weduwe(), KAART, rules, PEIL)
    why = dict((v.id, r) for v, r in a.uitgesloten)
    assert why["tw-zorgsaam"] == "niet voor Haaksbergen"
    assert why["hb-alleen-haaksbergen-kern"] == "niet in Buurse"
    assert why["hb-jongeren"] == "tot en met 23 jaar"
    assert why["hb-volwassenenfonds"] == "inkomen boven de grens (100% van de bijstandsnorm)"
    assert why["hb-oud"] == "niet meer actief"


def test_unknown_age_and_income_do_not_exclude(rules):
    u = parse_uitvraag({"gemeente": "haaksbergen", "signalen": [{"leefgebied": "eenzaamheid", "ernst": 2}]})
    got = ids(suggest(u, KAART, rules, PEIL).suggesties)
    assert {"hb-jongeren", "hb-volwassenenfonds", "hb-alleen-haaksbergen-kern", "hb-senioren"} <= set(got)
    assert "tw-zorgsaam" not in got and "hb-oud" not in got


def test_age_boundary_uses_possible_ages(rules):
    # born 2003: on 2026-11-02 either 22 or 23 -> 'tot en met 23' is not contradicted
    u = parse_uitvraag({"gemeente": "haaksbergen", "geboortejaar": 2003,
                        "signalen": [{"leefgebied": "eenzaamheid", "ernst": 1}]})
    assert "hb-jongeren" in ids(suggest(u, KAART, rules, PEIL).suggesties)
    # with a known birth date of 1 January 2002 the person is 24: excluded
    a = suggest(u, KAART, rules, PEIL, geboortedatum=date(2002, 1, 1))
    assert "hb-jongeren" not in ids(a.suggesties)


def test_twenterand_family_debts_and_eviction(rules):
    u = parse_uitvraag({"gemeente": "twenterand", "kern": "Vroomshoop", "huishouden": "gezin_met_kinderen",
                        "signalen": [{"leefgebied": "schulden", "ernst": 2}],
                        "crisis": {"dreigende_ontruiming": True}})
    a = suggest(u, KAART, rules, PEIL)
    got = ids(a.suggesties)
    # financien was not asked: Humanitas thuisadministratie (financien) is not matched
    assert got == ["tw-meldpunt-geldzorgen", "regio-beschermd-wonen"]
    meldpunt = a.suggesties[0]
    assert meldpunt.reden == "Schulden; dreigende ontruiming"
    assert ids(a.geblokkeerd) == ["regio-stadsbank"]
    assert all(not s.voorziening.id.startswith("hb-") for s in a.suggesties + a.geblokkeerd)
    opened = suggest(parse_uitvraag({"gemeente": "twenterand", "signalen": [{"leefgebied": "schulden", "ernst": 3}],
                                     "onderbouwing_maatwerk": {"schulden": "Beslag op loon, budgetcoach liep vast."}}),
                     KAART, rules, PEIL)
    assert "regio-stadsbank" in ids(opened.suggesties)


def test_acute_unsafety_safety_route_first_ungated(rules):
    u = weduwe(veiligheid={"acuut_onveilig": True})
    a = suggest(u, KAART, rules, PEIL)
    assert a.veiligheidsroute_actief
    assert ids(a.suggesties)[:2] == ["regio-veilig-thuis-twente", "regio-zorg-en-veiligheidshuis-twente"]
    assert a.suggesties[0].reden == "Acute onveiligheid: veiligheidsroute eerst"
    assert a.suggesties[0].veiligheidsroute
    assert ids(a.suggesties).count("regio-veilig-thuis-twente") == 1
    # the rest keeps the ladder order
    rest = [s.voorziening.trede for s in a.suggesties[2:]]
    assert rest == sorted(rest)


def test_suspicion_of_domestic_violence_also_routes(rules):
    u = parse_uitvraag({"gemeente": "twenterand", "veiligheid": {"vermoeden_huiselijk_geweld": True}})
    a = suggest(u, KAART, rules, PEIL)
    assert ids(a.suggesties)[:2] == ["regio-veilig-thuis-twente", "regio-zorg-en-veiligheidshuis-twente"]
    assert "Meldcode" in a.suggesties[0].reden
    u = parse_uitvraag({"gemeente": "twenterand", "signalen": [{"leefgebied": "veiligheid", "ernst": 1}]})
    a = suggest(u, KAART, rules, PEIL)
    assert not a.veiligheidsroute_actief
    assert a.suggesties[0].reden == "Veiligheid"


def test_nothing_asked_nothing_suggested(rules):
    a = suggest(parse_uitvraag({"gemeente": "haaksbergen"}), KAART, rules, PEIL)
    assert a.suggesties == [] and a.geblokkeerd == []


def test_mantelzorger_overbelast_is_a_need(rules):
    kaart = KAART + (vz("hb-mantelzorgsteunpunt", 2, ["mantelzorg"]),)
    u = parse_uitvraag({"gemeente": "haaksbergen", "netwerk": {"mantelzorger_overbelast": True}})
    a = suggest(u, kaart, rules, PEIL)
    assert ids(a.suggesties) == ["hb-mantelzorgsteunpunt"]
    assert a.suggesties[0].reden == "Mantelzorger overbelast"


def test_fast_for_150_voorzieningen(rules):
    leefs = ["eenzaamheid", "schulden", "wonen", "psychische_gezondheid", "financien", "mantelzorg"]
    big = tuple(vz(f"v{i}", i % 6, [leefs[i % 6], leefs[(i + 2) % 6]], ["meedoen"] if i % 3 == 0 else [],
                   gemeenten=BEIDE if i % 4 == 0 else ("haaksbergen",), lmin=18 if i % 5 == 0 else None)
                for i in range(150)) + KAART[-3:]
    u = weduwe(signalen=[{"leefgebied": g, "ernst": 2} for g in leefs], veiligheid={"acuut_onveilig": True})
    suggest(u, big, rules, PEIL)
    times = []
    for _ in range(20):
        t = time.perf_counter()
        suggest(u, big, rules, PEIL)
        times.append(time.perf_counter() - t)
    times.sort()
    assert times[len(times) // 2] < 0.005


def test_rules_validation_names_file_and_field():
    raw = yaml.safe_load((resources_dir() / "matching.yaml").read_text(encoding="utf-8"))
    raw["vlaggen"][0]["leefgebieden"] = ["mantelzorgen"]
    raw["dimensies"]["score_max"] = 12
    raw["veiligheidsroute"]["voorzieningen"] = []
    with pytest.raises(ConfigError) as exc:
        parse_matching_rules(raw)
    msgs = exc.value.messages
    assert "matching.yaml, vlaggen[0], veld 'leefgebieden': moet een lijst met bekende leefgebieden zijn" in msgs
    assert any("'dimensies.score_max'" in m for m in msgs)
    assert any("'veiligheidsroute.voorzieningen'" in m for m in msgs)
