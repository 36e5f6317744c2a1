"""Legal terms and the desk's promises. Expected dates are computed by hand (calendar in the comments)."""

from datetime import date

import pytest
import yaml

from toegang_app.errors import ConfigError
from toegang_app.domain.kalender import Sluitingsdag
from toegang_app.domain.termijnen import (
    Interval, Intervallen, bereken_termijnen, controleer_wijziging, load_intervallen,
    load_termijn_config, melding_wetten, opvolgdatum, parse_intervallen, parse_termijn_config, stand,
)
from toegang_app.domain.uitvraag import Aanvraag, parse_uitvraag
from toegang_app.domain.validation import InvalidInput
from toegang_app.paths import resources_dir

D = date


@pytest.fixture(scope="module")
def cfg():
    return load_termijn_config(resources_dir() / "termijnen.yaml")


def case(datum=None, gemeente="twenterand", wetten=None, aanvragen=None, **kw):
    doc = {"gemeente": gemeente, **kw}
    if datum:
        doc["aanmelding"] = {"datum": datum}
        if wetten is not None:
            doc["formaat"] = "toegang-uitvraag/2"
            doc["aanmelding"]["wetten"] = wetten
    if aanvragen is not None:
        doc["formaat"] = "toegang-uitvraag/2"
        doc["aanvragen"] = aanvragen
    return parse_uitvraag(doc)


def by_code(ts):
    return {t.code: t.uiterlijk for t in ts}


SCHULDEN = [{"leefgebied": "schulden", "ernst": 2}]
ONTRUIMING = {"dreigende_ontruiming": True}
WMO = [{"leefgebied": "zelfzorg_huishouden", "ernst": 2}]


# -- the reported bug: 5 May every year ------------------------------------------------------

def test_wmo_melding_on_tuesday_28_april_2026_plan_not_due_on_5_may(cfg):
    # 28-4-2026 + 7 days = Tue 5-5-2026, an Atw day every year -> Wed 6-5-2026
    ts = bereken_termijnen(case("2026-04-28", signalen=WMO), cfg)
    plan = next(t for t in ts if t.code == "wmo_persoonlijk_plan")
    assert plan.uiterlijk == D(2026, 5, 6)
    assert [d.naam for d in plan.verschoven] == ["5 mei"]


def test_wgs_melding_of_7_april_2026_not_due_on_5_may(cfg):
    # 7-4-2026 + 4 weeks = Tue 5-5-2026 -> Wed 6-5-2026
    assert by_code(bereken_termijnen(case("2026-04-07", signalen=SCHULDEN), cfg))["wgs_eerste_gesprek"] == D(2026, 5, 6)


# -- which laws ------------------------------------------------------------------------------

def test_debts_alone_start_the_wgs_clock_not_the_wmo_onderzoek(cfg):
    u = case("2026-03-02", signalen=SCHULDEN)
    assert melding_wetten(u, cfg) == (("wgs",), True)
    ts = bereken_termijnen(u, cfg)
    assert [(t.wet, t.stap, t.uiterlijk, t.grondslag) for t in ts] == [
        ("Wgs", "eerste gesprek", D(2026, 3, 30), "Wgs art. 4 lid 1")]


def test_the_workers_laws_decide_not_the_derivation(cfg):
    # confirmed: only the Wmo, though the needs show debts
    u = case("2026-03-02", wetten=["wmo"], signalen=SCHULDEN)
    assert melding_wetten(u, cfg) == (("wmo",), False)
    assert set(by_code(bereken_termijnen(u, cfg))) == {"wmo_clientondersteuning", "wmo_persoonlijk_plan",
                                                       "wmo_onderzoek"}
    # asked: no law -> no melding terms at all
    u = case("2026-03-02", wetten=[], signalen=WMO + SCHULDEN)
    assert melding_wetten(u, cfg) == ((), False)
    assert bereken_termijnen(u, cfg) == []


def test_derivation_from_the_needs(cfg):
    assert melding_wetten(case("2026-03-02", netwerk={"mantelzorger_overbelast": True}), cfg)[0] == ("wmo",)
    assert melding_wetten(case("2026-03-02", dimensies={"dagelijks_functioneren": {"score": 3}}), cfg)[0] == ("wmo",)
    assert melding_wetten(case("2026-03-02", signalen=[{"leefgebied": "opvoeden_opgroeien", "ernst": 2}]),
                          cfg)[0] == ("jeugdwet",)
    assert melding_wetten(case("2026-03-02", crisis=ONTRUIMING), cfg)[0] == ("wgs",)
    assert melding_wetten(case("2026-03-02", signalen=[{"leefgebied": "financien", "ernst": 2}]), cfg)[0] == (
        "wgs", "participatiewet")
    assert melding_wetten(case("2026-03-02"), cfg) == ((), True)


# -- melding terms on ordinary and holiday dates ----------------------------------------------

def test_wgs_three_workdays_in_crisis_replaces_four_weeks(cfg):
    ts = bereken_termijnen(case("2026-03-02", signalen=SCHULDEN, crisis=ONTRUIMING), cfg)
    assert by_code(ts) == {"wgs_bedreigende_situatie": D(2026, 3, 5)}
    assert ts[0].grondslag == "Wgs art. 4 lid 2" and ts[0].start == D(2026, 3, 2)
    for flag in ("afsluiting_energie_water", "opzegging_zorgverzekering"):
        assert by_code(bereken_termijnen(case("2026-03-02", crisis={flag: True}), cfg)) == {
            "wgs_bedreigende_situatie": D(2026, 3, 5)}


def test_wgs_crisis_over_christmas(cfg):
    # Wed 23-12-2026: Thu 24, (Fri 25, Sat, Sun), Mon 28, Tue 29
    assert by_code(bereken_termijnen(case("2026-12-23", crisis=ONTRUIMING), cfg)) == {
        "wgs_bedreigende_situatie": D(2026, 12, 29)}


def test_wgs_crisis_before_hemelvaart_skips_the_gelijkgestelde_friday(cfg):
    # Wed 13-5-2026: Hemelvaart Thu 14, Fri 15 on a par (Atw art. 3 lid 3), Mon 18, Tue 19, Wed 20
    t = bereken_termijnen(case("2026-05-13", crisis=ONTRUIMING), cfg)[0]
    assert t.uiterlijk == D(2026, 5, 20)
    assert [d.datum for d in t.verschoven] == [D(2026, 5, 14), D(2026, 5, 15)]
    assert "verifiëren" in t.kanttekening


def test_wmo_terms_ordinary(cfg):
    ts = bereken_termijnen(case("2026-03-02", signalen=WMO), cfg)
    assert by_code(ts) == {
        "wmo_clientondersteuning": D(2026, 3, 2),
        "wmo_persoonlijk_plan": D(2026, 3, 9),
        "wmo_onderzoek": D(2026, 4, 13),
    }
    assert [t.uiterlijk for t in ts] == sorted(t.uiterlijk for t in ts)
    kinds = {t.code: (t.wie, t.soort, t.begrenst_opvolging) for t in ts}
    assert kinds["wmo_persoonlijk_plan"] == ("inwoner", "uiterlijk", False)   # the resident's chance
    assert kinds["wmo_clientondersteuning"][2] is False                       # due at the melding
    assert kinds["wmo_onderzoek"] == ("balie", "uiterlijk", True)


def test_persoonlijk_plan_ending_on_christmas_moves_to_next_workday(cfg):
    # Fri 18-12-2026 + 7 days = Fri 25-12 -> Sat, Sun -> Mon 28-12; 6 weeks = Fri 29-01-2027
    ts = by_code(bereken_termijnen(case("2026-12-18", signalen=WMO), cfg))
    assert ts["wmo_persoonlijk_plan"] == D(2026, 12, 28)
    assert ts["wmo_onderzoek"] == D(2027, 1, 29)


def test_weekend_melding_four_weeks_lands_on_weekend_and_easter(cfg):
    # Sat 7-3-2026 + 4 weeks = Sat 4-4 -> Sun 5-4 -> Mon 6-4 tweede Paasdag -> Tue 7-4
    assert by_code(bereken_termijnen(case("2026-03-07", signalen=SCHULDEN), cfg)) == {
        "wgs_eerste_gesprek": D(2026, 4, 7)}


def test_wmo_onderzoek_ending_on_pinkstermaandag_and_koningsdag(cfg):
    # 2027: Easter 28 March, tweede Pinksterdag Mon 17 May. Melding Mon 5-4-2027 + 6 weeks = Mon 17-5 -> Tue 18-5
    assert by_code(bereken_termijnen(case("2027-04-05", signalen=WMO), cfg))["wmo_onderzoek"] == D(2027, 5, 18)
    # 2027: Koningsdag Tue 27 April. Melding Tue 16-3-2027 + 6 weeks = Tue 27-4 -> Wed 28-4
    assert by_code(bereken_termijnen(case("2027-03-16", signalen=WMO), cfg))["wmo_onderzoek"] == D(2027, 4, 28)


def test_a_term_in_a_year_without_a_besluit_says_so(cfg):
    t = next(t for t in bereken_termijnen(case("2029-03-01", signalen=WMO), cfg) if t.code == "wmo_onderzoek")
    assert "2029" in t.kanttekening and "gelijkgestelde dagen" in t.kanttekening


# -- aanvragen ---------------------------------------------------------------------------------

def test_each_aanvraag_has_its_own_date_and_terms(cfg):
    # Wmo: Mon 23-3-2026 + 2 weeks = Mon 6-4 (tweede Paasdag) -> Tue 7-4; Wed 1-4 + 2 weeks = Wed 15-4
    u = case("2026-03-02", signalen=WMO, aanvragen=[
        {"wet": "wmo", "datum": "2026-03-23", "onderwerp": "huishoudelijke ondersteuning"},
        {"wet": "wmo", "datum": "2026-04-01", "onderwerp": "scootmobiel"}])
    ts = {t.code: t for t in bereken_termijnen(u, cfg)}
    a, b = ts["wmo_beschikking:2026-03-23"], ts["wmo_beschikking:2026-04-01"]
    assert (a.uiterlijk, a.grondslag, a.start, a.aanvraag) == (D(2026, 4, 7), "Wmo 2015 art. 2.3.5 lid 2",
                                                                D(2026, 3, 23), "huishoudelijke ondersteuning")
    assert b.uiterlijk == D(2026, 4, 15) and a.verdagen and a.begrenst_opvolging
    # an aanvraag's terms run even when the melding's laws do not include its law
    u = case("2026-03-02", wetten=["wgs"], aanvragen=[{"wet": "wmo", "datum": "2026-03-23"}])
    assert "wmo_beschikking:2026-03-23" in by_code(bereken_termijnen(u, cfg))
    assert "wmo_onderzoek" not in by_code(bereken_termijnen(u, cfg))


def test_two_aanvragen_on_one_day_keep_apart(cfg):
    u = case("2026-03-02", aanvragen=[{"wet": "wmo", "datum": "2026-03-23"}, {"wet": "wmo", "datum": "2026-03-23"}])
    assert {"wmo_beschikking:2026-03-23", "wmo_beschikking:2026-03-23:2"} <= set(by_code(bereken_termijnen(u, cfg)))


def test_jeugdwet_eight_weeks_over_kings_day(cfg):
    # aanvraag Mon 2-3-2026 + 8 weeks = Mon 27-4 (Koningsdag) -> Tue 28-4
    u = case(None, aanvragen=[{"wet": "jeugdwet", "datum": "2026-03-02"}])
    ts = bereken_termijnen(u, cfg)
    assert by_code(ts) == {"jeugd_besluit:2026-03-02": D(2026, 4, 28)}
    assert ts[0].wet == "Jeugdwet" and ts[0].grondslag == "Awb art. 4:13 lid 2"


def test_participatiewet_besluit_and_voorschot(cfg):
    # aanvraag Thu 21-1-2027: voorschot + 4 weeks = Thu 18-2-2027 (Pw art. 52); besluit + 8 weeks = Thu 18-3-2027
    u = case(None, aanvragen=[{"wet": "participatiewet", "datum": "2027-01-21"}])
    got = {t.regel: t for t in bereken_termijnen(u, cfg)}
    assert got["pw_voorschot"].uiterlijk == D(2027, 2, 18)
    assert got["pw_voorschot"].grondslag == "Participatiewet art. 52 lid 1"
    assert got["pw_besluit"].uiterlijk == D(2027, 3, 18) and got["pw_besluit"].grondslag == "Awb art. 4:13 lid 2"


def test_zoektermijn_under_27_is_a_not_before_date_from_the_melding(cfg):
    u = case("2026-12-23", geboortejaar=2002, signalen=[{"leefgebied": "financien", "ernst": 2}])
    ts = {t.code: t for t in bereken_termijnen(u, cfg)}
    zoek = ts["pw_zoektermijn"]
    # 23-12-2026 + 4 weeks = Wed 20-1-2027: the aanvraag not before that date
    assert (zoek.uiterlijk, zoek.soort, zoek.grondslag) == (D(2027, 1, 20), "vanaf", "Participatiewet art. 41 lid 4")
    assert not zoek.begrenst_opvolging and zoek.soort_label == "niet eerder dan"
    assert ts["wgs_eerste_gesprek"].uiterlijk == D(2027, 1, 20)
    # not moved by the Atw: 2-4-2026 + 4 weeks = Thu 30-4-2026 stays; 7-4 + 4 weeks = 5-5 stays 5-5
    u = case("2026-04-07", geboortejaar=2003, wetten=["participatiewet"])
    assert by_code(bereken_termijnen(u, cfg)) == {"pw_zoektermijn": D(2026, 5, 5)}


def test_zoektermijn_only_when_possibly_under_27(cfg):
    sig = [{"leefgebied": "werk_dagbesteding", "ernst": 2}]
    assert "pw_zoektermijn" not in by_code(bereken_termijnen(case("2026-12-23", geboortejaar=1990, signalen=sig), cfg))
    assert "pw_zoektermijn" not in by_code(bereken_termijnen(case("2026-12-23", signalen=sig), cfg))
    borderline = case("2026-03-02", geboortejaar=1999, signalen=sig)
    assert by_code(bereken_termijnen(borderline, cfg))["pw_zoektermijn"] == D(2026, 3, 30)
    assert "pw_zoektermijn" not in by_code(bereken_termijnen(borderline, cfg, geboortedatum=D(1999, 1, 15)))


# -- the desk's own promise --------------------------------------------------------------------

def test_desk_promise_after_a_debt_melding_in_haaksbergen_only(cfg):
    ts = {t.code: t for t in bereken_termijnen(case("2026-03-02", gemeente="haaksbergen", signalen=SCHULDEN), cfg)}
    p = ts["wgs_contact_balie"]
    assert p.belofte and p.uiterlijk == D(2026, 3, 5) and "seeds/003:229" in p.grondslag
    assert p.soort_label == "afspraak van de balie (geen wet)" and not p.begrenst_opvolging
    assert "wgs_contact_balie" not in by_code(bereken_termijnen(case("2026-03-02", signalen=SCHULDEN), cfg))


def test_desk_closing_days_move_the_promise_never_a_legal_term(cfg):
    k = cfg.atw.met(sluitingsdagen=[Sluitingsdag(D(2026, 3, 3), "teamdag", "haaksbergen")])
    c = cfg.met_kalender(k)
    u = case("2026-03-02", gemeente="haaksbergen", signalen=SCHULDEN, crisis=ONTRUIMING)
    got = by_code(bereken_termijnen(u, c))
    assert got["wgs_contact_balie"] == D(2026, 3, 6)          # Wed 4, Thu 5, Fri 6 (Tue 3 closed)
    assert got["wgs_bedreigende_situatie"] == D(2026, 3, 5)   # the law counts Tue 3


# -- follow-up never after a deadline ----------------------------------------------------------

def test_follow_up_capped_by_the_nearest_desk_deadline(cfg):
    iv = Intervallen()
    # crisis melding Mon 2-3-2026: Wgs conversation by Thu 5-3, earlier than 14 days
    ts = bereken_termijnen(case("2026-03-02", gemeente="haaksbergen", signalen=SCHULDEN, crisis=ONTRUIMING), cfg)
    d, grens = opvolgdatum(D(2026, 3, 2), ts, iv, cfg.atw)
    assert d == D(2026, 3, 5) and grens.code == "wgs_bedreigende_situatie"   # not the desk promise
    # Wmo only: persoonlijk plan (9-3) and cliëntondersteuning (2-3) do not cap; onderzoek (13-4) is later
    ts = bereken_termijnen(case("2026-03-02", signalen=WMO), cfg)
    assert opvolgdatum(D(2026, 3, 2), ts, iv, cfg.atw) == (D(2026, 3, 16), None)
    # zoektermijn does not cap
    ts = bereken_termijnen(case("2026-03-02", geboortejaar=2003, wetten=["participatiewet"]), cfg)
    assert opvolgdatum(D(2026, 3, 2), ts, iv, cfg.atw) == (D(2026, 3, 16), None)
    # a beschikking does
    ts = bereken_termijnen(case("2026-03-02", aanvragen=[{"wet": "wmo", "datum": "2026-03-02"}]), cfg)
    assert opvolgdatum(D(2026, 3, 2), ts, iv, cfg.atw)[0] == D(2026, 3, 16)
    assert opvolgdatum(D(2026, 3, 4), ts, iv, cfg.atw)[0] == D(2026, 3, 16)   # beschikking Mon 16-3 < 18-3


# -- state of a step ---------------------------------------------------------------------------

def test_stand():
    u = D(2026, 4, 13)
    assert stand(u, D(2026, 4, 1)) == "op tijd"
    assert stand(u, D(2026, 4, 7)) == "op tijd"          # Wed 8, Thu 9, Fri 10, Mon 13: 4 werkdagen
    assert stand(u, D(2026, 4, 8)) == "bijna verlopen"   # Thu 9, Fri 10, Mon 13: 3 werkdagen
    assert stand(u, D(2026, 4, 13)) == "bijna verlopen"
    assert stand(u, D(2026, 4, 14)) == "verlopen"
    assert stand(u, D(2026, 4, 20), afgerond_op=D(2026, 4, 13)) == "gehaald"
    assert stand(u, D(2026, 4, 20), afgerond_op=D(2026, 4, 14)) == "te laat gehaald"
    assert stand(u, D(2026, 4, 20), niet_van_toepassing=True) == "niet van toepassing"
    assert stand(u, D(2026, 4, 20), soort="vanaf") == "vanaf"
    assert stand(u, D(2026, 4, 1), bijna=Interval("dagen", 14)) == "bijna verlopen"


def test_verdaging_and_opschorting_rules(cfg):
    ok = dict(huidig=D(2026, 4, 7), nieuw=D(2026, 4, 21), vandaag=D(2026, 4, 1))
    controleer_wijziging(cfg, "wmo_beschikking:2026-03-23", "verdaagd", "verdaagd", **ok)
    controleer_wijziging(cfg, "jeugd_besluit:2026-03-02", "opgeschort", "aanvulling", **ok)
    bad = [
        (("wmo_onderzoek", "verdaagd", "verdaagd"), ok, "termijn"),
        (("wmo_beschikking:2026-03-23", "opgeschort", "onzin"), ok, "grond"),
        (("wmo_beschikking:2026-03-23", "verlengd", "verdaagd"), ok, "soort"),
        (("wmo_beschikking:2026-03-23", "verdaagd", "verdaagd"), {**ok, "nieuw": D(2026, 4, 7)}, "nieuwe_datum"),
        (("wmo_beschikking:2026-03-23", "verdaagd", "verdaagd"), {**ok, "vandaag": D(2026, 4, 8)}, "soort"),
    ]
    for args, kw, fld in bad:
        with pytest.raises(InvalidInput) as exc:
            controleer_wijziging(cfg, *args, **kw)
        assert exc.value.field == fld, args


# -- the files ---------------------------------------------------------------------------------

def test_config_validation():
    raw = yaml.safe_load((resources_dir() / "termijnen.yaml").read_text(encoding="utf-8"))
    raw["termijnen"][0]["termijn"] = {"maanden": 1}
    raw["termijnen"][1]["wet"] = "Wmo2015"
    raw["termijnen"][2]["geldt"] = "onbekend"
    raw["termijnen"][3]["gemeenten"] = ["haaksbergen"]
    raw["extra_feestdagen"] = ["2026-05-05"]
    with pytest.raises(ConfigError) as exc:
        parse_termijn_config(raw)
    msgs = exc.value.messages
    assert any(m.startswith("termijnen.yaml, termijn 'wmo_clientondersteuning', veld 'termijn'") for m in msgs)
    assert any(m.startswith("termijnen.yaml, termijn 'wmo_persoonlijk_plan', veld 'wet'") for m in msgs)
    assert any(m.startswith("termijnen.yaml, termijn 'wmo_onderzoek', veld 'geldt'") for m in msgs)
    assert any("termijn 'wmo_beschikking', veld 'gemeenten'" in m for m in msgs)
    assert any("'extra_feestdagen' bestaat niet meer" in m for m in msgs)


def test_every_legal_term_names_its_article_and_every_promise_its_source(cfg):
    for r in cfg.regels:
        if r.belofte:
            assert "seeds/" in r.grondslag and " art. " not in r.grondslag
        else:
            assert r.grondslag.split(" art. ")[0] in ("Wmo 2015", "Awb", "Wgs", "Participatiewet")


def test_intervallen_file_and_validation():
    iv = load_intervallen(resources_dir() / "intervallen.yaml")
    assert iv == Intervallen(Interval("dagen", 14), Interval("dagen", 21), Interval("werkdagen", 3))
    with pytest.raises(ConfigError) as exc:
        parse_intervallen({"opvolgen": {"maanden": 1}, "zonder_nieuws": {"dagen": 0},
                           "bijna_verlopen": {"werkdagen": 90}, "snel": 1})
    msgs = exc.value.messages
    assert any("veld 'opvolgen': schrijf een aantal met een eenheid" in m for m in msgs)
    assert any("veld 'zonder_nieuws': moet minstens 1 zijn" in m for m in msgs)
    assert any("veld 'bijna_verlopen': 90 werkdagen is te lang" in m for m in msgs)
    assert any("onbekend veld 'snel'" in m for m in msgs)
