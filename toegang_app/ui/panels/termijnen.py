"""Legal terms of the conversation, live as the worker types, with the article they come from.
Overdue terms stand out in red and in words (never colour alone)."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from toegang_app.domain import termijnen as dom
from toegang_app.services import termijnen as tsvc


class TermijnenPanel(QWidget):
    def __init__(self, ctx, editor=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.editor = editor
        self._gesprek_id: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.uitleg = QLabel("Wettelijke termijnen van dit gesprek, berekend vanaf de melding en de aanvraag, "
                             "in werkdagen waar de wet dat zegt (zonder feestdagen).")
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        lay.addWidget(self.uitleg)
        self.lijst = QTreeWidget()
        self.lijst.setAccessibleName("Wettelijke termijnen")
        self.lijst.setHeaderLabels(["Stap en artikel", "Uiterlijk", "Stand"])
        self.lijst.setRootIsDecorated(False)
        self.lijst.setColumnWidth(0, 210)
        self.lijst.setColumnWidth(1, 85)
        lay.addWidget(self.lijst, 1)
        self.leeg = QLabel()
        self.leeg.setWordWrap(True)
        lay.addWidget(self.leeg)

    def set_dossier(self, dossier) -> None:
        self._gesprek_id = getattr(dossier, "gesprek_id", None)
        if dossier is not None:
            self.uitvraag_changed(dossier.to_uitvraag())

    def verwijzingen_gewijzigd(self) -> None:
        if self.editor is not None and self.editor.dossier is not None:
            self.set_dossier(self.editor.dossier)

    def uitvraag_changed(self, u) -> None:
        geb = getattr(getattr(getattr(self.editor, "dossier", None), "inwoner", None), "geboortedatum", None)
        try:
            terms = tsvc.bereken(self.ctx, u, date.today(), geb, gesprek_id=self._gesprek_id)
        except Exception as exc:  # noqa: BLE001 - a broken termijnen.yaml: say so, keep the conversation going
            self.lijst.clear()
            self.leeg.setText(f"De termijnen kunnen niet worden berekend: {getattr(exc, 'message', exc)}")
            return
        self.lijst.clear()
        bold = QFont()
        bold.setBold(True)
        for t in terms:
            stand = t.status if t.soort == "uiterlijk" else "vanaf deze datum"
            if t.status == dom.VERLOPEN:
                stand = "VERLOPEN"
            # two lines per term: the step in full (spanning the width), then article, deadline and state
            kop = QTreeWidgetItem([f"{t.wet}: {t.stap}"])
            kop.setToolTip(0, f"{t.grondslag}. {t.uitleg}".strip())
            kop.setFont(0, bold)
            regel = QTreeWidgetItem([t.grondslag, t.uiterlijk.strftime("%d-%m-%Y"), stand])
            regel.setToolTip(2, f"gerekend vanaf {t.startdatum:%d-%m-%Y}; {t.grondslag}")
            regel.setForeground(0, QBrush(QColor("#5f6b76")))
            if t.status == dom.VERLOPEN:
                kop.setForeground(0, QBrush(QColor("#a11")))
                for c in (1, 2):
                    regel.setForeground(c, QBrush(QColor("#a11")))
                    regel.setFont(c, bold)
            elif t.status == dom.BIJNA_VERLOPEN:
                regel.setFont(2, bold)
            self.lijst.addTopLevelItem(kop)
            kop.setFirstColumnSpanned(True)
            self.lijst.addTopLevelItem(regel)
        self.leeg.setText("" if terms else "Nog geen wettelijke termijnen: vul de aanmelding en de leefgebieden in.")
