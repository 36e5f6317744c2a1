"""Users and signing in: local accounts (argon2 password hashes) or the operating-system account, the
first-run beheerder, and searching the audit trail.

Only a functioneel beheerder manages users (``GEBRUIKERS_BEHEER``); the single exception is the very
first beheerder, created while the database has no users at all. Every change to a user and every
sign-in attempt is written to the audit trail in the same transaction. Sign-in failures give one
generic Dutch message, whatever the reason, so nobody can find out which user names exist.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from toegang_app.domain.validation import InvalidInput
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import PermissionDenied, UserError
from toegang_app.services import audit
from toegang_app.services.aanmelding import (  # noqa: F401 - signing in at the start, on Core: same names here
    aanmelden_os,
    eerste_gebruik,
    huidige_gebruiker,
    normaliseer_os_account,
    os_gebruikersnaam,
)
from toegang_app.services.auth import AUDIT_LEZEN, GEBRUIKERS_BEHEER, ROLLEN, CurrentUser, require
from toegang_app.storage.models import AuditRegel, Gebruiker

log = logging.getLogger(__name__)

MIN_WACHTWOORD = 10
MAX_WACHTWOORD = 200
# Lockout per account, which an attacker cannot stretch indefinitely: after MAX_POGINGEN failed sign-ins
# since the last successful one (or the last unlock / new password), the account waits EERSTE_WACHTTIJD,
# doubling with every further counted failure up to WACHTTIJD. Attempts made while it waits are refused
# and audited ("aanmelden_geweigerd") but neither counted nor extend the wait; failures older than
# FOUTEN_VERVALLEN no longer count. A beheerder can unlock at once (ontgrendel); signing in with the
# Windows account is not affected.
MAX_POGINGEN = 5
EERSTE_WACHTTIJD = timedelta(minutes=1)
WACHTTIJD = timedelta(minutes=15)     # the longest wait, however many failures
FOUTEN_VERVALLEN = timedelta(hours=24)
# roles that work with residents of one desk must belong to a team (team None = all desks)
ROLLEN_MET_TEAM = ("medewerker", "procesregisseur")

AANMELDEN_MISLUKT = ("Aanmelden lukt niet. Controleer uw gebruikersnaam en wachtwoord. Na "
                     f"{MAX_POGINGEN} mislukte pogingen moet u even wachten (hooguit "
                     f"{int(WACHTTIJD.total_seconds() // 60)} minuten), of vraag de beheerder het account vrij te geven.")

_GEBRUIKERSNAAM = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
_HASHER = PasswordHasher()
_DUMMY_HASH: str | None = None  # verified against when the user does not exist (same timing)


class AanmeldFout(UserError):
    """Signing in failed. The message never says whether the user name exists."""

    exit_code = 5


@dataclass(frozen=True)
class GebruikerRij:
    id: int
    gebruikersnaam: str
    naam: str
    rol: str
    team: str | None
    os_account: str | None
    actief: bool
    heeft_wachtwoord: bool
    aangemaakt_op: datetime
    geblokkeerd_tot: datetime | None = None   # locked after failed sign-ins (lijst_gebruikers fills it)

    @property
    def rol_naam(self) -> str:
        return ROLLEN.get(self.rol, self.rol)

    @property
    def team_naam(self) -> str:
        return GEMEENTEN.get(self.team, self.team) if self.team else "Alle balies"


def _rij(g: Gebruiker, geblokkeerd: datetime | None = None) -> GebruikerRij:
    return GebruikerRij(id=g.id, gebruikersnaam=g.gebruikersnaam, naam=g.naam, rol=g.rol, team=g.team,
                        os_account=g.os_account, actief=bool(g.actief), heeft_wachtwoord=bool(g.wachtwoord_hash),
                        aangemaakt_op=g.aangemaakt_op, geblokkeerd_tot=geblokkeerd)


# -- validation ------------------------------------------------------------------------------------

def normaliseer_gebruikersnaam(text: str) -> str:
    return (text or "").strip().lower()


def controleer_wachtwoord(wachtwoord: str, gebruikersnaam: str | None = None) -> None:
    """Raise InvalidInput('wachtwoord', Dutch message) when the password is too weak."""
    w = wachtwoord or ""
    if len(w) < MIN_WACHTWOORD:
        raise InvalidInput("wachtwoord", f"Het wachtwoord is te kort: gebruik minstens {MIN_WACHTWOORD} tekens "
                           f"(nu {len(w)}). Een zin van een paar woorden is makkelijk te onthouden.")
    if len(w) > MAX_WACHTWOORD:
        raise InvalidInput("wachtwoord", f"Het wachtwoord is te lang: gebruik hooguit {MAX_WACHTWOORD} tekens.")
    if not w.strip():
        raise InvalidInput("wachtwoord", "Het wachtwoord mag niet alleen uit spaties bestaan.")
    if len(set(w)) < 4:
        raise InvalidInput("wachtwoord", "Het wachtwoord is te eenvoudig: gebruik meer verschillende tekens.")
    if gebruikersnaam and normaliseer_gebruikersnaam(gebruikersnaam) in w.lower():
        raise InvalidInput("wachtwoord", "Het wachtwoord mag de gebruikersnaam niet bevatten.")


def _controleer_gegevens(gebruikersnaam: str, naam: str, rol: str, team: str | None) -> None:
    if not _GEBRUIKERSNAAM.match(gebruikersnaam):
        raise InvalidInput("gebruikersnaam", "De gebruikersnaam moet 2 tot 80 tekens lang zijn: kleine letters, "
                           "cijfers en . _ - @, zonder spaties (bijvoorbeeld j.jansen).")
    if not (naam or "").strip():
        raise InvalidInput("naam", "Vul de naam van de gebruiker in.")
    if len(naam.strip()) > 200:
        raise InvalidInput("naam", "De naam is te lang: hooguit 200 tekens.")
    if rol not in ROLLEN:
        raise InvalidInput("rol", f"Onbekende rol '{rol}'. Kies uit: {', '.join(ROLLEN)}.")
    if team is not None and team not in GEMEENTEN:
        raise InvalidInput("team", f"Onbekend team '{team}'. Kies uit: {', '.join(GEMEENTEN)}.")
    if rol in ROLLEN_MET_TEAM and team is None:
        raise InvalidInput("team", f"Een {ROLLEN[rol].lower()} hoort bij één balie: kies het team.")


def _hash(wachtwoord: str) -> str:
    return _HASHER.hash(wachtwoord)


# -- queries ---------------------------------------------------------------------------------------

def lijst_gebruikers(ctx, *, ook_inactief: bool = True) -> list[GebruikerRij]:
    require(ctx.user, GEBRUIKERS_BEHEER)
    with ctx.sessions() as s:
        q = select(Gebruiker).order_by(Gebruiker.actief.desc(), Gebruiker.naam, Gebruiker.id)
        if not ook_inactief:
            q = q.where(Gebruiker.actief.is_(True))
        now = datetime.now()
        return [_rij(g, geblokkeerd_tot(s, g.id, now) if g.actief else None) for g in s.scalars(q)]


def zoek_gebruiker(ctx, gebruikersnaam: str) -> GebruikerRij:
    require(ctx.user, GEBRUIKERS_BEHEER)
    with ctx.sessions() as s:
        g = s.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == normaliseer_gebruikersnaam(gebruikersnaam)))
        if g is None:
            raise UserError(f"Er is geen gebruiker '{gebruikersnaam}'.")
        return _rij(g)


# -- changes ---------------------------------------------------------------------------------------

def maak_gebruiker(ctx, gebruikersnaam: str, naam: str, rol: str, team: str | None = None, *,
                   wachtwoord: str | None = None, os_account: str | None = None) -> GebruikerRij:
    """Create a user. Needs GEBRUIKERS_BEHEER, except for the first beheerder of an empty database.
    Raises InvalidInput (field, Dutch message) for bad input."""
    gebruikersnaam = normaliseer_gebruikersnaam(gebruikersnaam)
    team = team or None
    os_account = normaliseer_os_account(os_account)
    _controleer_gegevens(gebruikersnaam, naam, rol, team)
    if wachtwoord is None and os_account is None:
        raise InvalidInput("wachtwoord", "Geef een wachtwoord of een Windows-account op; anders kan deze "
                           "gebruiker zich niet aanmelden.")
    if wachtwoord is not None:
        controleer_wachtwoord(wachtwoord, gebruikersnaam)
    now = datetime.now()
    try:
        with ctx.sessions.begin() as s:
            eerste = s.scalar(select(func.count()).select_from(Gebruiker)) == 0
            if eerste and (ctx.user is None or not ctx.user.may(GEBRUIKERS_BEHEER)):
                if rol != "beheerder":
                    raise PermissionDenied("De eerste gebruiker moet een functioneel beheerder zijn.")
            else:
                require(ctx.user, GEBRUIKERS_BEHEER)
            _uniek(s, gebruikersnaam, os_account, None)
            g = Gebruiker(gebruikersnaam=gebruikersnaam, naam=naam.strip(), rol=rol, team=team,
                          wachtwoord_hash=_hash(wachtwoord) if wachtwoord is not None else None,
                          os_account=os_account, actief=True, aangemaakt_op=now)
            s.add(g)
            s.flush()
            door = ctx.user if ctx.user is not None else huidige_gebruiker(g)
            audit.record(s, door, "aangemaakt", "gebruiker", g.id,
                         toelichting=f"gebruiker {gebruikersnaam}, rol {rol}, team {team or 'alle balies'}"
                         + (", Windows-account gekoppeld" if os_account else "")
                         + ("; eerste beheerder bij eerste gebruik" if eerste and ctx.user is None else ""))
            return _rij(g)
    except IntegrityError as exc:  # a colleague created the same name at the same moment
        raise InvalidInput("gebruikersnaam", f"De gebruikersnaam '{gebruikersnaam}' is al in gebruik.") from exc


def _uniek(s: Session, gebruikersnaam: str | None, os_account: str | None, behalve: int | None) -> None:
    if gebruikersnaam is not None:
        other = s.scalar(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == gebruikersnaam))
        if other is not None and other != behalve:
            raise InvalidInput("gebruikersnaam", f"De gebruikersnaam '{gebruikersnaam}' is al in gebruik.")
    if os_account is not None:
        other = s.scalar(select(Gebruiker.id).where(func.lower(Gebruiker.os_account) == os_account))
        if other is not None and other != behalve:
            raise InvalidInput("os_account", f"Het Windows-account '{os_account}' is al aan een andere gebruiker "
                               "gekoppeld.")


def _laatste_beheerder(s: Session, g: Gebruiker) -> bool:
    if g.rol != "beheerder" or not g.actief:
        return False
    n = s.scalar(select(func.count()).select_from(Gebruiker).where(Gebruiker.rol == "beheerder",
                                                                  Gebruiker.actief.is_(True)))
    return n <= 1


_ONGEWIJZIGD = object()


def wijzig_gebruiker(ctx, gebruiker_id: int, *, naam: str | None = None, rol: str | None = None,
                     team=_ONGEWIJZIGD, os_account=_ONGEWIJZIGD) -> GebruikerRij:
    """Change name, role, team or Windows account. Old and new values go to the audit trail."""
    user = require(ctx.user, GEBRUIKERS_BEHEER)
    with ctx.sessions.begin() as s:
        g = _haal(s, gebruiker_id)
        oud = {"naam": g.naam, "rol": g.rol, "team": g.team, "os_account": g.os_account}
        nieuw = dict(oud)
        if naam is not None:
            nieuw["naam"] = naam.strip()
        if rol is not None:
            nieuw["rol"] = rol
        if team is not _ONGEWIJZIGD:
            nieuw["team"] = team or None
        if os_account is not _ONGEWIJZIGD:
            nieuw["os_account"] = normaliseer_os_account(os_account)
        _controleer_gegevens(g.gebruikersnaam, nieuw["naam"], nieuw["rol"], nieuw["team"])
        if nieuw["os_account"] is None and not g.wachtwoord_hash:
            raise InvalidInput("os_account", "Deze gebruiker heeft geen wachtwoord; zonder Windows-account kan hij "
                               "zich niet meer aanmelden. Stel eerst een wachtwoord in.")
        if oud["rol"] == "beheerder" and nieuw["rol"] != "beheerder" and _laatste_beheerder(s, g):
            raise UserError("Dit is de laatste actieve functioneel beheerder. Maak eerst een andere beheerder aan.")
        _uniek(s, None, nieuw["os_account"], g.id)
        g.naam, g.rol, g.team, g.os_account = nieuw["naam"], nieuw["rol"], nieuw["team"], nieuw["os_account"]
        audit.record_changes(s, user, "gebruiker", g.id, oud, nieuw)
        s.flush()
        return _rij(g)


def zet_actief(ctx, gebruiker_id: int, actief: bool) -> GebruikerRij:
    """Deactivate (or reactivate) a user. A deactivated user cannot sign in; their name stays in the
    history. Nobody deactivates themselves or the last active beheerder."""
    user = require(ctx.user, GEBRUIKERS_BEHEER)
    with ctx.sessions.begin() as s:
        g = _haal(s, gebruiker_id)
        if bool(g.actief) == actief:
            return _rij(g)
        if not actief:
            if user.id is not None and user.id == g.id:
                raise UserError("U kunt uzelf niet deactiveren. Vraag een andere beheerder.")
            if _laatste_beheerder(s, g):
                raise UserError("Dit is de laatste actieve functioneel beheerder. Maak eerst een andere beheerder aan.")
        g.actief = actief
        audit.record(s, user, "gedeactiveerd" if not actief else "geactiveerd", "gebruiker", g.id,
                     veld="actief", oud=not actief, nieuw=actief)
        s.flush()
        return _rij(g)


def deactiveer(ctx, gebruiker_id: int) -> GebruikerRij:
    return zet_actief(ctx, gebruiker_id, False)


def zet_wachtwoord(ctx, gebruiker_id: int, wachtwoord: str) -> None:
    """Set a new password: a beheerder for anyone, every user for themselves. The audit row says that it
    changed, never the password or its hash."""
    user = ctx.user
    if user is None or user.id != gebruiker_id:
        user = require(user, GEBRUIKERS_BEHEER)
    with ctx.sessions.begin() as s:
        g = _haal(s, gebruiker_id)
        controleer_wachtwoord(wachtwoord, g.gebruikersnaam)
        g.wachtwoord_hash = _hash(wachtwoord)
        audit.record(s, user, "wachtwoord_gezet", "gebruiker", g.id, toelichting="wachtwoord ingesteld")


HUIDIG_WACHTWOORD_FOUT = "Uw huidige wachtwoord klopt niet. Typ het nog eens; let op hoofdletters."


def wijzig_eigen_wachtwoord(ctx, huidig: str, nieuw: str) -> None:
    """The signed-in worker changes their own password: the current one first (a colleague at an unlocked
    PC cannot), then the new one checked like any password. A wrong current password counts as a failed
    sign-in (the same lockout applies); the audit row never holds a password or hash."""
    user = ctx.user
    if user is None or user.id is None:
        raise UserError("Dit account heeft geen eigen wachtwoord in Toegang (aanmelden met Windows of een "
                        "systeemaccount). Vraag de functioneel beheerder.")
    now = datetime.now()
    with ctx.sessions.begin() as s:
        g = _haal(s, user.id)
        tot = geblokkeerd_tot(s, g.id, now)
        if tot is not None:
            raise AanmeldFout(f"Te vaak een verkeerd wachtwoord. Probeer het na {tot:%H:%M} opnieuw, of vraag de "
                              "functioneel beheerder.")
        ok = False
        if g.wachtwoord_hash:
            try:
                ok = _HASHER.verify(g.wachtwoord_hash, huidig or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                ok = False
        if not ok:
            audit.record(s, None, "aanmelden_mislukt", "gebruiker", g.id,
                         toelichting=f"{g.gebruikersnaam}: verkeerd huidig wachtwoord bij wachtwoord wijzigen")
    if not ok:
        raise AanmeldFout(HUIDIG_WACHTWOORD_FOUT)
    if nieuw == huidig:
        raise InvalidInput("wachtwoord", "Het nieuwe wachtwoord is hetzelfde als het huidige. Kies een ander.")
    zet_wachtwoord(ctx, user.id, nieuw)


def afmelden(ctx, *, reden: str = "afgemeld") -> None:
    """The worker signs out (or the next worker takes over this PC): an audit row, nothing else."""
    user = ctx.user
    if user is None or user.id is None:
        return
    with ctx.sessions.begin() as s:
        audit.record(s, user, "afgemeld", "gebruiker", user.id, toelichting=reden)


def _haal(s: Session, gebruiker_id: int) -> Gebruiker:
    g = s.get(Gebruiker, gebruiker_id)
    if g is None:
        raise UserError(f"Gebruiker {gebruiker_id} bestaat niet (meer).")
    return g


# -- signing in ------------------------------------------------------------------------------------

def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hash("geen-gebruiker-met-deze-naam")
    return _DUMMY_HASH


def wachttijd(fouten: int) -> timedelta:
    """How long an account waits after ``fouten`` counted failures (none below MAX_POGINGEN)."""
    if fouten < MAX_POGINGEN:
        return timedelta(0)
    stappen = min(fouten - MAX_POGINGEN, 20)  # 2**20 minutes is far past the cap; no overflow
    return min(EERSTE_WACHTTIJD * (2 ** stappen), WACHTTIJD)


def geblokkeerd_tot(s: Session, gebruiker_id: int, now: datetime) -> datetime | None:
    """Until when the account is locked, or None. Counts the failed sign-ins since the last successful
    one, unlock or new password (and within FOUTEN_VERVALLEN)."""
    oid = str(gebruiker_id)
    reset = s.scalar(select(func.max(AuditRegel.op)).where(
        AuditRegel.object_type == "gebruiker", AuditRegel.object_id == oid,
        AuditRegel.actie.in_(("aangemeld", "ontgrendeld", "wachtwoord_gezet"))))
    sinds = now - FOUTEN_VERVALLEN
    if reset is not None and reset > sinds:
        sinds = reset
    fouten, laatste = s.execute(select(func.count(), func.max(AuditRegel.op)).where(
        AuditRegel.object_type == "gebruiker", AuditRegel.object_id == oid,
        AuditRegel.actie == "aanmelden_mislukt", AuditRegel.op > sinds)).one()
    if not fouten or laatste is None:
        return None
    tot = laatste + wachttijd(fouten)
    return tot if tot > now else None


def ontgrendel(ctx, gebruiker_id: int) -> GebruikerRij:
    """A beheerder lifts a lockout at once; the failures before it no longer count."""
    user = require(ctx.user, GEBRUIKERS_BEHEER)
    with ctx.sessions.begin() as s:
        g = _haal(s, gebruiker_id)
        audit.record(s, user, "ontgrendeld", "gebruiker", g.id, toelichting="blokkade na mislukte aanmeldingen opgeheven")
        return _rij(g)


def aanmelden(ctx, gebruikersnaam: str, wachtwoord: str, *, via: str | None = None) -> CurrentUser:
    """Sign in with a local account. Returns the CurrentUser; raises AanmeldFout with one generic Dutch
    message for every failure (unknown name, wrong password, deactivated, locked for a while).
    Each attempt leaves an audit row (``via`` names the route, e.g. "toegang-admin")."""
    naam = normaliseer_gebruikersnaam(gebruikersnaam)
    now = datetime.now()
    langs = f" ({via})" if via else ""
    with ctx.sessions.begin() as s:
        g = s.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == naam)) if naam else None
        if g is None:
            try:
                _HASHER.verify(_dummy_hash(), wachtwoord or "")
            except VerificationError:
                pass
            audit.record(s, None, "aanmelden_mislukt", "gebruiker", None,
                         toelichting=f"onbekende gebruikersnaam{langs}")
            reden = "unknown user"
        else:
            reden = None
            ok = False
            if g.wachtwoord_hash:
                try:
                    ok = _HASHER.verify(g.wachtwoord_hash, wachtwoord or "")
                except (VerifyMismatchError, VerificationError, InvalidHashError):
                    ok = False
            else:  # no password set (Windows account only): spend the same time anyway
                try:
                    _HASHER.verify(_dummy_hash(), wachtwoord or "")
                except VerificationError:
                    pass
            tot = geblokkeerd_tot(s, g.id, now)
            if tot is not None:
                # refused whatever the password, and neither counted nor extending the wait
                audit.record(s, None, "aanmelden_geweigerd", "gebruiker", g.id,
                             toelichting=f"{g.gebruikersnaam}: tijdelijk geblokkeerd tot {tot:%H:%M:%S}{langs}")
                reden = "locked"
            else:
                if not g.actief:
                    reden, toelichting = "inactive", "account is gedeactiveerd"
                elif not ok:
                    reden, toelichting = "bad password", ("verkeerd wachtwoord" if g.wachtwoord_hash
                                                          else "geen wachtwoord ingesteld")
                if reden is not None:
                    audit.record(s, None, "aanmelden_mislukt", "gebruiker", g.id,
                                 toelichting=f"{g.gebruikersnaam}: {toelichting}{langs}")
                else:
                    if _HASHER.check_needs_rehash(g.wachtwoord_hash):
                        g.wachtwoord_hash = _hash(wachtwoord)
                    user = huidige_gebruiker(g)
                    audit.record(s, user, "aangemeld", "gebruiker", g.id, toelichting=f"met wachtwoord{langs}")
                    return user
    log.info("Sign-in refused (%s)", reden)
    raise AanmeldFout(AANMELDEN_MISLUKT)


# -- audit trail search ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditFilter:
    gebruiker: str | None = None      # part of the user name
    object_type: str | None = None
    object_id: str | None = None
    actie: str | None = None
    van: date | None = None
    tot: date | None = None           # inclusive


@dataclass(frozen=True)
class AuditRij:
    id: int
    op: datetime
    gebruiker: str | None
    actie: str
    object_type: str
    object_id: str | None
    veld: str | None
    oud: str | None
    nieuw: str | None
    toelichting: str | None


@dataclass(frozen=True)
class AuditPagina:
    rijen: list[AuditRij]
    totaal: int
    pagina: int
    per_pagina: int

    @property
    def paginas(self) -> int:
        return max(1, -(-self.totaal // self.per_pagina))


def zoek_audit(ctx, filt: AuditFilter | None = None, *, pagina: int = 0, per_pagina: int = 100) -> AuditPagina:
    """Search the audit trail (newest first), one page at a time. Read-only: the application has no way
    to change or remove audit rows (the database refuses it, see migration 0001)."""
    require(ctx.user, AUDIT_LEZEN)
    f = filt or AuditFilter()
    if f.van and f.tot and f.tot < f.van:
        raise InvalidInput("tot", "De einddatum ligt vóór de begindatum.")
    conds = []
    if f.gebruiker and f.gebruiker.strip():
        conds.append(func.lower(AuditRegel.gebruiker).contains(f.gebruiker.strip().lower(), autoescape=True))
    if f.object_type:
        conds.append(AuditRegel.object_type == f.object_type)
    if f.object_id and f.object_id.strip():
        conds.append(AuditRegel.object_id == f.object_id.strip())
    if f.actie:
        conds.append(AuditRegel.actie == f.actie)
    if f.van:
        conds.append(AuditRegel.op >= datetime.combine(f.van, datetime.min.time()))
    if f.tot:
        conds.append(AuditRegel.op < datetime.combine(f.tot + timedelta(days=1), datetime.min.time()))
    per_pagina = max(1, min(per_pagina, 1000))
    pagina = max(0, pagina)
    with ctx.sessions() as s:
        totaal = s.scalar(select(func.count()).select_from(AuditRegel).where(*conds)) or 0
        rows = s.scalars(select(AuditRegel).where(*conds).order_by(AuditRegel.op.desc(), AuditRegel.id.desc())
                         .offset(pagina * per_pagina).limit(per_pagina))
        rijen = [AuditRij(id=r.id, op=r.op, gebruiker=r.gebruiker, actie=r.actie, object_type=r.object_type,
                          object_id=r.object_id, veld=r.veld, oud=r.oud, nieuw=r.nieuw, toelichting=r.toelichting)
                 for r in rows]
    return AuditPagina(rijen=rijen, totaal=totaal, pagina=pagina, per_pagina=per_pagina)


def audit_keuzes(ctx) -> tuple[list[str], list[str]]:
    """The actions and object types that occur in the audit trail (for the search filters)."""
    require(ctx.user, AUDIT_LEZEN)
    with ctx.sessions() as s:
        acties = sorted(a for a in s.scalars(select(AuditRegel.actie).distinct()) if a)
        typen = sorted(t for t in s.scalars(select(AuditRegel.object_type).distinct()) if t)
    return acties, typen
