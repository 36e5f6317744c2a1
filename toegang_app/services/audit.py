"""The audit trail: every view of a resident's record and every change, append-only.

Call these inside the same session/transaction as the change they describe.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy.orm import Session

from toegang_app.services.auth import CurrentUser
from toegang_app.storage.models import AuditRegel


def _s(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def record(session: Session, user: CurrentUser | None, actie: str, object_type: str, object_id: Any = None, *,
           veld: str | None = None, oud: Any = None, nieuw: Any = None, toelichting: str | None = None) -> None:
    session.add(AuditRegel(
        op=datetime.now(), gebruiker=user.gebruikersnaam if user else None, actie=actie,
        object_type=object_type, object_id=_s(object_id), veld=veld, oud=_s(oud), nieuw=_s(nieuw),
        toelichting=toelichting,
    ))


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
