"""The progress row of a background job: what is happening, a bar and "Annuleren".

A screen puts one :class:`VoortgangRij` in its layout and hands each :class:`~toegang_app.ui.workers.Job`
to :meth:`VoortgangRij.volg`: the row appears with the Dutch text, follows the job's progress, and
hides when the job is done. It is not modal, so the worker goes on typing while a PDF is made or a
list is computed; Annuleren (or Escape while the row has the focus) asks the job to stop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from toegang_app.ui.workers import Job


class VoortgangRij(QWidget):
    def __init__(self, naam: str = "Voortgang", parent=None):
        super().__init__(parent)
        self.job: Job | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        self.tekst = QLabel("")
        self.tekst.setAccessibleName(f"{naam}: wat er gebeurt")
        self.balk = QProgressBar()
        self.balk.setRange(0, 100)
        self.balk.setAccessibleName(naam)
        self.balk.setMaximumWidth(260)
        self.knop_annuleer = QPushButton("Annuleren")
        self.knop_annuleer.setAccessibleName(f"{naam} annuleren")
        self.knop_annuleer.setToolTip("Stoppen; er wordt dan niets opgeslagen")
        self.knop_annuleer.clicked.connect(self.annuleer)
        lay.addWidget(self.tekst, 1)
        lay.addWidget(self.balk)
        lay.addWidget(self.knop_annuleer)
        self.setVisible(False)

    def bezig(self) -> bool:
        return self.job is not None and self.job.is_running()

    def volg(self, job: Job, tekst: str) -> None:
        """Show the row for ``job`` (before ``job.start()``), starting with ``tekst``."""
        self.job = job
        self.tekst.setText(tekst)
        self.balk.setValue(0)
        self.knop_annuleer.setEnabled(True)
        self.knop_annuleer.setText("Annuleren")
        job.progress.connect(self._voortgang)
        job.done.connect(self._klaar)
        self.setVisible(True)

    def annuleer(self) -> None:
        if self.bezig():
            self.job.cancel()
            self.knop_annuleer.setEnabled(False)
            self.tekst.setText("Bezig met stoppen...")

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self.bezig():
            self.annuleer()
            return
        super().keyPressEvent(event)

    def _voortgang(self, pct: int, tekst: str) -> None:
        self.balk.setValue(pct)
        if tekst and self.knop_annuleer.isEnabled():
            self.tekst.setText(tekst)

    def _klaar(self) -> None:
        self.setVisible(False)
