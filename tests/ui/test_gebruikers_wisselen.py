"""Who works at this PC (issue 25), driven like the desk would: sign out from the Bestand menu and back in,
a second worker with another role switching in, changing one's own password, and the idle lock that
shows nothing personal and keeps the draft. Real accounts in a real SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from toegang_app.services import concepten
from toegang_app.services import gebruikers as gs
from tests.ui.hoofdvenster import toon_hoofdvenster, zonder_vraag_sluiten

WW = "lange zin als wachtwoord"
SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))
NAAM = "Wilma Geheim (synthetisch)"
VRAAG = "Mijn buurman bedreigt mij en ik durf niet naar buiten."


@pytest.fixture
def accounts(ctx):
    ctx.user = None
    beheer = gs.maak_gebruiker(ctx, "beheer", "Bea Beheer", "beheerder", wachtwoord=WW)
    ctx.user = gs.huidige_gebruiker(beheer)
    gs.maak_gebruiker(ctx, "mw-hb", "Mila Medewerker", "medewerker", "haaksbergen", wachtwoord=WW)
    gs.maak_gebruiker(ctx, "tl-hb", "Tom Teamleider", "teamleider", "haaksbergen", wachtwoord=WW)
    gs.maak_gebruiker(ctx, "mw-hb2", "Noor Nieuw", "medewerker", "haaksbergen", wachtwoord=WW)
    ctx.user = None
    return ctx


@pytest.fixture
def window(qtbot, accounts):
    ctx = accounts
    ctx.user = gs.aanmelden(ctx, "mw-hb", WW)
    w = toon_hoofdvenster(qtbot, ctx)
    yield w
    zonder_vraag_sluiten(w)


def _menu_item(w, text):
    acts = [a for a in w.file_menu.actions() if a.text().replace("&", "") == text]
    assert len(acts) == 1, [a.text() for a in w.file_menu.actions()]
    return acts[0]


def _dialog(qtbot, w):
    qtbot.waitUntil(lambda: w._aanmeld_dialoog is not None and w._aanmeld_dialoog.isVisible(), timeout=2000)
    return w._aanmeld_dialoog


def _sign_in(qtbot, dlg, naam, ww=WW):
    dlg.gebruikersnaam.clear()
    qtbot.keyClicks(dlg.gebruikersnaam, naam)
    dlg.wachtwoord.clear()
    qtbot.keyClicks(dlg.wachtwoord, ww)
    qtbot.keyClick(dlg.wachtwoord, Qt.Key.Key_Return)


def _open_conversation(qtbot, w):
    s = w.show_screen("gesprekken")
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, NAAM)
    ed.f_vraag.setPlainText(VRAAG)
    assert ed.dirty
    return s, ed


def _visible_text(w) -> str:
    """Every text a person could read on screen now: the window title, every visible widget's text and
    every cell of visible lists and tables, in the main window and any other open window."""
    parts = [w.windowTitle(), w.statusBar().currentMessage()]
    for top in [x for x in QApplication.topLevelWidgets() if x.isVisible()]:
        parts.append(top.windowTitle())
        for wid in [top, *top.findChildren(QWidget)]:
            if not wid.isVisible():
                continue
            if isinstance(wid, (QLabel, QAbstractButton, QLineEdit)):
                parts.append(wid.text())
            elif isinstance(wid, (QPlainTextEdit, QTextEdit)):
                parts.append(wid.toPlainText())
            elif isinstance(wid, QComboBox):
                parts.append(wid.currentText())
            elif isinstance(wid, QAbstractItemView) and wid.model() is not None:
                m = wid.model()
                root = QModelIndex()
                try:
                    cols = m.columnCount(root)
                except TypeError:   # a list model: one column
                    cols = 1
                for r in range(m.rowCount(root)):
                    for c in range(cols):
                        parts.append(str(m.data(m.index(r, c)) or ""))
    return "\n".join(parts)


def test_bestand_menu_has_the_user_actions_with_unique_mnemonics(window):
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    for t in ("Wachtwoord wijzigen…", "Afmelden", "Gebruiker wisselen…", "Vergrendelen"):
        assert t in [x.replace("&", "") for x in texts]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(keys) == len(texts) and len(set(keys)) == len(keys), texts


def test_sign_out_returns_to_sign_in_without_quitting_and_keeps_the_draft(qtbot, window, accounts):
    w, ctx = window, accounts
    s, ed = _open_conversation(qtbot, w)
    _menu_item(w, "Afmelden").trigger()
    assert w.isVisible() and w.vergrendeld == "afgemeld" and ctx.user is None
    assert w.root.currentWidget() is w.dekblad
    assert NAAM not in _visible_text(w) and VRAAG not in _visible_text(w)
    assert not w.screen_keys() and not w._screens     # the screens of the worker are gone
    dlg = _dialog(qtbot, w)
    assert dlg.gebruikersnaam.text() == ""
    # cancelling leaves the cover; Toegang keeps running
    qtbot.mouseClick(dlg.btn_annuleren, Qt.MouseButton.LeftButton)
    assert w.isVisible() and w.root.currentWidget() is w.dekblad
    qtbot.mouseClick(w.dekblad.btn_aanmelden, Qt.MouseButton.LeftButton)
    dlg = _dialog(qtbot, w)
    _sign_in(qtbot, dlg, "mw-hb", "fout wachtwoord 123")
    assert dlg.isVisible() and dlg.melding.isVisible()       # a Dutch message, still on the cover
    assert w.root.currentWidget() is w.dekblad
    _sign_in(qtbot, dlg, "mw-hb")
    assert w.vergrendeld is None and ctx.user.gebruikersnaam == "mw-hb"
    assert w.root.currentWidget() is w.werk
    assert "Aangemeld: Mila Medewerker" in w.statusBar().currentMessage()
    # the unsaved conversation comes back from the worker's draft
    s2 = w.show_screen("gesprekken")
    assert s2 is not s
    qtbot.waitUntil(lambda: s2.pages.currentWidget() is s2.editor, timeout=2000)
    assert s2.editor.f_naam.text() == NAAM and s2.editor.f_vraag.toPlainText() == VRAAG


def test_switch_user_rebuilds_the_screens_for_the_new_role(qtbot, window, accounts):
    w, ctx = window, accounts
    s, ed = _open_conversation(qtbot, w)
    assert "gesprekken" in w.screen_keys()
    _menu_item(w, "Gebruiker wisselen…").trigger()
    assert w.vergrendeld == "wisselen" and w.dekblad.kop.text() == "Volgende medewerker"
    assert NAAM not in _visible_text(w)
    _sign_in(qtbot, _dialog(qtbot, w), "tl-hb")
    assert ctx.user.rol == "teamleider"
    # a team lead sees statistics, not conversations
    assert "gesprekken" not in w.screen_keys() and "statistiek" in w.screen_keys()
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [a.text() for a in w.nav_actions]
    assert NAAM not in _visible_text(w) and VRAAG not in _visible_text(w)
    assert "Aangemeld: Tom Teamleider" in w.statusBar().currentMessage()
    # the previous worker's conversation is their draft, not the team lead's
    assert concepten.open_concepten(ctx) == []
    # a second medewerker at the same PC sees none of it either
    _menu_item(w, "Gebruiker wisselen…").trigger()
    _sign_in(qtbot, _dialog(qtbot, w), "mw-hb2")
    s3 = w.show_screen("gesprekken")
    assert s3.pages.currentWidget() is s3.overzicht
    assert s3.concepten.count() == 0 and NAAM not in _visible_text(w)
    ctx.user = gs.aanmelden(ctx, "mw-hb", WW)
    [c] = concepten.open_concepten(ctx)
    assert c.dossier.inwoner.naam == NAAM and c.dossier.vraag == VRAAG


def test_change_own_password(qtbot, window, accounts):
    w, ctx = window, accounts
    _menu_item(w, "Wachtwoord wijzigen…").trigger()
    dlg = w.wachtwoord_dialoog
    qtbot.waitUntil(dlg.isVisible, timeout=2000)
    qtbot.keyClicks(dlg.huidig, "niet mijn wachtwoord")
    qtbot.keyClicks(dlg.nieuw, "een nieuwe lange zin")
    qtbot.keyClicks(dlg.herhaal, "een nieuwe lange zin")
    qtbot.keyClick(dlg.herhaal, Qt.Key.Key_Return)
    assert dlg.isVisible() and dlg.melding.text() == gs.HUIDIG_WACHTWOORD_FOUT
    assert "klopt niet" in dlg.melding.text()
    assert dlg.huidig.text() == "" and dlg.nieuw.text() == "een nieuwe lange zin"   # the rest is kept
    qtbot.keyClicks(dlg.huidig, WW)
    dlg.nieuw.clear()
    dlg.herhaal.clear()
    qtbot.keyClicks(dlg.nieuw, "kort")
    qtbot.keyClicks(dlg.herhaal, "kort")
    qtbot.keyClick(dlg.herhaal, Qt.Key.Key_Return)
    assert dlg.isVisible() and "te kort" in dlg.melding.text()
    dlg.nieuw.clear()
    qtbot.keyClicks(dlg.nieuw, "een nieuwe lange zin")
    qtbot.keyClicks(dlg.herhaal, "een nieuwe lange zin")
    qtbot.keyClick(dlg.herhaal, Qt.Key.Key_Return)
    assert not dlg.isVisible() and dlg.gelukt
    assert "Uw wachtwoord is gewijzigd" in w.statusBar().currentMessage()
    with pytest.raises(gs.AanmeldFout):
        gs.aanmelden(ctx, "mw-hb", WW)
    assert gs.aanmelden(ctx, "mw-hb", "een nieuwe lange zin").gebruikersnaam == "mw-hb"


def test_idle_lock_fires_shows_nothing_personal_and_keeps_the_draft(qtbot, accounts, monkeypatch):
    ctx = accounts
    monkeypatch.setenv("TOEGANG_VERGRENDEL_MINUTEN", "0.02")   # 1.2 seconds
    ctx.user = gs.aanmelden(ctx, "mw-hb", WW)
    w = toon_hoofdvenster(qtbot, ctx)
    assert w.inactiviteit.timer.interval() == 1200
    s, ed = _open_conversation(qtbot, w)
    # typing keeps it open
    for _ in range(3):
        qtbot.wait(500)
        qtbot.keyClicks(ed.f_vraag, " ")
    assert w.vergrendeld is None
    qtbot.waitUntil(lambda: w.vergrendeld == "inactief", timeout=4000)
    text = _visible_text(w)
    assert NAAM not in text and "Wilma" not in text and "buurman" not in text
    assert "Mila" not in text          # not even who is signed in
    assert w.windowTitle() == "Toegang" and w.dekblad.isVisible() and not w.werk.isVisible()
    # the draft is on disk at once
    [c] = concepten.open_concepten(ctx)
    assert c.dossier.inwoner.naam == NAAM
    # shortcuts do not reach the screens while locked
    qtbot.keyClick(w, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert w.root.currentWidget() is w.dekblad
    dlg = _dialog(qtbot, w)
    assert dlg.gebruikersnaam.text() == "mw-hb"       # the same worker: only the password
    SHOTS.mkdir(parents=True, exist_ok=True)
    w.grab().save(str(SHOTS / "vergrendeld.png"))
    qtbot.keyClicks(dlg.wachtwoord, WW)
    qtbot.keyClick(dlg.wachtwoord, Qt.Key.Key_Return)
    assert w.vergrendeld is None and w.werk.isVisible()
    # everything as it was: the same editor with the unsaved input
    assert w.show_screen("gesprekken") is s and s.editor is ed
    assert ed.f_naam.text() == NAAM and ed.dirty
    ed.dirty = False


def test_idle_lock_setting_from_the_settings_file(accounts, monkeypatch):
    import json

    from toegang_app.config import load_config
    from toegang_app.errors import ConfigError

    cfg = accounts.config
    monkeypatch.delenv("TOEGANG_VERGRENDEL_MINUTEN", raising=False)
    assert cfg.vergrendel_minuten == 10
    cfg.settings_path.write_text(json.dumps({"vergrendel_minuten": 3}), encoding="utf-8")
    assert load_config(cfg.data_dir).vergrendel_minuten == 3
    monkeypatch.setenv("TOEGANG_VERGRENDEL_MINUTEN", "0,5")
    assert load_config(cfg.data_dir).vergrendel_minuten == 0.5
    monkeypatch.setenv("TOEGANG_VERGRENDEL_MINUTEN", "vijf")
    with pytest.raises(ConfigError, match="geen geldig aantal minuten"):
        load_config(cfg.data_dir).vergrendel_minuten
