"""Statistics for team leads as plain data: the selection, tables, the report, and the small-count
protection of the publication form. Pure Python: the service fills it from the database, the screen
and every export (CSV, XLSX, PDF) read it as it is.

Two forms (issue 24, issue 19 item 7):

* **intern** (``INTERN``): exact counts, for a team lead's own gemeente and team, inside the app and
  marked "intern, niet voor publicatie".
* **publicatie** (``PUBLICATIE``, the default of every export): what may leave the desk. The rules
  that make any set of publication exports safe against combining and differencing:

  1. *Whole calendar months.* A publication period starts on the 1st and ends on the last day of a
     month, so no two exports differ by a day or a week.
  2. *Every gemeente at once.* A table is always computed and protected for all gemeenten together
     (a column per gemeente and their total); an export for one gemeente shows that gemeente's
     column of the same protected table. The Haaksbergen export therefore holds nothing that the
     export for all gemeenten does not hold, and "all minus Haaksbergen" is the Twenterand column
     as protected. Kern and team filters exist only in the internal form (a kern is a part of a
     gemeente, so "gemeente minus kern" would be a new, unprotected figure).
  3. *Small counts.* A count of 1 to 4 is shown as ``"<5"`` (primary); 0 is shown as 0.
  4. *Totals cannot reveal them* (secondary): every row and column total is an equation a reader can
     solve. :func:`onderdruk` narrows what a reader knows of every hidden cell with all equations
     (interval propagation) and hides one more value (``"x"``) until no ``"<5"`` is pinned to one
     number. Totals of 1 to 4 are ``"<5"`` too.
  5. *No total beside a small count.* A team lead sees the own gemeente's exact counts internally;
     so a total over the gemeenten next to a '<5' is hidden too, or "total minus own gemeente" would
     pin the other gemeente's small count.
  6. *Rounded to fives.* Every other published count is rounded to the nearest multiple of 5
     (:func:`afronden`); totals are rounded from the exact totals. Two exports over overlapping
     periods (a year, and the same year without its first month) therefore differ by a multiple of
     5 that says only that the difference lies in an interval of nine values: never the exact count
     of the month. Percentages and means are computed from the published (rounded) counts or shown
     only over 5 or more answers, so they give no exact count away either.

Only aggregates live here: no names, BSNs, birth dates, free text or notes.
"""

from __future__ import annotations

import calendar
import math
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from toegang_app.domain import nl
from toegang_app.domain.verwijzing import REDENEN_NIET_GESTART, STATUSSEN
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import UserError

PRIMAIR = "<5"
SECUNDAIR = "x"
LEEG = "–"          # not computable (no counts)
DREMPEL = 5         # counts 1..DREMPEL-1 are hidden
AFRONDING = 5       # publication counts are rounded to multiples of this

INTERN = "intern"
PUBLICATIE = "publicatie"
VORMEN: dict[str, str] = {
    INTERN: "Intern, niet voor publicatie: exacte aantallen",
    PUBLICATIE: "Publicatievorm: kleine aantallen afgeschermd, aantallen afgerond op vijftallen",
}

ONDERDRUKKING = (
    "Publicatievorm. Een aantal van 1 tot en met 4 staat er als '<5'; 0 staat er gewoon. Uit totalen mag "
    "zo'n klein aantal niet terug te rekenen zijn: als dat wel kan, laten we ook een ander aantal weg "
    "(getoond als 'x'). Alle andere aantallen en totalen zijn afgerond op vijftallen (totalen vanuit het "
    "echte totaal, dus de som van een rij kan iets afwijken). Percentages rekenen we uit de getoonde "
    "aantallen; een gemiddelde of mediaan over minder dan 5 antwoorden laten we weg ('x'). Elke tabel is "
    "voor alle gemeenten tegelijk afgeschermd en de periode bestaat uit hele kalendermaanden, zodat ook "
    "het naast elkaar leggen of van elkaar aftrekken van exports geen klein aantal oplevert."
)
INTERN_UITLEG = (
    "Interne weergave: exacte aantallen voor uw eigen gemeente en team. Intern, niet voor publicatie. "
    "Exports en het rapport zijn standaard in de publicatievorm."
)

# Referral statuses and reasons come from the referral rules (one list in the domain)
REDENEN: dict[str, str] = {**REDENEN_NIET_GESTART, "onbekend": "Reden niet vastgelegd"}
SOORTEN: dict[str, str] = {
    "voorliggend": "Voorliggend (trede 0-3)",
    "maatwerk": "Maatwerk (trede 4)",
    "specialistisch": "Specialistisch (trede 5)",
}
AVE_FASEN: dict[int, str] = {1: "AVE 1 (groen)", 2: "AVE 2 (geel)", 3: "AVE 3 (oranje)", 4: "AVE 4 (rood)"}
AVE_SOORTEN: dict[str, str] = {"bevestigd": "Fase bevestigd", "opschalen": "Opgeschaald", "afschalen": "Afgeschaald"}

def soort_van_trede(trede: int) -> str:
    return "voorliggend" if trede <= 3 else ("maatwerk" if trede == 4 else "specialistisch")


# -- periods ---------------------------------------------------------------------------------------------

def maand_einde(jaar: int, maand: int) -> date:
    return date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def laatste_volle_maanden(vandaag: date, n: int = 12) -> tuple[date, date]:
    """The last ``n`` whole calendar months before ``vandaag``'s month (the default period)."""
    y, m = vandaag.year, vandaag.month - 1
    if m == 0:
        y, m = y - 1, 12
    tot = maand_einde(y, m)
    m0 = m - (n - 1)
    y0 = y
    while m0 < 1:
        m0 += 12
        y0 -= 1
    return date(y0, m0, 1), tot


def is_hele_maanden(van: date, tot: date) -> bool:
    return van.day == 1 and tot == maand_einde(tot.year, tot.month)


def jaar_eerder(d: date, *, einde: bool = False) -> date:
    """The same day a year earlier (29 February becomes 28 February; a month end stays a month end)."""
    if einde and d == maand_einde(d.year, d.month):
        return maand_einde(d.year - 1, d.month)
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return date(d.year - 1, d.month, 28)


def maanden(van: date, tot: date) -> list[str]:
    out = []
    y, m = van.year, van.month
    while (y, m) <= (tot.year, tot.month):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def maand_label(key: str) -> str:
    y, m = key.split("-")
    return nl.maand(int(y), int(m), kort=True)


@dataclass(frozen=True)
class Selectie:
    """What a team lead asks for. ``vorm`` is INTERN or PUBLICATIE (the default)."""

    van: date
    tot: date  # inclusive
    gemeente: str | None = None
    kern: str | None = None
    team: str | None = None
    vorm: str = PUBLICATIE

    def __post_init__(self):
        if self.tot < self.van:
            raise UserError("De einddatum ligt vóór de begindatum. Kies een einddatum op of na "
                            f"{nl.datum_lang(self.van)}.")
        if self.gemeente is not None and self.gemeente not in GEMEENTEN:
            raise UserError(f"Onbekende gemeente '{self.gemeente}'. Kies uit: {', '.join(GEMEENTEN)}.")
        if self.team is not None and self.team not in GEMEENTEN:
            raise UserError(f"Onbekend team '{self.team}'. Kies uit: {', '.join(GEMEENTEN)}.")
        if self.vorm not in VORMEN:
            raise UserError(f"Onbekende vorm '{self.vorm}'. Kies '{INTERN}' of '{PUBLICATIE}'.")
        if self.vorm == PUBLICATIE:
            if not is_hele_maanden(self.van, self.tot):
                raise UserError(
                    "De publicatievorm telt alleen hele kalendermaanden: laat de periode op de 1e van een maand "
                    f"beginnen en op de laatste dag van een maand eindigen (bijvoorbeeld "
                    f"{nl.datum_lang(self.van.replace(day=1))} tot en met "
                    f"{nl.datum_lang(maand_einde(self.tot.year, self.tot.month))}).")
            if self.kern or self.team:
                raise UserError("Kern en team kunnen alleen in de interne weergave: in de publicatievorm zijn de "
                                "cijfers per gemeente, zodat exports niet van elkaar af te trekken zijn.")

    @property
    def publicatie(self) -> bool:
        return self.vorm == PUBLICATIE

    def periode_nl(self) -> str:
        return f"{nl.datum_lang(self.van)} tot en met {nl.datum_lang(self.tot)}"

    def gemeenten(self) -> list[str]:
        """The gemeenten shown (columns): the chosen one, or all."""
        return [self.gemeente] if self.gemeente else list(GEMEENTEN)

    def vorig_jaar(self) -> "Selectie":
        return replace(self, van=jaar_eerder(self.van), tot=jaar_eerder(self.tot, einde=True))

    def maanden(self) -> list[str]:
        return maanden(self.van, self.tot)

    def filters_nl(self) -> list[tuple[str, str]]:
        return [
            ("Periode", self.periode_nl()),
            ("Gemeente", GEMEENTEN.get(self.gemeente, self.gemeente) if self.gemeente else "alle gemeenten"),
            ("Kern", self.kern or "alle kernen"),
            ("Team (balie)", f"Balie {GEMEENTEN.get(self.team, self.team)}" if self.team else "alle teams"),
            ("Vorm", VORMEN[self.vorm]),
        ]


# -- tables and the report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grafiek:
    """How a table is drawn. Hidden cells ('<5', 'x') are drawn as hidden (hatched), never as 0."""

    soort: str  # "staaf" (horizontal bars) | "kolom" (columns) | "gestapeld" (stacked columns) | "lijn"
    titel: str
    as_label: str  # label of the value axis
    reeks_kolommen: tuple[int, ...]  # column indexes of the series
    categorie_kolom: int = 0
    max_categorieen: int | None = None  # only the first N rows (tables are sorted)


@dataclass
class Tabel:
    sleutel: str
    titel: str
    kolommen: list[str]
    rijen: list[list[Any]]  # str labels; int counts; float percentages/means; "<5"/"x" hidden; "–" none
    definitie: str
    grafiek: Grafiek | None = None
    totaalrij: bool = False  # the last row is a total row
    bron: str | None = None  # the seed line(s) that ask for this indicator

    def kolom(self, naam: str) -> list[Any]:
        i = self.kolommen.index(naam)
        return [r[i] for r in self.rijen]

    def cel(self, rij_label: str, kolom: str) -> Any:
        i = self.kolommen.index(kolom)
        for r in self.rijen:
            if r[0] == rij_label:
                return r[i]
        raise KeyError(rij_label)


@dataclass(frozen=True)
class Kerncijfer:
    """A tile: its value is a cell of a table (so tile and table always agree)."""

    label: str
    waarde: str
    tabel: str
    rij: str
    kolom: str


@dataclass(frozen=True)
class NietTeBerekenen:
    """Something the seeds ask for that the app's data cannot give, and why."""

    wat: str
    bron: str
    waarom: str


@dataclass
class Rapport:
    selectie: Selectie
    gemaakt_op: datetime
    tabellen: list[Tabel]
    kerncijfers: list[Kerncijfer] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)
    niet_te_berekenen: list[NietTeBerekenen] = field(default_factory=list)

    @property
    def vorm(self) -> str:
        return self.selectie.vorm

    @property
    def vorm_nl(self) -> str:
        return VORMEN[self.selectie.vorm]

    @property
    def onderdrukking(self) -> str:
        return ONDERDRUKKING if self.selectie.publicatie else INTERN_UITLEG

    def tabel(self, sleutel: str) -> Tabel:
        for t in self.tabellen:
            if t.sleutel == sleutel:
                return t
        raise KeyError(sleutel)


# -- formatting --------------------------------------------------------------------------------------------

def getal_nl(v: Any) -> str:
    """A table value as Dutch text: 1.234 and 12,5; markers as they are."""
    if v is None:
        return ""
    return nl.getal(v)


def is_verborgen(v: Any) -> bool:
    return v in (PRIMAIR, SECUNDAIR)


def is_getal(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# -- small-cell suppression --------------------------------------------------------------------------------

_INF = math.inf


def onderdruk(cellen: list[list[int]], *, rijtotalen: bool = True, kolomtotalen: bool = True) -> list[list[int | str]]:
    """Suppress a matrix of counts (rules 3 and 4 of the module docstring).

    Returns the grid with a total column appended when ``rijtotalen`` and a total row appended when
    ``kolomtotalen`` (the grand total in the corner when both). Hidden cells hold ``"<5"`` or ``"x"``;
    shown cells keep their exact count (see :func:`publiceer` for the rounding).
    """
    grid: list[list[int]] = [list(map(int, r)) for r in cellen]
    nrows = len(grid)
    ncols = len(grid[0]) if nrows else 0
    if rijtotalen:
        for r in grid:
            r.append(sum(r))
    width = ncols + (1 if rijtotalen else 0)
    if kolomtotalen and nrows:
        grid.append([sum(grid[i][j] for i in range(nrows)) for j in range(width)])
    groups: list[tuple[list[tuple[int, int]], tuple[int, int]]] = []
    if rijtotalen:
        groups += [([(i, j) for j in range(ncols)], (i, ncols)) for i in range(nrows)]
    if kolomtotalen and nrows:
        groups += [([(i, j) for i in range(nrows)], (nrows, j)) for j in range(ncols)]
    if rijtotalen and kolomtotalen and nrows:
        groups.append(([(i, ncols) for i in range(nrows)], (nrows, ncols)))
        groups.append(([(nrows, j) for j in range(ncols)], (nrows, ncols)))

    status: dict[tuple[int, int], str] = {}
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if 1 <= v < DREMPEL:
                status[(i, j)] = PRIMAIR

    limit = sum(len(r) for r in grid) + 1
    group_sets = [set(g[0]) | {g[1]} for g in groups]
    for _ in range(limit):
        pinned_cells = _audit(grid, status, groups)
        if not pinned_cells:
            break
        # Protect every pinned cell in this round (one audit per round, not per cell); a cell whose
        # row/column already got a new hidden cell this round waits for the next audit.
        touched: set[int] = set()
        for pinned in pinned_cells:
            mine = {k for k, g in enumerate(group_sets) if pinned in g}
            if mine & touched:
                continue
            cand = _kandidaat(grid, status, groups, pinned, group_sets)
            if cand is None:  # cannot happen for consistent sums; be safe: hide everything non-zero
                for i, row in enumerate(grid):
                    for j, v in enumerate(row):
                        if v and (i, j) not in status:
                            status[(i, j)] = SECUNDAIR
                return [[status.get((i, j), v) for j, v in enumerate(row)] for i, row in enumerate(grid)]
            status[cand] = SECUNDAIR
            touched |= mine | {k for k, g in enumerate(group_sets) if cand in g}
    return [[status.get((i, j), v) for j, v in enumerate(row)] for i, row in enumerate(grid)]


def _audit(grid, status, groups) -> list[tuple[int, int]]:
    """Interval propagation over all total equations; the primary cells pinned to one value."""
    lo = {c: (1 if s == PRIMAIR else DREMPEL) for c, s in status.items()}
    hi = {c: (DREMPEL - 1 if s == PRIMAIR else _INF) for c, s in status.items()}
    eqs = []
    for members, total in groups:
        eq = [(c, 1) for c in members] + [(total, -1)]
        unknown = [(c, a) for c, a in eq if c in status]
        if unknown:
            known = sum(a * grid[c[0]][c[1]] for c, a in eq if c not in status)
            eqs.append((known, unknown))

    def term_lo(c, a):
        return a * lo[c] if a > 0 else a * hi[c]

    def term_hi(c, a):
        return a * hi[c] if a > 0 else a * lo[c]

    eqs_of: dict[tuple[int, int], list[int]] = {}
    for e, (_known, unknown) in enumerate(eqs):
        for c, _a in unknown:
            eqs_of.setdefault(c, []).append(e)
    todo = deque(range(len(eqs)))
    queued = [True] * len(eqs)
    budget = 100 * max(1, len(eqs))
    while todo and budget:
        budget -= 1
        e = todo.popleft()
        queued[e] = False
        known, unknown = eqs[e]
        t_lo = [term_lo(c, a) for c, a in unknown]
        t_hi = [term_hi(c, a) for c, a in unknown]
        lo_fin = sum(t for t in t_lo if t != -_INF)
        lo_inf = sum(1 for t in t_lo if t == -_INF)
        hi_fin = sum(t for t in t_hi if t != _INF)
        hi_inf = sum(1 for t in t_hi if t == _INF)
        for k, (c, a) in enumerate(unknown):
            own_lo, own_hi = t_lo[k], t_hi[k]
            if own_lo == -_INF:
                o_lo = -_INF if lo_inf > 1 else lo_fin
            else:
                o_lo = -_INF if lo_inf else lo_fin - own_lo
            if own_hi == _INF:
                o_hi = _INF if hi_inf > 1 else hi_fin
            else:
                o_hi = _INF if hi_inf else hi_fin - own_hi
            r_lo, r_hi = -known - o_hi, -known - o_lo  # range of a*x_c
            if a < 0:
                r_lo, r_hi = -r_hi, -r_lo
            new_lo, new_hi = max(lo[c], r_lo), min(hi[c], r_hi)
            if new_lo > lo[c] or new_hi < hi[c]:
                lo[c], hi[c] = new_lo, new_hi
                for other in eqs_of[c]:
                    if other != e and not queued[other]:
                        queued[other] = True
                        todo.append(other)
                t_lo_new, t_hi_new = term_lo(c, a), term_hi(c, a)
                if own_lo == -_INF:
                    lo_inf -= 1
                else:
                    lo_fin -= own_lo
                if t_lo_new == -_INF:
                    lo_inf += 1
                else:
                    lo_fin += t_lo_new
                if own_hi == _INF:
                    hi_inf -= 1
                else:
                    hi_fin -= own_hi
                if t_hi_new == _INF:
                    hi_inf += 1
                else:
                    hi_fin += t_hi_new
                t_lo[k], t_hi[k] = t_lo_new, t_hi_new
    return [c for c, s in sorted(status.items()) if s == PRIMAIR and lo[c] >= hi[c]]


def _kandidaat(grid, status, groups, cell, group_sets=None):
    """The cell to hide next: the smallest shown count >= 5 in a row or column holding ``cell``; if
    there is none, look one step further (rows/columns of hidden cells sharing a row or column with
    ``cell``), and so on. Only when no such count exists anywhere: the smallest total around ``cell``."""
    frontier, seen_cells, seen_groups = {cell}, {cell}, set()
    if group_sets is None:
        group_sets = [set(g[0]) | {g[1]} for g in groups]
    while frontier:
        touching = [k for k, g in enumerate(group_sets) if k not in seen_groups and not g.isdisjoint(frontier)]
        seen_groups.update(touching)
        best = None
        for k in touching:
            for c in groups[k][0]:
                if c not in status and grid[c[0]][c[1]] >= DREMPEL:
                    key = (grid[c[0]][c[1]], c)
                    if best is None or key < best:
                        best = key
        if best is not None:
            return best[1]
        nxt = set()
        for k in touching:
            for c in groups[k][0] + [groups[k][1]]:
                if c in status and c not in seen_cells:
                    nxt.add(c)
        seen_cells |= nxt
        frontier = nxt
    best = None
    for members, total in groups:
        if cell in members or cell == total:
            for c in members + [total]:
                if c not in status and grid[c[0]][c[1]] >= DREMPEL:
                    key = (grid[c[0]][c[1]], c)
                    if best is None or key < best:
                        best = key
    return best[1] if best else None


def afronden(v: Any) -> Any:
    """A published count: 0 stays 0, 1..4 is '<5', otherwise the nearest multiple of 5 (halves up)."""
    if not isinstance(v, int) or isinstance(v, bool):
        return v
    if v == 0:
        return 0
    if v < DREMPEL:
        return PRIMAIR
    return int(math.floor(v / AFRONDING + 0.5)) * AFRONDING


def onderdruk_los(v: int, publicatie: bool = True) -> int | str:
    """One count on its own (no totals to protect)."""
    return afronden(int(v)) if publicatie else int(v)


def publiceer(cellen: list[list[int]], publicatie: bool, *, rijtotalen: bool = True,
              kolomtotalen: bool = True) -> list[list[int | str]]:
    """The grid with totals as shown in the given form: exact (intern) or protected and rounded."""
    if not publicatie:
        grid = [list(map(int, r)) for r in cellen]
        if rijtotalen:
            for r in grid:
                r.append(sum(r))
        if kolomtotalen and grid:
            grid.append([sum(col) for col in zip(*grid)])
        return grid
    return [[afronden(v) for v in row] for row in onderdruk(cellen, rijtotalen=rijtotalen, kolomtotalen=kolomtotalen)]


def verberg_totaal_bij_klein(grid: list[list[Any]], n_gemeenten: int) -> list[list[Any]]:
    """In a published grid with a column per gemeente and their total after them: a total next to a '<5'
    is hidden too ('x'). A team lead knows the own gemeente's exact counts (internal form), and "total
    minus own gemeente" would otherwise narrow the other gemeente's small count down to one value."""
    for row in grid:
        if len(row) > n_gemeenten and any(v == PRIMAIR for v in row[:n_gemeenten]) and is_getal(row[n_gemeenten]):
            row[n_gemeenten] = SECUNDAIR
    return grid


def aandeel(teller: Any, noemer: Any) -> float | str:
    """Percentage with one decimal, 'x' when either count is hidden, '–' when the base is 0."""
    if is_verborgen(teller) or is_verborgen(noemer):
        return SECUNDAIR
    if not noemer:
        return LEEG
    return round(100.0 * teller / noemer, 1)


def verschil_pct(nu: Any, eerder: Any) -> float | str:
    """Change in percent against an earlier figure."""
    if is_verborgen(nu) or is_verborgen(eerder):
        return SECUNDAIR
    if not is_getal(nu) or not is_getal(eerder) or not eerder:
        return LEEG
    return round(100.0 * (nu - eerder) / eerder, 1)


def mediaan_uit_histogram(hist: dict[int, int]) -> float | None:
    """The median of values given as {value: count}."""
    n = sum(hist.values())
    if not n:
        return None
    keys = sorted(hist)
    def nth(k):  # 0-based
        acc = 0
        for v in keys:
            acc += hist[v]
            if acc > k:
                return v
        return keys[-1]
    if n % 2:
        return float(nth(n // 2))
    return (nth(n // 2 - 1) + nth(n // 2)) / 2.0


# -- tables with a column per gemeente -----------------------------------------------------------------------

def gemeente_kolommen(gemeenten: list[str], met_aandeel: bool) -> list[str]:
    cols: list[str] = []
    names = [GEMEENTEN[g] for g in gemeenten] + (["Totaal"] if len(gemeenten) > 1 else [])
    for n in names:
        cols.append(n)
        if met_aandeel:
            cols.append(f"{n} (%)")
    return cols


def gemeente_tabel(sleutel: str, titel: str, kop: str, rijen: list[tuple[str, dict[str, int]]], sel: Selectie,
                   definitie: str, *, met_aandeel: bool = True, grafiek: Grafiek | None = None,
                   bron: str | None = None, totaalrij: bool = True) -> Tabel:
    """Rows of counts with a column per gemeente (and a total over them when more than one is shown).

    The publication form always protects the table for every gemeente at once and then keeps the
    columns of the chosen gemeente(n): an export for one gemeente is a part of the export for all."""
    alle = list(GEMEENTEN)
    shown = sel.gemeenten()
    cells = [[counts.get(g, 0) for g in alle] for _lab, counts in rijen]
    if not cells:
        cells = [[0 for _ in alle]]
        labels = []
    else:
        labels = [lab for lab, _c in rijen]
    grid = publiceer(cells, sel.publicatie, rijtotalen=True, kolomtotalen=True)
    if sel.publicatie:
        verberg_totaal_bij_klein(grid, len(alle))
    idx = [alle.index(g) for g in shown] + ([len(alle)] if len(shown) > 1 else [])
    totaal_rij = grid[-1]
    out_rows = []
    for lab, row in zip(labels, grid[:-1]):
        r: list[Any] = [lab]
        for j in idx:
            r.append(row[j])
            if met_aandeel:
                r.append(aandeel(row[j], totaal_rij[j]))
        out_rows.append(r)
    if totaalrij:
        r = ["Totaal"]
        for j in idx:
            r.append(totaal_rij[j])
            if met_aandeel:
                r.append(aandeel(totaal_rij[j], totaal_rij[j]) if is_getal(totaal_rij[j]) and totaal_rij[j]
                         else (SECUNDAIR if is_verborgen(totaal_rij[j]) else LEEG))
        out_rows.append(r)
    return Tabel(sleutel, titel, [kop] + gemeente_kolommen(shown, met_aandeel), out_rows, definitie, grafiek,
                 totaalrij=totaalrij and bool(labels), bron=bron)


def reeks_kolommen(sel: Selectie, met_aandeel: bool) -> tuple[int, ...]:
    """Column indexes of the gemeente counts (for a chart): one series per gemeente shown."""
    stap = 2 if met_aandeel else 1
    return tuple(1 + stap * k for k in range(len(sel.gemeenten())))


# -- charts ----------------------------------------------------------------------------------------------

@dataclass
class GrafiekData:
    titel: str
    soort: str
    as_label: str
    categorieen: list[str]
    reeksen: list[str]
    waarden: list[list[float | None]]  # [reeks][categorie]; None = hidden ('<5' or 'x'), drawn hatched
    labels: list[list[str]]            # the text to print on each bar ("<5" for a hidden cell)
    totalen: list[str] | None = None   # per category, from the table's "Totaal" column (stacked charts)

    @property
    def verborgen(self) -> bool:
        return any(v is None for s in self.waarden for v in s)

    def schaal_max(self) -> float:
        """The largest value the axis must hold; a hidden '<5' counts as 4 so its mark is visible."""
        def val(v, lab):
            if v is not None:
                return v
            return float(DREMPEL - 1) if lab == PRIMAIR else 0.0
        if self.soort == "gestapeld":
            n = len(self.categorieen)
            return max([sum(val(self.waarden[s][i], self.labels[s][i]) for s in range(len(self.waarden)))
                        for i in range(n)] or [0.0])
        return max([val(v, lab) for s, ls in zip(self.waarden, self.labels) for v, lab in zip(s, ls)] or [0.0])


def grafiek_data(tabel: Tabel) -> GrafiekData | None:
    """The series of a table's chart, without its total row. Used by the screen and the PDF alike."""
    g = tabel.grafiek
    if g is None or not tabel.rijen:
        return None
    rijen = tabel.rijen[:-1] if tabel.totaalrij else list(tabel.rijen)
    if g.max_categorieen:
        rijen = rijen[: g.max_categorieen]
    if not rijen:
        return None
    cats = [str(r[g.categorie_kolom]) for r in rijen]
    waarden, labels = [], []
    for k in g.reeks_kolommen:
        vals, labs = [], []
        for r in rijen:
            v = r[k]
            if is_getal(v):
                vals.append(float(v))
                labs.append(getal_nl(v))
            elif is_verborgen(v):
                vals.append(None)
                labs.append(str(v))
            else:
                vals.append(0.0)
                labs.append(str(v))
        waarden.append(vals)
        labels.append(labs)
    totalen = None
    if "Totaal" in tabel.kolommen:
        ti = tabel.kolommen.index("Totaal")
        totalen = [getal_nl(r[ti]) for r in rijen]
    return GrafiekData(g.titel, g.soort, g.as_label, cats, [tabel.kolommen[k] for k in g.reeks_kolommen],
                       waarden, labels, totalen)


# -- what the seeds ask for that the app cannot know -----------------------------------------------------------

def laad_niet_te_berekenen(data: Any, bestand: str = "statistiek.yaml") -> list[NietTeBerekenen]:
    """Validate the list in resources/statistiek.yaml (``niet_te_berekenen``); ConfigError otherwise."""
    from toegang_app.errors import ConfigError

    fouten: list[str] = []
    items = data.get("niet_te_berekenen") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{bestand}: 'niet_te_berekenen' moet een lijst met minstens één onderdeel zijn.")
    out = []
    for i, it in enumerate(items, start=1):
        if not isinstance(it, dict):
            fouten.append(f"{bestand}, onderdeel {i}: verwacht de velden wat, bron en waarom.")
            continue
        for veld in ("wat", "bron", "waarom"):
            if not isinstance(it.get(veld), str) or not it[veld].strip():
                fouten.append(f"{bestand}, onderdeel {i}, veld '{veld}': ontbreekt of is leeg.")
        bron = it.get("bron")
        if isinstance(bron, str) and not bron.strip().startswith("seeds/"):
            fouten.append(f"{bestand}, onderdeel {i}, veld 'bron': noem de regel in de seeds (seeds/NNN:regel).")
        if not fouten:
            out.append(NietTeBerekenen(it["wat"].strip(), it["bron"].strip(), it["waarom"].strip()))
    if fouten:
        raise ConfigError(fouten)
    return out
