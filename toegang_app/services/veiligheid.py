"""Safety of one conversation: is there a suspicion or acute danger, where the Meldcode stands (the five
steps with date, worker and note; the afwegingen of step 4; the decision of step 5), and which version of
the resident's summary prints (the safe one by default when a safety concern is recorded).

Roles: reading needs ``gesprek_lezen``, recording ``gesprek_schrijven``, both for the conversation's own
desk. Every change is written to the audit trail in the same transaction, without personal data: the
step, the date, yes/no answers and the decision, never the note (the trail says that a note changed).
The rules are in ``domain.veiligheid``; the texts in ``resources/veiligheid.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from toegang_app.domain import nl
from toegang_app.domain import veiligheid as dom
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, require, require_team
from toegang_app.storage.models import (
    Gesprek,
    GesprekVeiligheid,
    Inwoner,
    MeldcodeStap,
    Verwijzing,
    VerwijzingVeiligheid,
)


class VeiligheidInvoerFout(UserError):
    """Input the Meldcode rules refuse; ``veld`` names the field ('datum', 'notitie', 'besluit', ...)."""

    exit_code = 2

    def __init__(self, message: str, veld: str | None = None):
        super().__init__(message)
        self.veld = veld


def config(ctx) -> dom.VeiligheidConfig:
    cfg = getattr(ctx.resources, "veiligheid", None) if ctx.resources is not None else None
    if cfg is None:
        problem = getattr(ctx.resources, "problemen", {}).get("veiligheid") if ctx.resources is not None else None
        raise UserError("De Meldcode en de veiligheidsregels (resources/veiligheid.yaml) zijn niet geladen"
                        + (f": {problem.messages[0]}" if problem is not None else "")
                        + ". Vraag de beheerder het bestand te herstellen.")
    return cfg


# -- plain data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StapRegel:
    """One step for the screen: its text and, when recorded, date, worker and note."""

    nummer: int
    naam: str
    uitleg: str
    datum: date | None = None
    medewerker: str | None = None
    notitie: str | None = None

    @property
    def vastgelegd(self) -> bool:
        return self.datum is not None


@dataclass(frozen=True)
class VeiligheidToestand:
    gesprek_id: int | None
    signaal: dom.Veiligheidssignaal
    meldcode: dom.Meldcode
    stappen: tuple[StapRegel, ...]
    weging: dom.Weging
    stand: str                      # "Meldcode: stap 3 van 5 (...)"
    bereikte_stap: int
    gestart: bool                   # a step, an answer or a decision is recorded
    zorg: bool                      # a safety concern is recorded: the safe summary is the default
    samenvatting_keuze: str | None  # what the worker chose (None: the default)
    versie: int | None              # row version, for optimistic locking
    melding_vastgelegd: bool = False  # a referral 'melding bij Veilig Thuis' exists
    advies_vastgelegd: bool = False   # a referral 'advies vragen bij Veilig Thuis' exists
    veiligheidsverwijzing: bool = False  # a referral to a safety organisation exists

    @property
    def samenvatting_standaard(self) -> str:
        return dom.standaard_versie(self.zorg)

    @property
    def samenvatting_versie(self) -> str:
        """The version that prints with Ctrl+P."""
        return self.samenvatting_keuze or self.samenvatting_standaard


@dataclass(frozen=True)
class MeldcodeRij:
    """An open Meldcode of the desk (werkvoorraad)."""

    gesprek_id: int
    inwoner: str
    stand: str
    laatste: date
    volgende: str


# -- reading ---------------------------------------------------------------------------------------

def _gesprek(s, user, gesprek_id: int) -> Gesprek:
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    require_team(user, g.team)
    return g


def _meldcode(row: GesprekVeiligheid | None, stappen: list[MeldcodeStap]) -> dom.Meldcode:
    m = dom.Meldcode(stappen={r.stap: dom.StapVastlegging(r.stap, r.datum, r.medewerker or "", r.notitie)
                              for r in stappen})
    if row is not None:
        m.advies_veilig_thuis = row.advies_veilig_thuis
        m.advies_anoniem = row.advies_anoniem
        m.gesprek_overgeslagen = bool(row.gesprek_overgeslagen)
        m.afwegingen = {k: getattr(row, f"afweging_{k}") for k in dom.AFWEGING_IDS}
        m.besluit = row.besluit
    return m


def _stappen_rijen(s, gesprek_id: int) -> list[MeldcodeStap]:
    return list(s.scalars(select(MeldcodeStap).where(MeldcodeStap.gesprek_id == gesprek_id)
                          .order_by(MeldcodeStap.stap)))


def _veilig_thuis_verwijzingen(s, gesprek_id: int) -> set[str]:
    rows = s.scalars(select(Verwijzing.overdracht).where(Verwijzing.gesprek_id == gesprek_id,
                                                         Verwijzing.overdracht.in_(VT_OVERDRACHTEN)))
    return set(rows)


VT_OVERDRACHTEN = ("advies_veilig_thuis", "melding_veilig_thuis")


def _toestand(cfg, gesprek_id: int | None, signaal: dom.Veiligheidssignaal, row, stappen, vt: set[str],
              safety_referral: bool = False) -> VeiligheidToestand:
    m = _meldcode(row, stappen)
    regels = tuple(StapRegel(n, st.naam, st.uitleg, *(
        (m.stappen[n].datum, m.stappen[n].medewerker, m.stappen[n].notitie) if n in m.stappen else ()))
        for n, st in sorted(cfg.stappen.items()))
    gestart = bool(m.stappen) or m.besluit is not None or any(v is not None for v in m.afwegingen.values()) \
        or bool(m.advies_veilig_thuis)
    zorg = signaal.zorg or gestart or bool(vt) or safety_referral
    return VeiligheidToestand(
        gesprek_id=gesprek_id, signaal=signaal, meldcode=m, stappen=regels, weging=dom.weeg(m.afwegingen, cfg),
        stand=dom.stand(m, cfg), bereikte_stap=dom.bereikte_stap(m), gestart=gestart, zorg=zorg,
        samenvatting_keuze=row.samenvatting_versie if row is not None else None,
        versie=row.versie if row is not None else None,
        melding_vastgelegd="melding_veilig_thuis" in vt, advies_vastgelegd="advies_veilig_thuis" in vt,
        veiligheidsverwijzing=safety_referral)


def met_uitvraag(t: VeiligheidToestand, uitvraag) -> VeiligheidToestand:
    """Pure: the stored state ``t`` with the signal of the answers as typed now (no database), for live
    panels that must not read the database on every keystroke."""
    from dataclasses import replace

    signaal = dom.signaal(uitvraag)
    zorg = signaal.zorg or t.gestart or t.melding_vastgelegd or t.advies_vastgelegd or t.veiligheidsverwijzing
    return replace(t, signaal=signaal, zorg=zorg)


def _safety_referral(s, cfg, gesprek_id: int) -> bool:
    ids = s.scalars(select(Verwijzing.voorziening_id).where(Verwijzing.gesprek_id == gesprek_id))
    return any(i in cfg.veiligheidsorganisaties for i in ids)


def toestand(ctx, gesprek_id: int | None, uitvraag=None) -> VeiligheidToestand:
    """The safety state of a conversation. ``uitvraag``: the answers as typed now (the editor's live
    form); without it the stored conversation is read. A new, unsaved conversation (``gesprek_id``
    None) has no Meldcode yet but already knows its signal."""
    user = require(ctx.user, GESPREK_LEZEN)
    cfg = config(ctx)
    if uitvraag is None and gesprek_id is not None:
        from toegang_app.services.gesprekken import laad_gesprek

        uitvraag = laad_gesprek(ctx, gesprek_id, audit_view=False).to_uitvraag()
    signaal = dom.signaal(uitvraag)
    if gesprek_id is None:
        return _toestand(cfg, None, signaal, None, [], set())
    with ctx.sessions() as s:
        _gesprek(s, user, gesprek_id)
        return _toestand(cfg, gesprek_id, signaal, s.get(GesprekVeiligheid, gesprek_id), _stappen_rijen(s, gesprek_id),
                         _veilig_thuis_verwijzingen(s, gesprek_id), _safety_referral(s, cfg, gesprek_id))


# -- changing --------------------------------------------------------------------------------------

def _rij(s, gesprek_id: int, verwachte_versie: int | None) -> GesprekVeiligheid:
    row = s.get(GesprekVeiligheid, gesprek_id)
    if verwachte_versie is not None and (row.versie if row is not None else None) != verwachte_versie:
        raise ConcurrentEdit("Iemand anders heeft de Meldcode van dit gesprek intussen gewijzigd. De nieuwe stand "
                             "is geladen; er is niets opgeslagen. Kijk of uw stap nog nodig is.")
    if row is None:
        row = GesprekVeiligheid(gesprek_id=gesprek_id, gesprek_overgeslagen=False, gewijzigd_op=datetime.now())
        s.add(row)
    return row


def _fout(exc: InvalidInput) -> VeiligheidInvoerFout:
    return VeiligheidInvoerFout(exc.message, exc.field)


def _stale() -> ConcurrentEdit:
    return ConcurrentEdit("Iemand anders sloeg de Meldcode van dit gesprek op terwijl u dat deed. Er is niets "
                          "opgeslagen; de nieuwe stand is geladen.")


def leg_stap_vast(ctx, gesprek_id: int, stap: int, datum: date | None, notitie: str | None = None, *,
                  medewerker: str | None = None, advies_veilig_thuis: bool | None = None,
                  advies_anoniem: bool | None = None, gesprek_overgeslagen: bool | None = None,
                  afwegingen: dict[str, bool | None] | None = None, besluit: str | None = None,
                  verwachte_versie: int | None = None, vandaag: date | None = None) -> VeiligheidToestand:
    """Record (or correct) one step of the Meldcode with its date, worker (default: the signed-in user)
    and a short note. Step 2 carries whether advice was asked at Veilig Thuis and whether anonymously;
    step 3 whether the conversation was skipped for safety; step 4 the afwegingen; step 5 the decision
    (acute or structural unsafety means melden). Everything is validated before anything is written;
    raises VeiligheidInvoerFout (Dutch, naming the field) or ConcurrentEdit."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    cfg = config(ctx)
    today = vandaag or date.today()
    wie = (medewerker or "").strip() or user.naam or user.gebruikersnaam
    try:
        with ctx.sessions.begin() as s:
            g = _gesprek(s, user, gesprek_id)
            row = _rij(s, g.id, verwachte_versie)
            rijen = {r.stap: r for r in _stappen_rijen(s, g.id)}
            m = _meldcode(row, list(rijen.values()))
            # the state as it will be, validated as a whole before anything is written
            nieuw = dom.Meldcode(stappen={n: v for n, v in m.stappen.items() if n != stap},
                                 advies_veilig_thuis=m.advies_veilig_thuis, advies_anoniem=m.advies_anoniem,
                                 gesprek_overgeslagen=m.gesprek_overgeslagen, afwegingen=dict(m.afwegingen),
                                 besluit=m.besluit)
            if stap == 2:
                nieuw.advies_veilig_thuis, nieuw.advies_anoniem = advies_veilig_thuis, advies_anoniem
            if stap == 3 and gesprek_overgeslagen is not None:
                nieuw.gesprek_overgeslagen = bool(gesprek_overgeslagen)
            try:
                tekst = dom.check_stap(nieuw, stap, datum, notitie, today, cfg)
                later = [v for n, v in m.stappen.items() if n > stap and v.datum < datum]
                if later:
                    raise InvalidInput("datum", f"Stap {later[0].stap} staat op {nl.datum(later[0].datum)}; stap "
                                       f"{stap} kan niet later zijn gezet.")
                if stap == 2:
                    dom.check_advies(advies_veilig_thuis, advies_anoniem)
                if stap == 4:
                    nieuw.afwegingen = {k: (afwegingen or {}).get(k) for k in dom.AFWEGING_IDS}
                    dom.check_afwegingen(nieuw, nieuw.afwegingen)
                    w = dom.weeg(nieuw.afwegingen, cfg)
                    if w.volgende is not None and w.volgende == dom.AFWEGING_IDS[0]:
                        raise InvalidInput("afwegingen", "Beantwoord minstens afweging 1 (is er een vermoeden?).")
                    if m.besluit is not None:
                        dom.check_besluit(nieuw, m.besluit, cfg)   # a changed weighing may not contradict it
                if stap == 5:
                    if besluit is None:
                        raise InvalidInput("besluit", "Kies het besluit van stap 5.")
                    if 4 not in m.stappen:
                        raise InvalidInput("besluit", "Leg eerst stap 4 (wegen met het afwegingskader) vast.")
                    dom.check_besluit(nieuw, besluit, cfg)
            except InvalidInput as exc:
                raise _fout(exc) from None

            r = rijen.get(stap)
            oud_datum = r.datum if r is not None else None
            if r is None:
                r = MeldcodeStap(gesprek_id=g.id, stap=stap, datum=datum, vastgelegd_op=datetime.now())
                s.add(r)
            notitie_gewijzigd = (r.notitie or None) != tekst
            r.datum, r.medewerker, r.notitie = datum, wie[:200], tekst
            r.vastgelegd_door, r.vastgelegd_op = user.gebruikersnaam, datetime.now()
            oud: dict = {}
            nw: dict = {}
            veld = f"meldcode.stap{stap}"
            audit.record(s, user, "gewijzigd" if oud_datum else "aangemaakt", "gesprek", g.id, veld=veld,
                         oud=oud_datum.isoformat() if oud_datum else None, nieuw=datum.isoformat(),
                         toelichting="notitie gewijzigd" if notitie_gewijzigd else None)
            if stap == 2:
                oud.update(advies_veilig_thuis=row.advies_veilig_thuis, advies_anoniem=row.advies_anoniem)
                row.advies_veilig_thuis, row.advies_anoniem = advies_veilig_thuis, advies_anoniem
                nw.update(advies_veilig_thuis=row.advies_veilig_thuis, advies_anoniem=row.advies_anoniem)
            if stap == 3 and gesprek_overgeslagen is not None:
                oud["gesprek_overgeslagen"] = bool(row.gesprek_overgeslagen)
                row.gesprek_overgeslagen = bool(gesprek_overgeslagen)
                nw["gesprek_overgeslagen"] = row.gesprek_overgeslagen
            if stap == 4:
                for k in dom.AFWEGING_IDS:
                    oud[f"afweging_{k}"] = getattr(row, f"afweging_{k}")
                    setattr(row, f"afweging_{k}", nieuw.afwegingen.get(k))
                    nw[f"afweging_{k}"] = nieuw.afwegingen.get(k)
            if stap == 5:
                oud["besluit"] = row.besluit
                row.besluit, row.besluit_op, row.besluit_door = besluit, datum, wie[:80]
                nw["besluit"] = besluit
            audit.record_changes(s, user, "gesprek", g.id, {f"meldcode.{k}": v for k, v in oud.items()},
                                 {f"meldcode.{k}": v for k, v in nw.items()})
            row.gewijzigd_op = datetime.now()
    except (StaleDataError, IntegrityError):   # a colleague changed it, or made the first row, at the same time
        raise _stale() from None
    return toestand(ctx, gesprek_id)


def kies_samenvatting(ctx, gesprek_id: int, versie: str | None,
                      verwachte_versie: int | None = None) -> VeiligheidToestand:
    """Which version of the resident's summary prints: ``veilig``, ``volledig`` or None (the default:
    the safe one when a safety concern is recorded). Audited."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    cfg = config(ctx)
    if versie is not None and versie not in dom.VERSIES:
        raise VeiligheidInvoerFout("Kies de veilige of de volledige versie.", "samenvatting")
    try:
        with ctx.sessions.begin() as s:
            g = _gesprek(s, user, gesprek_id)
            row = _rij(s, g.id, verwachte_versie)
            oud = row.samenvatting_versie
            row.samenvatting_versie = versie
            row.gewijzigd_op = datetime.now()
            audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="samenvatting_versie", oud=oud,
                         nieuw=versie or "standaard")
    except (StaleDataError, IntegrityError):   # a colleague changed it, or made the first row, at the same time
        raise _stale() from None
    return toestand(ctx, gesprek_id)


def open_meldcodes(ctx, team: str | None) -> list[MeldcodeRij]:
    """Open conversations of the desk with a Meldcode under way (started, no decision yet), for the
    werkvoorraad; ``team`` None: every desk (a user who sees all)."""
    require(ctx.user, GESPREK_LEZEN)
    cfg = config(ctx)
    q = (select(GesprekVeiligheid, Gesprek.id, Inwoner.naam)
         .join(Gesprek, Gesprek.id == GesprekVeiligheid.gesprek_id)
         .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
         .where(GesprekVeiligheid.besluit.is_(None), Gesprek.status == "open", Inwoner.geanonimiseerd.is_(False)))
    if team:
        q = q.where(Gesprek.team == team)
    out: list[MeldcodeRij] = []
    with ctx.sessions() as s:
        for row, gid, naam in s.execute(q):
            stappen = _stappen_rijen(s, gid)
            if not stappen:
                continue
            m = _meldcode(row, stappen)
            n = dom.bereikte_stap(m)
            volgende = (f"volgende: stap {n + 1} ({dom.klein(cfg.stappen[n + 1].naam)})" if n < 5
                        else "volgende: besluit vastleggen")
            out.append(MeldcodeRij(gid, naam, dom.stand(m, cfg), max(x.datum for x in stappen), volgende))
    return out


def namen_veiligheidsorganisaties(ctx) -> list[str]:
    """How the kaart spells the safety organisations (name and provider), for the safe summary."""
    cfg = config(ctx)
    from toegang_app.services.kaart import effectieve_kaart

    try:
        kaart = effectieve_kaart(ctx)
    except UserError:
        kaart = []
    namen = {"Veilig Thuis", "Zorg- en Veiligheidshuis"}
    for v in kaart:
        if v.id in cfg.veiligheidsorganisaties:
            namen.update(x for x in (v.naam, v.aanbieder) if x)
    return sorted(namen)


# -- hand-overs to Veilig Thuis ------------------------------------------------------------------------

@dataclass(frozen=True)
class VeiligThuisOverdracht:
    anoniem: bool
    inwoner_weet: bool
    waarom_niet: str | None


def overdracht_van(s, verwijzing_id: int) -> VeiligThuisOverdracht | None:
    r = s.get(VerwijzingVeiligheid, verwijzing_id)
    return VeiligThuisOverdracht(bool(r.anoniem), bool(r.inwoner_weet), r.waarom_niet) if r is not None else None


def wis_notities(s, gesprek_id: int) -> None:
    """Anonymising a conversation: the Meldcode's free text (notes, worker names) goes, the facts stay."""
    for r in _stappen_rijen(s, gesprek_id):
        r.notitie, r.medewerker, r.vastgelegd_door = None, None, None
    row = s.get(GesprekVeiligheid, gesprek_id)
    if row is not None:
        row.besluit_door = None
    for vid in s.scalars(select(Verwijzing.id).where(Verwijzing.gesprek_id == gesprek_id)):
        vv = s.get(VerwijzingVeiligheid, vid)
        if vv is not None:
            vv.waarom_niet = None

