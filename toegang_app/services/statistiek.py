"""Statistics for team leads: aggregate figures without personal data, for the raad and for the desk.

``bereken(ctx, selectie)`` runs SQL ``GROUP BY`` queries (never loads rows of residents) and returns a
:class:`~toegang_app.domain.statistiek.Rapport` of plain tables that the dashboard and every export
use as they are. The form of the figures (exact and internal, or protected for publication) and the
rules that make publication exports safe against combining are in :mod:`toegang_app.domain.statistiek`.

Roles: a teamleider or beheerder (``STATISTIEK``). The internal form, with exact counts, only for the
user's own gemeente and team (a user without a team, such as a regional lead, sees every gemeente).
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Integer, and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain import verwijzing as verwijzing_regels
from toegang_app.domain import statistiek as dom
from toegang_app.domain.statistiek import (  # noqa: F401 - re-exported for the screen and the commands
    AVE_FASEN,
    AVE_SOORTEN,
    INTERN,
    LEEG,
    PRIMAIR,
    PUBLICATIE,
    REDENEN,
    SECUNDAIR,
    SOORTEN,
    STATUSSEN,
    Grafiek,
    GrafiekData,
    Kerncijfer,
    Rapport,
    Selectie,
    Tabel,
    aandeel,
    gemeente_tabel,
    getal_nl,
    grafiek_data,
    is_getal,
    is_verborgen,
    laatste_volle_maanden,
    onderdruk,
    publiceer,
    soort_van_trede,
    verschil_pct,
)
from toegang_app.domain.vocab import DIMENSIES, GEMEENTEN, KANALEN, MELDERS, TREDEN
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError, PermissionDenied, UserError
from toegang_app.services import audit
from toegang_app.services.auth import STATISTIEK, require
from toegang_app.storage.models import (
    Afspraak,
    AveWijziging,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    Termijn,
    Verwijzing,
)

log = logging.getLogger(__name__)

# Which closed term step measures which doorlooptijd (issue 24: melding to first conversation, to
# referral, to start of help). Other legal steps are listed under their own name.
DOORLOOP: dict[tuple[str, str], str] = {
    ("Wgs", "eerste gesprek"): "Melding tot eerste gesprek (Wgs art. 4)",
    ("Wmo", "onderzoek afgerond"): "Melding tot verwijzing: onderzoek afgerond (Wmo art. 2.3.2)",
    ("Wmo", "beschikking"): "Aanvraag tot start van de hulp: beschikking (Wmo art. 2.3.5)",
    ("Jeugdwet", "besluit op aanvraag"): "Aanvraag tot start van de hulp: besluit (Jeugdwet, Awb 4:13)",
    ("Participatiewet", "besluit op de aanvraag om bijstand"): "Aanvraag tot besluit bijstand (Awb 4:13)",
}


class Afgebroken(UserError):
    """The user cancelled the calculation."""

    exit_code = 130

    def __init__(self, message: str = "De berekening is afgebroken."):
        super().__init__(message)


def load_statistiek(path: Path) -> list[dom.NietTeBerekenen]:
    """resources/statistiek.yaml: what the seeds ask for that the app cannot know (validated)."""
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{Path(path).name}: {leesfout(exc)}.") from exc
    except Exception as exc:  # noqa: BLE001 - a YAML syntax error
        raise ConfigError(f"{Path(path).name}: {leesfout(exc)}.") from exc
    return dom.laad_niet_te_berekenen(data, Path(path).name)


def standaard_selectie(ctx, vandaag: date | None = None) -> Selectie:
    """What the screen opens with: the last 12 whole months, the user's own gemeente, internal form."""
    user = require(ctx.user, STATISTIEK)
    van, tot = laatste_volle_maanden(vandaag or date.today())
    return Selectie(van, tot, gemeente=user.team, vorm=INTERN)


def controleer_toegang(user, sel: Selectie) -> None:
    """Exact counts only for the user's own gemeente and team (PermissionDenied otherwise)."""
    if sel.vorm != INTERN or user.team is None or user.rol == "systeem":
        return
    eigen = GEMEENTEN.get(user.team, user.team)
    if sel.gemeente != user.team:
        raise PermissionDenied(
            f"Exacte aantallen (interne weergave) ziet u alleen voor uw eigen gemeente, {eigen}. Kies {eigen}, of "
            "kies de publicatievorm om andere gemeenten of alle gemeenten samen te zien.")
    if sel.team not in (None, user.team):
        raise PermissionDenied(f"Exacte aantallen ziet u alleen voor uw eigen team (Balie {eigen}).")


# -- SQL helpers ------------------------------------------------------------------------------------------

def _maand(ctx, col) -> ColumnElement:
    if ctx.engine.dialect.name == "postgresql":
        return func.to_char(col, "YYYY-MM")
    return func.substr(col, 1, 7)


def _jaar(ctx, col) -> ColumnElement:
    if ctx.engine.dialect.name == "postgresql":
        return func.to_char(col, "YYYY")
    return func.substr(col, 1, 4)


def _dagen(ctx, eind, begin) -> ColumnElement:
    if ctx.engine.dialect.name == "postgresql":
        return (eind - begin).cast(Integer)
    return (func.julianday(eind) - func.julianday(begin)).cast(Integer)


def _filters(model, sel: Selectie, datum_col=None, *, van=None, tot=None) -> list:
    """Period and, in the internal form only, gemeente/kern/team (the publication form always counts
    every gemeente, so one table protects them all)."""
    conds = []
    if datum_col is not None:
        conds += [datum_col >= (van or sel.van), datum_col <= (tot or sel.tot)]
    if sel.vorm == INTERN:
        if sel.gemeente:
            conds.append(model.gemeente == sel.gemeente)
        if sel.kern:
            conds.append(model.kern == sel.kern)
        if sel.team:
            conds.append(model.team == sel.team)
    return conds


def _parallel(engine) -> int:
    """Two connections at once, except for an in-memory SQLite database (one shared connection)."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return 1
    return max(1, min(2, os.cpu_count() or 1))


class _Voortgang:
    def __init__(self, progress, cancel, stappen: int):
        self.progress, self.cancel, self.stappen, self.n = progress, cancel, stappen, 0

    def check(self):
        if self.cancel is not None and self.cancel():
            raise Afgebroken()

    def stap(self, tekst: str):
        self.check()
        if self.progress is not None:
            self.progress(min(99, int(100 * self.n / self.stappen)), tekst)
        self.n += 1


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


def _termijn_uitkomst(T, vandaag: date):
    return case(
        (and_(T.afgerond_op.is_not(None), T.afgerond_op <= T.uiterlijk), "gehaald"),
        (T.afgerond_op.is_not(None), "te_laat"),
        (T.uiterlijk < vandaag, "verlopen"),
        else_="lopend",
    ).label("uitkomst")


def _lopend_maatwerk(V, sel: Selectie, van: date, tot: date):
    """Maatwerk referrals whose help ran in [van, tot]: referred on or before ``tot``, started, and not
    ended before ``van`` (the counting rule of 'unieke BSN's met een lopende indicatie', 000:308)."""
    return [V.trede == 4, V.datum <= tot, V.status.in_(("gestart", "afgerond")),
            or_(V.status == "gestart", V.status_sinds >= van)] + _filters(V, sel)


def _queries(ctx, sel: Selectie, vandaag: date) -> dict[str, tuple[str, Any, bool]]:
    """name -> (Dutch progress text, statement, scalar?), slowest first so two workers finish together."""
    V, G, D, A, T = Verwijzing, Gesprek, GesprekDimensie, AveWijziging, Termijn
    vm = _maand(ctx, V.datum).label("maand")
    gm = _maand(ctx, G.aanmelding_datum).label("maand")
    vj = _jaar(ctx, V.datum).label("jaar")
    gj = _jaar(ctx, G.aanmelding_datum).label("jaar")
    vorig = sel.vorig_jaar()
    uitkomst = _termijn_uitkomst(T, vandaag)
    balie_termijn = [T.soort == "balie", T.niet_van_toepassing.is_(None)]

    def uniek(conds):
        return (select(G.gemeente, func.count(distinct(G.inwoner_id)))
                .where(G.id.in_(select(V.gesprek_id).where(*conds))).group_by(G.gemeente))

    # each resident's first conversation: the earliest aanmelding (then the lowest id)
    volgorde = func.row_number().over(partition_by=G.inwoner_id, order_by=(G.aanmelding_datum, G.id))
    in_periode = select(G.inwoner_id).where(*_filters(G, sel, G.aanmelding_datum))
    eerste_alle = (select(G.inwoner_id.label("inwoner_id"), G.id.label("eerste_id"), volgorde.label("rn"))
                   .where(G.inwoner_id.in_(in_periode)).subquery())
    eerste = select(eerste_alle.c.inwoner_id, eerste_alle.c.eerste_id).where(eerste_alle.c.rn == 1).subquery()
    G2, D1, D2 = aliased(Gesprek), aliased(GesprekDimensie), aliased(GesprekDimensie)
    dagen = _dagen(ctx, T.afgerond_op, T.startdatum).label("dagen")
    return {
        # one pass over the period's referrals (covering index): month, gemeente, kern, voorziening, outcome
        "verwijzingen": ("Verwijzingen tellen", select(
            vm, V.gemeente, V.voorziening_id, V.trede, V.status, V.status_reden, V.kern, func.count())
            .where(*_filters(V, sel, V.datum))
            .group_by(vm, V.gemeente, V.voorziening_id, V.trede, V.status, V.status_reden, V.kern), False),
        # the series per year: the last seven calendar years, as the monitor's tables show 2019-2025
        "per_jaar_v": ("Verwijzingen per jaar", select(vj, V.gemeente, V.trede, func.count())
                       .where(V.datum >= date(sel.tot.year - 6, 1, 1), V.datum <= sel.tot, *_filters(V, sel))
                       .group_by(vj, V.gemeente, V.trede), False),
        "dimensies": ("Dimensies van Positieve Gezondheid", select(
            G.gemeente, D.dimensie, func.count(D.score), func.sum(D.score),
            func.sum(func.coalesce(D.bespreken, False).cast(Integer)))
            .select_from(D).join(G, G.id == D.gesprek_id)
            .where(*_filters(G, sel, G.aanmelding_datum)).group_by(G.gemeente, D.dimensie), False),
        "verandering": ("Verandering tussen eerste en vervolggesprek", select(
            G2.gemeente, D2.dimensie, func.count(), func.sum(D2.score - D1.score),
            func.sum(case((D2.score > D1.score, 1), else_=0)), func.sum(case((D2.score < D1.score, 1), else_=0)))
            .select_from(G2).join(eerste, eerste.c.inwoner_id == G2.inwoner_id)
            .join(D2, D2.gesprek_id == G2.id)
            .join(D1, and_(D1.gesprek_id == eerste.c.eerste_id, D1.dimensie == D2.dimensie))
            .where(G2.id != eerste.c.eerste_id, D1.score.is_not(None), D2.score.is_not(None),
                   *_filters(G2, sel, G2.aanmelding_datum))
            .group_by(G2.gemeente, D2.dimensie), False),
        "uniek_verwezen": ("Unieke inwoners met een verwijzing", uniek(_filters(V, sel, V.datum)), False),
        "lopend_maatwerk": ("Unieke inwoners met lopend maatwerk",
                            uniek(_lopend_maatwerk(V, sel, sel.van, sel.tot)), False),
        "lopend_maatwerk_n": ("Lopende maatwerkverwijzingen", select(V.gemeente, func.count())
                              .where(*_lopend_maatwerk(V, sel, sel.van, sel.tot)).group_by(V.gemeente), False),
        "termijnen": ("Wettelijke termijnen", select(G.gemeente, T.wet, T.stap, uitkomst, func.count())
                      .select_from(T).join(G, G.id == T.gesprek_id)
                      .where(T.uiterlijk >= sel.van, T.uiterlijk <= sel.tot, *balie_termijn, *_filters(G, sel))
                      .group_by(G.gemeente, T.wet, T.stap, uitkomst), False),
        "doorloop": ("Doorlooptijden", select(
            G.gemeente, T.wet, T.stap, dagen, (T.afgerond_op <= T.uiterlijk).label("binnen"), func.count())
            .select_from(T).join(G, G.id == T.gesprek_id)
            .where(T.afgerond_op >= sel.van, T.afgerond_op <= sel.tot, *balie_termijn, *_filters(G, sel))
            .group_by(G.gemeente, T.wet, T.stap, dagen, T.afgerond_op <= T.uiterlijk), False),
        "gesprekken": ("Gesprekken tellen", select(gm, G.gemeente, G.kanaal, G.melder, G.ave_fase, func.count())
                       .where(*_filters(G, sel, G.aanmelding_datum))
                       .group_by(gm, G.gemeente, G.kanaal, G.melder, G.ave_fase), False),
        "ave": ("AVE-fasen en op- en afschalen", select(G.gemeente, A.soort, A.naar_fase, func.count())
                .select_from(A).join(G, G.id == A.gesprek_id)
                .where(A.op >= datetime.combine(sel.van, datetime.min.time()),
                       A.op < datetime.combine(sel.tot + timedelta(days=1), datetime.min.time()), *_filters(G, sel))
                .group_by(G.gemeente, A.soort, A.naar_fase), False),
        "per_jaar_g": ("Gesprekken per jaar", select(gj, G.gemeente, func.count())
                       .where(G.aanmelding_datum >= date(sel.tot.year - 6, 1, 1), G.aanmelding_datum <= sel.tot,
                              *_filters(G, sel)).group_by(gj, G.gemeente), False),
        # afspraken of earlier conversations followed up in the period's follow-up conversations (issue 27)
        "afspraken": _queries_afspraken(sel),
        "gesprekken_kern": ("Gesprekken per kern", select(G.gemeente, G.kern, func.count())
                            .where(*_filters(G, sel, G.aanmelding_datum)).group_by(G.gemeente, G.kern), False),
        "uniek_gesprek": ("Unieke inwoners met een gesprek", select(G.gemeente, func.count(distinct(G.inwoner_id)))
                          .where(*_filters(G, sel, G.aanmelding_datum)).group_by(G.gemeente), False),
        # the same period a year earlier
        "vorig_v": ("Vorig jaar: verwijzingen", select(V.gemeente, V.trede, func.count())
                    .where(*_filters(V, sel, V.datum, van=vorig.van, tot=vorig.tot))
                    .group_by(V.gemeente, V.trede), False),
        "vorig_g": ("Vorig jaar: gesprekken", select(G.gemeente, func.count())
                    .where(*_filters(G, sel, G.aanmelding_datum, van=vorig.van, tot=vorig.tot))
                    .group_by(G.gemeente), False),
        "vorig_uniek": ("Vorig jaar: unieke inwoners",
                        uniek(_filters(V, sel, V.datum, van=vorig.van, tot=vorig.tot)), False),
        "vorig_lopend": ("Vorig jaar: lopend maatwerk", uniek(_lopend_maatwerk(V, sel, vorig.van, vorig.tot)), False),
        "vorig_ave": ("Vorig jaar: opschalen", select(G.gemeente, func.count())
                      .select_from(A).join(G, G.id == A.gesprek_id)
                      .where(A.soort == "opschalen",
                             A.op >= datetime.combine(vorig.van, datetime.min.time()),
                             A.op < datetime.combine(vorig.tot + timedelta(days=1), datetime.min.time()),
                             *_filters(G, sel))
                      .group_by(G.gemeente), False),
    }


def _queries_afspraken(sel: Selectie) -> tuple[str, Any, bool]:
    G = Gesprek
    return ("Afspraken uit eerdere gesprekken", select(G.gemeente, Afspraak.status, func.count())
            .select_from(Afspraak).join(G, G.id == Afspraak.nagekeken_in)
            .where(*_filters(G, sel, G.aanmelding_datum)).group_by(G.gemeente, Afspraak.status), False)


def hele_maanden(sel: Selectie) -> bool:
    """Whether the period (and so the year before, and the series per year) is made of whole calendar
    months: then the monthly aggregate tables answer it."""
    return dom.is_hele_maanden(sel.van, sel.tot)


def _maandtabel_filters(t, sel: Selectie, van: date, tot: date) -> list:
    conds = [t.c.maand >= f"{van:%Y-%m}", t.c.maand <= f"{tot:%Y-%m}"]
    if sel.vorm == INTERN:
        if sel.gemeente:
            conds.append(t.c.gemeente == sel.gemeente)
        if sel.kern:
            conds.append(t.c.kern == sel.kern)
        if sel.team:
            conds.append(t.c.team == sel.team)
    return conds


def _queries_maandtabellen(ctx, sel: Selectie, vandaag: date) -> dict[str, tuple[str, Any, bool]]:
    """The same aggregates as :func:`_queries`, from the monthly tables that the database keeps up to date
    (toegang_app/storage/statistiek_tabellen.py), for a period of whole months. What cannot be summed over
    months comes from cells per resident and month, counted distinct here (unique residents with a
    referral, with running maatwerk), or live from the rows (unique residents with a conversation).
    The change between first and follow-up conversations comes from monthly sums that are brought up to
    date for the residents whose conversations changed."""
    from toegang_app.storage import statistiek_tabellen as mt

    SV, SG, SD = mt.statistiek_verwijzingen, mt.statistiek_gesprekken, mt.statistiek_dimensies
    SVT = mt.statistiek_verwijzingen_trede
    # per voorziening: without kern and team when the view does not filter on them (fewer cells)
    SVV = SV if sel.vorm == INTERN and (sel.kern or sel.team) else mt.statistiek_verwijzingen_voorziening
    SA, SL, ST, SU = mt.statistiek_ave, mt.statistiek_doorloop, mt.statistiek_termijnen, mt.statistiek_verwezen
    G = Gesprek
    vorig = sel.vorig_jaar()
    leeg = mt.LEEG_TEKST

    def som(t, cols, van=sel.van, tot=sel.tot, extra=()):
        return (select(*cols, func.sum(t.c.n)).where(*_maandtabel_filters(t, sel, van, tot), *extra)
                .group_by(*cols).having(func.sum(t.c.n) > 0))

    SM, SMT = mt.statistiek_maatwerk, mt.statistiek_maatwerk_telling

    def lopend(van, tot, SM=SM):
        """_lopend_maatwerk on the monthly table: referred by the end of the period, and still running or
        ended in or after its first month (the period is whole months)."""
        conds = [SM.c.maand <= f"{tot:%Y-%m}", or_(SM.c.status == "gestart", SM.c.sinds_maand >= f"{van:%Y-%m}")]
        if sel.vorm == INTERN:
            conds += [c for c in (SM.c.gemeente == sel.gemeente if sel.gemeente else None,
                                  SM.c.kern == sel.kern if sel.kern else None,
                                  SM.c.team == sel.team if sel.team else None) if c is not None]
        return conds

    def uniek(van, tot):
        return (select(SU.c.gesprek_gemeente, func.count(distinct(SU.c.inwoner_id)))
                .where(*_maandtabel_filters(SU, sel, van, tot), SU.c.n > 0).group_by(SU.c.gesprek_gemeente))

    kern_v = func.nullif(SVT.c.kern, leeg).label("kern")
    jaar_v = func.substr(SVT.c.maand, 1, 4).label("jaar")
    jaar_g = func.substr(SG.c.maand, 1, 4).label("jaar")
    begin_reeks = date(sel.tot.year - 6, 1, 1)
    uitkomst = case((ST.c.toestand != "open", ST.c.toestand),
                    (ST.c.open_tot < vandaag.isoformat(), "verlopen"), else_="lopend").label("uitkomst")
    SW = mt.statistiek_verandering
    return {
        "verandering": ("Verandering tussen eerste en vervolggesprek", select(
            SW.c.gemeente, SW.c.dimensie, func.sum(SW.c.n), func.sum(SW.c.som), func.sum(SW.c.beter),
            func.sum(SW.c.slechter)).where(*_maandtabel_filters(SW, sel, sel.van, sel.tot))
            .group_by(SW.c.gemeente, SW.c.dimensie).having(func.sum(SW.c.n) > 0), False),
        "uniek_gesprek": ("Unieke inwoners met een gesprek", select(G.gemeente, func.count(distinct(G.inwoner_id)))
                          .where(*_filters(G, sel, G.aanmelding_datum)).group_by(G.gemeente), False),
        # afspraken followed up in the period (issue 27): few rows, counted live as in _queries
        "afspraken": _queries_afspraken(sel),
        "lopend_maatwerk": ("Unieke inwoners met lopend maatwerk",
                            select(SM.c.gesprek_gemeente, func.count(distinct(SM.c.inwoner_id)))
                            .where(*lopend(sel.van, sel.tot), SM.c.n > 0).group_by(SM.c.gesprek_gemeente), False),
        "vorig_lopend": ("Vorig jaar: lopend maatwerk",
                         select(SM.c.gesprek_gemeente, func.count(distinct(SM.c.inwoner_id)))
                         .where(*lopend(vorig.van, vorig.tot), SM.c.n > 0).group_by(SM.c.gesprek_gemeente), False),
        "lopend_maatwerk_n": ("Lopende maatwerkverwijzingen", select(SMT.c.gemeente, func.sum(SMT.c.n))
                              .where(*lopend(sel.van, sel.tot, SMT)).group_by(SMT.c.gemeente)
                              .having(func.sum(SMT.c.n) > 0), False),
        "uniek_verwezen": ("Unieke inwoners met een verwijzing", uniek(sel.van, sel.tot), False),
        "vorig_uniek": ("Vorig jaar: unieke inwoners", uniek(vorig.van, vorig.tot), False),
        "v_maand": ("Verwijzingen tellen", som(SVT, [SVT.c.maand, SVT.c.gemeente, kern_v, SVT.c.trede]), False),
        "v_voorz": ("Verwijzingen per voorziening", som(SVV, [SVV.c.gemeente, SVV.c.voorziening_id, SVV.c.trede,
                                                               SVV.c.status, func.nullif(SVV.c.status_reden, leeg)]), False),
        "per_jaar_v": ("Verwijzingen per jaar", som(SVT, [jaar_v, SVT.c.gemeente, SVT.c.trede], begin_reeks), False),
        "vorig_v": ("Vorig jaar: verwijzingen", som(SVT, [SVT.c.gemeente, SVT.c.trede], vorig.van, vorig.tot), False),
        "gesprekken": ("Gesprekken tellen", som(SG, [SG.c.maand, SG.c.gemeente, func.nullif(SG.c.kanaal, leeg),
                                                     func.nullif(SG.c.melder, leeg),
                                                     func.nullif(SG.c.ave_fase, mt.LEEG_GETAL)]), False),
        "per_jaar_g": ("Gesprekken per jaar", som(SG, [jaar_g, SG.c.gemeente], begin_reeks), False),
        "gesprekken_kern": ("Gesprekken per kern", som(SG, [SG.c.gemeente, func.nullif(SG.c.kern, leeg)]), False),
        "vorig_g": ("Vorig jaar: gesprekken", som(SG, [SG.c.gemeente], vorig.van, vorig.tot), False),
        "dimensies": ("Dimensies van Positieve Gezondheid", select(
            SD.c.gemeente, SD.c.dimensie, func.sum(SD.c.n_score), func.sum(SD.c.som_score), func.sum(SD.c.n_bespreken))
            .where(*_maandtabel_filters(SD, sel, sel.van, sel.tot)).group_by(SD.c.gemeente, SD.c.dimensie)
            .having(func.sum(SD.c.n) > 0), False),
        "ave": ("AVE-fasen en op- en afschalen", som(SA, [SA.c.gemeente, SA.c.soort, SA.c.naar_fase]), False),
        "vorig_ave": ("Vorig jaar: opschalen", som(SA, [SA.c.gemeente], vorig.van, vorig.tot,
                                                   extra=[SA.c.soort == "opschalen"]), False),
        "doorloop": ("Doorlooptijden", som(SL, [SL.c.gemeente, SL.c.wet, SL.c.stap, SL.c.dagen, SL.c.binnen]), False),
        "termijnen": ("Wettelijke termijnen", som(ST, [ST.c.gemeente, ST.c.wet, ST.c.stap, uitkomst]), False),
    }


def _splits_verwijzingen(res: dict[str, Any]) -> None:
    """The live path's one pass over the referrals, as the two aggregates the tables are made from."""
    v_maand: dict[tuple, int] = {}
    v_voorz: dict[tuple, int] = {}
    for maand, gem, vid, trede, status, reden, kern, n in res.pop("verwijzingen"):
        k1, k2 = (maand, gem, kern, trede), (gem, vid, trede, status, reden)
        v_maand[k1] = v_maand.get(k1, 0) + n
        v_voorz[k2] = v_voorz.get(k2, 0) + n
    res["v_maand"] = [k + (n,) for k, n in v_maand.items()]
    res["v_voorz"] = [k + (n,) for k, n in v_voorz.items()]


def _sorteer(res: dict[str, Any]) -> None:
    """Rows in one fixed order (NULL first), whichever way they were computed."""
    def sleutel(rij):
        return tuple((x is not None, x if x is not None else 0) if not isinstance(x, str)
                     else (True, x) for x in rij)
    for k, v in res.items():
        if isinstance(v, list):
            res[k] = sorted((tuple(int(x) if isinstance(x, bool) else x for x in r) for r in v), key=sleutel)


def datumbereik(ctx) -> tuple[date, date]:
    """First and last referral date in the database (for choosing a period); this year when empty."""
    require(ctx.user, STATISTIEK)
    with ctx.engine.connect() as c:
        lo, hi = c.execute(select(func.min(Verwijzing.datum), func.max(Verwijzing.datum))).one()
    today = date.today()
    van = lo if isinstance(lo, date) else date.fromisoformat(lo) if lo else date(today.year, 1, 1)
    tot = hi if isinstance(hi, date) else date.fromisoformat(hi) if hi else today
    return van, tot


def _niet_te_berekenen(ctx) -> list[dom.NietTeBerekenen]:
    res = getattr(ctx, "resources", None)
    items = getattr(res, "statistiek", None) if res is not None else None
    if items is None:
        from toegang_app.paths import resources_dir

        items = load_statistiek(resources_dir() / "statistiek.yaml")
    return list(items)


def bereken(ctx, selectie: Selectie, progress: Callable[[int, str], None] | None = None,
            cancel: Callable[[], bool] | None = None, *, vandaag: date | None = None,
            maandtabellen: bool | None = None) -> Rapport:
    """Compute every table for ``selectie``. ``progress(pct, text)`` is called between steps;
    ``cancel()`` returning True stops the work (also inside a long SQLite query) with
    :class:`Afgebroken`. ``vandaag`` is the reference date for open legal terms (default: today).

    The aggregates are independent, so they run on up to two database connections at once. A period of
    whole calendar months (the default, and every publication) reads the monthly aggregate tables;
    another period (the internal form allows any days) counts the rows themselves. ``maandtabellen``
    forces one way (the test that both give the same figures)."""
    user = require(ctx.user, STATISTIEK)
    controleer_toegang(user, selectie)
    sel = selectie
    vandaag = vandaag or date.today()
    maandtabellen = hele_maanden(sel) if maandtabellen is None else maandtabellen
    queries = (_queries_maandtabellen if maandtabellen else _queries)(ctx, sel, vandaag)
    vg = _Voortgang(progress, cancel, len(queries) + 2)
    if maandtabellen:
        from toegang_app.storage.statistiek_tabellen import werk_verandering_bij

        with ctx.engine.begin() as conn:  # residents whose conversations changed since the last look
            werk_verandering_bij(conn)
    res = _voer_uit(ctx.engine, queries, vg, cancel)
    if "verwijzingen" in res:
        _splits_verwijzingen(res)
    _sorteer(res)
    vg.stap("Namen van voorzieningen")
    ids = sorted({r[1] for r in res["v_voorz"]})
    with ctx.engine.connect() as conn:
        namen = _voorziening_namen(conn, ctx, ids)
        synthetisch = conn.execute(select(Inwoner.id).where(Inwoner.synthetisch.is_(True)).limit(1)).first() is not None
    vg.stap("Tabellen opmaken")
    rapport = opmaken(sel, res, namen, vandaag)
    rapport.niet_te_berekenen = _niet_te_berekenen(ctx)
    _bronnen_leesbaar(rapport)
    if synthetisch:
        rapport.waarschuwingen.append(
            "Let op: de database bevat synthetische demogegevens (verzonnen inwoners). Deze tellen mee in de cijfers.")
    if vg.progress:
        vg.progress(100, "Klaar")
    return rapport


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


# -- building the tables -----------------------------------------------------------------------------------

def _per_gem(rows, key_index: int = 0, value_index: int = -1) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r[key_index]] = out.get(r[key_index], 0) + int(r[value_index] or 0)
    return out


def _kolom(sel: Selectie) -> str:
    """The column a tile reads: the chosen gemeente, or the total over all."""
    return GEMEENTEN[sel.gemeente] if sel.gemeente else "Totaal"


def _pct(v) -> str:
    return f"{getal_nl(v)}%" if isinstance(v, float) else str(v)


def opmaken(sel: Selectie, res: dict[str, Any], namen: dict[str, str], vandaag: date) -> Rapport:
    """Every table of the report from the raw aggregates (pure; the test of the tables uses it too)."""
    pub = sel.publicatie
    gems = sel.gemeenten()
    alle = list(GEMEENTEN)
    maanden = sel.maanden()
    tabellen: list[Tabel] = []
    lijn = dom.reeks_kolommen(sel, False)
    # bar charts: one bar per gemeente, side by side (count columns of tables with shares)
    staaf1 = tuple(1 + 2 * k for k in range(len(gems)))

    # referrals aggregated from the one GROUP BY
    v_maand: dict[str, dict[str, int]] = {m: {} for m in maanden}
    v_trede: dict[int, dict[str, int]] = {t: {} for t in TREDEN}
    v_soort: dict[str, dict[str, int]] = {s: {} for s in SOORTEN}
    v_voorz: dict[str, dict[str, dict[str, int]]] = {g: {} for g in alle}
    v_voorz_trede: dict[str, int] = {}
    v_reden: dict[str, dict[str, int]] = {k: {} for k in REDENEN}
    vkern: dict[tuple[str, Any], int] = {}
    for maand, gem, kern, trede, n in res["v_maand"]:
        vkern[(gem, kern)] = vkern.get((gem, kern), 0) + n
        d = v_maand.setdefault(maand, {})
        d[gem] = d.get(gem, 0) + n
        t = v_trede.setdefault(trede, {})
        t[gem] = t.get(gem, 0) + n
        s = v_soort[soort_van_trede(trede)]
        s[gem] = s.get(gem, 0) + n
    for gem, vid, trede, status, reden, n in res["v_voorz"]:
        vv = v_voorz.setdefault(gem, {}).setdefault(vid, {k: 0 for k in STATUSSEN})
        vv[status] = vv.get(status, 0) + n
        v_voorz_trede[vid] = max(v_voorz_trede.get(vid, trede), trede)
        if status == "niet_gestart":
            key = reden if reden in REDENEN else "onbekend"
            r = v_reden[key]
            r[gem] = r.get(gem, 0) + n

    g_maand: dict[str, dict[str, int]] = {m: {} for m in maanden}
    g_kanaal: dict[Any, dict[str, int]] = {}
    g_melder: dict[Any, dict[str, int]] = {}
    g_fase: dict[Any, dict[str, int]] = {}
    for maand, gem, kanaal, melder, fase, n in res["gesprekken"]:
        for dct, key in ((g_maand, maand), (g_kanaal, kanaal), (g_melder, melder), (g_fase, fase)):
            d = dct.setdefault(key, {})
            d[gem] = d.get(gem, 0) + n

    def maand_rijen(data):
        return [(dom.maand_label(m), data.get(m, {})) for m in maanden]

    # 1, 2: per month
    tabellen.append(gemeente_tabel(
        "gesprekken_per_maand", "Gesprekken per maand", "Maand", maand_rijen(g_maand), sel,
        "Brede uitvragen met een aanmelddatum in de maand, per gemeente van de inwoner.", met_aandeel=False,
        grafiek=Grafiek("lijn", "Gesprekken per maand", "Aantal gesprekken", lijn)))
    tabellen.append(gemeente_tabel(
        "verwijzingen_per_maand", "Verwijzingen per maand", "Maand", maand_rijen(v_maand), sel,
        "Verwijzingen met een verwijsdatum in de maand, ongeacht hun uitkomst. Eén gesprek kan tot meer "
        "verwijzingen leiden.", met_aandeel=False,
        grafiek=Grafiek("lijn", "Verwijzingen per maand", "Aantal verwijzingen", lijn)))

    # 3: voorliggend vs maatwerk per gemeente (000:638)
    tabellen.append(gemeente_tabel(
        "soort", "Voorliggend en maatwerk per gemeente", "Soort", [(SOORTEN[s], v_soort[s]) for s in SOORTEN], sel,
        "Voorliggend = trede 0 tot en met 3 (eigen kracht, netwerk, sociale basis, algemene voorziening); maatwerk = "
        "trede 4 (onderzoek en beschikking nodig); specialistisch = trede 5, apart geteld. Aandeel = deel van alle "
        "verwijzingen van die gemeente in de periode. De beleidsdoelstelling is 'de beweging van geïndiceerde zorg "
        "naar voorliggende voorzieningen'.",
        grafiek=Grafiek("staaf", "Aandeel voorliggend en maatwerk (%)", "Aandeel van de verwijzingen (%)",
                        tuple(2 + 2 * k for k in range(len(gems)))),
        bron="seeds/000:638"))

    # 4: per rung
    tabellen.append(gemeente_tabel(
        "per_trede", "Verwijzingen per trede", "Trede", [(f"{t} {TREDEN[t]}", v_trede.get(t, {})) for t in TREDEN],
        sel, "Verwijzingen in de periode naar de trede van de voorziening op het moment van verwijzen (licht waar "
        "het kan, zwaar waar nodig: 0 eigen kracht tot 5 specialistisch).",
        grafiek=Grafiek("staaf", "Verwijzingen per trede", "Aantal verwijzingen", staaf1)))

    # 5: unique residents and running maatwerk (000:300, 000:308-310)
    uv = _per_gem(res["uniek_verwezen"])
    lm = _per_gem(res["lopend_maatwerk"])
    lmn = _per_gem(res["lopend_maatwerk_n"])
    ug = _per_gem(res["uniek_gesprek"])
    alle_v = {g: sum(d.get(g, 0) for d in v_maand.values()) for g in alle}
    alle_g = {g: sum(d.get(g, 0) for d in g_maand.values()) for g in alle}
    tabellen.append(_maten_tabel(
        "uniek", "Unieke inwoners en verwijzingen", sel,
        [("Gesprekken", alle_g), ("Unieke inwoners met een gesprek", ug), ("Verwijzingen", alle_v),
         ("Unieke inwoners met een verwijzing", uv),
         ("Maatwerkverwijzingen die liepen in de periode", lmn),
         ("Unieke inwoners met een lopende maatwerkverwijzing", lm)],
        "Telregel van de monitor: 'unieke BSN's met een lopende indicatie in het aangegeven jaar'; een inwoner kan "
        "meer soorten hulp krijgen, dus verwijzingen tellen niet op tot inwoners (seeds/000:308-310). Een "
        "maatwerkverwijzing (trede 4) loopt in de periode als ze vóór of in de periode is gedaan, de hulp gestart is "
        "en niet vóór de periode is afgerond. Elke inwoner telt één keer per gemeente.",
        bron="seeds/000:300, 000:308-310"))

    # 6: per voorziening and outcome, split per gemeente
    for g in gems:
        data = v_voorz.get(g, {})
        order = sorted(data, key=lambda k: (-sum(data[k].values()), namen.get(k, k)))
        cells = [[data[k].get(s, 0) for s in STATUSSEN] for k in order]
        rijen = []
        if cells:
            grid = publiceer(cells, pub, rijtotalen=True, kolomtotalen=True)
            for k, row in zip(order, grid[:-1]):
                rijen.append([namen.get(k, k), v_voorz_trede.get(k, 0)] + row)
            rijen.append(["Totaal", ""] + grid[-1])
        tabellen.append(Tabel(
            f"per_voorziening_{g}", f"Verwijzingen per voorziening en uitkomst: {GEMEENTEN[g]}",
            ["Voorziening", "Trede"] + list(STATUSSEN.values()) + ["Totaal"], rijen,
            f"Verwijzingen in de periode van inwoners van {GEMEENTEN[g]}, per voorziening, naar hun huidige status "
            "(de laatst vastgelegde uitkomst). 'Niet gestart' laat zien waar verwijzingen stranden. Gesorteerd op "
            "aantal verwijzingen.",
            Grafiek("gestapeld", f"Uitkomst van verwijzingen, grootste voorzieningen ({GEMEENTEN[g]})",
                    "Aantal verwijzingen", tuple(range(2, 2 + len(STATUSSEN))), max_categorieen=10),
            totaalrij=bool(rijen), bron="seeds/000:650-654 (dashboard voorliggend veld), 003:703 (stuurinformatie)"))

    # 7: why referrals did not start
    tabellen.append(gemeente_tabel(
        "niet_gestart", "Waarom verwijzingen niet starten", "Reden",
        [(REDENEN[k], v_reden[k]) for k in REDENEN if k != "onbekend" or sum(v_reden[k].values())], sel,
        "Verwijzingen in de periode met status 'niet gestart', naar de vastgelegde reden.",
        grafiek=Grafiek("staaf", "Waarom verwijzingen niet starten", "Aantal verwijzingen", staaf1),
        bron="seeds/003:703 (stuurinformatie: uitvoering)"))

    # 8: AVE phase mix and escalations
    fase_rijen = [(AVE_FASEN[f], g_fase.get(f, {})) for f in AVE_FASEN]
    geen: dict[str, int] = {}
    for f, d in g_fase.items():
        if f not in AVE_FASEN:
            for g, n in d.items():
                geen[g] = geen.get(g, 0) + n
    fase_rijen.append(("Geen fase vastgesteld", geen))
    tabellen.append(gemeente_tabel(
        "ave_fase", "AVE-fase van gesprekken", "AVE-fase", fase_rijen, sel,
        "Gesprekken met een aanmelddatum in de periode, naar hun huidige (bevestigde) AVE-fase.",
        grafiek=Grafiek("staaf", "AVE-fase van gesprekken", "Aantal gesprekken", staaf1),
        bron="seeds/003:646-652 (AVE-model, borging eind 2026)"))
    asoort: dict[str, dict[str, int]] = {s: {} for s in AVE_SOORTEN}
    for gem, soort, _naar, n in res["ave"]:
        if soort in asoort:
            asoort[soort][gem] = asoort[soort].get(gem, 0) + n
    tabellen.append(gemeente_tabel(
        "ave_wijzigingen", "Op- en afschalen (AVE)", "Wijziging", [(AVE_SOORTEN[s], asoort[s]) for s in AVE_SOORTEN],
        sel, "Vastgelegde fasewijzigingen in de periode (datum van de wijziging). 'Opgeschaald' is het aantal "
        "escalaties.", grafiek=Grafiek("staaf", "Op- en afschalen (AVE)", "Aantal wijzigingen", staaf1),
        bron="seeds/003:646 (op- en afschalingsmethodiek)"))

    # 9: PG dimensions: lowest first, and the change between first and follow-up conversations
    tabellen.append(_dimensies(sel, res["dimensies"], g_maand))
    tabellen.append(_verandering(sel, res["verandering"]))

    # 9b: afspraken of earlier conversations, as the follow-up conversations found them
    tabellen.append(_afspraken(sel, res["afspraken"]))

    # 10, 11: channel and reporter
    tabellen.append(gemeente_tabel(
        "kanaal", "Gesprekken per kanaal", "Kanaal",
        [(KANALEN.get(k, k or "Niet vastgelegd"), d) for k, d in _ordered(g_kanaal, KANALEN)], sel,
        "Hoe de aanmelding binnenkwam, voor gesprekken met een aanmelddatum in de periode.",
        grafiek=Grafiek("staaf", "Gesprekken per kanaal", "Aantal gesprekken", staaf1)))
    tabellen.append(gemeente_tabel(
        "melder", "Gesprekken per melder", "Melder",
        [(MELDERS.get(k, k or "Niet vastgelegd"), d) for k, d in _ordered(g_melder, MELDERS)], sel,
        "Wie de inwoner aanmeldde: de inwoner zelf, het netwerk of een externe verwijzer.",
        grafiek=Grafiek("staaf", "Gesprekken per melder", "Aantal gesprekken", staaf1)))

    # 12: per kern, split per gemeente
    tabellen.append(_per_kern(sel, res["gesprekken_kern"], [(g, k, n) for (g, k), n in vkern.items()]))

    # 13: legal terms and doorlooptijden
    tabellen.extend(_termijnen(sel, res["termijnen"], vandaag))
    tabellen.extend(_doorlooptijden(sel, res["doorloop"]))

    # 14: over time
    tabellen.append(_vergelijking(sel, res, alle_g, alle_v, v_soort, uv, lm, asoort))
    tabellen.append(_per_jaar(sel, res["per_jaar_g"], res["per_jaar_v"]))

    rapport = Rapport(selectie=sel, gemaakt_op=datetime.now().replace(microsecond=0), tabellen=tabellen)
    rapport.kerncijfers = _kerncijfers(rapport)
    return rapport


def _bronnen_leesbaar(rapport) -> None:
    """Sources as the document's title and line, on screen and in every export (services.bronnen)."""
    import dataclasses

    from toegang_app.services.bronnen import bron_tekst

    for t in rapport.tabellen:
        t.definitie = bron_tekst(t.definitie)
        if t.bron:
            t.bron = bron_tekst(t.bron)
    rapport.niet_te_berekenen = [dataclasses.replace(n, bron=bron_tekst(n.bron), waarom=bron_tekst(n.waarom))
                                 for n in rapport.niet_te_berekenen]


def _ordered(counts: dict, vocab: dict) -> list[tuple[Any, dict]]:
    out = [(k, counts.get(k, {})) for k in vocab]
    out += [(k, d) for k, d in counts.items() if k not in vocab]
    return out


def _maten_tabel(sleutel, titel, sel: Selectie, maten: list[tuple[str, dict[str, int]]], definitie, bron=None):
    """Separate measures (no total row: they do not add up), each protected on its own and per gemeente
    with its total over the gemeenten."""
    alle = list(GEMEENTEN)
    gems = sel.gemeenten()
    idx = [alle.index(g) for g in gems] + ([len(alle)] if len(gems) > 1 else [])
    rijen = []
    for label, d in maten:
        grid = publiceer([[d.get(g, 0) for g in alle]], sel.publicatie, rijtotalen=True, kolomtotalen=False)
        if sel.publicatie:
            dom.verberg_totaal_bij_klein(grid, len(alle))
        rijen.append([label] + [grid[0][j] for j in idx])
    return Tabel(sleutel, titel, ["Maat"] + dom.gemeente_kolommen(gems, False), rijen, definitie, bron=bron)


def _dimensies(sel: Selectie, rows, g_maand) -> Tabel:
    """Mean score (0-10) and 'wil hierover praten' per dimension and gemeente; lowest mean first."""
    pub = sel.publicatie
    alle = list(GEMEENTEN)
    gems = sel.gemeenten()
    data: dict[str, dict[str, tuple[int, int, int]]] = {k: {} for k in DIMENSIES}
    for gem, dim, n, som, praten in rows:
        if dim in data:
            data[dim][gem] = (int(n or 0), int(som or 0), int(praten or 0))
    n_gesprek = {g: sum(d.get(g, 0) for d in g_maand.values()) for g in alle}

    def cel(dim, keys):
        n = sum(data[dim].get(g, (0, 0, 0))[0] for g in keys)
        som = sum(data[dim].get(g, (0, 0, 0))[1] for g in keys)
        praten = sum(data[dim].get(g, (0, 0, 0))[2] for g in keys)
        basis = sum(n_gesprek[g] for g in keys)
        gem = round(som / n, 1) if n and (n >= dom.DREMPEL or not pub) else (SECUNDAIR if n else LEEG)
        p = dom.onderdruk_los(praten, pub)
        return gem, aandeel(p, dom.onderdruk_los(basis, pub))

    sets = [[g] for g in gems] + ([alle] if len(gems) > 1 else [])
    rijen = []
    for dim, lab in DIMENSIES.items():
        r: list[Any] = [lab]
        for keys in sets:
            r.extend(cel(dim, keys))
        rijen.append(r)
    last = len(rijen[0]) - 2  # the mean of the last column set (the total, or the one gemeente)
    rijen.sort(key=lambda r: (r[last] if is_getal(r[last]) else 99, r[0]))
    per_gem = tuple(1 + 2 * k for k in range(len(gems)))
    kolommen = ["Dimensie"]
    for n in [GEMEENTEN[g] for g in gems] + (["Totaal"] if len(gems) > 1 else []):
        kolommen += [f"{n}: gemiddelde", f"{n}: wil praten (%)"]
    return Tabel(
        "dimensies", "Positieve Gezondheid: laagste scores en 'hierover praten'", kolommen, rijen,
        "Gesprekken met een aanmelddatum in de periode. Gemiddelde van de scores die inwoners zelf gaven (0 = heel "
        "slecht, 10 = heel goed); laagste gemiddelde bovenaan. 'Wil praten': de inwoner koos deze dimensie om over "
        "te praten, als deel van alle gesprekken. Het spinnenweb is een gespreksbeeld, geen meting.",
        Grafiek("staaf", "Gemiddelde score per dimensie (laagste bovenaan)", "Gemiddelde score (0-10)", per_gem),
        bron="seeds/003:66-70 (uitgangspunt Positieve Gezondheid), 003:728 (kernindicator per strategische opgave)")


def _verandering(sel: Selectie, rows) -> Tabel:
    """Change in the dimension scores between a resident's first conversation and a follow-up one."""
    pub = sel.publicatie
    alle = list(GEMEENTEN)
    gems = sel.gemeenten()
    data: dict[str, dict[str, tuple[int, int, int, int]]] = {k: {} for k in DIMENSIES}
    for gem, dim, n, som, beter, slechter in rows:
        if dim in data:
            data[dim][gem] = (int(n or 0), int(som or 0), int(beter or 0), int(slechter or 0))
    sets = [[g] for g in gems] + ([alle] if len(gems) > 1 else [])
    rijen = []
    for dim, lab in DIMENSIES.items():
        r: list[Any] = [lab]
        for keys in sets:
            n = sum(data[dim].get(g, (0,) * 4)[0] for g in keys)
            som = sum(data[dim].get(g, (0,) * 4)[1] for g in keys)
            beter = sum(data[dim].get(g, (0,) * 4)[2] for g in keys)
            n_s = dom.onderdruk_los(n, pub)
            gemid = round(som / n, 1) if n and (n >= dom.DREMPEL or not pub) else (SECUNDAIR if n else LEEG)
            r += [n_s, gemid, aandeel(dom.onderdruk_los(beter, pub), n_s)]
        rijen.append(r)
    kolommen = ["Dimensie"]
    for nm in [GEMEENTEN[g] for g in gems] + (["Totaal"] if len(gems) > 1 else []):
        kolommen += [f"{nm}: aantal", f"{nm}: verandering", f"{nm}: hoger (%)"]
    return Tabel(
        "verandering", "Verandering in Positieve Gezondheid: eerste gesprek en vervolggesprek", kolommen, rijen,
        "Vervolggesprekken in de periode: een later gesprek met een inwoner die al eerder een gesprek had. Per "
        "dimensie de gemiddelde verandering van de score ten opzichte van het eerste gesprek van die inwoner "
        "(+1,0 = een punt hoger) en het deel van de vervolggesprekken met een hogere score. Alleen dimensies met "
        "een score in beide gesprekken tellen mee.", bron="seeds/003:728 (kernindicator positieve gezondheid)")


AFSPRAAK_UITKOMSTEN = {"gedaan": "Gedaan", "loopt": "Loopt nog", "niet_gelukt": "Niet gelukt"}


def _afspraken(sel: Selectie, rows) -> Tabel:
    """How the afspraken of earlier conversations stood when a follow-up conversation went over them."""
    per: dict[str, dict[str, int]] = {k: {} for k in AFSPRAAK_UITKOMSTEN}
    for gem, status, n in rows:
        if status in per:
            per[status][gem] = per[status].get(gem, 0) + int(n)
    return gemeente_tabel(
        "afspraken", "Afspraken nagekeken in vervolggesprekken", "Uitkomst",
        [(AFSPRAAK_UITKOMSTEN[k], per[k]) for k in AFSPRAAK_UITKOMSTEN], sel,
        "Afspraken (wie doet wat) uit een eerder gesprek die in een vervolggesprek met een aanmelddatum in de "
        "periode zijn nagekeken, naar hun uitkomst: gedaan, loopt nog of niet gelukt (met een reden, die hier "
        "niet wordt getoond). Een afspraak die nog loopt, telt opnieuw mee in het volgende vervolggesprek.",
        grafiek=Grafiek("staaf", "Afspraken nagekeken in vervolggesprekken", "Aantal afspraken",
                        tuple(1 + 2 * k for k in range(len(sel.gemeenten())))))


def _per_kern(sel: Selectie, gkern, vkern) -> Tabel:
    """Conversations and referrals per kern, one block per gemeente, each with its own total row."""
    pub = sel.publicatie
    gk = {(g, k): n for g, k, n in gkern}
    vk = {(g, k): n for g, k, n in vkern}
    rijen = []
    for g in sel.gemeenten():
        kernen = sorted({k for (gg, k) in set(gk) | set(vk) if gg == g}, key=lambda x: (x is None, x or ""))
        if not kernen:
            continue
        cells = [[gk.get((g, k), 0), vk.get((g, k), 0)] for k in kernen]
        grid = publiceer(cells, pub, rijtotalen=False, kolomtotalen=True)
        for k, row in zip(kernen, grid[:-1]):
            rijen.append([GEMEENTEN[g], k or "onbekend"] + row)
        rijen.append([GEMEENTEN[g], "Totaal"] + grid[-1])
    return Tabel("per_kern", "Gesprekken en verwijzingen per kern", ["Gemeente", "Kern", "Gesprekken", "Verwijzingen"],
                 rijen, "Naar de woonkern van de inwoner zoals vastgelegd bij het gesprek en de verwijzing; per "
                 "gemeente een totaal.")


def _termijnen(sel: Selectie, rows, vandaag: date) -> list[Tabel]:
    pub = sel.publicatie
    uitk = ("gehaald", "te_laat", "verlopen")
    overzicht: dict[str, dict[str, int]] = {k: {} for k in uitk + ("lopend",)}
    per_g: dict[str, dict[tuple[str, str], dict[str, int]]] = {g: {} for g in GEMEENTEN}
    for gem, wet, stap, u, n in rows:
        overzicht[u][gem] = overzicht[u].get(gem, 0) + n
        d = per_g.setdefault(gem, {}).setdefault((wet, stap), {k: 0 for k in uitk + ("lopend",)})
        d[u] += n
    labels = {"gehaald": "Gehaald", "te_laat": "Gemist: te laat afgerond", "verlopen": "Gemist: verlopen en nog open"}
    out = [gemeente_tabel(
        "termijnen", "Wettelijke termijnen: gehaald of gemist", "Uitkomst",
        [(labels[k], overzicht[k]) for k in uitk], sel,
        f"Wettelijke termijnen van de balie waarvan de uiterste datum in de periode valt en die niet meer lopen: "
        f"afgerond, of voorbij de uiterste datum (peildatum {dom.nl.datum_lang(vandaag)}). Gehaald = afgerond op of "
        "vóór de uiterste datum. Termijnen die nog lopen tellen niet mee. Een stap die de medewerker 'niet van "
        "toepassing' vond telt niet.",
        grafiek=Grafiek("staaf", "Wettelijke termijnen", "Aantal termijnen",
                        tuple(1 + 2 * k for k in range(len(sel.gemeenten())))),
        bron="Wmo 2015 art. 2.3.2 en 2.3.5, Wgs art. 4 (seeds/003:229), Awb art. 4:13")]
    for g in sel.gemeenten():
        keys = sorted(per_g.get(g, {}))
        rijen = []
        if keys:
            cells = [[per_g[g][k][u] for u in uitk + ("lopend",)] for k in keys]
            grid = publiceer(cells, pub, rijtotalen=True, kolomtotalen=True)
            for (wet, stap), row in zip(keys, grid[:-1]):
                rijen.append([f"{wet}: {stap}"] + row + [aandeel(row[0], _afgelopen(row))])
            rijen.append(["Totaal"] + grid[-1] + [aandeel(grid[-1][0], _afgelopen(grid[-1]))])
        out.append(Tabel(
            f"termijnen_{g}", f"Termijnen per stap: {GEMEENTEN[g]}",
            ["Termijn", "Gehaald", "Te laat afgerond", "Verlopen, nog open", "Loopt nog", "Totaal", "Gehaald (%)"],
            rijen, "Per wet en stap. Gehaald (%) = gehaald als deel van de termijnen die niet meer lopen.",
            totaalrij=bool(rijen)))
    return out


def _afgelopen(row) -> int | str:
    """Terms no longer running: gehaald + te laat + verlopen (hidden when any part is hidden)."""
    parts = row[:3]
    if any(is_verborgen(p) for p in parts):
        return SECUNDAIR
    return sum(parts)


def _doorlooptijden(sel: Selectie, rows) -> list[Tabel]:
    """Median days and the share within the legal term, from the closed term steps (per gemeente)."""
    pub = sel.publicatie
    hist: dict[str, dict[tuple[str, str], dict[int, int]]] = {g: {} for g in GEMEENTEN}
    binnen: dict[str, dict[tuple[str, str], list[int]]] = {g: {} for g in GEMEENTEN}
    for gem, wet, stap, dagen, op_tijd, n in rows:
        h = hist.setdefault(gem, {}).setdefault((wet, stap), {})
        d = max(0, int(dagen or 0))
        h[d] = h.get(d, 0) + n
        b = binnen.setdefault(gem, {}).setdefault((wet, stap), [0, 0])
        b[0 if op_tijd else 1] += n
    out = []
    for g in sel.gemeenten():
        keys = sorted(hist.get(g, {}), key=lambda k: (k not in DOORLOOP, list(DOORLOOP).index(k) if k in DOORLOOP
                                                       else 0, k))
        rijen = []
        if keys:
            grid = publiceer([binnen[g][k] for k in keys], pub, rijtotalen=True, kolomtotalen=False)
            for k, row in zip(keys, grid):
                n = sum(binnen[g][k])
                med = dom.mediaan_uit_histogram(hist[g][k])
                med_s = med if med is not None and (n >= dom.DREMPEL or not pub) else (SECUNDAIR if n else LEEG)
                rijen.append([DOORLOOP.get(k, f"{k[0]}: {k[1]}"), row[2], med_s, row[0], aandeel(row[0], row[2])])
        out.append(Tabel(
            f"doorlooptijden_{g}", f"Doorlooptijden: {GEMEENTEN[g]}",
            ["Stap", "Afgerond", "Mediaan (dagen)", "Binnen de termijn", "Binnen de termijn (%)"], rijen,
            "Afgesloten wettelijke stappen met een afrondingsdatum in de periode: de mediaan van het aantal "
            "kalenderdagen van melding of aanvraag tot afronding, en het deel dat op of vóór de uiterste datum "
            "(na verdaging of opschorting) klaar was. Melding tot eerste gesprek: de Wgs-stap 'eerste gesprek'; "
            "melding tot verwijzing: het afgeronde Wmo-onderzoek; start van de hulp: de beschikking of het besluit."))
    return out


def _vergelijking(sel: Selectie, res, alle_g, alle_v, v_soort, uv, lm, asoort) -> Tabel:
    """This period against the same period a year earlier, per gemeente."""
    pub = sel.publicatie
    alle = list(GEMEENTEN)
    gems = sel.gemeenten()
    vorig = sel.vorig_jaar()
    vv: dict[str, dict[str, int]] = {s: {} for s in SOORTEN}
    for gem, trede, n in res["vorig_v"]:
        d = vv[soort_van_trede(trede)]
        d[gem] = d.get(gem, 0) + n
    vorig_v = {g: sum(vv[s].get(g, 0) for s in SOORTEN) for g in alle}
    maten = [
        ("Gesprekken", alle_g, _per_gem(res["vorig_g"])),
        ("Verwijzingen", alle_v, vorig_v),
        ("Verwijzingen voorliggend (trede 0-3)", v_soort["voorliggend"], vv["voorliggend"]),
        ("Verwijzingen maatwerk (trede 4)", v_soort["maatwerk"], vv["maatwerk"]),
        ("Unieke inwoners met een verwijzing", uv, _per_gem(res["vorig_uniek"])),
        ("Unieke inwoners met een lopende maatwerkverwijzing", lm, _per_gem(res["vorig_lopend"])),
        ("Opgeschaald (AVE)", asoort["opschalen"], _per_gem(res["vorig_ave"])),
    ]
    idx = [alle.index(g) for g in gems] + ([len(alle)] if len(gems) > 1 else [])
    rijen = []
    for label, nu, eerder in maten:
        a = publiceer([[nu.get(g, 0) for g in alle]], pub, rijtotalen=True, kolomtotalen=False)
        b = publiceer([[eerder.get(g, 0) for g in alle]], pub, rijtotalen=True, kolomtotalen=False)
        if pub:
            dom.verberg_totaal_bij_klein(a, len(alle))
            dom.verberg_totaal_bij_klein(b, len(alle))
        a, b = a[0], b[0]
        r: list[Any] = [label]
        for j in idx:
            r += [a[j], b[j], verschil_pct(a[j], b[j])]
        rijen.append(r)
    kolommen = ["Maat"]
    for nm in [GEMEENTEN[g] for g in gems] + (["Totaal"] if len(gems) > 1 else []):
        kolommen += [f"{nm}: nu", f"{nm}: jaar eerder", f"{nm}: verschil (%)"]
    return Tabel(
        "vergelijking", "Deze periode en dezelfde periode een jaar eerder", kolommen, rijen,
        f"Nu: {sel.periode_nl()}. Jaar eerder: {vorig.periode_nl()}. Verschil = verandering ten opzichte van een "
        "jaar eerder, in procenten.")


def _per_jaar(sel: Selectie, grows, vrows) -> Tabel:
    """A series per calendar year (as the monitor's own tables show 2019-2025), one block per gemeente."""
    pub = sel.publicatie
    g_j: dict[tuple[str, str], int] = {}
    for jaar, gem, n in grows:
        g_j[(jaar, gem)] = g_j.get((jaar, gem), 0) + n
    v_j: dict[tuple[str, str], dict[str, int]] = {}
    for jaar, gem, trede, n in vrows:
        d = v_j.setdefault((jaar, gem), {s: 0 for s in SOORTEN})
        d[soort_van_trede(trede)] += n
    jaren = sorted({j for j, _g in set(g_j) | set(v_j)})
    rijen = []
    for g in sel.gemeenten():
        if not jaren:
            break
        cells = [[v_j.get((j, g), {}).get(s, 0) for s in SOORTEN] for j in jaren]
        grid = publiceer(cells, pub, rijtotalen=True, kolomtotalen=False)
        gcol = [dom.onderdruk_los(g_j.get((j, g), 0), pub) for j in jaren]
        for j, gc, row in zip(jaren, gcol, grid):
            label = j if int(j) < sel.tot.year or sel.tot.month == 12 else f"{j} (t/m {dom.nl.MAANDEN_KORT[sel.tot.month - 1]})"
            rijen.append([label, GEMEENTEN[g], gc, row[3], row[0], row[1], row[2], aandeel(row[0], row[3])])
    return Tabel(
        "per_jaar", "Per jaar", ["Jaar", "Gemeente", "Gesprekken", "Verwijzingen", "Voorliggend", "Maatwerk",
                                 "Specialistisch", "Aandeel voorliggend (%)"], rijen,
        "De laatste zeven kalenderjaren tot en met het einde van de gekozen periode (het laatste jaar tot en met "
        "die maand), per gemeente, zoals de monitor sociaal domein de jaren 2019-2025 naast elkaar zet.",
        bron="seeds/000:298-306")


def _kerncijfers(rapport: Rapport) -> list[Kerncijfer]:
    sel = rapport.selectie
    col = _kolom(sel)
    spec = [
        ("Gesprekken", "gesprekken_per_maand", "Totaal", col, False),
        ("Verwijzingen", "verwijzingen_per_maand", "Totaal", col, False),
        ("Voorliggend", "soort", SOORTEN["voorliggend"], f"{col} (%)", True),
        ("Maatwerk", "soort", SOORTEN["maatwerk"], f"{col} (%)", True),
        ("Unieke inwoners met lopend maatwerk", "uniek", "Unieke inwoners met een lopende maatwerkverwijzing", col,
         False),
        ("Opgeschaald (AVE)", "ave_wijzigingen", AVE_SOORTEN["opschalen"], col, False),
        ("Termijnen gehaald", "termijnen", "Gehaald", f"{col} (%)", True),
    ]
    out = []
    for label, sleutel, rij, kolom, pct in spec:
        v = rapport.tabel(sleutel).cel(rij, kolom)
        out.append(Kerncijfer(label, _pct(v) if pct else getal_nl(v), sleutel, rij, kolom))
    return out


def herbouw_maandtabellen(ctx) -> dict[str, int]:
    """Recompute the monthly aggregate tables from the rows (``toegang-admin statistiek herbouw``): after a
    restore of only some tables, or to check them. The database keeps them up to date on every write, so
    this is never needed in daily use. Returns the number of cells per table; one audit row."""
    from toegang_app.services.auth import DATABASE_BEHEER
    from toegang_app.storage.statistiek_tabellen import herbouw

    user = require(ctx.user, DATABASE_BEHEER)
    with ctx.sessions.begin() as s:
        aantallen = herbouw(s.connection())
        audit.record(s, user, "herbouwd", "statistiek", None,
                     toelichting="Maandtabellen van de statistiek opnieuw berekend uit de gegevens.")
    return aantallen


def registreer_export(ctx, selectie: Selectie, formaat: str, pad: str) -> None:
    """Audit trail: who exported which selection in which form (no personal data involved)."""
    require(ctx.user, STATISTIEK)
    with ctx.sessions.begin() as s:
        audit.record(s, ctx.user, "geexporteerd", "statistiek", None,
                     toelichting=f"{formaat}: {selectie.periode_nl()}; "
                     + "; ".join(f"{k}: {v}" for k, v in selectie.filters_nl()[1:]) + f"; {pad}")
