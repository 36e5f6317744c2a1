"""The Beheer screen driven like a beheerder: tabs per role, users added/changed/deactivated through the
dialogs, the audit trail searched, retention carried out; what is shown and what is stored."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication
from sqlalchemy import select

from tests.factories import MEDEWERKER, TEAMLEIDER, maak_gesprek
from toegang_app.services import bewaren
from toegang_app.services import gebruikers as gs
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.storage.models import AuditRegel, Gebruiker, Gesprek, Inwoner, Vernietigingsverzoek
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.screens import beheer
from toegang_app.ui.screens.beheer import BeheerScherm

SHOTS = Path("/tmp/shots")
WW = "lange zin als wachtwoord"


@pytest.fixture
def beheerder(ctx):
    ctx.user = None
    rij = gs.maak_gebruiker(ctx, "beheer", "Bea Beheer", "beheerder", wachtwoord=WW)
    ctx.user = gs.huidige_gebruiker(rij)
    return rij


def _window(qtbot, ctx):
    from toegang_app.ui.style import STYLESHEET

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.setStyleSheet(STYLESHEET)  # as apply_style() does for the app, before the screens measure their text
    w.resize(1366, 768)
    w.show()
    return w, w.show_screen("beheer")


def _shot(widget, name: str) -> None:
    from toegang_app.ui.style import STYLESHEET

    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.setStyleSheet(STYLESHEET)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


def _in_dialog(fn):
    """Run ``fn(dialog)`` on the modal dialog that the next click opens."""
    def run():
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, run)
            return
        fn(dlg)
    QTimer.singleShot(0, run)


def _lijst(qtbot, tab) -> None:
    """The retention list is computed in a background job: wait until it is shown."""
    qtbot.waitUntil(lambda: not tab.voortgang.bezig(), timeout=20000)


def _rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def _oud_gesprek(ctx, afgesloten: date, naam="Karel Testpersoon (synthetisch)") -> int:
    return maak_gesprek(ctx, naam=naam, aanmelding=afgesloten - timedelta(days=20), status="afgerond",
                        afgesloten_op=afgesloten, bewaarwet="Wgs")


# -- tabs per role ---------------------------------------------------------------------------------

def test_tabs_follow_the_role(qtbot, ctx):
    for user, keys in ((None, []), (MEDEWERKER, []), (TEAMLEIDER, []),
                       (systeem_gebruiker(), ["gebruikers", "audit", "bewaren", "kalender"])):
        ctx.user = user
        s = BeheerScherm(ctx)
        qtbot.addWidget(s)
        s.show()
        assert s.tab_keys() == keys
        assert s.tabs.isVisible() == bool(keys)
        assert s.geen_toegang.isVisible() == (not keys)
        assert s.tabs.count() == len(keys)


def test_beheerder_sees_four_tabs_and_the_services_refuse_others(qtbot, ctx, beheerder):
    _w, s = _window(qtbot, ctx)
    assert [s.tabs.tabText(i) for i in range(s.tabs.count())] == ["G&ebruikers", "A&udit trail", "Be&waartermijnen",
                                                                   "Ka&lender"]
    assert _rows(s.gebruikers.tabel)[0][:3] == ["Bea Beheer", "beheer", "Functioneel beheerder"]
    # a medewerker who somehow reaches the tab code is refused by the service, shown in Dutch
    ctx.user = MEDEWERKER
    s.gebruikers.reload()
    assert s.gebruikers.tabel.rowCount() == 0
    assert "mag u niet gebruikers beheren" in s.gebruikers.melding.text()


# -- users -----------------------------------------------------------------------------------------

def test_add_change_password_and_deactivate_a_user(qtbot, ctx, beheerder, monkeypatch):
    _w, s = _window(qtbot, ctx)
    tab = s.gebruikers

    def vul_in(dlg):
        qtbot.keyClicks(dlg.naam, "Mia Werk")
        qtbot.keyClicks(dlg.gebruikersnaam, "m.werk")
        dlg.rol.setCurrentIndex(dlg.rol.findData("medewerker"))
        dlg.team.setCurrentIndex(dlg.team.findData(None))        # a medewerker needs a team
        qtbot.keyClicks(dlg.wachtwoord, WW)
        qtbot.keyClicks(dlg.herhaal, WW)
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)
        assert dlg.isVisible() and "hoort bij één balie" in dlg.melding.text()
        assert dlg.naam.text() == "Mia Werk"                      # input kept
        _shot(dlg, "beheer-gebruiker-dialoog-fout.png")
        dlg.team.setCurrentIndex(dlg.team.findData("twenterand"))
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)

    _in_dialog(vul_in)
    qtbot.mouseClick(tab.btn_nieuw, Qt.MouseButton.LeftButton)
    assert "m.werk (toegangsmedewerker) is aangemaakt" in tab.melding.text()
    row = next(r for r in _rows(tab.tabel) if r[1] == "m.werk")
    assert row == ["Mia Werk", "m.werk", "Toegangsmedewerker", "Twenterand", "", "wachtwoord", "actief"]
    assert tab.gekozen().gebruikersnaam == "m.werk"
    assert gs.aanmelden(ctx, "m.werk", WW).team == "twenterand"

    # change the role
    def wijzig(dlg):
        assert dlg.gebruikersnaam.isReadOnly()
        dlg.rol.setCurrentIndex(dlg.rol.findData("procesregisseur"))
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)

    _in_dialog(wijzig)
    qtbot.mouseClick(tab.btn_wijzig, Qt.MouseButton.LeftButton)
    assert gs.zoek_gebruiker(ctx, "m.werk").rol == "procesregisseur"

    # set a password: mismatch first, then right
    def wachtwoord(dlg):
        qtbot.keyClicks(dlg.wachtwoord, "een nieuwe lange zin")
        qtbot.keyClicks(dlg.herhaal, "een andere zin")
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)
        assert "niet gelijk" in dlg.melding.text() and dlg.wachtwoord.text() == ""
        qtbot.keyClicks(dlg.wachtwoord, "een nieuwe lange zin")
        qtbot.keyClicks(dlg.herhaal, "een nieuwe lange zin")
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)

    _in_dialog(wachtwoord)
    qtbot.mouseClick(tab.btn_wachtwoord, Qt.MouseButton.LeftButton)
    assert "wachtwoord van m.werk is ingesteld" in tab.melding.text()
    assert gs.aanmelden(ctx, "m.werk", "een nieuwe lange zin").rol == "procesregisseur"

    # deactivate: asked first; "no" changes nothing
    asked = []
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: asked.append(a[2]) or False)
    qtbot.mouseClick(tab.btn_actief, Qt.MouseButton.LeftButton)
    assert gs.zoek_gebruiker(ctx, "m.werk").actief and "niet meer aanmelden" in asked[0]
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: True)
    qtbot.mouseClick(tab.btn_actief, Qt.MouseButton.LeftButton)
    assert not gs.zoek_gebruiker(ctx, "m.werk").actief
    assert next(r for r in _rows(tab.tabel) if r[1] == "m.werk")[6] == "gedeactiveerd"
    assert tab.btn_actief.text() == "&Activeren…"
    # the beheerder cannot deactivate themselves: Dutch message, nothing changed
    tab.reload(kies=beheerder.id)
    qtbot.mouseClick(tab.btn_actief, Qt.MouseButton.LeftButton)
    assert "uzelf niet deactiveren" in tab.melding.text()
    with ctx.sessions() as sess:
        acties = list(sess.scalars(select(AuditRegel.actie).where(AuditRegel.object_type == "gebruiker")))
    assert {"aangemaakt", "gewijzigd", "wachtwoord_gezet", "gedeactiveerd"} <= set(acties)


# -- audit trail -----------------------------------------------------------------------------------

def test_audit_search_finds_a_row_and_pages(qtbot, ctx, beheerder, monkeypatch):
    gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    for _ in range(3):
        with pytest.raises(gs.AanmeldFout):
            gs.aanmelden(ctx, "m.werk", "fout fout fout")
    monkeypatch.setattr(beheer.AuditTab, "PER_PAGINA", 2)
    w, s = _window(qtbot, ctx)
    tab = s.toon_tab("audit")
    assert tab.tabel.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert tab.resultaat.totaal == 5 and tab.tabel.rowCount() == 2
    assert tab.telling.text() == "Regel 1–2 van 5 · pagina 1 van 3"
    assert not tab.btn_vorige.isEnabled()
    qtbot.mouseClick(tab.btn_volgende, Qt.MouseButton.LeftButton)
    assert tab.telling.text().startswith("Regel 3–4 van 5")
    # search: failed sign-ins
    tab.actie.setCurrentIndex(tab.actie.findData("aanmelden_mislukt"))
    qtbot.mouseClick(tab.btn_zoek, Qt.MouseButton.LeftButton)
    assert tab.resultaat.totaal == 3 and tab.pagina == 0
    assert _rows(tab.tabel)[0][2] == "aanmelden mislukt" and "m.werk: verkeerd wachtwoord" in _rows(tab.tabel)[0][8]
    tab.tabel.selectRow(0)
    assert tab.detail.text().endswith("aanmelden mislukt · gebruiker 2 — m.werk: verkeerd wachtwoord")
    # by user name and period, typed
    tab.actie.setCurrentIndex(0)
    qtbot.keyClicks(tab.gebruiker, "beheer")
    qtbot.keyClicks(tab.van, date.today().strftime("%d-%m-%Y"))
    qtbot.keyClick(tab.van, Qt.Key.Key_Return)
    assert tab.resultaat.totaal == 2
    assert {r[3] for r in _rows(tab.tabel)} == {"gebruiker"} and {r[1] for r in _rows(tab.tabel)} == {"beheer"}
    tab.van.clear()
    qtbot.keyClicks(tab.van, "31-02-2025")
    qtbot.keyClick(tab.van, Qt.Key.Key_Return)
    assert "geen bestaande datum" in tab.melding.text()
    assert tab.resultaat.totaal == 2  # the last good result stays on screen
    tab.van.clear()
    tab.gebruiker.clear()
    tab.actie.setCurrentIndex(0)
    tab.zoek()
    _shot(w, "beheer-audit.png")


# -- retention -------------------------------------------------------------------------------------

def test_destroy_due_conversations_after_confirmation(qtbot, ctx, beheerder, monkeypatch):
    old = _oud_gesprek(ctx, date(2015, 1, 10))
    keep = _oud_gesprek(ctx, date.today() - timedelta(days=1), naam="Anna Ander (synthetisch)")
    w, s = _window(qtbot, ctx)
    tab = s.toon_tab("bewaren")
    _lijst(qtbot, tab)
    assert "Wmo: 15 jaar (Wmo 2015 art. 5.3.4; Selectielijst 2020: 8.3.1)" in tab.termijnen_uitleg.text()
    assert "geen voorziening: 5 jaar (Selectielijst gemeentelijke en intergemeentelijke organen 2020, resultaat 8.2)" \
        in tab.termijnen_uitleg.text()
    rows = _rows(tab.tabel)
    assert len(rows) == 1 and rows[0][0] == str(old)
    assert rows[0][3:] == ["Wgs · 5 jaar", "Selectielijst 2020, resultaat 8.3.5: schuldhulpverlening", "10-01-2015",
                           "afgesloten", "10-01-2020", "0"]
    assert "Karel" not in " ".join(rows[0])
    _shot(w, "beheer-bewaartermijnen.png")
    assert not tab.btn_vernietig.isEnabled()
    qtbot.mouseClick(tab.btn_alles, Qt.MouseButton.LeftButton)
    asked = []
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: asked.append(a[2]) or False)
    qtbot.mouseClick(tab.btn_vernietig, Qt.MouseButton.LeftButton)
    assert "1 gesprek met 0 verwijzingen" in asked[0]
    with ctx.sessions() as sess:
        assert sess.get(Gesprek, old) is not None  # "Annuleren" keeps everything
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: True)
    qtbot.mouseClick(tab.btn_vernietig, Qt.MouseButton.LeftButton)
    _lijst(qtbot, tab)
    assert tab.melding.text() == "Klaar: 1 gesprek, 0 verwijzingen en 1 inwoner vernietigd."
    assert tab.tabel.rowCount() == 0
    with ctx.sessions() as sess:
        assert sess.get(Gesprek, old) is None and sess.get(Gesprek, keep) is not None
    # a peildatum in the future shows what becomes due, but nothing is destroyed early
    tab.peildatum.setText((date.today() + timedelta(days=365 * 6)).strftime("%d-%m-%Y"))
    qtbot.mouseClick(tab.btn_vernieuw, Qt.MouseButton.LeftButton)
    _lijst(qtbot, tab)
    assert [r[0] for r in _rows(tab.tabel)] == [str(keep)]
    tab.tabel.selectAll()
    qtbot.mouseClick(tab.btn_anonimiseer, Qt.MouseButton.LeftButton)
    assert "mag nog niet weg" in tab.melding.text()
    with ctx.sessions() as sess:
        assert not sess.get(Gesprek, keep).inwoner.geanonimiseerd


def test_register_and_carry_out_a_request(qtbot, ctx, beheerder, monkeypatch):
    gid = _oud_gesprek(ctx, date.today() - timedelta(days=2))
    w, s = _window(qtbot, ctx)
    tab = s.toon_tab("bewaren")
    _lijst(qtbot, tab)

    def vul_in(dlg):
        qtbot.keyClicks(dlg.zoekterm, "karel")
        qtbot.keyClick(dlg.zoekterm, Qt.Key.Key_Return)
        assert dlg.gevonden.count() == 1 and "Karel Testpersoon" in dlg.gevonden.item(0).text()
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)
        assert "kenmerk van de brief" in dlg.melding.text()
        qtbot.keyClicks(dlg.kenmerk, "ZK-2025-0042")
        dlg.ontvangen.setText("30-11-2025")
        assert dlg.uiterlijk.text() == "28-02-2026"
        _shot(dlg, "beheer-verzoek-dialoog.png")
        qtbot.mouseClick(dlg.btn_ok, Qt.MouseButton.LeftButton)

    _in_dialog(vul_in)
    qtbot.mouseClick(tab.btn_registreer, Qt.MouseButton.LeftButton)
    assert "ZK-2025-0042 is geregistreerd; uitvoeren uiterlijk 28-02-2026" in tab.melding.text()
    [row] = _rows(tab.verzoek_tabel)
    assert row[0] == "ZK-2025-0042" and row[3] == "28-02-2026"
    assert row[4] == ("open" if date.today() <= date(2026, 2, 28) else "te laat: termijn verstreken")
    tab.verzoek_tabel.selectRow(0)
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: True)
    qtbot.mouseClick(tab.btn_uitvoeren, Qt.MouseButton.LeftButton)
    _lijst(qtbot, tab)
    assert "ZK-2025-0042 is uitgevoerd: 1 gesprek, 0 verwijzingen en 1 inwoner vernietigd" in tab.melding.text()
    assert tab.verzoek_tabel.rowCount() == 0
    tab.toon_uitgevoerd.setChecked(True)
    assert _rows(tab.verzoek_tabel)[0][4].startswith("uitgevoerd op")
    with ctx.sessions() as sess:
        assert sess.get(Gesprek, gid) is None
        assert sess.scalar(select(Inwoner).where(Inwoner.naam.contains("Karel"))) is None
        assert sess.scalar(select(Vernietigingsverzoek)).uitgevoerd_door == "beheer"


def test_screenshots_of_the_four_tabs(qtbot, ctx, beheerder):
    gs.maak_gebruiker(ctx, "m.werk", "Mia Werk (synthetisch)", "medewerker", "haaksbergen", wachtwoord=WW,
                      os_account="mwerk")
    gs.maak_gebruiker(ctx, "t.leider", "Tom Leider (synthetisch)", "teamleider", None, wachtwoord=WW)
    _oud_gesprek(ctx, date(2012, 3, 1))
    ctx.user = gs.aanmelden(ctx, "beheer", WW)
    w, s = _window(qtbot, ctx)
    files = []
    for key, widget in s.extra_screenshots():
        _shot(widget, f"beheer-{key}-tab.png")
        files.append(key)
    assert files == ["gebruikers", "audit", "bewaren", "kalender"]
    assert s.tabs.currentIndex() == 3


def test_beheerder_sees_a_locked_account_and_unlocks_it_with_one_button(qtbot, ctx, beheerder):
    """Issue 19 (lockout): the Gebruikers tab shows which account is locked and until when, and
    'Ontgrendelen' lifts it at once (audited), without the command line."""
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    ik = ctx.user
    ctx.user = None
    for _ in range(gs.MAX_POGINGEN):
        with pytest.raises(gs.AanmeldFout):
            gs.aanmelden(ctx, "m.werk", "fout fout fout")
    ctx.user = ik
    w, scherm = _window(qtbot, ctx)
    tab = scherm.toon_tab("gebruikers")
    rij = next(r for r, row in enumerate(_rows(tab.tabel)) if row[1] == "m.werk")
    status = tab.tabel.item(rij, 6).text()
    assert status.startswith("geblokkeerd tot ")
    assert not tab.btn_ontgrendel.isEnabled()           # nothing chosen yet
    beheer_rij = next(r for r, row in enumerate(_rows(tab.tabel)) if row[1] == "beheer")
    tab.tabel.selectRow(beheer_rij)
    assert not tab.btn_ontgrendel.isEnabled()           # an account that is not locked
    tab.tabel.selectRow(rij)
    assert tab.btn_ontgrendel.isEnabled()
    _shot(scherm, "beheer-gebruikers-geblokkeerd.png")
    tab.btn_ontgrendel.setFocus()
    qtbot.keyClick(tab.btn_ontgrendel, Qt.Key.Key_Space)
    assert "ontgrendeld" in tab.melding.text() and "m.werk" in tab.melding.text()
    rij = next(r for r, row in enumerate(_rows(tab.tabel)) if row[1] == "m.werk")
    assert tab.tabel.item(rij, 6).text() == "actief"
    assert not tab.btn_ontgrendel.isEnabled()
    ctx.user = None
    assert gs.aanmelden(ctx, "m.werk", WW).id == mw.id
    with ctx.sessions() as s:
        row = s.scalars(select(AuditRegel).where(AuditRegel.actie == "ontgrendeld")).one()
        assert row.gebruiker == "beheer"


def test_expired_audit_rows_are_counted_and_purged_from_the_retention_tab(qtbot, ctx, beheerder, monkeypatch):
    """Issue 19, item 8: after a destruction the tab says how many audit rows expired with it, and
    'Audit opschonen' removes them after confirmation (one audit row with the count stays)."""
    from toegang_app.services import audit

    old = _oud_gesprek(ctx, date(2015, 1, 10))
    with ctx.sessions.begin() as s:
        audit.record(s, MEDEWERKER, "bekeken", "gesprek", old)
        audit.record(s, MEDEWERKER, "afgedrukt", "gesprek", old, toelichting="dossierkopie")
    w, scherm = _window(qtbot, ctx)
    tab = scherm.toon_tab("bewaren")
    _lijst(qtbot, tab)
    assert "geen regels" in tab.audit_telling.text() and not tab.btn_audit.isEnabled()
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: True)
    tab.tabel.selectAll()
    qtbot.mouseClick(tab.btn_vernietig, Qt.MouseButton.LeftButton)
    _lijst(qtbot, tab)
    assert "2 regels over vernietigde of geanonimiseerde gesprekken zijn de bewaartermijn voorbij" in \
        tab.audit_telling.text()
    assert tab.btn_audit.isEnabled()
    _shot(w, "beheer-bewaartermijnen-audit.png")
    asked = []
    monkeypatch.setattr(beheer.common, "bevestig", lambda *a: asked.append(a[2]) or True)
    tab.btn_audit.setFocus()
    qtbot.keyClick(tab.btn_audit, Qt.Key.Key_Space)
    assert "2 regels van de audit trail verwijderen" in asked[0]
    assert tab.melding.text().startswith("Klaar: 2 auditregels verwijderd")
    assert not tab.btn_audit.isEnabled()
    with ctx.sessions() as s:
        assert not s.scalars(select(AuditRegel).where(AuditRegel.object_type == "gesprek",
                                                      AuditRegel.object_id == str(old))).all()
        assert s.scalars(select(AuditRegel).where(AuditRegel.actie == "opgeschoond")).one().gebruiker == "beheer"
