"""Sees a kaart edit made on another workstation (a shared PostgreSQL database): when the app comes to
the foreground and every half minute it reads the kaart's change marker off the GUI thread; when it
moved, ``services.kaart`` drops its cache and :attr:`KaartVolger.gewijzigd` is emitted so what is on
screen can be read again."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from toegang_app.ui.workers import Job

log = logging.getLogger(__name__)


def _kaart_service():
    """``services.kaart``, imported by the first check, in its background thread: the watcher starts when
    the start screen is filled, and the kaart's service imports the ORM and the models (issue 26)."""
    from toegang_app.services import kaart

    return kaart


class KaartVolger(QObject):
    INTERVAL_MS = 30_000

    gewijzigd = Signal()

    def __init__(self, ctx, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._job: Job | None = None
        self._fout_gemeld = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._state_changed)
        self.check()  # the marker the window starts from

    def _state_changed(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> None:
        """Read the change marker in the background (never blocks typing on a slow network)."""
        if self.ctx is None or (self._job is not None and self._job.is_running()):
            return
        ctx = self.ctx
        job = Job(lambda _progress, _cancelled: _kaart_service().change_marker(ctx), self)
        job.finished.connect(self._marker)
        job.failed.connect(self._mislukt)
        self._job = job
        job.start()

    def _marker(self, marker) -> None:
        self._fout_gemeld = False
        if _kaart_service().reload_if_changed(self.ctx, marker):
            log.info("The desk's kaart changed elsewhere; cache dropped")
            self.gewijzigd.emit()

    def _mislukt(self, message: str) -> None:
        if not self._fout_gemeld:  # the database is away: the screens say so when used; log once
            log.warning("Kaart change check failed: %s", message)
            self._fout_gemeld = True

    def stop(self) -> None:
        """Stop checking and wait for a check in progress (closing the window)."""
        self.timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            try:
                app.applicationStateChanged.disconnect(self._state_changed)
            except (RuntimeError, TypeError):
                pass
        if self._job is not None:
            self._job.wait()
