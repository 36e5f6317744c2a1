"""Follow-up conversations: the spinnenweb over time.

A vervolggesprek of the same resident starts from the previous conversation: the household and network
are carried over for the worker to confirm, the dimensions are asked again (the previous answers shown
beside the new ones), and the afspraken still open get a status (gedaan, loopt, niet gelukt with a
reason) that the statistics count. The link is the exchange format's opaque ``id`` / ``vervolg_op``
(``gesprekken.uitwisseling_id`` / ``gesprekken.vervolg_op``), so export and import keep the chain.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from toegang_app.domain import regie as rdom
from toegang_app.domain import vervolg as dom
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, STATISTIEK, require, require_team
from toegang_app.storage.models import Afspraak, Gesprek, GesprekDimensie, VervolgOvername

KLEIN = 5   # counts below this are shown as "<5" (domain brief section 6)


class VervolgFout(UserError):
    exit_code = 2

    def __init__(self, message: str, veld: str | None = None):
        super().__init__(message)
        self.veld = veld


@dataclass(frozen=True)
class AfspraakInGesprek:
    id: int
    gesprek_id: int            # the conversation in which it was agreed
    afgesproken_op: date       # that conversation's date
    wie: str
    wat: str
    uiterlijk: date | None
    status: str
    status_reden: str
    status_op: date | None
    nagekeken_in: int | None   # the follow-up that recorded its status

    @property
    def status_label(self) -> str:
        return rdom.AFSPRAAK_STATUSSEN.get(self.status, self.status)


@dataclass(frozen=True)
class WebMoment:
    gesprek_id: int
    datum: date
    scores: dict[str, int | None]
    bespreken: frozenset[str]


@dataclass(frozen=True)
class Overname:
    onderdeel: str
    label: str
    bevestigd: bool


@dataclass
class VervolgToestand:
    gesprek_id: int
    vorig_gesprek_id: int | None
    vorig_datum: date | None
    vorige_scores: dict[str, int | None] | None
    vorige_bespreken: frozenset[str] = frozenset()
    overgenomen: list[Overname] = field(default_factory=list)
    te_bespreken: list[AfspraakInGesprek] = field(default_factory=list)   # earlier afspraken, reviewed here
    eigen: list[AfspraakInGesprek] = field(default_factory=list)          # agreed in this conversation

    @property
    def is_vervolg(self) -> bool:
        return self.vorig_gesprek_id is not None

    @property
    def onbevestigd(self) -> list[Overname]:
        return [o for o in self.overgenomen if not o.bevestigd]


@dataclass(frozen=True)
class ToenEnNu:
    """What the resident's summary shows of a follow-up: both webs, a B1 sentence per changed dimension,
    and the afspraken that were met."""

    datum_toen: date
    scores_toen: dict[str, int | None]
    scores_nu: dict[str, int | None]
    zinnen: tuple[str, ...]
    gelukt: tuple[str, ...]


# -- reading ---------------------------------------------------------------------------------------

def _gesprek(s: Session, user, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def vorig_gesprek(s: Session, g: Gesprek) -> Gesprek | None:
    """The conversation this one follows up (``vervolg_op`` names its opaque id)."""
    vervolg_op = getattr(g, "vervolg_op", None)
    if not vervolg_op:
        return None
    return s.scalar(select(Gesprek).where(Gesprek.uitwisseling_id == vervolg_op, Gesprek.team == g.team)
                    .order_by(Gesprek.id).limit(1))


def _scores(s: Session, gesprek_id: int) -> tuple[dict[str, int | None], frozenset[str]]:
    rows = list(s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == gesprek_id)))
    return {r.dimensie: r.score for r in rows}, frozenset(r.dimensie for r in rows if r.bespreken)


def _rij(a: Afspraak, datum: date) -> AfspraakInGesprek:
    return AfspraakInGesprek(a.id, a.gesprek_id, datum, a.wie, a.wat, a.uiterlijk, a.status, a.status_reden or "",
                             a.status_op, a.nagekeken_in)


def _te_bespreken(s: Session, g: Gesprek) -> list[AfspraakInGesprek]:
    """Afspraken of the resident's earlier conversations that are still open (or were reviewed here)."""
    q = (select(Afspraak, Gesprek.aanmelding_datum).join(Gesprek, Gesprek.id == Afspraak.gesprek_id)
         .where(Gesprek.inwoner_id == g.inwoner_id, Gesprek.id != g.id,
                (Gesprek.aanmelding_datum < g.aanmelding_datum)
                | ((Gesprek.aanmelding_datum == g.aanmelding_datum) & (Gesprek.id < g.id)),
                Afspraak.status.in_(("open", "loopt")) | (Afspraak.nagekeken_in == g.id))
         .order_by(Gesprek.aanmelding_datum, Afspraak.id))
    return [_rij(a, d) for a, d in s.execute(q)]


def _toestand(s: Session, g: Gesprek) -> VervolgToestand:
    vorig = vorig_gesprek(s, g)
    scores, bespreken = _scores(s, vorig.id) if vorig is not None else (None, frozenset())
    over = [Overname(o.onderdeel, dom.OVERNEMEN.get(o.onderdeel, o.onderdeel), o.bevestigd_op is not None)
            for o in s.scalars(select(VervolgOvername).where(VervolgOvername.gesprek_id == g.id))]
    over.sort(key=lambda o: list(dom.OVERNEMEN).index(o.onderdeel) if o.onderdeel in dom.OVERNEMEN else 99)
    eigen = [_rij(a, g.aanmelding_datum) for a in s.scalars(select(Afspraak).where(Afspraak.gesprek_id == g.id)
                                                            .order_by(Afspraak.id))]
    return VervolgToestand(g.id, vorig.id if vorig else None, vorig.aanmelding_datum if vorig else None, scores,
                           bespreken, over, _te_bespreken(s, g), eigen)


def toestand(ctx, gesprek_id: int) -> VervolgToestand:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        return _toestand(s, _gesprek(s, user, gesprek_id))


def webs_van_inwoner(ctx, inwoner_id: int) -> list[WebMoment]:
    """The history of a resident's spinnenwebs: every conversation with at least one score, oldest first."""
    user = require(ctx.user, GESPREK_LEZEN)
    out: list[WebMoment] = []
    with ctx.sessions() as s:
        for g in s.scalars(select(Gesprek).where(Gesprek.inwoner_id == inwoner_id)
                           .order_by(Gesprek.aanmelding_datum, Gesprek.id)):
            if not user.sees_team(g.team):
                continue
            scores, bespreken = _scores(s, g.id)
            if any(v is not None for v in scores.values()):
                out.append(WebMoment(g.id, g.aanmelding_datum, scores, bespreken))
    return out


def vorige_web(ctx, gesprek_id: int) -> WebMoment | None:
    """The previous conversation's web of a follow-up (None for a conversation on its own)."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        g = _gesprek(s, user, gesprek_id)
        vorig = vorig_gesprek(s, g)
        if vorig is None:
            return None
        scores, bespreken = _scores(s, vorig.id)
        return WebMoment(vorig.id, vorig.aanmelding_datum, scores, bespreken)


def toen_en_nu(ctx, gesprek_id: int) -> ToenEnNu | None:
    """For the resident's summary of a follow-up conversation; None for a conversation on its own."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        g = _gesprek(s, user, gesprek_id)
        vorig = vorig_gesprek(s, g)
        if vorig is None:
            return None
        toen, _ = _scores(s, vorig.id)
        nu, _ = _scores(s, g.id)
        gelukt = tuple(rdom.b1_afspraak(rdom.AfspraakData(a.wie, a.wat, None, "open"))
                       for a in s.scalars(select(Afspraak).where(Afspraak.nagekeken_in == g.id,
                                                                 Afspraak.status == "gedaan").order_by(Afspraak.id)))
        return ToenEnNu(vorig.aanmelding_datum, toen, nu, tuple(dom.toen_en_nu(toen, nu)), gelukt)


# -- writing ---------------------------------------------------------------------------------------

def voeg_afspraak_toe(ctx, gesprek_id: int, afspraak: rdom.AfspraakInvoer) -> VervolgToestand:
    """An afspraak agreed in this conversation: who does what by when."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    try:
        a = rdom.valideer_afspraak(afspraak)
    except InvalidInput as exc:
        raise VervolgFout(exc.message, exc.field) from None
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        row = Afspraak(gesprek_id=g.id, wie=a.wie, wat=a.wat, uiterlijk=a.uiterlijk, status="open",
                       aangemaakt_door=(user.naam or user.gebruikersnaam)[:80], aangemaakt_op=datetime.now())
        s.add(row)
        s.flush()
        audit.record(s, user, "aangemaakt", "afspraak", row.id, toelichting=f"in gesprek {g.id}")
        return _toestand(s, g)


def verwijder_afspraak(ctx, gesprek_id: int, afspraak_id: int) -> VervolgToestand:
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        a = s.get(Afspraak, afspraak_id)
        if a is None or a.gesprek_id != g.id:
            raise VervolgFout("Deze afspraak hoort niet (meer) bij dit gesprek.", "afspraak")
        s.delete(a)
        audit.record(s, user, "verwijderd", "afspraak", afspraak_id, toelichting=f"in gesprek {g.id}")
        s.flush()
        return _toestand(s, g)


def zet_status(ctx, gesprek_id: int, afspraak_id: int, status: str, reden: str = "") -> VervolgToestand:
    """In a follow-up: the status of an afspraak of an earlier conversation (gedaan, loopt, niet gelukt
    with a reason). 'Loopt' stays open and comes back at the next follow-up."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    if status not in ("gedaan", "loopt", "niet_gelukt"):
        raise VervolgFout("Kies gedaan, loopt of niet gelukt.", "status")
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        a = s.get(Afspraak, afspraak_id)
        if a is None or a.id not in {x.id for x in _te_bespreken(s, g)}:
            raise VervolgFout("Deze afspraak staat niet bij de afspraken van eerdere gesprekken.", "afspraak")
        try:
            v = rdom.valideer_afspraak(rdom.AfspraakInvoer(a.wie, a.wat, a.uiterlijk, status, reden))
        except InvalidInput as exc:
            raise VervolgFout(exc.message, exc.field) from None
        oud = a.status
        a.status, a.status_reden, a.status_op, a.nagekeken_in = v.status, v.status_reden or None, date.today(), g.id
        audit.record(s, user, "gewijzigd", "afspraak", a.id, veld="status", oud=oud, nieuw=v.status,
                     toelichting=f"nagekeken in gesprek {g.id}")
        s.flush()
        return _toestand(s, g)


def bevestig_overname(ctx, gesprek_id: int, onderdelen: list[str] | None = None) -> VervolgToestand:
    """The worker confirms that what was carried over still holds (all of it, or the parts named)."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        g = _gesprek(s, user, gesprek_id)
        rows = list(s.scalars(select(VervolgOvername).where(VervolgOvername.gesprek_id == g.id)))
        for o in rows:
            if (onderdelen is None or o.onderdeel in onderdelen) and o.bevestigd_op is None:
                o.bevestigd_op = datetime.now()
                o.bevestigd_door = (user.naam or user.gebruikersnaam)[:80]
        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="overgenomen",
                     toelichting="overgenomen gegevens bevestigd: " + ", ".join(onderdelen or ["alles"]))
        s.flush()
        return _toestand(s, g)


def start_vervolg(ctx, vorig_gesprek_id: int) -> int:
    """Store a new conversation of the same resident that follows up ``vorig_gesprek_id``: household and
    network carried over (to be confirmed), dimensions empty, ``vervolg_op`` = the previous one's opaque id.
    Returns the new conversation's id."""
    from toegang_app.services import gesprekken as gsvc

    user = require(ctx.user, GESPREK_SCHRIJVEN)
    vorig = gsvc.laad_gesprek(ctx, vorig_gesprek_id, audit_view=False)
    if not getattr(vorig, "uitwisseling_id", None):   # stored before the field existed: give it one now
        from toegang_app.domain.gesprek import nieuw_uitwisseling_id

        with ctx.sessions.begin() as s:
            g = _gesprek(s, user, vorig_gesprek_id)
            g.uitwisseling_id = g.uitwisseling_id or nieuw_uitwisseling_id()
        vorig = gsvc.laad_gesprek(ctx, vorig_gesprek_id, audit_view=False)
    d = gsvc.nieuw_dossier(ctx, vorig.inwoner_id)
    overgenomen = []
    for key in dom.OVERNEMEN:
        try:
            waarde = getattr(vorig, key)
        except AttributeError:
            continue
        if waarde is None or waarde == "":   # not asked; [] ("asked: none") is an answer and is carried over
            continue
        setattr(d, key, copy.deepcopy(waarde))
        overgenomen.append(key)
    d.vervolg_op = vorig.uitwisseling_id
    opgeslagen = gsvc.bewaar_gesprek(ctx, d)
    gid = opgeslagen.gesprek_id
    with ctx.sessions.begin() as s:
        for key in overgenomen:
            s.add(VervolgOvername(gesprek_id=gid, onderdeel=key))
        audit.record(s, user, "aangemaakt", "gesprek", gid,
                     toelichting=f"vervolggesprek op gesprek {vorig_gesprek_id}; overgenomen: {', '.join(overgenomen)}")
    return gid


# -- statistics ----------------------------------------------------------------------------------------

def afspraken_statistiek(ctx, van: date, tot: date) -> dict[str, str]:
    """How the afspraken reviewed in follow-ups in the period ended (gedaan, loopt, niet gelukt), per
    status; counts below 5 as "<5". No names, no texts."""
    user = require(ctx.user, STATISTIEK)
    q = (select(Afspraak.status, func.count()).join(Gesprek, Gesprek.id == Afspraak.nagekeken_in)
         .where(Gesprek.aanmelding_datum >= van, Gesprek.aanmelding_datum <= tot)
         .group_by(Afspraak.status))
    if user.team is not None and user.rol != "systeem":
        q = q.where(Gesprek.team == user.team)
    with ctx.sessions() as s:
        counts = dict(s.execute(q).all())
    out = {}
    for status in ("gedaan", "loopt", "niet_gelukt"):
        n = counts.get(status, 0)
        out[status] = "<5" if 0 < n < KLEIN else str(n)
    return out

