"""Legal terms of a stored conversation: computed with the same domain code as `toegang-admin triage`
(domain/termijnen.py, resources/termijnen.yaml) from the right start dates, and kept as rows so the
werkvoorraad can find terms that are close or overdue without recomputing every conversation.

Start dates: the melding is the conversation's aanmelding datum; a referral to a maatwerk voorziening
(rung 4) under the Wmo, the Jeugdwet or the Participatiewet counts as the aanvraag under that law.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from toegang_app.domain import termijnen as dom
from toegang_app.services.auth import GESPREK_LEZEN, require, require_team
from toegang_app.storage.models import Gesprek
from toegang_app.storage.models import Termijn as TermijnRij
from toegang_app.storage.models import Verwijzing

log = logging.getLogger(__name__)
AANVRAAG_START = {"Wmo": "aanvraag_wmo", "Jeugdwet": "aanvraag_jeugd", "Participatiewet": "aanvraag_pw"}
MAATWERK = 4


@dataclass
class TermijnInfo:
    code: str
    wet: str
    stap: str
    grondslag: str
    startdatum: date
    uiterlijk: date
    status: str          # op tijd | bijna verlopen | verlopen | gehaald | te laat gehaald
    soort: str = "uiterlijk"
    uitleg: str = ""

    @property
    def status_label(self) -> str:
        return self.status

    @property
    def te_laat(self) -> bool:
        return self.status == dom.VERLOPEN


@lru_cache(maxsize=1)
def _config():
    """The shipped resources/termijnen.yaml (validated; raises ConfigError with Dutch messages)."""
    from toegang_app.paths import resources_dir

    return dom.load_termijn_config(resources_dir() / "termijnen.yaml")


def starts_voor(s: Session, g: Gesprek) -> dict[str, date]:
    starts = {"melding": g.aanmelding_datum}
    if g.id is not None:
        for wet, datum in s.execute(select(Verwijzing.wet, Verwijzing.datum).where(
                Verwijzing.gesprek_id == g.id, Verwijzing.trede == MAATWERK).order_by(Verwijzing.datum)):
            key = AANVRAAG_START.get(wet or "")
            if key and key not in starts:
                starts[key] = datum
    return starts


def startdata(ctx, gesprek_id: int) -> dict[str, date]:
    """Start dates of a stored conversation (melding, and the aanvraag under each law)."""
    user = require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        g = s.get(Gesprek, gesprek_id)
        if g is None:
            return {}
        require_team(user, g.team)
        return starts_voor(s, g)


def bereken(uitvraag, starts: dict[str, date], peildatum: date, geboortedatum: date | None = None,
            cfg=None) -> list[TermijnInfo]:
    cfg = cfg or _config()
    terms = dom.bereken_termijnen(uitvraag, cfg, starts=starts, peildatum=peildatum, geboortedatum=geboortedatum)
    return [TermijnInfo(t.code, t.wet, t.stap, t.grondslag, t.start, t.uiterlijk,
                        dom.status(t, peildatum, extra=cfg.extra_feestdagen) if t.soort == "uiterlijk" else "vanaf",
                        t.soort, t.uitleg) for t in terms]


def bewaar_termijnen(s: Session, g: Gesprek) -> None:
    """Recompute and store the conversation's terms (called in the transaction that saves it)."""
    from toegang_app.services.gesprekken import _dossier

    try:
        cfg = _config()
    except Exception as exc:  # noqa: BLE001 - a broken termijnen.yaml never blocks saving a conversation
        log.warning("Terms not updated for gesprek %s: %s", g.id, exc)
        return
    s.flush()
    d = _dossier(s, g)
    nieuw = {t.code: t for t in bereken(d.to_uitvraag(), starts_voor(s, g), date.today(),
                                        d.inwoner.geboortedatum, cfg) if t.soort == "uiterlijk"}
    bestaand = {r.code: r for r in s.scalars(select(TermijnRij).where(TermijnRij.gesprek_id == g.id))}
    for code, r in bestaand.items():
        if code not in nieuw and r.afgerond_op is None:
            s.delete(r)
    for code, t in nieuw.items():
        r = bestaand.get(code) or TermijnRij(gesprek_id=g.id, code=code)
        r.wet, r.stap, r.grondslag, r.startdatum, r.uiterlijk = t.wet, t.stap, t.grondslag, t.startdatum, t.uiterlijk
        s.add(r)


def termijnen_voor_gesprek(ctx, gesprek_id: int, peildatum: date | None = None) -> list[TermijnInfo]:
    user = require(ctx.user, GESPREK_LEZEN)
    from toegang_app.services.gesprekken import _dossier

    today = peildatum or date.today()
    with ctx.sessions() as s:
        g = s.get(Gesprek, gesprek_id)
        if g is None:
            return []
        require_team(user, g.team)
        d = _dossier(s, g)
        afgerond = {r.code: r.afgerond_op for r in s.scalars(select(TermijnRij).where(TermijnRij.gesprek_id == g.id))}
        out = bereken(d.to_uitvraag(), starts_voor(s, g), today, d.inwoner.geboortedatum)
    cfg = _config()
    for t in out:
        if afgerond.get(t.code):
            t.status = dom.status(dom.Termijn(t.code, t.wet, t.stap, t.uiterlijk, t.grondslag, t.startdatum),
                                  today, afgerond[t.code], cfg.extra_feestdagen)
    return out


def markeer_afgerond(ctx, gesprek_id: int, code: str, op: date | None = None) -> None:
    """The step of a term was taken (e.g. the beschikking was sent)."""
    from toegang_app.services import audit
    from toegang_app.services.auth import GESPREK_SCHRIJVEN

    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gesprek_id)
        require_team(user, g.team)
        r = s.scalar(select(TermijnRij).where(TermijnRij.gesprek_id == gesprek_id, TermijnRij.code == code))
        if r is None:
            from toegang_app.errors import UserError

            raise UserError("Deze termijn hoort niet (meer) bij dit gesprek.")
        r.afgerond_op = op or date.today()
        audit.record(s, user, "gewijzigd", "gesprek", gesprek_id, veld=f"termijn.{code}", nieuw=r.afgerond_op)
