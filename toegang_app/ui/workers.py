"""Long work off the GUI thread: a small, generic ``Job``.

Usage::

    def work(progress, cancelled):
        for i in range(10):
            if cancelled():
                raise Afgebroken()           # or just return early
            progress(i * 10, "Bezig met stap ...")
            ...
        return result

    job = Job(work)
    job.progress.connect(lambda pct, text: ...)   # (int 0-100, Dutch text)
    job.finished.connect(lambda result: ...)       # the function's return value
    job.failed.connect(lambda message: ...)        # a Dutch message for the user
    job.cancelled.connect(lambda: ...)             # after cancel(), when the work has stopped
    job.start()
    ...
    job.cancel()                                   # asks the work to stop (cooperative)

The function runs in a ``QThread``; every signal is delivered in the thread that owns the Job (the
GUI thread), so slots may touch widgets. Exactly one of ``finished``, ``failed`` or ``cancelled`` is
emitted, then ``done``. A :class:`~toegang_app.errors.UserError` becomes its Dutch message; any other
exception is logged with its traceback and reported with a general Dutch message. The function must
not touch widgets; it gets its own database connections (SQLAlchemy engines are thread-safe, sessions
are not: create a session inside the function).

Keep a reference to the Job while it runs (e.g. ``self._job = job``); ``wait()`` blocks until the
thread has ended (tests, closing a window).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal

from toegang_app.errors import UserError

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, str], None]
CancelledFn = Callable[[], bool]


class _Thread(QThread):
    def __init__(self, job: "Job"):
        super().__init__()
        self._job = job

    def run(self) -> None:  # runs in the worker thread
        self._job._run()


class Job(QObject):
    """Runs ``fn(progress, cancelled)`` in a background thread and reports back through signals."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    # internal, queued from the worker thread to this object's thread
    _sig_result = Signal(str, object)

    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._thread: _Thread | None = None
        self._running = False
        self.result: Any = None        # after ``finished``: the function's return value
        self.message: str | None = None  # after ``failed``: the Dutch message
        self.outcome: str | None = None  # "finished" | "failed" | "cancelled" once done
        self._sig_result.connect(self._deliver)

    # -- API --------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._running:
            raise RuntimeError("Job is already running")
        self._cancel.clear()
        self._running = True
        self._thread = _Thread(self)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop; ``cancelled`` follows when it has."""
        self._cancel.set()

    def is_running(self) -> bool:
        return self._running

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms) if self._thread is not None else True

    # -- worker side ------------------------------------------------------------------------------------
    def _run(self) -> None:
        def report(pct: int, text: str = "") -> None:
            self.progress.emit(int(max(0, min(100, pct))), str(text))

        try:
            result = self._fn(report, self._cancel.is_set)
        except UserError as exc:
            if self._cancel.is_set():
                self._sig_result.emit("cancelled", None)
            else:
                self._sig_result.emit("failed", exc.message)
            return
        except Exception:  # noqa: BLE001 - reported, never raised into Qt
            if self._cancel.is_set():
                self._sig_result.emit("cancelled", None)
                return
            log.exception("Background job failed")
            self._sig_result.emit("failed", "Er ging onverwacht iets mis. Details staan in het logbestand.")
            return
        if self._cancel.is_set():
            self._sig_result.emit("cancelled", None)
        else:
            self._sig_result.emit("finished", result)

    # -- GUI side ---------------------------------------------------------------------------------------
    def _deliver(self, kind: str, payload: object) -> None:
        self._running = False
        if self._thread is not None:
            self._thread.wait()
        self.outcome = kind
        if kind == "finished":
            self.result = payload
        elif kind == "failed":
            self.message = str(payload)
        if kind == "finished":
            self.finished.emit(payload)
        elif kind == "failed":
            self.failed.emit(str(payload))
        else:
            self.cancelled.emit()
        self.done.emit()
