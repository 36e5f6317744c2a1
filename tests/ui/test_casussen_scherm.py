"""The AVE-casussen screen as a procesregisseur uses it: own cases only, overdue review first and in words,
sortable columns, Enter opens the conversation."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.factories import MEDEWERKER, TEAMLEIDER, maak_gesprek
from toegang_app.services import ave
from toegang_app.services.auth import CurrentUser
from toegang_app.storage.models import Gebruiker
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.screens.casussen import COLUMNS, CasussenScherm

SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))
VANDAAG = date.today()


def regisseur(ctx, login, naam) -> CurrentUser:
    with ctx.sessions.begin() as s:
        g = Gebruiker(gebruikersnaam=login, naam=naam, rol="procesregisseur", team="haaksbergen", actief=True,
                      aangemaakt_op=datetime.now())
        s.add(g)
        s.flush()
        return CurrentUser(id=g.id, gebruikersnaam=login, naam=naam, rol="procesregisseur", team="haaksbergen")


def casussen(ctx):
    """Three cases for Anne (review in 3, 40 and 10 days; one in AVE 4) and one for Bert."""
    anne = regisseur(ctx, "pr-a", "Anne Regisseur")
    bert = regisseur(ctx, "pr-b", "Bert Regisseur")
    ctx.user = MEDEWERKER
    ids = {}
    for naam, wie, dagen, fase, kern in (("Demo-Femke Kuipers", anne, 3, 4, "Buurse"),
                                         ("Demo-Gerrit Lammerink", anne, 40, 3, "Haaksbergen"),
                                         ("Demo-Hanna Nijhuis", anne, 10, 3, "Sint Isidorushoeve"),
                                         ("Demo-Bert Zijn Casus", bert, 5, 3, "Haaksbergen")):
        gid = maak_gesprek(ctx, naam=naam, kern=kern, vermoeden_huiselijk_geweld=True)
        ave.bevestig_fase(ctx, gid, 3)
        ave.wijs_regisseur_toe(ctx, gid, wie.id, "MDO gepland; één plan met alle partijen.",
                               VANDAAG + timedelta(days=dagen))
        if fase == 4:
            ave.bevestig_fase(ctx, gid, 4, reden="Acute dreiging gemeld", voorgestelde_fase=3)
        ids[naam] = gid
    return anne, bert, ids


def window_for(qtbot, ctx, user):
    ctx.user = user
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    return w


def test_own_cases_with_overdue_review_first_in_words(qtbot, ctx):
    anne, _bert, ids = casussen(ctx)
    w = window_for(qtbot, ctx, anne)
    assert "casussen" in w.screen_keys()
    s = w.show_screen("casussen")
    assert isinstance(s, CasussenScherm)
    names = [r[0] for r in s.visible_rows()]
    assert names == ["Demo-Femke Kuipers (synthetisch)", "Demo-Hanna Nijhuis (synthetisch)",
                     "Demo-Gerrit Lammerink (synthetisch)"]       # Bert's case is not here
    assert s.visible_rows()[0][1] == "AVE 4 · rood" and s.visible_rows()[0][4] == "Over 3 dagen"
    # a week later (F5 refreshes)
    s.peildatum = VANDAAG + timedelta(days=7)
    s.table.setFocus()
    qtbot.keyClick(s.table, Qt.Key.Key_F5)
    rows = s.visible_rows()
    assert rows[0][0].startswith("Demo-Femke") and rows[0][4] == "Te laat: 4 dagen over de datum"
    assert rows[0][2] == "7 dagen" and rows[0][3] == f"{VANDAAG + timedelta(days=3):%d-%m-%Y}"
    assert rows[1][4] == "Over 3 dagen"
    assert s.table.item(0, 4).font().bold() and not s.table.item(1, 4).font().bold()
    assert s.samenvatting.text() == "3 casussen · 1 evaluatie aan de beurt"
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    w.grab().save(str(SHOTS / "casussen.png"))


def test_columns_sort_on_values_not_text(qtbot, ctx):
    anne, _bert, _ids = casussen(ctx)
    w = window_for(qtbot, ctx, anne)
    s = w.show_screen("casussen")
    header = s.table.horizontalHeader()
    col = COLUMNS.index("Volgende evaluatie")

    def click_header(c):
        x = header.sectionViewportPosition(c) + header.sectionSize(c) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click_header(col)
    dates = [datetime.strptime(r[col], "%d-%m-%Y").date() for r in s.visible_rows()]
    assert len(dates) == 3 and header.sortIndicatorSection() == col
    assert dates == sorted(dates) and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    click_header(col)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    dates2 = [datetime.strptime(r[col], "%d-%m-%Y").date() for r in s.visible_rows()]
    assert dates2 == list(reversed(dates))
    click_header(COLUMNS.index("Fase"))
    assert [r[1] for r in s.visible_rows()] == ["AVE 3 · oranje", "AVE 3 · oranje", "AVE 4 · rood"]
    click_header(COLUMNS.index("Dagen in fase"))
    assert [r[2] for r in s.visible_rows()] == ["0 dagen"] * 3


def test_date_cells_sort_by_date_across_a_year_boundary():
    from toegang_app.ui.screens.casussen import _Item

    januari, november = date(2027, 1, 2), date(2026, 11, 26)
    a = _Item(f"{januari:%d-%m-%Y}", januari.toordinal())
    b = _Item(f"{november:%d-%m-%Y}", november.toordinal())
    assert a.text() < b.text()          # as text, 02-01-2027 would come first
    assert b < a and not a < b


def test_enter_opens_the_plan_and_alt_o_the_conversation(qtbot, ctx):
    anne, _bert, ids = casussen(ctx)
    w = window_for(qtbot, ctx, anne)
    s = w.show_screen("casussen")
    assert s.select(ids["Demo-Hanna Nijhuis"])
    s.table.setFocus()
    qtbot.keyClick(s.table, Qt.Key.Key_Return)
    plan = s._dialoog
    assert plan.isVisible() and "Demo-Hanna Nijhuis" in plan.kop.text()
    plan.accept()
    qtbot.mouseClick(s.btn_open, Qt.MouseButton.LeftButton)
    assert w.current_key() == "gesprekken"
    g = w.screen("gesprekken")
    assert g.editor.gesprek_id == ids["Demo-Hanna Nijhuis"]
    assert g.editor.panels["ave"].titel.text().startswith("Voorstel: AVE 3")
    # in the main window, beside the form and under the menu bar, the panel's Alt-keys are its own
    from tests.ui.test_ave_panel import _mnemonic_clashes

    g.editor.panel_tabs.setCurrentWidget(g.editor.panels["ave"])
    assert _mnemonic_clashes(w, g.editor.panels["ave"]) == []


def test_nobody_else_sees_the_list(qtbot, ctx):
    casussen(ctx)
    w = window_for(qtbot, ctx, TEAMLEIDER)
    assert "casussen" not in w.screen_keys()
    s = CasussenScherm(ctx)          # even when built directly, the service refuses: no names shown
    qtbot.addWidget(s)
    s.reload()
    assert s.visible_rows() == [] and "teamleider" in s.melding.text().lower()
    ctx.user = MEDEWERKER
    s.reload()
    assert s.visible_rows() == [] and not s.melding.isHidden()


def test_empty_list_says_so(qtbot, ctx):
    leeg = regisseur(ctx, "pr-c", "Carla Regisseur")
    w = window_for(qtbot, ctx, leeg)
    s = w.show_screen("casussen")
    assert s.visible_rows() == [] and s.leeg.isVisible() and "geen open casussen" in s.leeg.text()
    assert not s.btn_open.isEnabled() and s.samenvatting.text() == "Geen open casussen"


def test_screenshot_without_signed_in_user_uses_demo_regisseur(qtbot, ctx):
    _anne, _bert, _ids = casussen(ctx)
    ctx.user = None
    s = CasussenScherm(ctx)
    qtbot.addWidget(s)
    s.resize(1366, 768)
    s.show()
    s.prepare_screenshot()
    assert len(s.visible_rows()) == 3 and ctx.user is None
    # toegang --screenshots signs in a synthetic user without an account: same demo list, user kept
    from toegang_app.ui.aanmelden import screenshot_gebruiker

    demo = screenshot_gebruiker()
    ctx.user = demo
    s2 = CasussenScherm(ctx)
    qtbot.addWidget(s2)
    s2.on_shown()
    s2.prepare_screenshot()
    assert len(s2.visible_rows()) == 3 and s2.melding.isHidden() and ctx.user is demo


def test_screenshot_without_any_regisseur_shows_the_empty_state(qtbot, ctx):
    ctx.user = None
    s = CasussenScherm(ctx)
    qtbot.addWidget(s)
    s.show()
    s.on_shown()
    assert "niet aangemeld" in s.melding.text()
    s.prepare_screenshot()
    assert s.visible_rows() == [] and s.melding.isHidden() and s.leeg.isVisible() and ctx.user is None
