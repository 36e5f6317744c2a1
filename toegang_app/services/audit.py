"""The audit trail: every view of a resident's record and every change, append-only.

Call these inside the same session/transaction as the change they describe.

No personal data enters it as a value (issue 19, item 8): for a resident, a conversation or a referral the
old and new value of a field are only kept when the field is on the short list of process facts below
(status, scores, flags, dates of the process, phase); every other field (birth date, postcode, BSN, name,
contact details, income, every free text, and any field added later that nobody classified) is recorded
as *changed*, without its values. The rule sits here, in the one function every service calls, so no code
path can bypass it. What the audit keeps about a conversation expires with that conversation: see
``services.bewaren.audit_opschonen``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from sqlalchemy import insert, select

from toegang_app.services.auth import CurrentUser
from toegang_app.storage.tabellen import audit_log, gesprekken

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session


def _s(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


# Object types that are about a resident: values only for the fields that match WAARDE_TOEGESTAAN.
PERSOONLIJK = frozenset({"gesprek", "inwoner", "verwijzing", "verwijzingen", "vernietigingsverzoek", "overdracht"})

# Process facts whose values say nothing about who the resident is and hold no free text. A pattern per
# line; ``*`` is one dotted part. Everything else of a PERSOONLIJK object is kept without its values.
WAARDE_TOEGESTAAN = tuple(re.compile("^" + p.replace(".", r"\.").replace("*", r"[^.]+") + "$") for p in (
    "status", "status_reden", "opvolgdatum", "kanaal", "melder", "aanmelding_datum", "afgesloten_op",
    "team", "gemeente", "kern", "inwoner.gemeente", "inwoner.kern", "huishouden",
    "betrokken_partijen", "samenwerking_stagneert", "mantelzorger", "mantelzorger_overbelast",
    "crisis.*", "veiligheid.*", "dimensies.*.score", "dimensies.*.bespreken",
    "ave_fase", "procesregisseur_id", "evaluatiedatum", "bewaarwet",
    "termijn.*", "termijn.*.uiterlijk",
    # the Meldcode (issue 21): step dates, yes/no answers, the decision, the summary version; never a note
    "meldcode.stap*", "meldcode.advies_veilig_thuis", "meldcode.advies_anoniem", "meldcode.gesprek_overgeslagen",
    "meldcode.afweging_*", "meldcode.besluit", "samenvatting_versie",
))

MASKER_UITLEG = "waarde niet vastgelegd (persoonsgegeven)"
_VRIJE_TEKST = re.compile(r"(^|\.)(notitie|toelichting|vraag|wat_belangrijk|wat_veranderen|wie_helpen|eigen_kracht|"
                          r"afspraken|plan|signalen|steun_van|toestemming_delen|reden)$|^onderbouwing_maatwerk(\.|$)")


def _is_tekst(object_type: str, veld: str | None) -> bool:
    if _VRIJE_TEKST.search(veld or ""):
        return True
    if object_type == "gesprek" and veld:
        from toegang_app.domain import gesprek_velden as gv

        v = gv.TABEL.get(veld)
        return v is not None and v.soort in (gv.TEKST, gv.LIJST, gv.SIGNALEN)
    return False


def waarde_mag(object_type: str, veld: str | None) -> bool:
    """Whether the old and new value of ``veld`` may be written into the audit trail: always for objects
    that are not about a resident; for a resident, conversation or referral only for the process facts of
    WAARDE_TOEGESTAAN and for conversation fields that the field table (domain.gesprek_velden) does not
    mark sensitive and that are no free text."""
    if object_type not in PERSOONLIJK or veld is None:
        return True
    if any(p.match(veld) for p in WAARDE_TOEGESTAAN):
        return True
    if object_type == "gesprek":
        from toegang_app.domain import gesprek_velden as gv

        v = gv.TABEL.get(veld)
        return v is not None and not v.gevoelig and v.soort not in (gv.TEKST, gv.LIJST, gv.SIGNALEN)
    return False


def _regel(user: CurrentUser | None, actie: str, object_type: str, object_id: Any, veld: str | None, oud: Any,
           nieuw: Any, toelichting: str | None) -> dict[str, Any]:
    """The values of one audit row, personal data masked (see the module's docstring)."""
    if not waarde_mag(object_type, veld) and (oud is not None or nieuw is not None or toelichting is None):
        oud = nieuw = None
        if toelichting is None:
            toelichting = "tekst gewijzigd" if _is_tekst(object_type, veld) else MASKER_UITLEG
    return dict(op=datetime.now(), gebruiker=user.gebruikersnaam if user else None, actie=actie,
                object_type=object_type, object_id=_s(object_id), veld=veld, oud=_s(oud), nieuw=_s(nieuw),
                toelichting=toelichting)


def record(session: Session, user: CurrentUser | None, actie: str, object_type: str, object_id: Any = None, *,
           veld: str | None = None, oud: Any = None, nieuw: Any = None, toelichting: str | None = None) -> None:
    """One audit row in the ORM ``session``'s transaction."""
    from toegang_app.storage.models import AuditRegel

    session.add(AuditRegel(**_regel(user, actie, object_type, object_id, veld, oud, nieuw, toelichting)))


def record_core(conn: Connection, user: CurrentUser | None, actie: str, object_type: str, object_id: Any = None, *,
                veld: str | None = None, oud: Any = None, nieuw: Any = None, toelichting: str | None = None) -> None:
    """One audit row in the transaction of the Core connection ``conn`` (signing in, the start's lists,
    which run without the ORM: issue 26); the same row, masked the same way, as :func:`record`."""
    conn.execute(insert(audit_log).values(**_regel(user, actie, object_type, object_id, veld, oud, nieuw,
                                                   toelichting)))


def record_changes(session: Session, user: CurrentUser | None, object_type: str, object_id: Any,
                   old: Mapping[str, Any], new: Mapping[str, Any]) -> int:
    """One audit row per changed field (old and new value). Returns the number of rows."""
    n = 0
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            record(session, user, "gewijzigd", object_type, object_id, veld=key, oud=old.get(key), nieuw=new.get(key))
            n += 1
    return n


def record_view(session: Session, user: CurrentUser | None, object_type: str, object_id: Any) -> None:
    record(session, user, "bekeken", object_type, object_id)


TOON_INTERVAL = timedelta(minutes=10)


def record_shown(ctx, user: CurrentUser | None, waar: str, *, inwoner_ids: Iterable[int] = (),
                 gesprek_ids: Iterable[int] = ()) -> None:
    """A list or search showed these residents (name, birth date or postcode) to ``user``: one 'getoond' row
    per resident, naming the list (``waar``), never the search text. At most one row per user and resident
    per TOON_INTERVAL: the search runs while typing. Residents may be given by conversation. Its own write
    transaction (the lists read in a read-only one)."""
    ids = list(dict.fromkeys(int(i) for i in inwoner_ids))
    gids = list(dict.fromkeys(int(g) for g in gesprek_ids))
    if user is None or (not ids and not gids):
        return
    since = datetime.now() - TOON_INTERVAL
    with ctx.schrijven() as conn:  # SQLAlchemy Core: the start screen's list shows before the ORM is imported
        seen = set(ids)
        for start in range(0, len(gids), 500):
            for i in conn.scalars(select(gesprekken.c.inwoner_id).where(gesprekken.c.id.in_(gids[start:start + 500]))):
                if i not in seen:
                    seen.add(i)
                    ids.append(i)
        # the user's own recent rows in one indexed query (by user), not one IN list per 500 residents
        a = audit_log.c
        recent = set(conn.scalars(select(a.object_id).where(
            a.gebruiker == user.gebruikersnaam, a.op >= since, a.actie == "getoond", a.object_type == "inwoner")))
        now = datetime.now()
        rows = [{"op": now, "gebruiker": user.gebruikersnaam, "actie": "getoond", "object_type": "inwoner",
                 "object_id": str(i), "toelichting": waar} for i in ids if str(i) not in recent]
        if rows:  # values of a 'getoond' row are never personal data: the row is written as it is
            conn.execute(insert(audit_log), rows)
