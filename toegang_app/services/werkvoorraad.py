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
        # plain columns, not ORM objects: a busy desk has tens of thousands of open referrals
        grens = today - timedelta(days=ZONDER_NIEUWS_DAGEN)
        V = Verwijzing
        cols = (V.id, V.gesprek_id, V.voorziening_naam, V.status, V.status_sinds, V.opvolgdatum, Inwoner.naam)
        base = (select(*cols).join(Gesprek, Gesprek.id == V.gesprek_id)
                .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
                .where(V.status.in_(OPEN), Inwoner.geanonimiseerd.is_(False)))
        if team:
            base = base.where(V.team == team)
        # two indexed range queries (ix_verwijzingen_status_opvolg, ix_verwijzingen_werkvoorraad)
        gezien: set[int] = set()
        for vid, gid, vnaam, status, sinds, opvolg, naam in s.execute(
                base.where(V.opvolgdatum.is_not(None), V.opvolgdatum <= today)):
            gezien.add(vid)
            items.append(WerkItem("opvolging", opvolg, gid, naam, vnaam,
                                  f"{STATUSSEN[status]} sinds {sinds:%d-%m-%Y}; opvolgen "
                                  f"{'vandaag' if opvolg == today else 'was ' + opvolg.strftime('%d-%m-%Y')}",
                                  opvolg < today, vid))
        for vid, gid, vnaam, status, sinds, _opvolg, naam in s.execute(base.where(V.status_sinds <= grens)):
            if vid not in gezien:
                items.append(WerkItem("zonder_nieuws", sinds + timedelta(days=ZONDER_NIEUWS_DAGEN), gid, naam, vnaam,
                                      f"{STATUSSEN[status]}, al {(today - sinds).days} dagen geen nieuws", True, vid))
        T = Termijn
        tq = (select(T.code, T.wet, T.stap, T.uiterlijk, T.grondslag, T.startdatum, Gesprek.id, Inwoner.naam)
              .join(Gesprek, Gesprek.id == Termijn.gesprek_id)
              .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
              .where(Termijn.afgerond_op.is_(None), Gesprek.status == "open", Inwoner.geanonimiseerd.is_(False),
                     Termijn.uiterlijk <= today + timedelta(days=7)))
        if team:
            tq = tq.where(Gesprek.team == team)
        for code, wet, stap, uiterlijk, grondslag, startdatum, gid, naam in s.execute(tq):
            st = dom.status(dom.Termijn(code, wet, stap, uiterlijk, grondslag, startdatum), today)
            if st not in (dom.VERLOPEN, dom.BIJNA_VERLOPEN):
                continue
            items.append(WerkItem("termijn", uiterlijk, gid, naam, f"{wet}: {stap}",
                                  f"{st}, uiterlijk {uiterlijk:%d-%m-%Y} ({grondslag})", st == dom.VERLOPEN))
    if soorten:
        items = [i for i in items if i.soort in soorten]
    if alleen_te_laat:
        items = [i for i in items if i.te_laat]
    items.sort(key=lambda i: (not i.te_laat, i.datum, i.inwoner))
    return items
