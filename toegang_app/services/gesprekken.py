"""Conversations (brede uitvraag) and the residents they belong to.

Use cases: find a resident as you type, offer likely duplicates before creating one, start, load and
save a conversation (optimistic locking, field-level merge), list recent conversations, and move one
conversation in and out of the exchange format. Returns plain dataclasses; the UI never sees a model.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain import gesprek_velden as gv
from toegang_app.domain import invoer, vocab
from toegang_app.domain.bsn import validate_bsn
from toegang_app.domain.gesprek import (
    DimensieInvoer,
    GesprekDossier,
    InwonerGegevens,
    SignaalInvoer,
    nieuw_uitwisseling_id,
)
from toegang_app.domain.uitvraag import FormatError, Uitvraag, parse_uitvraag, uitvraag_to_dict
from toegang_app.domain.validation import InvalidInput, parse_datum, parse_geboortedatum_of_jaar
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, require, require_team
from toegang_app.services.gesprekslijsten import (  # noqa: F401 - the lists, on Core (the start): same names here
    GesprekRij,
    gesprekken_van_inwoner,
    recente_gesprekken,
)
from toegang_app.services.gesprekslijsten import team_filter as _team_filter
from toegang_app.storage.engine import herhaal_bij_conflict
from toegang_app.storage.models import AuditRegel, Gebruiker, Gesprek, GesprekDimensie, Inwoner, OnderbouwingMaatwerk
from toegang_app.storage.models import Signaal as SignaalRij

ONBEKENDE_NAAM = "Onbekend (uit uitwisselbestand)"
POSTCODE = re.compile(r"^\s*(\d{4})\s?([A-Za-z]{2})?\s*$")


# -- plain data ------------------------------------------------------------------------------------
# The dossier and its parts are domain data (domain.gesprek); its fields are declared once in
# domain.gesprek_velden. They are the plain objects this service takes and returns.


@dataclass
class InwonerRij:
    id: int
    naam: str
    geboortedatum: date | None
    geboortejaar: int | None
    gemeente: str
    kern: str | None
    postcode: str | None
    bsn_kort: str | None          # last 3 digits only, for recognition
    synthetisch: bool = False
    reden: str | None = None      # why this is offered as a likely duplicate


# -- validation ------------------------------------------------------------------------------------

def normaliseer_naam(naam: str) -> str:
    """Lower case, accents removed, single spaces: the form stored in ``zoeknaam``."""
    text = unicodedata.normalize("NFKD", naam or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).split())


def parse_geboorte(text: str) -> tuple[date | None, int | None]:
    """Birth date 'dd-mm-jjjj' or year 'jjjj'; empty = unknown. Raises InvalidInput (Dutch)."""
    if not text or not text.strip():
        return None, None
    return parse_geboortedatum_of_jaar(text, field="geboortedatum")


def check_inwoner(g: InwonerGegevens) -> list[InvalidInput]:
    """Every problem with the resident's data (empty list = fine); the BSN is normalised in place."""
    problems: list[InvalidInput] = []
    if not g.naam.strip():
        problems.append(InvalidInput("naam", "Vul de naam van de inwoner in."))
    else:
        try:
            invoer.controleer_naam(g.naam)  # length, letters, no control or invisible characters (issue 19)
        except InvalidInput as exc:
            problems.append(exc)
    try:
        invoer.controleer_geboorte(g.geboortedatum, g.geboortejaar)
    except InvalidInput as exc:
        problems.append(exc)
    if g.gemeente not in vocab.GEMEENTEN:
        problems.append(InvalidInput("gemeente", "Kies de gemeente: Haaksbergen of Twenterand."))
    elif g.kern and not vocab.kern_valid(g.gemeente, g.kern):
        problems.append(InvalidInput("kern", f"'{g.kern}' is geen kern van {vocab.GEMEENTEN[g.gemeente]}."))
    if g.geboortedatum and g.geboortedatum > date.today():
        problems.append(InvalidInput("geboortedatum", "Een geboortedatum kan niet in de toekomst liggen."))
    if g.bsn:
        try:
            g.bsn = validate_bsn(g.bsn)
        except InvalidInput as exc:
            problems.append(exc)
    if g.postcode:
        m = POSTCODE.match(g.postcode)
        if not m or not m.group(2):
            problems.append(InvalidInput("postcode", "Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 7481 AB."))
        else:
            g.postcode = f"{m.group(1)} {m.group(2).upper()}"
    if g.email and ("@" not in g.email or " " in g.email.strip()):
        problems.append(InvalidInput("email", "Dit e-mailadres klopt niet. Controleer het of laat het leeg."))
    return problems


def _teksten(waarde: Any):
    """Every string inside a flat field value (a text, or the texts in a list of signals)."""
    if isinstance(waarde, str):
        yield waarde
    elif isinstance(waarde, (tuple, list)):
        for x in waarde:
            yield from _teksten(x)


def check_dossier(d: GesprekDossier) -> list[InvalidInput]:
    problems = check_inwoner(d.inwoner)
    if d.aanmelding_datum > date.today():
        problems.append(InvalidInput("aanmelding_datum", "De datum van aanmelding kan niet in de toekomst liggen."))
    elif d.aanmelding_datum < invoer.AANMELDING_VANAF:
        try:
            invoer.controleer_aanmelding(d.aanmelding_datum)
        except InvalidInput as exc:
            problems.append(exc)
    # every text of the field table at most 20 000 characters, no control characters (issue 19, item 10)
    for key, waarde in gv.vlak(d).items():
        if key.startswith("inwoner."):
            continue   # checked above
        veld = key.rsplit(".", 1)[0] if key.startswith("dimensies.") else key
        label = gv.label(key)
        for tekst in _teksten(waarde):
            try:
                invoer.controleer_tekst(tekst, veld, label[:1].upper() + label[1:])
            except InvalidInput as exc:
                problems.append(exc)
                break
    if d.inkomen_pct is not None and not 0 <= d.inkomen_pct <= 1000:
        problems.append(InvalidInput("inkomen_pct", "Het inkomen is een percentage van de bijstandsnorm (0 tot 1000)."))
    gemeld = {p.field for p in problems}
    for key, message in gv.fouten(d):
        if key.startswith("inwoner.") or key in gemeld:
            continue   # checked above, with the messages the desk knows
        problems.append(InvalidInput(key.rsplit(".", 1)[0] if key.startswith("dimensies.") else key, message))
    return problems


# -- search ----------------------------------------------------------------------------------------

def _rij(i: Inwoner, reden: str | None = None) -> InwonerRij:
    return InwonerRij(i.id, i.naam, i.geboortedatum, i.geboortejaar, i.gemeente, i.kern, i.postcode,
                      f"…{i.bsn[-3:]}" if i.bsn else None, bool(i.synthetisch), reden)


def zoek_inwoners(ctx, tekst: str, limit: int = 50) -> list[InwonerRij]:
    """Residents of the worker's desk matching a name, birth date (dd-mm-jjjj), year, BSN, postcode or kern.

    Several words narrow the search (all must match). Fast enough to run on every keystroke over
    100 000 residents (indexed birth date, BSN and postcode; name by prefix-free substring)."""
    user = require(ctx.user, GESPREK_LEZEN)
    invoer.controleer_zoektekst(tekst)
    words = (tekst or "").split()
    if not words:
        return []
    q = select(Inwoner.id).where(Inwoner.geanonimiseerd.is_(False))
    team = _team_filter(user)
    if team:
        q = q.where(Inwoner.gemeente == team)
    kernen = {k.lower(): k for ks in vocab.KERNEN.values() for k in ks}
    rest = []
    joined = " ".join(words)
    pc = POSTCODE.match(joined)
    if pc:
        prefix = pc.group(1) + (f" {pc.group(2).upper()}" if pc.group(2) else "")
        cond = Inwoner.postcode.like(prefix + "%")
        if not pc.group(2) and 1900 <= int(pc.group(1)) <= date.today().year:
            cond = or_(cond, Inwoner.geboortejaar == int(pc.group(1)))  # '1961': a year or a postcode
        q = q.where(cond)
        words = []
    elif joined.lower() in kernen:
        q = q.where(Inwoner.kern == kernen[joined.lower()])
        words = []
    for w in words:
        digits = re.sub(r"[\s.\-]", "", w)
        if re.fullmatch(r"\d{9}", digits):
            q = q.where(Inwoner.bsn == digits)
        elif re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}", w) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", w):
            try:
                q = q.where(Inwoner.geboortedatum == parse_datum(w, field=None))
            except InvalidInput:
                return []
        elif re.fullmatch(r"(19|20)\d\d", w):
            q = q.where(Inwoner.geboortejaar == int(w))
        else:
            rest.append(normaliseer_naam(w))
    for w in rest:
        if w:
            q = q.where(Inwoner.zoeknaam.contains(w, autoescape=True))
    # the ids first (from the covering index ix_inwoners_zoeken, also when a typed fragment matches
    # nobody and every name of the desk is tested), then only those rows: one statement
    ids = q.order_by(Inwoner.zoeknaam, Inwoner.id).limit(limit).scalar_subquery()
    rows_q = select(Inwoner).where(Inwoner.id.in_(ids)).order_by(Inwoner.zoeknaam, Inwoner.id)
    with ctx.sessions() as s:
        rows = [_rij(i) for i in s.scalars(rows_q)]
    audit.record_shown(ctx, user, "zoekresultaat", inwoner_ids=[r.id for r in rows])  # issue 19, item 12
    return rows


def mogelijke_dubbelen(ctx, g: InwonerGegevens, behalve: int | None = None) -> list[InwonerRij]:
    """Residents who are probably the same person: same BSN, or same birth date and a similar name."""
    user = require(ctx.user, GESPREK_LEZEN)
    conds = []
    bsn = None
    if g.bsn:
        try:
            bsn = validate_bsn(g.bsn)
            conds.append(Inwoner.bsn == bsn)
        except InvalidInput:
            pass
    if g.geboortedatum:
        conds.append(Inwoner.geboortedatum == g.geboortedatum)
    if not conds:
        return []
    q = select(Inwoner).where(or_(*conds), Inwoner.geanonimiseerd.is_(False))
    team = _team_filter(user)
    if team:
        q = q.where(Inwoner.gemeente == team)
    if behalve:
        q = q.where(Inwoner.id != behalve)
    naam = normaliseer_naam(g.naam)
    out = []
    with ctx.sessions() as s:
        for i in s.scalars(q.limit(200)):
            if bsn and i.bsn == bsn:
                out.append(_rij(i, "zelfde BSN"))
            elif g.geboortedatum and i.geboortedatum == g.geboortedatum and _lijkt_op(naam, i.zoeknaam):
                out.append(_rij(i, "zelfde geboortedatum en een naam die erop lijkt"))
    audit.record_shown(ctx, user, "mogelijke dubbele inwoner", inwoner_ids=[r.id for r in out])
    return out


def _lijkt_op(a: str, b: str) -> bool:
    """Similar names: close spelling ('Jansen'/'Janssen'), or every word of the shorter name found in
    the longer one, where a single letter stands for an initial ('A. de Boer' ~ 'Anna de Boer')."""
    if not a or not b:
        return False
    if difflib.SequenceMatcher(None, a, b).ratio() >= 0.75:
        return True
    short, long_ = sorted((a.split(), b.split()), key=len)
    full_match = False
    for t in short:
        if t in long_:
            full_match = full_match or len(t) > 2
        elif len(t) == 1 and any(w.startswith(t) for w in long_):
            continue
        elif any(difflib.SequenceMatcher(None, t, w).ratio() >= 0.8 for w in long_ if len(w) > 3):
            full_match = full_match or len(t) > 3
        else:
            return False
    return full_match


# -- load and save ---------------------------------------------------------------------------------

def nieuw_dossier(ctx, inwoner_id: int | None = None) -> GesprekDossier:
    """An empty conversation for a new resident, or for an existing one (their data filled in)."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    team = user.team or ctx.config.get("team") or "haaksbergen"
    d = GesprekDossier(team=team, inwoner=InwonerGegevens(gemeente=team), medewerker=user.naam)
    if inwoner_id is not None:
        with ctx.sessions.begin() as s:
            i = s.get(Inwoner, inwoner_id)
            if i is None or i.geanonimiseerd:
                raise UserError("Deze inwoner bestaat niet (meer).")
            require_team(user, i.gemeente)
            audit.record_view(s, user, "inwoner", i.id)
            d.inwoner = _inwoner_gegevens(i)
            d.inwoner_id, d.inwoner_versie, d.team = i.id, i.versie, i.gemeente
            last = s.scalars(select(Gesprek).where(Gesprek.inwoner_id == i.id)
                             .order_by(Gesprek.aanmelding_datum.desc(), Gesprek.id.desc()).limit(1)).first()
            if last is not None:  # household and network rarely change between conversations
                d.huishouden, d.mantelzorger = last.huishouden, last.mantelzorger
                d.steun_van = list(last.steun_van or [])
    return d


def _inwoner_gegevens(i: Inwoner) -> InwonerGegevens:
    return InwonerGegevens(i.naam, i.geboortedatum, i.geboortejaar, i.gemeente, i.kern, i.postcode, i.telefoon,
                           i.email, i.bsn)


def _opslag(v: gv.Veld) -> tuple[str, str]:
    tabel, _, kolom = (v.opslag or "").partition(".")
    return tabel, kolom


def _dossier(s: Session, g: Gesprek) -> GesprekDossier:
    """The stored conversation as a dossier: every field of the table from its column or rows."""
    i = g.inwoner
    mw = s.get(Gebruiker, g.medewerker_id) if g.medewerker_id else None
    d = GesprekDossier(inwoner_id=i.id, gesprek_id=g.id, versie=g.versie, inwoner_versie=i.versie, team=g.team,
                       synthetisch=bool(g.synthetisch), ave_fase=g.ave_fase, medewerker=mw.naam if mw else None,
                       gewijzigd_op=g.gewijzigd_op)
    dims = {r.dimensie: r for r in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id))}
    for v in gv.TABEL:
        tabel, kolom = _opslag(v)
        if tabel == "gesprekken":
            gv.zet(d, v, v.soort.van_db(getattr(g, kolom)))
        elif tabel == "inwoners":
            gv.zet(d, v, v.soort.van_db(getattr(i, kolom)))
        elif tabel == "gesprek_dimensies":
            r = dims.get(v.key.split(".")[1])
            gv.zet(d, v, v.soort.van_db(getattr(r, kolom) if r is not None else None))
        elif tabel == "gesprek_signalen":
            gv.zet(d, v, [SignaalInvoer(r.leefgebied, r.ernst, r.toelichting or "") for r in
                          s.scalars(select(SignaalRij).where(SignaalRij.gesprek_id == g.id).order_by(SignaalRij.id))])
    d.onderbouwing_maatwerk = {r.leefgebied: r.toelichting for r in
                               s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == g.id))}
    return d


def _kopieer_naar_opslag(s: Session, d: GesprekDossier, g: Gesprek, i: Inwoner) -> None:
    """The storage copy: every field of the table into its column, then into its rows."""
    for v in gv.TABEL:
        tabel, kolom = _opslag(v)
        if tabel in ("gesprekken", "inwoners"):
            setattr(g if tabel == "gesprekken" else i, kolom, v.soort.naar_db(gv.lees(d, v)))
    # derived copies kept with the rows
    inw = d.inwoner
    i.naam, i.zoeknaam = inw.naam.strip(), normaliseer_naam(inw.naam)
    i.geboortejaar = inw.geboortedatum.year if inw.geboortedatum else inw.geboortejaar
    g.gemeente, g.kern = inw.gemeente, inw.kern or None
    s.add(i)
    s.flush()
    g.inwoner_id = i.id
    s.add(g)
    s.flush()
    dims = {r.dimensie: r for r in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id))}
    for n, k in enumerate(vocab.DIMENSIES):
        if k not in dims:
            dims[k] = GesprekDimensie(gesprek_id=g.id, dimensie=k)
            s.add(dims[k])
        dims[k].volgorde = n
    for v in gv.TABEL:
        tabel, kolom = _opslag(v)
        if tabel == "gesprek_dimensies":
            setattr(dims[v.key.split(".")[1]], kolom, v.soort.naar_db(gv.lees(d, v)))
        elif tabel == "gesprek_signalen":
            for r in s.scalars(select(SignaalRij).where(SignaalRij.gesprek_id == g.id)):
                s.delete(r)
            for sig in gv.lees(d, v) or ():
                s.add(SignaalRij(gesprek_id=g.id, leefgebied=sig.leefgebied, ernst=sig.ernst,
                                 toelichting=(sig.toelichting or "").strip() or None))


def laad_gesprek(ctx, gesprek_id: int, *, audit_view: bool = True) -> GesprekDossier:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gesprek_id)
        if g is None:
            raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
        require_team(user, g.team)
        if audit_view:
            audit.record_view(s, user, "gesprek", g.id)
        return _dossier(s, g)


def vlak(d: GesprekDossier) -> dict[str, Any]:
    """The fields compared for audit rows and merges: flat key -> value (domain.gesprek_velden)."""
    return gv.vlak(d)


def veld_label(key: str) -> str:
    return gv.label(key)


def samenvoegen(basis: GesprekDossier, mijn: GesprekDossier, hun: GesprekDossier) -> tuple[GesprekDossier, list[str]]:
    """Three-way merge: my changes (against the version I started from) on top of theirs.

    Returns the merged dossier (carrying their version number, so it can be saved) and the labels of
    fields both of us changed differently (conflicts: mine wins, the worker is told)."""
    b, m, h = vlak(basis), vlak(mijn), vlak(hun)
    merged = hun.kopie()
    conflicts = []
    for key, mine in m.items():
        if mine == b.get(key):
            continue
        if h.get(key) != b.get(key) and h.get(key) != mine:
            conflicts.append(veld_label(key))
        gv.zet_vlak(merged, key, mine)
    return merged, conflicts


class GesprekGewijzigd(ConcurrentEdit):
    """Someone else saved this conversation since it was opened. ``hun`` is their version,
    ``velden`` the labels of the fields they changed."""

    def __init__(self, hun: GesprekDossier, velden: list[str], door: str | None):
        wie = door or "een collega"
        lijst = ", ".join(velden[:8]) + (" en meer" if len(velden) > 8 else "") if velden else "niets zichtbaars"
        super().__init__(f"{wie} heeft dit gesprek intussen opgeslagen (gewijzigd: {lijst}). "
                         "Kies 'Samenvoegen' om uw wijzigingen toe te voegen aan hun versie, "
                         "of 'Opnieuw laden' om hun versie te zien.")
        self.hun = hun
        self.velden = velden
        self.door = door


@herhaal_bij_conflict
def bewaar_gesprek(ctx, d: GesprekDossier, basis: GesprekDossier | None = None) -> GesprekDossier:
    """Store the conversation (creating the resident and conversation when new). Raises InvalidInput
    for the first problem, GesprekGewijzigd when someone else saved in the meantime. Returns the stored
    dossier with new ids and version numbers."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    problems = check_dossier(d)
    if problems:
        raise problems[0]
    try:
        with ctx.sessions.begin() as s:
            return _bewaar_in(ctx, s, user, d, basis)
    except StaleDataError:
        # a concurrent writer committed between our read and our UPDATE (version_id_col caught it)
        hun = laad_gesprek(ctx, d.gesprek_id, audit_view=False)
        raise GesprekGewijzigd(hun, [], None) from None


def _bewaar_in(ctx, s: Session, user, d: GesprekDossier, basis: GesprekDossier | None) -> GesprekDossier:
    """The write of ``bewaar_gesprek`` inside the caller's transaction (``d`` is validated)."""
    now = datetime.now()
    nieuw_inwoner = d.inwoner_id is None
    if nieuw_inwoner:
        i = Inwoner(aangemaakt_op=now, synthetisch=d.synthetisch)
        s.add(i)
    else:
        i = s.get(Inwoner, d.inwoner_id)
        if i is None or i.geanonimiseerd:
            raise UserError("Deze inwoner bestaat niet meer (mogelijk vernietigd). Uw invoer staat nog in "
                            "het concept.")
        require_team(user, i.gemeente)
    if d.gesprek_id is None:
        require_team(user, d.inwoner.gemeente)
        g = Gesprek(aangemaakt_op=now, medewerker_id=user.id, synthetisch=d.synthetisch)
        oud = None
    else:
        g = s.get(Gesprek, d.gesprek_id)
        if g is None:
            raise UserError(f"Gesprek {d.gesprek_id} bestaat niet meer. Uw invoer staat nog in het concept.")
        require_team(user, g.team)
        if d.versie is not None and g.versie != d.versie:
            hun = _dossier(s, g)
            changed = []
            if basis is not None:
                b, h = vlak(basis), vlak(hun)
                changed = [veld_label(k) for k in h if h[k] != b.get(k)]
            door = s.scalars(select(AuditRegel.gebruiker).where(
                AuditRegel.object_type == "gesprek", AuditRegel.object_id == str(g.id),
                AuditRegel.actie != "bekeken").order_by(AuditRegel.id.desc()).limit(1)).first()
            raise GesprekGewijzigd(hun, changed, door)
        oud = vlak(_dossier(s, g))
    i.gewijzigd_op = g.gewijzigd_op = now
    if d.gesprek_id is None:
        g.team = d.inwoner.gemeente
    if not d.uitwisseling_id:   # its opaque id in the exchange format, from its first save on
        d.uitwisseling_id = g.uitwisseling_id or nieuw_uitwisseling_id()
    _kopieer_naar_opslag(s, d, g, i)
    s.flush()
    if nieuw_inwoner:
        audit.record(s, user, "aangemaakt", "inwoner", i.id)
    if oud is None:
        audit.record(s, user, "aangemaakt", "gesprek", g.id, toelichting=f"inwoner {i.id}")
    else:
        # a sensitive field (free text, BSN, birth date, contact data) says *that* it changed, never what
        for w in gv.wijzigingen(oud, vlak(d)):
            audit.record(s, user, "gewijzigd", "gesprek", g.id, veld=w.veld, oud=w.oud, nieuw=w.nieuw,
                         toelichting="tekst gewijzigd" if w.gevoelig else None)
    werk_afgeleide_gegevens_bij(s, g, ctx=ctx)
    s.flush()
    return _dossier(s, g)


def werk_afgeleide_gegevens_bij(s: Session, g: Gesprek, *, ctx=None) -> None:
    """Derived records kept with the conversation, in the same transaction: retention law and closing
    date (services.bewaren) and the legal terms the werkvoorraad queries (services.termijnen)."""
    from toegang_app.services import bewaren, termijnen  # both import this module

    bewaren.werk_bewaargegevens_bij(s, g, ctx=ctx)
    termijnen.bewaar_termijnen(s, g)


def aantal_inwoners(ctx) -> int:
    user = require(ctx.user, GESPREK_LEZEN)
    q = select(func.count()).select_from(Inwoner).where(Inwoner.geanonimiseerd.is_(False))
    team = _team_filter(user)
    if team:
        q = q.where(Inwoner.gemeente == team)
    with ctx.sessions() as s:
        return s.scalar(q) or 0


# -- exchange format -------------------------------------------------------------------------------

def exporteer_uitvraag(ctx, gesprek_id: int) -> dict:
    """The conversation as an exchange-format document (no name, BSN, contact or notes)."""
    d = laad_gesprek(ctx, gesprek_id)
    return uitvraag_to_dict(d.to_uitvraag())


def dossier_uit_uitvraag(u: Uitvraag, basis: GesprekDossier) -> GesprekDossier:
    """A copy of ``basis`` (keeps the resident) with the answers of an exchange-format document."""
    d = basis.kopie()
    d.vul_uit_uitwisseling(uitvraag_to_dict(u))
    return d


def importeer_uitvraag(ctx, data: Any, inwoner_id: int | None = None) -> int:
    """Store an exchange-format document as a new conversation; returns its id.

    The format carries no personal data: without ``inwoner_id`` a resident record without a name
    ('Onbekend (uit uitwisselbestand)') is created, to be completed at the desk. Everything is checked
    before anything is written, and written in one transaction: a malformed document raises FormatError
    naming the field, and nothing is stored then."""
    from toegang_app.services import suggesties

    u = parse_uitvraag(data)
    onderbouwing = {}
    for lg, tekst in (u.onderbouwing_maatwerk or {}).items():
        if not tekst.strip():
            raise FormatError(f"onderbouwing_maatwerk.{lg}", "de onderbouwing is leeg; schrijf op waarom lichtere "
                                                             "hulp niet genoeg is, of laat dit leefgebied weg")
        onderbouwing[lg] = tekst
    basis = nieuw_dossier(ctx, inwoner_id)
    if inwoner_id is None:
        basis.inwoner = InwonerGegevens(naam=ONBEKENDE_NAAM, gemeente=u.gemeente, kern=u.kern,
                                        geboortejaar=u.geboortejaar)
    d = dossier_uit_uitvraag(u, basis)
    problems = check_dossier(d)
    if problems:
        raise FormatError(problems[0].field, problems[0].message)
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        stored = _bewaar_in(ctx, s, user, d, None)
        for lg, tekst in onderbouwing.items():
            suggesties.onderbouwing_in(s, user, stored.gesprek_id, lg, tekst)
    return stored.gesprek_id
