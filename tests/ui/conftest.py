"""UI test guard: a modal message box that a test did not expect must never hang the (headless) run.

Unexpected QMessageBox.exec calls answer 'cancel' (nothing chosen) and are recorded; tests that expect a
question replace QMessageBox.exec / .question themselves. This also covers pytest-qt closing windows
after a test, when a screen with unsaved input asks whether to save."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(scope="session", autouse=True)
def _qt_in_dutch(qapp):
    """The test QApplication speaks Dutch the way the app does (the same function as toegang_app.app)."""
    from toegang_app.ui.vertaling import installeer_qt_vertalingen

    from toegang_app.ui.toetsen import installeer_toetsenbord

    assert installeer_qt_vertalingen(qapp), "Qt's Dutch translations were not found"
    installeer_toetsenbord(qapp)  # as toegang_app.app does: Ctrl+Enter confirms a dialog
    return qapp


@pytest.fixture(autouse=True)
def _no_hanging_message_boxes(monkeypatch):
    asked: list[str] = []

    def refuse(box):
        asked.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    return asked


@pytest.fixture
def window(qtbot, ctx):
    """The main window of a medewerker of Haaksbergen, shown and active (a test module may define its own)."""
    from tests.factories import MEDEWERKER
    from tests.ui.hoofdvenster import toon_hoofdvenster, zonder_vraag_sluiten

    ctx.user = MEDEWERKER
    w = toon_hoofdvenster(qtbot, ctx)
    yield w
    zonder_vraag_sluiten(w)
