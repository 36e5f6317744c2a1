"""Monthly aggregate tables for the statistics dashboard (issue 24), kept up to date by the database itself.

The dashboard counts a year of up to a million referrals. Instead of grouping those rows on every look,
small tables (SPECS) hold the counts per calendar month and per everything the dashboard groups or
filters by (gemeente, kern, team, and the table's own categories). Database triggers (SQLite and
PostgreSQL) change them in the same transaction as every INSERT, UPDATE and DELETE of the source rows,
whichever code path writes (the services, a handover, the retention job's deletes and anonymisation,
cascades from a deleted resident or conversation); a subtraction removes the cells it empties.
``herbouw`` recomputes everything from the rows (``toegang-admin statistiek herbouw``, and ``demo-data``
after pausing the triggers in its own transactions); migration 0014 creates and fills the tables.
Since migration 0017 every trigger changes the cells of one write in the order of their keys (the old and
the new cell of a moved row in one statement), so that two workstations moving rows between the same cells
in opposite directions wait for each other instead of deadlocking on PostgreSQL.

What is kept: plain sums per month; for the distinct counts (unique residents with a referral, with
running maatwerk) cells per resident and month, counted distinct by the reader; for the comparison of a
resident's first and later conversations, which depends on all their conversations, a contribution per
resident that :func:`werk_verandering_bij` replaces for the residents the triggers marked. Legal terms
that are still open keep their deadline's day, so the reader decides 'verlopen' on its reference date.
Unique residents with a conversation are counted live (:mod:`toegang_app.services.statistiek`).

Key columns are NOT NULL so that one upsert per row works on both engines (a unique index treats NULLs as
different on SQLite): an empty text key is stored as ``''`` and an empty number as ``-1``; the readers turn
them back into NULL (``NULLIF``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Column, Index, Integer, PrimaryKeyConstraint, String, Table, text

from toegang_app.storage.models import Base

LEEG_TEKST = ""
LEEG_GETAL = -1

metadata = Base.metadata  # so that the schema check against the migrations covers them


@dataclass(frozen=True)
class Sleutel:
    naam: str
    soort: str  # "tekst" | "getal"
    bron: str  # an expression over {r} (the source row) and {g} (its conversation), with {maand(...)} etc.
    leeg_mogelijk: bool = False


@dataclass(frozen=True)
class Spec:
    tabel: str
    bron: str  # source table
    sleutels: tuple[Sleutel, ...]
    waarden: tuple[tuple[str, str], ...]  # (column, expression per source row)
    voorwaarde: str = "TRUE"  # which source rows count (over {r})
    via_gesprek: bool = False  # gemeente/kern/team (and maybe the month) come from the conversation
    kolommen: tuple[str, ...] = ()  # source columns whose change moves a row between cells


_GEM = (Sleutel("gemeente", "tekst", "{g}.gemeente"), Sleutel("kern", "tekst", "{g}.kern", True),
        Sleutel("team", "tekst", "{g}.team"))

SPECS: tuple[Spec, ...] = (
    Spec("statistiek_verwijzingen", "verwijzingen",
         (Sleutel("maand", "tekst", "{maand}({r}.datum)"),
          Sleutel("gemeente", "tekst", "{r}.gemeente"), Sleutel("kern", "tekst", "{r}.kern", True),
          Sleutel("team", "tekst", "{r}.team"),
          Sleutel("voorziening_id", "tekst", "{r}.voorziening_id"), Sleutel("trede", "getal", "{r}.trede"),
          Sleutel("status", "tekst", "{r}.status"), Sleutel("status_reden", "tekst", "{r}.status_reden", True)),
         (("n", "1"),),
         kolommen=("datum", "gemeente", "kern", "team", "voorziening_id", "trede", "status", "status_reden")),
    # the same without kern and team, for the views that do not filter on them (a quarter of the cells)
    Spec("statistiek_verwijzingen_voorziening", "verwijzingen",
         (Sleutel("maand", "tekst", "{maand}({r}.datum)"), Sleutel("gemeente", "tekst", "{r}.gemeente"),
          Sleutel("voorziening_id", "tekst", "{r}.voorziening_id"), Sleutel("trede", "getal", "{r}.trede"),
          Sleutel("status", "tekst", "{r}.status"), Sleutel("status_reden", "tekst", "{r}.status_reden", True)),
         (("n", "1"),), kolommen=("datum", "gemeente", "voorziening_id", "trede", "status", "status_reden")),
    # the same without the voorziening and the outcome: the counts per month, rung and kern
    Spec("statistiek_verwijzingen_trede", "verwijzingen",
         (Sleutel("maand", "tekst", "{maand}({r}.datum)"),
          Sleutel("gemeente", "tekst", "{r}.gemeente"), Sleutel("kern", "tekst", "{r}.kern", True),
          Sleutel("team", "tekst", "{r}.team"), Sleutel("trede", "getal", "{r}.trede")),
         (("n", "1"),), kolommen=("datum", "gemeente", "kern", "team", "trede")),
    Spec("statistiek_gesprekken", "gesprekken",
         (Sleutel("maand", "tekst", "{maand}({r}.aanmelding_datum)"),
          Sleutel("gemeente", "tekst", "{r}.gemeente"), Sleutel("kern", "tekst", "{r}.kern", True),
          Sleutel("team", "tekst", "{r}.team"),
          Sleutel("kanaal", "tekst", "{r}.kanaal", True), Sleutel("melder", "tekst", "{r}.melder", True),
          Sleutel("ave_fase", "getal", "{r}.ave_fase", True)),
         (("n", "1"),),
         kolommen=("aanmelding_datum", "gemeente", "kern", "team", "kanaal", "melder", "ave_fase")),
    Spec("statistiek_dimensies", "gesprek_dimensies",
         (Sleutel("maand", "tekst", "{maand}({g}.aanmelding_datum)"),) + _GEM
         + (Sleutel("dimensie", "tekst", "{r}.dimensie"),),
         (("n", "1"), ("n_score", "CASE WHEN {r}.score IS NOT NULL THEN 1 ELSE 0 END"),
          ("som_score", "COALESCE({r}.score, 0)"), ("n_bespreken", "CASE WHEN {r}.bespreken THEN 1 ELSE 0 END")),
         via_gesprek=True, kolommen=("gesprek_id", "dimensie", "score", "bespreken")),
    Spec("statistiek_ave", "ave_wijzigingen",
         (Sleutel("maand", "tekst", "{maand}({r}.op)"),) + _GEM
         + (Sleutel("soort", "tekst", "{r}.soort"), Sleutel("naar_fase", "getal", "{r}.naar_fase")),
         (("n", "1"),), via_gesprek=True, kolommen=("gesprek_id", "op", "soort", "naar_fase")),
    Spec("statistiek_doorloop", "termijnen",
         (Sleutel("maand", "tekst", "{maand}({r}.afgerond_op)"),) + _GEM
         + (Sleutel("wet", "tekst", "{r}.wet"), Sleutel("stap", "tekst", "{r}.stap"),
            Sleutel("dagen", "getal", "{dagen}"),
            Sleutel("binnen", "getal", "CASE WHEN {r}.afgerond_op <= {r}.uiterlijk THEN 1 ELSE 0 END")),
         (("n", "1"),),
         voorwaarde="{r}.soort = 'balie' AND {r}.niet_van_toepassing IS NULL AND {r}.afgerond_op IS NOT NULL",
         via_gesprek=True,
         kolommen=("gesprek_id", "soort", "niet_van_toepassing", "afgerond_op", "startdatum", "uiterlijk", "wet",
                   "stap")),
    # legal terms by the month of their deadline; an open one keeps its deadline's day, so that the screen
    # can tell 'verlopen' from 'loopt nog' on any reference date
    Spec("statistiek_termijnen", "termijnen",
         (Sleutel("maand", "tekst", "{maand}({r}.uiterlijk)"),) + _GEM
         + (Sleutel("wet", "tekst", "{r}.wet"), Sleutel("stap", "tekst", "{r}.stap"),
            Sleutel("toestand", "tekst", "CASE WHEN {r}.afgerond_op IS NOT NULL AND {r}.afgerond_op <= {r}.uiterlijk "
                    "THEN 'gehaald' WHEN {r}.afgerond_op IS NOT NULL THEN 'te_laat' ELSE 'open' END"),
            Sleutel("open_tot", "tekst", "CASE WHEN {r}.afgerond_op IS NULL THEN {dag}({r}.uiterlijk) ELSE '' END")),
         (("n", "1"),),
         voorwaarde="{r}.soort = 'balie' AND {r}.niet_van_toepassing IS NULL",
         via_gesprek=True,
         kolommen=("gesprek_id", "soort", "niet_van_toepassing", "afgerond_op", "uiterlijk", "wet", "stap")),
    # started or ended maatwerk referrals (rung 4) with their resident, for 'running maatwerk in the period':
    # referred by the end of the period and still running or ended in or after its first month (000:308)
    Spec("statistiek_maatwerk", "verwijzingen",
         (Sleutel("status", "tekst", "{r}.status"), Sleutel("sinds_maand", "tekst", "{maand}({r}.status_sinds)"),
          Sleutel("maand", "tekst", "{maand}({r}.datum)"), Sleutel("inwoner_id", "getal", "{g}.inwoner_id"),
          Sleutel("gesprek_gemeente", "tekst", "{g}.gemeente"),
          Sleutel("gemeente", "tekst", "{r}.gemeente"), Sleutel("kern", "tekst", "{r}.kern", True),
          Sleutel("team", "tekst", "{r}.team")),
         (("n", "1"),), voorwaarde="{r}.trede = 4 AND {r}.status IN ('gestart', 'afgerond')", via_gesprek=True,
         kolommen=("gesprek_id", "trede", "status", "status_sinds", "datum", "gemeente", "kern", "team")),
    # the same counted, without the residents
    Spec("statistiek_maatwerk_telling", "verwijzingen",
         (Sleutel("status", "tekst", "{r}.status"), Sleutel("sinds_maand", "tekst", "{maand}({r}.status_sinds)"),
          Sleutel("maand", "tekst", "{maand}({r}.datum)"), Sleutel("gemeente", "tekst", "{r}.gemeente"),
          Sleutel("kern", "tekst", "{r}.kern", True), Sleutel("team", "tekst", "{r}.team")),
         (("n", "1"),), voorwaarde="{r}.trede = 4 AND {r}.status IN ('gestart', 'afgerond')",
         kolommen=("trede", "status", "status_sinds", "datum", "gemeente", "kern", "team")),
    # the residents (of the conversation) with a referral per month, for the distinct count over months
    Spec("statistiek_verwezen", "verwijzingen",
         (Sleutel("maand", "tekst", "{maand}({r}.datum)"), Sleutel("inwoner_id", "getal", "{g}.inwoner_id"),
          Sleutel("gesprek_gemeente", "tekst", "{g}.gemeente"),
          Sleutel("gemeente", "tekst", "{r}.gemeente"), Sleutel("kern", "tekst", "{r}.kern", True),
          Sleutel("team", "tekst", "{r}.team")),
         (("n", "1"),), via_gesprek=True, kolommen=("gesprek_id", "datum", "gemeente", "kern", "team")),
)

# a conversation's own columns that the conversation-based tables take their cell from
GESPREK_KOLOMMEN = ("aanmelding_datum", "gemeente", "kern", "team", "inwoner_id")


def _tabel(spec: Spec) -> Table:
    """The cells' keys are the primary key; on SQLite the table is stored in that order (WITHOUT ROWID), so
    a range of months is read in one sweep with its counts, without a second lookup."""
    cols = [Column(s.naam, String(120) if s.soort == "tekst" else Integer, nullable=False, autoincrement=False)
            for s in spec.sleutels]
    cols += [Column(naam, Integer, nullable=False) for naam, _e in spec.waarden]
    return Table(spec.tabel, metadata, *cols, PrimaryKeyConstraint(*[s.naam for s in spec.sleutels],
                                                                   name=f"pk_{spec.tabel}"),
                 sqlite_with_rowid=False)


TABELLEN: dict[str, Table] = {spec.tabel: _tabel(spec) for spec in SPECS}

# The change in dimension scores between a resident's first conversation and each later one depends on all of
# that resident's conversations (an earlier conversation added later changes every follow-up). So the triggers
# only mark the resident (statistiek_vuil); werk_verandering_bij() then replaces that resident's contribution
# (statistiek_verandering_inwoner) in the monthly sums (statistiek_verandering), before every look.
_VER_SLEUTELS = ("maand", "gemeente", "kern", "team", "dimensie")
_VER_WAARDEN = ("n", "som", "beter", "slechter")
statistiek_verandering = Table(
    "statistiek_verandering", metadata,
    *[Column(k, String(120), nullable=False) for k in _VER_SLEUTELS],
    *[Column(v, Integer, nullable=False) for v in _VER_WAARDEN],
    PrimaryKeyConstraint(*_VER_SLEUTELS, name="pk_statistiek_verandering"), sqlite_with_rowid=False)
statistiek_verandering_inwoner = Table(
    "statistiek_verandering_inwoner", metadata, Column("inwoner_id", Integer, nullable=False, autoincrement=False),
    *[Column(k, String(120), nullable=False) for k in _VER_SLEUTELS],
    *[Column(v, Integer, nullable=False) for v in _VER_WAARDEN],
    PrimaryKeyConstraint("inwoner_id", *_VER_SLEUTELS, name="pk_statistiek_verandering_inwoner"),
    sqlite_with_rowid=False)
statistiek_vuil = Table(
    "statistiek_vuil", metadata, Column("inwoner_id", Integer, primary_key=True, autoincrement=False),
    Column("versie", Integer, nullable=False))
# A bulk load (demo-data) pauses the triggers inside its own transactions and rebuilds at its end: on SQLite
# a row here that only that transaction sees, on PostgreSQL ``SET LOCAL toegang.statistiek_pauze``.
statistiek_pauze = Table("statistiek_pauze", metadata, Column("id", Integer, primary_key=True, autoincrement=False))
EXTRA_TABELLEN = (statistiek_verandering, statistiek_verandering_inwoner, statistiek_vuil, statistiek_pauze)


def pauzeer(conn) -> None:
    """Within the caller's transaction only: the triggers do nothing (call herbouw afterwards)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL toegang.statistiek_pauze = 'ja'"))
    else:
        conn.execute(text("INSERT INTO statistiek_pauze (id) VALUES (1)"))


def hervat(conn) -> None:
    """End the pause before the transaction commits (other connections never see it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL toegang.statistiek_pauze = 'nee'"))
    else:
        conn.execute(text("DELETE FROM statistiek_pauze"))


def _met_pauze(sql: str, dialect: str) -> str:
    if dialect == "postgresql":
        if "RETURNS trigger" not in sql:
            return sql
        terug = "OLD" if "RETURN OLD" in sql else "NULL"
        return sql.replace("$$ BEGIN ", "$$ BEGIN IF current_setting('toegang.statistiek_pauze', true) = 'ja' THEN "
                           f"RETURN {terug}; END IF; ", 1)
    return sql.replace(" BEGIN ", " WHEN NOT EXISTS (SELECT 1 FROM statistiek_pauze) BEGIN ", 1)
statistiek_verwijzingen = TABELLEN["statistiek_verwijzingen"]
statistiek_verwijzingen_trede = TABELLEN["statistiek_verwijzingen_trede"]
statistiek_gesprekken = TABELLEN["statistiek_gesprekken"]
statistiek_dimensies = TABELLEN["statistiek_dimensies"]
statistiek_ave = TABELLEN["statistiek_ave"]
statistiek_doorloop = TABELLEN["statistiek_doorloop"]
statistiek_termijnen = TABELLEN["statistiek_termijnen"]
statistiek_verwezen = TABELLEN["statistiek_verwezen"]
statistiek_maatwerk = TABELLEN["statistiek_maatwerk"]
statistiek_maatwerk_telling = TABELLEN["statistiek_maatwerk_telling"]
statistiek_verwijzingen_voorziening = TABELLEN["statistiek_verwijzingen_voorziening"]


# -- SQL per dialect ----------------------------------------------------------------------------------------

def _expr(template: str, dialect: str, r: str, g: str) -> str:
    if dialect == "postgresql":
        e = re.sub(r"\{maand\}\(([^)]*)\)", r"to_char(\1, 'YYYY-MM')", template)
        e = re.sub(r"\{dag\}\(([^)]*)\)", r"to_char(\1, 'YYYY-MM-DD')", e)
        dagen = f"({r}.afgerond_op - {r}.startdatum)"
    else:
        e = re.sub(r"\{maand\}\(([^)]*)\)", r"substr(\1, 1, 7)", template)
        e = re.sub(r"\{dag\}\(([^)]*)\)", r"substr(\1, 1, 10)", e)
        dagen = f"CAST(julianday({r}.afgerond_op) - julianday({r}.startdatum) AS INTEGER)"
    return e.replace("{dagen}", dagen).replace("{r}", r).replace("{g}", g)


def _sleutel_expr(s: Sleutel, dialect: str, r: str, g: str) -> str:
    e = _expr(s.bron, dialect, r, g)
    if s.leeg_mogelijk:
        e = f"COALESCE({e}, {repr(LEEG_TEKST) if s.soort == 'tekst' else LEEG_GETAL})"
    return e


def _bron_select(spec: Spec, dialect: str, r: str, g: str, teken: int, *, groep: bool, vanuit: str) -> str:
    """SELECT of (keys..., values...) for the source rows; ``vanuit`` is the FROM/WHERE part."""
    keys = [_sleutel_expr(s, dialect, r, g) for s in spec.sleutels]
    mul = "" if teken > 0 else "-"
    if groep:
        vals = [f"{mul}SUM({_expr(e, dialect, r, g)})" for _n, e in spec.waarden]
    else:
        vals = [f"{mul}({_expr(e, dialect, r, g)})" for _n, e in spec.waarden]
    sql = f"SELECT {', '.join(keys + vals)} {vanuit}"
    if groep:
        sql += " GROUP BY " + ", ".join(keys)
    return sql


def _upsert(spec: Spec, select_sql: str) -> str:
    keys = [s.naam for s in spec.sleutels]
    vals = [n for n, _e in spec.waarden]
    zet = ", ".join(f"{v} = {spec.tabel}.{v} + excluded.{v}" for v in vals)
    return (f"INSERT INTO {spec.tabel} ({', '.join(keys + vals)}) {select_sql} "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {zet}")


def _leeg_weg(spec: Spec, dialect: str, r: str, g: str, vanuit: str) -> str:
    """Remove the cells a subtraction left at zero: no trace of a resident (or anything) that is gone."""
    keys = [_sleutel_expr(s, dialect, r, g) for s in spec.sleutels]
    return (f"DELETE FROM {spec.tabel} WHERE n = 0 AND ({', '.join(s.naam for s in spec.sleutels)}) IN "
            f"(SELECT {', '.join(keys)} {vanuit})")


def _rij_delta(spec: Spec, dialect: str, rij: str, teken: int) -> str:
    """Upsert of one source row (NEW or OLD) with sign ``teken`` (a subtraction removes emptied cells)."""
    cond = _expr(spec.voorwaarde, dialect, rij, "g")
    g = "g" if spec.via_gesprek else rij
    vanuit = f"FROM gesprekken g WHERE g.id = {rij}.gesprek_id AND {cond}" if spec.via_gesprek else f"WHERE {cond}"
    sql = _upsert(spec, _bron_select(spec, dialect, rij, g, teken, groep=False, vanuit=vanuit))
    if teken < 0:
        sql += "; " + _leeg_weg(spec, dialect, rij, g, vanuit)
    return sql


def _gesprek_delta(spec: Spec, dialect: str, gesprek: str, teken: int) -> str:
    """Upsert of all source rows of one conversation (OLD or NEW), as if it were that conversation."""
    cond = _expr(spec.voorwaarde, dialect, "c", gesprek)
    vanuit = f"FROM {spec.bron} c WHERE c.gesprek_id = {gesprek}.id AND {cond}"
    sql = _upsert(spec, _bron_select(spec, dialect, "c", gesprek, teken, groep=True, vanuit=vanuit))
    if teken < 0:
        sql += "; " + _leeg_weg(spec, dialect, "c", gesprek, vanuit)
    return sql


def _bron_rijen(spec: Spec, dialect: str, r: str, g: str, teken: int, vanuit: str) -> str:
    """SELECT of the named (keys..., values...) of the source rows, ungrouped, with sign ``teken``."""
    mul = "" if teken > 0 else "-"
    cols = [f"{_sleutel_expr(s, dialect, r, g)} AS {s.naam}" for s in spec.sleutels]
    cols += [f"{mul}({_expr(e, dialect, r, g)}) AS {n}" for n, e in spec.waarden]
    return f"SELECT {', '.join(cols)} {vanuit}"


def _geordend_upsert(spec: Spec, delen: list[str]) -> str:
    """One upsert of the summed parts (a subtraction and an addition), the cells taken in key order.

    Two transactions that move rows between the same two cells in opposite directions must take the
    cells in the same order, or each holds the cell the other needs next and PostgreSQL aborts one of
    them (deadlock_detected): so the old and the new cell are changed by one statement, in the order of
    their keys (PostgreSQL inserts the rows of INSERT ... SELECT ... ORDER BY in that order). A cell whose
    sums do not change (a row that stays in its cell) is not touched at all."""
    keys = ", ".join(s.naam for s in spec.sleutels)
    sums = ", ".join(f"SUM({n}) AS {n}" for n, _e in spec.waarden)
    iets = " OR ".join(f"SUM({n}) <> 0" for n, _e in spec.waarden)
    sel = (f"SELECT {keys}, {sums} FROM ({' UNION ALL '.join(delen)}) delta WHERE TRUE GROUP BY {keys} "
           f"HAVING {iets} ORDER BY {keys}")
    return _upsert(spec, sel)


def _rij_delta_geordend(spec: Spec, dialect: str, rijen: tuple[tuple[str, int], ...]) -> str:
    """The change of one source row (OLD with -1 and/or NEW with +1) in one ordered upsert; then the cells
    the subtraction emptied go."""
    delen, weg = [], []
    for rij, teken in rijen:
        cond = _expr(spec.voorwaarde, dialect, rij, "g")
        g = "g" if spec.via_gesprek else rij
        vanuit = (f"FROM gesprekken g WHERE g.id = {rij}.gesprek_id AND {cond}" if spec.via_gesprek
                  else f"WHERE {cond}")
        delen.append(_bron_rijen(spec, dialect, rij, g, teken, vanuit))
        if teken < 0:
            weg.append(_leeg_weg(spec, dialect, rij, g, vanuit))
    return "; ".join([_geordend_upsert(spec, delen)] + weg)


def _gesprek_verplaatst_geordend(spec: Spec, dialect: str) -> str:
    """All source rows of a moved conversation: out of the OLD conversation's cells, into the NEW one's, in
    one ordered upsert; then the emptied cells go."""
    delen, weg = [], []
    for gesprek, teken in (("OLD", -1), ("NEW", 1)):
        cond = _expr(spec.voorwaarde, dialect, "c", gesprek)
        vanuit = f"FROM {spec.bron} c WHERE c.gesprek_id = {gesprek}.id AND {cond}"
        delen.append(_bron_rijen(spec, dialect, "c", gesprek, teken, vanuit))
        if teken < 0:
            weg.append(_leeg_weg(spec, dialect, "c", gesprek, vanuit))
    return "; ".join([_geordend_upsert(spec, delen)] + weg)


def vul_sql(spec: Spec, dialect: str) -> str:
    """INSERT ... SELECT ... GROUP BY over all source rows (the table must be empty)."""
    cond = _expr(spec.voorwaarde, dialect, "r", "g")
    vanuit = (f"FROM {spec.bron} r JOIN gesprekken g ON g.id = r.gesprek_id WHERE {cond}" if spec.via_gesprek
              else f"FROM {spec.bron} r WHERE {cond}")
    sel = _bron_select(spec, dialect, "r", "g" if spec.via_gesprek else "r", 1, groep=True, vanuit=vanuit)
    keys = [s.naam for s in spec.sleutels]
    vals = [n for n, _e in spec.waarden]
    return f"INSERT INTO {spec.tabel} ({', '.join(keys + vals)}) {sel}"


def _trigger_naam(spec: Spec, wat: str) -> str:
    return f"{spec.tabel}_{wat}"


def ddl_triggers(dialect: str, *, geordend: bool = True) -> list[str]:
    """CREATE statements of every trigger (and, on PostgreSQL, its function), each paused by pauzeer().

    ``geordend`` (migration 0017): every trigger takes the cells it changes in the order of their keys, so
    that concurrent moves between the same cells cannot deadlock on PostgreSQL; without it the triggers of
    migration 0014 (subtract from the old cell, then add to the new one), for its downgrade."""
    if geordend:
        return [_met_pauze(sql, dialect) for sql in _ddl_triggers_geordend(dialect)]
    return [_met_pauze(sql, dialect) for sql in _ddl_triggers(dialect)]


def _ddl_triggers_geordend(dialect: str) -> list[str]:
    out: list[str] = []
    kinderen = [s for s in SPECS if s.via_gesprek]
    oud, nieuw, beide = (("OLD", -1),), (("NEW", 1),), (("OLD", -1), ("NEW", 1))
    verplaats = " ".join(f"{_gesprek_verplaatst_geordend(s, dialect)};" for s in kinderen)
    # the child rows go first, while their conversation is still there to say in which cell they were
    weg = " ".join(f"DELETE FROM {b} WHERE gesprek_id = OLD.id;" for b in dict.fromkeys(s.bron for s in kinderen))
    if dialect == "postgresql":
        for spec in SPECS:
            fn = f"{spec.tabel}_bij()"
            out.append(
                f"CREATE OR REPLACE FUNCTION {fn} RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP = 'UPDATE' THEN {_rij_delta_geordend(spec, dialect, beide)}; "
                f"ELSIF TG_OP = 'DELETE' THEN {_rij_delta_geordend(spec, dialect, oud)}; "
                f"ELSE {_rij_delta_geordend(spec, dialect, nieuw)}; END IF; "
                "RETURN NULL; END $$")
            out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'bij')} AFTER INSERT OR DELETE OR UPDATE OF "
                       f"{', '.join(spec.kolommen)} ON {spec.bron} FOR EACH ROW EXECUTE FUNCTION {fn}")
        out.append("CREATE OR REPLACE FUNCTION statistiek_gesprek_verplaatst() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {verplaats} RETURN NULL; END $$")
        out.append(f"CREATE TRIGGER statistiek_gesprek_verplaatst AFTER UPDATE OF {', '.join(GESPREK_KOLOMMEN)} "
                   "ON gesprekken FOR EACH ROW EXECUTE FUNCTION statistiek_gesprek_verplaatst()")
        out.append("CREATE OR REPLACE FUNCTION statistiek_gesprek_weg() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {weg} RETURN OLD; END $$")
        out.append("CREATE TRIGGER statistiek_gesprek_weg BEFORE DELETE ON gesprekken FOR EACH ROW "
                   "EXECUTE FUNCTION statistiek_gesprek_weg()")
        return out + _vuil_triggers(dialect, geordend=True) + _inwoner_weg_triggers(dialect, geordend=True)
    for spec in SPECS:
        out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'ins')} AFTER INSERT ON {spec.bron} BEGIN "
                   f"{_rij_delta_geordend(spec, dialect, nieuw)}; END")
        out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'del')} AFTER DELETE ON {spec.bron} BEGIN "
                   f"{_rij_delta_geordend(spec, dialect, oud)}; END")
        out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'upd')} AFTER UPDATE OF {', '.join(spec.kolommen)} ON "
                   f"{spec.bron} BEGIN {_rij_delta_geordend(spec, dialect, beide)}; END")
    out.append(f"CREATE TRIGGER statistiek_gesprek_verplaatst AFTER UPDATE OF {', '.join(GESPREK_KOLOMMEN)} ON "
               f"gesprekken BEGIN {verplaats} END")
    out.append(f"CREATE TRIGGER statistiek_gesprek_weg BEFORE DELETE ON gesprekken BEGIN {weg} END")
    return out + _vuil_triggers(dialect, geordend=True) + _inwoner_weg_triggers(dialect, geordend=True)


def _ddl_triggers(dialect: str) -> list[str]:
    """The triggers as migration 0014 made them."""
    out: list[str] = []
    kinderen = [s for s in SPECS if s.via_gesprek]
    if dialect == "postgresql":
        for spec in SPECS:
            fn = f"{spec.tabel}_bij()"
            out.append(
                f"CREATE OR REPLACE FUNCTION {fn} RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {_rij_delta(spec, dialect, 'OLD', -1)}; END IF; "
                f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_rij_delta(spec, dialect, 'NEW', 1)}; END IF; "
                "RETURN NULL; END $$")
            out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'bij')} AFTER INSERT OR DELETE OR UPDATE OF "
                       f"{', '.join(spec.kolommen)} ON {spec.bron} FOR EACH ROW EXECUTE FUNCTION {fn}")
        verplaats = " ".join(f"{_gesprek_delta(s, dialect, 'OLD', -1)}; {_gesprek_delta(s, dialect, 'NEW', 1)};"
                             for s in kinderen)
        out.append("CREATE OR REPLACE FUNCTION statistiek_gesprek_verplaatst() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {verplaats} RETURN NULL; END $$")
        out.append(f"CREATE TRIGGER statistiek_gesprek_verplaatst AFTER UPDATE OF {', '.join(GESPREK_KOLOMMEN)} "
                   "ON gesprekken FOR EACH ROW EXECUTE FUNCTION statistiek_gesprek_verplaatst()")
        weg = " ".join(f"DELETE FROM {b} WHERE gesprek_id = OLD.id;" for b in dict.fromkeys(s.bron for s in kinderen))
        out.append("CREATE OR REPLACE FUNCTION statistiek_gesprek_weg() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {weg} RETURN OLD; END $$")
        out.append("CREATE TRIGGER statistiek_gesprek_weg BEFORE DELETE ON gesprekken FOR EACH ROW "
                   "EXECUTE FUNCTION statistiek_gesprek_weg()")
        return out + _vuil_triggers(dialect) + _inwoner_weg_triggers(dialect)
    for spec in SPECS:
        out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'ins')} AFTER INSERT ON {spec.bron} BEGIN "
                   f"{_rij_delta(spec, dialect, 'NEW', 1)}; END")
        out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'del')} AFTER DELETE ON {spec.bron} BEGIN "
                   f"{_rij_delta(spec, dialect, 'OLD', -1)}; END")
        out.append(f"CREATE TRIGGER {_trigger_naam(spec, 'upd')} AFTER UPDATE OF {', '.join(spec.kolommen)} ON "
                   f"{spec.bron} BEGIN {_rij_delta(spec, dialect, 'OLD', -1)}; {_rij_delta(spec, dialect, 'NEW', 1)}; END")
    verplaats = " ".join(f"{_gesprek_delta(s, dialect, 'OLD', -1)}; {_gesprek_delta(s, dialect, 'NEW', 1)};"
                         for s in kinderen)
    out.append(f"CREATE TRIGGER statistiek_gesprek_verplaatst AFTER UPDATE OF {', '.join(GESPREK_KOLOMMEN)} ON "
               f"gesprekken BEGIN {verplaats} END")
    # the child rows go first, while their conversation is still there to say in which cell they were
    weg = " ".join(f"DELETE FROM {b} WHERE gesprek_id = OLD.id;" for b in dict.fromkeys(s.bron for s in kinderen))
    out.append(f"CREATE TRIGGER statistiek_gesprek_weg BEFORE DELETE ON gesprekken BEGIN {weg} END")
    return out + _vuil_triggers(dialect) + _inwoner_weg_triggers(dialect)


_MARK = ("INSERT INTO statistiek_vuil (inwoner_id, versie) {bron} ON CONFLICT (inwoner_id) DO UPDATE SET "
         "versie = statistiek_vuil.versie + 1")


def _mark(bron: str) -> str:
    return _MARK.format(bron=bron)


def _vuil_triggers(dialect: str, *, geordend: bool = False) -> list[str]:
    """Mark the resident whenever one of their conversations or its dimension scores changes. ``geordend``:
    an UPDATE marks the old and the new resident in one statement, in the order of their ids."""
    # a resident that is being deleted is not marked (statistiek_inwoner_weg takes its contribution away)
    g_new = _mark("SELECT i.id, 1 FROM inwoners i WHERE i.id = NEW.inwoner_id")
    g_old = _mark("SELECT i.id, 1 FROM inwoners i WHERE i.id = OLD.inwoner_id")
    d_new = _mark("SELECT i.id, 1 FROM gesprekken g JOIN inwoners i ON i.id = g.inwoner_id WHERE g.id = NEW.gesprek_id")
    d_old = _mark("SELECT i.id, 1 FROM gesprekken g JOIN inwoners i ON i.id = g.inwoner_id WHERE g.id = OLD.gesprek_id")
    g_cols = "inwoner_id, aanmelding_datum, gemeente, kern, team"
    d_cols = "gesprek_id, dimensie, score"
    g_beide = _mark("SELECT DISTINCT i.id, 1 FROM inwoners i WHERE i.id IN (OLD.inwoner_id, NEW.inwoner_id) "
                    "ORDER BY i.id")
    d_beide = _mark("SELECT DISTINCT i.id, 1 FROM gesprekken g JOIN inwoners i ON i.id = g.inwoner_id "
                    "WHERE g.id IN (OLD.gesprek_id, NEW.gesprek_id) ORDER BY i.id")
    beide = {"gesprekken": g_beide, "gesprek_dimensies": d_beide}
    if dialect == "postgresql":
        out = []
        for naam, tabel, cols, new, old in (("statistiek_vuil_gesprek", "gesprekken", g_cols, g_new, g_old),
                                            ("statistiek_vuil_dimensie", "gesprek_dimensies", d_cols, d_new, d_old)):
            if geordend:
                body = (f"IF TG_OP = 'UPDATE' THEN {beide[tabel]}; ELSIF TG_OP = 'DELETE' THEN {old}; "
                        f"ELSE {new}; END IF; RETURN NULL; END $$")
            else:
                body = (f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {old}; END IF; "
                        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {new}; END IF; RETURN NULL; END $$")
            out.append(f"CREATE OR REPLACE FUNCTION {naam}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}")
            out.append(f"CREATE TRIGGER {naam} AFTER INSERT OR DELETE OR UPDATE OF {cols} ON {tabel} FOR EACH ROW "
                       f"EXECUTE FUNCTION {naam}()")
        return out
    out = []
    for naam, tabel, cols, new, old in (("statistiek_vuil_gesprek", "gesprekken", g_cols, g_new, g_old),
                                        ("statistiek_vuil_dimensie", "gesprek_dimensies", d_cols, d_new, d_old)):
        out.append(f"CREATE TRIGGER {naam}_ins AFTER INSERT ON {tabel} BEGIN {new}; END")
        out.append(f"CREATE TRIGGER {naam}_del AFTER DELETE ON {tabel} BEGIN {old}; END")
        upd = beide[tabel] if geordend else f"{old}; {new}"
        out.append(f"CREATE TRIGGER {naam}_upd AFTER UPDATE OF {cols} ON {tabel} BEGIN {upd}; END")
    return out


def _inwoner_weg_triggers(dialect: str, *, geordend: bool = False) -> list[str]:
    """A deleted resident's contribution to the follow-up comparison goes at once, with its mark.

    ``geordend``: the mark goes first, so that on PostgreSQL the deletion waits for a running
    werk_verandering_bij (which locks statistiek_vuil first) before it touches the sums that one changes,
    and the sums' cells are taken in the order of their keys."""
    if geordend:
        body = ("DELETE FROM statistiek_vuil WHERE inwoner_id = OLD.id; "
                f"{_verandering_delta(-1, 'inwoner_id = OLD.id', geordend=True)}; "
                "DELETE FROM statistiek_verandering_inwoner WHERE inwoner_id = OLD.id;")
    else:
        body = (f"{_verandering_delta(-1, 'inwoner_id = OLD.id')}; "
                "DELETE FROM statistiek_verandering_inwoner WHERE inwoner_id = OLD.id; "
                "DELETE FROM statistiek_vuil WHERE inwoner_id = OLD.id;")
    if dialect == "postgresql":
        return [f"CREATE OR REPLACE FUNCTION statistiek_inwoner_weg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{body} RETURN NULL; END $$",
                "CREATE TRIGGER statistiek_inwoner_weg AFTER DELETE ON inwoners FOR EACH ROW "
                "EXECUTE FUNCTION statistiek_inwoner_weg()"]
    return [f"CREATE TRIGGER statistiek_inwoner_weg AFTER DELETE ON inwoners BEGIN {body} END"]


def _bijdrage_sql(dialect: str, bereik: str) -> str:
    """Each resident's contribution to the change in scores: every later conversation (``bereik`` selects
    the residents) against the resident's first one (earliest aanmelding, then the lowest id)."""
    maand = _expr("{maand}(g2.aanmelding_datum)", dialect, "r", "g")
    return (
        "INSERT INTO statistiek_verandering_inwoner (inwoner_id, maand, gemeente, kern, team, dimensie, n, som, "
        "beter, slechter) "
        f"SELECT g2.inwoner_id, {maand}, g2.gemeente, COALESCE(g2.kern, ''), g2.team, d2.dimensie, COUNT(*), "
        "SUM(d2.score - d1.score), SUM(CASE WHEN d2.score > d1.score THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN d2.score < d1.score THEN 1 ELSE 0 END) "
        "FROM (SELECT g.id, g.inwoner_id, g.aanmelding_datum, g.gemeente, g.kern, g.team, "
        "(SELECT g1.id FROM gesprekken g1 WHERE g1.inwoner_id = g.inwoner_id ORDER BY g1.aanmelding_datum, g1.id "
        f"LIMIT 1) AS eerste_id FROM gesprekken g WHERE {bereik}) g2 "
        "JOIN gesprek_dimensies d2 ON d2.gesprek_id = g2.id "
        "JOIN gesprek_dimensies d1 ON d1.gesprek_id = g2.eerste_id AND d1.dimensie = d2.dimensie "
        "WHERE g2.id <> g2.eerste_id AND d1.score IS NOT NULL AND d2.score IS NOT NULL "
        f"GROUP BY g2.inwoner_id, {maand}, g2.gemeente, COALESCE(g2.kern, ''), g2.team, d2.dimensie")


def _verandering_delta(teken: int, bereik: str, *, geordend: bool = False) -> str:
    mul = "" if teken > 0 else "-"
    keys = ", ".join(_VER_SLEUTELS)
    volgorde = f"ORDER BY {keys} " if geordend else ""
    return (f"INSERT INTO statistiek_verandering ({keys}, {', '.join(_VER_WAARDEN)}) SELECT {keys}, "
            + ", ".join(f"{mul}SUM({v})" for v in _VER_WAARDEN)
            + f" FROM statistiek_verandering_inwoner WHERE {bereik} GROUP BY {keys} {volgorde}"
            f"ON CONFLICT ({keys}) DO UPDATE SET "
            + ", ".join(f"{v} = statistiek_verandering.{v} + excluded.{v}" for v in _VER_WAARDEN))


def werk_verandering_bij(conn) -> int:
    """Recompute the contribution of every marked resident (in the caller's transaction); how many.
    On PostgreSQL the marks are locked first, so that a mark made meanwhile waits and is not lost."""
    if conn.execute(text("SELECT 1 FROM statistiek_vuil LIMIT 1")).first() is None:
        return 0
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE statistiek_vuil IN EXCLUSIVE MODE"))
    bereik = "inwoner_id IN (SELECT inwoner_id FROM statistiek_vuil)"
    n = conn.execute(text("SELECT count(*) FROM statistiek_vuil")).scalar_one()
    conn.execute(text(_verandering_delta(-1, bereik, geordend=True)))
    conn.execute(text(f"DELETE FROM statistiek_verandering_inwoner WHERE {bereik}"))
    conn.execute(text(_bijdrage_sql(conn.dialect.name, "g." + bereik)))
    conn.execute(text(_verandering_delta(1, bereik, geordend=True)))
    conn.execute(text("DELETE FROM statistiek_vuil"))
    return n


def drop_triggers(dialect: str) -> list[str]:
    out = []
    if dialect == "postgresql":
        for spec in SPECS:
            out.append(f"DROP TRIGGER IF EXISTS {_trigger_naam(spec, 'bij')} ON {spec.bron}")
            out.append(f"DROP FUNCTION IF EXISTS {spec.tabel}_bij()")
        for naam, tabel in (("statistiek_gesprek_verplaatst", "gesprekken"), ("statistiek_gesprek_weg", "gesprekken"),
                            ("statistiek_vuil_gesprek", "gesprekken"), ("statistiek_vuil_dimensie", "gesprek_dimensies"),
                            ("statistiek_inwoner_weg", "inwoners")):
            out.append(f"DROP TRIGGER IF EXISTS {naam} ON {tabel}")
            out.append(f"DROP FUNCTION IF EXISTS {naam}()")
        return out
    for spec in SPECS:
        for wat in ("ins", "del", "upd"):
            out.append(f"DROP TRIGGER IF EXISTS {_trigger_naam(spec, wat)}")
    out += ["DROP TRIGGER IF EXISTS statistiek_gesprek_verplaatst", "DROP TRIGGER IF EXISTS statistiek_gesprek_weg"]
    out += [f"DROP TRIGGER IF EXISTS statistiek_vuil_{t}_{w}" for t in ("gesprek", "dimensie") for w in ("ins", "del", "upd")]
    out.append("DROP TRIGGER IF EXISTS statistiek_inwoner_weg")
    return out


def maak_tabellen(conn, *, geordend: bool = True) -> None:
    """Create the tables with their unique key, the triggers, and fill them (migration 0014, with
    ``geordend=False``: its own triggers, which 0017 replaces)."""
    dialect = conn.dialect.name
    for spec in SPECS:
        TABELLEN[spec.tabel].create(conn)
    for t in EXTRA_TABELLEN:
        t.create(conn)
    for sql in ddl_triggers(dialect, geordend=geordend):
        conn.execute(text(sql))
    herbouw(conn)


def vervang_triggers(conn, *, geordend: bool) -> None:
    """Replace every trigger (migration 0017 up: the ordered ones; down: those of 0014). The tables and
    their counts stay: both sets keep the same sums."""
    for sql in drop_triggers(conn.dialect.name):
        conn.execute(text(sql))
    for sql in ddl_triggers(conn.dialect.name, geordend=geordend):
        conn.execute(text(sql))


def verwijder_tabellen(conn) -> None:
    for sql in drop_triggers(conn.dialect.name):
        conn.execute(text(sql))
    for t in reversed(EXTRA_TABELLEN):
        t.drop(conn)
    for spec in reversed(SPECS):
        TABELLEN[spec.tabel].drop(conn)


def herbouw(conn) -> dict[str, int]:
    """Recompute every aggregate table from the source rows (in the caller's transaction)."""
    out = {}
    for spec in SPECS:
        conn.execute(text(f"DELETE FROM {spec.tabel}"))
        conn.execute(text(vul_sql(spec, conn.dialect.name)))
        out[spec.tabel] = conn.execute(text(f"SELECT count(*) FROM {spec.tabel}")).scalar_one()
    for t in ("statistiek_verandering", "statistiek_verandering_inwoner", "statistiek_vuil"):
        conn.execute(text(f"DELETE FROM {t}"))
    conn.execute(text(_bijdrage_sql(conn.dialect.name, "TRUE")))
    conn.execute(text(_verandering_delta(1, "TRUE")))
    out["statistiek_verandering"] = conn.execute(text("SELECT count(*) FROM statistiek_verandering")).scalar_one()
    return out
