"""The Inwoner and Aanmelding steps ask for the version-2 fields (issue 18): residence status, children at
home by birth year, kenmerken of the resident and household members, and the laws of the melding. Driven
by keyboard and mouse like a worker; checked in the database and in the exported file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.factories import MEDEWERKER, open_nieuw_gesprek
from toegang_app.services import gesprekken as svc
from tests.ui.jobhulp import klaar

SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))


def _choose(qtbot, combo, text):
    """Pick an entry as a worker does: focus the box and type the start of its text."""
    combo.setFocus()
    combo.setCurrentIndex(combo.findText(text))
    assert combo.currentText() == text


@pytest.fixture
def app_stijl(qapp):
    """The app's own style and font (as the screenshots in docs/ show it), restored afterwards."""
    from toegang_app.ui.style import apply_style

    font, sheet, style = qapp.font(), qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def _shot(qtbot, window, name):
    qtbot.wait(50)   # let the layouts settle after a resize or a new row
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / name))


def test_household_fields_are_asked_stored_and_exported(qtbot, ctx, tmp_path, app_stijl):
    ctx.user = MEDEWERKER
    ed = open_nieuw_gesprek(qtbot, ctx)
    window = ed.window()
    window.resize(1366, 768)
    qtbot.keyClicks(ed.f_naam, "Amal Haddad (synthetisch)")
    qtbot.keyClicks(ed.f_geboorte, "1990")
    _choose(qtbot, ed.f_verblijf, "Statushouder")
    assert not ed.f_kinderen.isEnabled()
    _choose(qtbot, ed.f_kinderen_thuis, "ja, geboren in:")
    assert ed.f_kinderen.isEnabled()
    qtbot.keyClicks(ed.f_kinderen, "2023, 2017")
    _choose(qtbot, ed.f_kenmerk, "Zwanger")
    _choose(qtbot, ed.f_kenmerk_wie, "Inwoner zelf")
    qtbot.mouseClick(ed.btn_kenmerk_erbij, Qt.MouseButton.LeftButton)
    _choose(qtbot, ed.f_kenmerk, "Dementie")
    _choose(qtbot, ed.f_kenmerk_wie, "Ouder")
    ed.btn_kenmerk_erbij.setFocus()
    qtbot.keyClick(ed.btn_kenmerk_erbij, Qt.Key.Key_Space)
    qtbot.mouseClick(ed.btn_kenmerk_erbij, Qt.MouseButton.LeftButton)   # the same twice: listed once
    assert ed.f_kenmerken.count() == 2
    ed.stappen.setCurrentIndex(0)
    _shot(qtbot, window, "01-gesprekken-inwoner.png")
    page = ed._scrolls[0]
    assert not page.horizontalScrollBar().isVisible()   # nothing cut off at the right

    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)   # step 2: Aanmelding
    assert ed.stappen.currentIndex() == 1
    qtbot.keyClicks(ed.f_vraag, "Hulp bij de inburgering en bij de post")
    ed.f_wetten["wmo"].setFocus()
    qtbot.keyClick(ed.f_wetten["wmo"], Qt.Key.Key_Space)
    cb = ed.f_wetten["participatiewet"]
    qtbot.mouseClick(cb, Qt.MouseButton.LeftButton, pos=QPoint(8, cb.height() // 2))   # on the box itself
    _shot(qtbot, window, "01-gesprekken-aanmelding.png")
    assert not ed._scrolls[1].horizontalScrollBar().isVisible()
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ed.gesprek_id is not None, ed.melding.text()

    d = svc.laad_gesprek(ctx, ed.gesprek_id)
    assert d.verblijfsstatus == "statushouder" and d.kinderen == [2017, 2023]
    assert d.kenmerken == [("zwanger", "inwoner"), ("dementie", "ouder")]
    assert d.wetten == ["wmo", "participatiewet"]
    out = klaar(qtbot, ed.exporteer(str(tmp_path / "gesprek.json")))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["verblijfsstatus"] == "statushouder"
    assert doc["kinderen"] == [{"geboortejaar": 2017}, {"geboortejaar": 2023}]
    assert doc["kenmerken"] == [{"kenmerk": "zwanger", "wie": "inwoner"}, {"kenmerk": "dementie", "wie": "ouder"}]
    assert doc["aanmelding"]["wetten"] == ["wmo", "participatiewet"]
    # the Termijnen panel reads the laws the worker confirmed
    tp = ed.panels["termijnen"]
    qtbot.waitUntil(lambda: "(bevestigd)" in tp.wetten.text(), timeout=2000)
    assert "Wmo 2015" in tp.wetten.text() and "Participatiewet" in tp.wetten.text()

    # removing the last kenmerk and choosing "geen kinderen thuis" record "asked, none"
    qtbot.keyClick(ed, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    for _ in range(2):
        ed.f_kenmerken.setCurrentRow(0)
        qtbot.mouseClick(ed.btn_kenmerk_weg, Qt.MouseButton.LeftButton)
    _choose(qtbot, ed.f_kinderen_thuis, "geen kinderen thuis")
    assert not ed.f_kinderen.isEnabled()
    assert ed.opslaan()
    d = svc.laad_gesprek(ctx, ed.gesprek_id)
    assert d.kinderen == [] and d.kenmerken == []


def test_a_wrong_birth_year_of_a_child_gets_a_dutch_message_and_nothing_is_stored(qtbot, ctx):
    ctx.user = MEDEWERKER
    ed = open_nieuw_gesprek(qtbot, ctx)
    qtbot.keyClicks(ed.f_naam, "Bram Fout (synthetisch)")
    _choose(qtbot, ed.f_kinderen_thuis, "ja, geboren in:")
    qtbot.keyClicks(ed.f_kinderen, "2017, 20x3")
    ed.stappen.setCurrentIndex(2)
    assert not ed.opslaan()
    assert "'20x3' is geen geboortejaar" in ed.melding.text()
    assert ed.stappen.currentIndex() == 0 and ed.f_kinderen.hasFocus()
    assert svc.recente_gesprekken(ctx) == []
    qtbot.keyClicks(ed.f_kinderen, "")
    ed.f_kinderen.setText("2017, 2023")
    assert ed.opslaan()
    assert svc.laad_gesprek(ctx, ed.gesprek_id).kinderen == [2017, 2023]


def test_an_aanvraag_is_recorded_in_the_aanmelding_step_and_its_terms_appear(qtbot, ctx, tmp_path):
    from datetime import date, timedelta

    ctx.user = MEDEWERKER
    ed = open_nieuw_gesprek(qtbot, ctx)
    qtbot.keyClicks(ed.f_naam, "Carla Aanvraag (synthetisch)")
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    dag = date.today() - timedelta(days=3)
    _choose(qtbot, ed.f_aanvraag_wet, "Wmo 2015")
    qtbot.keyClicks(ed.f_aanvraag_datum, "31-02-2026")
    qtbot.keyClick(ed.f_aanvraag_datum, Qt.Key.Key_Return)
    assert "geen bestaande datum" in ed.fout_aanvraag.text() and ed.f_aanvragen.count() == 0
    ed.f_aanvraag_datum.clear()
    qtbot.keyClicks(ed.f_aanvraag_datum, dag.strftime("%d-%m-%Y"))
    qtbot.keyClicks(ed.f_aanvraag_onderwerp, "huishoudelijke ondersteuning")
    qtbot.keyClick(ed.f_aanvraag_onderwerp, Qt.Key.Key_Return)
    assert ed.f_aanvragen.count() == 1 and ed.fout_aanvraag.text() == ""
    tp = ed.panels["termijnen"]
    qtbot.waitUntil(lambda: any("huishoudelijke ondersteuning" in tp.lijst.topLevelItem(i).text(0)
                                for i in range(tp.lijst.topLevelItemCount())), timeout=2000)
    assert ed.opslaan()
    d = svc.laad_gesprek(ctx, ed.gesprek_id)
    assert d.aanvragen == [("wmo", dag, "huishoudelijke ondersteuning")]
    doc = json.loads(klaar(qtbot, ed.exporteer(str(tmp_path / "a.json"))).read_text(encoding="utf-8"))
    assert doc["aanvragen"] == [{"wet": "wmo", "datum": dag.isoformat(), "onderwerp": "huishoudelijke ondersteuning"}]


def test_the_new_fields_alt_letters_clash_with_no_panel(qtbot, ctx):
    """Keyboard use: on the Inwoner and Aanmelding steps, no side panel's Alt-letter is taken by a field."""
    from tests.ui.test_ave_panel import _mnemonic_clashes

    ctx.user = MEDEWERKER
    ed = open_nieuw_gesprek(qtbot, ctx)
    for stap in (0, 1):
        ed.stappen.setCurrentIndex(stap)
        for panel in ed.panels.values():
            ed.panel_tabs.setCurrentWidget(panel)
            qtbot.wait(10)
            assert _mnemonic_clashes(ed.window(), panel) == [], (stap, type(panel).__name__)
