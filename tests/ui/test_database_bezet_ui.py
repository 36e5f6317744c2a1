"""The database held by another workstation while a worker saves (issue 26, "nothing lost under load"):
on SQLite another program keeps the write lock through every retry. The worker sees the Dutch message in
the editor, never 'database is locked'; what they typed stays on screen and in the draft; once the lock is
gone the same Ctrl+S stores it, in the same window, without a restart."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from toegang_app.services import concepten
from toegang_app.services import gesprekken as svc
from toegang_app.storage import engine as eng


def test_a_save_while_another_program_holds_the_lock_keeps_the_input_and_says_so(qtbot, window, ctx, monkeypatch):
    monkeypatch.setattr(eng, "BUSY_TIMEOUT_MS", 50)      # the retries as in the app, only shorter
    monkeypatch.setattr(eng, "LOCK_BACKOFF", (0.01, 0.02))
    ctx.engine.dispose()   # connections made from here on wait 50 ms per attempt
    s = window.show_screen("gesprekken")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Bea Bezet (synthetisch)")
    qtbot.keyClick(ed.f_naam, Qt.Key.Key_Tab)
    qtbot.keyClicks(ed.f_geboorte, "03-02-1961")
    ed.f_kern.setCurrentIndex(ed.f_kern.findData("Buurse"))
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    ed.f_vraag.setFocus()
    qtbot.keyClicks(ed.f_vraag, "De huur is te hoog geworden.")
    blocker = sqlite3.connect(str(ctx.config.default_database_path), isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")   # another program holds the write lock and does not let go
        qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert ed.melding.isVisible()
        assert ed.melding.text() == eng.BUSY_MESSAGE
        assert "locked" not in ed.melding.text().lower()
        assert ed.dirty and ed.gesprek_id is None
        assert ed.f_naam.text() == "Bea Bezet (synthetisch)"
        assert ed.f_vraag.toPlainText() == "De huur is te hoog geworden."
        qtbot.waitUntil(lambda: [(c.dossier.inwoner.naam, c.dossier.vraag) for c in concepten.open_concepten(ctx)]
                        == [("Bea Bezet (synthetisch)", "De huur is te hoog geworden.")], timeout=3000)
        assert svc.zoek_inwoners(ctx, "bea bezet") == []   # nothing half-stored
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not ed.dirty and ed.gesprek_id is not None
    stored = svc.laad_gesprek(ctx, ed.gesprek_id)
    assert stored.inwoner.naam == "Bea Bezet (synthetisch)" and stored.vraag == "De huur is te hoog geworden."
    assert concepten.open_concepten(ctx) == []
