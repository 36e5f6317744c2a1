"""Overdragen aan de andere balie from the conversation editor (issue 19, item 4), driven like a worker: the
gemeente changed in the form is refused on Ctrl+S with a pointer to Overdragen; Ctrl+Shift+O asks where
to and why, proposes the gemeente typed in, hands over, and the editor closes because this desk no
longer sees the resident."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.factories import MEDEWERKER, MEDEWERKER_TW
from toegang_app.services import gesprekken as svc
from toegang_app.storage.models import Inwoner

SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))


def _opgeslagen(ctx) -> svc.GesprekDossier:
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern = "Olga Overdracht (synthetisch)", "Buurse"
    d.inwoner.geboortedatum = date(1950, 3, 4)
    return svc.bewaar_gesprek(ctx, d)


def test_worker_hands_the_resident_over_by_keyboard(qtbot, window, ctx, monkeypatch, _no_hanging_message_boxes):
    stored = _opgeslagen(ctx)
    s = window.show_screen("gesprekken")
    assert s.open_gesprek(stored.gesprek_id)
    ed = s.editor
    ed.f_gemeente.setCurrentIndex(ed.f_gemeente.findData("twenterand"))
    ed.f_kern.setCurrentIndex(ed.f_kern.findData("Vroomshoop"))
    assert ed.dirty
    with qtbot.waitActive(window):   # Ctrl+S is a shortcut of the active window
        window.activateWindow()
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Overdragen" in ed.melding.text(), timeout=3000)   # refused, with the way out
    with ctx.sessions() as ses:
        assert ses.get(Inwoner, stored.inwoner_id).gemeente == "haaksbergen"

    from toegang_app.ui import overdracht_dialoog

    seen = {}

    def worker(dlg):
        dlg.show()
        seen["voorstel"] = (dlg.naar.currentData(), dlg.kern.currentData())
        SHOTS.mkdir(parents=True, exist_ok=True)
        dlg.grab().save(str(SHOTS / "overdracht-dialoog.png"))
        qtbot.keyClick(dlg.btn_ok, Qt.Key.Key_Space)        # no reason yet: refused in the dialog
        seen["zonder_reden"] = dlg.melding.text()
        dlg.reden.setFocus()
        qtbot.keyClick(dlg.reden, Qt.Key.Key_Down)          # first reason: verhuisd
        qtbot.keyClicks(dlg.toelichting, "per 1 december")
        qtbot.keyClick(dlg.btn_ok, Qt.Key.Key_Space)
        return dlg.result()

    monkeypatch.setattr(overdracht_dialoog.OverdrachtDialoog, "exec", worker)
    qtbot.keyClick(ed, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen["voorstel"] == ("twenterand", "Vroomshoop")
    assert "reden" in seen["zonder_reden"]
    assert any("overgedragen aan de balie Twenterand" in t for t in _no_hanging_message_boxes)
    assert s.pages.currentWidget() is s.overzicht        # the editor closed
    with ctx.sessions() as ses:
        i = ses.get(Inwoner, stored.inwoner_id)
        assert (i.gemeente, i.kern) == ("twenterand", "Vroomshoop")
    assert svc.zoek_inwoners(ctx, "Olga") == []
    ctx.user = MEDEWERKER_TW
    assert [r.naam for r in svc.zoek_inwoners(ctx, "Olga")] == ["Olga Overdracht (synthetisch)"]


def test_cancelled_handover_changes_nothing(qtbot, window, ctx, monkeypatch):
    stored = _opgeslagen(ctx)
    s = window.show_screen("gesprekken")
    assert s.open_gesprek(stored.gesprek_id)
    from toegang_app.ui import overdracht_dialoog

    monkeypatch.setattr(overdracht_dialoog.OverdrachtDialoog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    assert not s.editor.overdragen()
    assert s.pages.currentWidget() is s.editor
    with ctx.sessions() as ses:
        assert ses.get(Inwoner, stored.inwoner_id).gemeente == "haaksbergen"
