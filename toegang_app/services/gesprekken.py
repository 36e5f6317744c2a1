"""Conversations (brede uitvraag) and the residents they belong to.

Use cases: find a resident as you type, offer likely duplicates before creating one, start, load and
save a conversation (optimistic locking, field-level merge), list recent conversations, and move one
conversation in and out of the exchange format. Returns plain dataclasses; the UI never sees a model.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain import invoer, vocab
from toegang_app.domain.bsn import validate_bsn
from toegang_app.domain.uitvraag import (
    FORMAAT,
    Aanmelding,
    Crisis,
    Dimensie,
    Netwerk,
    Signaal,
    Uitvraag,
    Veiligheid,
    parse_uitvraag,
    uitvraag_to_dict,
)
from toegang_app.domain.validation import InvalidInput, parse_datum, parse_geboortedatum_of_jaar
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, require, require_team
from toegang_app.storage.models import AuditRegel, Gebruiker, Gesprek, GesprekDimensie, Inwoner, OnderbouwingMaatwerk
from toegang_app.storage.models import Signaal as SignaalRij

ONBEKENDE_NAAM = "Onbekend (uit uitwisselbestand)"
POSTCODE = re.compile(r"^\s*(\d{4})\s?([A-Za-z]{2})?\s*$")


# -- plain data ------------------------------------------------------------------------------------

@dataclass
class InwonerGegevens:
    """What the desk records about a resident: only what the conversation needs."""

    naam: str = ""
    geboortedatum: date | None = None
    geboortejaar: int | None = None
    gemeente: str = "haaksbergen"
    kern: str | None = None
    postcode: str | None = None
    telefoon: str | None = None
    email: str | None = None
    bsn: str | None = None


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


@dataclass
class DimensieInvoer:
    score: int | None = None
    bespreken: bool = False
    notitie: str = ""


@dataclass
class SignaalInvoer:
    leefgebied: str
    ernst: int
    toelichting: str = ""


@dataclass
class GesprekDossier:
    """One conversation as the editor shows it. ``gesprek_id`` None = not stored yet."""

    inwoner: InwonerGegevens = field(default_factory=InwonerGegevens)
    inwoner_id: int | None = None
    gesprek_id: int | None = None
    versie: int | None = None
    inwoner_versie: int | None = None
    team: str = "haaksbergen"
    status: str = "open"
    synthetisch: bool = False
    aanmelding_datum: date = field(default_factory=date.today)
    kanaal: str | None = None
    melder: str | None = None
    vraag: str = ""
    huishouden: str | None = None
    inkomen_pct: int | None = None
    crisis: dict[str, bool] = field(default_factory=dict)
    veiligheid: dict[str, bool] = field(default_factory=dict)
    betrokken_partijen: int | None = None
    samenwerking_stagneert: bool = False
    dimensies: dict[str, DimensieInvoer] = field(default_factory=lambda: {k: DimensieInvoer() for k in vocab.DIMENSIES})
    wat_belangrijk: str = ""
    wat_veranderen: str = ""
    wie_helpen: str = ""
    signalen: list[SignaalInvoer] = field(default_factory=list)
    eigen_kracht: str = ""
    mantelzorger: bool | None = None
    mantelzorger_overbelast: bool | None = None
    steun_van: list[str] = field(default_factory=list)
    afspraken: str = ""
    ave_fase: int | None = None
    onderbouwing_maatwerk: dict[str, str] = field(default_factory=dict)  # read-only here (suggesties service)
    medewerker: str | None = None
    gewijzigd_op: datetime | None = None

    # -- derived --------------------------------------------------------------------------------
    @property
    def titel(self) -> str:
        naam = self.inwoner.naam.strip() or "Nieuwe inwoner"
        return f"{naam} · gesprek {self.gesprek_id}" if self.gesprek_id else f"{naam} · nieuw gesprek"

    def to_uitvraag(self) -> Uitvraag:
        """The exchange-format view of this conversation (no names, no notes, no BSN)."""
        dims = {k: Dimensie(score=d.score, bespreken=d.bespreken or None)
                for k, d in self.dimensies.items() if d.score is not None or d.bespreken}
        net = None
        if self.mantelzorger is not None or self.mantelzorger_overbelast is not None or self.steun_van:
            net = Netwerk(self.mantelzorger, self.mantelzorger_overbelast, tuple(self.steun_van) or None)
        kern = self.inwoner.kern if vocab.kern_valid(self.inwoner.gemeente, self.inwoner.kern or "") else None
        return Uitvraag(
            formaat=FORMAAT,
            gemeente=self.inwoner.gemeente,
            kern=kern,
            geboortejaar=self.inwoner.geboortejaar,
            huishouden=self.huishouden,
            inkomen_pct_bijstandsnorm=self.inkomen_pct,
            aanmelding=Aanmelding(self.aanmelding_datum, self.kanaal, self.melder, self.vraag.strip() or None),
            dimensies=dims or None,
            signalen=tuple(Signaal(s.leefgebied, s.ernst, s.toelichting.strip() or None) for s in self.signalen) or None,
            netwerk=net,
            veiligheid=Veiligheid(**{k: True for k, v in self.veiligheid.items() if v}) if any(self.veiligheid.values()) else None,
            crisis=Crisis(**{k: True for k, v in self.crisis.items() if v}) if any(self.crisis.values()) else None,
            betrokken_partijen=self.betrokken_partijen,
            samenwerking_stagneert=self.samenwerking_stagneert or None,
            onderbouwing_maatwerk=dict(self.onderbouwing_maatwerk) or None,
        )

    # -- drafts ---------------------------------------------------------------------------------
    def to_json(self) -> dict:
        return _jsonable(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> GesprekDossier:
        d = dict(data)
        inw = dict(d.pop("inwoner", {}) or {})
        inw["geboortedatum"] = _d(inw.get("geboortedatum"))
        d["inwoner"] = InwonerGegevens(**{k: v for k, v in inw.items() if k in _fields(InwonerGegevens)})
        d["aanmelding_datum"] = _d(d.get("aanmelding_datum")) or date.today()
        d["gewijzigd_op"] = datetime.fromisoformat(d["gewijzigd_op"]) if d.get("gewijzigd_op") else None
        d["dimensies"] = {k: DimensieInvoer(**(d.get("dimensies") or {}).get(k, {})) for k in vocab.DIMENSIES}
        d["signalen"] = [SignaalInvoer(**s) for s in d.get("signalen") or []]
        return cls(**{k: v for k, v in d.items() if k in _fields(cls)})


def _fields(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _d(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


@dataclass
class GesprekRij:
    gesprek_id: int
    inwoner_id: int
    naam: str
    geboortejaar: int | None
    gemeente: str
    kern: str | None
    datum: date
    status: str
    ave_fase: int | None
    vraag: str
    synthetisch: bool


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


def valideer_inwoner(g: InwonerGegevens) -> list[InvalidInput]:
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


def valideer_dossier(d: GesprekDossier) -> list[InvalidInput]:
    problems = valideer_inwoner(d.inwoner)
    if d.aanmelding_datum > date.today():
        problems.append(InvalidInput("aanmelding_datum", "De datum van aanmelding kan niet in de toekomst liggen."))
    elif d.aanmelding_datum < invoer.AANMELDING_VANAF:
        try:
            invoer.controleer_aanmelding(d.aanmelding_datum)
        except InvalidInput as exc:
            problems.append(exc)
    # every free text at most 20 000 characters, no control characters (issue 19, item 10)
    teksten = [(k, getattr(d, k), VELD_LABELS.get(k, k)) for k in (
        "vraag", "wat_belangrijk", "wat_veranderen", "wie_helpen", "eigen_kracht", "afspraken")]
    teksten += [(f"dimensies.{k}", dim.notitie, f"De notitie bij {vocab.DIMENSIES.get(k, k)}")
                for k, dim in d.dimensies.items()]
    teksten += [("signalen", s.toelichting, "De toelichting bij een leefgebied") for s in d.signalen]
    teksten += [("steun_van", s, "Wie helpt") for s in d.steun_van]
    for veld, tekst, label in teksten:
        try:
            invoer.controleer_tekst(tekst, veld, label[:1].upper() + label[1:])
        except InvalidInput as exc:
            problems.append(exc)
    if d.inkomen_pct is not None and not 0 <= d.inkomen_pct <= 1000:
        problems.append(InvalidInput("inkomen_pct", "Het inkomen is een percentage van de bijstandsnorm (0 tot 1000)."))
    for k, dim in d.dimensies.items():
        if dim.score is not None and not 0 <= dim.score <= 10:
            problems.append(InvalidInput(f"dimensies.{k}", "Een score is een getal van 0 tot en met 10."))
    return problems


# -- search ----------------------------------------------------------------------------------------

def _rij(i: Inwoner, reden: str | None = None) -> InwonerRij:
    return InwonerRij(i.id, i.naam, i.geboortedatum, i.geboortejaar, i.gemeente, i.kern, i.postcode,
                      f"…{i.bsn[-3:]}" if i.bsn else None, bool(i.synthetisch), reden)


def _team_filter(user):
    return None if user.team is None or user.rol == "systeem" else user.team


def zoek_inwoners(ctx, tekst: str, limit: int = 50) -> list[InwonerRij]:
    """Residents of the worker's desk matching a name, birth date (dd-mm-jjjj), year, BSN, postcode or kern.

    Several words narrow the search (all must match). Fast enough to run on every keystroke over
    100 000 residents (indexed birth date, BSN and postcode; name by prefix-free substring)."""
    user = require(ctx.user, GESPREK_LEZEN)
    invoer.controleer_zoektekst(tekst)
    words = (tekst or "").split()
    if not words:
        return []
    q = select(Inwoner).where(Inwoner.geanonimiseerd.is_(False))
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
    q = q.order_by(Inwoner.zoeknaam, Inwoner.id).limit(limit)
    with ctx.sessions() as s:
        rows = [_rij(i) for i in s.scalars(q)]
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


def _dossier(s: Session, g: Gesprek) -> GesprekDossier:
    i = g.inwoner
    dims = {k: DimensieInvoer() for k in vocab.DIMENSIES}
    for r in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id)):
        if r.dimensie in dims:
            dims[r.dimensie] = DimensieInvoer(r.score, bool(r.bespreken), r.notitie or "")
    sigs = [SignaalInvoer(r.leefgebied, r.ernst, r.toelichting or "")
            for r in s.scalars(select(SignaalRij).where(SignaalRij.gesprek_id == g.id).order_by(SignaalRij.id))]
    onderb = {r.leefgebied: r.toelichting for r in
              s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == g.id))}
    mw = s.get(Gebruiker, g.medewerker_id) if g.medewerker_id else None
    return GesprekDossier(
        inwoner=_inwoner_gegevens(i), inwoner_id=i.id, gesprek_id=g.id, versie=g.versie, inwoner_versie=i.versie,
        team=g.team, status=g.status, synthetisch=bool(g.synthetisch), aanmelding_datum=g.aanmelding_datum,
        kanaal=g.kanaal, melder=g.melder, vraag=g.vraag or "", huishouden=g.huishouden, inkomen_pct=g.inkomen_pct,
        crisis={k: bool(getattr(g, k)) for k in vocab.CRISIS},
        veiligheid={k: bool(getattr(g, k)) for k in vocab.VEILIGHEID},
        betrokken_partijen=g.betrokken_partijen, samenwerking_stagneert=bool(g.samenwerking_stagneert),
        dimensies=dims, wat_belangrijk=g.wat_belangrijk or "", wat_veranderen=g.wat_veranderen or "",
        wie_helpen=g.wie_helpen or "", signalen=sigs, eigen_kracht=g.eigen_kracht or "",
        mantelzorger=g.mantelzorger, mantelzorger_overbelast=g.mantelzorger_overbelast,
        steun_van=list(g.steun_van or []), afspraken=g.afspraken or "", ave_fase=g.ave_fase,
        onderbouwing_maatwerk=onderb, medewerker=mw.naam if mw else None, gewijzigd_op=g.gewijzigd_op,
    )


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


# The fields compared for audit rows and merges: flat name -> value.
def vlak(d: GesprekDossier) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(InwonerGegevens):
        out[f"inwoner.{f.name}"] = getattr(d.inwoner, f.name)
    for name in ("aanmelding_datum", "kanaal", "melder", "vraag", "huishouden", "inkomen_pct",
                 "betrokken_partijen", "samenwerking_stagneert", "wat_belangrijk", "wat_veranderen", "wie_helpen",
                 "eigen_kracht", "mantelzorger", "mantelzorger_overbelast", "afspraken", "status"):
        out[name] = getattr(d, name)
    for k in vocab.CRISIS:
        out[f"crisis.{k}"] = bool(d.crisis.get(k))
    for k in vocab.VEILIGHEID:
        out[f"veiligheid.{k}"] = bool(d.veiligheid.get(k))
    for k in vocab.DIMENSIES:
        dim = d.dimensies.get(k) or DimensieInvoer()
        out[f"dimensies.{k}.score"] = dim.score
        out[f"dimensies.{k}.bespreken"] = bool(dim.bespreken)
        out[f"dimensies.{k}.notitie"] = dim.notitie or ""
    out["signalen"] = tuple((s.leefgebied, s.ernst, s.toelichting or "") for s in d.signalen)
    out["steun_van"] = tuple(d.steun_van)
    return out


VELD_LABELS = {
    "inwoner.naam": "naam", "inwoner.geboortedatum": "geboortedatum", "inwoner.geboortejaar": "geboortejaar",
    "inwoner.gemeente": "gemeente", "inwoner.kern": "kern", "inwoner.postcode": "postcode",
    "inwoner.telefoon": "telefoon", "inwoner.email": "e-mail", "inwoner.bsn": "BSN",
    "aanmelding_datum": "datum aanmelding", "kanaal": "kanaal", "melder": "melder", "vraag": "vraag",
    "huishouden": "huishouden", "inkomen_pct": "inkomen", "betrokken_partijen": "betrokken partijen",
    "samenwerking_stagneert": "samenwerking stagneert", "wat_belangrijk": "wat is belangrijk",
    "wat_veranderen": "wat wil de inwoner veranderen", "wie_helpen": "wie of wat kan helpen",
    "eigen_kracht": "eigen kracht", "mantelzorger": "mantelzorger", "mantelzorger_overbelast": "overbelasting",
    "afspraken": "afspraken", "status": "status", "signalen": "leefgebieden en signalen", "steun_van": "wie helpt",
}


def veld_label(key: str) -> str:
    if key in VELD_LABELS:
        return VELD_LABELS[key]
    parts = key.split(".")
    if parts[0] == "dimensies":
        what = {"score": "score", "bespreken": "hier wil ik over praten", "notitie": "notitie"}[parts[2]]
        return f"{vocab.DIMENSIES[parts[1]]}: {what}"
    if parts[0] == "crisis":
        return vocab.CRISIS[parts[1]].lower()
    if parts[0] == "veiligheid":
        return vocab.VEILIGHEID[parts[1]].lower()
    return key


def samenvoegen(basis: GesprekDossier, mijn: GesprekDossier, hun: GesprekDossier) -> tuple[GesprekDossier, list[str]]:
    """Three-way merge: my changes (against the version I started from) on top of theirs.

    Returns the merged dossier (carrying their version number, so it can be saved) and the labels of
    fields both of us changed differently (conflicts: mine wins, the worker is told)."""
    b, m, h = vlak(basis), vlak(mijn), vlak(hun)
    merged = GesprekDossier.from_json(hun.to_json())
    conflicts = []
    for key, mine in m.items():
        if mine == b.get(key):
            continue
        if h.get(key) != b.get(key) and h.get(key) != mine:
            conflicts.append(veld_label(key))
        _zet(merged, key, mine)
    return merged, conflicts


def _zet(d: GesprekDossier, key: str, value) -> None:
    parts = key.split(".")
    if parts[0] == "inwoner":
        setattr(d.inwoner, parts[1], value)
    elif parts[0] in ("crisis", "veiligheid"):
        getattr(d, parts[0])[parts[1]] = value
    elif parts[0] == "dimensies":
        setattr(d.dimensies[parts[1]], parts[2], value)
    elif key == "signalen":
        d.signalen = [SignaalInvoer(*s) for s in value]
    elif key == "steun_van":
        d.steun_van = list(value)
    else:
        setattr(d, key, value)


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


def bewaar_gesprek(ctx, d: GesprekDossier, basis: GesprekDossier | None = None) -> GesprekDossier:
    """Store the conversation (creating the resident and conversation when new). Raises InvalidInput
    for the first problem, GesprekGewijzigd when someone else saved in the meantime. Returns the stored
    dossier with new ids and version numbers."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    problems = valideer_dossier(d)
    if problems:
        raise problems[0]
    now = datetime.now()
    try:
        with ctx.sessions.begin() as s:
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
            inw = d.inwoner
            i.naam, i.zoeknaam = inw.naam.strip(), normaliseer_naam(inw.naam)
            i.geboortedatum = inw.geboortedatum
            i.geboortejaar = inw.geboortedatum.year if inw.geboortedatum else inw.geboortejaar
            i.gemeente, i.kern = inw.gemeente, inw.kern or None
            i.postcode, i.telefoon, i.email = inw.postcode or None, inw.telefoon or None, inw.email or None
            i.bsn = inw.bsn or None
            i.gewijzigd_op = now
            s.flush()
            g.inwoner_id = i.id
            s.add(g)
            if d.gesprek_id is None:
                g.team = inw.gemeente
            g.gemeente, g.kern = inw.gemeente, inw.kern or None
            g.status = d.status
            g.gewijzigd_op = now
            g.aanmelding_datum = d.aanmelding_datum
            g.kanaal, g.melder, g.vraag = d.kanaal, d.melder, d.vraag or None
            g.huishouden, g.inkomen_pct = d.huishouden, d.inkomen_pct
            for k in vocab.CRISIS:
                setattr(g, k, bool(d.crisis.get(k)))
            for k in vocab.VEILIGHEID:
                setattr(g, k, bool(d.veiligheid.get(k)))
            g.betrokken_partijen, g.samenwerking_stagneert = d.betrokken_partijen, d.samenwerking_stagneert
            g.wat_belangrijk, g.wat_veranderen = d.wat_belangrijk or None, d.wat_veranderen or None
            g.wie_helpen, g.eigen_kracht = d.wie_helpen or None, d.eigen_kracht or None
            g.mantelzorger, g.mantelzorger_overbelast = d.mantelzorger, d.mantelzorger_overbelast
            g.steun_van = list(d.steun_van) or None
            g.afspraken = d.afspraken or None
            s.flush()
            bestaand = {r.dimensie: r for r in s.scalars(select(GesprekDimensie).where(GesprekDimensie.gesprek_id == g.id))}
            for n, k in enumerate(vocab.DIMENSIES):
                dim = d.dimensies.get(k) or DimensieInvoer()
                r = bestaand.get(k) or GesprekDimensie(gesprek_id=g.id, dimensie=k)
                r.volgorde, r.score, r.bespreken, r.notitie = n, dim.score, bool(dim.bespreken), dim.notitie or None
                s.add(r)
            for r in s.scalars(select(SignaalRij).where(SignaalRij.gesprek_id == g.id)):
                s.delete(r)
            for sig in d.signalen:
                s.add(SignaalRij(gesprek_id=g.id, leefgebied=sig.leefgebied, ernst=sig.ernst,
                                 toelichting=sig.toelichting or None))
            s.flush()
            if nieuw_inwoner:
                audit.record(s, user, "aangemaakt", "inwoner", i.id)
            if oud is None:
                audit.record(s, user, "aangemaakt", "gesprek", g.id, toelichting=f"inwoner {i.id}")
            else:
                nieuw = vlak(d)
                for key in sorted(nieuw):
                    if nieuw[key] != oud.get(key):
                        # never copy free text or the BSN into the audit trail: say *that* it changed
                        gevoelig = key.endswith(("notitie", "toelichting")) or key in {
                            "vraag", "wat_belangrijk", "wat_veranderen", "wie_helpen", "eigen_kracht",
                            "afspraken", "signalen", "inwoner.bsn", "steun_van", "inwoner.telefoon",
                            "inwoner.email", "inwoner.naam"}
                        audit.record(s, user, "gewijzigd", "gesprek", g.id, veld=key,
                                     oud=None if gevoelig else oud.get(key), nieuw=None if gevoelig else nieuw[key],
                                     toelichting="tekst gewijzigd" if gevoelig else None)
            werk_afgeleide_gegevens_bij(s, g)
            s.flush()
            return _dossier(s, g)
    except StaleDataError:
        # a concurrent writer committed between our read and our UPDATE (version_id_col caught it)
        hun = laad_gesprek(ctx, d.gesprek_id, audit_view=False)
        raise GesprekGewijzigd(hun, [], None) from None


def werk_afgeleide_gegevens_bij(s: Session, g: Gesprek) -> None:
    """Derived records kept with the conversation, in the same transaction: retention law and closing
    date (services.bewaren) and the legal terms the werkvoorraad queries (services.termijnen)."""
    from toegang_app.services import bewaren, termijnen  # both import this module

    bewaren.werk_bewaargegevens_bij(s, g)
    termijnen.bewaar_termijnen(s, g)


def recente_gesprekken(ctx, limit: int = 40, alleen_open: bool = False) -> list[GesprekRij]:
    user = require(ctx.user, GESPREK_LEZEN)
    q = (select(Gesprek, Inwoner).join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .where(Inwoner.geanonimiseerd.is_(False)))
    team = _team_filter(user)
    if team:
        q = q.where(Gesprek.team == team)
    if alleen_open:
        q = q.where(Gesprek.status == "open")
    q = q.order_by(Gesprek.gewijzigd_op.desc(), Gesprek.id.desc()).limit(limit)
    with ctx.sessions() as s:
        rows = [_gesprek_rij(g, i) for g, i in s.execute(q)]
    audit.record_shown(ctx, user, "recente gesprekken", inwoner_ids=[r.inwoner_id for r in rows])
    return rows


def gesprekken_van_inwoner(ctx, inwoner_id: int) -> list[GesprekRij]:
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        i = s.get(Inwoner, inwoner_id)
        if i is None:
            return []
        require_team(user, i.gemeente)
        rows = [_gesprek_rij(g, i) for g in s.scalars(select(Gesprek).where(Gesprek.inwoner_id == inwoner_id)
                                                      .order_by(Gesprek.aanmelding_datum.desc(), Gesprek.id.desc()))]
    audit.record_shown(ctx, user, "gesprekken van de inwoner", inwoner_ids=[inwoner_id] if rows else [])
    return rows


def _gesprek_rij(g: Gesprek, i: Inwoner) -> GesprekRij:
    vraag = (g.vraag or "").replace("\n", " ")
    return GesprekRij(g.id, i.id, i.naam, i.geboortejaar, g.gemeente, g.kern, g.aanmelding_datum, g.status,
                      g.ave_fase, vraag[:120] + ("…" if len(vraag) > 120 else ""), bool(g.synthetisch))


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
    """Fill ``basis`` (keeps the resident) with the answers of an exchange-format document."""
    d = GesprekDossier.from_json(basis.to_json())
    d.inwoner.gemeente = u.gemeente
    if u.kern is not None:
        d.inwoner.kern = u.kern
    if u.geboortejaar is not None and d.inwoner.geboortedatum is None:
        d.inwoner.geboortejaar = u.geboortejaar
    d.huishouden = u.huishouden
    d.inkomen_pct = round(u.inkomen_pct_bijstandsnorm) if u.inkomen_pct_bijstandsnorm is not None else None
    a = u.aanmelding
    if a is not None:
        if a.datum is not None:
            d.aanmelding_datum = a.datum
        d.kanaal, d.melder, d.vraag = a.kanaal, a.melder, a.vraag or ""
    d.dimensies = {k: DimensieInvoer() for k in vocab.DIMENSIES}
    for k, dim in (u.dimensies or {}).items():
        d.dimensies[k] = DimensieInvoer(dim.score, bool(dim.bespreken), "")
    d.signalen = [SignaalInvoer(s.leefgebied, s.ernst, s.toelichting or "") for s in u.signalen or ()]
    n = u.netwerk
    d.mantelzorger = n.mantelzorger if n else None
    d.mantelzorger_overbelast = n.mantelzorger_overbelast if n else None
    d.steun_van = list(n.steun_van or ()) if n else []
    d.veiligheid = {k: bool(getattr(u.veiligheid, k, None)) for k in vocab.VEILIGHEID} if u.veiligheid else {}
    d.crisis = {k: bool(getattr(u.crisis, k, None)) for k in vocab.CRISIS} if u.crisis else {}
    d.betrokken_partijen = u.betrokken_partijen
    d.samenwerking_stagneert = bool(u.samenwerking_stagneert)
    return d


def importeer_uitvraag(ctx, data: Any, inwoner_id: int | None = None) -> int:
    """Store an exchange-format document as a new conversation; returns its id.

    The format carries no personal data: without ``inwoner_id`` a resident record without a name
    ('Onbekend (uit uitwisselbestand)') is created, to be completed at the desk. A malformed document
    raises FormatError naming the field; nothing is stored then."""
    u = parse_uitvraag(data)
    basis = nieuw_dossier(ctx, inwoner_id)
    if inwoner_id is None:
        basis.inwoner = InwonerGegevens(naam=ONBEKENDE_NAAM, gemeente=u.gemeente, kern=u.kern,
                                        geboortejaar=u.geboortejaar)
    d = dossier_uit_uitvraag(u, basis)
    stored = bewaar_gesprek(ctx, d)
    if u.onderbouwing_maatwerk:
        from toegang_app.services import suggesties

        for lg, tekst in u.onderbouwing_maatwerk.items():
            suggesties.leg_onderbouwing_tekst_vast(ctx, stored.gesprek_id, lg, tekst)
    return stored.gesprek_id
