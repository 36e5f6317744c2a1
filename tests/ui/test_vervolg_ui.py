"""A follow-up conversation driven as a worker: from the resident's conversation list (which shows the
history of webs) start a vervolggesprek, see the previous scores beside the new ones and as a second
outline, confirm what was carried over, give the previous afspraken a status, add a new one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.storage.test_vervolg import MW, eerste_gesprek
from toegang_app.domain import regie as rdom
from toegang_app.services import gesprekken as gsvc
from toegang_app.services import vervolg
from toegang_app.ui.main_window import MainWindow

SHOTS = None


def test_follow_up_from_the_list_to_the_panel(qtbot, ctx):
    ctx.user = MW
    g1 = eerste_gesprek(ctx)
    vervolg.voeg_afspraak_toe(ctx, g1, rdom.AfspraakInvoer("Inwoner", "gaat naar de inloop van Wijkkracht"))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    s = w.show_screen("gesprekken")
    qtbot.keyClicks(s.zoekveld, "Truus")
    qtbot.waitUntil(lambda: s.inwoner_model.rowCount() == 1, timeout=3000)
    s.inwoners.selectRow(0)
    qtbot.mouseClick(s.btn_open_laatste, Qt.MouseButton.LeftButton)
    assert s.recent_titel.text().startswith("Gesprekken van Demo-Truus")
    assert not s.webs.isVisible()            # one web: nothing to compare yet
    s.recent.selectRow(0)
    qtbot.mouseClick(s.btn_vervolg, Qt.MouseButton.LeftButton)
    ed = s.editor
    g2 = ed.gesprek_id
    assert g2 != g1 and ed.stappen.currentIndex() == 2
    # previous answers beside the new ones, and the live web's second outline
    assert ed.f_dim_vorig["meedoen"].isVisible() and ed.f_dim_vorig["meedoen"].text().endswith(": 2")
    assert ed.spinnenweb.vorige()["meedoen"] == 2
    score, _praten, _notitie = ed.f_dim["meedoen"]
    score.setFocus()
    score.setValue(5)
    qtbot.waitUntil(lambda: "Meedoen 2 → 5 ↑\u00a0hoger" in ed.spinnenweb.beschrijving(), timeout=2000)

    p = ed.panels["vervolg"]
    ed.panel_tabs.setCurrentWidget(p)
    assert "Vervolggesprek" in p.kop.text() and "02-03-2026" in p.kop.text()
    qtbot.waitUntil(lambda: ("Meedoen", "2", "5", "↑ hoger") in p.web_teksten(), timeout=2000)
    assert "nog bevestigen" in p.overgenomen.text()
    qtbot.mouseClick(p.btn_bevestig, Qt.MouseButton.LeftButton)
    assert "nog bevestigen" not in p.overgenomen.text() and not p.btn_bevestig.isEnabled()
    # the previous afspraak gets a status; 'niet gelukt' without a reason is refused, nothing written
    p.tbl_eerder.selectRow(0)
    p.status.setCurrentIndex(p.status.findData("niet_gelukt"))
    qtbot.mouseClick(p.btn_status, Qt.MouseButton.LeftButton)
    assert "waarom" in p.last_error
    assert vervolg.toestand(ctx, g2).te_bespreken[0].status == "open"
    p.status.setCurrentIndex(p.status.findData("gedaan"))
    qtbot.mouseClick(p.btn_status, Qt.MouseButton.LeftButton)
    assert p.last_error is None and vervolg.toestand(ctx, g2).te_bespreken[0].status == "gedaan"
    # a new afspraak of this conversation, typed
    p.wie.setEditText("Inwoner")
    qtbot.keyClicks(p.wat, "belt Welzijn op Recept")
    p.uiterlijk.set_value(date(2026, 12, 20))
    qtbot.mouseClick(p.btn_afspraak, Qt.MouseButton.LeftButton)
    assert [a.wat for a in vervolg.toestand(ctx, g2).eigen] == ["belt Welzijn op Recept"]
    if SHOTS:
        w.grab().save(f"{SHOTS}/vervolg-paneel.png")
    assert ed.ensure_saved() == g2
    assert gsvc.laad_gesprek(ctx, g2).dimensies["meedoen"].score == 5

    # back in the list: two webs now, oldest first, the second with the first as its outline
    w.show_screen("gesprekken")
    ed.sluit() if hasattr(ed, "sluit") else None
    s.pages.setCurrentWidget(s.overzicht)
    s.inwoners.selectRow(0)
    qtbot.mouseClick(s.btn_open_laatste, Qt.MouseButton.LeftButton)
    assert s.webs.isVisible() and len(s.webs.webs) == 2
    assert s.webs.webs[1].vorige()["meedoen"] == 2 and s.webs.webs[1].scores()["meedoen"] == 5
    if SHOTS:
        w.grab().save(f"{SHOTS}/gesprekken-webs.png")


def test_vervolg_panel_alt_letters_are_its_own(qtbot, ctx):
    from tests.ui.test_ave_panel import _mnemonic_clashes

    ctx.user = MW
    g1 = eerste_gesprek(ctx)
    g2 = vervolg.start_vervolg(ctx, g1)
    vervolg.voeg_afspraak_toe(ctx, g1, rdom.AfspraakInvoer("Inwoner", "belt de huisarts"))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    s = w.show_screen("gesprekken")
    s.open_gesprek(g2)
    p = s.editor.panels["vervolg"]
    s.editor.panel_tabs.setCurrentWidget(p)
    for stap in range(s.editor.stappen.count()):
        s.editor.stappen.setCurrentIndex(stap)
        assert _mnemonic_clashes(w, p) == [], stap
