"""AVE (Aanpak ter Voorkoming Escalatie) for one conversation: the proposed phase with the answers that
drove it, confirming or overriding it (op- and afschalen, kept with date, worker and reason), assigning a
procesregisseur with plan and review date from AVE 3, and the procesregisseur's own case list.

The rules themselves live in ``domain.ave`` (the same code answers ``toegang-admin triage``); the phases
and proposal rules are data in ``resources/ave.yaml``, loaded at start into ``ctx.resources.ave``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain import ave as domain
from toegang_app.domain import nl
from toegang_app.domain.ave import AveConfig, AveFase
from toegang_app.domain.uitvraag import Uitvraag
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import audit
from toegang_app.services.auth import AVE_REGIE, GESPREK_LEZEN, GESPREK_SCHRIJVEN, require, require_team
from toegang_app.storage.models import AveWijziging, Gebruiker, Gesprek, Inwoner

SOORT_TEKST = {domain.BEVESTIGD: "bevestigd", domain.OPSCHALEN: "opgeschaald", domain.AFSCHALEN: "afgeschaald"}
VOLGT_VOORSTEL = "Volgt het voorstel van de app: "


class AveInvoerFout(UserError):
    """Input the AVE rules refuse; ``veld`` names the field ('reden', 'fase', 'plan', ...)."""

    exit_code = 2

    def __init__(self, message: str, veld: str | None = None):
        super().__init__(message)
        self.veld = veld


# -- plain data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Voorstel:
    """The phase the answers point to. ``redenen``: the driving answers in plain Dutch."""

    fase: int
    redenen: tuple[str, ...]
    regels: tuple[str, ...]
    info: AveFase
    uitleg: tuple[str, ...] = ()   # the 'uitleg' of each rule that drove the proposal


@dataclass(frozen=True)
class Wijziging:
    id: int
    op: datetime
    van_fase: int | None
    naar_fase: int
    voorgestelde_fase: int | None
    soort: str              # bevestigd | opschalen | afschalen
    overschreven: bool
    reden: str | None
    medewerker: str | None

    @property
    def omschrijving(self) -> str:
        """One line for a timeline, e.g. 'AVE 2 → AVE 3 (opgeschaald, afwijkend van voorstel AVE 2)'."""
        if self.van_fase is None or self.van_fase == self.naar_fase:
            kop = f"AVE {self.naar_fase} {SOORT_TEKST.get(self.soort, self.soort)}"
        else:
            kop = f"AVE {self.van_fase} → AVE {self.naar_fase} ({SOORT_TEKST.get(self.soort, self.soort)})"
        if self.overschreven and self.voorgestelde_fase is not None:
            kop += f", anders dan het voorstel (AVE {self.voorgestelde_fase})"
        return kop


@dataclass(frozen=True)
class AveToestand:
    """The AVE state of one conversation as stored."""

    gesprek_id: int
    team: str
    versie: int
    fase: int | None
    fase_sinds: date | None
    dagen_in_fase: int | None
    procesregisseur_id: int | None
    procesregisseur_naam: str | None
    plan: str | None
    evaluatiedatum: date | None
    evaluatie_verlopen: bool
    ontbreekt: tuple[str, ...]          # Dutch messages: what this phase still needs
    geschiedenis: tuple[Wijziging, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RegisseurRij:
    id: int
    naam: str
    gebruikersnaam: str
    team: str | None


@dataclass(frozen=True)
class CasusRij:
    """One case of the signed-in procesregisseur."""

    gesprek_id: int
    inwoner_naam: str
    gemeente: str
    kern: str | None
    fase: int
    fase_sinds: date | None
    dagen_in_fase: int | None
    evaluatiedatum: date | None
    evaluatie_verlopen: bool        # the review date has come or passed
    dagen_tot_evaluatie: int | None  # negative = days overdue
    plan_ontbreekt: bool
    synthetisch: bool


# -- configuration and proposal --------------------------------------------------------------------

def config(ctx) -> AveConfig:
    cfg = getattr(ctx.resources, "ave", None) if ctx.resources is not None else None
    if cfg is None:
        raise UserError("De AVE-fasen (resources/ave.yaml) zijn niet geladen; zie de melding bij het starten "
                        "of vraag de beheerder om 'toegang-admin ave check'.")
    return cfg


def voorstel(ctx, uitvraag: Uitvraag) -> Voorstel:
    """Pure: the proposed phase for these answers, with the driving answers (no database)."""
    cfg = config(ctx)
    v = domain.propose_phase(uitvraag, cfg)
    uitleg = tuple(r.uitleg for r in cfg.regels if r.id in v.regels)
    return Voorstel(fase=v.fase, redenen=tuple(v.redenen), regels=tuple(v.regels), info=cfg.fasen[v.fase],
                    uitleg=uitleg)


def _invoer(exc: InvalidInput) -> AveInvoerFout:
    return AveInvoerFout(exc.message, exc.field)


# -- reading ---------------------------------------------------------------------------------------

def _wijziging(r: AveWijziging) -> Wijziging:
    return Wijziging(r.id, r.op, r.van_fase, r.naar_fase, r.voorgestelde_fase, r.soort, bool(r.overschreven),
                     r.reden, r.medewerker)


def _geschiedenis(s, gesprek_id: int) -> tuple[Wijziging, ...]:
    rows = s.scalars(select(AveWijziging).where(AveWijziging.gesprek_id == gesprek_id)
                     .order_by(AveWijziging.op, AveWijziging.id))
    return tuple(_wijziging(r) for r in rows)


def _toestand(s, g: Gesprek, cfg: AveConfig, peildatum: date) -> AveToestand:
    regisseur = s.get(Gebruiker, g.procesregisseur_id) if g.procesregisseur_id else None
    ontbreekt: tuple[str, ...] = ()
    if g.ave_fase is not None:
        ontbreekt = tuple(domain.missing_requirements(
            g.ave_fase, procesregisseur=regisseur.naam if regisseur else None, plan=g.plan,
            evaluatiedatum=g.evaluatiedatum, cfg=cfg))
    return AveToestand(
        gesprek_id=g.id, team=g.team, versie=g.versie, fase=g.ave_fase, fase_sinds=g.ave_fase_sinds,
        dagen_in_fase=domain.days_in_phase(g.ave_fase_sinds, peildatum) if g.ave_fase_sinds else None,
        procesregisseur_id=g.procesregisseur_id, procesregisseur_naam=regisseur.naam if regisseur else None,
        plan=g.plan, evaluatiedatum=g.evaluatiedatum,
        evaluatie_verlopen=domain.review_due(g.evaluatiedatum, peildatum) if g.ave_fase else False,
        ontbreekt=ontbreekt, geschiedenis=_geschiedenis(s, g.id))


def _gesprek(s, user, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def toestand(ctx, gesprek_id: int, *, peildatum: date | None = None, audit_view: bool = True) -> AveToestand:
    """Phase, since when, procesregisseur, plan, review date, what is missing and the full history."""
    user = require(ctx.user, GESPREK_LEZEN)
    cfg = config(ctx)
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        if audit_view:
            audit.record_view(s, user, "gesprek", g.id)
        return _toestand(s, g, cfg, peildatum or date.today())


def geschiedenis(ctx, gesprek_id: int) -> list[Wijziging]:
    """Every confirmation and change of phase of this conversation, oldest first."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        audit.record_view(s, user, "gesprek", g.id)
        return list(_geschiedenis(s, g.id))


# -- changing --------------------------------------------------------------------------------------

def _check_versie(g: Gesprek, verwachte_versie: int | None) -> None:
    if verwachte_versie is not None and g.versie != verwachte_versie:
        raise ConcurrentEdit("Iemand anders heeft dit gesprek intussen opgeslagen. Open het gesprek opnieuw en "
                             "kies de AVE-fase daarna nog eens; er is niets gewijzigd.")


def _stored_voorstel(ctx, gesprek_id: int):
    """The proposal computed from the conversation as stored (the editor saves it first)."""
    from toegang_app.services.gesprekken import laad_gesprek

    dossier = laad_gesprek(ctx, gesprek_id, audit_view=False)
    return domain.propose_phase(dossier.to_uitvraag(), config(ctx))


def bevestig_fase(ctx, gesprek_id: int, fase: int, reden: str | None = None, voorgestelde_fase: int | None = None,
                  verwachte_versie: int | None = None) -> AveToestand:
    """Confirm the proposed phase or choose another one.

    Choosing another phase than proposed (an override) needs a reason. A change of phase (op- or
    afschalen) that follows the proposal gets the driving answers as its reason when the worker wrote
    none. ``voorgestelde_fase`` is the proposal the worker saw; without it the proposal is computed from
    the stored conversation. Raises AveInvoerFout (Dutch, naming the field) or ConcurrentEdit."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    cfg = config(ctx)
    if isinstance(fase, bool) or fase not in (1, 2, 3, 4):
        raise AveInvoerFout("Kies een AVE-fase: 1, 2, 3 of 4.", "fase")
    opgeslagen = _stored_voorstel(ctx, gesprek_id)
    voorgesteld = voorgestelde_fase if voorgestelde_fase is not None else opgeslagen.fase
    try:
        tekst = domain.validate_override(voorgesteld, fase, reden)
    except InvalidInput as exc:
        raise _invoer(exc) from None
    overschreven = fase != voorgesteld
    vandaag = date.today()
    try:
        with ctx.sessions.begin() as s:
            g = _gesprek(s, user, gesprek_id)
            _check_versie(g, verwachte_versie)
            van = g.ave_fase
            if not tekst and van is not None and van != fase and opgeslagen.fase == fase:
                tekst = VOLGT_VOORSTEL + "; ".join(opgeslagen.redenen)
            try:
                change = domain.PhaseChange(naar=fase, datum=vandaag, medewerker=user.naam, van=van,
                                            voorgesteld=voorgesteld, reden=tekst)
            except InvalidInput as exc:
                raise _invoer(exc) from None
            g.ave_fase = fase
            if van != fase or g.ave_fase_sinds is None:
                g.ave_fase_sinds = vandaag
            g.gewijzigd_op = datetime.now()
            s.add(AveWijziging(gesprek_id=g.id, van_fase=van, naar_fase=fase, voorgestelde_fase=voorgesteld,
                               soort=change.soort, overschreven=overschreven, reden=tekst,
                               medewerker=(user.naam or user.gebruikersnaam)[:80], op=datetime.now()))
            # the reason is free text: the audit trail says that there is one, not what it says
            audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="ave_fase", oud=van, nieuw=fase,
                         toelichting=f"{change.soort}; voorstel AVE {voorgesteld}"
                         + ("; afwijkend van het voorstel, met reden" if overschreven else ""))
            s.flush()
            return _toestand(s, g, cfg, vandaag)
    except StaleDataError:
        raise ConcurrentEdit("Iemand anders sloeg dit gesprek op terwijl u de AVE-fase koos. Open het gesprek "
                             "opnieuw; er is niets gewijzigd.") from None


def wijs_regisseur_toe(ctx, gesprek_id: int, gebruiker_id: int | None, plan: str | None,
                       evaluatiedatum: date | None, verwachte_versie: int | None = None,
                       peildatum: date | None = None) -> AveToestand:
    """From AVE 3 (``procesregie_vanaf``): één gezin, één plan, één regisseur. Procesregisseur, plan and
    review date are all required; the review date may not lie in the past."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    cfg = config(ctx)
    vandaag = peildatum or date.today()
    plan_tekst = (plan or "").strip() or None
    try:
        with ctx.sessions.begin() as s:
            g = _gesprek(s, user, gesprek_id)
            _check_versie(g, verwachte_versie)
            if g.ave_fase is None or g.ave_fase < cfg.procesregie_vanaf:
                huidig = f"AVE {g.ave_fase}" if g.ave_fase else "nog geen bevestigde fase"
                raise AveInvoerFout(f"Een procesregisseur wijst u toe vanaf AVE {cfg.procesregie_vanaf}. Dit gesprek "
                                    f"heeft {huidig}; bevestig eerst de fase.", "fase")
            regisseur = s.get(Gebruiker, gebruiker_id) if gebruiker_id is not None else None
            if gebruiker_id is not None:
                if regisseur is None or not regisseur.actief or regisseur.rol != "procesregisseur":
                    raise AveInvoerFout("Kies een actieve procesregisseur uit de lijst.", "procesregisseur")
                if regisseur.team not in (None, g.team):
                    raise AveInvoerFout(f"{regisseur.naam} werkt voor een andere balie. Kies een procesregisseur "
                                        "van deze balie.", "procesregisseur")
            ontbreekt = domain.missing_requirements(g.ave_fase, procesregisseur=regisseur.naam if regisseur else None,
                                                    plan=plan_tekst, evaluatiedatum=evaluatiedatum, cfg=cfg)
            if ontbreekt:
                veld = ("procesregisseur" if regisseur is None else "plan" if plan_tekst is None else "evaluatiedatum")
                raise AveInvoerFout(" ".join(ontbreekt), veld)
            if evaluatiedatum < vandaag and evaluatiedatum != g.evaluatiedatum:
                raise AveInvoerFout(f"De evaluatiedatum {nl.datum(evaluatiedatum)} ligt in het verleden. Kies "
                                    f"vandaag ({nl.datum_lang(vandaag)}) of later.", "evaluatiedatum")
            oud = {"procesregisseur_id": g.procesregisseur_id, "evaluatiedatum": g.evaluatiedatum}
            plan_oud = g.plan
            g.procesregisseur_id = regisseur.id
            g.plan = plan_tekst
            g.evaluatiedatum = evaluatiedatum
            g.gewijzigd_op = datetime.now()
            audit.record_changes(s, user, "gesprek", g.id, oud,
                                 {"procesregisseur_id": g.procesregisseur_id, "evaluatiedatum": g.evaluatiedatum})
            if plan_oud != plan_tekst:
                audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="plan", toelichting="tekst gewijzigd")
            s.flush()
            return _toestand(s, g, cfg, vandaag)
    except StaleDataError:
        raise ConcurrentEdit("Iemand anders sloeg dit gesprek op terwijl u de procesregie vastlegde. Open het "
                             "gesprek opnieuw; er is niets gewijzigd.") from None


# -- people and cases ------------------------------------------------------------------------------

def procesregisseurs(ctx, team: str | None) -> list[RegisseurRij]:
    """Active users with the role procesregisseur who can work for this desk (``team``; None = every
    desk, only for a user who sees all desks)."""
    user = require(ctx.user, GESPREK_LEZEN)
    q = select(Gebruiker).where(Gebruiker.actief.is_(True), Gebruiker.rol == "procesregisseur")
    if team is not None:
        require_team(user, team)
        q = q.where(or_(Gebruiker.team == team, Gebruiker.team.is_(None)))
    elif user.team is not None and user.rol != "systeem":
        q = q.where(or_(Gebruiker.team == user.team, Gebruiker.team.is_(None)))
    with ctx.sessions() as s:
        rows = s.scalars(q.order_by(Gebruiker.naam, Gebruiker.id))
        return [RegisseurRij(r.id, r.naam, r.gebruikersnaam, r.team) for r in rows]


def mijn_casussen(ctx, peildatum: date | None = None) -> list[CasusRij]:
    """The open cases in which the signed-in user is procesregisseur and the phase still asks for one,
    most urgent review first (overdue, then soonest, then without a date)."""
    user = require(ctx.user, AVE_REGIE)
    if user.id is None:
        raise UserError("Uw aanmelding is niet gekoppeld aan een gebruiker in Toegang. Vraag de beheerder om u "
                        "als procesregisseur toe te voegen.")
    cfg = config(ctx)
    vandaag = peildatum or date.today()
    q = (select(Gesprek, Inwoner).join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .where(Gesprek.procesregisseur_id == user.id, Gesprek.status == "open",
                Gesprek.ave_fase >= cfg.procesregie_vanaf, Inwoner.geanonimiseerd.is_(False)))
    out: list[CasusRij] = []
    with ctx.sessions.begin() as s:
        for g, i in s.execute(q):
            if not user.sees_team(g.team):
                continue
            tot = (g.evaluatiedatum - vandaag).days if g.evaluatiedatum else None
            out.append(CasusRij(
                gesprek_id=g.id, inwoner_naam=i.naam, gemeente=g.gemeente, kern=g.kern, fase=g.ave_fase,
                fase_sinds=g.ave_fase_sinds,
                dagen_in_fase=domain.days_in_phase(g.ave_fase_sinds, vandaag) if g.ave_fase_sinds else None,
                evaluatiedatum=g.evaluatiedatum, evaluatie_verlopen=domain.review_due(g.evaluatiedatum, vandaag),
                dagen_tot_evaluatie=tot, plan_ontbreekt=not (g.plan or "").strip(), synthetisch=bool(g.synthetisch)))
        audit.record(s, user, "bekeken", "ave_casussen", user.id, toelichting=f"{len(out)} casussen")
    out.sort(key=lambda c: (c.dagen_tot_evaluatie is None,
                            c.dagen_tot_evaluatie if c.dagen_tot_evaluatie is not None else 0, -c.fase, c.gesprek_id))
    audit.record_shown(ctx, user, "AVE-casussen", gesprek_ids=[c.gesprek_id for c in out])  # issue 19, item 12
    return out


# -- AVE 4 ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RouteStap:
    """One organisation of the safety route: the kaart entry, or only its id when the kaart lacks it."""

    voorziening_id: str
    voorziening: object | None   # domain.kaart.Voorziening


def veiligheidsroute(ctx) -> list[RouteStap]:
    """The safety route of AVE 4 (ids in ave.yaml), each resolved in the desk's own kaart, so that
    names, descriptions and contact details come from the kaart and nowhere else."""
    from toegang_app.services.kaart import effectieve_kaart

    ids = config(ctx).veiligheidsroute
    try:
        kaart = {v.id: v for v in effectieve_kaart(ctx)}
    except UserError:
        kaart = {}
    return [RouteStap(vid, kaart.get(vid)) for vid in ids]


def vastleggen_in_fase(ctx, fase: int) -> list[str]:
    """What to record in this phase, in words (ave.yaml 'vastleggen')."""
    return [domain.REQUIREMENT_LABELS.get(x, x) for x in config(ctx).fasen[fase].vastleggen]
