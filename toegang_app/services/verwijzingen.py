"""Referrals: create from a suggestion or by hand (with consent), change status with history, list.

Every change is written to the audit trail in the same transaction; ``Verwijzing.versie`` guards against
two workers changing the same referral at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain import verwijzing as rules
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, VERWIJZEN, require, require_team
from toegang_app.storage.engine import herhaal_bij_conflict
from toegang_app.storage.models import Gesprek, Verwijzing, VerwijzingStatus, VerwijzingVeiligheid


@dataclass
class StatusRegel:
    status: str
    reden: str | None
    notitie: str | None
    medewerker: str | None
    op: datetime


@dataclass
class VerwijzingInfo:
    id: int
    gesprek_id: int
    voorziening_id: str
    naam: str
    aanbieder: str | None
    trede: int
    wet: str | None
    datum: date
    aangemaakt_door: str | None
    overdracht: str
    toestemming: bool
    toestemming_datum: date | None
    toestemming_delen: str | None
    notitie: str | None
    opvolgdatum: date | None
    status: str
    status_reden: str | None
    status_sinds: date
    versie: int
    telefoon: str | None = None
    email: str | None = None
    website: str | None = None
    adres: str | None = None
    ingetrokken: bool = False
    geschiedenis: list[StatusRegel] = field(default_factory=list)
    # a hand-over to Veilig Thuis: anonymous about the resident, whether she knows, and why not
    anoniem: bool | None = None
    inwoner_weet: bool | None = None
    waarom_niet: str | None = None

    @property
    def status_label(self) -> str:
        label = rules.STATUSSEN.get(self.status, self.status)
        if self.status_reden:
            label += f": {rules.REDENEN_NIET_GESTART.get(self.status_reden, self.status_reden).lower()}"
        return label


def _kaart(ctx) -> dict:
    from toegang_app.services.kaart import effectieve_kaart

    try:
        return {v.id: v for v in effectieve_kaart(ctx)}
    except UserError:
        return {}


def _gesprek(s, user, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def voorzieningen_voor_gesprek(ctx, gesprek_id: int) -> list:
    """The active voorzieningen a worker may refer this conversation's resident to: those of the
    resident's gemeente and the regional ones, by name."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        gemeente = _gesprek(s, user, gesprek_id).gemeente
    return sorted((v for v in _kaart(ctx).values() if v.actief and (v.regionaal or gemeente in v.gemeenten)),
                  key=lambda v: v.naam.lower())


class VerwijzingId(int):
    """The id of a new referral, carrying ``gesprek_versie``: the conversation's version after the write
    (a referral may move the conversation's retention law, which bumps its version)."""

    gesprek_versie: int

    def __new__(cls, verwijzing_id: int, gesprek_versie: int):
        obj = super().__new__(cls, verwijzing_id)
        obj.gesprek_versie = gesprek_versie
        return obj


@herhaal_bij_conflict
def maak_verwijzing(ctx, gesprek_id: int, voorziening_id: str, *, overdracht: str, toestemming: bool,
                    toestemming_delen: str | None = None, notitie: str | None = None,
                    opvolgdatum: date | None = None, status: str = "verwezen", vandaag: date | None = None,
                    anoniem: bool = False, inwoner_weet: bool | None = None,
                    waarom_niet: str | None = None, toestemmer=None) -> VerwijzingId:
    """Store a referral; returns its id (with the conversation's new version). Raises InvalidInput
    (Dutch, naming the field).

    A hand-over to Veilig Thuis (``advies_veilig_thuis``, ``melding_veilig_thuis``) records what is shared
    (``toestemming_delen``, also without consent), whether it is ``anoniem`` about the resident, and whether
    the resident knows (``inwoner_weet``; ``waarom_niet`` when not).

    With consent, ``toestemmer`` (a ``domain.rechten.Toestemmer``) says who gave it: the resident, or a
    representative whose scope covers this voorziening; for a child under 16 the parent with gezag (UAVG
    art. 5). Without it the first person ``services.rechten.toestemming_voor`` names is taken; when
    nobody may consent yet (a child without a recorded parent) nothing is stored."""
    user = require(ctx.user, VERWIJZEN)
    today = vandaag or date.today()
    rules.check_toestemming(overdracht, toestemming, toestemming_delen)
    vt = overdracht in rules.VEILIG_THUIS
    if vt:
        from toegang_app.services.veiligheid import config as veiligheid_config

        rules.check_veilig_thuis(overdracht, voorziening_id, veiligheid_config(ctx).veilig_thuis_voorziening,
                                 anoniem=bool(anoniem), delen=toestemming_delen, inwoner_weet=inwoner_weet,
                                 waarom_niet=waarom_niet)
    if toestemming:
        from toegang_app.services import rechten

        vraag = rechten.toestemming_voor(ctx, gesprek_id, voorziening_id)
        if not vraag.keuzes:
            raise InvalidInput("toestemming", vraag.probleem or "Niemand kan nu toestemming geven.")
        if toestemmer is None:
            toestemmer = vraag.keuzes[0]
        elif not any(k.door == toestemmer.door and k.vertegenwoordiger_id == toestemmer.vertegenwoordiger_id
                     for k in vraag.keuzes):
            raise InvalidInput("toestemmer", f"{toestemmer.naam} kan voor deze verwijzing geen toestemming geven. "
                               + vraag.uitleg)
    if status not in rules.OPEN:
        raise InvalidInput("status", "Een nieuwe verwijzing is voorgesteld, verwezen of aangemeld.")
    if opvolgdatum is not None and opvolgdatum < today:
        raise InvalidInput("opvolgdatum", "De opvolgdatum ligt in het verleden. Kies vandaag of later.")
    v = _kaart(ctx).get(voorziening_id)
    if v is None:
        raise InvalidInput("voorziening", "Deze voorziening staat niet in de sociale kaart.")
    if not v.actief:
        raise InvalidInput("voorziening", f"'{v.naam}' is ingetrokken en kan niet meer worden gekozen.")
    now = datetime.now()
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        if not (v.regionaal or g.gemeente in v.gemeenten):
            raise InvalidInput("voorziening", f"'{v.naam}' is er niet voor inwoners van deze gemeente.")
        r = Verwijzing(
            gesprek_id=g.id, voorziening_id=v.id, voorziening_naam=v.naam, aanbieder=v.aanbieder, trede=v.trede,
            wet=v.wet, gemeente=g.gemeente, kern=g.kern, team=g.team, datum=today,
            aangemaakt_door=user.gebruikersnaam, aangemaakt_op=now, overdracht=overdracht,
            toestemming=bool(toestemming), toestemming_datum=today if toestemming else None,
            toestemming_delen=(toestemming_delen or "").strip() or None if toestemming or (vt and not anoniem) else None,
            notitie=(notitie or "").strip() or None, opvolgdatum=opvolgdatum, status=status,
            status_sinds=today, synthetisch=bool(g.synthetisch))
        s.add(r)
        s.flush()
        s.add(VerwijzingStatus(verwijzing_id=r.id, status=status, medewerker=user.gebruikersnaam, op=now,
                               notitie="verwijzing gemaakt"))
        if vt:
            s.add(VerwijzingVeiligheid(verwijzing_id=r.id, anoniem=bool(anoniem), inwoner_weet=bool(inwoner_weet),
                                       waarom_niet=None if inwoner_weet else (waarom_niet or "").strip()))
        audit.record(s, user, "aangemaakt", "verwijzing", r.id,
                     toelichting=f"gesprek {g.id}, {v.id}, {overdracht}, toestemming {'ja' if toestemming else 'nee'}"
                     + (f", anoniem {'ja' if anoniem else 'nee'}, inwoner weet {'ja' if inwoner_weet else 'nee'}"
                        if vt else ""))
        if toestemming:
            from toegang_app.services.rechten import leg_toestemmer_vast

            leg_toestemmer_vast(s, user, r.id, toestemmer)
        _afgeleid(ctx, s, g)
        s.flush()
        return VerwijzingId(r.id, g.versie)


@herhaal_bij_conflict
def wijzig_status(ctx, verwijzing_id: int, naar: str, *, reden: str | None = None, notitie: str | None = None,
                  opvolgdatum: date | None = None, verwachte_versie: int | None = None,
                  vandaag: date | None = None) -> VerwijzingInfo:
    user = require(ctx.user, VERWIJZEN)
    today = vandaag or date.today()
    try:
        with ctx.sessions.begin() as s:
            r = s.get(Verwijzing, verwijzing_id)
            if r is None:
                raise UserError(f"Verwijzing {verwijzing_id} bestaat niet (meer).")
            require_team(user, r.team)
            if verwachte_versie is not None and r.versie != verwachte_versie:
                raise ConcurrentEdit("Een collega heeft deze verwijzing intussen gewijzigd. Bekijk de nieuwe status "
                                     "en probeer het opnieuw.")
            rules.check_overgang(r.status, naar, reden, opvolgdatum, today)
            oud = {"status": r.status, "status_reden": r.status_reden, "opvolgdatum": r.opvolgdatum}
            r.status, r.status_reden, r.status_sinds = naar, reden, today
            r.opvolgdatum = opvolgdatum if naar in rules.OPEN else None
            s.add(VerwijzingStatus(verwijzing_id=r.id, status=naar, reden=reden,
                                   notitie=(notitie or "").strip() or None, medewerker=user.gebruikersnaam,
                                   op=datetime.now()))
            audit.record_changes(s, user, "verwijzing", r.id, oud,
                                 {"status": r.status, "status_reden": r.status_reden, "opvolgdatum": r.opvolgdatum})
            s.flush()
            # only this referral is read back: the others did not change
            return _infos(s, [r], _kaart(ctx))[0]
    except StaleDataError:
        raise ConcurrentEdit("Een collega heeft deze verwijzing intussen gewijzigd. Probeer het opnieuw.") from None


def _afgeleid(ctx, s, g: Gesprek) -> None:
    from toegang_app.services.gesprekken import werk_afgeleide_gegevens_bij

    werk_afgeleide_gegevens_bij(s, g, ctx=ctx)


def verwijzingen_van(ctx, gesprek_id: int, *, audit_view: bool = True) -> list[VerwijzingInfo]:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions.begin() as s:
        _gesprek(s, user, gesprek_id)
        rows = list(s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id == gesprek_id).order_by(Verwijzing.id)))
        if audit_view and rows:
            audit.record(s, user, "bekeken", "verwijzingen", gesprek_id)
        return _infos(s, rows, _kaart(ctx))


def _infos(s, rows: list[Verwijzing], kaart: dict) -> list[VerwijzingInfo]:
    hist: dict[int, list[StatusRegel]] = {}
    if rows:
        for h in s.scalars(select(VerwijzingStatus).where(VerwijzingStatus.verwijzing_id.in_([r.id for r in rows]))
                           .order_by(VerwijzingStatus.op, VerwijzingStatus.id)):
            hist.setdefault(h.verwijzing_id, []).append(StatusRegel(h.status, h.reden, h.notitie, h.medewerker, h.op))
    vt = {x.verwijzing_id: x for x in s.scalars(select(VerwijzingVeiligheid).where(
        VerwijzingVeiligheid.verwijzing_id.in_([r.id for r in rows])))} if rows else {}
    out = []
    for r in rows:
        v = kaart.get(r.voorziening_id)
        x = vt.get(r.id)
        c = getattr(v, "contact", None)   # the kaart's contact details (domain.kaart.Contact)
        out.append(VerwijzingInfo(
            r.id, r.gesprek_id, r.voorziening_id, r.voorziening_naam, r.aanbieder, r.trede, r.wet, r.datum,
            r.aangemaakt_door, r.overdracht, bool(r.toestemming), r.toestemming_datum, r.toestemming_delen,
            r.notitie, r.opvolgdatum, r.status, r.status_reden, r.status_sinds, r.versie,
            telefoon=getattr(c, "telefoon", None), email=getattr(c, "email", None),
            website=getattr(c, "website", None), adres=getattr(c, "adres", None),
            ingetrokken=v is not None and not v.actief, geschiedenis=hist.get(r.id, []),
            anoniem=bool(x.anoniem) if x else None, inwoner_weet=bool(x.inwoner_weet) if x else None,
            waarom_niet=x.waarom_niet if x else None))
    return out
