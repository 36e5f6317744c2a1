"""Statistics service: cells on a hand-computed dataset, the two forms, roles, small-cell suppression.

The dataset is a small "world" of 3 residents, 5 conversations and 12 referrals, cloned 5 times so
every count is 5 x the count in the world (no suppression), except where noted.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest

from toegang_app.errors import PermissionDenied
from toegang_app.services.auth import CurrentUser
from toegang_app.errors import UserError
from toegang_app.services.statistiek import PRIMAIR, SECUNDAIR, Selectie, bereken, onderdruk
from toegang_app.storage.models import (
    AveWijziging,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    Termijn,
    Verwijzing,
)

TEAMLEIDER = CurrentUser(id=None, gebruikersnaam="tl", naam="Teamleider", rol="teamleider", team="haaksbergen")
MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")
NAMEN = {"vz-a": "Voorziening A", "vz-b": "Voorziening B", "vz-c": "Voorziening C", "vz-d": "Voorziening D",
         "vz-e": "Voorziening E"}
VANDAAG = date(2025, 3, 25)
Q1 = Selectie(date(2025, 1, 1), date(2025, 3, 31), gemeente="haaksbergen", vorm="intern")
Q1_PUB = Selectie(date(2025, 1, 1), date(2025, 3, 31))
REGIO = CurrentUser(id=None, gebruikersnaam="rl", naam="Regio", rol="teamleider", team=None)

# (inwoner, datum, kanaal, melder, ave_fase, gemeente, kern)
GESPREKKEN = {
    "g1": ("A", date(2025, 1, 10), "balie", "inwoner", 1, "haaksbergen", "Haaksbergen"),
    "g2": ("A", date(2025, 2, 5), "telefoon", "huisarts_poh", 2, "haaksbergen", "Haaksbergen"),
    "g3": ("B", date(2025, 2, 20), "balie", "school", 3, "haaksbergen", "Buurse"),
    "g4": ("C", date(2025, 3, 3), "mail", "netwerk", None, "twenterand", "Vriezenveen"),
    "g5": ("B", date(2024, 12, 15), "balie", "inwoner", 1, "haaksbergen", "Buurse"),  # before the period
}
# (gesprek, datum, voorziening, trede, status, reden)
VERWIJZINGEN = [
    ("g1", date(2025, 1, 10), "vz-a", 2, "afgerond", None),
    ("g1", date(2025, 1, 10), "vz-b", 3, "gestart", None),
    ("g1", date(2025, 1, 12), "vz-c", 4, "niet_gestart", "wachtlijst"),
    ("g2", date(2025, 2, 5), "vz-a", 2, "niet_gestart", "inwoner_ziet_af"),
    ("g2", date(2025, 2, 6), "vz-d", 5, "verwezen", None),
    ("g3", date(2025, 2, 20), "vz-a", 2, "gestart", None),
    ("g3", date(2025, 2, 21), "vz-b", 3, "voorgesteld", None),
    ("g3", date(2025, 2, 22), "vz-c", 4, "aangemeld", None),
    ("g3", date(2025, 3, 1), "vz-c", 4, "niet_gestart", "wachtlijst"),
    ("g4", date(2025, 3, 3), "vz-e", 2, "afgerond", None),
    ("g4", date(2025, 3, 4), "vz-c", 4, "niet_gestart", "niet_bereikbaar"),
    ("g5", date(2024, 12, 15), "vz-a", 2, "afgerond", None),  # before the period
]
# gesprek -> [(dimensie, score, bespreken)]
DIMENSIES = {
    "g1": [("lichaamsfuncties", 4, True), ("mentaal_welbevinden", 6, False)],
    "g2": [("lichaamsfuncties", 6, False), ("mentaal_welbevinden", 3, True)],
    "g3": [("lichaamsfuncties", 5, True), ("zingeving", 8, False)],
    "g4": [("mentaal_welbevinden", 5, False)],
    "g5": [("lichaamsfuncties", 0, True)],
}
# gesprek -> [(soort, van, naar, op)]
AVE = {
    "g1": [("bevestigd", None, 1, datetime(2025, 1, 10, 10))],
    "g2": [("bevestigd", None, 1, datetime(2025, 2, 5, 9)), ("opschalen", 1, 2, datetime(2025, 2, 10, 14))],
    "g3": [("bevestigd", None, 2, datetime(2025, 2, 20, 9)), ("opschalen", 2, 3, datetime(2025, 3, 15, 16))],
    "g5": [("bevestigd", None, 1, datetime(2024, 12, 15, 9))],
}
# gesprek -> [(wet, stap, uiterlijk, afgerond_op)]
TERMIJNEN = {
    "g1": [("Wmo", "onderzoek", date(2025, 2, 21), date(2025, 2, 10))],     # gehaald
    "g2": [("Wmo", "onderzoek", date(2025, 3, 19), date(2025, 3, 25))],     # te laat
    "g3": [("Wgs", "eerste gesprek", date(2025, 3, 20), None)],             # verlopen, open
    "g4": [("Wmo", "onderzoek", date(2025, 3, 31), None)],                  # loopt nog
    "g5": [("Wmo", "onderzoek", date(2025, 1, 26), date(2025, 1, 20))],     # uiterlijk in period, gesprek before
}


def bouw(ctx, klonen: int = 5) -> None:
    now = datetime(2025, 1, 1)
    with ctx.sessions.begin() as s:
        for k in range(klonen):
            inw = {}
            for naam, gem, kern in (("A", "haaksbergen", "Haaksbergen"), ("B", "haaksbergen", "Buurse"),
                                    ("C", "twenterand", "Vriezenveen")):
                inw[naam] = Inwoner(naam=f"Test {naam}{k}", zoeknaam=f"test {naam}{k}", gemeente=gem, kern=kern,
                                    aangemaakt_op=now, gewijzigd_op=now)
                s.add(inw[naam])
            ges = {}
            for key, (i, d, kanaal, melder, fase, gem, kern) in GESPREKKEN.items():
                g = Gesprek(inwoner=inw[i], team=gem, aanmelding_datum=d, kanaal=kanaal, melder=melder,
                            ave_fase=fase, gemeente=gem, kern=kern, aangemaakt_op=now, gewijzigd_op=now)
                for n, (dim, score, praten) in enumerate(DIMENSIES.get(key, [])):
                    g.dimensies.append(GesprekDimensie(dimensie=dim, volgorde=n, score=score, bespreken=praten))
                for soort, van, naar, op in AVE.get(key, []):
                    g.ave_wijzigingen.append(AveWijziging(soort=soort, van_fase=van, naar_fase=naar, op=op))
                for wet, stap, uiterlijk, af in TERMIJNEN.get(key, []):
                    g.termijnen.append(Termijn(code=f"{wet}-{stap}", wet=wet, stap=stap, grondslag="test",
                                               startdatum=d, uiterlijk=uiterlijk, afgerond_op=af))
                s.add(g)
                ges[key] = g
            for key, d, vid, trede, status, reden in VERWIJZINGEN:
                g = ges[key]
                g.verwijzingen.append(Verwijzing(
                    voorziening_id=vid, voorziening_naam=NAMEN[vid], trede=trede, gemeente=g.gemeente,
                    kern=g.kern, team=g.team, datum=d, aangemaakt_op=now, overdracht="warme_overdracht",
                    status=status, status_reden=reden, status_sinds=d))


@pytest.fixture
def ctx(config):
    """Database only (the resources are not needed for statistics)."""
    from toegang_app.services.context import open_context

    c = open_context(config, load=False)
    yield c
    c.close()


def test_internal_form_exact_counts_for_own_gemeente(ctx):
    bouw(ctx, klonen=1)
    ctx.user = TEAMLEIDER
    r = bereken(ctx, Q1, vandaag=VANDAAG)
    assert r.vorm == "intern"
    g = r.tabel("gesprekken_per_maand")
    assert g.kolommen == ["Maand", "Haaksbergen"]  # only the own gemeente
    assert [row[1] for row in g.rijen] == [1, 2, 0, 3]  # jan g1, feb g2+g3, mrt -, total
    v = r.tabel("verwijzingen_per_maand")
    assert [row[1] for row in v.rijen] == [3, 5, 1, 9]
    soort = r.tabel("soort")
    assert soort.cel("Maatwerk (trede 4)", "Haaksbergen") == 3
    assert soort.cel("Maatwerk (trede 4)", "Haaksbergen (%)") == round(100 * 3 / 9, 1)
    # unique residents with a running maatwerk referral: none started (niet_gestart/aangemeld)
    assert r.tabel("uniek").cel("Unieke inwoners met een verwijzing", "Haaksbergen") == 2
    assert r.tabel("uniek").cel("Unieke inwoners met een lopende maatwerkverwijzing", "Haaksbergen") == 0
    # the tile is the table's cell
    tiles = {k.label: k for k in r.kerncijfers}
    assert tiles["Maatwerk"].waarde == f"{round(100 * 3 / 9, 1)}%".replace(".", ",")
    assert "intern" in r.vorm_nl.lower() and "niet voor publicatie" in r.onderdrukking


def test_every_tile_agrees_with_its_table(ctx):
    bouw(ctx, klonen=5)
    ctx.user = REGIO
    for sel in (Q1_PUB, Selectie(date(2025, 1, 1), date(2025, 3, 31), vorm="intern")):
        r = bereken(ctx, sel, vandaag=VANDAAG)
        for k in r.kerncijfers:
            cel = r.tabel(k.tabel).cel(k.rij, k.kolom)
            from toegang_app.domain.statistiek import getal_nl

            assert k.waarde.rstrip("%") == getal_nl(cel), k


def test_internal_form_refused_for_another_gemeente_and_roles(ctx):
    bouw(ctx, klonen=1)
    ctx.user = TEAMLEIDER
    with pytest.raises(PermissionDenied, match="eigen gemeente"):
        bereken(ctx, Selectie(Q1.van, Q1.tot, gemeente="twenterand", vorm="intern"))
    with pytest.raises(PermissionDenied, match="eigen gemeente"):
        bereken(ctx, Selectie(Q1.van, Q1.tot, vorm="intern"))
    # the publication form of every gemeente is allowed
    r = bereken(ctx, Q1_PUB, vandaag=VANDAAG)
    assert r.tabel("soort").kolommen[1:] == ["Haaksbergen", "Haaksbergen (%)", "Twenterand", "Twenterand (%)",
                                            "Totaal", "Totaal (%)"]
    ctx.user = MEDEWERKER
    with pytest.raises(PermissionDenied):
        bereken(ctx, Q1_PUB)


def test_publication_form_whole_months_and_no_kern_or_team():
    with pytest.raises(UserError, match="hele kalendermaanden"):
        Selectie(date(2025, 1, 1), date(2025, 3, 30))
    with pytest.raises(UserError, match="hele kalendermaanden"):
        Selectie(date(2025, 1, 2), date(2025, 3, 31))
    with pytest.raises(UserError, match="interne weergave"):
        Selectie(date(2025, 1, 1), date(2025, 3, 31), gemeente="haaksbergen", kern="Buurse")
    Selectie(date(2025, 1, 1), date(2025, 3, 30), vorm="intern")  # any day in the internal form


def test_publication_form_hides_small_counts_and_rounds(ctx):
    bouw(ctx, klonen=1)  # every count in the world is small
    ctx.user = REGIO
    r = bereken(ctx, Q1_PUB, vandaag=VANDAAG)
    for t in r.tabellen:
        for row in t.rijen:
            for v in row[1:]:
                if isinstance(v, int) and not isinstance(v, bool) and t.sleutel != "per_jaar" \
                        and not t.sleutel.startswith("per_voorziening"):
                    assert v == 0 or v % 5 == 0, (t.sleutel, row)
    assert r.tabel("soort").cel("Maatwerk (trede 4)", "Haaksbergen") == PRIMAIR
    # 5 clones: every count x5, rounded to fives stays exact
    bouw(ctx, klonen=4)
    r = bereken(ctx, Q1_PUB, vandaag=VANDAAG)
    assert r.tabel("soort").cel("Maatwerk (trede 4)", "Haaksbergen") == 15
    assert r.tabel("soort").cel("Maatwerk (trede 4)", "Totaal") == 20


def test_comparison_with_the_year_before_and_series_per_year(ctx):
    bouw(ctx, klonen=1)
    ctx.user = TEAMLEIDER
    sel = Selectie(date(2025, 1, 1), date(2025, 3, 31), gemeente="haaksbergen", vorm="intern")
    r = bereken(ctx, sel, vandaag=VANDAAG)
    vg = r.tabel("vergelijking")
    assert vg.cel("Verwijzingen", "Haaksbergen: nu") == 9
    assert vg.cel("Verwijzingen", "Haaksbergen: jaar eerder") == 0
    pj = r.tabel("per_jaar")
    assert [(row[0], row[3]) for row in pj.rijen] == [("2024", 1), ("2025 (t/m mrt)", 9)]
    # a year later the same period compares against 2025
    r2 = bereken(ctx, Selectie(date(2026, 1, 1), date(2026, 3, 31), gemeente="haaksbergen", vorm="intern"),
                 vandaag=VANDAAG)
    assert r2.tabel("vergelijking").cel("Verwijzingen", "Haaksbergen: jaar eerder") == 9


def test_doorlooptijden_from_closed_term_steps(ctx):
    bouw(ctx, klonen=1)
    ctx.user = TEAMLEIDER
    r = bereken(ctx, Selectie(date(2025, 1, 1), date(2025, 3, 31), gemeente="haaksbergen", vorm="intern"),
                vandaag=VANDAAG)
    d = r.tabel("doorlooptijden_haaksbergen")
    rows = {row[0]: row for row in d.rijen}
    # g1 done 2025-02-10 (31 days after 10 jan, in time), g2 done 2025-03-25 (48 days, late), g5 done 20 jan
    wmo = rows["Wmo: onderzoek"]
    assert wmo[1] == 3 and wmo[3] == 2
    assert wmo[2] == 36.0  # median of 31 (g1), 48 (g2) and 36 (g5: 15 dec - 20 jan)


def test_dimension_change_between_first_and_follow_up(ctx):
    bouw(ctx, klonen=1)
    ctx.user = TEAMLEIDER
    r = bereken(ctx, Q1, vandaag=VANDAAG)
    t = r.tabel("verandering")
    # resident A: g1 (first) then g2; B: g5 (first, Dec 2024) then g3
    rows = {row[0]: row for row in t.rijen}
    lf = rows["Lichaamsfuncties"]
    assert lf[1] == 2  # g2 (6 vs 4) and g3 (5 vs 0)
    assert lf[2] == round(((6 - 4) + (5 - 0)) / 2, 1)
    assert rows["Mentaal welbevinden"][1] == 1 and rows["Mentaal welbevinden"][2] == -3.0


def test_not_computable_list_cites_seed_lines(ctx):
    bouw(ctx, klonen=1)
    ctx.user = TEAMLEIDER
    r = bereken(ctx, Q1, vandaag=VANDAAG)
    assert len(r.niet_te_berekenen) >= 5
    # the sources in words for people: the document's title and line (resources/bronnen.yaml, issue 25)
    assert all("regel" in n.bron and "seeds/" not in n.bron and n.waarom for n in r.niet_te_berekenen)
    assert all("seeds/" not in (t.bron or "") + t.definitie for t in r.tabellen)


def test_suppression_of_a_grid_cannot_be_solved():
    grid = onderdruk([[3, 10], [20, 30]])
    assert grid[0][0] == PRIMAIR
    hidden = [(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v in (PRIMAIR, SECUNDAIR)]
    assert len(hidden) >= 4  # a 2x2 pattern at least: no row or column with a single hidden cell


def test_empty_database_gives_zero_tiles_and_exports(ctx, tmp_path):
    from toegang_app.reports.statistiek_export import exporteer

    ctx.user = REGIO
    for sel in (Q1_PUB, Selectie(Q1.van, Q1.tot, vorm="intern")):
        r = bereken(ctx, sel, vandaag=VANDAAG)
        assert [k.waarde for k in r.kerncijfers] == ["0", "0", "–", "–", "0", "0", "–"]
        for f in ("pdf", "xlsx", "csv"):
            assert exporteer(r, tmp_path / f"leeg-{sel.vorm}.{f}", f).exists()
