"""Statistics for team leads: aggregate figures without personal data.

``bereken(ctx, selectie)`` runs a handful of SQL ``GROUP BY`` queries (never loads rows of residents)
and returns a :class:`Rapport`: plain dataclasses with tables (title, column headers, rows, definition)
that the dashboard and every export (CSV, XLSX, PDF) use as they are. Small cells are already
suppressed here, so no export can show them.

Small-cell rule (``ONDERDRUKKING``), applied to every table of counts:

1. *Primary*: a count of 1 to 4 is shown as ``"<5"``. Zero is shown as 0.
2. *Secondary*: a table's totals (row totals, column totals, grand total) are equations a reader can
   solve. We audit them: every hidden value gets the interval a reader knows (``<5`` = 1..4; ``x`` =
   5 or more, since only shown values of 5 or more are hidden secondarily), and we narrow these
   intervals with every row and column equation until nothing changes (interval propagation). If a
   ``<5`` value is then pinned to one exact number, we hide one more value in a row or column holding
   it: the smallest shown count of 5 or more (as ``"x"``); if there is none, that row or column's
   total. We repeat until no ``<5`` value can be recovered exactly. Totals themselves are counts too:
   a total of 1..4 is ``"<5"``.
3. Percentages and means are shown only when the counts they come from are shown; a mean over
   fewer than 5 answers is hidden (``"x"``).

Only aggregates leave this module: no names, BSNs, birth dates, free text or notes.
"""

from __future__ import annotations

import logging
import math
import os
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.sql import ColumnElement

from toegang_app.domain import verwijzing as verwijzing_regels
from toegang_app.domain.vocab import DIMENSIES, GEMEENTEN, KANALEN, MELDERS, TREDEN
from toegang_app.errors import UserError
from toegang_app.services import audit
from toegang_app.services.auth import STATISTIEK, require
from toegang_app.storage.models import (
    AveWijziging,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    Termijn,
    Verwijzing,
)

log = logging.getLogger(__name__)

PRIMAIR = "<5"
SECUNDAIR = "x"
DREMPEL = 5  # counts 1..DREMPEL-1 are hidden

ONDERDRUKKING = (
    "Kleine aantallen: een aantal van 1 tot en met 4 tonen we als '<5'; 0 tonen we gewoon. "
    "Uit totalen mag zo'n klein aantal niet terug te rekenen zijn. Daarom controleren we elke rij en "
    "kolom met een totaal: als een '<5' met de getoonde cijfers en totalen precies uit te rekenen is, "
    "laten we ook het kleinste andere aantal van 5 of meer in die rij of kolom weg (getoond als 'x'), "
    "of, als dat er niet is, het totaal (ook 'x'). Dat herhalen we tot geen enkel klein aantal meer "
    "terug te rekenen is. Percentages en gemiddelden tonen we alleen als de aantallen waarop ze "
    "rusten zichtbaar zijn; een gemiddelde over minder dan 5 antwoorden laten we weg ('x')."
)

# the referral statuses and reasons are the domain's (domain/verwijzing.py); "onbekend" counts a
# stopped referral whose reason was not recorded
STATUSSEN: dict[str, str] = dict(verwijzing_regels.STATUSSEN)
REDENEN: dict[str, str] = {**verwijzing_regels.REDENEN_NIET_GESTART, "onbekend": "Reden niet vastgelegd"}
SOORTEN: dict[str, str] = {
    "voorliggend": "Voorliggend (trede 0-3)",
    "maatwerk": "Maatwerk (trede 4)",
    "specialistisch": "Specialistisch (trede 5)",
}
AVE_FASEN: dict[int, str] = {1: "AVE 1 (groen)", 2: "AVE 2 (geel)", 3: "AVE 3 (oranje)", 4: "AVE 4 (rood)"}
AVE_SOORTEN: dict[str, str] = {"bevestigd": "Fase bevestigd", "opschalen": "Opgeschaald", "afschalen": "Afgeschaald"}
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class Afgebroken(UserError):
    """The user cancelled the calculation."""

    exit_code = 130

    def __init__(self, message: str = "De berekening is afgebroken."):
        super().__init__(message)


# -- result types ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Selectie:
    van: date
    tot: date  # inclusive
    gemeente: str | None = None
    kern: str | None = None
    team: str | None = None

    def __post_init__(self):
        if self.tot < self.van:
            raise UserError("De einddatum ligt vóór de begindatum. Kies een einddatum op of na "
                            f"{datum_nl(self.van)}.")
        if self.gemeente is not None and self.gemeente not in GEMEENTEN:
            raise UserError(f"Onbekende gemeente '{self.gemeente}'. Kies uit: {', '.join(GEMEENTEN)}.")
        if self.team is not None and self.team not in GEMEENTEN:
            raise UserError(f"Onbekend team '{self.team}'. Kies uit: {', '.join(GEMEENTEN)}.")

    def periode_nl(self) -> str:
        return f"{datum_nl(self.van)} tot en met {datum_nl(self.tot)}"

    def filters_nl(self) -> list[tuple[str, str]]:
        return [
            ("Periode", self.periode_nl()),
            ("Gemeente", GEMEENTEN.get(self.gemeente, self.gemeente) if self.gemeente else "alle gemeenten"),
            ("Kern", self.kern or "alle kernen"),
            ("Team (balie)", f"Balie {GEMEENTEN.get(self.team, self.team)}" if self.team else "alle teams"),
        ]


@dataclass(frozen=True)
class Grafiek:
    """How a table is drawn. Values come from the (suppressed) table rows: '<5' and 'x' draw as 0
    with their marker as label."""

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
    rijen: list[list[Any]]  # str labels; int counts; float percentages/means; "<5"/"x" hidden
    definitie: str
    grafiek: Grafiek | None = None
    totaalrij: bool = False  # the last row is a total row

    def kolom(self, naam: str) -> list[Any]:
        i = self.kolommen.index(naam)
        return [r[i] for r in self.rijen]


@dataclass
class Rapport:
    selectie: Selectie
    gemaakt_op: datetime
    tabellen: list[Tabel]
    kerncijfers: list[tuple[str, str]] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)
    onderdrukking: str = ONDERDRUKKING

    def tabel(self, sleutel: str) -> Tabel:
        for t in self.tabellen:
            if t.sleutel == sleutel:
                return t
        raise KeyError(sleutel)


# -- formatting helpers ------------------------------------------------------------------------------

def datum_nl(d: date) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def maand_nl(key: str) -> str:
    y, m = key.split("-")
    return f"{MAANDEN_KORT[int(m) - 1]} {y}"


def getal_nl(v: Any) -> str:
    """A table value as Dutch text: 1.234 and 12,5."""
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v)
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    if isinstance(v, float):
        return f"{v:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return str(v)


def is_verborgen(v: Any) -> bool:
    return v in (PRIMAIR, SECUNDAIR)


# -- small-cell suppression --------------------------------------------------------------------------

_INF = math.inf


def onderdruk(cellen: list[list[int]], *, rijtotalen: bool = True, kolomtotalen: bool = True) -> list[list[int | str]]:
    """Suppress a matrix of counts (see the module docstring for the rule).

    Returns the grid with a total column appended when ``rijtotalen`` and a total row appended when
    ``kolomtotalen`` (the grand total in the corner when both). Hidden cells hold ``"<5"`` or ``"x"``.
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
    """Interval propagation over all total equations; the first primary cell pinned to one value."""
    lo = {c: (1 if s == PRIMAIR else DREMPEL) for c, s in status.items()}
    hi = {c: (DREMPEL - 1 if s == PRIMAIR else _INF) for c, s in status.items()}
    # each equation: sum(members) - total = 0. Shown cells are constants; only hidden cells vary.
    # Linear per equation: the bounds of "all others" are the equation's sum minus the cell's own term,
    # with infinite terms counted separately (inf - inf is undefined).
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

    # worklist: an equation is looked at again only when a bound of one of its cells changed
    eqs_of: dict[tuple[int, int], list[int]] = {}
    for e, (_known, unknown) in enumerate(eqs):
        for c, _a in unknown:
            eqs_of.setdefault(c, []).append(e)
    todo = deque(range(len(eqs)))
    queued = [True] * len(eqs)
    budget = 100 * max(1, len(eqs))  # the bounds are integers or infinite: this always settles sooner
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
                # keep the equation's sums in step with the tightened bounds
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
    while frontier:
        if group_sets is None:
            group_sets = [set(g[0]) | {g[1]} for g in groups]
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


def onderdruk_los(v: int) -> int | str:
    """One count on its own (no totals to protect)."""
    return PRIMAIR if 1 <= v < DREMPEL else v


def aandeel(teller: Any, noemer: Any) -> float | str:
    """Percentage with one decimal, or 'x' when either count is hidden (or the base is 0)."""
    if is_verborgen(teller) or is_verborgen(noemer):
        return SECUNDAIR
    if not noemer:
        return "–"
    return round(100.0 * teller / noemer, 1)


# -- the calculation ---------------------------------------------------------------------------------

def _maand(ctx, col) -> ColumnElement:
    if ctx.engine.dialect.name == "postgresql":
        return func.to_char(col, "YYYY-MM")
    return func.substr(col, 1, 7)


def _maanden(van: date, tot: date) -> list[str]:
    out = []
    y, m = van.year, van.month
    while (y, m) <= (tot.year, tot.month):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _filters(model, sel: Selectie, datum_col) -> list:
    conds = [datum_col >= sel.van, datum_col <= sel.tot]
    if sel.gemeente:
        conds.append(model.gemeente == sel.gemeente)
    if sel.kern:
        conds.append(model.kern == sel.kern)
    if sel.team:
        conds.append(model.team == sel.team)
    return conds


def _gesprek_filters(sel: Selectie) -> list:
    conds = []
    if sel.gemeente:
        conds.append(Gesprek.gemeente == sel.gemeente)
    if sel.kern:
        conds.append(Gesprek.kern == sel.kern)
    if sel.team:
        conds.append(Gesprek.team == sel.team)
    return conds


def _soort(trede: int) -> str:
    return "voorliggend" if trede <= 3 else ("maatwerk" if trede == 4 else "specialistisch")


class _Voortgang:
    def __init__(self, progress, cancel, stappen: int):
        self.progress, self.cancel, self.stappen, self.n = progress, cancel, stappen, 0

    def check(self):
        if self.cancel is not None and self.cancel():
            raise Afgebroken()

    def stap(self, tekst: str):
        self.check()
        if self.progress is not None:
            self.progress(int(100 * self.n / self.stappen), tekst)
        self.n += 1


def datumbereik(ctx) -> tuple[date, date]:
    """First and last referral date in the database (for choosing a period); this year when empty."""
    require(ctx.user, STATISTIEK)
    with ctx.engine.connect() as c:
        lo, hi = c.execute(select(func.min(Verwijzing.datum), func.max(Verwijzing.datum))).one()
    today = date.today()
    van = lo if isinstance(lo, date) else date.fromisoformat(lo) if lo else date(today.year, 1, 1)
    tot = hi if isinstance(hi, date) else date.fromisoformat(hi) if hi else today
    return van, tot


def bereken(ctx, selectie: Selectie, progress: Callable[[int, str], None] | None = None,
            cancel: Callable[[], bool] | None = None, *, vandaag: date | None = None) -> Rapport:
    """Compute every table for ``selectie``. ``progress(pct, text)`` is called between steps;
    ``cancel()`` returning True stops the work (also inside a long SQLite query) with
    :class:`Afgebroken`. ``vandaag`` is the reference date for open legal terms (default: today).

    The aggregates are independent, so they run on up to two database connections at once (the
    desk PCs have at least two cores; SQLite and PostgreSQL both run queries without holding
    Python's GIL). Each query reads a consistent snapshot of its own tables."""
    require(ctx.user, STATISTIEK)
    sel = selectie
    vandaag = vandaag or date.today()
    queries = _queries(ctx, sel, vandaag)
    vg = _Voortgang(progress, cancel, len(queries) + 2)
    res = _voer_uit(ctx.engine, queries, vg, cancel)
    vg.stap("Namen van voorzieningen")
    ids = sorted({r[1] for r in res["verwijzingen"]})
    with ctx.engine.connect() as conn:
        namen = _voorziening_namen(conn, ctx, ids)
        synthetisch = conn.execute(select(Inwoner.id).where(Inwoner.synthetisch.is_(True)).limit(1)).first() is not None

    vg.stap("Tabellen opmaken")
    rapport = _opmaken(sel, _maanden(sel.van, sel.tot), res["verwijzingen"], res["verwijzingen_kern"],
                       res["uniek_verwezen"], res["gesprekken"], res["gesprekken_kern"], res["uniek_gesprek"],
                       res["dimensies"], res["ave"], res["termijnen"], namen, vandaag)
    if synthetisch:
        rapport.waarschuwingen.append(
            "Let op: de database bevat synthetische demogegevens (verzonnen inwoners). Deze tellen mee in de cijfers.")
    if vg.progress:
        vg.progress(100, "Klaar")
    return rapport


def _queries(ctx, sel: Selectie, vandaag: date) -> dict[str, tuple[str, Any, bool]]:
    """name -> (Dutch progress text, statement, scalar?), slowest first so two workers finish together."""
    V, G, D, A, T = Verwijzing, Gesprek, GesprekDimensie, AveWijziging, Termijn
    vm = _maand(ctx, V.datum).label("maand")
    gm = _maand(ctx, G.aanmelding_datum).label("maand")
    uitkomst = _termijn_uitkomst(T, vandaag)
    return {
        # Positieve Gezondheid: the dimension rows of the conversations in the period
        "dimensies": ("Dimensies van Positieve Gezondheid", select(
            D.dimensie, func.count(D.score), func.avg(D.score),
            func.sum(func.coalesce(D.bespreken, False).cast(_int())), func.count())
            .select_from(D).join(G, G.id == D.gesprek_id)
            .where(*_filters(G, sel, G.aanmelding_datum)).group_by(D.dimensie), False),
        # referrals: one GROUP BY over the denormalised columns (covering index, migration 0002)
        "verwijzingen": ("Verwijzingen tellen", select(
            vm, V.voorziening_id, V.trede, V.status, V.status_reden, func.count())
            .where(*_filters(V, sel, V.datum))
            .group_by(vm, V.voorziening_id, V.trede, V.status, V.status_reden), False),
        "verwijzingen_kern": ("Verwijzingen per kern", select(V.gemeente, V.kern, func.count())
                              .where(*_filters(V, sel, V.datum)).group_by(V.gemeente, V.kern), False),
        # distinct conversations first (index-only), then their residents: far fewer lookups than a join
        "uniek_verwezen": ("Unieke inwoners met een verwijzing", select(func.count(distinct(G.inwoner_id)))
                           .where(G.id.in_(select(V.gesprek_id).where(*_filters(V, sel, V.datum)))), True),
        "termijnen": ("Wettelijke termijnen", _met_gesprek(
            select(T.wet, T.stap, uitkomst, func.count()).select_from(T), T.gesprek_id, sel)
            .where(T.uiterlijk >= sel.van, T.uiterlijk <= sel.tot,
                   # legal deadlines of the desk only: not the resident's chance, not the desk's own
                   # promise, not a step the worker marked not applicable (issue 20)
                   T.soort == "balie", T.niet_van_toepassing.is_(None))
            .group_by(T.wet, T.stap, uitkomst), False),
        "gesprekken": ("Gesprekken tellen", select(gm, G.kanaal, G.melder, G.ave_fase, func.count())
                       .where(*_filters(G, sel, G.aanmelding_datum))
                       .group_by(gm, G.kanaal, G.melder, G.ave_fase), False),
        "ave": ("AVE-fasen en op- en afschalen", _met_gesprek(
            select(A.soort, A.naar_fase, func.count()).select_from(A), A.gesprek_id, sel)
            .where(A.op >= datetime.combine(sel.van, datetime.min.time()),
                   A.op < datetime.combine(sel.tot + timedelta(days=1), datetime.min.time()))
            .group_by(A.soort, A.naar_fase), False),
        "gesprekken_kern": ("Gesprekken per kern", select(G.gemeente, G.kern, func.count())
                            .where(*_filters(G, sel, G.aanmelding_datum)).group_by(G.gemeente, G.kern), False),
        "uniek_gesprek": ("Unieke inwoners met een gesprek", select(func.count(distinct(G.inwoner_id)))
                          .where(*_filters(G, sel, G.aanmelding_datum)), True),
    }


def _met_gesprek(stmt, gesprek_id_col, sel: Selectie):
    """Restrict to conversations of the chosen gemeente/kern/team; without such a filter no join is
    needed and the covering index alone answers the query."""
    conds = _gesprek_filters(sel)
    if not conds:
        return stmt
    return stmt.join(Gesprek, Gesprek.id == gesprek_id_col).where(*conds)


def _parallel(engine) -> int:
    """Two connections at once, except for an in-memory SQLite database (one shared connection)."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _voer_uit(engine, queries: dict, vg: _Voortgang, cancel) -> dict[str, Any]:
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    def run(name: str):
        vg.check()
        _text, stmt, scalar = queries[name]
        with engine.connect() as conn:
            raw = None
            if conn.dialect.name == "sqlite" and cancel is not None:
                raw = conn.connection.dbapi_connection
                raw.set_progress_handler(lambda: 1 if cancel() else 0, 20000)
            try:
                result = conn.execute(stmt)
                return result.scalar_one() if scalar else result.all()
            finally:
                if raw is not None:
                    raw.set_progress_handler(None, 0)

    out: dict[str, Any] = {}
    pool = ThreadPoolExecutor(max_workers=_parallel(engine), thread_name_prefix="statistiek")
    try:
        pending = {pool.submit(run, name): name for name in queries}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                name = pending.pop(fut)
                try:
                    out[name] = fut.result()
                except Exception as exc:  # an interrupted SQLite query raises OperationalError
                    if cancel is not None and cancel():
                        raise Afgebroken() from exc
                    raise
                vg.stap(queries[name][0])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return out


def _int():
    from sqlalchemy import Integer

    return Integer


def _termijn_uitkomst(T, vandaag: date):
    from sqlalchemy import case

    return case(
        (and_(T.afgerond_op.is_not(None), T.afgerond_op <= T.uiterlijk), "gehaald"),
        (T.afgerond_op.is_not(None), "te_laat"),
        (T.uiterlijk < vandaag, "verlopen"),
        else_="lopend",
    ).label("uitkomst")


def _voorziening_namen(conn, ctx, ids: list[str]) -> dict[str, str]:
    namen: dict[str, str] = {}
    kaart = getattr(getattr(ctx, "resources", None), "kaart", None)
    for vid in ids:
        naam = None
        try:
            v = kaart.get(vid) if hasattr(kaart, "get") else None
            naam = getattr(v, "naam", None)
        except Exception:  # noqa: BLE001 - the kaart is optional here
            naam = None
        if not naam:
            naam = conn.execute(
                select(Verwijzing.voorziening_naam).where(Verwijzing.voorziening_id == vid).limit(1)
            ).scalar()
        namen[vid] = naam or vid
    return namen


# -- building the tables -----------------------------------------------------------------------------

def _tabel_1d(sleutel, titel, kop, labels_counts, definitie, *, aandeel_kolom=True, grafiek=None,
              extra=None) -> Tabel:
    """A one-dimensional table: label, count (, share) with a total row."""
    labels = [lab for lab, _ in labels_counts]
    counts = [[c] for _, c in labels_counts]
    grid = onderdruk(counts, rijtotalen=False, kolomtotalen=True) if counts else [[0]]
    totaal = grid[-1][0]
    rijen = []
    for lab, row in zip(labels, grid[:-1]):
        r = [lab, row[0]]
        if aandeel_kolom:
            r.append(aandeel(row[0], totaal))
        rijen.append(r)
    rijen.append(["Totaal", totaal] + ([aandeel(totaal, totaal) if totaal else "–"] if aandeel_kolom else []))
    kolommen = [kop, "Aantal"] + (["Aandeel (%)"] if aandeel_kolom else [])
    return Tabel(sleutel, titel, kolommen, rijen, definitie, grafiek, totaalrij=True)


def _opmaken(sel, maanden, vrows, vkern, uniek_v, grows, gkern, uniek_g, drows, arows, trows, namen,
             vandaag) -> Rapport:
    tabellen: list[Tabel] = []

    # referrals aggregated in Python from the one GROUP BY
    v_maand = {m: 0 for m in maanden}
    v_trede = {t: 0 for t in TREDEN}
    v_soort_maand = {m: {s: 0 for s in SOORTEN} for m in maanden}
    v_voorz: dict[str, dict[str, int]] = {}
    v_voorz_trede: dict[str, int] = {}
    v_reden: dict[str, dict[str, int]] = {}
    for maand, vid, trede, status, reden, n in vrows:
        v_maand[maand] = v_maand.get(maand, 0) + n
        v_trede[trede] = v_trede.get(trede, 0) + n
        v_soort_maand.setdefault(maand, {s: 0 for s in SOORTEN})[_soort(trede)] += n
        d = v_voorz.setdefault(vid, {s: 0 for s in STATUSSEN})
        d[status] = d.get(status, 0) + n
        v_voorz_trede[vid] = max(v_voorz_trede.get(vid, trede), trede)
        if status == "niet_gestart":
            key = reden if reden in REDENEN else "onbekend"
            rd = v_reden.setdefault(vid, {k: 0 for k in REDENEN})
            rd[key] += n

    g_maand = {m: 0 for m in maanden}
    g_kanaal: dict[str | None, int] = {}
    g_melder: dict[str | None, int] = {}
    g_fase: dict[int | None, int] = {}
    for maand, kanaal, melder, fase, n in grows:
        g_maand[maand] = g_maand.get(maand, 0) + n
        g_kanaal[kanaal] = g_kanaal.get(kanaal, 0) + n
        g_melder[melder] = g_melder.get(melder, 0) + n
        g_fase[fase] = g_fase.get(fase, 0) + n

    # T1: per month
    cells = [[g_maand.get(m, 0), v_maand.get(m, 0)] for m in maanden]
    grid = onderdruk(cells, rijtotalen=False, kolomtotalen=True)
    rijen = [[maand_nl(m)] + row for m, row in zip(maanden, grid[:-1])] + [["Totaal"] + grid[-1]]
    tabellen.append(Tabel(
        "per_maand", "Gesprekken en verwijzingen per maand", ["Maand", "Gesprekken", "Verwijzingen"], rijen,
        "Gesprekken: brede uitvragen met een aanmelddatum in de maand. Verwijzingen: verwijzingen met een "
        "verwijsdatum in de maand, ongeacht hun uitkomst. Eén gesprek kan tot meer verwijzingen leiden.",
        Grafiek("lijn", "Gesprekken en verwijzingen per maand", "Aantal per maand", (1, 2)), totaalrij=True))

    # T2: per rung
    tabellen.append(_tabel_1d(
        "per_trede", "Verwijzingen per trede", "Trede",
        [(f"{t} {TREDEN[t]}", v_trede.get(t, 0)) for t in TREDEN],
        "Verwijzingen in de periode naar de trede van de voorziening op het moment van verwijzen "
        "(licht waar het kan, zwaar waar nodig: 0 eigen kracht tot 5 specialistisch).",
        grafiek=Grafiek("staaf", "Verwijzingen per trede", "Aantal verwijzingen", (1,))))

    # T3: voorliggend vs maatwerk
    soort_tot = {s: sum(v_soort_maand[m][s] for m in v_soort_maand) for s in SOORTEN}
    tabellen.append(_tabel_1d(
        "soort", "Voorliggend, maatwerk en specialistisch", "Soort",
        [(SOORTEN[s], soort_tot[s]) for s in SOORTEN],
        "Voorliggend = trede 0 tot en met 3 (eigen kracht, netwerk, sociale basis, algemene voorziening); "
        "maatwerk = trede 4 (onderzoek en beschikking nodig); specialistisch = trede 5 (regionaal of gedwongen "
        "kader), apart geteld. Aandeel = deel van alle verwijzingen in de periode.",
        grafiek=Grafiek("staaf", "Voorliggend, maatwerk en specialistisch", "Aantal verwijzingen", (1,))))

    # T4: soort per month (stacked)
    cells = [[v_soort_maand.get(m, {}).get(s, 0) for s in SOORTEN] for m in maanden]
    grid = onderdruk(cells, rijtotalen=True, kolomtotalen=True)
    rijen = [[maand_nl(m)] + row for m, row in zip(maanden, grid[:-1])] + [["Totaal"] + grid[-1]]
    for r in rijen:
        r.append(aandeel(r[1], r[4]))
    tabellen.append(Tabel(
        "soort_per_maand", "Voorliggend en maatwerk per maand",
        ["Maand", "Voorliggend", "Maatwerk", "Specialistisch", "Totaal", "Aandeel voorliggend (%)"], rijen,
        "Verwijzingen per maand verdeeld naar voorliggend (trede 0-3), maatwerk (trede 4) en specialistisch "
        "(trede 5). De beweging van geïndiceerde zorg naar voorliggende voorzieningen is hier te volgen.",
        Grafiek("gestapeld", "Voorliggend en maatwerk per maand", "Aantal verwijzingen", (1, 2, 3)), totaalrij=True))

    # T5: per voorziening and outcome
    order = sorted(v_voorz, key=lambda k: (-sum(v_voorz[k].values()), namen.get(k, k)))
    cells = [[v_voorz[k].get(s, 0) for s in STATUSSEN] for k in order]
    rijen = []
    if cells:
        grid = onderdruk(cells, rijtotalen=True, kolomtotalen=True)
        for k, row in zip(order, grid[:-1]):
            rijen.append([namen.get(k, k), v_voorz_trede.get(k, 0)] + row)
        rijen.append(["Totaal", ""] + grid[-1])
    tabellen.append(Tabel(
        "per_voorziening", "Verwijzingen per voorziening en uitkomst",
        ["Voorziening", "Trede"] + list(STATUSSEN.values()) + ["Totaal"], rijen,
        "Verwijzingen in de periode per voorziening, naar hun huidige status (de laatst vastgelegde uitkomst). "
        "'Niet gestart' laat zien waar verwijzingen stranden; de redenen staan in de volgende tabel. "
        "Gesorteerd op aantal verwijzingen.",
        Grafiek("gestapeld", "Uitkomst van verwijzingen (grootste voorzieningen)", "Aantal verwijzingen",
                tuple(range(2, 2 + len(STATUSSEN))), max_categorieen=10),
        totaalrij=bool(rijen)))

    # T6: why referrals did not start
    reden_tot = {k: sum(v_reden[v][k] for v in v_reden) for k in REDENEN}
    tabellen.append(_tabel_1d(
        "niet_gestart", "Waarom verwijzingen niet starten", "Reden",
        [(REDENEN[k], reden_tot[k]) for k in REDENEN if k != "onbekend" or reden_tot[k]],
        "Verwijzingen in de periode met status 'niet gestart', naar de vastgelegde reden.",
        grafiek=Grafiek("staaf", "Waarom verwijzingen niet starten", "Aantal verwijzingen", (1,))))

    # T7: niet gestart per voorziening and reason
    order2 = sorted(v_reden, key=lambda k: (-sum(v_reden[k].values()), namen.get(k, k)))
    redenen = [k for k in REDENEN if k != "onbekend" or reden_tot["onbekend"]]
    cells = [[v_reden[k][r] for r in redenen] for k in order2]
    rijen = []
    if cells:
        grid = onderdruk(cells, rijtotalen=True, kolomtotalen=True)
        rijen = [[namen.get(k, k)] + row for k, row in zip(order2, grid[:-1])] + [["Totaal"] + grid[-1]]
    tabellen.append(Tabel(
        "niet_gestart_per_voorziening", "Niet gestart: per voorziening en reden",
        ["Voorziening"] + [REDENEN[r] for r in redenen] + ["Totaal"], rijen,
        "Alleen voorzieningen met minstens één niet-gestarte verwijzing in de periode.", None, totaalrij=bool(rijen)))

    # T8: per kern
    kern_g = {(g, k): n for g, k, n in gkern}
    kern_v = {(g, k): n for g, k, n in vkern}
    keys = sorted(set(kern_g) | set(kern_v), key=lambda x: (x[0] or "", x[1] or ""))
    cells = [[kern_g.get(k, 0), kern_v.get(k, 0)] for k in keys]
    rijen = []
    if cells:
        grid = onderdruk(cells, rijtotalen=False, kolomtotalen=True)
        rijen = [[GEMEENTEN.get(g, g or "onbekend"), kern or "onbekend"] + row for (g, kern), row in zip(keys, grid[:-1])]
        rijen.append(["Totaal", ""] + grid[-1])
    tabellen.append(Tabel(
        "per_kern", "Gesprekken en verwijzingen per kern", ["Gemeente", "Kern", "Gesprekken", "Verwijzingen"],
        rijen, "Naar de woonkern van de inwoner zoals vastgelegd bij het gesprek en de verwijzing.",
        None, totaalrij=bool(rijen)))

    # T9: AVE phase mix
    fase_items = [(AVE_FASEN[f], g_fase.get(f, 0)) for f in AVE_FASEN]
    geen = sum(n for f, n in g_fase.items() if f not in AVE_FASEN)
    fase_items.append(("Geen fase vastgesteld", geen))
    tabellen.append(_tabel_1d(
        "ave_fase", "AVE-fase van gesprekken", "AVE-fase", fase_items,
        "Gesprekken met een aanmelddatum in de periode, naar hun huidige (bevestigde) AVE-fase.",
        grafiek=Grafiek("staaf", "AVE-fase van gesprekken", "Aantal gesprekken", (1,))))

    # T10: escalations
    asoort = {s: {f: 0 for f in AVE_FASEN} for s in AVE_SOORTEN}
    for soort, naar, n in arows:
        if soort in asoort and naar in AVE_FASEN:
            asoort[soort][naar] += n
    cells = [[asoort[s][f] for f in AVE_FASEN] for s in AVE_SOORTEN]
    grid = onderdruk(cells, rijtotalen=True, kolomtotalen=True)
    rijen = [[AVE_SOORTEN[s]] + row for s, row in zip(AVE_SOORTEN, grid[:-1])] + [["Totaal"] + grid[-1]]
    tabellen.append(Tabel(
        "ave_wijzigingen", "Op- en afschalen (AVE)",
        ["Wijziging", "Naar AVE 1", "Naar AVE 2", "Naar AVE 3", "Naar AVE 4", "Totaal"], rijen,
        "Vastgelegde fasewijzigingen in de periode (datum van de wijziging), naar de nieuwe fase. "
        "'Opgeschaald' is het aantal escalaties.",
        Grafiek("gestapeld", "Op- en afschalen (AVE)", "Aantal wijzigingen", (1, 2, 3, 4)), totaalrij=True))

    # T11: PG dimensions
    dd = {r[0]: r for r in drows}
    n_gesprekken = sum(g_maand.values())
    items = []
    for key, lab in DIMENSIES.items():
        _d, n_score, gem, n_praten, n_rij = dd.get(key, (key, 0, None, 0, 0))
        n_score_s = onderdruk_los(int(n_score or 0))
        gem_s = round(float(gem), 1) if gem is not None and (n_score or 0) >= DREMPEL else SECUNDAIR
        praten_s = onderdruk_los(int(n_praten or 0))
        items.append((gem if gem is not None and (n_score or 0) >= DREMPEL else 99, lab, n_score_s, gem_s, praten_s))
    items.sort(key=lambda x: (x[0], x[1]))
    rijen = [[lab, ns, gs, ps, aandeel(ps, onderdruk_los(n_gesprekken))] for _k, lab, ns, gs, ps in items]
    tabellen.append(Tabel(
        "dimensies", "Positieve Gezondheid: laagste scores en 'hierover praten'",
        ["Dimensie", "Gesprekken met score", "Gemiddelde score (0-10)", "Wil hierover praten", "Wil praten (%)"], rijen,
        "Gesprekken met een aanmelddatum in de periode. Gemiddelde van de scores die inwoners zelf gaven "
        "(0 = heel slecht, 10 = heel goed); laagste gemiddelde bovenaan. 'Wil hierover praten': de inwoner "
        "koos deze dimensie om over te praten; percentage van alle gesprekken in de periode.",
        Grafiek("staaf", "Gemiddelde score per dimensie (laagste bovenaan)", "Gemiddelde score (0-10)", (2,))))

    # T12 / T13: channel and reporter
    tabellen.append(_tabel_1d(
        "kanaal", "Gesprekken per kanaal", "Kanaal",
        [(KANALEN.get(k, k or "Niet vastgelegd"), n) for k, n in _ordered(g_kanaal, KANALEN)],
        "Hoe de aanmelding binnenkwam, voor gesprekken met een aanmelddatum in de periode.",
        grafiek=Grafiek("staaf", "Gesprekken per kanaal", "Aantal gesprekken", (1,))))
    tabellen.append(_tabel_1d(
        "melder", "Gesprekken per melder", "Melder",
        [(MELDERS.get(k, k or "Niet vastgelegd"), n) for k, n in _ordered(g_melder, MELDERS)],
        "Wie de inwoner aanmeldde: de inwoner zelf, het netwerk of een externe verwijzer (huisarts, school, "
        "wijkverpleging, Veilig Thuis, andere professional).",
        grafiek=Grafiek("staaf", "Gesprekken per melder", "Aantal gesprekken", (1,))))

    # T14: legal terms
    tt: dict[tuple[str, str], dict[str, int]] = {}
    for wet, stap, uitk, n in trows:
        tt.setdefault((wet, stap), {"gehaald": 0, "te_laat": 0, "verlopen": 0, "lopend": 0})[uitk] += n
    tkeys = sorted(tt)
    cells = [[tt[k]["gehaald"], tt[k]["te_laat"], tt[k]["verlopen"], tt[k]["lopend"]] for k in tkeys]
    rijen = []
    if cells:
        grid = onderdruk(cells, rijtotalen=True, kolomtotalen=True)
        for (wet, stap), row in zip(tkeys, grid[:-1]):
            rijen.append([f"{wet}: {stap}"] + row + [aandeel(row[0], _afgelopen(row))])
        tot = grid[-1]
        rijen.append(["Totaal"] + tot + [aandeel(tot[0], _afgelopen(tot))])
    tabellen.append(Tabel(
        "termijnen", "Wettelijke termijnen: gehaald of gemist",
        ["Termijn", "Gehaald", "Gemist: te laat afgerond", "Gemist: verlopen en nog open", "Loopt nog", "Totaal",
         "Gehaald (%)"], rijen,
        f"Termijnen waarvan de uiterste datum in de periode valt. Gehaald: afgerond op of vóór de uiterste datum. "
        f"Gemist: later afgerond, of nog open terwijl de uiterste datum voorbij is (peildatum "
        f"{datum_nl(vandaag)}). Gehaald (%) = gehaald als deel van de termijnen die niet meer lopen.",
        Grafiek("gestapeld", "Wettelijke termijnen", "Aantal termijnen", (1, 2, 3, 4)), totaalrij=bool(rijen)))

    # T15: unique residents versus referrals
    n_verw = sum(v_maand.values())
    g_s, ug_s, v_s, uv_s = (onderdruk_los(x) for x in (n_gesprekken, uniek_g, n_verw, uniek_v))
    per_inw = round(n_verw / uniek_v, 2) if not is_verborgen(v_s) and not is_verborgen(uv_s) and uniek_v else SECUNDAIR
    rijen = [["Gesprekken", g_s], ["Unieke inwoners met een gesprek", ug_s], ["Verwijzingen", v_s],
             ["Unieke inwoners met een verwijzing", uv_s], ["Verwijzingen per inwoner met een verwijzing", per_inw]]
    tabellen.append(Tabel(
        "uniek", "Unieke inwoners en verwijzingen", ["Maat", "Aantal"], rijen,
        "Unieke inwoners: elke inwoner telt één keer, hoeveel gesprekken of verwijzingen er ook waren "
        "(vergelijk 'unieke BSN's' in de monitor sociaal domein). Zo is te zien of veel verwijzingen "
        "bij weinig inwoners liggen."))

    kerncijfers = [
        ("Gesprekken", getal_nl(g_s)),
        ("Verwijzingen", getal_nl(v_s)),
        ("Unieke inwoners met verwijzing", getal_nl(uv_s)),
        ("Voorliggend", _pct(tabellen[2].rijen[0][2])),
        ("Maatwerk", _pct(tabellen[2].rijen[1][2])),
        ("Opgeschaald (AVE)", getal_nl(rijen_of(tabellen, "ave_wijzigingen")[1][-1])),
        ("Termijnen gehaald", _pct(rijen_of(tabellen, "termijnen")[-1][-1]) if rijen_of(tabellen, "termijnen") else "–"),
    ]
    return Rapport(selectie=sel, gemaakt_op=datetime.now().replace(microsecond=0), tabellen=tabellen,
                   kerncijfers=kerncijfers)


def rijen_of(tabellen, sleutel):
    for t in tabellen:
        if t.sleutel == sleutel:
            return t.rijen
    return []


def _pct(v) -> str:
    return f"{getal_nl(v)}%" if isinstance(v, float) else str(v)


def _afgelopen(row) -> int | str:
    """Terms no longer running: gehaald + te laat + verlopen (hidden when any part is hidden)."""
    parts = row[:3]
    if any(is_verborgen(p) for p in parts):
        return SECUNDAIR
    return sum(parts)


def _ordered(counts: dict, vocab: dict) -> list[tuple[Any, int]]:
    out = [(k, counts.get(k, 0)) for k in vocab]
    out += [(k, n) for k, n in counts.items() if k not in vocab]
    return out


@dataclass
class GrafiekData:
    titel: str
    soort: str
    as_label: str
    categorieen: list[str]
    reeksen: list[str]
    waarden: list[list[float]]  # [reeks][categorie]; hidden cells are 0
    labels: list[list[str]]     # the text to print on each bar ("<5" for a hidden cell)
    totalen: list[str] | None = None  # per category, from the table's "Totaal" column (stacked charts)
    verborgen: bool = False     # some cells are hidden and drawn as 0


def grafiek_data(tabel: Tabel) -> GrafiekData | None:
    """The series of a table's chart, without its total row. Used by the screen and the PDF alike."""
    g = tabel.grafiek
    if g is None or not tabel.rijen:
        return None
    rijen = tabel.rijen[:-1] if tabel.totaalrij else list(tabel.rijen)
    if g.max_categorieen:
        rijen = rijen[: g.max_categorieen]
    cats = [str(r[g.categorie_kolom]) for r in rijen]
    waarden, labels = [], []
    for k in g.reeks_kolommen:
        vals, labs = [], []
        for r in rijen:
            v = r[k]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                vals.append(float(v))
                labs.append(getal_nl(v))
            else:
                vals.append(0.0)
                labs.append(str(v))
        waarden.append(vals)
        labels.append(labs)
    totalen = None
    if "Totaal" in tabel.kolommen:
        ti = tabel.kolommen.index("Totaal")
        totalen = [getal_nl(r[ti]) for r in rijen]
    verborgen = any(is_verborgen(lab) for labs in labels for lab in labs)
    return GrafiekData(g.titel, g.soort, g.as_label, cats, [tabel.kolommen[k] for k in g.reeks_kolommen],
                       waarden, labels, totalen, verborgen)


def registreer_export(ctx, selectie: Selectie, formaat: str, pad: str) -> None:
    """Audit trail: who exported which selection (no personal data involved)."""
    require(ctx.user, STATISTIEK)
    with ctx.sessions.begin() as s:
        audit.record(s, ctx.user, "geexporteerd", "statistiek", None,
                     toelichting=f"{formaat}: {selectie.periode_nl()}; "
                     + "; ".join(f"{k}: {v}" for k, v in selectie.filters_nl()[1:]) + f"; {pad}")
