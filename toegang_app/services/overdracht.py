"""A move between desks is a handover (issue 19, item 4).

A resident belongs to the desk of their gemeente. Changing it is a deliberate action of a worker of the
resident's current desk, with a reason: :func:`draag_over` moves the resident, every conversation and
every referral of theirs to the other desk in one transaction, drops an AVE procesregisseur of the old
desk, removes this workstation's drafts of those conversations, and audits who, from where, to where,
why and how much, without names. Afterwards the old desk sees nothing of the resident by any path (search,
lists, werkvoorraad, opening); what it keeps is what retention allows without personal data: its
statistics by gemeente (a conversation keeps the gemeente it was held for) and the audit rows.

No other code path can change the gemeente: ``storage.guards`` refuses it outside a handover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from toegang_app.domain import vocab
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_SCHRIJVEN, require, require_team
from toegang_app.storage.guards import OVERDRACHT
from toegang_app.storage.models import Gesprek, Inwoner, Overdracht, Verwijzing

REDENEN: dict[str, str] = {
    "verhuisd": "Verhuisd naar de andere gemeente",
    "vergissing": "Gemeente was verkeerd vastgelegd",
    "verzoek": "Op verzoek van de inwoner of de andere balie",
}
TOELICHTING_MAX = 200


@dataclass(frozen=True)
class OverdrachtResultaat:
    inwoner_id: int
    van: str
    naar: str
    gesprekken: int
    verwijzingen: int

    def tekst(self) -> str:
        g = f"{self.gesprekken} gesprek{'ken' if self.gesprekken != 1 else ''}"
        v = f"{self.verwijzingen} verwijzing{'en' if self.verwijzingen != 1 else ''}"
        return (f"De inwoner is met {g} en {v} overgedragen aan de balie {vocab.GEMEENTEN.get(self.naar, self.naar)}. "
                "Uw balie ziet deze inwoner niet meer.")


def _valideer(van: str | None, naar: str, reden: str, kern: str | None, toelichting: str | None) -> str | None:
    if naar not in vocab.GEMEENTEN:
        raise InvalidInput("naar", f"Kies de gemeente van de nieuwe balie: {', '.join(vocab.GEMEENTEN.values())}.")
    if van is not None and naar == van:
        raise InvalidInput("naar", f"De inwoner hoort al bij de balie {vocab.GEMEENTEN[naar]}. Kies de andere gemeente.")
    if reden not in REDENEN:
        raise InvalidInput("reden", "Kies de reden van de overdracht.")
    if kern and not vocab.kern_valid(naar, kern):
        raise InvalidInput("kern", f"'{kern}' is geen kern van {vocab.GEMEENTEN[naar]}.")
    t = (toelichting or "").strip() or None
    if t is not None:
        if len(t) > TOELICHTING_MAX:
            raise InvalidInput("toelichting", f"De toelichting is te lang: hooguit {TOELICHTING_MAX} tekens "
                               f"(nu {len(t)}).")
        if any(ord(c) < 32 for c in t):
            raise InvalidInput("toelichting", "De toelichting bevat tekens die niet in een tekst horen.")
    return t


def draag_over(ctx, inwoner_id: int, naar: str, reden: str, *, kern: str | None = None,
               toelichting: str | None = None, inwoner_versie: int | None = None) -> OverdrachtResultaat:
    """Hand resident ``inwoner_id`` with all their conversations and referrals to the desk of ``naar``.

    ``reden`` is a key of :data:`REDENEN`; ``kern`` the resident's kern in the new gemeente (or None);
    ``toelichting`` at most 200 characters, kept with the handover (not in the audit trail).
    ``inwoner_versie``: the version the worker saw; a colleague's change in between is refused.
    Raises InvalidInput (naming the field), PermissionDenied or UserError; nothing is written then."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    t = _valideer(None, naar, reden, kern, toelichting)
    now = datetime.now()
    with ctx.sessions.begin() as s:
        i = s.get(Inwoner, inwoner_id)
        if i is None or i.geanonimiseerd:
            raise UserError(f"Inwoner {inwoner_id} bestaat niet (meer).")
        require_team(user, i.gemeente)
        van = i.gemeente
        _valideer(van, naar, reden, kern, t)
        if inwoner_versie is not None and i.versie != inwoner_versie:
            raise UserError("Een collega heeft de gegevens van deze inwoner net gewijzigd. Er is niets overgedragen; "
                            "open het gesprek opnieuw en probeer het dan nog eens.")
        gesprekken = list(s.scalars(select(Gesprek).where(Gesprek.inwoner_id == i.id).order_by(Gesprek.id)))
        ids = [g.id for g in gesprekken]
        verw = list(s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id.in_(ids)))) if ids else []
        s.info[OVERDRACHT] = True
        try:
            i.gemeente, i.kern, i.gewijzigd_op = naar, kern or None, now
            for g in gesprekken:
                oud_team = g.team
                g.team = naar
                if g.procesregisseur_id is not None:
                    g.procesregisseur_id = None  # the old desk's regisseur no longer sees the case
                    audit.record(s, user, "gewijzigd", "gesprek", g.id, veld="procesregisseur_id",
                                 toelichting="procesregisseur vervalt door overdracht aan de andere balie")
                audit.record(s, user, "overgedragen", "gesprek", g.id, veld="team", oud=oud_team, nieuw=naar)
            for v in verw:
                v.team = naar
            s.add(Overdracht(inwoner_id=i.id, van_team=van, naar_team=naar, reden=reden, toelichting=t,
                             gesprekken=len(gesprekken), door=user.gebruikersnaam, op=now))
            res = OverdrachtResultaat(i.id, van, naar, len(gesprekken), len(verw))
            audit.record(s, user, "overgedragen", "inwoner", i.id, veld="gemeente", oud=van, nieuw=naar,
                         toelichting=f"{REDENEN[reden]}; {res.gesprekken} gesprek"
                         f"{'ken' if res.gesprekken != 1 else ''} en {res.verwijzingen} verwijzing"
                         f"{'en' if res.verwijzingen != 1 else ''} naar de balie {vocab.GEMEENTEN[naar]}")
            s.flush()
        finally:
            s.info.pop(OVERDRACHT, None)
    from toegang_app.services import concepten

    for gid in ids:
        concepten.verwijder_concept(ctx, f"gesprek-{gid}")
    return res
