"""The Gesprekken screen driven like a worker would: keys and clicks, checking what is shown and stored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.factories import MEDEWERKER
from toegang_app.services import concepten
from toegang_app.services import gesprekken as svc
from toegang_app.ui.main_window import MainWindow
from tests.ui.jobhulp import klaar

SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))


def _screen(window):
    return window.show_screen("gesprekken")


def _type(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_full_conversation_by_keyboard_is_stored(qtbot, window, ctx):
    s = _screen(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # two keystrokes: Ctrl+N
    ed = s.editor
    assert s.pages.currentWidget() is ed and ed.f_naam.hasFocus()
    qtbot.keyClicks(ed.f_naam, "Jan Testpersoon (synthetisch)")
    qtbot.keyClick(ed.f_naam, Qt.Key.Key_Tab)
    assert ed.f_geboorte.hasFocus()  # tab order follows the form
    qtbot.keyClicks(ed.f_geboorte, "17-05-1980")
    ed.f_kern.setCurrentIndex(ed.f_kern.findData("Buurse"))
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert ed.stappen.currentIndex() == 1
    _type(qtbot, ed.f_vraag, "Ik red het niet meer met de post.")
    ed.f_kanaal.setCurrentIndex(ed.f_kanaal.findData("balie"))
    qtbot.mouseClick(ed.f_crisis["afsluiting_energie_water"], Qt.MouseButton.LeftButton)
    score, praten, notitie = ed.f_dim["dagelijks_functioneren"]
    ed.stappen.setCurrentIndex(2)
    score.setFocus()
    score.selectAll()
    qtbot.keyClicks(score, "3")
    qtbot.keyClick(score, Qt.Key.Key_Tab)  # keyboard only: Tab to the checkbox, Space to tick it
    assert praten.hasFocus()
    qtbot.keyClick(praten, Qt.Key.Key_Space)
    _type(qtbot, notitie, "Stapel ongeopende brieven.")
    ed.stappen.setCurrentIndex(4)
    ernst, toel = ed.f_sig["financien"]
    ernst.setCurrentIndex(ernst.findData(3))
    _type(qtbot, toel, "achterstand energie")
    ed.stappen.setCurrentIndex(3)
    _type(qtbot, ed.f_belangrijk, "Rust in mijn hoofd")
    ed.stappen.setCurrentIndex(5)
    ed.f_mz.setCurrentIndex(ed.f_mz.findData(False))
    _type(qtbot, ed.f_steun, "zus, buurman")
    ed.stappen.setCurrentIndex(6)
    _type(qtbot, ed.f_afspraken, "Samen de post openen")
    # the spinnenweb follows the scores live
    qtbot.waitUntil(lambda: ed.spinnenweb.scores()["dagelijks_functioneren"] == 3, timeout=2000)
    assert "dagelijks_functioneren" in ed.spinnenweb.bespreken()
    assert ed.dirty and "Niet opgeslagen" in ed.status.text()
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not ed.dirty and ed.gesprek_id is not None
    assert "Opgeslagen" in ed.status.text()
    stored = svc.laad_gesprek(ctx, ed.gesprek_id)
    assert stored.inwoner.naam == "Jan Testpersoon (synthetisch)"
    assert stored.inwoner.geboortedatum == date(1980, 5, 17) and stored.inwoner.kern == "Buurse"
    assert stored.vraag == "Ik red het niet meer met de post." and stored.kanaal == "balie"
    assert stored.crisis["afsluiting_energie_water"] is True
    assert stored.dimensies["dagelijks_functioneren"].score == 3
    assert stored.dimensies["dagelijks_functioneren"].bespreken
    assert stored.dimensies["dagelijks_functioneren"].notitie == "Stapel ongeopende brieven."
    assert stored.signalen == [svc.SignaalInvoer("financien", 3, "achterstand energie")]
    assert stored.wat_belangrijk == "Rust in mijn hoofd" and stored.steun_van == ["zus", "buurman"]
    assert stored.mantelzorger is False and stored.afspraken == "Samen de post openen"
    assert concepten.open_concepten(ctx) == []  # the draft is gone once stored
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "gesprek-editor.png"))
    # close and find it back by searching
    qtbot.keyClick(ed, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert s.pages.currentWidget() is s.overzicht
    assert s.gesprek_model.rows[0].naam == "Jan Testpersoon (synthetisch)"
    s.zoekveld.setFocus()
    qtbot.keyClicks(s.zoekveld, "testpers")
    qtbot.waitUntil(lambda: s.inwoner_model.rowCount() == 1, timeout=2000)
    qtbot.keyClick(s.zoekveld, Qt.Key.Key_Return)
    assert "Gesprekken van Jan Testpersoon" in s.recent_titel.text()
    qtbot.keyClick(s.recent, Qt.Key.Key_Return)
    assert s.pages.currentWidget() is ed and ed.f_vraag.toPlainText() == "Ik red het niet meer met de post."


def test_bad_bsn_and_impossible_date_are_refused_and_input_kept(qtbot, window, ctx):
    s = _screen(window)
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Els Proef (synthetisch)")
    _type(qtbot, ed.f_bsn, "123456789")
    assert not ed.opslaan()
    assert "elfproef" in ed.melding.text() and ed.melding.isVisible()
    assert ed.f_bsn.hasFocus() and ed.f_bsn.text() == "123456789"
    assert svc.recente_gesprekken(ctx) == []
    ed.f_bsn.clear()
    _type(qtbot, ed.f_geboorte, "30-02-1970")
    assert not ed.opslaan()
    assert "februari 1970 heeft geen dag 30" in ed.melding.text()
    assert ed.f_geboorte.text() == "30-02-1970"
    ed.f_geboorte.setText("1970")
    ed.f_datum.setText("01-01-2999")
    assert not ed.opslaan() and "toekomst" in ed.melding.text()
    ed.f_datum.setText(date.today().strftime("%d-%m-%Y"))
    assert ed.opslaan()
    assert svc.laad_gesprek(ctx, ed.gesprek_id).inwoner.geboortejaar == 1970


def test_likely_duplicate_is_offered_before_saving(qtbot, window, ctx, monkeypatch):
    first = svc.nieuw_dossier(ctx)
    first.inwoner.naam, first.inwoner.geboortedatum = "Maria Jansen (synthetisch)", date(1961, 2, 3)
    first = svc.bewaar_gesprek(ctx, first)
    s = _screen(window)
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "M. Jansen (synthetisch)")
    ed.f_geboorte.setText("03-02-1961")
    shown = {}

    def choose_existing(dlg):
        shown["rows"] = [dlg.lijst.item(i).text() for i in range(dlg.lijst.count())]
        dlg._bestaand()
        return QDialog.DialogCode.Accepted

    from toegang_app.ui import gesprek_editor

    monkeypatch.setattr(gesprek_editor.DubbeleInwonerDialoog, "exec", choose_existing)
    assert ed.opslaan()
    assert any("Maria Jansen" in r and "zelfde geboortedatum" in r for r in shown["rows"])
    stored = svc.laad_gesprek(ctx, ed.gesprek_id)
    assert stored.inwoner_id == first.inwoner_id and stored.inwoner.naam == "Maria Jansen (synthetisch)"
    assert len(svc.zoek_inwoners(ctx, "jansen")) == 1


def test_draft_is_written_within_a_second_and_restored_with_a_notice(qtbot, window, ctx):
    s = _screen(window)
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Kees Concept (synthetisch)")
    ed.f_dim["meedoen"][0].setValue(4)
    qtbot.waitUntil(lambda: len(concepten.open_concepten(ctx)) == 1, timeout=1000)
    # a second window on the same data folder (= the next start) brings it back
    w2 = MainWindow(ctx)
    qtbot.addWidget(w2)
    w2.show()
    s2 = w2.show_screen("gesprekken")
    assert s2.pages.currentWidget() is s2.editor
    assert s2.editor.f_naam.text() == "Kees Concept (synthetisch)"
    assert s2.editor.f_dim["meedoen"][0].value() == 4
    assert "nog niet opgeslagen toen Toegang stopte" in s2.editor.melding.text()


def test_closing_with_unsaved_input_keeps_it(qtbot, window, ctx, monkeypatch):
    s = _screen(window)
    s.nieuw_gesprek()
    qtbot.keyClicks(s.editor.f_naam, "Lot Later (synthetisch)")
    asked = {}

    def answer(box):
        asked["text"] = box.text()
        box_buttons = {b.text(): b for b in box.buttons()}
        box_buttons["Later verder (concept bewaren)"].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    s.editor.sluit()
    assert "concept" in asked["text"]
    assert s.pages.currentWidget() is s.overzicht
    assert s.concepten.count() == 1 and "Lot Later" in s.concepten.item(0).text()
    s._concept_gekozen(s.concepten.item(0))
    assert s.editor.f_naam.text() == "Lot Later (synthetisch)"


KILL_SCRIPT = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from toegang_app.services.context import open_context
    from toegang_app.services.auth import CurrentUser
    from toegang_app.ui.main_window import MainWindow
    ctx = open_context()
    ctx.user = CurrentUser(id=None, gebruikersnaam="mw-hb", naam="Medewerker Haaksbergen", rol="medewerker",
                           team="haaksbergen")
    w = MainWindow(ctx); w.show()
    s = w.show_screen("gesprekken"); s.nieuw_gesprek()
    s.editor.f_naam.setText("Karin Crash (synthetisch)")
    s.editor.f_vraag.setPlainText("Mijn vraag gaat over de huur.")
    s.editor.f_dim["wonen" if False else "kwaliteit_van_leven"][0].setValue(3)
    deadline = time.time() + 5
    while time.time() < deadline and not list(ctx.config.drafts_dir.glob("*.concept")):
        app.processEvents(); time.sleep(0.05)
    print("draft", flush=True)
    time.sleep(60)
""")


def test_killed_process_loses_nothing(qtbot, ctx, tmp_path):
    env = dict(os.environ, TOEGANG_DATA_DIR=str(ctx.config.data_dir), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "draft"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    ctx.user = MEDEWERKER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    s = w.show_screen("gesprekken")
    ed = s.editor
    assert s.pages.currentWidget() is ed
    assert ed.f_naam.text() == "Karin Crash (synthetisch)"
    assert ed.f_vraag.toPlainText() == "Mijn vraag gaat over de huur."
    assert ed.f_dim["kwaliteit_van_leven"][0].value() == 3
    assert ed.melding.isVisible()
    assert ed.opslaan()
    assert svc.laad_gesprek(ctx, ed.gesprek_id).vraag == "Mijn vraag gaat over de huur."


def test_handout_pdf_from_the_screen(qtbot, window, ctx, tmp_path):
    from pypdf import PdfReader

    s = _screen(window)
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Piet Papier (synthetisch)")
    _type(qtbot, ed.f_belangrijk, "Mijn tuin bijhouden")
    _type(qtbot, ed.f_afspraken, "Bellen met de buurtcoach")
    ed.f_dim["meedoen"][0].setValue(2)
    ed.f_dim["meedoen"][2].setPlainText("Geheime notitie voor het dossier")
    out = klaar(qtbot, ed.maak_pdf(dossier=False, path=str(tmp_path / "samenvatting.pdf")))
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Samenvatting voor de inwoner" in text and "Piet Papier" in text
    assert "Mijn tuin bijhouden" in text and "Bellen met de buurtcoach" in text
    assert "Geheime notitie" not in text  # worker's notes only in the file copy
    dossier = klaar(qtbot, ed.maak_pdf(dossier=True, path=str(tmp_path / "dossier.pdf")))
    dtext = " ".join(p.extract_text() for p in PdfReader(str(dossier)).pages)
    assert "Geheime notitie voor het dossier" in dtext and "vertrouwelijk" in dtext


def test_export_and_import_through_the_screen(qtbot, window, ctx, tmp_path):
    s = _screen(window)
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Ria Ronde (synthetisch)")
    ed.f_dim["zingeving"][0].setValue(8)
    ed.f_sig["wonen"][0].setCurrentIndex(2)
    path = klaar(qtbot, ed.exporteer(str(tmp_path / "g.json")))
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["dimensies"]["zingeving"] == {"score": 8} and "Ria" not in path.read_text(encoding="utf-8")
    # a broken file names the field and changes nothing
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"gemeente": "haaksbergen", "signalen": [{"leefgebied": "wonen", "ernst": 7}]}))
    assert klaar(qtbot, ed.importeer(str(bad))) is None
    assert "signalen[0].ernst" in ed.melding.text() and ed.f_dim["zingeving"][0].value() == 8
    s.nieuw_gesprek()
    QApplication.processEvents()
    ed.f_naam.setText("Tweede Ronde (synthetisch)")
    assert klaar(qtbot, ed.importeer(str(path))) is not None
    assert ed.f_dim["zingeving"][0].value() == 8 and ed.f_sig["wonen"][0].currentData() == 2
    assert ed.f_naam.text() == "Tweede Ronde (synthetisch)"  # the resident is kept


def test_works_at_1366x768_without_clipping(qtbot, window):
    s = _screen(window)
    s.prepare_screenshot()
    QApplication.processEvents()
    ed = s.editor
    bar = ed.stappen.tabBar()
    assert bar.tabRect(bar.count() - 1).right() <= bar.width()  # all seven steps visible
    for b in (ed.btn_opslaan, ed.btn_handout, ed.btn_dossier, ed.btn_export, ed.btn_import, ed.btn_sluiten):
        assert b.isVisible() and b.width() >= b.sizeHint().width()
        assert b.accessibleName()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "gesprek-demo.png"))


def test_recent_list_cell_text_is_its_tooltip_the_list_is_read_only_and_enter_opens(qtbot, ctx):
    """The recent list (its texts held by Qt since issue 26): a question wider than its column (at most
    360 px) is in full in the cell's tooltip; typing or F2 in the list edits nothing; Enter opens the
    chosen conversation."""
    from tests.factories import maak_gesprek
    from tests.ui.hoofdvenster import toon_hoofdvenster, zonder_vraag_sluiten

    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, naam="Lange Vraag (synthetisch)",
                       vraag="Ik red het niet meer met de post en de rekeningen, en mijn buurman kan niet meer helpen")
    w = toon_hoofdvenster(qtbot, ctx)
    try:
        s = _screen(w)
        m = s.gesprek_model
        [r] = [r for r in range(m.rowCount()) if m.rows[r].gesprek_id == gid]
        vraag = m.data(m.index(r, 3))
        assert vraag.startswith("Ik red het niet meer met de post")
        assert m.data(m.index(r, 3), Qt.ItemDataRole.ToolTipRole) == vraag
        assert s.recent.columnWidth(3) <= 360 < s.recent.fontMetrics().horizontalAdvance(vraag)
        s.recent.setFocus()
        s.recent.setCurrentIndex(m.index(r, 1))
        qtbot.keyClicks(s.recent, "x")
        qtbot.keyClick(s.recent, Qt.Key.Key_F2)
        assert s.recent.state() != s.recent.State.EditingState
        assert m.data(m.index(r, 1)) == "Lange Vraag (synthetisch)"
        qtbot.keyClick(s.recent, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: s.pages.currentWidget() is s.editor)
        assert s.editor.f_naam.text() == "Lange Vraag (synthetisch)"
    finally:
        zonder_vraag_sluiten(w)
