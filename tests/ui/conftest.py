"""UI test guard: a modal message box that a test did not expect must never hang the (headless) run.

Unexpected QMessageBox.exec calls answer 'cancel' (nothing chosen) and are recorded; tests that expect a
question replace QMessageBox.exec / .question themselves. This also covers pytest-qt closing windows
after a test, when a screen with unsaved input asks whether to save."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def _no_hanging_message_boxes(monkeypatch):
    asked: list[str] = []

    def refuse(box):
        asked.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    return asked
