"""Issue 26 "Off the GUI thread" and issue 25 "Printing": the summary PDF, the file copy, exchange export
and import, the statistics exports, the retention list and printing run as background jobs. Each test
holds the job's work at a gate (a threading.Event), types into the window while it waits, and checks the
typed text arrived while the job still ran; then releases it and checks the file or result. Cancel leaves
no file (not even a temporary one)."""

from __future__ import annotations

import json
import os
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.factories import MEDEWERKER, maak_gesprek, open_nieuw_gesprek
from tests.ui.jobhulp import klaar

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Poort:
    """Holds a function until ``los()``: ``binnen`` is set once the background thread waits at it."""

    def __init__(self):
        self.binnen = threading.Event()
        self._los = threading.Event()
        self.threads: list[str] = []

    def om(self, fn):
        def langzaam(*a, **k):
            self.threads.append(threading.current_thread().name)
            self.binnen.set()
            assert self._los.wait(20), "the test never released the job"
            return fn(*a, **k)
        return langzaam

    def los(self):
        self._los.set()


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.fixture
def uit(tmp_path):
    """An empty folder for the files the user saves (tmp_path also holds the data folder)."""
    d = tmp_path / "uit"
    d.mkdir()
    return d


@pytest.fixture
def ed(qtbot, ctx):
    ctx.user = MEDEWERKER
    e = open_nieuw_gesprek(qtbot, ctx)
    qtbot.keyClicks(e.f_naam, "Sanne Stapel (synthetisch)")
    e.f_afspraken.setPlainText("Wij bellen u volgende week over de hulp bij het huishouden.")
    e.f_dim["zingeving"][0].setValue(8)
    assert e.opslaan()
    yield e
    if e._job is not None:
        e._job.wait()


def _typ_terwijl_het_loopt(qtbot, ed, poort, job, tekst=" Jr."):
    """The job waits at the gate; the worker types into the name field and sees the text at once."""
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    assert job.is_running() and ed.voortgang.isVisible() and ed.voortgang.knop_annuleer.isEnabled()
    voor = ed.f_naam.text()
    qtbot.keyClicks(ed.f_naam, tekst)
    assert ed.f_naam.text() == voor + tekst
    assert job.is_running()  # the text arrived while the work still ran
    assert poort.threads and poort.threads[0] != threading.main_thread().name


@pytest.mark.parametrize("dossier,rapport_fn,kop", [(False, "maak_handout", "Samenvatting voor de inwoner"),
                                                   (True, "maak_dossier", "vertrouwelijk")])
def test_pdf_is_made_while_the_worker_types(qtbot, ed, uit, monkeypatch, dossier, rapport_fn, kop):
    from toegang_app.reports import handout as rep

    poort = Poort()
    monkeypatch.setattr(rep, rapport_fn, poort.om(getattr(rep, rapport_fn)))
    out = uit / "uit.pdf"
    job = ed.maak_pdf(dossier=dossier, path=str(out))
    _typ_terwijl_het_loopt(qtbot, ed, poort, job)
    assert not out.exists()
    poort.los()
    assert klaar(qtbot, job) == out
    text = _pdf_text(out)
    assert kop in text and "Sanne Stapel" in text
    assert not ed.voortgang.isVisible() and str(out) in ed.melding.text()
    assert sorted(p.name for p in uit.iterdir()) == ["uit.pdf"]  # no temporary file left


def test_cancelled_pdf_leaves_no_file_and_keeps_an_existing_one(qtbot, ed, uit, monkeypatch):
    from toegang_app.reports import handout as rep

    poort = Poort()
    monkeypatch.setattr(rep, "maak_handout", poort.om(rep.maak_handout))
    out = uit / "samenvatting.pdf"
    out.write_bytes(b"de vorige versie")
    job = ed.maak_pdf(dossier=False, path=str(out))
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    _shot(qtbot, ed.window(), "26-voortgang-samenvatting.png")
    qtbot.mouseClick(ed.voortgang.knop_annuleer, Qt.MouseButton.LeftButton)
    assert ed.voortgang.tekst.text() == "Bezig met stoppen..."
    poort.los()
    assert klaar(qtbot, job) is None and job.outcome == "cancelled"
    assert "afgebroken" in ed.melding.text() and "geen bestand" in ed.melding.text()
    assert out.read_bytes() == b"de vorige versie"  # the file that was there is untouched
    assert sorted(p.name for p in uit.iterdir()) == ["samenvatting.pdf"]


def test_pdf_error_reaches_the_worker_in_dutch(qtbot, ed, uit):
    (uit / "bezet").write_text("een bestand, geen map")
    job = ed.maak_pdf(path=str(uit / "bezet" / "s.pdf"))
    assert klaar(qtbot, job) is None and job.outcome == "failed"
    assert ed.melding.text().startswith("De PDF kon niet worden geschreven naar") and "Traceback" not in ed.melding.text()


def test_export_runs_in_the_background_and_cancel_writes_nothing(qtbot, ed, uit, monkeypatch):
    from toegang_app.services import gesprekken

    poort = Poort()
    monkeypatch.setattr(gesprekken, "exporteer_uitvraag", poort.om(gesprekken.exporteer_uitvraag))
    out = uit / "g.json"
    job = ed.exporteer(str(out))
    _typ_terwijl_het_loopt(qtbot, ed, poort, job)
    poort.los()
    assert klaar(qtbot, job) == out
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["dimensies"]["zingeving"] == {"score": 8} and "Sanne" not in out.read_text(encoding="utf-8")
    assert "Geëxporteerd naar" in ed.melding.text()
    # cancelled: no file
    poort = Poort()
    monkeypatch.setattr(gesprekken, "exporteer_uitvraag", poort.om(gesprekken.exporteer_uitvraag))
    tweede = uit / "tweede.json"
    job = ed.exporteer(str(tweede))
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    ed.voortgang.knop_annuleer.setFocus()
    qtbot.keyClick(ed.voortgang.knop_annuleer, Qt.Key.Key_Space)
    poort.los()
    klaar(qtbot, job)
    assert job.outcome == "cancelled" and not tweede.exists()
    assert sorted(p.name for p in uit.iterdir()) == ["g.json"]
    assert "Het exporteren is afgebroken" in ed.melding.text()


def test_import_reads_in_the_background_then_fills_the_form(qtbot, ed, uit, monkeypatch):
    from toegang_app.ui import gesprek_editor

    bestand = uit / "g.json"
    assert klaar(qtbot, ed.exporteer(str(bestand))) == bestand
    doc = json.loads(bestand.read_text(encoding="utf-8"))
    doc["dimensies"]["zingeving"] = {"score": 3}
    bestand.write_text(json.dumps(doc), encoding="utf-8")
    poort = Poort()
    monkeypatch.setattr(gesprek_editor, "load_uitvraag_file", poort.om(gesprek_editor.load_uitvraag_file))
    job = ed.importeer(str(bestand))
    _typ_terwijl_het_loopt(qtbot, ed, poort, job)
    assert ed.f_dim["zingeving"][0].value() != 3
    poort.los()
    assert klaar(qtbot, job) is not None
    assert ed.f_dim["zingeving"][0].value() == 3 and ed.dirty
    assert ed.f_naam.text() == "Sanne Stapel (synthetisch) Jr."  # what was typed meanwhile is kept
    assert "staan nu in het gesprek" in ed.melding.text()
    # a broken file: a Dutch message naming the field, nothing changed
    bestand.write_text(json.dumps({"gemeente": "haaksbergen", "signalen": [{"leefgebied": "wonen", "ernst": 7}]}))
    job = ed.importeer(str(bestand))
    poort.los()
    assert klaar(qtbot, job) is None
    assert "signalen[0].ernst" in ed.melding.text() and "Er is niets veranderd" in ed.melding.text()
    assert ed.f_dim["zingeving"][0].value() == 3


# -- printing (issue 25) ---------------------------------------------------------------------------

def _pdf_printer(path: Path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _pixels(path: Path, i: int, width: int = 300):
    import pypdfium2 as pdfium
    from PySide6.QtGui import QImage

    doc = pdfium.PdfDocument(str(path))
    page = doc[i]
    bm = page.render(scale=width / page.get_width(), rev_byteorder=True)
    img = QImage(bytes(bm.buffer), bm.width, bm.height, bm.stride, QImage.Format.Format_RGB888).copy()
    doc.close()
    return img.convertToFormat(QImage.Format.Format_Grayscale8).scaled(width, int(width * 297 / 210))


def _verschil(a, b) -> float:
    """Mean absolute grey-level difference (0-255) of two equally sized images."""
    ba, bb = a.constBits().tobytes(), b.constBits().tobytes()
    return sum(abs(x - y) for x, y in zip(ba, bb)) / len(ba)


def test_ctrl_p_prints_the_summary_as_its_pdf(qtbot, ed, uit, monkeypatch):
    """Ctrl+P asks printer or PDF; the printer route shows the print dialog (replaced here by one that
    points the QPrinter at a PDF file), makes the summary PDF in a job and prints every page of it."""
    from toegang_app.reports import handout as rep
    from toegang_app.ui import afdrukken

    gevraagd, gedrukt_pdf = [], {}
    monkeypatch.setattr(ed, "kies_taal", lambda gid: "nl")
    monkeypatch.setattr(afdrukken, "kies_afdrukwijze", lambda parent, *a: gevraagd.append("keuze") or afdrukken.PRINTER)
    papier = uit / "papier.pdf"

    def printdialoog(printer, parent):
        gevraagd.append("printdialoog")
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(papier))
        return True

    monkeypatch.setattr(afdrukken, "toon_printdialoog", printdialoog)
    monkeypatch.setattr(afdrukken, "er_is_een_printer", lambda: True)  # the desk's printer (none on a test PC)
    echt = afdrukken.druk_pdf_af

    def bewaar_bron(pdf, printer, *a):
        gedrukt_pdf["tekst"] = _pdf_text(pdf)
        gedrukt_pdf["pagina's"] = len(__import__("pypdfium2").PdfDocument(str(pdf)))
        (uit / "bron.pdf").write_bytes(Path(pdf).read_bytes())
        return echt(pdf, printer, *a)

    monkeypatch.setattr(afdrukken, "druk_pdf_af", bewaar_bron)
    poort = Poort()
    monkeypatch.setattr(rep, "maak_handout", poort.om(rep.maak_handout))
    ed.f_naam.setFocus()
    qtbot.keyClick(ed.f_naam, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert gevraagd == ["keuze", "printdialoog"]
    job = ed._job
    _typ_terwijl_het_loopt(qtbot, ed, poort, job)
    poort.los()
    pages = klaar(qtbot, job)
    assert pages == gedrukt_pdf["pagina's"] >= 1
    assert "Samenvatting voor de inwoner" in gedrukt_pdf["tekst"] and "Wij bellen u volgende week" in gedrukt_pdf["tekst"]
    import pypdfium2 as pdfium

    assert len(pdfium.PdfDocument(str(papier))) == pages  # the printer got as many pages as the PDF has
    for i in range(pages):  # and each page looks like the PDF's page
        assert _verschil(_pixels(papier, i), _pixels(uit / "bron.pdf", i)) < 6
    assert "is naar" in ed.melding.text() and "gestuurd" in ed.melding.text()
    # no temporary summary is left behind
    assert not [p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("toegang-afdruk-*")]


def test_print_to_a_given_printer_and_cancel(qtbot, ed, uit, monkeypatch):
    from toegang_app.reports import handout as rep
    from toegang_app.ui import afdrukken

    monkeypatch.setattr(afdrukken, "toon_printdialoog", lambda printer, parent: True)
    papier = uit / "p.pdf"
    job = ed.druk_af(printer=_pdf_printer(papier))
    assert klaar(qtbot, job) >= 1 and papier.exists()
    # cancelled while the PDF is being made: nothing goes to the printer
    poort = Poort()
    monkeypatch.setattr(rep, "maak_handout", poort.om(rep.maak_handout))
    tweede = uit / "tweede.pdf"
    job = ed.druk_af(printer=_pdf_printer(tweede))
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    ed.voortgang.annuleer()
    poort.los()
    klaar(qtbot, job)
    assert job.outcome == "cancelled" and not tweede.exists()
    assert "Het afdrukken is afgebroken" in ed.melding.text()
    # a PC without any printer: a Dutch message that points to the PDF route, no dialog
    monkeypatch.setattr(afdrukken, "er_is_een_printer", lambda: False)
    assert ed.druk_af() is None and "geen printer ingesteld" in ed.melding.text()
    # the print dialog closed with Annuleren: no job
    monkeypatch.setattr(afdrukken, "toon_printdialoog", lambda printer, parent: False)
    assert ed.druk_af(printer=_pdf_printer(uit / "niet.pdf")) is None


def test_print_choice_dialog_by_keyboard(qtbot):
    from PySide6.QtCore import QTimer

    from toegang_app.ui import afdrukken

    dlg = afdrukken.AfdrukKeuze()
    qtbot.addWidget(dlg)
    with qtbot.waitActive(dlg):
        dlg.show()
        dlg.activateWindow()
    _shot(qtbot, dlg, "25-afdrukken-keuze.png")
    assert dlg.knop_printer.isDefault() and dlg.focusWidget() is dlg.knop_printer
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # "Opslaan als &PDF…"
    qtbot.waitUntil(lambda: dlg.keuze == afdrukken.PDF, timeout=2000)  # a mnemonic animates the click
    assert dlg.result() == 1 and not dlg.isVisible()
    seen = []

    def kies():
        d = next(w for w in __import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication.topLevelWidgets()
                 if isinstance(w, afdrukken.AfdrukKeuze) and w.isVisible())
        seen.append([b.text() for b in (d.knop_printer, d.knop_pdf, d.knop_annuleer)])
        qtbot.keyClick(d.focusWidget() or d, Qt.Key.Key_Return)  # Enter: the default, the printer

    QTimer.singleShot(0, kies)
    assert afdrukken.kies_afdrukwijze(None) == afdrukken.PRINTER
    assert seen == [["&Afdrukken op printer…", "Opslaan als &PDF…", "Annuleren"]]


# -- statistics and retention list ------------------------------------------------------------------

@pytest.fixture
def sctx(config):
    from toegang_app.services.auth import CurrentUser, systeem_gebruiker
    from toegang_app.services.context import open_context
    from toegang_app.services.demo import DemoVoorziening, vul_demo

    c = open_context(config, load=False)
    c.user = systeem_gebruiker()
    vul_demo(c, 60, 400, seed=3, voorzieningen=[
        DemoVoorziening(f"test-{g}-{t}-{i}", f"Testvoorziening {t}.{i}", "Testaanbieder", t, None, (g,))
        for g in ("haaksbergen", "twenterand") for t in range(6) for i in range(2)])
    c.user = CurrentUser(id=None, gebruikersnaam="tl", naam="Teamleider", rol="teamleider", team=None)
    yield c
    c.close()


@pytest.mark.parametrize("formaat,schrijver,naam", [("xlsx", "schrijf_xlsx", "s.xlsx"), ("pdf", "schrijf_pdf", "s.pdf"),
                                                    ("csv", "schrijf_csv", "s.zip")])
def test_statistics_export_in_the_background_and_cancel(qtbot, sctx, uit, monkeypatch, formaat, schrijver, naam):
    from toegang_app.reports import statistiek_export
    from toegang_app.ui.screens.statistiek import StatistiekScherm

    from PySide6.QtWidgets import QMessageBox

    gewaarschuwd = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, titel, tekst, *a: gewaarschuwd.append(tekst))
    s = StatistiekScherm(sctx)
    qtbot.addWidget(s)
    s.show()
    s.set_periode(date(2024, 1, 1), date.today())
    with qtbot.waitSignal(s.bereken().done, timeout=30000):
        pass
    assert s.rapport is not None
    s.intern_export.setChecked(True)  # the form shown (all gemeenten: internal only)
    poort = Poort()
    monkeypatch.setattr(statistiek_export, schrijver, poort.om(getattr(statistiek_export, schrijver)))
    out = uit / naam
    job = s.exporteer(formaat, out)
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    assert job.is_running() and s.voortgang_rij.isVisible()
    s.gemeente.setFocus()
    voor = s.gemeente.currentIndex()
    qtbot.keyClick(s.gemeente, Qt.Key.Key_Down)
    assert s.gemeente.currentIndex() == voor + 1 and job.is_running()  # the screen answers the keyboard
    poort.los()
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    assert gewaarschuwd == [] and job.outcome == "finished"
    assert out.exists() and out.stat().st_size > 0 and "Opgeslagen" in s.melding.text()
    assert sorted(p.name for p in uit.iterdir()) == [naam]
    # cancelled: nothing at the new name
    poort = Poort()
    monkeypatch.setattr(statistiek_export, schrijver, poort.om(getattr(statistiek_export, schrijver)))  # the first gate is open
    tweede = uit / f"tweede-{naam}"
    job = s.exporteer(formaat, tweede)
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    qtbot.mouseClick(s.knop_annuleer, Qt.MouseButton.LeftButton)
    poort.los()
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    assert job.outcome == "cancelled" and not tweede.exists()
    assert sorted(p.name for p in uit.iterdir()) == [naam]
    assert "afgebroken" in s.melding.text()


def test_retention_list_is_computed_in_the_background(qtbot, ctx, monkeypatch):
    from toegang_app.services import bewaren
    from toegang_app.services.auth import systeem_gebruiker
    from toegang_app.ui.main_window import MainWindow

    ctx.user = systeem_gebruiker()
    oud = maak_gesprek(ctx, naam="Karel Testpersoon (synthetisch)", aanmelding=date(2014, 12, 20), status="afgerond",
                       afgesloten_op=date(2015, 1, 10), bewaarwet="Wgs")
    maak_gesprek(ctx, naam="Anna Ander (synthetisch)", aanmelding=date.today() - timedelta(days=30),
                 status="afgerond", afgesloten_op=date.today() - timedelta(days=1), bewaarwet="Wgs")
    poort = Poort()
    monkeypatch.setattr(bewaren, "te_vernietigen", poort.om(bewaren.te_vernietigen))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    s = w.show_screen("beheer")
    tab = s.toon_tab("bewaren")
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    assert tab.voortgang.isVisible() and tab.lijst_job.is_running()
    assert not tab.btn_vernietig.isEnabled()
    _shot(qtbot, tab, "26-voortgang-bewaartermijnen.png")
    tab.peildatum.selectAll()
    qtbot.keyClicks(tab.peildatum, "01-01-2040")
    assert tab.peildatum.text() == "01-01-2040" and tab.lijst_job.is_running()
    poort.los()
    qtbot.waitUntil(lambda: not tab.voortgang.bezig(), timeout=20000)
    assert [tab.tabel.item(r, 0).text() for r in range(tab.tabel.rowCount())] == [str(oud)]
    assert tab.telling.text() == "1 gesprek" and not tab.voortgang.isVisible()
    # the new date with Enter: the list for 2040, also in the background; Annuleren keeps the shown list
    poort = Poort()
    monkeypatch.setattr(bewaren, "te_vernietigen", poort.om(bewaren.te_vernietigen))  # the first gate is open
    qtbot.keyClick(tab.peildatum, Qt.Key.Key_Return)
    qtbot.waitUntil(poort.binnen.is_set, timeout=10000)
    qtbot.mouseClick(tab.voortgang.knop_annuleer, Qt.MouseButton.LeftButton)
    poort.los()
    qtbot.waitUntil(lambda: not tab.voortgang.bezig(), timeout=20000)
    assert "afgebroken" in tab.melding.text() and tab.tabel.rowCount() == 1
    qtbot.keyClick(tab.peildatum, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.voortgang.bezig(), timeout=20000)
    assert tab.tabel.rowCount() == 2  # in 2040 both terms have passed


def _shot(qtbot, widget, name: str) -> None:
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_the_window_shows_before_the_database_libraries_are_imported():
    """Issue 26 (start closer to the bare window): the main window is built and shown on the GUI thread
    without SQLAlchemy, ReportLab, openpyxl, alembic or PDFium; the database opens in the background."""
    import subprocess
    import sys

    code = ("import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication(['t'])\n"
            "from toegang_app.ui.main_window import MainWindow\nw = MainWindow(None)\nw.show()\napp.processEvents()\n"
            "print(sorted(m for m in ('sqlalchemy', 'reportlab', 'openpyxl', 'alembic', 'pypdfium2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
