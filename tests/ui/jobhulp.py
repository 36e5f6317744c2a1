"""Waiting for a background Job (ui.workers) in a UI test: the event loop runs meanwhile."""


def klaar(qtbot, job, timeout: int = 30000):
    """Wait until ``job`` is done; its result (finished), else None (failed or cancelled)."""
    assert job is not None, "no job was started"
    if job.outcome is None:
        with qtbot.waitSignal(job.done, timeout=timeout):
            pass
    return job.result if job.outcome == "finished" else None
