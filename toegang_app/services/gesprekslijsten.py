"""The lists of conversations: the desk's recent conversations (the start screen) and a resident's
conversations. On SQLAlchemy Core over ``storage.tabellen``, so the start screen fills before the ORM is
imported and the models are mapped (issue 26); ``services.gesprekken`` offers them under the same names.
Every list names the residents it showed in the audit trail (``audit.record_shown``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, require, require_team
from toegang_app.storage.tabellen import gebruikers, gesprekken, inwoners


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
    eigenaar: str = "zonder eigenaar"   # the worker who owns it; a deactivated one counts as none
    laatste_contact: datetime | None = None   # when a worker last saved it: the last contact with the resident


def team_filter(user):
    """The desk whose residents ``user`` sees, or None for all desks."""
    return None if user.team is None or user.rol == "systeem" else user.team


def _lijst():
    g, i, w = gesprekken.c, inwoners.c, gebruikers.c
    return (select(g.id, g.inwoner_id, i.naam, i.geboortejaar, g.gemeente, g.kern, g.aanmelding_datum, g.status,
                   g.ave_fase, g.vraag, g.synthetisch, g.gewijzigd_op,
                   w.naam.label("eigenaar_naam"), w.actief.label("eigenaar_actief"))
            .select_from(gesprekken.join(inwoners, i.id == g.inwoner_id)
                         .outerjoin(gebruikers, w.id == g.medewerker_id)))


def _rij(r) -> GesprekRij:
    vraag = (r.vraag or "").replace("\n", " ")
    eigenaar = r.eigenaar_naam if r.eigenaar_naam is not None and r.eigenaar_actief else "zonder eigenaar"
    return GesprekRij(r.id, r.inwoner_id, r.naam, r.geboortejaar, r.gemeente, r.kern, r.aanmelding_datum, r.status,
                      r.ave_fase, vraag[:120] + ("…" if len(vraag) > 120 else ""), bool(r.synthetisch),
                      eigenaar, r.gewijzigd_op)


def recente_gesprekken(ctx, limit: int = 40, alleen_open: bool = False) -> list[GesprekRij]:
    """The desk's conversations with the most recent contact (last save) first."""
    user = require(ctx.user, GESPREK_LEZEN)
    g = gesprekken.c
    q = _lijst().where(inwoners.c.geanonimiseerd.is_(False))
    team = team_filter(user)
    if team:
        q = q.where(g.team == team)
    if alleen_open:
        q = q.where(g.status == "open")
    q = q.order_by(g.gewijzigd_op.desc(), g.id.desc()).limit(limit)
    with ctx.lezen() as conn:
        rows = [_rij(r) for r in conn.execute(q)]
    audit.record_shown(ctx, user, "recente gesprekken", inwoner_ids=[r.inwoner_id for r in rows])
    return rows


def gesprekken_van_inwoner(ctx, inwoner_id: int) -> list[GesprekRij]:
    """The resident's conversations, the most recent contact first (as the recent list)."""
    user = require(ctx.user, GESPREK_LEZEN)
    g = gesprekken.c
    with ctx.lezen() as conn:
        gemeente = conn.scalar(select(inwoners.c.gemeente).where(inwoners.c.id == inwoner_id))
        if gemeente is None:
            return []
        require_team(user, gemeente)
        rows = [_rij(r) for r in conn.execute(_lijst().where(g.inwoner_id == inwoner_id)
                                              .order_by(g.gewijzigd_op.desc(), g.id.desc()))]
    audit.record_shown(ctx, user, "gesprekken van de inwoner", inwoner_ids=[inwoner_id] if rows else [])
    return rows
