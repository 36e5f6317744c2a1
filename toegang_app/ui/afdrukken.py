"""Printing the resident's summary on the desk's printer, exactly as its PDF.

Ctrl+P in a conversation asks where the summary goes (:class:`AfdrukKeuze`: "Afdrukken op printer..."
or "Opslaan als PDF..."). For the printer, Qt's print dialog (``QtPrintSupport``) picks the printer and
copies; then a background job makes the same ReportLab PDF as the file route and PDFium (``pypdfium2``;
QtPdf is not part of PySide6-Essentials) rasterizes each page onto the ``QPrinter``. So the paper shows
what the PDF shows, page for page. ``QPainter`` on a ``QPrinter`` may be used outside the GUI thread.

The two dialogs are shown through module functions (:func:`kies_afdrukwijze`, :func:`toon_printdialoog`)
that tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from toegang_app.errors import Afgebroken, UserError

PRINTER, PDF = "printer", "pdf"
MAX_DPI = 300  # enough for 11.5pt type; higher only makes the print job bigger


class AfdrukKeuze(QDialog):
    """Where the summary goes: the desk's printer or a PDF file."""

    def __init__(self, wat: str = "de samenvatting voor de inwoner", parent=None):
        super().__init__(parent)
        self.keuze: str | None = None
        self.setWindowTitle("Afdrukken")
        self.setAccessibleName("Afdrukken")
        lay = QVBoxLayout(self)
        uitleg = QLabel(f"Wat wilt u doen met {wat}?")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        rij = QHBoxLayout()
        self.knop_printer = QPushButton("&Afdrukken op printer…")
        self.knop_printer.setAccessibleName("Afdrukken op printer")
        self.knop_printer.setToolTip("Kies de printer van de balie en het aantal exemplaren")
        self.knop_pdf = QPushButton("Opslaan als &PDF…")
        self.knop_pdf.setAccessibleName("Opslaan als PDF")
        self.knop_pdf.setToolTip("Als PDF-bestand bewaren, bijvoorbeeld om te mailen")
        self.knop_annuleer = QPushButton("Annuleren")
        self.knop_annuleer.setAccessibleName("Annuleren")
        for b in (self.knop_printer, self.knop_pdf, self.knop_annuleer):
            b.setAutoDefault(True)
            rij.addWidget(b)
        lay.addLayout(rij)
        self.knop_printer.setDefault(True)
        self.knop_printer.clicked.connect(lambda: self._kies(PRINTER))
        self.knop_pdf.clicked.connect(lambda: self._kies(PDF))
        self.knop_annuleer.clicked.connect(self.reject)
        self.knop_printer.setFocus()

    def _kies(self, keuze: str) -> None:
        self.keuze = keuze
        self.accept()


def kies_afdrukwijze(parent, wat: str = "de samenvatting voor de inwoner") -> str | None:
    """Ask printer or PDF; ``PRINTER``, ``PDF`` or None (cancelled). Tests replace this function."""
    dlg = AfdrukKeuze(wat, parent)
    return dlg.keuze if dlg.exec() == QDialog.DialogCode.Accepted else None


def er_is_een_printer() -> bool:
    """Whether this PC has a printer installed (Qt asks CUPS on Linux, the spooler on Windows)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def nieuwe_printer():
    """A QPrinter for the desk's default printer, A4 portrait like the PDF."""
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName("Samenvatting voor de inwoner")
    return printer


def toon_printdialoog(printer, parent) -> bool:
    """Qt's print dialog for ``printer`` (printer, copies, pages); True when the worker chose Afdrukken.
    Tests replace this function."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    dlg = QPrintDialog(printer, parent)
    dlg.setWindowTitle("Samenvatting afdrukken")
    dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)  # the PDF route is Opslaan als PDF
    return dlg.exec() == QDialog.DialogCode.Accepted


def druk_pdf_af(pdf: Path, printer, progress: Callable[[int, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> int:
    """Rasterize every page of ``pdf`` onto ``printer`` (a QPrinter), each page scaled to the printable
    area with its proportions kept; returns the number of pages printed. Cancelled between pages: the
    print job is aborted and :class:`Afgebroken` raised."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise UserError("De samenvatting kon niet worden gelezen om af te drukken.") from exc
    try:
        n = len(doc)
        dpi = min(MAX_DPI, printer.resolution() or MAX_DPI)
        printer.setFullPage(True)  # the PDF brings its own margins: draw each page on the whole sheet
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("De printer kan niet worden gebruikt. Kies een andere printer of sla de "
                            "samenvatting op als PDF.")
        try:
            for i in range(n):
                if cancelled is not None and cancelled():
                    printer.abort()
                    raise Afgebroken("Het afdrukken is afgebroken.")
                if progress is not None:
                    progress(10 + int(85 * i / max(n, 1)), f"Pagina {i + 1} van {n} naar de printer sturen...")
                if i:
                    printer.newPage()
                page = doc[i]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB, 3 bytes a pixel
                img = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                             QImage.Format.Format_RGB888).copy()  # owns its pixels once the bitmap is freed
                bitmap.close()
                vel = painter.viewport()
                size = img.size().scaled(vel.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(0, 0, size.width(), size.height()), img)
                page.close()
        finally:
            painter.end()
        return n
    finally:
        doc.close()
