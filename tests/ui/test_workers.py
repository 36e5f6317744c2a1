"""ui.workers.Job: results, Dutch failures, cancel, and the GUI keeps processing events meanwhile."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from toegang_app.errors import UserError
from toegang_app.ui.workers import Job


def test_finished_with_progress(qtbot):
    seen = []

    def work(progress, cancelled):
        for i in range(3):
            progress(i * 50, f"stap {i}")
        return 42

    job = Job(work)
    job.progress.connect(lambda p, t: seen.append((p, t)))
    with qtbot.waitSignal(job.finished, timeout=5000) as sig:
        job.start()
    assert sig.args == [42]
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == [(0, "stap 0"), (50, "stap 1"), (100, "stap 2")]
    assert not job.is_running()


def test_failed_dutch_message(qtbot):
    job = Job(lambda p, c: (_ for _ in ()).throw(UserError("Dat mag niet.")))
    with qtbot.waitSignal(job.failed, timeout=5000) as sig:
        job.start()
    assert sig.args == ["Dat mag niet."]
    job2 = Job(lambda p, c: 1 / 0)
    with qtbot.waitSignal(job2.failed, timeout=5000) as sig:
        job2.start()
    assert "onverwacht" in sig.args[0]


def test_cancel_while_gui_stays_responsive(qtbot):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)

    def work(progress, cancelled):
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if cancelled():
                return "gestopt"
            time.sleep(0.005)
        return "klaar"

    job = Job(work)
    finished = []
    job.finished.connect(finished.append)
    job.start()
    qtbot.wait(300)  # the event loop runs while the job works
    assert job.is_running()
    assert len(ticks) >= 5
    with qtbot.waitSignal(job.cancelled, timeout=3000):
        job.cancel()
    assert finished == []
    assert not job.is_running()
    timer.stop()
