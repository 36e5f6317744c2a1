"""domain/statistiek.py: periods, rounding, medians, sheet names and the gemeente tables (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from toegang_app.domain.statistiek import (
    PRIMAIR,
    Selectie,
    afronden,
    gemeente_tabel,
    grafiek_data,
    Grafiek,
    jaar_eerder,
    laatste_volle_maanden,
    mediaan_uit_histogram,
)
from toegang_app.reports.statistiek_export import sheet_naam


def test_default_period_is_the_last_twelve_whole_months():
    assert laatste_volle_maanden(date(2026, 12, 3)) == (date(2025, 12, 1), date(2026, 11, 30))
    assert laatste_volle_maanden(date(2026, 1, 1)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert laatste_volle_maanden(date(2024, 3, 31)) == (date(2023, 3, 1), date(2024, 2, 29))


def test_same_period_a_year_earlier():
    assert Selectie(date(2024, 2, 1), date(2024, 2, 29)).vorig_jaar().tot == date(2023, 2, 28)
    s = Selectie(date(2025, 12, 1), date(2026, 11, 30))
    assert (s.vorig_jaar().van, s.vorig_jaar().tot) == (date(2024, 12, 1), date(2025, 11, 30))
    assert jaar_eerder(date(2024, 2, 29)) == date(2023, 2, 28)


@pytest.mark.parametrize("v, shown", [(0, 0), (1, PRIMAIR), (4, PRIMAIR), (5, 5), (7, 5), (8, 10), (12, 10),
                                      (13, 15), (1234, 1235), (1232, 1230)])
def test_rounding_to_fives(v, shown):
    assert afronden(v) == shown


def test_median_from_counts():
    assert mediaan_uit_histogram({}) is None
    assert mediaan_uit_histogram({3: 1}) == 3.0
    assert mediaan_uit_histogram({1: 1, 5: 1}) == 3.0
    assert mediaan_uit_histogram({10: 3, 20: 1}) == 10.0


def test_sheet_names_unique_and_within_31_characters():
    used: set[str] = set()
    names = [sheet_naam(t, used) for t in (
        "Verwijzingen per voorziening en uitkomst: Haaksbergen", "Verwijzingen per voorziening en uitkomst: Twenterand",
        "Gesprekken en verwijzingen per maand", "Gesprekken en verwijzingen per maand",
        "Verandering in Positieve Gezondheid: eerste gesprek en vervolggesprek")]
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert names[0].endswith("Haaksbergen") and names[1].endswith("Twenterand")
    assert "  " not in "".join(names) and not any(n.endswith(" ") for n in names)


def test_one_gemeente_is_a_column_of_the_table_for_all():
    rijen = [("a", {"haaksbergen": 3, "twenterand": 40}), ("b", {"haaksbergen": 12, "twenterand": 2})]
    alle = gemeente_tabel("t", "T", "X", rijen, Selectie(date(2025, 1, 1), date(2025, 1, 31)), "d")
    hb = gemeente_tabel("t", "T", "X", rijen, Selectie(date(2025, 1, 1), date(2025, 1, 31), gemeente="haaksbergen"),
                        "d")
    assert hb.kolommen == ["X", "Haaksbergen", "Haaksbergen (%)"]
    assert [r[1] for r in hb.rijen] == [r[1] for r in alle.rijen]
    assert hb.rijen[0][1] == PRIMAIR


def test_hidden_cells_are_not_zero_in_charts():
    rijen = [("a", {"haaksbergen": 3}), ("b", {"haaksbergen": 12})]
    t = gemeente_tabel("t", "T", "X", rijen, Selectie(date(2025, 1, 1), date(2025, 1, 31), gemeente="haaksbergen"),
                       "d", grafiek=Grafiek("staaf", "T", "Aantal", (1,)))
    gd = grafiek_data(t)
    assert gd.waarden[0][0] is None and gd.labels[0][0] == PRIMAIR and gd.verborgen
    assert gd.schaal_max() >= 4


def test_no_total_beside_a_small_count_of_another_gemeente():
    """Haaksbergen 9 (a Haaksbergen team lead knows it exactly), Twenterand 4: a published total of 15
    (13..17) minus 9 would leave only 4 for Twenterand. The total beside the '<5' is hidden."""
    from toegang_app.domain.statistiek import SECUNDAIR

    rijen = [("a", {"haaksbergen": 9, "twenterand": 4}), ("b", {"haaksbergen": 40, "twenterand": 60})]
    t = gemeente_tabel("t", "T", "X", rijen, Selectie(date(2025, 1, 1), date(2025, 1, 31)), "d", met_aandeel=False)
    assert t.rijen[0][2:] == [PRIMAIR, SECUNDAIR]
    assert all(v != SECUNDAIR for v in t.rijen[-1][1:])  # the column totals stay
