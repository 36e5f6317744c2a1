"""The main window as a worker sees it in a UI test: shown, active, at the counter's 1366x768."""

from __future__ import annotations

from toegang_app.ui.main_window import MainWindow


def toon_hoofdvenster(qtbot, ctx, size=(1366, 768)) -> MainWindow:
    """The main window for ``ctx.user``, shown and active (keyboard shortcuts need an active window)."""
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(*size)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def zonder_vraag_sluiten(w: MainWindow) -> None:
    """The test is over: closing the window must not wait for a 'save?' question."""
    s = w._screens.get("gesprekken")
    if s is not None and getattr(s, "_editor", None) is not None:
        s.editor.dirty = False


def start_in_dit_proces() -> int:
    """``toegang_app.app.main([])`` inside the test process (on the tests' own QApplication), as a fresh
    process would see it:

    - the garbage of earlier tests is collected first: ``main`` sets every object it finds aside for good
      (``gc.freeze``, right for the one start of a real process), and earlier tests' parentless dialogs
      kept that way were repolished by the next start's stylesheet and crashed the worker;
    - afterwards the objects are handed back to the collector (``gc.unfreeze``) and one turn of an event loop
      handles what the start left queued; without that turn a later test's first event loop could end at
      once and its timers never fire (seen when test_start and the suggestions panel's tests shared a
      pytest worker)."""
    import gc

    from PySide6.QtCore import QEventLoop, QTimer

    from toegang_app import app

    gc.collect()
    try:
        code = app.main([])
    finally:
        gc.unfreeze()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    return code
