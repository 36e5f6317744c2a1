"""The Atw calendar. Expected days are computed here from the rule of the law (Atw art. 3) with an
Easter computation of its own (Meeus/Jones/Butcher), not taken from the code under test."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from toegang_app.errors import ConfigError
from toegang_app.domain.kalender import (
    BEVESTIGD, TE_VERIFIEREN, Sluitingsdag, load_kalender, parse_kalender,
)
from toegang_app.paths import resources_dir

JAREN = range(2024, 2031)


def pasen_meeus(y: int) -> date:
    """Easter Sunday, Gregorian calendar (the anonymous algorithm as given by Meeus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def atw_lid_1_en_2(y: int) -> dict[date, str]:
    """Atw art. 3 lid 1 and 2 written out from the law's text."""
    e = pasen_meeus(y)
    koningsdag = date(y, 4, 27) if date(y, 4, 27).weekday() != 6 else date(y, 4, 26)
    return {date(y, 1, 1): "Nieuwjaarsdag", e - timedelta(days=2): "Goede Vrijdag",
            e + timedelta(days=1): "tweede Paasdag", koningsdag: "Koningsdag", date(y, 5, 5): "5 mei",
            e + timedelta(days=39): "Hemelvaartsdag", e + timedelta(days=50): "tweede Pinksterdag",
            date(y, 12, 25): "eerste Kerstdag", date(y, 12, 26): "tweede Kerstdag"}


@pytest.fixture(scope="module")
def kal():
    return load_kalender(resources_dir() / "atw_kalender.yaml")


def test_known_easter_dates_check_the_test_rule():
    # a few Easter Sundays every Dutch calendar prints, to be sure the rule in this test is right
    assert [pasen_meeus(y) for y in (2024, 2025, 2026, 2027)] == [
        date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28)]


@pytest.mark.parametrize("jaar", JAREN)
def test_lid_1_and_2_days_follow_the_rule(kal, jaar):
    wet = {d.datum: d.naam for d in kal.atw_dagen(jaar) if d.grondslag != "Atw art. 3 lid 3"}
    assert wet == atw_lid_1_en_2(jaar)


def test_easter_based_days_over_two_centuries(kal):
    for y in range(1950, 2151):
        e = pasen_meeus(y)
        got = {d.naam: d.datum for d in kal.atw_dagen(y)}
        assert got["Goede Vrijdag"] == e - timedelta(days=2)
        assert got["tweede Paasdag"] == e + timedelta(days=1)
        assert got["Hemelvaartsdag"] == e + timedelta(days=39)
        assert got["Hemelvaartsdag"].weekday() == 3
        assert got["tweede Pinksterdag"] == e + timedelta(days=50)
        assert got["tweede Pinksterdag"].weekday() == 0


@pytest.mark.parametrize("jaar", JAREN)
def test_5_may_every_year_not_only_lustrum_years(kal, jaar):
    d = date(jaar, 5, 5)
    assert kal.vrije_dag(d) is not None
    assert kal.vrije_dag(d).grondslag.startswith("Atw art. 3 lid 1")
    if d.weekday() < 5:
        assert not kal.is_werkdag(d)
        # the day before 5 May plus one working day is never 5 May itself
        assert kal.werkdagen_later(d - timedelta(days=1), 1) != d


def test_koningsdag_moves_to_saturday_when_27_april_is_a_sunday(kal):
    for y in range(2000, 2100):
        k = next(d.datum for d in kal.atw_dagen(y) if d.naam == "Koningsdag")
        assert k == (date(y, 4, 26) if date(y, 4, 27).weekday() == 6 else date(y, 4, 27))
    # 2025: 27 April is a Sunday
    assert next(d.datum for d in kal.atw_dagen(2025) if d.naam == "Koningsdag") == date(2025, 4, 26)


@pytest.mark.parametrize("jaar", JAREN)
def test_christmas_and_pentecost_are_not_working_days(kal, jaar):
    e = pasen_meeus(jaar)
    for d in (date(jaar, 12, 25), date(jaar, 12, 26), e + timedelta(days=50), e + timedelta(days=39),
              e - timedelta(days=2), e + timedelta(days=1), date(jaar, 1, 1)):
        assert not kal.is_werkdag(d), d
    # the working day after Christmas Eve is never 25 or 26 December
    assert kal.volgende_werkdag(date(jaar, 12, 25)) >= date(jaar, 12, 27)


def test_working_days_across_easter_2026(kal):
    # Thu 2-4-2026: Goede Vrijdag 3-4, weekend, tweede Paasdag 6-4 -> Tue 7, Wed 8, Thu 9
    assert kal.werkdagen_later(date(2026, 4, 2), 3) == date(2026, 4, 9)
    assert kal.werkdagen_tussen(date(2026, 4, 2), date(2026, 4, 9)) == 3


def test_gelijkgestelde_dagen_are_data_with_source_and_status(kal):
    d = kal.vrije_dag(date(2026, 5, 15))  # the Friday after Hemelvaartsdag 2026
    assert d is not None and d.grondslag == "Atw art. 3 lid 3" and d.status == TE_VERIFIEREN
    assert "Besluit gelijkstelling" in d.bron
    # Hemelvaart 2026 on Thu 14 May; with the Friday on a par the next working day is Mon 18 May
    assert kal.werkdagen_later(date(2026, 5, 13), 1) == date(2026, 5, 18)
    assert kal.met(bevestigd=["gelijkstelling-2026-2028"]).vrije_dag(date(2026, 5, 15)).status == BEVESTIGD
    for b in kal.besluiten:
        assert b.titel.startswith("Besluit gelijkstelling") and b.bron and b.status == TE_VERIFIEREN
        for d, _ in b.dagen:
            assert d.weekday() == 4  # each one a Friday in these besluiten
            assert d.year in b.jaren


def test_years_without_a_besluit_are_known_to_be_unknown(kal):
    assert kal.besluit_bekend(2026) and kal.besluit_bekend(2028)
    assert not kal.besluit_bekend(2029)
    # 2029: no gelijkgestelde dag, only what the law itself says
    assert {d.datum for d in kal.atw_dagen(2029)} == set(atw_lid_1_en_2(2029))


def test_desk_closing_days_only_for_the_desks_own_promises(kal):
    k = kal.met(sluitingsdagen=[Sluitingsdag(date(2026, 6, 3), "teamdag", "haaksbergen"),
                                Sluitingsdag(date(2026, 6, 4), "verhuizing", None)])
    assert k.is_werkdag(date(2026, 6, 3))                       # statutory: an ordinary Wednesday
    assert not k.is_werkdag(date(2026, 6, 3), eigen=True, gemeente="haaksbergen")
    assert k.is_werkdag(date(2026, 6, 3), eigen=True, gemeente="twenterand")
    assert not k.is_werkdag(date(2026, 6, 4), eigen=True, gemeente="twenterand")   # every desk
    assert k.werkdagen_later(date(2026, 6, 2), 1) == date(2026, 6, 3)
    assert k.werkdagen_later(date(2026, 6, 2), 1, eigen=True, gemeente="haaksbergen") == date(2026, 6, 5)


def test_validation_messages_are_dutch_and_name_the_field():
    raw = yaml.safe_load((resources_dir() / "atw_kalender.yaml").read_text(encoding="utf-8"))
    raw["wettelijke_dagen"][0]["datum"] = "13-01"
    raw["wettelijke_dagen"][1]["pasen"] = "twee"
    raw["besluiten"][0]["status"] = "ok"
    raw["besluiten"][1]["dagen"].append({"datum": "2026-05-16", "reden": "zaterdag"})
    raw["besluiten"][1]["bron"] = ""
    raw["extra"] = 1
    with pytest.raises(ConfigError) as exc:
        parse_kalender(raw)
    msgs = exc.value.messages
    assert any("wettelijke dag 1, veld 'datum'" in m for m in msgs)
    assert any("wettelijke dag 2, veld 'pasen'" in m for m in msgs)
    assert any("besluit 'gelijkstelling-2023-2025', veld 'status'" in m for m in msgs)
    assert any("2026-05-16: is een zaterdag" in m for m in msgs)
    assert any("besluit 'gelijkstelling-2026-2028', veld 'bron'" in m for m in msgs)
    assert any("onbekend veld 'extra'" in m for m in msgs)


def test_no_general_holiday_library_anywhere():
    root = Path(__file__).resolve().parents[2]
    assert "holidays" not in (root / "pyproject.toml").read_text(encoding="utf-8")
    for p in (root / "toegang_app").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "import holidays" not in text and "holidays.NL" not in text, p
