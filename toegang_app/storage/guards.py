"""Rules the storage keeps whatever code path writes (issue 19, item 4).

A resident's desk is their gemeente: ``Inwoner.gemeente``, the ``team`` of every conversation and referral
of theirs move only together, in a handover (``services.overdracht.draag_over``, which marks its session
with ``session.info[OVERDRACHT]``). Any other flush that changes one of them is refused with a Dutch
message naming the field, so an ordinary save, an import or a merge can never hand a resident to the
other desk without it."""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from toegang_app.domain.validation import InvalidInput
from toegang_app.storage.models import Gesprek, Inwoner, Verwijzing

OVERDRACHT = "toegang_overdracht"

BERICHT = ("De gemeente van een inwoner die al is vastgelegd verandert alleen door een overdracht aan de andere "
           "balie. Zet de gemeente terug en kies ‘Overdragen…’: dan gaan de inwoner, alle gesprekken en "
           "verwijzingen samen over, met een reden.")


def _changed(obj, attr: str) -> bool:
    h = inspect(obj).attrs[attr].history
    return bool(h.deleted) and bool(h.added) and h.deleted[0] != h.added[0]


def _before_flush(session: Session, _ctx, _instances) -> None:
    if session.info.get(OVERDRACHT):
        return
    for obj in session.dirty:
        if isinstance(obj, Inwoner) and _changed(obj, "gemeente"):
            raise InvalidInput("gemeente", BERICHT)
        if isinstance(obj, (Gesprek, Verwijzing)) and _changed(obj, "team"):
            raise InvalidInput("gemeente", BERICHT)


def install(factory) -> None:
    """Apply the rules to every session ``factory`` makes."""
    if not event.contains(factory, "before_flush", _before_flush):
        event.listen(factory, "before_flush", _before_flush)
