"""The Sociale kaart screen: filter like a worker, edit like a beheerder (validation stays in the dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.services import kaart as kaart_service
from toegang_app.services.auth import CurrentUser
from toegang_app.ui.main_window import MainWindow

BEHEERDER = CurrentUser(id=None, gebruikersnaam="beheer", naam="Beheerder", rol="beheerder", team=None)
MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")


def _screen(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w, w.show_screen("kaart")


def test_filters_and_details(qtbot, ctx):
    ctx.user = MEDEWERKER
    w, s = _screen(qtbot, ctx)
    total = s.table.rowCount()
    assert total > 100
    s.gemeente.setCurrentIndex(s.gemeente.findData("twenterand"))
    rows = s.visible_entries()
    assert rows and all("twenterand" in v.gemeenten for v in rows)
    s.trede.setCurrentIndex(s.trede.findData(4))
    assert all(v.trede == 4 for v in s.visible_entries())
    s.trede.setCurrentIndex(0)
    s.kern.setCurrentIndex(s.kern.findData("Vroomshoop"))
    assert all(not v.kernen or "Vroomshoop" in v.kernen for v in s.visible_entries())
    s.gemeente.setCurrentIndex(0)
    qtbot.keyClicks(s.search, "voedselbank")
    assert s.table.rowCount() >= 1
    assert all("voedselbank" in (v.naam + v.aanbieder + v.omschrijving).lower() for v in s.visible_entries())
    s.table.selectRow(0)
    html = s.detail.toHtml()
    assert "Trede" in html and "Bron" in html
    # a medewerker sees no beheer buttons
    assert not s.btn_edit.isVisible() and s.beheer_hint.isVisible()


def test_missing_contact_shows_te_verifieren(qtbot, ctx):
    ctx.user = MEDEWERKER
    _w, s = _screen(qtbot, ctx)
    v = next(x for x in kaart_service.effectieve_kaart(ctx) if x.contact.telefoon is None)
    s.toon_voorziening(v.id)
    assert TE_VERIFIEREN in s.detail.toPlainText()


def test_beheerder_edits_with_validation_in_dialog(qtbot, ctx, monkeypatch):
    from toegang_app.ui import voorziening_dialoog

    ctx.user = BEHEERDER
    _w, s = _screen(qtbot, ctx)
    assert s.btn_edit.isVisible()
    s.table.selectRow(0)
    v = s.selected()
    dlg = voorziening_dialoog.VoorzieningDialoog(ctx, v, parent=s)
    qtbot.addWidget(dlg)
    dlg.f_lmin.setText("twaalf")
    dlg.save()
    assert dlg.errors.isVisibleTo(dlg) and "leeftijd_min" in dlg.errors.text()
    assert dlg.f_lmin.text() == "twaalf"  # input kept
    dlg.f_lmin.clear()
    dlg.f_voorwaarden.setText("Alleen op dinsdag")
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[v.id].voorwaarden == "Alleen op dinsdag"


def test_retire_button_and_show_retired(qtbot, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    ctx.user = BEHEERDER
    _w, s = _screen(qtbot, ctx)
    s.table.selectRow(0)
    vid = s.selected_id()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(s.btn_retire, Qt.MouseButton.LeftButton)
    assert s.show_retired.isChecked()
    assert s.selected_id() == vid and "ingetrokken" in s.detail.toPlainText()
    s.show_retired.setChecked(False)
    assert vid not in {v.id for v in s.visible_entries()}
