"""The history of a resident's spinnenwebs: one small web per conversation, oldest left, each with its
date; from the second one on, the previous web is drawn as a dashed outline and the change is in words
under each dimension (so it reads without colour)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from toegang_app.domain import nl
from toegang_app.ui.widgets.spinnenweb import SpinnenwebWidget


class WebGeschiedenis(QScrollArea):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Spinnenwebben van eerdere gesprekken, oudste links")
        self.setFixedHeight(262)
        self._inhoud = QWidget()
        self._rij = QHBoxLayout(self._inhoud)
        self._rij.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self._inhoud)
        self.webs: list[SpinnenwebWidget] = []

    def toon(self, momenten) -> None:
        """``momenten``: services.vervolg.WebMoment, oldest first."""
        while self._rij.count():
            item = self._rij.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.webs = []
        vorige = None
        for m in momenten:
            kolom = QWidget()
            kl = QVBoxLayout(kolom)
            kl.setContentsMargins(0, 0, 0, 0)
            kop = QLabel(f"Gesprek van {nl.datum(m.datum)}")
            kop.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            kop.setStyleSheet("font-weight: 600;")
            kl.addWidget(kop)
            web = SpinnenwebWidget()
            web.setFixedSize(340, 236)
            web.set_data(m.scores, m.bespreken)
            if vorige is not None:
                web.set_vorige(vorige.scores, nl.datum(vorige.datum))
            web.setAccessibleName(f"Spinnenweb van {nl.datum(m.datum)}")
            kl.addWidget(web)
            self._rij.addWidget(kolom)
            self.webs.append(web)
            vorige = m
        self._rij.addStretch(1)
        if momenten:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum())
