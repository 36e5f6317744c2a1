"""Statistics service: every cell on a hand-computed dataset, filters, roles, small-cell suppression.

The dataset is a small "world" of 3 residents, 5 conversations and 12 referrals, cloned 5 times so
every count is 5 x the count in the world (no suppression), except where noted.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest

from toegang_app.errors import PermissionDenied
from toegang_app.services.auth import CurrentUser
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
Q1 = Selectie(date(2025, 1, 1), date(2025, 3, 31))

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


@pytest.fixture
def tl_ctx(ctx):
    ctx.user = TEAMLEIDER
    return ctx


def test_every_cell_on_known_dataset(tl_ctx):
    bouw(tl_ctx)
    r = bereken(tl_ctx, Q1, vandaag=VANDAAG)
    t = r.tabel

    assert t("per_maand").kolommen == ["Maand", "Gesprekken", "Verwijzingen"]
    assert t("per_maand").rijen == [["jan 2025", 5, 15], ["feb 2025", 10, 25], ["mrt 2025", 5, 15],
                                    ["Totaal", 20, 55]]
    assert t("per_trede").rijen == [
        ["0 Eigen kracht", 0, 0.0], ["1 Netwerk", 0, 0.0], ["2 Voorliggend / sociale basis", 20, 36.4],
        ["3 Algemene voorziening", 10, 18.2], ["4 Maatwerk", 20, 36.4],
        ["5 Specialistisch / gedwongen kader", 5, 9.1], ["Totaal", 55, 100.0]]
    assert t("soort").rijen == [["Voorliggend (trede 0-3)", 30, 54.5], ["Maatwerk (trede 4)", 20, 36.4],
                                ["Specialistisch (trede 5)", 5, 9.1], ["Totaal", 55, 100.0]]
    assert t("soort_per_maand").rijen == [
        ["jan 2025", 10, 5, 0, 15, 66.7], ["feb 2025", 15, 5, 5, 25, 60.0], ["mrt 2025", 5, 10, 0, 15, 33.3],
        ["Totaal", 30, 20, 5, 55, 54.5]]
    assert t("per_voorziening").kolommen == ["Voorziening", "Trede", "Voorgesteld", "Verwezen", "Aangemeld",
                                             "Gestart", "Afgerond", "Niet gestart", "Totaal"]
    assert t("per_voorziening").rijen == [
        ["Voorziening C", 4, 0, 0, 5, 0, 0, 15, 20],
        ["Voorziening A", 2, 0, 0, 0, 5, 5, 5, 15],
        ["Voorziening B", 3, 5, 0, 0, 5, 0, 0, 10],
        ["Voorziening D", 5, 0, 5, 0, 0, 0, 0, 5],
        ["Voorziening E", 2, 0, 0, 0, 0, 5, 0, 5],
        ["Totaal", "", 5, 5, 5, 10, 10, 20, 55]]
    assert t("niet_gestart").rijen == [
        ["Wachtlijst of geen capaciteit", 10, 50.0], ["Niet passend", 0, 0.0], ["Inwoner ziet af", 5, 25.0],
        ["Inwoner niet bereikbaar", 5, 25.0], ["Verwezen naar elders", 0, 0.0], ["Totaal", 20, 100.0]]
    assert t("niet_gestart_per_voorziening").rijen == [
        ["Voorziening C", 10, 0, 0, 5, 0, 15], ["Voorziening A", 0, 0, 5, 0, 0, 5], ["Totaal", 10, 0, 5, 5, 0, 20]]
    assert t("per_kern").rijen == [
        ["Haaksbergen", "Buurse", 5, 20], ["Haaksbergen", "Haaksbergen", 10, 25],
        ["Twenterand", "Vriezenveen", 5, 10], ["Totaal", "", 20, 55]]
    assert t("ave_fase").rijen == [
        ["AVE 1 (groen)", 5, 25.0], ["AVE 2 (geel)", 5, 25.0], ["AVE 3 (oranje)", 5, 25.0],
        ["AVE 4 (rood)", 0, 0.0], ["Geen fase vastgesteld", 5, 25.0], ["Totaal", 20, 100.0]]
    assert t("ave_wijzigingen").rijen == [
        ["Fase bevestigd", 10, 5, 0, 0, 15], ["Opgeschaald", 0, 5, 5, 0, 10], ["Afgeschaald", 0, 0, 0, 0, 0],
        ["Totaal", 10, 10, 5, 0, 25]]
    assert t("dimensies").rijen == [
        ["Mentaal welbevinden", 15, 4.7, 5, 25.0],
        ["Lichaamsfuncties", 15, 5.0, 10, 50.0],
        ["Zingeving", 5, 8.0, 0, 0.0],
        ["Dagelijks functioneren", 0, SECUNDAIR, 0, 0.0],
        ["Kwaliteit van leven", 0, SECUNDAIR, 0, 0.0],
        ["Meedoen", 0, SECUNDAIR, 0, 0.0]]
    assert t("kanaal").rijen == [["Balie", 10, 50.0], ["Telefoon", 5, 25.0], ["Mail", 5, 25.0],
                                 ["Huisbezoek", 0, 0.0], ["Totaal", 20, 100.0]]
    assert t("melder").rijen == [
        ["Inwoner zelf", 5, 25.0], ["Netwerk (familie, buren)", 5, 25.0], ["Huisarts / POH", 5, 25.0],
        ["School", 5, 25.0], ["Wijkverpleging", 0, 0.0], ["Veilig Thuis", 0, 0.0], ["Andere professional", 0, 0.0],
        ["Totaal", 20, 100.0]]
    # g5's term has its deadline in the period although the conversation is older: it counts (gehaald)
    assert t("termijnen").rijen == [
        ["Wgs: eerste gesprek", 0, 0, 5, 0, 5, 0.0],
        ["Wmo: onderzoek", 10, 5, 0, 5, 20, 66.7],
        ["Totaal", 10, 5, 5, 5, 25, 50.0]]
    assert t("uniek").rijen == [
        ["Gesprekken", 20], ["Unieke inwoners met een gesprek", 15], ["Verwijzingen", 55],
        ["Unieke inwoners met een verwijzing", 15], ["Verwijzingen per inwoner met een verwijzing", 3.67]]
    assert dict(r.kerncijfers) == {
        "Gesprekken": "20", "Verwijzingen": "55", "Unieke inwoners met verwijzing": "15", "Voorliggend": "54,5%",
        "Maatwerk": "36,4%", "Opgeschaald (AVE)": "10", "Termijnen gehaald": "50,0%"}
    assert all(t.definitie for t in r.tabellen)


def test_filters_gemeente_kern_team(tl_ctx):
    bouw(tl_ctx)
    r = bereken(tl_ctx, Selectie(Q1.van, Q1.tot, gemeente="haaksbergen", kern="Buurse"), vandaag=VANDAAG)
    assert r.tabel("per_maand").rijen[-1] == ["Totaal", 5, 20]
    assert r.tabel("per_kern").rijen == [["Haaksbergen", "Buurse", 5, 20], ["Totaal", "", 5, 20]]
    assert r.tabel("ave_wijzigingen").rijen[-1] == ["Totaal", 0, 5, 5, 0, 10]
    r = bereken(tl_ctx, Selectie(Q1.van, Q1.tot, team="twenterand"), vandaag=VANDAAG)
    assert r.tabel("per_maand").rijen[-1] == ["Totaal", 5, 10]
    assert r.tabel("termijnen").rijen[-1] == ["Totaal", 0, 0, 0, 5, 5, "–"]
    # a single day
    r = bereken(tl_ctx, Selectie(date(2025, 1, 10), date(2025, 1, 10)), vandaag=VANDAAG)
    assert r.tabel("per_maand").rijen == [["jan 2025", 5, 10], ["Totaal", 5, 10]]


def test_small_cells_in_report_are_suppressed(tl_ctx):
    bouw(tl_ctx, klonen=1)
    r = bereken(tl_ctx, Q1, vandaag=VANDAAG)
    # per trede: 0,0,4,2,4,1 -> four hidden cells, total 11 shown (no cell can be recovered)
    assert r.tabel("per_trede").kolom("Aantal") == [0, 0, PRIMAIR, PRIMAIR, PRIMAIR, PRIMAIR, 11]
    assert r.tabel("per_trede").kolom("Aandeel (%)")[2:6] == [SECUNDAIR] * 4
    # per month: gesprekken 1,2,1 total 4 -> all "<5"; verwijzingen 3,5,3 total 11: 3+3=6 leaves 2..4 each
    assert r.tabel("per_maand").rijen == [["jan 2025", PRIMAIR, PRIMAIR], ["feb 2025", PRIMAIR, 5],
                                          ["mrt 2025", PRIMAIR, PRIMAIR], ["Totaal", PRIMAIR, 11]]
    for t in r.tabellen:
        for row in t.rijen:
            for v in row[1:]:
                assert not (isinstance(v, int) and 1 <= v <= 4 and t.sleutel not in ("per_voorziening",)), (t.sleutel, row)


def test_role_enforced(ctx):
    ctx.user = MEDEWERKER
    with pytest.raises(PermissionDenied):
        bereken(ctx, Q1)
    ctx.user = None
    with pytest.raises(PermissionDenied):
        bereken(ctx, Q1)
    ctx.user = TEAMLEIDER
    assert bereken(ctx, Q1).tabel("per_maand").rijen[-1] == ["Totaal", 0, 0]


def test_cancel_and_progress(tl_ctx):
    from toegang_app.services.statistiek import Afgebroken

    bouw(tl_ctx, klonen=1)
    seen = []
    bereken(tl_ctx, Q1, progress=lambda p, txt: seen.append((p, txt)))
    assert seen[0][0] == 0 and seen[-1] == (100, "Klaar")
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    with pytest.raises(Afgebroken):
        bereken(tl_ctx, Q1, cancel=lambda: True)


def test_bad_selection_dutch():
    from toegang_app.errors import UserError

    with pytest.raises(UserError, match="einddatum"):
        Selectie(date(2025, 2, 1), date(2025, 1, 1))
    with pytest.raises(UserError, match="gemeente"):
        Selectie(date(2025, 1, 1), date(2025, 2, 1), gemeente="enschede")


# -- the suppression rule on its own -------------------------------------------------------------------

def _recoverable(grid_in, grid_out, rijtotalen=True, kolomtotalen=True) -> bool:
    """Brute force: is any '<5' cell the same value in every table consistent with what is shown?"""
    hidden = [(i, j) for i, row in enumerate(grid_out) for j, v in enumerate(row) if v in (PRIMAIR, SECUNDAIR)]
    full = onderdruk_raw(grid_in, rijtotalen, kolomtotalen)
    choices = []
    for (i, j) in hidden:
        if grid_out[i][j] == PRIMAIR:
            choices.append(range(1, 5))
        else:
            choices.append(range(5, 5 + 12))
    values: dict = {c: set() for c in hidden}
    nr, nc = len(grid_in), len(grid_in[0])
    for combo in itertools.product(*choices):
        g = [list(r) for r in full]
        for (i, j), v in zip(hidden, combo):
            g[i][j] = v
        ok = True
        if rijtotalen:
            ok &= all(sum(g[i][:nc]) == g[i][nc] for i in range(nr))
        if kolomtotalen:
            w = nc + (1 if rijtotalen else 0)
            ok &= all(sum(g[i][j] for i in range(nr)) == g[nr][j] for j in range(w))
        if ok:
            for c, v in zip(hidden, combo):
                values[c].add(v)
    return any(len(values[c]) == 1 for c in hidden if grid_out[c[0]][c[1]] == PRIMAIR)


def onderdruk_raw(cells, rijtotalen, kolomtotalen):
    g = [list(r) for r in cells]
    if rijtotalen:
        for r in g:
            r.append(sum(r))
    if kolomtotalen:
        g.append([sum(g[i][j] for i in range(len(cells))) for j in range(len(g[0]))])
    return g


def test_primary_and_secondary_one_dimensional():
    # one hidden cell above a total would be recoverable: the next smallest (10) is hidden as 'x'
    assert onderdruk([[3], [10], [20]], rijtotalen=False) == [[PRIMAIR], [SECUNDAIR], [20], [33]]
    # two hidden cells whose sum leaves room: nothing more hidden
    assert onderdruk([[3], [2], [20]], rijtotalen=False) == [[PRIMAIR], [PRIMAIR], [20], [25]]
    # 1 + 1 = 2 pins both cells to 1: hide 20 as well
    assert onderdruk([[1], [1], [20]], rijtotalen=False) == [[PRIMAIR], [PRIMAIR], [SECUNDAIR], [22]]
    # a total of 1..4 is itself a small count
    assert onderdruk([[3], [0], [0]], rijtotalen=False) == [[PRIMAIR], [0], [0], [PRIMAIR]]
    # zero is shown, large counts untouched
    assert onderdruk([[0], [7], [9]], rijtotalen=False) == [[0], [7], [9], [16]]
    # only zeros besides the small cell: the total is hidden instead
    assert onderdruk([[0, 3, 0]], rijtotalen=True, kolomtotalen=False) == [[0, PRIMAIR, 0, PRIMAIR]]
    assert onderdruk([[6, 0], [3, 0]], rijtotalen=True, kolomtotalen=False) == [[6, 0, 6], [PRIMAIR, 0, PRIMAIR]]


def test_secondary_two_dimensional():
    out = onderdruk([[3, 10], [12, 20]])
    assert out == [[PRIMAIR, SECUNDAIR, 13], [SECUNDAIR, SECUNDAIR, 32], [15, 30, 45]]


@pytest.mark.parametrize("cells", [
    [[3, 10], [12, 20]],
    [[3, 10, 0], [12, 20, 7], [0, 0, 9]],
    [[1, 0], [0, 6]],
    [[1, 1], [8, 9]],
    [[4, 6, 7], [5, 1, 9]],
    [[2, 0, 30], [0, 0, 6]],
])
def test_no_small_cell_recoverable_brute_force(cells):
    out = onderdruk(cells)
    full = onderdruk_raw(cells, True, True)
    for i, row in enumerate(out):
        for j, v in enumerate(row):
            if 1 <= full[i][j] <= 4:
                assert v == PRIMAIR
            elif v not in (PRIMAIR, SECUNDAIR):
                assert v == full[i][j]
    assert not _recoverable(cells, out)
