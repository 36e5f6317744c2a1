"""Procesregie that reaches a regisseur: the intake queue of confirmed AVE 3 and 4 cases without a
procesregisseur (claimed by a regisseur, assigned by the teamleider), one plan per household (betrokken
partijen, doelen per leefgebied, afspraken, MDO's and evaluations, the phase history), time watched
(past the evaluation date, or too long without one), AVE 4 with the ketenpartner that holds regie and
the desk's contact, and caseloads (every conversation and casus has an owner; a teamleider reassigns).

Everything is audited without free text: the audit says that a plan part changed, never what it says.
Two workstations claiming the same case: one conditional UPDATE wins, the other is told who took it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain import ave as ave_domain
from toegang_app.domain import nl, vocab
from toegang_app.domain import regie as dom
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConcurrentEdit, PermissionDenied, UserError
from toegang_app.services import audit
from toegang_app.services.auth import (
    AVE_REGIE,
    GESPREK_LEZEN,
    GESPREK_SCHRIJVEN,
    REGIE_TOEWIJZEN,
    CurrentUser,
    require,
    require_team,
)
from toegang_app.storage.models import (
    Afspraak,
    AveWijziging,
    Gebruiker,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    PlanDoel,
    PlanOverleg,
    PlanPartij,
    RegiePlan,
)
from toegang_app.storage.models import Signaal as SignaalRij

ZONDER_EIGENAAR = "zonder eigenaar"
FILTERS = {"team": "Team", "mijn": "Mijn", "zonder": "Zonder eigenaar"}


class RegieFout(UserError):
    """Input the plan refuses; ``veld`` names the field."""

    exit_code = 2

    def __init__(self, message: str, veld: str | None = None):
        super().__init__(message)
        self.veld = veld


class AlOpgepakt(ConcurrentEdit):
    """Someone else claimed or assigned the case first."""


# -- plain data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WachtrijRij:
    gesprek_id: int
    inwoner_naam: str
    gemeente: str
    kern: str | None
    fase: int
    fase_naam: str
    in_wachtrij_sinds: date
    dagen_wachten: int
    redenen: tuple[str, ...]
    voorgesteld_door: str | None
    eigenaar: str                    # owner of the conversation, or 'zonder eigenaar'
    vorige_regisseur: str | None     # a deactivated regisseur: the case came back to the queue
    signalen: tuple[str, ...]
    synthetisch: bool
    vorige_regisseur_id: int | None = None   # pass as ``verwacht`` when claiming


@dataclass(frozen=True)
class CaseloadRij:
    gesprek_id: int
    inwoner_naam: str
    gemeente: str
    kern: str | None
    aanmelding_datum: date
    fase: int | None
    fase_naam: str
    eigenaar_id: int | None          # None also when the owner left (deactivated)
    eigenaar: str
    regisseur_id: int | None
    regisseur: str | None
    signalen: tuple[str, ...]
    synthetisch: bool


@dataclass(frozen=True)
class MedewerkerRij:
    id: int
    naam: str
    rol: str


@dataclass(frozen=True)
class Partij:
    id: int
    organisatie: str
    contactpersoon: str
    rol: str
    voorziening_id: str | None
    delen: tuple[str, ...]
    toestemming_op: date | None
    keten: bool


@dataclass(frozen=True)
class Doel:
    id: int
    soort: str
    gebied: str
    doel: str
    bereikt_op: date | None

    @property
    def label(self) -> str:
        return dom.gebied_label(self.soort, self.gebied)


@dataclass(frozen=True)
class AfspraakRij:
    id: int
    wie: str
    wat: str
    uiterlijk: date | None
    status: str
    status_reden: str
    status_op: date | None
    te_laat: bool

    @property
    def status_label(self) -> str:
        return dom.AFSPRAAK_STATUSSEN.get(self.status, self.status)


@dataclass(frozen=True)
class Overleg:
    id: int
    soort: str
    datum: date
    deelnemers: str
    besluiten: str
    door: str | None


@dataclass(frozen=True)
class Behoefte:
    """A need of the conversation a goal can be linked to: a signal or a dimension (score, 'bespreken')."""

    soort: str
    gebied: str
    label: str
    uitleg: str


@dataclass(frozen=True)
class FaseRegel:
    op: datetime
    omschrijving: str
    reden: str | None
    medewerker: str | None
    soort: str


@dataclass
class PlanToestand:
    gesprek_id: int
    plan_id: int | None              # None: no plan stored yet (the first change creates it)
    inwoner_id: int
    inwoner_naam: str
    team: str
    gemeente: str
    model_naam: str
    fase: int | None
    fase_naam: str
    fase_sinds: date | None
    status: str                      # open | gesloten | geen (not in procesregie)
    regisseur_id: int | None
    regisseur: str | None
    toegewezen_op: datetime | None
    toegewezen_door: str | None
    evaluatiedatum: date | None
    ketenpartner: str | None
    ketenpartner_naam: str | None
    contact_id: int | None
    contact: str | None
    gesloten_op: date | None
    sluitreden: str | None
    partijen: list[Partij] = field(default_factory=list)
    doelen: list[Doel] = field(default_factory=list)
    afspraken: list[AfspraakRij] = field(default_factory=list)
    overleggen: list[Overleg] = field(default_factory=list)
    verloop: list[FaseRegel] = field(default_factory=list)
    behoeften: list[Behoefte] = field(default_factory=list)
    scores: dict[str, int | None] = field(default_factory=dict)
    bespreken: set[str] = field(default_factory=set)
    signalen: list[str] = field(default_factory=list)     # time watched
    veiligheid: bool = False
    synthetisch: bool = False
    versie: int | None = None

    @property
    def in_procesregie(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Toewijzing:
    """Who holds the case after a claim or assignment (no plan content: a teamleider reads no plans)."""

    gesprek_id: int
    regisseur_id: int
    regisseur: str
    toegewezen_door: str
    toegewezen_op: datetime


@dataclass(frozen=True)
class Ave4Melding:
    """For the teamleider: a case in AVE 4, where regie lies with the zorg- en veiligheidsketen."""

    gesprek_id: int
    inwoner_naam: str
    sinds: date | None
    ketenpartner: str | None
    contact: str | None
    ontbreekt: tuple[str, ...]


# -- helpers ---------------------------------------------------------------------------------------

def _cfg(ctx) -> ave_domain.AveConfig:
    from toegang_app.services.ave import config

    return config(ctx)


def _require_any(user: CurrentUser | None, *perms: str) -> CurrentUser:
    if user is None:
        raise PermissionDenied("U bent niet aangemeld.")
    for p in perms:
        if user.may(p):
            return user
    return require(user, perms[0])


def _team(user: CurrentUser) -> str | None:
    return None if user.team is None or user.rol == "systeem" else user.team


def _invoer(exc: InvalidInput) -> RegieFout:
    return RegieFout(exc.message, exc.field)


def _naam(u: Gebruiker | None) -> str | None:
    return u.naam if u is not None else None


def _actief(s: Session, uid: int | None) -> Gebruiker | None:
    if uid is None:
        return None
    u = s.get(Gebruiker, uid)
    return u if u is not None and u.actief else None


def _fase_naam(cfg: ave_domain.AveConfig, gemeente: str, fase: int | None) -> str:
    if fase is None:
        return "geen fase"
    f = cfg.fasen_voor(gemeente).get(fase)
    return f.naam if f else f"AVE {fase}"


def _gesprek(s: Session, user: CurrentUser, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def _open_plan(s: Session, g: Gesprek) -> RegiePlan | None:
    """The household's plan: the one of this conversation, else the open plan of the resident (one
    household, one plan, also over follow-up conversations)."""
    p = s.scalar(select(RegiePlan).where(RegiePlan.gesprek_id == g.id))
    if p is not None:
        return p
    return s.scalar(select(RegiePlan).where(RegiePlan.inwoner_id == g.inwoner_id, RegiePlan.status == "open")
                    .order_by(RegiePlan.id.desc()).limit(1))


def plan_heeft_inhoud(s: Session, g: Gesprek) -> bool:
    """The household's open plan holds at least one goal or afspraak."""
    plan = _open_plan(s, g)
    if plan is None or plan.status != "open":
        return False
    return bool(s.scalar(select(func.count()).select_from(PlanDoel).where(PlanDoel.plan_id == plan.id))
                or s.scalar(select(func.count()).select_from(Afspraak).where(Afspraak.plan_id == plan.id)))


def _laatste_evaluatie(s: Session, plan_id: int | None) -> date | None:
    if plan_id is None:
        return None
    return s.scalar(select(func.max(PlanOverleg.datum)).where(PlanOverleg.plan_id == plan_id,
                                                              PlanOverleg.soort == "evaluatie"))


def _bewaking(cfg, g: Gesprek, laatste: date | None, vandaag: date) -> list[str]:
    return dom.bewaking(fase=g.ave_fase, fase_naam=_fase_naam(cfg, g.gemeente, g.ave_fase), sinds=g.ave_fase_sinds,
                        evaluatiedatum=g.evaluatiedatum, laatste_evaluatie=laatste, vandaag=vandaag,
                        vanaf=cfg.procesregie_vanaf, na_dagen=cfg.evaluatie_uiterlijk_na_dagen)


def _veiligheid(s: Session, g: Gesprek) -> bool:
    if g.acuut_onveilig or g.vermoeden_huiselijk_geweld:
        return True
    return s.scalar(select(func.count()).select_from(SignaalRij)
                    .where(SignaalRij.gesprek_id == g.id, SignaalRij.leefgebied == "veiligheid")) > 0


def _kaart_namen(ctx) -> dict[str, str]:
    from toegang_app.services.kaart import effectieve_kaart

    try:
        return {v.id: v.naam for v in effectieve_kaart(ctx)}
    except UserError:
        return {}


# -- phase changes (called by services.ave inside its transaction) ---------------------------------

def na_fasewijziging(s: Session, user: CurrentUser, g: Gesprek, van: int | None, naar: int, reden: str | None,
                     cfg: ave_domain.AveConfig) -> None:
    """From ``procesregie_vanaf`` the case enters the intake queue (a plan without a regisseur); below it
    (afschalen) the open plan is closed with the reason of the phase change."""
    plan = _open_plan(s, g)
    if naar >= cfg.procesregie_vanaf:
        if plan is None:
            s.add(RegiePlan(gesprek_id=g.id, inwoner_id=g.inwoner_id, team=g.team, status="open",
                            aangemeld_op=datetime.now(), aangemeld_door_id=user.id))
        elif plan.status != "open":
            plan.status, plan.gesloten_op, plan.sluitreden = "open", None, None
            plan.aangemeld_op = datetime.now()
            audit.record(s, user, "gewijzigd", "regieplan", plan.id, veld="status", oud="gesloten", nieuw="open",
                         toelichting="opnieuw opgeschaald")
    elif plan is not None and plan.status == "open" and van is not None and van >= cfg.procesregie_vanaf:
        plan.status = "gesloten"
        plan.gesloten_op = date.today()
        plan.sluitreden = reden
        audit.record(s, user, "gewijzigd", "regieplan", plan.id, veld="status", oud="open", nieuw="gesloten",
                     toelichting=f"afgeschaald naar AVE {naar}, met reden")


# -- the intake queue -------------------------------------------------------------------------------

def _wachtrij_query(cfg, team: str | None):
    R = Gebruiker
    actieve_regisseur = select(R.id).where(R.id == Gesprek.procesregisseur_id, R.actief.is_(True)).exists()
    q = (select(Gesprek, Inwoner, RegiePlan)
         .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .outerjoin(RegiePlan, RegiePlan.gesprek_id == Gesprek.id)
         .where(Gesprek.status == "open", Gesprek.ave_fase >= cfg.procesregie_vanaf,
                Inwoner.geanonimiseerd.is_(False), ~actieve_regisseur,
                or_(RegiePlan.id.is_(None), RegiePlan.status == "open")))
    if team:
        q = q.where(Gesprek.team == team)
    return q


def _redenen(s: Session, ctx, g: Gesprek, cfg) -> tuple[tuple[str, ...], str | None]:
    """Why the case was proposed: the reason kept with the phase change that brought it into procesregie
    (the driving answers when the worker followed the proposal), and who confirmed it."""
    from toegang_app.services.ave import VOLGT_VOORSTEL

    w = s.scalar(select(AveWijziging).where(AveWijziging.gesprek_id == g.id,
                                            AveWijziging.naar_fase >= cfg.procesregie_vanaf)
                 .order_by(AveWijziging.op.desc(), AveWijziging.id.desc()).limit(1))
    door = w.medewerker if w is not None else None
    if w is not None and w.reden:
        tekst = w.reden[len(VOLGT_VOORSTEL):] if w.reden.startswith(VOLGT_VOORSTEL) else w.reden
        return tuple(x.strip() for x in tekst.split(";") if x.strip()), door
    # no reason kept (confirmed as proposed): the answers as stored drive the same proposal again
    from toegang_app.services.gesprekken import _dossier

    v = ave_domain.propose_phase(_dossier(s, g).to_uitvraag(), cfg)
    return tuple(v.redenen), door


def wachtrij(ctx, peildatum: date | None = None) -> list[WachtrijRij]:
    """Every confirmed phase from AVE 3 (``procesregie_vanaf``) of an open case without an active
    procesregisseur, oldest first, with why it was proposed. For procesregisseurs and the teamleider."""
    user = _require_any(ctx.user, AVE_REGIE, REGIE_TOEWIJZEN)
    cfg = _cfg(ctx)
    vandaag = peildatum or date.today()
    out: list[WachtrijRij] = []
    with ctx.sessions.begin() as s:
        for g, i, plan in s.execute(_wachtrij_query(cfg, _team(user))):
            sinds = plan.aangemeld_op.date() if plan is not None else (g.ave_fase_sinds or g.aanmelding_datum)
            redenen, door = _redenen(s, ctx, g, cfg)
            eigenaar = _actief(s, g.medewerker_id)
            vorige = s.get(Gebruiker, g.procesregisseur_id) if g.procesregisseur_id else None
            out.append(WachtrijRij(
                gesprek_id=g.id, inwoner_naam=i.naam, gemeente=g.gemeente, kern=g.kern, fase=g.ave_fase,
                fase_naam=_fase_naam(cfg, g.gemeente, g.ave_fase), in_wachtrij_sinds=sinds,
                dagen_wachten=max((vandaag - sinds).days, 0), redenen=redenen, voorgesteld_door=door,
                eigenaar=eigenaar.naam if eigenaar else ZONDER_EIGENAAR,
                vorige_regisseur=vorige.naam if vorige is not None else None,
                vorige_regisseur_id=vorige.id if vorige is not None else None,
                signalen=tuple(_bewaking(cfg, g, _laatste_evaluatie(s, plan.id if plan else None), vandaag)),
                synthetisch=bool(g.synthetisch)))
        audit.record(s, user, "bekeken", "regie_wachtrij", user.team or "alle", toelichting=f"{len(out)} casussen")
    audit.record_shown(ctx, user, "wachtrij procesregie", gesprek_ids=[r.gesprek_id for r in out])
    out.sort(key=lambda r: (r.in_wachtrij_sinds, r.gesprek_id))
    return out


def _neem(ctx, user: CurrentUser, gesprek_id: int, regisseur_id: int, verwacht: int | None, hoe: str) -> Toewijzing:
    cfg = _cfg(ctx)
    try:
        with ctx.sessions.begin() as s:
            g = _gesprek(s, user, gesprek_id)
            if g.status != "open" or g.ave_fase is None or g.ave_fase < cfg.procesregie_vanaf:
                raise RegieFout(f"Dit gesprek staat niet (meer) in de procesregie: het heeft "
                                f"{_fase_naam(cfg, g.gemeente, g.ave_fase)}. Vernieuw de wachtrij.", "fase")
            regisseur = _actief(s, regisseur_id)
            if regisseur is None or regisseur.rol != "procesregisseur":
                raise RegieFout("Kies een actieve procesregisseur.", "procesregisseur")
            if regisseur.team not in (None, g.team):
                raise RegieFout(f"{regisseur.naam} werkt voor een andere balie.", "procesregisseur")
            oud = g.procesregisseur_id
            cond = Gesprek.procesregisseur_id.is_(None) if verwacht is None else Gesprek.procesregisseur_id == verwacht
            # the conditional UPDATE is the lock: of two workstations only one changes the row
            n = s.execute(update(Gesprek).where(Gesprek.id == g.id, cond)
                          .values(procesregisseur_id=regisseur.id, versie=Gesprek.versie + 1,
                                  gewijzigd_op=datetime.now())
                          .execution_options(synchronize_session=False)).rowcount
            if n != 1:
                s.rollback()
                with ctx.sessions() as s2:
                    nu = s2.get(Gesprek, gesprek_id)
                    wie = s2.get(Gebruiker, nu.procesregisseur_id) if nu and nu.procesregisseur_id else None
                    naam = wie.naam if wie else "een collega"
                raise AlOpgepakt(f"Deze casus is net opgepakt: {naam} is nu procesregisseur. Er is niets "
                                 "gewijzigd; kies een andere casus uit de wachtrij.")
            s.expire(g)
            plan = _open_plan(s, g)
            if plan is None:
                plan = RegiePlan(gesprek_id=g.id, inwoner_id=g.inwoner_id, team=g.team, status="open",
                                 aangemeld_op=datetime.combine(g.ave_fase_sinds or date.today(), datetime.min.time()))
                s.add(plan)
            plan.toegewezen_op = datetime.now()
            plan.toegewezen_door = (user.naam or user.gebruikersnaam)[:80]
            s.flush()
            audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="procesregisseur_id", oud=oud, nieuw=regisseur.id,
                         toelichting=hoe)
            return Toewijzing(g.id, regisseur.id, regisseur.naam, plan.toegewezen_door, plan.toegewezen_op)
    except StaleDataError:
        raise AlOpgepakt("Iemand anders wijzigde deze casus tegelijk. Er is niets gewijzigd; vernieuw de lijst.") \
            from None


def pak_op(ctx, gesprek_id: int, *, verwacht: int | None = None) -> Toewijzing:
    """The signed-in procesregisseur claims the case from the queue (audited). ``verwacht``: the
    (deactivated) regisseur the queue showed; someone who claimed it meanwhile wins and AlOpgepakt says
    who."""
    user = require(ctx.user, AVE_REGIE)
    if user.id is None:
        raise UserError("Uw aanmelding is niet gekoppeld aan een gebruiker in Toegang.")
    return _neem(ctx, user, gesprek_id, user.id, verwacht, "opgepakt uit de wachtrij")


def wijs_toe(ctx, gesprek_id: int, regisseur_id: int, *, verwacht: int | None = None) -> Toewijzing:
    """The teamleider assigns (or reassigns: ``verwacht`` = the current regisseur) a procesregisseur."""
    user = require(ctx.user, REGIE_TOEWIJZEN)
    return _neem(ctx, user, gesprek_id, regisseur_id, verwacht,
                 "toegewezen door de teamleider" if verwacht is None else "overgedragen door de teamleider")


def ave4_meldingen(ctx) -> list[Ave4Melding]:
    """Open cases in AVE 4 of the desk: regie lies with the zorg- en veiligheidsketen; what is still to be
    recorded (which partner holds regie, who at the desk keeps contact). The teamleider's alert."""
    user = _require_any(ctx.user, REGIE_TOEWIJZEN, AVE_REGIE)
    namen = _kaart_namen(ctx) if user.may("kaart_lezen") else {}
    q = (select(Gesprek, Inwoner, RegiePlan).join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .outerjoin(RegiePlan, and_(RegiePlan.gesprek_id == Gesprek.id))
         .where(Gesprek.status == "open", Gesprek.ave_fase == 4, Inwoner.geanonimiseerd.is_(False)))
    if _team(user):
        q = q.where(Gesprek.team == _team(user))
    out = []
    with ctx.sessions() as s:
        for g, i, plan in s.execute(q.order_by(Gesprek.ave_fase_sinds, Gesprek.id)):
            partner = plan.ketenpartner if plan else None
            contact = _actief(s, plan.contact_id) if plan else None
            ontbreekt = tuple(x for x, ok in (("ketenpartner die de regie heeft", partner),
                                               ("contactpersoon van de balie", contact)) if not ok)
            out.append(Ave4Melding(g.id, i.naam, g.ave_fase_sinds, namen.get(partner, partner) if partner else None,
                                   contact.naam if contact else None, ontbreekt))
    return out


# -- caseloads ---------------------------------------------------------------------------------------

def medewerkers(ctx, team: str | None = None, *, rol: str | None = None) -> list[MedewerkerRij]:
    """Active users of the desk who can own a conversation (medewerker, procesregisseur)."""
    user = _require_any(ctx.user, REGIE_TOEWIJZEN, GESPREK_LEZEN)
    team = team or _team(user)
    rollen = (rol,) if rol else ("medewerker", "procesregisseur")
    q = select(Gebruiker).where(Gebruiker.actief.is_(True), Gebruiker.rol.in_(rollen))
    if team:
        q = q.where(or_(Gebruiker.team == team, Gebruiker.team.is_(None)))
    with ctx.sessions() as s:
        return [MedewerkerRij(g.id, g.naam, g.rol) for g in s.scalars(q.order_by(Gebruiker.naam, Gebruiker.id))]


def caseload(ctx, filter: str = "team", *, peildatum: date | None = None, limit: int = 2000) -> list[CaseloadRij]:
    """Open conversations of the desk with their owner and (from AVE 3) procesregisseur. ``filter``:
    'mijn' (I own it or am its regisseur), 'team' (all of the desk) or 'zonder' (no active owner: never
    assigned, or the owner left)."""
    user = _require_any(ctx.user, GESPREK_LEZEN, REGIE_TOEWIJZEN)
    if filter not in FILTERS:
        raise RegieFout("Kies mijn, team of zonder eigenaar.", "filter")
    cfg = _cfg(ctx)
    vandaag = peildatum or date.today()
    E = Gebruiker.__table__.alias("eigenaar")
    P = Gebruiker.__table__.alias("regisseur")
    q = (select(Gesprek, Inwoner, E.c.naam, E.c.actief, P.c.naam, P.c.actief)
         .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .outerjoin(E, E.c.id == Gesprek.medewerker_id).outerjoin(P, P.c.id == Gesprek.procesregisseur_id)
         .where(Gesprek.status == "open", Inwoner.geanonimiseerd.is_(False)))
    if _team(user):
        q = q.where(Gesprek.team == _team(user))
    if filter == "mijn":
        q = q.where(or_(Gesprek.medewerker_id == user.id, Gesprek.procesregisseur_id == user.id))
    elif filter == "zonder":
        q = q.where(or_(Gesprek.medewerker_id.is_(None), E.c.actief.is_(False)))
    q = q.order_by(Gesprek.aanmelding_datum, Gesprek.id).limit(limit)
    out = []
    with ctx.sessions.begin() as s:
        for g, i, enaam, eactief, pnaam, pactief in s.execute(q):
            eigen = g.medewerker_id if eactief else None
            regie = g.ave_fase is not None and g.ave_fase >= cfg.procesregie_vanaf
            out.append(CaseloadRij(
                gesprek_id=g.id, inwoner_naam=i.naam, gemeente=g.gemeente, kern=g.kern,
                aanmelding_datum=g.aanmelding_datum, fase=g.ave_fase, fase_naam=_fase_naam(cfg, g.gemeente, g.ave_fase),
                eigenaar_id=eigen, eigenaar=enaam if eactief else ZONDER_EIGENAAR,
                regisseur_id=g.procesregisseur_id if (regie and pactief) else None,
                regisseur=(pnaam if pactief else f"{ZONDER_EIGENAAR} ({pnaam} is niet meer actief)" if pnaam else None)
                if regie else None,
                signalen=tuple(_bewaking(cfg, g, None, vandaag)) if regie else (), synthetisch=bool(g.synthetisch)))
        audit.record(s, user, "bekeken", "caseload", user.team or "alle", toelichting=f"{filter}; {len(out)} gesprekken")
    audit.record_shown(ctx, user, "caseload", gesprek_ids=[r.gesprek_id for r in out])
    return out


def draag_over(ctx, gesprek_id: int, medewerker_id: int | None, *, verwacht: int | None = None) -> CaseloadRij:
    """The teamleider makes another worker the owner of a conversation (audited). ``verwacht``: the owner
    the list showed; when someone changed it meanwhile, nothing happens and the teamleider is told."""
    user = require(ctx.user, REGIE_TOEWIJZEN)
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        nieuw = _actief(s, medewerker_id) if medewerker_id is not None else None
        if medewerker_id is not None and (nieuw is None or nieuw.rol not in ("medewerker", "procesregisseur")):
            raise RegieFout("Kies een actieve medewerker van de balie.", "medewerker")
        if nieuw is not None and nieuw.team not in (None, g.team):
            raise RegieFout(f"{nieuw.naam} werkt voor een andere balie.", "medewerker")
        cond = Gesprek.medewerker_id.is_(None) if verwacht is None else Gesprek.medewerker_id == verwacht
        n = s.execute(update(Gesprek).where(Gesprek.id == g.id, cond)
                      .values(medewerker_id=medewerker_id, versie=Gesprek.versie + 1, gewijzigd_op=datetime.now())
                      .execution_options(synchronize_session=False)).rowcount
        if n != 1:
            raise ConcurrentEdit("Iemand anders heeft de eigenaar van dit gesprek net gewijzigd. Er is niets "
                                 "gewijzigd; vernieuw de lijst.")
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="medewerker_id", oud=g.medewerker_id,
                     nieuw=medewerker_id, toelichting="eigenaar overgedragen door de teamleider")
    rows = [r for r in caseload(ctx, "team") if r.gesprek_id == gesprek_id]
    if not rows:
        raise UserError("Het gesprek staat niet meer in de lijst.")
    return rows[0]


# -- the plan -------------------------------------------------------------------------------------------

def _behoeften(s: Session, g: Gesprek) -> tuple[list[Behoefte], dict[str, int | None]]:
    out: list[Behoefte] = []
    for sig in s.scalars(select(SignaalRij).where(SignaalRij.gesprek_id == g.id).order_by(SignaalRij.ernst.desc(),
                                                                                          SignaalRij.id)):
        if sig.ernst >= 1:
            out.append(Behoefte("leefgebied", sig.leefgebied, vocab.LEEFGEBIEDEN.get(sig.leefgebied, sig.leefgebied),
                                f"ernst {sig.ernst}: {vocab.ERNST.get(sig.ernst, '')}"))
    scores: dict[str, int | None] = {}
    for d in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id)):
        scores[d.dimensie] = d.score
        if d.bespreken or (d.score is not None and d.score <= 4):
            uitleg = f"{d.score}/10" if d.score is not None else "geen score"
            if d.bespreken:
                uitleg += "; hier wil ik over praten"
            out.append(Behoefte("dimensie", d.dimensie, vocab.DIMENSIES.get(d.dimensie, d.dimensie), uitleg))
    return out, scores


def _toestand(ctx, s: Session, g: Gesprek, vandaag: date, namen: dict[str, str] | None = None) -> PlanToestand:
    cfg = _cfg(ctx)
    i = s.get(Inwoner, g.inwoner_id)
    plan = _open_plan(s, g)
    regie = g.ave_fase is not None and g.ave_fase >= cfg.procesregie_vanaf
    regisseur = _actief(s, g.procesregisseur_id)
    keten = set(cfg.ketenpartners) | set(cfg.veiligheidsroute)
    namen = namen if namen is not None else {}
    behoeften, scores = _behoeften(s, g)
    t = PlanToestand(
        gesprek_id=g.id, plan_id=plan.id if plan else None, inwoner_id=g.inwoner_id, inwoner_naam=i.naam, team=g.team,
        gemeente=g.gemeente, model_naam=cfg.model(g.gemeente).model_naam, fase=g.ave_fase,
        fase_naam=_fase_naam(cfg, g.gemeente, g.ave_fase), fase_sinds=g.ave_fase_sinds,
        status=plan.status if plan else ("open" if regie else "geen"),
        regisseur_id=regisseur.id if regisseur else None, regisseur=_naam(regisseur),
        toegewezen_op=plan.toegewezen_op if plan else None, toegewezen_door=plan.toegewezen_door if plan else None,
        evaluatiedatum=g.evaluatiedatum, ketenpartner=plan.ketenpartner if plan else None,
        ketenpartner_naam=(namen.get(plan.ketenpartner, plan.ketenpartner) if plan and plan.ketenpartner else None),
        contact_id=plan.contact_id if plan else None, contact=_naam(_actief(s, plan.contact_id)) if plan else None,
        gesloten_op=plan.gesloten_op if plan else None, sluitreden=plan.sluitreden if plan else None,
        behoeften=behoeften, scores=scores, bespreken={b.gebied for b in behoeften if b.soort == "dimensie"
                                                        and "praten" in b.uitleg}, veiligheid=_veiligheid(s, g), synthetisch=bool(g.synthetisch),
        versie=g.versie)
    if plan is not None:
        t.partijen = [Partij(p.id, p.organisatie, p.contactpersoon or "", p.rol or "", p.voorziening_id,
                             tuple(p.delen or ()), p.toestemming_op, p.voorziening_id in keten) for p in plan.partijen]
        t.doelen = [Doel(d.id, d.soort, d.gebied, d.doel, d.bereikt_op) for d in plan.doelen]
        t.afspraken = [AfspraakRij(a.id, a.wie, a.wat, a.uiterlijk, a.status, a.status_reden or "", a.status_op,
                                   a.status not in dom.AFGEROND and a.uiterlijk is not None and a.uiterlijk < vandaag)
                       for a in s.scalars(select(Afspraak).where(Afspraak.plan_id == plan.id)
                                          .order_by(Afspraak.uiterlijk.is_(None), Afspraak.uiterlijk, Afspraak.id))]
        t.overleggen = [Overleg(o.id, o.soort, o.datum, o.deelnemers or "", o.besluiten or "", o.vastgelegd_door)
                        for o in plan.overleggen]
    from toegang_app.services.ave import _geschiedenis

    t.verloop = [FaseRegel(w.op, w.omschrijving, w.reden, w.medewerker, w.soort) for w in _geschiedenis(s, g.id)]
    if t.status == "open":
        t.signalen = _bewaking(cfg, g, _laatste_evaluatie(s, t.plan_id), vandaag)
        if g.ave_fase == 4:
            if not t.ketenpartner:
                t.signalen.append("AVE 4: leg vast welke ketenpartner de regie heeft")
            if not t.contact:
                t.signalen.append("AVE 4: leg vast wie van de balie contact houdt")
    return t


def plan_toestand(ctx, gesprek_id: int, *, peildatum: date | None = None, audit_view: bool = True) -> PlanToestand:
    """The household's plan as the case's conversation shows it (an empty plan when none is stored)."""
    user = require(ctx.user, GESPREK_LEZEN)
    namen = _kaart_namen(ctx)
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        if audit_view:
            audit.record_view(s, user, "gesprek", g.id)
        return _toestand(ctx, s, g, peildatum or date.today(), namen)


def _plan_om_te_schrijven(ctx, s: Session, user: CurrentUser, gesprek_id: int) -> tuple[Gesprek, RegiePlan]:
    cfg = _cfg(ctx)
    g = _gesprek(s, user, gesprek_id)
    plan = _open_plan(s, g)
    if plan is not None and plan.status != "open":
        raise RegieFout(f"Het plan is gesloten op {nl.datum(plan.gesloten_op)} (afgeschaald). Schaal eerst weer op "
                        f"om het plan te wijzigen.", "status")
    if g.ave_fase is None or g.ave_fase < cfg.procesregie_vanaf:
        raise RegieFout(f"Een plan hoort bij procesregie, vanaf {_fase_naam(cfg, g.gemeente, cfg.procesregie_vanaf)}. "
                        "Bevestig eerst die fase in het AVE-paneel.", "fase")
    if plan is None:
        plan = RegiePlan(gesprek_id=g.id, inwoner_id=g.inwoner_id, team=g.team, status="open",
                         aangemeld_op=datetime.now(), aangemeld_door_id=user.id)
        s.add(plan)
        s.flush()
    return g, plan


def _schrijf(ctx, gesprek_id: int, wat: str, fn) -> PlanToestand:
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        g, plan = _plan_om_te_schrijven(ctx, s, user, gesprek_id)
        try:
            fn(s, user, g, plan)
        except InvalidInput as exc:
            raise _invoer(exc) from None
        s.flush()
        # what changed, never the text itself (free text may hold bijzondere persoonsgegevens)
        audit.record(s, user, "gewijzigd", "regieplan", plan.id, toelichting=wat)
    return plan_toestand(ctx, gesprek_id, audit_view=False)


def voeg_partij_toe(ctx, gesprek_id: int, partij: dom.PartijInvoer) -> PlanToestand:
    def fn(s, user, g, plan):
        v = dom.valideer_partij(partij)
        s.add(PlanPartij(plan_id=plan.id, voorziening_id=v.voorziening_id, organisatie=v.organisatie,
                         contactpersoon=v.contactpersoon or None, rol=v.rol or None, delen=list(v.delen),
                         toestemming_op=v.toestemming_op))
    return _schrijf(ctx, gesprek_id, "betrokken partij toegevoegd", fn)


def verwijder_partij(ctx, gesprek_id: int, partij_id: int) -> PlanToestand:
    def fn(s, user, g, plan):
        p = s.get(PlanPartij, partij_id)
        if p is None or p.plan_id != plan.id:
            raise RegieFout("Deze partij staat niet (meer) in het plan.", "partij")
        s.delete(p)
    return _schrijf(ctx, gesprek_id, "betrokken partij verwijderd", fn)


def voeg_doel_toe(ctx, gesprek_id: int, doel: dom.DoelInvoer) -> PlanToestand:
    def fn(s, user, g, plan):
        d = dom.valideer_doel(doel)
        s.add(PlanDoel(plan_id=plan.id, soort=d.soort, gebied=d.gebied, doel=d.doel))
    return _schrijf(ctx, gesprek_id, "doel toegevoegd", fn)


def doel_bereikt(ctx, gesprek_id: int, doel_id: int, op: date | None = None) -> PlanToestand:
    def fn(s, user, g, plan):
        d = s.get(PlanDoel, doel_id)
        if d is None or d.plan_id != plan.id:
            raise RegieFout("Dit doel staat niet (meer) in het plan.", "doel")
        d.bereikt_op = op or date.today()
    return _schrijf(ctx, gesprek_id, "doel bereikt", fn)


def voeg_afspraak_toe(ctx, gesprek_id: int, afspraak: dom.AfspraakInvoer) -> PlanToestand:
    def fn(s, user, g, plan):
        a = dom.valideer_afspraak(afspraak)
        s.add(Afspraak(plan_id=plan.id, wie=a.wie, wat=a.wat, uiterlijk=a.uiterlijk, status=a.status,
                       status_reden=a.status_reden or None, status_op=date.today() if a.status != "open" else None,
                       aangemaakt_door=(user.naam or user.gebruikersnaam)[:80], aangemaakt_op=datetime.now()))
    return _schrijf(ctx, gesprek_id, "afspraak toegevoegd", fn)


def zet_afspraak_status(ctx, gesprek_id: int, afspraak_id: int, status: str, reden: str = "") -> PlanToestand:
    def fn(s, user, g, plan):
        a = s.get(Afspraak, afspraak_id)
        if a is None or a.plan_id != plan.id:
            raise RegieFout("Deze afspraak staat niet (meer) in het plan.", "afspraak")
        v = dom.valideer_afspraak(dom.AfspraakInvoer(a.wie, a.wat, a.uiterlijk, status, reden))
        a.status, a.status_reden, a.status_op = v.status, v.status_reden or None, date.today()
    return _schrijf(ctx, gesprek_id, f"afspraak: status {status}", fn)


def leg_overleg_vast(ctx, gesprek_id: int, overleg: dom.OverlegInvoer, *, peildatum: date | None = None) -> PlanToestand:
    """An MDO or evaluation that took place, with its decisions; an evaluation plans the next one (the
    case's evaluation date). The decisions are never copied into the audit trail."""
    vandaag = peildatum or date.today()

    def fn(s, user, g, plan):
        o = dom.valideer_overleg(overleg, vandaag)
        s.add(PlanOverleg(plan_id=plan.id, soort=o.soort, datum=o.datum, deelnemers=o.deelnemers or None,
                          besluiten=o.besluiten or None, vastgelegd_door=(user.naam or user.gebruikersnaam)[:80],
                          vastgelegd_op=datetime.now()))
        if o.volgende_evaluatie is not None:
            oud = g.evaluatiedatum
            g.evaluatiedatum = o.volgende_evaluatie
            g.gewijzigd_op = datetime.now()
            audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="evaluatiedatum", oud=oud,
                         nieuw=o.volgende_evaluatie)
    return _schrijf(ctx, gesprek_id, f"{dom.OVERLEG_SOORTEN[overleg.soort].split(' ')[0] if overleg.soort in dom.OVERLEG_SOORTEN else 'overleg'} vastgelegd", fn)


def zet_ketenpartner(ctx, gesprek_id: int, ketenpartner: str | None, contact_id: int | None) -> PlanToestand:
    """AVE 4: which partner of the zorg- en veiligheidsketen holds regie, and who at the desk keeps contact."""
    cfg = _cfg(ctx)

    def fn(s, user, g, plan):
        if g.ave_fase != 4:
            raise RegieFout("Een ketenpartner met de regie hoort bij AVE 4.", "ketenpartner")
        if ketenpartner is not None and ketenpartner not in cfg.ketenpartners:
            raise RegieFout("Kies een ketenpartner uit de lijst.", "ketenpartner")
        if contact_id is not None:
            c = _actief(s, contact_id)
            if c is None or c.rol not in ("medewerker", "procesregisseur") or c.team not in (None, g.team):
                raise RegieFout("Kies een actieve medewerker van deze balie als contactpersoon.", "contact")
        audit.record_changes(s, user, "regieplan", plan.id, {"ketenpartner": plan.ketenpartner, "contact_id": plan.contact_id},
                             {"ketenpartner": ketenpartner, "contact_id": contact_id})
        plan.ketenpartner, plan.contact_id = ketenpartner, contact_id
    return _schrijf(ctx, gesprek_id, "AVE 4: ketenpartner en contactpersoon", fn)


def schaal_af(ctx, gesprek_id: int, naar_fase: int, reden: str) -> PlanToestand:
    """Afschalen below procesregie closes the plan with the reason (a reason is required)."""
    from toegang_app.services import ave

    if not (reden or "").strip():
        raise RegieFout("Schrijf op waarom u afschaalt: de reden sluit het plan af.", "reden")
    cfg = _cfg(ctx)
    with ctx.sessions() as s:
        g = s.get(Gesprek, gesprek_id)
        huidig = g.ave_fase if g is not None else None
    if huidig is None or naar_fase >= huidig:
        raise RegieFout(f"Afschalen gaat naar een lichtere fase dan de huidige "
                        f"({_fase_naam(cfg, g.gemeente if g else None, huidig)}).", "fase")
    ave.bevestig_fase(ctx, gesprek_id, naar_fase, reden=reden.strip(), voorgestelde_fase=None)
    return plan_toestand(ctx, gesprek_id, audit_view=False)


# -- retention ---------------------------------------------------------------------------------------

def wis_vrije_tekst(s: Session, g: Gesprek, vervanging: str = "geanonimiseerd") -> None:
    """Anonymising a conversation (services.bewaren): every free text of its plan and afspraken goes; the
    figures (statuses, dates, goal areas, number of parties) stay for the statistics."""
    plan = s.scalar(select(RegiePlan).where(RegiePlan.gesprek_id == g.id))
    afspraken = list(s.scalars(select(Afspraak).where(Afspraak.gesprek_id == g.id)))
    if plan is not None:
        plan.sluitreden, plan.toegewezen_door = None, None
        afspraken += list(s.scalars(select(Afspraak).where(Afspraak.plan_id == plan.id)))
        for p in plan.partijen:
            p.contactpersoon, p.rol = None, None
        for d in plan.doelen:
            d.doel = vervanging
        for o in plan.overleggen:
            o.deelnemers, o.vastgelegd_door = None, None
            o.besluiten = vervanging if o.besluiten else None
    for a in afspraken:
        a.wie, a.wat, a.status_reden, a.aangemaakt_door = vervanging, vervanging, None, None


# -- printing ---------------------------------------------------------------------------------------

def afdruk(ctx, gesprek_id: int) -> dom.PlanAfdruk:
    """The plain object the plan's printouts are made from (the full version; see the two below)."""
    t = plan_toestand(ctx, gesprek_id, audit_view=False)
    from toegang_app.reports.handout import balie_voor
    from toegang_app.services.handout import balies_van

    balie = balie_voor(t.gemeente, ctx.config.get("balie_contact"), balies_van(ctx))
    stappen = tuple(dom.FaseStap(r.op.date(), r.omschrijving, r.reden) for r in t.verloop)
    return dom.PlanAfdruk(
        inwoner_naam=t.inwoner_naam, gemeente=vocab.GEMEENTEN.get(t.gemeente, t.gemeente), model_naam=t.model_naam,
        fase_naam=t.fase_naam, regisseur=t.regisseur, balie=balie.naam or "", balie_contact=balie.contact,
        evaluatiedatum=t.evaluatiedatum,
        partijen=tuple(dom.PlanPartijData(p.organisatie, p.contactpersoon, p.rol, p.delen, p.toestemming_op, p.keten)
                       for p in t.partijen),
        doelen=tuple(dom.PlanDoelData(d.soort, d.gebied, d.doel, d.bereikt_op) for d in t.doelen),
        afspraken=tuple(dom.AfspraakData(a.wie, a.wat, a.uiterlijk, a.status, a.status_reden) for a in t.afspraken),
        overleggen=tuple(dom.OverlegData(o.soort, o.datum, o.deelnemers, o.besluiten) for o in t.overleggen),
        fasen=stappen, ketenpartner=t.ketenpartner_naam, veiligheid=t.veiligheid, synthetisch=t.synthetisch)


def _veilig(ctx, gesprek_id: int, zorg_hier: bool):
    """Whether the household's summary is the safe version, and the rule for a revealing text. The same
    choice as for the resident's summary (services.veiligheid: safe when a safety concern is recorded,
    unless the worker chose otherwise); without those rules: safe whenever this case shows a concern."""
    try:
        from toegang_app.domain import veiligheid as vdom
        from toegang_app.services import veiligheid as vsvc

        cfg = vsvc.config(ctx)
        vt = vsvc.toestand(ctx, gesprek_id)
        namen = tuple(vsvc.namen_veiligheidsorganisaties(ctx))
    except (UserError, ImportError, AttributeError):
        return zorg_hier, (lambda _tekst: False)
    return (vt.samenvatting_versie == vdom.VEILIG or (zorg_hier and vt.zorg)), \
        (lambda tekst: bool(tekst) and vdom.onthult(tekst, cfg, namen))


def maak_samenvatting_pdf(ctx, gesprek_id: int, path) -> object:
    """The B1 summary for the household; the safe version when a safety concern is recorded."""
    from toegang_app.reports.regieplan import maak_plan_samenvatting

    data = afdruk(ctx, gesprek_id)
    veilig, onthult = _veilig(ctx, gesprek_id, data.veiligheid)
    data = dom.veilige_versie(data, onthult) if veilig else replace(data, veiligheid=False)
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgedrukt", "regieplan", gesprek_id,
                     toelichting="samenvatting voor het gezin" + (" (veilige versie)" if data.veiligheid else ""))
    return maak_plan_samenvatting(data, path)


def maak_partnerkopie_pdf(ctx, gesprek_id: int, partij_id: int, path) -> object:
    """The copy for one party: only what the household consented to share with it; refused without consent."""
    from toegang_app.reports.regieplan import maak_partnerkopie

    t = plan_toestand(ctx, gesprek_id, audit_view=False)
    partij = next((p for p in t.partijen if p.id == partij_id), None)
    if partij is None:
        raise RegieFout("Deze partij staat niet (meer) in het plan.", "partij")
    if not partij.delen:
        raise RegieFout(f"Het gezin heeft geen toestemming vastgelegd om iets met {partij.organisatie} te delen. "
                        "Leg eerst vast wat gedeeld mag worden (met de datum van de toestemming).", "delen")
    data = afdruk(ctx, gesprek_id)
    pd = next(p for p in data.partijen if p.organisatie == partij.organisatie and p.delen == partij.delen)
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgedrukt", "regieplan", gesprek_id,
                     toelichting=f"kopie voor een partij: {', '.join(partij.delen)}")
    return maak_partnerkopie(dom.partner_versie(data, pd), path)
