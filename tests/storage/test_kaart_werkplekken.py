"""Two workstations on one database: a kaart edit on one becomes visible on the other without a restart
(the change marker is checked on focus and every half minute), also when the clocks differ. SQLite
(two contexts on one file) and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from toegang_app.config import load_config
from toegang_app.services import kaart as kaart_service
from toegang_app.services import suggesties
from toegang_app.services.auth import CurrentUser
from toegang_app.services.context import open_context

BEHEERDER = CurrentUser(id=None, gebruikersnaam="beheer", naam="Beheerder", rol="beheerder", team=None)
MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")


@pytest.fixture(params=["sqlite", "postgresql"])
def werkplekken(request, data_dir, monkeypatch):
    if request.param == "postgresql":
        monkeypatch.setenv("TOEGANG_DATABASE_URL", request.getfixturevalue("pg_url"))
    balie = open_context(load_config())
    beheer = open_context(load_config())  # another workstation: its own engine, resources and caches
    balie.user, beheer.user = MEDEWERKER, BEHEERDER
    yield balie, beheer
    balie.close()
    beheer.close()


def _namen(ctx) -> dict[str, str]:
    return {v.id: v.naam for v in suggesties.kaart_voor_matching(ctx)}


def test_an_edit_on_another_workstation_is_seen_without_a_restart(werkplekken):
    balie, beheer = werkplekken
    assert kaart_service.reload_if_changed(balie) is False  # the starting point
    voor = _namen(balie)
    v = next(x for x in kaart_service.effectieve_kaart(beheer) if x.actief and "haaksbergen" in x.gemeenten)
    data = kaart_service._io().voorziening_to_dict(v)
    data["naam"] = v.naam + " (nieuwe naam)"
    kaart_service.bewaar(beheer, data)
    assert _namen(beheer)[v.id].endswith("(nieuwe naam)")  # the editing workstation at once

    assert _namen(balie)[v.id] == voor[v.id]  # the other one still has its cache ...
    assert kaart_service.reload_if_changed(balie) is True  # ... until the check on focus / the timer
    assert _namen(balie)[v.id] == v.naam + " (nieuwe naam)"
    assert kaart_service.reload_if_changed(balie) is False  # nothing new since

    kaart_service.trek_in(beheer, v.id)
    assert kaart_service.reload_if_changed(balie) is True
    assert v.id not in _namen(balie)  # a retired voorziening is no longer suggested there either


def test_the_change_is_seen_when_the_editing_workstation_clock_is_behind(werkplekken, monkeypatch):
    balie, beheer = werkplekken
    eerste, tweede = [x for x in kaart_service.effectieve_kaart(beheer) if x.actief][:2]
    kaart_service.markeer_geverifieerd(beheer, eerste.id)
    kaart_service.markeer_geverifieerd(beheer, tweede.id)  # the latest change in kaart_lokaal
    kaart_service.reload_if_changed(balie)
    assert eerste.id in _namen(balie)

    class AchterlopendeKlok(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) - timedelta(hours=2)

    monkeypatch.setattr(kaart_service, "datetime", AchterlopendeKlok)
    kaart_service.trek_in(beheer, eerste.id)  # an existing row, stamped "two hours ago" by its own clock
    assert kaart_service.reload_if_changed(balie) is True
    assert eerste.id not in _namen(balie)


def test_the_marker_is_one_cheap_aggregate(werkplekken):
    balie, beheer = werkplekken
    n, laatst = kaart_service.change_marker(balie)
    assert (n, laatst) == (0, None)
    v = next(x for x in kaart_service.effectieve_kaart(beheer) if x.actief)
    kaart_service.markeer_geverifieerd(beheer, v.id)
    n2, laatst2 = kaart_service.change_marker(balie)
    assert n2 == 1 and laatst2 is not None
