"""Werkvoorraad: what a worker of a desk must do now. Follow-ups due today or overdue, referrals without
news (``zonder_nieuws`` in resources/intervallen.yaml), and open terms of the desk that are close
(``bijna_verlopen``) or overdue: legal deadlines of the desk and the desk's own promises, not the
resident's chances nor not-before dates.

A term's date and state come from the same computation as the Termijnen panel: the end in force of the
stored step (after a verdaging or opschorting), else the end computed again from its start on the desk's
one calendar (services.termijnen.kalender), and ``domain.termijnen.stand`` with the same interval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from toegang_app.domain import termijnen as dom
from toegang_app.domain.verwijzing import OPEN, STATUSSEN
from toegang_app.services import audit
from toegang_app.services import termijnen as tsvc
from toegang_app.services.auth import GESPREK_LEZEN, require
from toegang_app.storage.models import Gesprek, Inwoner, Termijn, TermijnWijziging, Verwijzing

SOORTEN = {"opvolging": "Opvolgen", "zonder_nieuws": "Geen nieuws", "termijn": "Wettelijke termijn",
           "belofte": "Afspraak van de balie"}


@dataclass
class WerkItem:
    soort: str            # opvolging | zonder_nieuws | termijn | belofte
    datum: date           # due date (follow-up, last news + interval, or deadline)
    gesprek_id: int
    inwoner: str
    wat: str
    toelichting: str
    te_laat: bool
    verwijzing_id: int | None = None
    termijn_code: str | None = None   # a term step the worker can close from the werkvoorraad
    startdatum: date | None = None

    @property
    def soort_label(self) -> str:
        return SOORTEN[self.soort]


def werkvoorraad(ctx, peildatum: date | None = None, soorten: set[str] | None = None,
                 alleen_te_laat: bool = False) -> list[WerkItem]:
    user = require(ctx.user, GESPREK_LEZEN)
    today = peildatum or date.today()
    team = None if user.team is None or user.rol == "systeem" else user.team
    iv = tsvc.intervallen()
    cfg = tsvc.config_voor(ctx)
    kal = cfg.atw
    items: list[WerkItem] = []
    with ctx.sessions() as s:
        # plain columns, not ORM objects: a busy desk has tens of thousands of open referrals
        V = Verwijzing
        cols = (V.id, V.gesprek_id, V.voorziening_naam, V.status, V.status_sinds, V.opvolgdatum, V.gemeente,
                Inwoner.naam)
        base = (select(*cols).join(Gesprek, Gesprek.id == V.gesprek_id)
                .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
                .where(V.status.in_(OPEN), Inwoner.geanonimiseerd.is_(False)))
        if team:
            base = base.where(V.team == team)
        # two indexed range queries (ix_verwijzingen_status_opvolg, ix_verwijzingen_werkvoorraad)
        gezien: set[int] = set()
        for vid, gid, vnaam, status, sinds, opvolg, _gem, naam in s.execute(
                base.where(V.opvolgdatum.is_not(None), V.opvolgdatum <= today)):
            gezien.add(vid)
            items.append(WerkItem("opvolging", opvolg, gid, naam, vnaam,
                                  f"{STATUSSEN[status]} sinds {sinds:%d-%m-%Y}; opvolgen "
                                  f"{'vandaag' if opvolg == today else 'was ' + opvolg.strftime('%d-%m-%Y')}",
                                  opvolg < today, vid))
        zn = iv.zonder_nieuws
        # a generous bound for the index; the exact interval (maybe in werkdagen) is checked per row
        ruim = zn.aantal * (7 if zn.eenheid == "weken" else 1)
        grens = today - timedelta(days=ruim)
        for vid, gid, vnaam, status, sinds, _opvolg, gem, naam in s.execute(base.where(V.status_sinds <= grens)):
            if vid in gezien:
                continue
            due = zn.na(sinds, kal, gemeente=gem)
            if due <= today:
                items.append(WerkItem("zonder_nieuws", due, gid, naam, vnaam,
                                      f"{STATUSSEN[status]}, al {(today - sinds).days} dagen geen nieuws", True, vid))
        items += _termijn_items(s, cfg, iv, today, team)
    if soorten:
        items = [i for i in items if i.soort in soorten]
    if alleen_te_laat:
        items = [i for i in items if i.te_laat]
    items.sort(key=lambda i: (not i.te_laat, i.datum, i.inwoner))
    audit.record_shown(ctx, user, "werkvoorraad", gesprek_ids=[i.gesprek_id for i in items])  # issue 19, item 12
    return items


def _termijn_items(s, cfg: dom.TermijnConfig, iv: dom.Intervallen, today: date, team: str | None) -> list[WerkItem]:
    kal = cfg.atw
    # the stored end is at most a few days off the end on today's calendar (a closing day added or
    # removed since): a window of the 'close' interval plus a margin, then the exact computation per row
    b = iv.bijna_verlopen
    venster = today + timedelta(days=b.aantal * (7 if b.eenheid == "weken" else 1) + 14)
    T = Termijn
    verdaagd = select(TermijnWijziging.termijn_id).where(TermijnWijziging.termijn_id == T.id).exists()
    tq = (select(T.code, T.wet, T.stap, T.uiterlijk, T.grondslag, T.startdatum, T.soort, verdaagd, Gesprek.id,
                 Gesprek.gemeente, Inwoner.naam)
          .join(Gesprek, Gesprek.id == T.gesprek_id)
          .join(Inwoner, Inwoner.id == Gesprek.inwoner_id)
          .where(T.afgerond_op.is_(None), T.niet_van_toepassing.is_(None), T.soort.in_(("balie", "belofte")),
                 Gesprek.status == "open", Inwoner.geanonimiseerd.is_(False), T.uiterlijk <= venster))
    if team:
        tq = tq.where(Gesprek.team == team)
    out: list[WerkItem] = []
    for code, wet, stap, uiterlijk, grondslag, startdatum, soort, is_verdaagd, gid, gemeente, naam in s.execute(tq):
        regel = cfg.regel(code)
        if regel is not None and not is_verdaagd:
            uiterlijk = dom.einddatum(regel, startdatum, cfg, gemeente)
        st = dom.stand(uiterlijk, today, kalender=kal, bijna=iv.bijna_verlopen, gemeente=gemeente)
        if st not in (dom.VERLOPEN, dom.BIJNA_VERLOPEN):
            continue
        belofte = soort == "belofte"
        bron = grondslag if not belofte else f"{grondslag}; geen wet"
        extra = "; verdaagd of opgeschort" if is_verdaagd else ""
        out.append(WerkItem("belofte" if belofte else "termijn", uiterlijk, gid, naam, f"{wet}: {stap}",
                            f"{st}, uiterlijk {uiterlijk:%d-%m-%Y} ({bron}{extra})", st == dom.VERLOPEN,
                            termijn_code=code, startdatum=startdatum))
    return out
