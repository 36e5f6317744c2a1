"""The open Sociale kaart screen shows an edit made on another workstation when the app comes back to
the foreground, without a restart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from toegang_app.config import load_config
from toegang_app.services import kaart as kaart_service
from toegang_app.services.auth import CurrentUser
from toegang_app.services.context import open_context
from toegang_app.ui.main_window import MainWindow

BEHEERDER = CurrentUser(id=None, gebruikersnaam="beheer", naam="Beheerder", rol="beheerder", team=None)
MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")


def _namen(screen) -> list[str]:
    return [screen.table.item(r, 0).text() for r in range(screen.table.rowCount())]


def test_kaart_screen_shows_another_workstations_edit_on_focus(qtbot, ctx):
    ctx.user = MEDEWERKER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    screen = w.show_screen("kaart")
    volger = w.kaart_volger
    qtbot.waitUntil(lambda: not volger._job.is_running())  # the starting marker
    v = next(x for x in kaart_service.effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten)
    zo_genoemd = _namen(screen).count(v.naam)
    assert zo_genoemd >= 1

    andere = open_context(load_config())  # another workstation on the same database
    try:
        andere.user = BEHEERDER
        data = kaart_service._io().voorziening_to_dict(v)
        data["naam"] = "Ontmoetingsplek (nieuwe naam, andere werkplek)"
        kaart_service.bewaar(andere, data)
    finally:
        andere.close()
    assert "Ontmoetingsplek (nieuwe naam, andere werkplek)" not in _namen(screen)

    with qtbot.waitSignal(volger.gewijzigd, timeout=5000):
        QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert "Ontmoetingsplek (nieuwe naam, andere werkplek)" in _namen(screen)
    assert _namen(screen).count(v.naam) == zo_genoemd - 1
    assert volger.timer.isActive() and volger.timer.interval() == 30_000  # and on a short interval
