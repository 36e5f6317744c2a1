"""Legal terms. Expected dates are computed by hand (calendar in the comments)."""

from datetime import date

import pytest
import yaml

from toegang_app.errors import ConfigError
from toegang_app.domain.termijnen import (
    Termijn, bereken_termijnen, load_termijn_config, parse_termijn_config, status,
    werkdagen_later,
)
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.paths import resources_dir

D = date


@pytest.fixture(scope="module")
def cfg():
    return load_termijn_config(resources_dir() / "termijnen.yaml")


def case(datum=None, **kw):
    doc = {"gemeente": kw.pop("gemeente", "twenterand"), **kw}
    if datum:
        doc["aanmelding"] = {"datum": datum}
    return parse_uitvraag(doc)


def by_code(ts):
    return {t.code: t.uiterlijk for t in ts}


SCHULDEN = [{"leefgebied": "schulden", "ernst": 2}]
ONTRUIMING = {"dreigende_ontruiming": True}
WMO = [{"leefgebied": "zelfzorg_huishouden", "ernst": 2}]


# -- working days --------------------------------------------------------------------------

def test_werkdagen_skip_weekends():
    assert werkdagen_later(D(2026, 3, 2), 3) == D(2026, 3, 5)    # Mon -> Thu
    assert werkdagen_later(D(2026, 3, 6), 3) == D(2026, 3, 11)   # Fri -> Wed (skips Sat, Sun)
    assert werkdagen_later(D(2026, 3, 7), 1) == D(2026, 3, 9)    # Sat -> Mon
    assert werkdagen_later(D(2026, 3, 2), 0) == D(2026, 3, 2)


def test_werkdagen_skip_holidays():
    # Christmas 2026: Fri 25 + Sat 26 + Sun 27
    assert werkdagen_later(D(2026, 12, 23), 3) == D(2026, 12, 29)
    # New Year: Thu 31-12-2026 -> Fri 1-1-2027 is a holiday -> Mon 4-1-2027
    assert werkdagen_later(D(2026, 12, 31), 1) == D(2027, 1, 4)
    # Easter 2026: Good Friday 3 April (holidays.NL default) and Easter Monday 6 April
    assert werkdagen_later(D(2026, 4, 2), 3) == D(2026, 4, 9)
    # King's Day Mon 27 April 2026
    assert werkdagen_later(D(2026, 4, 24), 3) == D(2026, 4, 30)
    # 5 May is a holiday in holidays.NL only in lustrum years: 2025 yes, 2026 no
    assert werkdagen_later(D(2025, 5, 1), 3) == D(2025, 5, 7)    # Fri 2, (Mon 5 free), Tue 6, Wed 7
    assert werkdagen_later(D(2026, 4, 30), 3) == D(2026, 5, 5)   # Fri 1, Mon 4, Tue 5
    assert werkdagen_later(D(2026, 4, 30), 3, extra={D(2026, 5, 5)}) == D(2026, 5, 6)


# -- which terms, on ordinary dates --------------------------------------------------------

def test_wgs_four_weeks_for_debts(cfg):
    ts = bereken_termijnen(case("2026-03-02", signalen=SCHULDEN), cfg)
    assert [(t.wet, t.stap, t.uiterlijk, t.grondslag) for t in ts] == [
        ("Wgs", "eerste gesprek", D(2026, 3, 30), "Wgs art. 4 lid 1")]


def test_wgs_three_workdays_in_crisis_replaces_four_weeks(cfg):
    u = case("2026-03-02", signalen=SCHULDEN, crisis=ONTRUIMING)
    ts = bereken_termijnen(u, cfg)
    assert by_code(ts) == {"wgs_bedreigende_situatie": D(2026, 3, 5)}
    assert ts[0].grondslag == "Wgs art. 4 lid 2" and ts[0].start == D(2026, 3, 2)
    # every crisis flag is a bedreigende situatie, also without a debt signal
    for flag in ("afsluiting_energie_water", "opzegging_zorgverzekering"):
        assert by_code(bereken_termijnen(case("2026-03-02", crisis={flag: True}), cfg)) == {
            "wgs_bedreigende_situatie": D(2026, 3, 5)}


def test_wgs_crisis_over_christmas(cfg):
    ts = bereken_termijnen(case("2026-12-23", crisis=ONTRUIMING), cfg)
    assert by_code(ts) == {"wgs_bedreigende_situatie": D(2026, 12, 29)}


def test_wmo_terms_ordinary(cfg):
    ts = bereken_termijnen(case("2026-03-02", signalen=WMO), cfg)
    assert by_code(ts) == {
        "wmo_clientondersteuning": D(2026, 3, 2),
        "wmo_persoonlijk_plan": D(2026, 3, 9),     # 7 days
        "wmo_onderzoek": D(2026, 4, 13),           # 6 weeks
    }
    g = {t.code: t.grondslag for t in ts}
    assert g["wmo_onderzoek"] == "Wmo 2015 art. 2.3.2 lid 1"
    assert g["wmo_persoonlijk_plan"] == "Wmo 2015 art. 2.3.2 lid 2"
    assert [t.uiterlijk for t in ts] == sorted(t.uiterlijk for t in ts)


def test_wmo_not_for_debts_only_but_when_wmo_maatwerk_in_play(cfg):
    u = case("2026-03-02", signalen=SCHULDEN)
    assert "wmo_onderzoek" not in by_code(bereken_termijnen(u, cfg))
    assert by_code(bereken_termijnen(u, cfg, wetten_in_beeld={"Wmo"}))["wmo_onderzoek"] == D(2026, 4, 13)
    u = case("2026-03-02", netwerk={"mantelzorger_overbelast": True})
    assert "wmo_onderzoek" in by_code(bereken_termijnen(u, cfg))
    u = case("2026-03-02", dimensies={"dagelijks_functioneren": {"score": 3}})
    assert "wmo_onderzoek" in by_code(bereken_termijnen(u, cfg))


def test_persoonlijk_plan_ending_on_christmas_moves_to_next_workday(cfg):
    # Fri 18-12-2026 + 7 days = Fri 25-12 (Christmas) -> Sat, Sun -> Mon 28-12 (Algemene termijnenwet)
    ts = by_code(bereken_termijnen(case("2026-12-18", signalen=WMO), cfg))
    assert ts["wmo_persoonlijk_plan"] == D(2026, 12, 28)
    # 6 weeks = Fri 29-01-2027, an ordinary working day
    assert ts["wmo_onderzoek"] == D(2027, 1, 29)


def test_wmo_beschikking_from_aanvraag_over_easter(cfg):
    # aanvraag Mon 23-03-2026 + 2 weeks = Mon 6-4 (Easter Monday) -> Tue 7-4
    u = case("2026-03-02", signalen=WMO)
    ts = bereken_termijnen(u, cfg, starts={"aanvraag_wmo": D(2026, 3, 23)})
    t = next(t for t in ts if t.code == "wmo_beschikking")
    assert (t.uiterlijk, t.grondslag, t.start) == (D(2026, 4, 7), "Wmo 2015 art. 2.3.5 lid 2", D(2026, 3, 23))
    # without an aanvraag date there is no beschikking term
    assert "wmo_beschikking" not in by_code(bereken_termijnen(u, cfg))


def test_jeugdwet_eight_weeks_over_kings_day(cfg):
    # aanvraag Mon 2-3-2026 + 8 weeks = Mon 27-4 (King's Day) -> Tue 28-4
    u = case(None, signalen=[{"leefgebied": "opvoeden_opgroeien", "ernst": 2}])
    ts = bereken_termijnen(u, cfg, starts={"aanvraag_jeugd": D(2026, 3, 2)})
    assert by_code(ts) == {"jeugd_besluit": D(2026, 4, 28)}
    assert ts[0].wet == "Jeugdwet" and ts[0].grondslag == "Awb art. 4:13 lid 2"
    # ordinary: aanvraag Tue 3-3-2026 + 8 weeks = Tue 28-4
    assert by_code(bereken_termijnen(u, cfg, starts={"aanvraag_jeugd": D(2026, 3, 3)})) == {
        "jeugd_besluit": D(2026, 4, 28)}


def test_weekend_melding_four_weeks_lands_on_weekend_and_easter(cfg):
    # melding Sat 7-3-2026 + 4 weeks = Sat 4-4 -> Sun 5-4 -> Mon 6-4 Easter Monday -> Tue 7-4
    assert by_code(bereken_termijnen(case("2026-03-07", signalen=SCHULDEN), cfg)) == {
        "wgs_eerste_gesprek": D(2026, 4, 7)}


def test_participatiewet_under_27(cfg):
    u = case("2026-12-23", geboortejaar=2002, signalen=[{"leefgebied": "financien", "ernst": 2}])
    ts = bereken_termijnen(u, cfg, starts={"aanvraag_pw": D(2027, 1, 21)})
    got = by_code(ts)
    # zoektermijn: 23-12-2026 + 4 weeks = Wed 20-1-2027: aanvraag not before that date
    assert got["pw_zoektermijn"] == D(2027, 1, 20)
    zoek = next(t for t in ts if t.code == "pw_zoektermijn")
    assert zoek.soort == "vanaf" and zoek.grondslag == "Participatiewet art. 41 lid 4"
    # voorschot: aanvraag Thu 21-1-2027 + 4 weeks = Thu 18-2-2027
    assert got["pw_voorschot"] == D(2027, 2, 18)
    # financien ernst 2 is also a Wgs verzoek
    assert got["wgs_eerste_gesprek"] == D(2027, 1, 20)


def test_zoektermijn_only_when_possibly_under_27(cfg):
    older = case("2026-12-23", geboortejaar=1990, signalen=[{"leefgebied": "werk_dagbesteding", "ernst": 2}])
    assert "pw_zoektermijn" not in by_code(bereken_termijnen(older, cfg))
    unknown = case("2026-12-23", signalen=[{"leefgebied": "werk_dagbesteding", "ernst": 2}])
    assert "pw_zoektermijn" not in by_code(bereken_termijnen(unknown, cfg))
    # born 1999: 27 in 2026, but may still be 26 before the birthday
    borderline = case("2026-03-02", geboortejaar=1999, signalen=[{"leefgebied": "werk_dagbesteding", "ernst": 2}])
    assert by_code(bereken_termijnen(borderline, cfg))["pw_zoektermijn"] == D(2026, 3, 30)
    assert "pw_zoektermijn" not in by_code(
        bereken_termijnen(borderline, cfg, geboortedatum=D(1999, 1, 15)))


def test_start_dates_override_and_missing_melding(cfg):
    u = case(None, signalen=SCHULDEN)
    assert bereken_termijnen(u, cfg) == []
    assert by_code(bereken_termijnen(u, cfg, D(2026, 3, 2))) == {"wgs_eerste_gesprek": D(2026, 3, 30)}
    u = case("2026-03-01", signalen=SCHULDEN)
    assert by_code(bereken_termijnen(u, cfg, starts={"melding": D(2026, 3, 2)})) == {
        "wgs_eerste_gesprek": D(2026, 3, 30)}
    with pytest.raises(ValueError):
        bereken_termijnen(u, cfg, starts={"intake": D(2026, 3, 2)})


# -- status --------------------------------------------------------------------------------

def test_status():
    t = Termijn("wmo_onderzoek", "Wmo", "onderzoek afgerond", D(2026, 4, 13), "Wmo 2015 art. 2.3.2 lid 1",
                D(2026, 3, 2))
    assert status(t, D(2026, 4, 1)) == "op tijd"
    assert status(t, D(2026, 4, 7)) == "op tijd"          # Wed 8, Thu 9, Fri 10, Mon 13: 4 werkdagen
    assert status(t, D(2026, 4, 8)) == "bijna verlopen"   # Thu 9, Fri 10, Mon 13: 3 werkdagen
    assert status(t, D(2026, 4, 13)) == "bijna verlopen"
    assert status(t, D(2026, 4, 14)) == "verlopen"
    assert status(t, D(2026, 4, 20), afgerond_op=D(2026, 4, 13)) == "gehaald"
    assert status(t, D(2026, 4, 20), afgerond_op=D(2026, 4, 14)) == "te laat gehaald"


def test_config_validation():
    raw = yaml.safe_load((resources_dir() / "termijnen.yaml").read_text(encoding="utf-8"))
    raw["termijnen"][0]["termijn"] = {"maanden": 1}
    raw["termijnen"][1]["wet"] = "Wmo2015"
    raw["termijnen"][2]["geldt"] = "onbekend"
    raw["extra_feestdagen"] = ["2026-05-32"]
    with pytest.raises(ConfigError) as exc:
        parse_termijn_config(raw)
    msgs = exc.value.messages
    assert any(m.startswith("termijnen.yaml, termijn 'wmo_clientondersteuning', veld 'termijn'") for m in msgs)
    assert any(m.startswith("termijnen.yaml, termijn 'wmo_persoonlijk_plan', veld 'wet'") for m in msgs)
    assert any(m.startswith("termijnen.yaml, termijn 'wmo_onderzoek', veld 'geldt'") for m in msgs)
    assert any("extra_feestdagen[0]" in m for m in msgs)


def test_every_term_has_article_text(cfg):
    for r in cfg.regels:
        assert r.grondslag.split(" art. ")[0] in ("Wmo 2015", "Awb", "Wgs", "Participatiewet")
        assert " art. " in r.grondslag
