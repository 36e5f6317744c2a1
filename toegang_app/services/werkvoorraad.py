"""Werkvoorraad: what a worker of a desk must do now. Follow-ups due today or overdue, referrals without
news for three weeks, and legal terms that are close (3 working days or fewer) or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from toegang_app.domain import termijnen as dom
from toegang_app.domain.verwijzing import OPEN, STATUSSEN, ZONDER_NIEUWS_DAGEN
from toegang_app.services.auth import GESPREK_LEZEN, require
from toegang_app.storage.models import Gesprek, Inwoner, Termijn, Verwijzing

SOORTEN = {"opvolging": "Opvolgen", "zonder_nieuws": "Geen nieuws", "termijn": "Wettelijke termijn"}


@dataclass
class WerkItem:
    soort: str            # opvolging | zonder_nieuws | termijn
    datum: date           # due date (follow-up, last news + 21 days, or legal deadline)
    gesprek_id: int
    inwoner: str
    wat: str
    toelichting: str
    te_laat: bool
    verwijzing_id: int | None = None

    @property
    def soort_label(self) -> str:
        return SOORTEN[self.soort]


def werkvoorraad(ctx, peildatum: date | None = None, soorten: set[str] | None = None,
                 alleen_te_laat: bool = False) -> list[WerkItem]:
    user = require(ctx.user, GESPREK_LEZEN)
    today = peildatum or date.today()
    team = None if user.team is None or user.rol == "systeem" else user.team
    items: list[WerkItem] = []
    with ctx.sessions() as s:
        base = (select(Verwijzing, Inwoner.naam).join(Gesprek, Gesprek.id == Verwijzing.gesprek_id)
                .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
                .where(Verwijzing.status.in_(OPEN), Inwoner.geanonimiseerd.is_(False)))
        if team:
            base = base.where(Verwijzing.team == team)
        for v, naam in s.execute(base.where(Verwijzing.opvolgdatum.is_not(None), Verwijzing.opvolgdatum <= today)):
            items.append(WerkItem("opvolging", v.opvolgdatum, v.gesprek_id, naam, v.voorziening_naam,
                                  f"{STATUSSEN[v.status]} sinds {v.status_sinds:%d-%m-%Y}; opvolgen "
                                  f"{'vandaag' if v.opvolgdatum == today else 'was ' + v.opvolgdatum.strftime('%d-%m-%Y')}",
                                  v.opvolgdatum < today, v.id))
        grens = today - timedelta(days=ZONDER_NIEUWS_DAGEN)
        gezien = {i.verwijzing_id for i in items}
        for v, naam in s.execute(base.where(Verwijzing.status_sinds <= grens)):
            if v.id in gezien:
                continue
            dagen = (today - v.status_sinds).days
            items.append(WerkItem("zonder_nieuws", v.status_sinds + timedelta(days=ZONDER_NIEUWS_DAGEN), v.gesprek_id,
                                  naam, v.voorziening_naam, f"{STATUSSEN[v.status]}, al {dagen} dagen geen nieuws",
                                  True, v.id))
        tq = (select(Termijn, Gesprek.id, Inwoner.naam).join(Gesprek, Gesprek.id == Termijn.gesprek_id)
              .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
              .where(Termijn.afgerond_op.is_(None), Gesprek.status == "open", Inwoner.geanonimiseerd.is_(False),
                     Termijn.uiterlijk <= today + timedelta(days=7)))
        if team:
            tq = tq.where(Gesprek.team == team)
        for t, gid, naam in s.execute(tq):
            term = dom.Termijn(t.code, t.wet, t.stap, t.uiterlijk, t.grondslag, t.startdatum)
            st = dom.status(term, today)
            if st not in (dom.VERLOPEN, dom.BIJNA_VERLOPEN):
                continue
            items.append(WerkItem("termijn", t.uiterlijk, gid, naam, f"{t.wet}: {t.stap}",
                                  f"{st}, uiterlijk {t.uiterlijk:%d-%m-%Y} ({t.grondslag})", st == dom.VERLOPEN))
    if soorten:
        items = [i for i in items if i.soort in soorten]
    if alleen_te_laat:
        items = [i for i in items if i.te_laat]
    items.sort(key=lambda i: (not i.te_laat, i.datum, i.inwoner))
    return items
