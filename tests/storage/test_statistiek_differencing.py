"""Issue 19 item 7: two overlapping publication exports must not give a small count away.

The two attacks of the issue, on SQLite and PostgreSQL, against synthetic data with many small cells:

1. all gemeenten against Haaksbergen (to get Twenterand as "all minus Haaksbergen"), also with the
   exact Haaksbergen counts a Haaksbergen team lead sees in the internal form;
2. one period against the same period minus a day (refused: publication periods are whole months),
   and against the same period minus its first month (to get that month's counts).

The attacker reads every published cell as an interval (0 exact; '<5' 1..4; 'x' 5 or more; a count v
rounded to fives v-2..v+2) and subtracts. Every count that is really 1 to 4 (known from the internal
form) must still leave at least two possible values: nothing is recovered.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from toegang_app.domain.statistiek import PRIMAIR, SECUNDAIR, Rapport, is_getal
from toegang_app.errors import UserError
from toegang_app.services.auth import CurrentUser, systeem_gebruiker
from toegang_app.services.statistiek import Selectie, bereken

REGIO = CurrentUser(id=None, gebruikersnaam="rl", naam="Regio", rol="teamleider", team=None)
JAAR = Selectie(date(2025, 1, 1), date(2025, 12, 31))
ZONDER_JANUARI = Selectie(date(2025, 2, 1), date(2025, 12, 31))
JANUARI_INTERN = Selectie(date(2025, 1, 1), date(2025, 1, 31), vorm="intern")
GEEN_AANTAL = ("(%)", "gemiddelde", "verandering", "Mediaan", "Trede")


def _interval(v) -> tuple[float, float]:
    if v == PRIMAIR:
        return 1, 4
    if v == SECUNDAIR:
        return 5, math.inf
    if isinstance(v, int) and not isinstance(v, bool):
        return (0, 0) if v == 0 else (max(5, v - 2), v + 2)
    raise ValueError(v)


def _cellen(r: Rapport) -> dict[tuple[str, tuple, str], object]:
    """(table, row key, column) -> published count, for every count column."""
    out = {}
    for t in r.tabellen:
        for row in t.rijen:
            key = tuple(v for v in row if isinstance(v, str) and v not in (PRIMAIR, SECUNDAIR, "–", ""))[:2]
            for k, v in zip(t.kolommen[1:], row[1:]):
                if any(w in k for w in GEEN_AANTAL) or not (is_getal(v) and isinstance(v, int) or v in (PRIMAIR, SECUNDAIR)):
                    continue
                out[(t.sleutel, key, k)] = v
    return out


def _vul(ctx):
    from toegang_app.services.demo import vul_demo

    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 120, 900, seed=19, begin=date(2024, 1, 1), eind=date(2025, 12, 31))
    ctx.user = REGIO


def _aanvallen(ctx, _interval=_interval) -> dict[str, int]:
    _vul(ctx)
    stats = {"klein": 0, "vergeleken": 0}

    # attack 1: all gemeenten against Haaksbergen
    alle = bereken(ctx, JAAR, vandaag=date(2026, 1, 15))
    hb = bereken(ctx, replace(JAAR, gemeente="haaksbergen"), vandaag=date(2026, 1, 15))
    echt = _cellen(bereken(ctx, replace(JAAR, vorm="intern"), vandaag=date(2026, 1, 15)))
    a, h = _cellen(alle), _cellen(hb)
    for (tab, key, kol), v in h.items():
        if kol == "Haaksbergen":
            assert a[(tab, key, kol)] == v, "the Haaksbergen export is a part of the export for all gemeenten"
    for (tab, key, kol), tot in a.items():
        if kol != "Totaal" or (tab, key, "Haaksbergen") not in h:
            continue
        t_echt = echt.get((tab, key, "Twenterand"))
        if not isinstance(t_echt, int) or not 1 <= t_echt <= 4:
            continue
        stats["klein"] += 1
        lo_t, hi_t = _interval(tot)
        lo_h, hi_h = _interval(h[(tab, key, "Haaksbergen")])
        lo_x, hi_x = _interval(a[(tab, key, "Twenterand")])
        lo, hi = max(lo_x, lo_t - hi_h, 1), min(hi_x, hi_t - lo_h, 4)
        assert lo <= t_echt <= hi
        assert hi > lo, f"Twenterand recovered exactly in {tab} {key}: {t_echt}"
        stats["vergeleken"] += 1

    # attack 1b: a Haaksbergen team lead also knows Haaksbergen's exact counts (internal form)
    eigen = _cellen(bereken(ctx, replace(JAAR, gemeente="haaksbergen", vorm="intern"), vandaag=date(2026, 1, 15)))
    for (tab, key, kol), tot in a.items():
        if kol != "Totaal" or (tab, key, "Haaksbergen") not in eigen:
            continue
        t_echt = echt.get((tab, key, "Twenterand"))
        if not isinstance(t_echt, int) or not 1 <= t_echt <= 4:
            continue
        stats["klein"] += 1
        lo_t, hi_t = _interval(tot)
        h_exact = eigen[(tab, key, "Haaksbergen")]
        lo_x, hi_x = _interval(a[(tab, key, "Twenterand")])
        lo, hi = max(lo_x, lo_t - h_exact, 1), min(hi_x, hi_t - h_exact, 4)
        assert lo <= t_echt <= hi
        assert hi > lo, f"Twenterand recovered exactly with the own exact counts in {tab} {key}: {t_echt}"
        stats["vergeleken"] += 1

    # attack 2: the same period minus a day is refused
    with pytest.raises(UserError, match="hele kalendermaanden"):
        bereken(ctx, Selectie(date(2025, 1, 1), date(2025, 12, 30)))
    with pytest.raises(UserError, match="hele kalendermaanden"):
        bereken(ctx, Selectie(date(2025, 1, 2), date(2025, 12, 31)))
    # ... and minus its first month leaves January's small counts hidden
    zonder = _cellen(bereken(ctx, ZONDER_JANUARI, vandaag=date(2026, 1, 15)))
    jan = _cellen(bereken(ctx, JANUARI_INTERN, vandaag=date(2026, 1, 15)))
    for cel, v in a.items():
        if cel not in zonder or cel not in jan or cel[0] in ("vergelijking", "per_jaar"):
            continue
        j = jan[cel]
        if not isinstance(j, int) or not 1 <= j <= 4:
            continue
        stats["klein"] += 1
        lo1, hi1 = _interval(v)
        lo2, hi2 = _interval(zonder[cel])
        lo, hi = max(lo1 - hi2, 1), min(hi1 - lo2, 4)
        assert lo <= j <= hi
        assert hi > lo, f"January recovered exactly in {cel}: {j}"
        stats["vergeleken"] += 1
    return stats


def test_two_differencing_attacks_recover_nothing_sqlite(ctx):
    stats = _aanvallen(ctx)
    assert stats["vergeleken"] > 50  # the data really holds many small counts to attack


def test_two_differencing_attacks_recover_nothing_postgresql(pg_ctx):
    stats = _aanvallen(pg_ctx)
    assert stats["vergeleken"] > 50


def test_internal_and_publication_form_of_the_same_data(ctx):
    _vul(ctx)
    intern = bereken(ctx, replace(JAAR, vorm="intern"), vandaag=date(2026, 1, 15))
    pub = bereken(ctx, JAAR, vandaag=date(2026, 1, 15))
    ti, tp = intern.tabel("verwijzingen_per_maand"), pub.tabel("verwijzingen_per_maand")
    for ri, rp in zip(ti.rijen, tp.rijen):
        for vi, vp in zip(ri[1:], rp[1:]):
            if vp == PRIMAIR:
                assert 1 <= vi <= 4
            elif vp != SECUNDAIR:
                assert abs(vi - vp) <= 2 and vp % 5 == 0


def test_the_attack_would_succeed_on_exact_published_counts(ctx, monkeypatch):
    """The attacker above is real: publish exact counts of 5 or more (no rounding) and it recovers
    January's small counts exactly. The rounding of the publication form is what stops it."""
    from toegang_app.domain import statistiek as dom

    echt_afronden = dom.afronden
    monkeypatch.setattr(dom, "afronden", lambda v: v if isinstance(v, int) and v >= 5 else echt_afronden(v))

    def exact(v):
        return (v, v) if isinstance(v, int) and v >= 5 else _interval(v)

    with pytest.raises(AssertionError, match="recovered exactly"):
        _aanvallen(ctx, exact)
