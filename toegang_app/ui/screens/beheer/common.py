"""What the Beheer tabs and dialogs share: tables, the message line under a tab or in a dialog, the
question before an action that cannot be undone, and :class:`Dialoog`, the frame of every beheer
dialog (labelled fields, a message line, Opslaan/Annuleren; errors stay in the dialog, input is kept)."""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError

log = logging.getLogger(__name__)

ONVERWACHT = "Er ging onverwacht iets mis; er is niets gewijzigd. De details staan in het logbestand."
ROOD = QColor("#8a1c1c")
T = TypeVar("T")


def bevestig(parent, titel: str, tekst: str, ja: str) -> bool:
    """Ask before an action that cannot be undone. ``ja`` is the text of the confirming button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(titel)
    box.setText(tekst)
    ok = box.addButton(ja, QMessageBox.ButtonRole.AcceptRole)
    nee = box.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(nee)
    box.exec()
    return box.clickedButton() is ok


def tabel(kolommen: list[str], naam: str, *, meer: bool = False) -> QTableWidget:
    t = QTableWidget(0, len(kolommen))
    t.setHorizontalHeaderLabels(kolommen)
    t.setAccessibleName(naam)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if meer
                       else QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def cel(text, data=None, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def melding() -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setAccessibleName("Melding")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.hide()
    return lab


def toon(lab: QLabel, text: str, fout: bool = False) -> None:
    lab.setProperty("rol", "waarschuwing" if fout else "uitleg")
    lab.style().unpolish(lab)
    lab.style().polish(lab)
    lab.setText(text)
    lab.show()


def knop(text: str, naam: str) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(naam)
    return b


def probeer(lab: QLabel, actie: Callable[[], T], wat: str) -> tuple[bool, T | None]:
    """Run a service call for a tab: a Dutch refusal is shown in ``lab``; anything else is logged
    (``wat`` says what failed, in English) and shown as ONVERWACHT. Returns (gelukt, result)."""
    try:
        return True, actie()
    except (InvalidInput, UserError) as exc:
        toon(lab, exc.message, fout=True)
    except Exception:  # noqa: BLE001 - never a traceback to the beheerder
        log.exception("%s failed", wat)
        toon(lab, ONVERWACHT, fout=True)
    return False, None


class Dialoog(QDialog):
    """The frame of a beheer dialog. A subclass adds its widgets (``veld``/``regel`` put a labelled field
    in ``form``; ``lay`` is the column), calls :meth:`knoppen` last and implements ``opslaan``."""

    past_aan = True  # grow to fit a message (a dialog with a list keeps the size the user gave it)

    def __init__(self, ctx, titel: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(titel)
        self.setAccessibleName(titel)
        self.lay = QVBoxLayout(self)
        self.form = QFormLayout()
        self.melding = melding()

    def tekst(self, text: str, *, uitleg: bool = False) -> QLabel:
        """A wrapped paragraph in the column (``uitleg``: the quieter explanation style)."""
        lab = QLabel(text)
        lab.setWordWrap(True)
        if uitleg:
            lab.setProperty("rol", "uitleg")
        self.lay.addWidget(lab)
        return lab

    def regel(self, label: str, widget: QWidget) -> QWidget:
        """``widget`` in the form with ``label`` (its &-key moves the focus there)."""
        lab = QLabel(label)
        lab.setBuddy(widget)
        self.form.addRow(lab, widget)
        return widget

    def veld(self, label: str, naam: str, value: str = "", *, wachtwoord: bool = False) -> QLineEdit:
        w = QLineEdit(value or "")
        w.setAccessibleName(naam)
        if wachtwoord:
            w.setEchoMode(QLineEdit.EchoMode.Password)
        return self.regel(label, w)

    def knoppen(self, ok: str = "&Opslaan", *, standaard: bool = True) -> None:
        """The message line and the buttons, at the bottom; OK runs ``opslaan``."""
        self.lay.addWidget(self.melding)
        box = QDialogButtonBox()
        self.btn_ok = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_ok.setDefault(standaard)
        box.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.opslaan)
        box.rejected.connect(self.reject)
        self.lay.addWidget(box)

    def fout(self, text: str, veld: QWidget | None = None) -> None:
        """Show a problem in the dialog (which stays open, input kept) and put the cursor on ``veld``."""
        toon(self.melding, text, fout=True)
        if self.past_aan:
            self.adjustSize()
        if veld is not None:
            veld.setFocus()

    def probeer(self, actie: Callable[[], T], wat: str, velden: dict[str, QWidget] | None = None,
                ) -> tuple[bool, T | None]:
        """Run the service call behind Opslaan: InvalidInput focuses the field it names (``velden``:
        field name -> widget), a UserError is shown, anything else is logged and shown as ONVERWACHT."""
        try:
            return True, actie()
        except InvalidInput as exc:
            self.fout(exc.message, (velden or {}).get(exc.field))
        except UserError as exc:
            self.fout(exc.message)
        except Exception:  # noqa: BLE001 - never a traceback to the beheerder
            log.exception("%s failed", wat)
            self.fout(ONVERWACHT)
        return False, None

    def opslaan(self) -> None:  # pragma: no cover - every dialog implements it
        raise NotImplementedError
