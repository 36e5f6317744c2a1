"""Beheer > Kalender driven like a beheerder: the year's Atw days with their grounds, a closing day of the
desk added by keyboard (refused when it is already no working day, input kept), removed after the
question, and the difference it makes: a desk promise moves, a statutory term does not."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from toegang_app.services import gebruikers as gs
from toegang_app.services import termijnen as tsvc
from toegang_app.storage.models import AuditRegel, BalieSluitingsdag
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.screens import beheer

WW = "lange zin als wachtwoord"


@pytest.fixture
def beheerder(ctx):
    ctx.user = None
    rij = gs.maak_gebruiker(ctx, "beheer", "Bea Beheer", "beheerder", wachtwoord=WW)
    ctx.user = gs.huidige_gebruiker(rij)
    return rij


def _tab(qtbot, ctx):
    from toegang_app.ui.style import STYLESHEET

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.setStyleSheet(STYLESHEET)
    w.resize(1366, 768)
    w.show()
    s = w.show_screen("beheer")
    return w, s.toon_tab("kalender")


def _rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def _in_dialog(fn):
    def run():
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, run)
            return
        fn(dlg)
    QTimer.singleShot(0, run)


def test_the_year_shows_every_atw_day_with_its_ground(qtbot, ctx, beheerder):
    _w, tab = _tab(qtbot, ctx)
    tab.jaar.setValue(2026)
    rows = _rows(tab.tabel)
    by_date = {r[0]: r for r in rows}
    # 5 mei counts every year (Atw art. 3 lid 1), Goede Vrijdag under lid 2, Easter Monday 2026 = 6 April
    assert by_date["05-05-2026"][3].startswith("Atw art. 3 lid 1")
    assert "Goede Vrijdag" in by_date["03-04-2026"][2] and by_date["03-04-2026"][3].startswith("Atw art. 3 lid 2")
    assert "06-04-2026" in by_date and "27-04-2026" in by_date and "25-12-2026" in by_date
    tab.jaar.setValue(2027)
    assert "05-05-2027" in {r[0] for r in _rows(tab.tabel)}        # every year, not only every five
    assert "26-03-2027" in {r[0] for r in _rows(tab.tabel)}        # Goede Vrijdag 2027


def test_add_and_remove_a_closing_day_by_keyboard(qtbot, ctx, beheerder, monkeypatch):
    w, tab = _tab(qtbot, ctx)
    tab.jaar.setValue(2026)
    assert not tab.btn_weg.isEnabled()

    def vul_in(dlg):
        qtbot.keyClicks(dlg.datum, "05-05-2026")          # already no working day: refused, input kept
        qtbot.keyClicks(dlg.omschrijving, "teamdag")
        qtbot.keyClick(dlg.omschrijving, Qt.Key.Key_Return)
        assert dlg.isVisible() and "is al geen werkdag" in dlg.melding.text()
        assert dlg.omschrijving.text() == "teamdag"
        dlg.datum.selectAll()
        qtbot.keyClicks(dlg.datum, "11-05-2026")
        dlg.gemeente.setCurrentIndex(dlg.gemeente.findData("twenterand"))
        SHOTS = __import__("pathlib").Path("/tmp/shots")
        SHOTS.mkdir(exist_ok=True)
        dlg.grab().save(str(SHOTS / "beheer-sluitingsdag-dialoog.png"))
        qtbot.keyClick(dlg.omschrijving, Qt.Key.Key_Return)

    _in_dialog(vul_in)
    tab.btn_nieuw.setFocus()
    qtbot.keyClick(tab.btn_nieuw, Qt.Key.Key_Space)
    assert "staat in de kalender" in tab.melding.text()
    row = next(r for r in _rows(tab.tabel) if r[0] == "11-05-2026")
    assert row[1:4] == ["maandag", "teamdag", "sluitingsdag balie"] and row[5] == "afspraken van Twenterand"
    with ctx.sessions() as s:
        [r] = s.scalars(select(BalieSluitingsdag)).all()
        assert (r.datum, r.gemeente, r.aangemaakt_door) == (date(2026, 5, 11), "twenterand", "beheer")
        assert s.scalar(select(AuditRegel).where(AuditRegel.object_type == "sluitingsdag")) is not None
    # the desk's own promise (3 werkdagen) skips the closing day; a statutory count does not
    kal = tsvc.kalender(ctx, vers=True)
    assert kal.vrije_dag(date(2026, 5, 11), eigen=True, gemeente="twenterand") is not None
    assert kal.vrije_dag(date(2026, 5, 11)) is None
    assert kal.vrije_dag(date(2026, 5, 11), eigen=True, gemeente="haaksbergen") is None
    w.grab().save("/tmp/shots/beheer-kalender-met-sluitingsdag.png")

    # remove: the question first; "Annuleren" keeps it
    i = next(i for i, r in enumerate(_rows(tab.tabel)) if r[0] == "11-05-2026")
    tab.tabel.selectRow(i)
    assert tab.btn_weg.isEnabled() and not tab.btn_bevestig.isEnabled()
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: False)
    qtbot.mouseClick(tab.btn_weg, Qt.MouseButton.LeftButton)
    assert len(tsvc.sluitingsdagen(ctx, 2026)) == 1
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: True)
    qtbot.mouseClick(tab.btn_weg, Qt.MouseButton.LeftButton)
    assert tsvc.sluitingsdagen(ctx, 2026) == []
    assert "11-05-2026" not in {r[0] for r in _rows(tab.tabel)}
    assert "is verwijderd" in tab.melding.text()


def test_a_medewerker_reaching_the_tab_is_refused_in_dutch(qtbot, ctx, beheerder):
    from tests.factories import MEDEWERKER

    _w, tab = _tab(qtbot, ctx)
    ctx.user = MEDEWERKER
    with pytest.raises(Exception) as exc:
        tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 5, 11), "teamdag")
    assert "mag u niet" in str(getattr(exc.value, "message", exc.value))
