"""Term steps closed by keyboard from the werkvoorraad and the Termijnen panel; the referral dialog's
follow-up date and its reason; the calendar dialog. What is shown and what is stored."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import termijnen as tsvc
from toegang_app.ui import termijn_dialoog as tdlg
from tests.ui.hoofdvenster import toon_hoofdvenster
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog


def _window(qtbot, ctx):
    ctx.user = MEDEWERKER
    return toon_hoofdvenster(qtbot, ctx)


def _gesprek(ctx, aanmelding, naam, crisis=False, **signalen):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = naam
    d.inwoner.geboortedatum = date(1970, 1, 1)
    d.aanmelding_datum = aanmelding
    d.signalen = [svc.SignaalInvoer(k, v, "") for k, v in signalen.items()]
    if crisis:
        d.crisis["dreigende_ontruiming"] = True
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def _drive(qtbot, monkeypatch, cls, steps):
    """When a ``cls`` dialog runs (really modal, exec), drive it by keyboard with ``steps(dlg, seen)``."""
    from PySide6.QtCore import QTimer

    seen = {}
    from PySide6.QtWidgets import QDialog

    orig = QDialog.exec

    def run(dlg):
        def go():
            if not dlg.isVisible():
                QTimer.singleShot(20, go)
                return
            dlg.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=2000)
            try:
                steps(dlg, seen)
            except Exception as exc:  # noqa: BLE001 - reported by the test, never a hanging dialog
                seen["fout_in_test"] = exc
            if dlg.isVisible():
                dlg.reject()

        QTimer.singleShot(0, go)
        return orig(dlg)

    monkeypatch.setattr(cls, "exec", run)
    return seen


def _alt(qtbot, widget, key):
    """Alt+key as a user types it: to the widget that has the keyboard focus in ``widget``'s window."""
    target = widget.window().focusWidget() or widget
    qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)


def test_werkvoorraad_closes_a_step_by_keyboard(qtbot, ctx, monkeypatch):
    gid = _gesprek(ctx, date.today() - timedelta(days=60), "Wim Wacht (synthetisch)", schulden=2)
    w = _window(qtbot, ctx)
    scr = w.show_screen("werkvoorraad")
    qtbot.waitUntil(lambda: scr.tabel.rowCount() == 2, timeout=5000)
    wat = [scr.tabel.item(r, 3).text() for r in range(2)]
    assert "Wgs: eerste gesprek" in wat and "Wgs: contact opnemen voor een afspraak" in wat
    soort = {scr.tabel.item(r, 3).text(): scr.tabel.item(r, 1).text() for r in range(2)}
    assert soort["Wgs: contact opnemen voor een afspraak"] == "Afspraak van de balie"
    row = wat.index("Wgs: eerste gesprek")
    scr.tabel.setCurrentCell(row, 0)
    QApplication.processEvents()
    w.grab().save(str(_shots() / "werkvoorraad-termijnen.png"))

    def afsluiten(dlg, seen):
        seen["titel"] = dlg.windowTitle()
        # keyboard: Alt+N chooses 'niet van toepassing', type the reason, Enter stores
        _alt(qtbot, dlg, Qt.Key.Key_N)
        qtbot.waitUntil(dlg.nvt.isChecked, timeout=1000)   # a button's mnemonic clicks it after a moment
        assert dlg.reden.isEnabled() and dlg.reden.hasFocus()
        qtbot.keyClick(dlg.reden, Qt.Key.Key_Return)   # no reason yet: refused, the dialog stays
        seen["fout"] = dlg.fout.text()
        qtbot.keyClicks(dlg.reden, "inwoner heeft zich afgemeld")
        qtbot.keyClick(dlg.reden, Qt.Key.Key_Return)

    seen = _drive(qtbot, monkeypatch, tdlg.AfsluitenDialoog, afsluiten)
    scr.tabel.setFocus()
    scr.tabel.setCurrentCell(row, 0)
    _alt(qtbot, scr, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: "titel" in seen, timeout=2000)
    assert "fout_in_test" not in seen, repr(seen.get("fout_in_test"))
    assert seen["titel"] == "Stap afsluiten" and "Schrijf kort op" in seen["fout"]
    # stored, audited and gone from the list (the promise stays)
    t = {x.code: x for x in tsvc.termijnen_voor_gesprek(ctx, gid)}
    assert t["wgs_eerste_gesprek"].niet_van_toepassing == "inwoner heeft zich afgemeld"
    assert [scr.tabel.item(r, 3).text() for r in range(scr.tabel.rowCount())] == [
        "Wgs: contact opnemen voor een afspraak"]

    def gedaan(dlg, seen):
        assert dlg.gedaan.isChecked()
        dlg.datum.setFocus()
        qtbot.keyClick(dlg.datum, Qt.Key.Key_Return)

    _drive(qtbot, monkeypatch, tdlg.AfsluitenDialoog, gedaan)
    w.activateWindow()  # the offscreen platform does not hand activation back after a dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    scr.tabel.setCurrentCell(0, 0)
    _alt(qtbot, scr, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: scr.tabel.rowCount() == 0, timeout=2000)
    assert {x.code: x for x in tsvc.termijnen_voor_gesprek(ctx, gid)}["wgs_contact_balie"].afgerond_op == date.today()
    assert scr.tabel.rowCount() == 0
    assert not scr.btn_afsluiten.isEnabled()


def test_werkvoorraad_button_only_for_term_steps(qtbot, ctx):
    from toegang_app.services import verwijzingen as vsvc
    from toegang_app.services.kaart import effectieve_kaart

    gid = _gesprek(ctx, date.today(), "Pim Opvolg (synthetisch)")
    v = next(x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten)
    vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False, opvolgdatum=date.today())
    w = _window(qtbot, ctx)
    scr = w.show_screen("werkvoorraad")
    qtbot.waitUntil(lambda: scr.tabel.rowCount() == 1, timeout=5000)
    assert scr.tabel.item(0, 1).text() == "Opvolgen" and not scr.btn_afsluiten.isEnabled()


def test_calendar_dialog_from_the_werkvoorraad(qtbot, ctx, monkeypatch):
    w = _window(qtbot, ctx)
    scr = w.show_screen("werkvoorraad")

    def look(dlg, seen):
        dlg.jaar.setValue(2026)
        seen["rows"] = [(dlg.lijst.topLevelItem(i).text(0), dlg.lijst.topLevelItem(i).text(2))
                        for i in range(dlg.lijst.topLevelItemCount())]
        dlg.jaar.setValue(2029)
        seen["melding"] = dlg.melding.text()
        dlg.reject()

    seen = _drive(qtbot, monkeypatch, tdlg.KalenderDialoog, look)
    _alt(qtbot, scr, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: "melding" in seen, timeout=2000)
    assert ("05-05-2026", "5 mei") in seen["rows"]
    assert ("15-05-2026", "gelijkgestelde dag: vrijdag na Hemelvaartsdag") in seen["rows"]
    assert "Voor 2029 is nog geen besluit" in seen["melding"]


def test_referral_dialog_proposes_the_wgs_deadline_and_says_why(qtbot, ctx):
    gid = _gesprek(ctx, date.today(), "Dirk Dreig (synthetisch)", crisis=True, schulden=3)
    dlg = VerwijzingDialoog(ctx, gid)
    qtbot.addWidget(dlg)
    expected = tsvc.opvolg_voorstel(ctx, gid).datum
    assert expected < date.today() + timedelta(days=14)
    q = dlg.opvolg.date()
    assert date(q.year(), q.month(), q.day()) == expected
    assert "Eerder dan gewoonlijk" in dlg.opvolg_uitleg.text() and "Wgs: eerste gesprek" in dlg.opvolg_uitleg.text()
    # choosing a later date is possible, but the dialog says it lies after the deadline
    dlg.opvolg.setDate(dlg.opvolg.date().addDays(10))
    assert dlg.opvolg_uitleg.text().startswith("Let op: deze datum ligt na de termijn")
    from toegang_app.ui.style import STYLESHEET

    dlg.setStyleSheet(STYLESHEET)
    dlg.resize(620, 540)
    dlg.show()
    QApplication.processEvents()
    dlg.grab().save(str(_shots() / "verwijzing-opvolgdatum.png"))


def _shots():
    import os
    import tempfile
    from pathlib import Path

    d = Path(os.environ.get("TOEGANG_TEST_SHOTS", Path(tempfile.gettempdir()) / "toegang-shots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _open_panel(qtbot, ctx, gid):
    w = _window(qtbot, ctx)
    g = w.show_screen("gesprekken")
    g.open_gesprek(gid)
    ed = g.editor
    tp = ed.panels["termijnen"]
    ed.panel_tabs.setCurrentWidget(tp)
    qtbot.waitUntil(lambda: tp.lijst.topLevelItemCount() > 0, timeout=3000)
    return w, ed, tp


def _rij(tp, begin):
    for i in range(tp.lijst.topLevelItemCount()):
        it = tp.lijst.topLevelItem(i)
        if it.text(0).startswith(begin):
            return it, tp.lijst.topLevelItem(i + 1)
    raise AssertionError(begin)


def _bron(tp, kop):
    return tp.lijst.topLevelItem(tp.lijst.indexOfTopLevelItem(kop) + 2).text(0)


def test_panel_closes_reopens_and_shows_the_state(qtbot, ctx, monkeypatch):
    gid = _gesprek(ctx, date.today() - timedelta(days=60), "Ria Rood (synthetisch)", schulden=2)
    w, ed, tp = _open_panel(qtbot, ctx, gid)
    kop, regel = _rij(tp, "Wgs: eerste gesprek")
    assert regel.text(0).endswith("· VERLOPEN")
    assert _bron(tp, kop) == "Wgs art. 4 lid 1 · termijn voor de balie"
    belofte, _ = _rij(tp, "Wgs: contact opnemen voor een afspraak")
    assert _bron(tp, belofte).endswith("afspraak van de balie (geen wet)")
    assert "Wetten van de melding: Wet gemeentelijke schuldhulpverlening (voorstel" in tp.wetten.text()

    def gedaan(dlg, seen):
        seen["titel"] = dlg.windowTitle()
        qtbot.keyClick(dlg.datum, Qt.Key.Key_Return)

    seen = _drive(qtbot, monkeypatch, tdlg.AfsluitenDialoog, gedaan)
    tp.lijst.setFocus()
    tp.lijst.setCurrentItem(kop)
    qtbot.keyClick(tp.lijst, Qt.Key.Key_Return)      # Enter on the term closes its step
    qtbot.waitUntil(lambda: "titel" in seen, timeout=2000)
    _, regel = _rij(tp, "Wgs: eerste gesprek")
    assert regel.text(0).endswith(f"· te laat gehaald op {date.today():%d-%m-%Y}")
    t = {x.code: x for x in tsvc.termijnen_voor_gesprek(ctx, gid)}["wgs_eerste_gesprek"]
    assert t.afgerond_op == date.today() and t.afgesloten_door == "mw-hb"
    # the selection stays on the step: Alt+R reopens it
    assert tp.gekozen().code == "wgs_eerste_gesprek" and tp.btn_heropen.isEnabled()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    _alt(qtbot, tp.lijst, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: _rij(tp, "Wgs: eerste gesprek")[1].text(0).endswith("· VERLOPEN"), timeout=2000)
    assert {x.code: x for x in tsvc.termijnen_voor_gesprek(ctx, gid)}["wgs_eerste_gesprek"].open


def test_panel_records_an_opschorting_by_keyboard(qtbot, ctx, monkeypatch):
    from toegang_app.services import suggesties
    from toegang_app.services import verwijzingen as vsvc
    from toegang_app.services.kaart import effectieve_kaart

    gid = _gesprek(ctx, date.today() - timedelta(days=3), "Bert Beslis (synthetisch)", zelfzorg_huishouden=2)
    v = next(x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten and x.trede == 4
             and x.wet == "Wmo")
    suggesties.leg_onderbouwing_tekst_vast(ctx, gid, v.leefgebieden[0], "onderbouwing (synthetisch)")
    vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="aanmelding_toegang", toestemming=True,
                         toestemming_delen="wat nodig is voor de aanvraag")
    w, ed, tp = _open_panel(qtbot, ctx, gid)
    kop, regel = _rij(tp, "Wmo: beschikking")
    oud = tsvc.termijnen_voor_gesprek(ctx, gid)
    code = next(t.code for t in oud if t.regel == "wmo_beschikking")
    eerst = next(t.uiterlijk for t in oud if t.code == code)

    def opschorten(dlg, seen):
        dlg.soort.setFocus()
        qtbot.keyClick(dlg.soort, Qt.Key.Key_Down)       # verdaagd -> opgeschort
        assert dlg.soort.currentData() == "opgeschort" and dlg.dagen.isVisible()
        dlg.dagen.setFocus()
        dlg.dagen.selectAll()
        qtbot.keyClicks(dlg.dagen, "10")
        qtbot.keyClicks(dlg.toelichting, "aanvulling gevraagd")
        seen["grond"] = dlg.grond.currentData()
        qtbot.keyClick(dlg.toelichting, Qt.Key.Key_Return)

    seen = _drive(qtbot, monkeypatch, tdlg.WijzigenDialoog, opschorten)
    tp.lijst.setFocus()
    tp.lijst.setCurrentItem(kop)
    assert tp.btn_wijzig.isEnabled()
    _alt(qtbot, tp.lijst, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: "grond" in seen, timeout=2000)
    assert "fout_in_test" not in seen, repr(seen.get("fout_in_test"))
    t = {x.code: x for x in tsvc.termijnen_voor_gesprek(ctx, gid)}[code]
    assert (t.uiterlijk, t.berekend, t.wijzigingen[0].grond) == (eerst + timedelta(days=10), eerst, "aanvulling")
    _, regel = _rij(tp, "Wmo: beschikking")
    assert regel.text(0) == f"uiterlijk {eerst + timedelta(days=10):%d-%m-%Y} · op tijd (opgeschort)"
    tp.resize(420, 640)
    from toegang_app.ui.style import STYLESHEET

    tp.setStyleSheet(STYLESHEET)
    QApplication.processEvents()
    ed.window().grab().save(str(_shots() / "termijnen-paneel.png"))
