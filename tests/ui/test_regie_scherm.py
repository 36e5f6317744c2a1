"""Procesregie driven as a user on a demo database: demo-regisseur sees the new AVE 3 proposals in the
queue with why, claims one with the keyboard, fills the plan (party, goal, afspraak, MDO) in the plan
dialog and prints it; demo-teamleider assigns and reassigns; the werkvoorraad shows owners and filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from toegang_app.services import ave, gebruikers, regie
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.services.demo import vul_demo
from toegang_app.services.demo_accounts import DEMO_WACHTWOORD, maak_demo_accounts
from toegang_app.storage.models import Gesprek, Inwoner
from toegang_app.ui.main_window import MainWindow

SHOTS = None  # set to a folder to keep the screenshots


@pytest.fixture
def demo(ctx):
    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 40, 80, 1)
    ctx.user = None
    maak_demo_accounts(ctx)
    # two fresh AVE 3 proposals nobody has taken yet
    mw = gebruikers.aanmelden(ctx, "demo-medewerker", DEMO_WACHTWOORD)
    ctx.user = mw
    from tests.factories import maak_gesprek

    ids = []
    for naam in ("Demo-Henk Smit (synthetisch)", "Demo-Sanne Jansen (synthetisch)"):
        gid = maak_gesprek(ctx, naam=naam, medewerker_id=mw.id,
                           signalen=[("schulden", 3), ("wonen", 2), ("psychische_gezondheid", 2)],
                           scores={"meedoen": 3, "mentaal_welbevinden": 4})
        ave.bevestig_fase(ctx, gid, 3)
        ids.append(gid)
    maak_gesprek(ctx, naam="Demo-Daan Pot (synthetisch)")   # nobody owns this one
    return ctx, ids


def venster(qtbot, ctx, gebruikersnaam):
    ctx.user = gebruikers.aanmelden(ctx, gebruikersnaam, DEMO_WACHTWOORD)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    return w


def tekst(tabel, col):
    return [tabel.item(r, col).text() for r in range(tabel.rowCount())]


def test_regisseur_claims_from_queue_and_fills_the_plan(qtbot, demo, tmp_path):
    ctx, (henk, sanne) = demo
    w = venster(qtbot, ctx, "demo-regisseur")
    assert "regie" in w.screen_keys()
    s = w.show_screen("regie")
    assert s.kop.text() == "Procesregie · AVE (Aanpak ter Voorkoming Escalatie)"
    namen = tekst(s.wachtrij, 0)
    assert "Demo-Henk Smit (synthetisch)" in namen and "Demo-Sanne Jansen (synthetisch)" in namen
    r = namen.index("Demo-Henk Smit (synthetisch)")
    assert "3 leefgebieden" in s.wachtrij.item(r, 3).text()
    assert s.btn_pak_op.isVisible() and not s.btn_toewijzen.isVisible()
    # oldest first: the waiting days never go up down the list
    wacht = [int(x.split()[0]) for x in tekst(s.wachtrij, 2)]
    assert wacht == sorted(wacht, reverse=True)

    # claim with the keyboard
    s.wachtrij.setFocus()
    s.wachtrij.selectRow(r)
    s.btn_pak_op.setFocus()
    qtbot.keyClick(s.btn_pak_op, Qt.Key.Key_Space)
    assert "procesregisseur" in s.melding.text()
    assert "Demo-Henk Smit (synthetisch)" not in tekst(s.wachtrij, 0)
    with ctx.sessions() as ses:
        assert ses.get(Gesprek, henk).procesregisseur_id == ctx.user.id

    # the case is in the regisseur's own list; Enter opens the plan
    c = w.show_screen("casussen")
    assert c.select(henk)
    c.table.setFocus()
    qtbot.keyClick(c.table, Qt.Key.Key_Return)
    plan = c._dialoog
    assert "Demo-Henk Smit" in plan.kop.text() and "Demo Procesregisseur" in plan.kop.text()
    # a party from the sociale kaart, with consent to share the goals
    plan.tabs.setCurrentIndex(1)
    plan.p_org.setFocus()
    plan.p_org.setEditText("Budgetmaatjes")
    qtbot.keyClicks(plan.p_contact, "Jan (synthetisch)")
    qtbot.keyClicks(plan.p_rol, "thuisadministratie")
    plan.p_delen["doelen"].setChecked(True)
    qtbot.mouseClick(plan.btn_partij, Qt.MouseButton.LeftButton)
    assert "datum van de toestemming" in plan.melding.text()       # consent needs its date; nothing written
    assert plan.tbl_partijen.rowCount() == 0
    plan.p_toestemming.set_value(date.today())
    qtbot.mouseClick(plan.btn_partij, Qt.MouseButton.LeftButton)
    assert tekst(plan.tbl_partijen, 0) == ["Budgetmaatjes"]
    # a goal linked to a need of the conversation (the needs come first in the list)
    plan.tabs.setCurrentIndex(2)
    assert plan.d_gebied.itemText(0).startswith("Schulden (uit het gesprek")
    qtbot.keyClicks(plan.d_doel, "Rust in de post")
    qtbot.mouseClick(plan.btn_doel, Qt.MouseButton.LeftButton)
    assert tekst(plan.tbl_doelen, 0) == ["Schulden"]
    # an afspraak: who does what by when
    plan.tabs.setCurrentIndex(3)
    plan.a_wie.setEditText("Budgetmaatjes")
    qtbot.keyClicks(plan.a_wat, "komt elke week langs")
    plan.a_uiterlijk.set_value(date.today() + timedelta(days=30))
    qtbot.mouseClick(plan.btn_afspraak, Qt.MouseButton.LeftButton)
    assert tekst(plan.tbl_afspraken, 3) == ["Nog te doen"]
    # an MDO with its decisions
    plan.tabs.setCurrentIndex(4)
    plan.o_datum.set_value(date.today())
    qtbot.keyClicks(plan.o_besluiten, "Budgetbeheer aanvragen")
    qtbot.mouseClick(plan.btn_overleg, Qt.MouseButton.LeftButton)
    assert tekst(plan.tbl_overleg, 3) == ["Budgetbeheer aanvragen"]
    assert "Nog geen evaluatiedatum" in plan.bewaking.text()
    out = plan.maak_samenvatting(str(tmp_path / "plan.pdf"))
    assert out is not None and out.exists()
    plan.tabs.setCurrentIndex(1)
    plan.tbl_partijen.selectRow(0)
    assert plan.maak_kopie(str(tmp_path / "kopie.pdf")).exists()
    if SHOTS:
        for i in range(plan.tabs.count()):
            plan.tabs.setCurrentIndex(i)
            plan.grab().save(f"{SHOTS}/plan-{i}.png")
    plan.accept()

    # the worker who proposed it sees who took it
    ctx.user = gebruikers.aanmelden(ctx, "demo-medewerker", DEMO_WACHTWOORD)
    assert regie.plan_toestand(ctx, henk).regisseur.startswith("Demo Procesregisseur")


def test_teamleider_assigns_reassigns_and_sees_caseload(qtbot, demo):
    ctx, (henk, sanne) = demo
    w = venster(qtbot, ctx, "demo-teamleider")
    assert w.screen_keys()[0] == "regie"
    s = w.show_screen("regie")
    assert s.btn_toewijzen.isVisible() and not s.btn_pak_op.isVisible() and not s.btn_plan.isVisible()
    r = tekst(s.wachtrij, 0).index("Demo-Sanne Jansen (synthetisch)")
    s.wachtrij.selectRow(r)
    s.regisseur.setCurrentIndex(s.regisseur.findText("Demo Procesregisseur Haaksbergen (synthetisch)"))
    qtbot.mouseClick(s.btn_toewijzen, Qt.MouseButton.LeftButton)
    assert "Toegewezen aan Demo Procesregisseur" in s.melding.text()
    assert "Demo-Sanne Jansen (synthetisch)" not in tekst(s.wachtrij, 0)

    # caseload: owners; filter 'zonder eigenaar'
    s.tabs.setCurrentIndex(1)
    rijen = {tekst(s.caseload, 0)[i]: i for i in range(s.caseload.rowCount())}
    i = rijen["Demo-Sanne Jansen (synthetisch)"]
    assert s.caseload.item(i, 3).text() == "Demo Medewerker Haaksbergen (synthetisch)"
    assert s.caseload.item(i, 4).text() == "Demo Procesregisseur Haaksbergen (synthetisch)"
    s.filter.setCurrentIndex(s.filter.findData("zonder"))
    assert set(tekst(s.caseload, 3)) == {regie.ZONDER_EIGENAAR}       # the demo data has no owners
    s.caseload.selectRow(0)
    naam = s.caseload.item(0, 0).text()
    s.eigenaar.setCurrentIndex(s.eigenaar.findText("Demo Medewerker Haaksbergen (synthetisch)"))
    qtbot.mouseClick(s.btn_eigenaar, Qt.MouseButton.LeftButton)
    assert f"{naam}: eigenaar is nu Demo Medewerker" in s.melding.text()
    assert naam not in tekst(s.caseload, 0)
    if SHOTS:
        s.tabs.setCurrentIndex(0)
        w.grab().save(f"{SHOTS}/regie-teamleider.png")


def test_werkvoorraad_shows_owner_and_filters_mine(qtbot, demo):
    ctx, (henk, sanne) = demo
    with ctx.sessions.begin() as s:   # an evaluation date in the past: time watched
        s.execute(update(Gesprek).where(Gesprek.id == henk).values(evaluatiedatum=date.today() - timedelta(days=3)))
    w = venster(qtbot, ctx, "demo-medewerker")
    scr = w.show_screen("werkvoorraad")
    scr.reload(op_achtergrond=False)
    assert "Eigenaar" in [scr.tabel.horizontalHeaderItem(c).text() for c in range(scr.tabel.columnCount())]
    regie_rijen = [r for r in range(scr.tabel.rowCount()) if scr.tabel.item(r, 1).text() == "Procesregie"]
    assert regie_rijen
    toel = " ".join(scr.tabel.item(r, 4).text() for r in regie_rijen)
    assert "In de wachtrij: nog geen procesregisseur" in toel and "Evaluatie te laat: 3 dagen" in toel
    scr.eigenaar.setCurrentIndex(scr.eigenaar.findData("mijn"))
    scr.reload(op_achtergrond=False)
    assert all(scr.tabel.item(r, 5).text() == "Demo Medewerker Haaksbergen (synthetisch)"
               for r in range(scr.tabel.rowCount()))
    scr.eigenaar.setCurrentIndex(scr.eigenaar.findData("zonder"))
    scr.reload(op_achtergrond=False)
    assert scr.tabel.rowCount() > 0
    assert all(scr.tabel.item(r, 5).text() == "zonder eigenaar" for r in range(scr.tabel.rowCount()))


def test_twenterand_says_its_own_model_name(qtbot, ctx):
    from tests.factories import maak_gesprek
    from tests.storage.test_regie import gebruiker

    mw = gebruiker(ctx, "tw1", "Wim Twenterand (synthetisch)", "medewerker", team="twenterand")
    pr = gebruiker(ctx, "tw2", "Roos Twenterand (synthetisch)", "procesregisseur", team="twenterand")
    gid = maak_gesprek(ctx, gemeente="twenterand", kern="Vroomshoop", medewerker_id=mw.id,
                       signalen=[("schulden", 3), ("wonen", 3)])
    ctx.user = mw
    ave.bevestig_fase(ctx, gid, 3)
    ctx.user = pr
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    s = w.show_screen("regie")
    assert s.kop.text() == "Procesregie · Visie op Gefaseerd Samenwerken"
    assert tekst(s.wachtrij, 1) == ["Fase 3"]
    regie.pak_op(ctx, gid)
    c = w.show_screen("casussen")
    assert c.kop.text() == "Casussen · Visie op Gefaseerd Samenwerken"
    assert c.visible_rows()[0][1].startswith("Fase 3")
    g = w.show_screen("gesprekken")
    g.open_gesprek(gid)
    p = g.editor.panels["ave"]
    assert p.titel.text().startswith("Voorstel: Fase 3") and p.groep_regie.title() == "Procesregie (vanaf Fase 3)"


def test_plan_dialog_alt_letters_are_unique_on_every_tab(qtbot, demo):
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    from toegang_app.ui.plan_dialoog import PlanDialoog

    ctx, (henk, _sanne) = demo
    ctx.user = gebruikers.aanmelden(ctx, "demo-regisseur", DEMO_WACHTWOORD)
    regie.pak_op(ctx, henk)
    dlg = PlanDialoog(ctx, henk)
    qtbot.addWidget(dlg)
    dlg.show()

    def letter(text):
        m = re.search(r"&([^&])", text.replace("&&", ""))
        return m.group(1).lower() if m else None

    for i in range(dlg.tabs.count()):
        dlg.tabs.setCurrentIndex(i)
        texts = [dlg.tabs.tabText(j) for j in range(dlg.tabs.count())]
        texts += [b.text() for b in dlg.findChildren(QAbstractButton) if b.isVisible()]
        texts += [lab.text() for lab in dlg.findChildren(QLabel) if lab.isVisible() and lab.buddy() is not None]
        letters = [x for x in (letter(t) for t in texts) if x]
        dubbel = sorted({x for x in letters if letters.count(x) > 1})
        assert dubbel == [], (dlg.tabs.tabText(i), dubbel)


def test_procesregie_alt_letters_are_unique_in_the_window(qtbot, demo):
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    ctx, _ids = demo
    for wie in ("demo-teamleider", "demo-regisseur"):
        w = venster(qtbot, ctx, wie)
        s = w.show_screen("regie")
        for i in range(s.tabs.count()):
            s.tabs.setCurrentIndex(i)
            texts = [a.text() for a in w.menuBar().actions()] + [s.tabs.tabText(j) for j in range(s.tabs.count())]
            texts += [b.text() for b in w.findChildren(QAbstractButton) if b.isVisible()]
            texts += [lab.text() for lab in w.findChildren(QLabel) if lab.isVisible() and lab.buddy() is not None]
            letters = [m.group(1).lower() for m in (re.search(r"&([^&])", t.replace("&&", "")) for t in texts) if m]
            assert sorted({x for x in letters if letters.count(x) > 1}) == [], (wie, s.tabs.tabText(i))
