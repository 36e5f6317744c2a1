"""Exports of a statistics Rapport: CSV (folder or zip), XLSX and a PDF report for college or raad.

All three take the :class:`~toegang_app.services.statistiek.Rapport` as it is: small cells are already
suppressed there and it holds no personal data, so nothing here can leak any.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from toegang_app.errors import UserError
from toegang_app.services.statistiek import (
    PRIMAIR,
    SECUNDAIR,
    Rapport,
    Tabel,
    datum_nl,
    getal_nl,
    grafiek_data,
)

KLEUREN = ("#0b6e69", "#f0a500", "#6d8fc7", "#c0504d", "#7aa95c", "#8e6bb0", "#9aa4a4")


def exporteer(rapport: Rapport, pad: Path, formaat: str) -> Path:
    """Write ``rapport`` as ``formaat`` (csv | xlsx | pdf) to ``pad``; returns the path written."""
    pad = Path(pad)
    try:
        if formaat == "csv":
            return schrijf_csv(rapport, pad)
        if formaat == "xlsx":
            return schrijf_xlsx(rapport, pad if pad.suffix.lower() == ".xlsx" else pad.with_suffix(".xlsx"))
        if formaat == "pdf":
            return schrijf_pdf(rapport, pad if pad.suffix.lower() == ".pdf" else pad.with_suffix(".pdf"))
    except PermissionError as exc:
        raise UserError(f"Kan niet schrijven naar {pad}: geen toestemming. Is het bestand nog open in een ander "
                        "programma?") from exc
    except OSError as exc:
        raise UserError(f"Kan niet schrijven naar {pad}: {exc.strerror or exc}.") from exc
    raise UserError(f"Onbekend formaat '{formaat}'. Kies csv, xlsx of pdf.")


def selectie_regels(rapport: Rapport) -> list[tuple[str, str]]:
    """Period, filters, generation date and the suppression rule, as label/text pairs."""
    regels = list(rapport.selectie.filters_nl())
    regels.append(("Gemaakt op", f"{datum_nl(rapport.gemaakt_op.date())} om {rapport.gemaakt_op:%H:%M}"))
    regels.append(("Persoonsgegevens", "Geen: alleen aantallen, percentages en gemiddelden. Geen namen, BSN's, "
                   "geboortedata of vrije tekst."))
    regels.append(("Kleine aantallen", rapport.onderdrukking))
    for w in rapport.waarschuwingen:
        regels.append(("Let op", w))
    return regels


def _bestandsnaam(i: int, tabel: Tabel) -> str:
    return f"{i:02d}_{tabel.sleutel}.csv"


# -- CSV -----------------------------------------------------------------------------------------------

def _csv_waarde(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",") if v != int(v) else f"{int(v)}"
    return "" if v is None else str(v)


def _csv_bytes(rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for r in rows:
        w.writerow([_csv_waarde(v) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def csv_bestanden(rapport: Rapport) -> dict[str, bytes]:
    files = {"00_selectie_en_definities.csv": _csv_bytes(
        [["Onderdeel", "Toelichting"]] + [list(r) for r in selectie_regels(rapport)]
        + [[f"Tabel: {t.titel}", t.definitie] for t in rapport.tabellen])}
    for i, t in enumerate(rapport.tabellen, start=1):
        files[_bestandsnaam(i, t)] = _csv_bytes([t.kolommen] + t.rijen)
    return files


def schrijf_csv(rapport: Rapport, pad: Path) -> Path:
    """A folder with one CSV file per table, or a zip when ``pad`` ends in .zip. UTF-8 with BOM and
    semicolons, so Excel opens them correctly."""
    files = csv_bestanden(rapport)
    if pad.suffix.lower() == ".zip":
        pad.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                z.writestr(name, data)
        return pad
    pad.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (pad / name).write_bytes(data)
    return pad


# -- XLSX ----------------------------------------------------------------------------------------------

def _sheet_naam(titel: str, gebruikt: set[str]) -> str:
    naam = re.sub(r"[\[\]:*?/\\]", "", titel)[:31].strip()
    base, n = naam, 2
    while naam in gebruikt:
        suffix = f" ({n})"
        naam = base[: 31 - len(suffix)] + suffix
        n += 1
    gebruikt.add(naam)
    return naam


def schrijf_xlsx(rapport: Rapport, pad: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Selectie en definities"
    bold = Font(bold=True)
    kop = Font(bold=True, size=14)
    ws["A1"] = "Statistiek toegang sociaal domein"
    ws["A1"].font = kop
    row = 3
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, tekst in selectie_regels(rapport):
        ws.cell(row, 1, label).font = bold
        ws.cell(row, 1).alignment = wrap
        ws.cell(row, 2, tekst).alignment = wrap
        row += 1
    row += 1
    ws.cell(row, 1, "Tabellen en definities").font = bold
    row += 1
    gebruikt = {ws.title}
    namen = []
    for t in rapport.tabellen:
        naam = _sheet_naam(t.titel, gebruikt)
        namen.append(naam)
        ws.cell(row, 1, t.titel).alignment = wrap
        ws.cell(row, 2, t.definitie).alignment = wrap
        row += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110

    fill = PatternFill("solid", fgColor="DCEBEA")
    for t, naam in zip(rapport.tabellen, namen):
        sh = wb.create_sheet(naam)
        sh.cell(1, 1, t.titel).font = kop
        sh.cell(2, 1, t.definitie).alignment = Alignment(wrap_text=False)
        sh.cell(3, 1, f"Periode: {rapport.selectie.periode_nl()}. '<5' = 1 tot en met 4; 'x' = weggelaten "
                      "zodat een klein aantal niet terug te rekenen is.")
        for j, k in enumerate(t.kolommen, start=1):
            c = sh.cell(5, j, k)
            c.font = bold
            c.fill = fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for i, r in enumerate(t.rijen, start=6):
            for j, v in enumerate(r, start=1):
                c = sh.cell(i, j, v)
                if isinstance(v, str) and v in (PRIMAIR, SECUNDAIR, "–"):
                    c.alignment = Alignment(horizontal="right")
                elif isinstance(v, float):
                    c.number_format = "0.0#"
            if t.totaalrij and i == 5 + len(t.rijen):
                for j in range(1, len(r) + 1):
                    sh.cell(i, j).font = bold
        for j, k in enumerate(t.kolommen, start=1):
            width = max([len(str(k))] + [len(str(r[j - 1])) for r in t.rijen]) + 2
            sh.column_dimensions[sh.cell(5, j).column_letter].width = min(60, max(10, width))
        sh.freeze_panes = "B6"
    pad.parent.mkdir(parents=True, exist_ok=True)
    wb.save(pad)
    return pad


# -- PDF -----------------------------------------------------------------------------------------------

def _pdf_charts():
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    return HorizontalBarChart, VerticalBarChart, HorizontalLineChart, Legend, Drawing, String, colors


def _nice_max(v: float) -> float:
    if v <= 0:
        return 5
    import math

    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def pdf_grafiek(tabel: Tabel, breedte: float, font: str):
    """A reportlab Drawing for the table's chart, or None."""
    gd = grafiek_data(tabel)
    if gd is None or not gd.categorieen:
        return None
    HBar, VBar, Line, Legend, Drawing, String, colors = _pdf_charts()
    n = len(gd.categorieen)
    kleuren = [colors.HexColor(c) for c in KLEUREN]
    if gd.soort == "staaf":
        hoogte = 40 + n * 22
        d = Drawing(breedte, hoogte)
        c = HBar()
        c.x, c.y = 190, 30
        c.width, c.height = breedte - 240, hoogte - 45
        c.data = [tuple(v) for v in gd.waarden]
        c.categoryAxis.categoryNames = [s if len(s) <= 34 else s[:33] + "…" for s in gd.categorieen]
        c.categoryAxis.reverseDirection = True
        c.categoryAxis.labels.fontName = font
        c.categoryAxis.labels.fontSize = 8
        c.categoryAxis.labels.boxAnchor = "e"
        c.valueAxis.labels.fontName = font
        c.valueAxis.labels.fontSize = 8
        c.valueAxis.valueMin = 0
        top = max(max(s) for s in gd.waarden)
        c.valueAxis.valueMax = 10 if "score" in gd.as_label else _nice_max(top * 1.15)
        c.valueAxis.labelTextFormat = lambda v: getal_nl(int(v)) if float(v).is_integer() else getal_nl(v)
        c.bars[0].fillColor = kleuren[0]
        c.barLabelFormat = "values"
        c.barLabelArray = [tuple(l) for l in gd.labels]
        c.barLabels.fontName = font
        c.barLabels.fontSize = 7
        c.barLabels.boxAnchor = "w"
        c.barLabels.dx = 3
        d.add(c)
        d.add(String(c.x + c.width / 2, 6, gd.as_label, fontName=font, fontSize=8, textAnchor="middle"))
        return d
    hoogte = 230
    d = Drawing(breedte, hoogte)
    if gd.soort == "lijn":
        c = Line()
    else:
        c = VBar()
    c.x, c.y = 50, 70
    c.width, c.height = breedte - 70, hoogte - 110
    c.data = [tuple(v) for v in gd.waarden]
    step = max(1, (n + 11) // 12)
    c.categoryAxis.categoryNames = [s if i % step == 0 else "" for i, s in enumerate(gd.categorieen)]
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = 7
    c.categoryAxis.labels.angle = 35 if n > 6 or max(len(s) for s in gd.categorieen) > 12 else 0
    c.categoryAxis.labels.boxAnchor = "ne" if c.categoryAxis.labels.angle else "n"
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.valueMin = 0
    if gd.soort == "gestapeld":
        c.categoryAxis.style = "stacked"
        top = max(sum(s[i] for s in gd.waarden) for i in range(n))
    else:
        top = max(max(s) for s in gd.waarden)
    c.valueAxis.valueMax = _nice_max(top * 1.1)
    c.valueAxis.labelTextFormat = lambda v: getal_nl(int(v))
    for i in range(len(gd.reeksen)):
        if gd.soort == "lijn":
            c.lines[i].strokeColor = kleuren[i % len(kleuren)]
            c.lines[i].strokeWidth = 2
        else:
            c.bars[i].fillColor = kleuren[i % len(kleuren)]
            c.bars[i].strokeColor = None
    if gd.soort != "lijn" and n <= 12 and len(gd.reeksen) == 1:
        c.barLabelFormat = "values"
        c.barLabelArray = [tuple(l) for l in gd.labels]
        c.barLabels.fontName = font
        c.barLabels.fontSize = 7
        c.barLabels.nudge = 6
    d.add(c)
    # the value axis label, rotated
    from reportlab.graphics.shapes import Group

    g = Group(String(0, 0, gd.as_label, fontName=font, fontSize=8, textAnchor="middle"))
    g.transform = (0, 1, -1, 0, 12, c.y + c.height / 2)
    d.add(g)
    leg = Legend()
    leg.fontName = font
    leg.fontSize = 8
    leg.alignment = "right"
    leg.columnMaximum = 1
    leg.x, leg.y = 50, 12
    leg.dx = leg.dy = 8
    leg.deltax = 120
    leg.colorNamePairs = [(kleuren[i % len(kleuren)], s) for i, s in enumerate(gd.reeksen)]
    d.add(leg)
    return d


def schrijf_pdf(rapport: Rapport, pad: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from toegang_app.reports.fonts import FONT, FONT_BOLD, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=colors.HexColor("#334"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    cell_b = ParagraphStyle("cellb", parent=cell, fontName=FONT_BOLD)
    h1 = ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=10,
                        textColor=colors.HexColor("#0b6e69"))
    h2 = ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=6, spaceAfter=4,
                        textColor=colors.HexColor("#123"))

    class NumberedCanvas(rl_canvas.Canvas):
        """Two passes: 'pagina X van Y' on every page."""

        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._pages = []

        def showPage(self):  # noqa: N802 - ReportLab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(colors.HexColor("#445"))
                self.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"pagina {self._pageNumber} van {total}")
                self.drawString(2 * cm, 1.2 * cm, f"Statistiek toegang sociaal domein · {rapport.selectie.periode_nl()}")
                super().showPage()
            super().save()

    esc = _esc
    story = []
    story.append(Spacer(1, 3 * cm))
    story.append(Paragraph("Statistiek toegang sociaal domein", h1))
    story.append(Paragraph("Gesprekken, verwijzingen en uitkomsten zonder persoonsgegevens", h2))
    story.append(Spacer(1, 0.6 * cm))
    rows = [[Paragraph(f"<b>{esc(k)}</b>", cell), Paragraph(esc(v), cell)] for k, v in selectie_regels(rapport)]
    t = Table(rows, colWidths=[4 * cm, 12.5 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    story.append(t)
    story.append(Spacer(1, 0.8 * cm))
    story.append(Paragraph("Kerncijfers", h2))
    kc = Table([[Paragraph(esc(k), cell) for k, _ in rapport.kerncijfers],
                [Paragraph(f"<b>{esc(v)}</b>", ParagraphStyle("kc", parent=cell_b, fontSize=13, leading=16))
                 for _, v in rapport.kerncijfers]],
               colWidths=[16.5 * cm / max(1, len(rapport.kerncijfers))] * len(rapport.kerncijfers))
    kc.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef5f4")),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#9bb"))]))
    story.append(kc)
    story.append(Spacer(1, 0.5 * cm))
    story.append(Paragraph("In dit rapport", h2))
    for i, tb in enumerate(rapport.tabellen, start=1):
        story.append(Paragraph(f"{i}. {esc(tb.titel)}", body))
    story.append(PageBreak())

    breedte = A4[0] - 4 * cm
    for i, tb in enumerate(rapport.tabellen, start=1):
        story.append(CondPageBreak(8 * cm))
        head = [Paragraph(f"{i}. {esc(tb.titel)}", h2), Paragraph(esc(tb.definitie), small), Spacer(1, 4)]
        chart = pdf_grafiek(tb, breedte, FONT)
        if chart is not None:
            head.append(chart)
            head.append(Spacer(1, 6))
        story.append(KeepTogether(head))
        if not tb.rijen:
            story.append(Paragraph("Geen gegevens in deze periode.", body))
            story.append(Spacer(1, 10))
            continue
        data = [[Paragraph(f"<b>{esc(k)}</b>", cell) for k in tb.kolommen]]
        for r in tb.rijen:
            data.append([Paragraph(esc(getal_nl(v)), cell) for v in r])
        first = 5.5 * cm if len(tb.kolommen) > 3 else 8 * cm
        rest = (breedte - first) / max(1, len(tb.kolommen) - 1)
        table = Table(data, colWidths=[first] + [rest] * (len(tb.kolommen) - 1), repeatRows=1)
        style = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dcebea")),
                 ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8c8c8")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        if tb.totaalrij:
            style.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#f1f5f5")))
        table.setStyle(TableStyle(style))
        story.append(table)
        story.append(Spacer(1, 14))
    story.append(Paragraph(esc("Tekens: '<5' = 1 tot en met 4; 'x' = weggelaten zodat een klein aantal niet "
                               "terug te rekenen is; '–' = niet te berekenen (geen aantallen)."), small))

    pad.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(pad), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                            bottomMargin=2 * cm, title="Statistiek toegang sociaal domein",
                            author="Toegang", subject=rapport.selectie.periode_nl())
    doc.build(story, canvasmaker=NumberedCanvas)
    return pad


def _esc(s: str) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def standaard_bestandsnaam(rapport: Rapport, formaat: str) -> str:
    s = rapport.selectie
    extra = "-".join(x for x in (s.gemeente, s.kern, s.team) if x)
    base = f"statistiek-{s.van.isoformat()}-{s.tot.isoformat()}" + (f"-{extra}" if extra else "")
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base)
    return base + {"csv": ".zip", "xlsx": ".xlsx", "pdf": ".pdf"}[formaat]


__all__ = ["exporteer", "schrijf_csv", "schrijf_xlsx", "schrijf_pdf", "csv_bestanden", "selectie_regels",
           "standaard_bestandsnaam"]
