"""Terms of a conversation: computed with the same domain code as ``toegang-admin triage``
(domain/termijnen.py on the one Atw calendar of domain/kalender.py), kept as rows so the werkvoorraad and
the statistics find them without recomputing every conversation, and closed by the worker.

- Which terms: the melding's laws (``aanmelding.wetten``, or derived from the needs) and each aanvraag
  with its own date, both read from the dossier's Uitvraag. While a stored conversation carries no
  ``aanvragen`` (None: not recorded), a referral to a maatwerk voorziening (rung 4) under the Wmo, the
  Jeugdwet or the Participatiewet counts as the aanvraag under that law, as before.
- The calendar: the shipped Atw days (``resources/atw_kalender.yaml``) with the besluiten a beheerder
  confirmed and the desk's own closing days (database); those count only for the desk's own promises.
- Closing a step: done on a date, or not applicable with a reason; reopening; verdaging (Awb 4:14) and
  opschorting (Awb 4:15) with the new date and the ground. All audited (without free text).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from toegang_app.domain import termijnen as dom
from toegang_app.domain.kalender import AtwKalender, Dag, Sluitingsdag
from toegang_app.domain.uitvraag import Aanvraag
from toegang_app.domain.validation import InvalidInput
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import ConfigError, UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, require, require_team
from toegang_app.storage.models import AtwBevestiging, BalieSluitingsdag, Gesprek
from toegang_app.storage.models import Termijn as TermijnRij
from toegang_app.storage.models import TermijnWijziging, Verwijzing

log = logging.getLogger(__name__)
# a maatwerk referral under these laws counts as the aanvraag while the dossier records no aanvragen
AANVRAAG_WET = {"Wmo": "wmo", "Jeugdwet": "jeugdwet", "Participatiewet": "participatiewet"}
MAATWERK = 4
KALENDER_TTL = 60.0  # seconds a desk calendar read from the database is reused by this process
REDEN_MAX = 200


@dataclass
class WijzigingInfo:
    soort: str            # verdaagd | opgeschort
    grond: str
    grond_label: str
    oud: date
    nieuw: date
    toelichting: str | None
    medewerker: str | None
    op: datetime


@dataclass
class TermijnInfo:
    code: str
    wet: str
    stap: str
    grondslag: str
    startdatum: date
    uiterlijk: date       # the end in force (after a verdaging or opschorting)
    status: str           # op tijd | bijna verlopen | verlopen | gehaald | te laat gehaald | niet van toepassing | vanaf
    soort: str = "uiterlijk"
    uitleg: str = ""
    wie: str = dom.BALIE
    belofte: bool = False
    verdagen: bool = False
    berekend: date | None = None   # the computed end
    aanvraag: str | None = None
    start_gebeurtenis: str = "melding"
    afgerond_op: date | None = None
    niet_van_toepassing: str | None = None
    afgesloten_door: str | None = None
    opgeslagen: bool = False       # a row exists: the step can be closed
    verschoven: tuple[Dag, ...] = ()
    kanttekening: str | None = None
    wijzigingen: list[WijzigingInfo] = field(default_factory=list)

    @property
    def regel(self) -> str:
        return dom.regel_code(self.code)

    @property
    def open(self) -> bool:
        return self.afgerond_op is None and self.niet_van_toepassing is None

    @property
    def bij_melding(self) -> bool:
        return self.soort == "uiterlijk" and self.uiterlijk == self.startdatum

    @property
    def begrenst_opvolging(self) -> bool:
        return self.soort == "uiterlijk" and self.wie == dom.BALIE and not self.belofte and not self.bij_melding

    @property
    def afsluitbaar(self) -> bool:
        """A step the worker closes: not a not-before date."""
        return self.soort == "uiterlijk"

    @property
    def soort_label(self) -> str:
        if self.belofte:
            return "afspraak van de balie (geen wet)"
        if self.soort == dom.VANAF:
            return "niet eerder dan"
        return "kans voor de inwoner" if self.wie == dom.INWONER else "termijn voor de balie"

    @property
    def status_label(self) -> str:
        if self.status == dom.VANAF:
            return "aanvraag kan vanaf deze datum"
        if self.status == dom.VERLOPEN and self.wie == dom.INWONER:
            return "voorbij"
        if self.status == dom.GEHAALD and self.wie == dom.INWONER:
            return "ontvangen"
        if self.status == dom.NIET_VAN_TOEPASSING and self.niet_van_toepassing:
            return f"niet van toepassing: {self.niet_van_toepassing}"
        if self.status in (dom.GEHAALD, dom.TE_LAAT) and self.afgerond_op:
            return f"{self.status} op {self.afgerond_op:%d-%m-%Y}"
        if self.wijzigingen and self.open:
            return f"{self.status} ({self.wijzigingen[-1].soort})"
        return self.status

    @property
    def te_laat(self) -> bool:
        return self.status == dom.VERLOPEN and self.wie == dom.BALIE


# -- configuration -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _config() -> dom.TermijnConfig:
    """The shipped resources/termijnen.yaml with atw_kalender.yaml (validated; ConfigError with Dutch messages)."""
    from toegang_app.paths import resources_dir

    return dom.load_termijn_config(resources_dir() / "termijnen.yaml")


@lru_cache(maxsize=1)
def _intervallen() -> dom.Intervallen:
    from toegang_app.paths import resources_dir

    return dom.load_intervallen(resources_dir() / "intervallen.yaml")


def config() -> dom.TermijnConfig:
    """termijnen.yaml and the Atw calendar; a broken file gives a ConfigError with the Dutch messages."""
    try:
        return _config()
    except ConfigError as exc:
        raise ConfigError("De termijnen kunnen niet worden berekend:\n• " + "\n• ".join(exc.messages)) from None


def intervallen() -> dom.Intervallen:
    """resources/intervallen.yaml (follow-up, no news, close); ConfigError with Dutch messages when broken."""
    try:
        return _intervallen()
    except ConfigError as exc:
        raise ConfigError("De intervallen van de werkvoorraad kunnen niet worden gelezen:\n• "
                          + "\n• ".join(exc.messages)) from None


def kalender_uit_sessie(s: Session, basis: AtwKalender | None = None) -> AtwKalender:
    """The shipped Atw calendar with the desk's closing days and the confirmed besluiten of this database."""
    basis = basis or config().atw
    dagen = [Sluitingsdag(r.datum, r.omschrijving, r.gemeente)
             for r in s.scalars(select(BalieSluitingsdag).order_by(BalieSluitingsdag.datum))]
    bevestigd = list(s.scalars(select(AtwBevestiging.sleutel)))
    return basis.met(sluitingsdagen=dagen, bevestigd=bevestigd)


def kalender(ctx, *, vers: bool = False) -> AtwKalender:
    """The one calendar of this desk (cached for a minute per process; ``vers`` reads it anew)."""
    cache = ctx.__dict__.setdefault("_termijnen_kalender", {})
    hit = cache.get("k")
    if not vers and hit is not None and time.monotonic() - hit[0] < KALENDER_TTL:
        return hit[1]
    with ctx.sessions() as s:
        k = kalender_uit_sessie(s)
    cache["k"] = (time.monotonic(), k)
    return k


def _vergeet_kalender(ctx) -> None:
    ctx.__dict__.get("_termijnen_kalender", {}).pop("k", None)


def config_voor(ctx) -> dom.TermijnConfig:
    return config().met_kalender(kalender(ctx))


def kalender_voor_opdrachtregel(app_config) -> AtwKalender:
    """The calendar for ``toegang-admin triage``: the shipped one, with the desk's own days when the
    configured database exists and is current (never creates or migrates a database)."""
    from toegang_app.storage.engine import make_engine, make_session_factory, sqlite_path
    from toegang_app.storage.migrate import schema_state

    basis = config().atw
    path = sqlite_path(app_config.database_url)
    if path is not None and not path.exists():
        return basis
    try:
        engine = make_engine(app_config.database_url)
        try:
            if not schema_state(engine).up_to_date:
                return basis
            with make_session_factory(engine)() as s:
                return kalender_uit_sessie(s, basis)
        finally:
            engine.dispose()
    except UserError as exc:
        log.warning("triage without the desk's own calendar: %s", exc.message)
        return basis


# -- computing -----------------------------------------------------------------------------

def aanvragen_voor(s: Session, g: Gesprek, uitvraag) -> list[Aanvraag]:
    """The aanvragen of a stored conversation: the dossier's own (Uitvraag.aanvragen); while it records
    none (None), each first maatwerk referral per law."""
    if uitvraag.aanvragen is not None:
        return list(uitvraag.aanvragen)
    out: dict[str, Aanvraag] = {}
    if g.id is not None:
        for wet, datum, naam in s.execute(select(Verwijzing.wet, Verwijzing.datum, Verwijzing.voorziening_naam).where(
                Verwijzing.gesprek_id == g.id, Verwijzing.trede == MAATWERK).order_by(Verwijzing.datum, Verwijzing.id)):
            key = AANVRAAG_WET.get(wet or "")
            if key and key not in out:
                out[key] = Aanvraag(key, datum, f"verwijzing naar {naam}")
    return list(out.values())


def _info(t: dom.Termijn, today: date, cfg: dom.TermijnConfig, iv: dom.Intervallen, gemeente: str | None,
          rij: TermijnRij | None = None) -> TermijnInfo:
    info = TermijnInfo(t.code, t.wet, t.stap, t.grondslag, t.start, t.uiterlijk, "", t.soort, t.uitleg, t.wie,
                       t.belofte, t.verdagen, t.uiterlijk, t.aanvraag, t.start_gebeurtenis, verschoven=t.verschoven,
                       kanttekening=t.kanttekening)
    if rij is not None:
        info.opgeslagen = True
        info.afgerond_op, info.niet_van_toepassing, info.afgesloten_door = (
            rij.afgerond_op, rij.niet_van_toepassing, rij.afgesloten_door)
        soorten = cfg.wijzigingen
        info.wijzigingen = [WijzigingInfo(w.soort, w.grond, soorten[w.soort].gronden.get(w.grond, w.grond)
                                          if w.soort in soorten else w.grond, w.oud, w.nieuw, w.toelichting,
                                          w.medewerker, w.op) for w in rij.wijzigingen]
        if info.wijzigingen:
            info.uiterlijk = info.wijzigingen[-1].nieuw
    info.status = dom.stand(info.uiterlijk, today, soort=info.soort, afgerond_op=info.afgerond_op,
                            niet_van_toepassing=info.niet_van_toepassing is not None, kalender=cfg.atw,
                            bijna=iv.bijna_verlopen, gemeente=gemeente)
    return info


def _bereken(s: Session, g: Gesprek, uitvraag, cfg: dom.TermijnConfig, today: date,
             geboortedatum: date | None) -> list[dom.Termijn]:
    eigen = uitvraag.aanmelding is not None and uitvraag.aanmelding.datum is not None
    return dom.bereken_termijnen(uitvraag, cfg, melddatum=None if eigen else g.aanmelding_datum,
                                 aanvragen=aanvragen_voor(s, g, uitvraag), peildatum=today,
                                 geboortedatum=geboortedatum, gemeente=g.gemeente)


def bereken(ctx, uitvraag, peildatum: date | None = None, geboortedatum: date | None = None, *,
            gesprek_id: int | None = None) -> list[TermijnInfo]:
    """The terms of a conversation as the worker types (the Termijnen panel): computed from ``uitvraag``
    and, for a stored conversation, with how its steps were closed, verdaagd or opgeschort."""
    today = peildatum or date.today()
    cfg, iv = config_voor(ctx), intervallen()
    if gesprek_id is None:
        terms = dom.bereken_termijnen(uitvraag, cfg, aanvragen=list(uitvraag.aanvragen or ()), peildatum=today,
                                      geboortedatum=geboortedatum)
        return [_info(t, today, cfg, iv, uitvraag.gemeente) for t in terms]
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        g = _gesprek(s, user, gesprek_id)
        rows = _rijen(s, g.id)
        terms = _bereken(s, g, uitvraag, cfg, today, geboortedatum)
        return [_info(t, today, cfg, iv, g.gemeente, rows.get(t.code)) for t in terms]


def _rijen(s: Session, gesprek_id: int) -> dict[str, TermijnRij]:
    return {r.code: r for r in s.scalars(select(TermijnRij).where(TermijnRij.gesprek_id == gesprek_id))}


def _gesprek(s: Session, user, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def bewaar_termijnen(s: Session, g: Gesprek) -> None:
    """Recompute and store the conversation's terms (called in the transaction that saves it). Closed
    steps stay; open ones that no longer apply go. Not-before dates are not stored: nothing to do."""
    from toegang_app.services.gesprekken import _dossier

    try:
        cfg = config().met_kalender(kalender_uit_sessie(s))
    except UserError as exc:  # a broken termijnen.yaml never blocks saving a conversation
        log.warning("Terms not updated for gesprek %s: %s", g.id, exc.message)
        return
    s.flush()
    d = _dossier(s, g)
    nieuw = {t.code: t for t in _bereken(s, g, d.to_uitvraag(), cfg, date.today(), d.inwoner.geboortedatum)
             if t.soort == "uiterlijk"}
    bestaand = _rijen(s, g.id)
    for code, r in bestaand.items():
        if code not in nieuw and r.afgerond_op is None and r.niet_van_toepassing is None:
            s.delete(r)
    for code, t in nieuw.items():
        r = bestaand.get(code) or TermijnRij(gesprek_id=g.id, code=code)
        r.wet, r.stap, r.grondslag, r.startdatum, r.berekend = t.wet, t.stap, t.grondslag, t.start, t.uiterlijk
        r.soort = "belofte" if t.belofte else t.wie
        if not r.wijzigingen:
            r.uiterlijk = t.uiterlijk
        s.add(r)


def termijnen_voor_gesprek(ctx, gesprek_id: int, peildatum: date | None = None) -> list[TermijnInfo]:
    """The terms of a stored conversation (handout, file copy, CLI), computed as the panel does."""
    from toegang_app.services.gesprekken import _dossier

    user = require(ctx.user, GESPREK_LEZEN)
    today = peildatum or date.today()
    cfg, iv = config_voor(ctx), intervallen()
    with ctx.sessions() as s:
        g = s.get(Gesprek, gesprek_id)
        if g is None:
            return []
        require_team(user, g.team)
        d = _dossier(s, g)
        rows = _rijen(s, g.id)
        terms = _bereken(s, g, d.to_uitvraag(), cfg, today, d.inwoner.geboortedatum)
        return [_info(t, today, cfg, iv, g.gemeente, rows.get(t.code)) for t in terms]


# -- closing a step ------------------------------------------------------------------------

def _rij_voor_wijziging(ctx, s: Session, user, gesprek_id: int, code: str) -> tuple[Gesprek, TermijnRij]:
    g = _gesprek(s, user, gesprek_id)
    r = s.scalar(select(TermijnRij).where(TermijnRij.gesprek_id == gesprek_id, TermijnRij.code == code))
    if r is None:
        bewaar_termijnen(s, g)  # e.g. a term that appeared since the conversation was last saved
        s.flush()
        r = s.scalar(select(TermijnRij).where(TermijnRij.gesprek_id == gesprek_id, TermijnRij.code == code))
    if r is None:
        raise UserError("Deze stap hoort niet (meer) bij dit gesprek. Sla het gesprek op en kijk opnieuw.")
    return g, r


def markeer_afgerond(ctx, gesprek_id: int, code: str, op: date | None = None, *, vandaag: date | None = None) -> None:
    """The step was taken on ``op`` (default today): e.g. the beschikking was sent, the plan received."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    today = vandaag or date.today()
    op = op or today
    with ctx.sessions.begin() as s:
        g, r = _rij_voor_wijziging(ctx, s, user, gesprek_id, code)
        if op > today:
            raise InvalidInput("afgerond_op", "De datum ligt in de toekomst. Kies vandaag of eerder.")
        if op < r.startdatum:
            raise InvalidInput("afgerond_op", f"De datum ligt vóór het begin van de termijn ({r.startdatum:%d-%m-%Y}).")
        oud = _stand_tekst(r)
        r.afgerond_op, r.niet_van_toepassing = op, None
        r.afgesloten_door, r.afgesloten_op = user.gebruikersnaam, datetime.now()
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld=f"termijn.{code}", oud=oud,
                     nieuw=f"afgerond op {op.isoformat()}")


def markeer_niet_van_toepassing(ctx, gesprek_id: int, code: str, reden: str) -> None:
    """The step does not apply (with the worker's reason, kept with the step, not in the audit trail)."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    reden = " ".join((reden or "").split())
    if not reden:
        raise InvalidInput("reden", "Schrijf kort op waarom deze stap niet van toepassing is.")
    if len(reden) > REDEN_MAX:
        raise InvalidInput("reden", f"De reden is te lang ({len(reden)} tekens); hoogstens {REDEN_MAX}.")
    with ctx.sessions.begin() as s:
        g, r = _rij_voor_wijziging(ctx, s, user, gesprek_id, code)
        oud = _stand_tekst(r)
        r.niet_van_toepassing, r.afgerond_op = reden, None
        r.afgesloten_door, r.afgesloten_op = user.gebruikersnaam, datetime.now()
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld=f"termijn.{code}", oud=oud,
                     nieuw="niet van toepassing")


def heropen(ctx, gesprek_id: int, code: str) -> None:
    """Undo closing a step (a mistake): it is open again."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        g, r = _rij_voor_wijziging(ctx, s, user, gesprek_id, code)
        if r.afgerond_op is None and r.niet_van_toepassing is None:
            raise InvalidInput("termijn", "Deze stap is nog open.")
        oud = _stand_tekst(r)
        r.afgerond_op = r.niet_van_toepassing = r.afgesloten_door = r.afgesloten_op = None
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld=f"termijn.{code}", oud=oud, nieuw="open")


def wijzig_termijn(ctx, gesprek_id: int, code: str, soort: str, grond: str, nieuwe_datum: date,
                   toelichting: str | None = None, *, vandaag: date | None = None) -> None:
    """Verdaging (Awb 4:14) or opschorting (Awb 4:15) of a beslistermijn: the new end and the ground."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    today = vandaag or date.today()
    toelichting = " ".join((toelichting or "").split()) or None
    if toelichting and len(toelichting) > REDEN_MAX:
        raise InvalidInput("toelichting", f"De toelichting is te lang ({len(toelichting)} tekens); hoogstens {REDEN_MAX}.")
    cfg = config()
    with ctx.sessions.begin() as s:
        g, r = _rij_voor_wijziging(ctx, s, user, gesprek_id, code)
        if r.afgerond_op is not None or r.niet_van_toepassing is not None:
            raise InvalidInput("termijn", "Deze stap is al afgesloten. Heropen hem eerst.")
        dom.controleer_wijziging(cfg, code, soort, grond, r.uiterlijk, nieuwe_datum, today)
        oud = r.uiterlijk
        s.add(TermijnWijziging(termijn_id=r.id, soort=soort, grond=grond, oud=oud, nieuw=nieuwe_datum,
                               toelichting=toelichting, medewerker=user.gebruikersnaam, op=datetime.now()))
        r.uiterlijk = nieuwe_datum
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld=f"termijn.{code}.uiterlijk", oud=oud.isoformat(),
                     nieuw=nieuwe_datum.isoformat(), toelichting=f"{soort} ({grond})")


def _stand_tekst(r: TermijnRij) -> str:
    if r.niet_van_toepassing is not None:
        return "niet van toepassing"
    if r.afgerond_op is not None:
        return f"afgerond op {r.afgerond_op.isoformat()}"
    return "open"


# -- follow-up -----------------------------------------------------------------------------

@dataclass
class OpvolgVoorstel:
    datum: date
    gewoon: date                    # the desk's usual interval
    grens: TermijnInfo | None       # the deadline that made it earlier
    uitleg: str


def opvolg_voorstel(ctx, gesprek_id: int, vandaag: date | None = None) -> OpvolgVoorstel:
    """The proposed follow-up date of a new referral: the usual interval (intervallen.yaml), but never
    after the nearest open deadline the desk itself must meet (domain brief section 3)."""
    today = vandaag or date.today()
    iv = intervallen()
    terms = termijnen_voor_gesprek(ctx, gesprek_id, today)
    kal = kalender(ctx)
    with ctx.sessions() as s:
        g = s.get(Gesprek, gesprek_id)
        gemeente = g.gemeente if g else None
    datum, grens = dom.opvolgdatum(today, terms, iv, kal, gemeente=gemeente)
    gewoon = iv.opvolgen.na(today, kal, gemeente=gemeente)
    if grens is None:
        uitleg = f"Gewoonlijk na {iv.opvolgen.tekst()}."
    else:
        uitleg = (f"Eerder dan gewoonlijk ({iv.opvolgen.tekst()}): de termijn '{grens.wet}: {grens.stap}' "
                  f"({grens.grondslag}) loopt af op {grens.uiterlijk:%d-%m-%Y}.")
    return OpvolgVoorstel(datum, gewoon, grens, uitleg)


# -- the desk's calendar (beheer) ----------------------------------------------------------

@dataclass
class SluitingsdagInfo:
    id: int
    datum: date
    gemeente: str | None
    omschrijving: str
    aangemaakt_door: str | None


def _kalender_beheer(ctx):
    from toegang_app.services.auth import KALENDER_BEHEER

    return require(ctx.user, KALENDER_BEHEER)


def sluitingsdagen(ctx, jaar: int | None = None) -> list[SluitingsdagInfo]:
    with ctx.sessions() as s:
        q = select(BalieSluitingsdag).order_by(BalieSluitingsdag.datum, BalieSluitingsdag.id)
        if jaar is not None:
            q = q.where(BalieSluitingsdag.datum >= date(jaar, 1, 1), BalieSluitingsdag.datum <= date(jaar, 12, 31))
        return [SluitingsdagInfo(r.id, r.datum, r.gemeente, r.omschrijving, r.aangemaakt_door) for r in s.scalars(q)]


def voeg_sluitingsdag_toe(ctx, datum: date, omschrijving: str, gemeente: str | None = None) -> int:
    """A closing day of the desk (``gemeente`` None: every desk of this database). It moves the desk's
    own promises, never a legal term."""
    user = _kalender_beheer(ctx)
    omschrijving = " ".join((omschrijving or "").split())
    if not omschrijving:
        raise InvalidInput("omschrijving", "Schrijf op waarom de balie dicht is (bijvoorbeeld 'teamdag').")
    if len(omschrijving) > 120:
        raise InvalidInput("omschrijving", "De omschrijving is te lang (hoogstens 120 tekens).")
    if gemeente is not None and gemeente not in GEMEENTEN:
        raise InvalidInput("gemeente", f"Onbekende gemeente '{gemeente}'. Kies uit: {', '.join(GEMEENTEN)}.")
    kal = config().atw
    vrij = kal.vrije_dag(datum)
    if vrij is not None:
        raise InvalidInput("datum", f"{datum:%d-%m-%Y} is al geen werkdag: {vrij.omschrijving}.")
    with ctx.sessions.begin() as s:
        dubbel = s.scalar(select(BalieSluitingsdag.id).where(
            BalieSluitingsdag.datum == datum,
            BalieSluitingsdag.gemeente.is_(None) if gemeente is None else BalieSluitingsdag.gemeente == gemeente))
        if dubbel is not None:
            raise InvalidInput("datum", f"{datum:%d-%m-%Y} staat al als sluitingsdag in de kalender.")
        r = BalieSluitingsdag(datum=datum, gemeente=gemeente, omschrijving=omschrijving,
                              aangemaakt_door=user.gebruikersnaam, aangemaakt_op=datetime.now())
        s.add(r)
        s.flush()
        audit.record(s, user, "aangemaakt", "sluitingsdag", r.id, nieuw=datum.isoformat(),
                     toelichting=f"gemeente {gemeente or 'alle'}")
        rid = r.id
    _vergeet_kalender(ctx)
    return rid


def verwijder_sluitingsdag(ctx, sluitingsdag_id: int) -> None:
    user = _kalender_beheer(ctx)
    with ctx.sessions.begin() as s:
        r = s.get(BalieSluitingsdag, sluitingsdag_id)
        if r is None:
            raise UserError(f"Sluitingsdag {sluitingsdag_id} bestaat niet (meer).")
        audit.record(s, user, "verwijderd", "sluitingsdag", r.id, oud=r.datum.isoformat())
        s.delete(r)
    _vergeet_kalender(ctx)


def bevestig_besluit(ctx, sleutel: str) -> None:
    """A beheerder checked a besluit gelijkstelling against the Staatscourant."""
    user = _kalender_beheer(ctx)
    kal = config().atw
    if sleutel not in {b.sleutel for b in kal.besluiten}:
        raise InvalidInput("sleutel", f"Onbekend besluit '{sleutel}'. Kies uit: "
                                      f"{', '.join(b.sleutel for b in kal.besluiten)}.")
    with ctx.sessions.begin() as s:
        if s.get(AtwBevestiging, sleutel) is not None:
            raise InvalidInput("sleutel", f"Het besluit '{sleutel}' is al bevestigd.")
        s.add(AtwBevestiging(sleutel=sleutel, bevestigd_door=user.gebruikersnaam, bevestigd_op=datetime.now()))
        audit.record(s, user, "aangemaakt", "atw_besluit", sleutel, nieuw="bevestigd")
    _vergeet_kalender(ctx)


# -- figures for the statistics ------------------------------------------------------------

@dataclass
class TermijnCijfer:
    """Raw counts per term step over a period (statistics apply small-cell suppression before showing)."""
    wet: str
    stap: str
    gehaald: int = 0
    te_laat: int = 0
    verlopen: int = 0          # open and past its date
    lopend: int = 0
    niet_van_toepassing: int = 0
    doorlooptijden: list[int] = field(default_factory=list)   # days from start to done, of the steps done

    @property
    def mediaan_doorlooptijd(self) -> float | None:
        from statistics import median

        return float(median(self.doorlooptijden)) if self.doorlooptijden else None


def termijn_cijfers(ctx, van: date, tot: date, *, gemeente: str | None = None, team: str | None = None,
                    vandaag: date | None = None) -> list[TermijnCijfer]:
    """'Termijnen gehaald' and doorlooptijden: the desk's legal deadlines whose date in force lies in
    [van, tot], per law and step (no names, no conversation numbers)."""
    from toegang_app.services.auth import STATISTIEK

    require(ctx.user, STATISTIEK)
    today = vandaag or date.today()
    T = TermijnRij
    q = (select(T.wet, T.stap, T.startdatum, T.uiterlijk, T.afgerond_op, T.niet_van_toepassing)
         .where(T.soort == "balie", T.uiterlijk >= van, T.uiterlijk <= tot))
    if gemeente or team:
        q = q.join(Gesprek, Gesprek.id == T.gesprek_id)
        if gemeente:
            q = q.where(Gesprek.gemeente == gemeente)
        if team:
            q = q.where(Gesprek.team == team)
    out: dict[tuple[str, str], TermijnCijfer] = {}
    with ctx.sessions() as s:
        for wet, stap, start, uiterlijk, afgerond, nvt in s.execute(q):
            c = out.setdefault((wet, stap), TermijnCijfer(wet, stap))
            if nvt is not None:
                c.niet_van_toepassing += 1
            elif afgerond is not None:
                if afgerond <= uiterlijk:
                    c.gehaald += 1
                else:
                    c.te_laat += 1
                c.doorlooptijden.append((afgerond - start).days)
            elif uiterlijk < today:
                c.verlopen += 1
            else:
                c.lopend += 1
    return [out[k] for k in sorted(out)]
