"""Signing in at start, driven like a user: the first-run wizard creates the first beheerder by typing,
a wrong password gives a Dutch message and keeps the user name, the Windows account signs in without
a dialog, and cancelling stops the app cleanly."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWizard
from sqlalchemy import select

from tests.ui.hoofdvenster import start_in_dit_proces
from toegang_app.services import aanmelding
from toegang_app.services import gebruikers as gs
from toegang_app.storage.models import AuditRegel, Gebruiker
from toegang_app.ui import aanmelden as ui

SHOTS = Path("/tmp/shots")
WW = "lange zin als wachtwoord"


def _shot(widget, name: str) -> None:
    from toegang_app.ui.style import STYLESHEET

    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.setStyleSheet(STYLESHEET)  # as in the app (apply_style), without touching the test QApplication
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


def _beheerder(ctx, **kw):
    ctx.user = None
    rij = gs.maak_gebruiker(ctx, "beheer", "Bea Beheer", "beheerder", wachtwoord=WW, **kw)
    ctx.user = None
    return rij


def test_wizard_creates_the_first_beheerder_by_typing(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(aanmelding.getpass, "getuser", lambda: "bbeheer")
    wiz = ui.EersteGebruikWizard(ctx)
    qtbot.addWidget(wiz)
    wiz.show()
    _shot(wiz, "aanmelden-wizard-1.png")
    assert "Welkom" in wiz.currentPage().title()
    qtbot.mouseClick(wiz.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wiz.account
    assert wiz.currentPage() is page
    assert wiz.button(QWizard.WizardButton.CommitButton).text() == "&Account aanmaken"
    qtbot.keyClicks(page.naam, "Bea Beheer")
    qtbot.keyClicks(page.gebruikersnaam, "B.Beheer")
    qtbot.keyClicks(page.wachtwoord, "kort")
    qtbot.keyClicks(page.herhaal, "anders")
    commit = wiz.button(QWizard.WizardButton.CommitButton)
    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    assert wiz.currentPage() is page and page.melding.isVisible()
    assert "niet gelijk" in page.melding.text()
    assert page.naam.text() == "Bea Beheer" and page.wachtwoord.text() == ""  # the rest is kept
    qtbot.keyClicks(page.wachtwoord, "kort")
    qtbot.keyClicks(page.herhaal, "kort")
    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    assert "te kort: gebruik minstens 10 tekens" in page.melding.text()
    assert gs.eerste_gebruik(ctx)  # nothing stored yet
    _shot(wiz, "aanmelden-wizard-2-fout.png")
    qtbot.keyClicks(page.wachtwoord, WW)
    qtbot.keyClicks(page.herhaal, WW)
    page.os_account.setChecked(True)
    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    assert wiz.currentPage() is wiz.einde
    assert "b.beheer" in wiz.klaar.text() and "Bea Beheer" in wiz.klaar.text()
    _shot(wiz, "aanmelden-wizard-3-klaar.png")
    qtbot.mouseClick(wiz.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wiz.result() == QDialog.DialogCode.Accepted
    assert wiz.user.gebruikersnaam == "b.beheer" and wiz.user.rol == "beheerder"
    with ctx.sessions() as s:
        [g] = s.scalars(select(Gebruiker)).all()
        assert (g.naam, g.rol, g.os_account, g.actief) == ("Bea Beheer", "beheerder", "bbeheer", True)
        assert g.wachtwoord_hash.startswith("$argon2id$")
    # the new beheerder signs in with what they typed
    assert gs.aanmelden(ctx, "b.beheer", WW).id == g.id


def test_sign_in_dialog_wrong_password_then_right(qtbot, ctx):
    _beheerder(ctx)
    dlg = ui.AanmeldDialoog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.mouseClick(dlg.btn_aanmelden, Qt.MouseButton.LeftButton)
    assert dlg.melding.text() == "Vul uw gebruikersnaam en wachtwoord in."
    qtbot.keyClicks(dlg.gebruikersnaam, "beheer")
    qtbot.keyClicks(dlg.wachtwoord, "fout wachtwoord")
    qtbot.keyClick(dlg.wachtwoord, Qt.Key.Key_Return)
    assert dlg.isVisible() and dlg.user is None
    assert dlg.melding.isVisible() and dlg.melding.text().startswith("Aanmelden lukt niet.")
    assert dlg.gebruikersnaam.text() == "beheer" and dlg.wachtwoord.text() == ""
    _shot(dlg, "aanmelden-dialoog-fout.png")
    with ctx.sessions() as s:
        assert s.scalar(select(AuditRegel.actie).order_by(AuditRegel.id.desc())) == "aanmelden_mislukt"
    qtbot.keyClicks(dlg.wachtwoord, WW)
    qtbot.keyClick(dlg.wachtwoord, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.user.gebruikersnaam == "beheer" and dlg.user.naam == "Bea Beheer"


def test_start_uses_the_windows_account_when_configured(ctx, monkeypatch):
    _beheerder(ctx, os_account="GEMEENTE\\BBeheer")
    ctx.config.values["aanmelden"] = "os"
    monkeypatch.setattr(aanmelding.getpass, "getuser", lambda: "bbeheer")
    monkeypatch.setattr(ui.AanmeldDialoog, "exec", lambda self: (_ for _ in ()).throw(AssertionError("prompted")))
    user = ui.aanmelden_bij_start(ctx)
    assert user is not None and user.gebruikersnaam == "beheer"


def test_start_falls_back_to_the_dialog_when_the_account_is_not_linked(ctx, monkeypatch):
    _beheerder(ctx)
    ctx.config.values["aanmelden"] = "os"
    monkeypatch.setattr(aanmelding.getpass, "getuser", lambda: "iemand")
    shown = []

    def fake_exec(self):
        shown.append(self.info.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ui.AanmeldDialoog, "exec", fake_exec)
    assert ui.aanmelden_bij_start(ctx) is None
    assert "Windows-account (iemand) is niet gekoppeld" in shown[0]


def test_start_shows_the_wizard_only_while_there_are_no_users(ctx, monkeypatch):
    calls = []
    monkeypatch.setattr(ui.EersteGebruikWizard, "exec", lambda self: calls.append("wizard") or 0)
    monkeypatch.setattr(ui.AanmeldDialoog, "exec", lambda self: calls.append("dialoog") or 0)
    assert ui.aanmelden_bij_start(ctx) is None and calls == ["wizard"]  # cancelled wizard: stop
    _beheerder(ctx)
    assert ui.aanmelden_bij_start(ctx) is None and calls == ["wizard", "dialoog"]


def test_cancel_at_start_exits_cleanly_and_closes_the_window(qtbot, data_dir, monkeypatch):
    """The window appears before sign-in (the database opens meanwhile); cancelling the sign-in
    closes it and stops Toegang with exit code 0, without anyone signed in."""
    from toegang_app.ui import main_window

    windows = []
    real_init = main_window.MainWindow.__init__
    monkeypatch.setattr(main_window.MainWindow, "__init__",
                        lambda self, *a, **k: (windows.append(self), real_init(self, *a, **k))[1])
    monkeypatch.setattr(ui, "aanmelden_bij_start", lambda ctx, parent=None: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own; restore after
    assert start_in_dit_proces() == 0
    assert len(windows) == 1 and not windows[0].isVisible() and windows[0].ctx is None


def test_signed_in_user_in_status_bar(qtbot, ctx):
    from toegang_app.ui.main_window import MainWindow

    _beheerder(ctx)
    ctx.user = gs.aanmelden(ctx, "beheer", WW)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert "Aangemeld: Bea Beheer" in w.statusBar().currentMessage()
    assert w.screen_keys() == ["kaart", "statistiek", "beheer"]
