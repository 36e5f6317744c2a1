"""Exports of a statistics Rapport: CSV (folder or zip), XLSX and a PDF report for college or raad.

All three take the plain :class:`~toegang_app.domain.statistiek.Rapport` as it is (never a service):
its form (internal or publication) was chosen and applied when it was computed, and it holds no
personal data, so nothing here can leak any. Every export says which form it is.
"""

from __future__ import annotations

import csv
import io
import math
import re
import os
import shutil
import zipfile
from pathlib import Path
from typing import Callable

from toegang_app.domain.leesfout import os_reden
from toegang_app.domain import nl
from toegang_app.domain.statistiek import (
    LEEG,
    PRIMAIR,
    SECUNDAIR,
    Rapport,
    Tabel,
    getal_nl,
    grafiek_data,
    is_getal,
    is_verborgen,
)
from toegang_app.errors import Afgebroken, UserError
from toegang_app.private_files import atomic_target

KLEUREN = ("#0b6e69", "#f0a500", "#6d8fc7", "#c0504d", "#7aa95c", "#8e6bb0", "#9aa4a4")


def exporteer(rapport: Rapport, pad: Path, formaat: str, cancelled: Callable[[], bool] | None = None) -> Path:
    """Write ``rapport`` as ``formaat`` (csv | xlsx | pdf) to ``pad``; returns the path written. The file is
    written under a temporary name and renamed when complete; when ``cancelled()`` is true by then,
    nothing is left and :class:`~toegang_app.errors.Afgebroken` is raised."""
    pad = Path(pad)
    schrijvers = {"csv": (schrijf_csv, None), "xlsx": (schrijf_xlsx, ".xlsx"), "pdf": (schrijf_pdf, ".pdf")}
    if formaat not in schrijvers:
        raise UserError(f"Onbekend formaat '{formaat}'. Kies csv, xlsx of pdf.")
    schrijf, suffix = schrijvers[formaat]
    if suffix is not None and pad.suffix.lower() != suffix:
        pad = pad.with_suffix(suffix)
    try:
        with atomic_target(pad) as tmp:
            schrijf(rapport, tmp)
            if cancelled is not None and cancelled():
                raise Afgebroken("Het exporteren is afgebroken: er is geen bestand opgeslagen.")
            if tmp.is_dir():  # CSV as a folder: each complete file moves into the (maybe existing) folder
                pad.mkdir(parents=True, exist_ok=True)
                for f in sorted(tmp.iterdir()):
                    os.replace(f, pad / f.name)
                shutil.rmtree(tmp, ignore_errors=True)
        return pad
    except PermissionError as exc:
        raise UserError(f"Kan niet schrijven naar {pad}: geen toestemming. Is het bestand nog open in een ander "
                        "programma?") from exc
    except OSError as exc:
        raise UserError(f"Kan niet schrijven naar {pad}: {os_reden(exc)}.") from exc


def selectie_regels(rapport: Rapport) -> list[tuple[str, str]]:
    """Period, filters, generation date and the suppression rule, as label/text pairs."""
    regels = [("Vorm", rapport.vorm_nl)] + [r for r in rapport.selectie.filters_nl() if r[0] != "Vorm"]
    regels.append(("Gemaakt op", nl.datum_tijd_lang(rapport.gemaakt_op)))
    regels.append(("Persoonsgegevens", "Geen: alleen aantallen, percentages en gemiddelden. Geen namen, BSN's, "
                   "geboortedata of vrije tekst."))
    regels.append(("Kleine aantallen" if rapport.selectie.publicatie else "Let op", rapport.onderdrukking))
    for w in rapport.waarschuwingen:
        regels.append(("Let op", w))
    return regels


LEGENDA: list[tuple[str, str]] = [
    (PRIMAIR, "1 tot en met 4: een klein aantal, afgeschermd"),
    (SECUNDAIR, "weggelaten, zodat een klein aantal niet uit een totaal terug te rekenen is"),
    (LEEG, "niet te berekenen (geen aantallen)"),
]


def legenda(rapport: Rapport) -> list[tuple[str, str]]:
    regels = list(LEGENDA)
    if rapport.selectie.publicatie:
        regels.append(("getallen", "aantallen afgerond op vijftallen; totalen uit het echte totaal afgerond"))
    else:
        regels.append(("getallen", "exacte aantallen: intern, niet voor publicatie"))
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
        + [[f"Teken: {k}", v] for k, v in legenda(rapport)]
        + [[f"Tabel: {t.titel}", t.definitie + (f" Bron: {t.bron}." if t.bron else "")] for t in rapport.tabellen])}
    for i, t in enumerate(rapport.tabellen, start=1):
        files[_bestandsnaam(i, t)] = _csv_bytes([t.kolommen] + t.rijen)
    if rapport.niet_te_berekenen:
        files[f"{len(rapport.tabellen) + 1:02d}_niet_te_berekenen.csv"] = _csv_bytes(
            [["Wat de monitor vraagt", "Bron", "Waarom Toegang het niet weet"]]
            + [[n.wat, n.bron, n.waarom] for n in rapport.niet_te_berekenen])
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

MAX_SHEET = 31  # Excel's limit


def sheet_naam(titel: str, gebruikt: set[str]) -> str:
    """A unique sheet name of at most 31 characters that keeps the words (and a ': gemeente' ending)."""
    schoon = re.sub(r"[\[\]:*?/\\]", " ", titel)
    schoon = re.sub(r"\s+", " ", schoon).strip()
    staart = ""
    if ": " in titel and len(titel.rsplit(": ", 1)[1]) <= 14:
        staart = " " + re.sub(r"[\[\]:*?/\\]", "", titel.rsplit(": ", 1)[1]).strip()
        schoon = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", titel.rsplit(": ", 1)[0])).strip()

    def inkorten(tekst: str, ruimte: int) -> str:
        if len(tekst) <= ruimte:
            return tekst
        woorden, uit = tekst.split(" "), ""
        for w in woorden:
            if len(uit) + len(w) + (1 if uit else 0) > ruimte:
                break
            uit = f"{uit} {w}" if uit else w
        return uit or tekst[:ruimte]

    naam = inkorten(schoon, MAX_SHEET - len(staart)) + staart
    base, n = naam, 2
    while naam.lower() in {g.lower() for g in gebruikt}:
        suffix = f" {n}"
        naam = inkorten(base, MAX_SHEET - len(suffix)) + suffix
        n += 1
    gebruikt.add(naam)
    return naam


def schrijf_xlsx(rapport: Rapport, pad: Path) -> Path:
    """A workbook: the selection and form, a legend sheet, one sheet per table. Counts are numbers,
    percentages numbers with a decimal, markers ('<5', 'x', '–') text explained on the legend sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Selectie en definities"
    bold = Font(bold=True)
    kop = Font(bold=True, size=14)
    ws["A1"] = "Statistiek toegang sociaal domein"
    ws["A1"].font = kop
    ws["A2"] = rapport.vorm_nl
    ws["A2"].font = Font(bold=True, color="9C2B00" if not rapport.selectie.publicatie else "0B6E69")
    row = 4
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, tekst in selectie_regels(rapport):
        ws.cell(row, 1, label).font = bold
        ws.cell(row, 1).alignment = wrap
        ws.cell(row, 2, tekst).alignment = wrap
        row += 1
    row += 1
    ws.cell(row, 1, "Tabellen en definities").font = bold
    row += 1
    gebruikt = {ws.title, "Legenda"}
    namen = []
    for t in rapport.tabellen:
        naam = sheet_naam(t.titel, gebruikt)
        namen.append(naam)
        ws.cell(row, 1, naam).alignment = wrap
        ws.cell(row, 2, t.titel + ". " + t.definitie + (f" Bron: {t.bron}." if t.bron else "")).alignment = wrap
        row += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110

    lg = wb.create_sheet("Legenda")
    lg["A1"] = "Legenda"
    lg["A1"].font = kop
    lg["A2"] = rapport.vorm_nl
    for i, (teken, uitleg) in enumerate(legenda(rapport), start=4):
        lg.cell(i, 1, teken).font = bold
        lg.cell(i, 1).alignment = Alignment(horizontal="right")
        lg.cell(i, 2, uitleg)
    lg.cell(9, 1, "Kleine aantallen").font = bold
    lg.cell(9, 2, rapport.onderdrukking).alignment = wrap
    lg.column_dimensions["A"].width = 18
    lg.column_dimensions["B"].width = 110

    fill = PatternFill("solid", fgColor="DCEBEA")
    for t, naam in zip(rapport.tabellen, namen):
        sh = wb.create_sheet(naam)
        sh.cell(1, 1, t.titel).font = kop
        sh.cell(2, 1, t.definitie + (f" Bron: {t.bron}." if t.bron else ""))
        sh.cell(3, 1, f"{rapport.vorm_nl}. Periode: {rapport.selectie.periode_nl()}. Tekens: zie het blad Legenda.")
        for j, k in enumerate(t.kolommen, start=1):
            c = sh.cell(5, j, k)
            c.font = bold
            c.fill = fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for i, r in enumerate(t.rijen, start=6):
            for j, v in enumerate(r, start=1):
                c = sh.cell(i, j, v if v != "" else None)
                if isinstance(v, str) and v in (PRIMAIR, SECUNDAIR, LEEG):
                    c.alignment = Alignment(horizontal="right")
                elif isinstance(v, float):
                    c.number_format = "0.0"
                elif is_getal(v):
                    c.number_format = "#,##0"
            if t.totaalrij and i == 5 + len(t.rijen):
                for j in range(1, len(r) + 1):
                    sh.cell(i, j).font = bold
        for j, k in enumerate(t.kolommen, start=1):
            width = max([min(len(str(k)), 22)] + [len(str(r[j - 1])) for r in t.rijen]) + 2
            sh.column_dimensions[sh.cell(5, j).column_letter].width = min(60, max(10, width))
        sh.freeze_panes = "B6"
    if rapport.niet_te_berekenen:
        nb = wb.create_sheet(sheet_naam("Wat Toegang niet kan weten", gebruikt))
        nb["A1"] = "Wat de monitor vraagt en Toegang niet kan weten"
        nb["A1"].font = kop
        for j, k in enumerate(("Wat", "Bron", "Waarom niet"), start=1):
            nb.cell(3, j, k).font = bold
        for i, n in enumerate(rapport.niet_te_berekenen, start=4):
            nb.cell(i, 1, n.wat).alignment = wrap
            nb.cell(i, 2, n.bron).alignment = wrap
            nb.cell(i, 3, n.waarom).alignment = wrap
        nb.column_dimensions["A"].width = 50
        nb.column_dimensions["B"].width = 18
        nb.column_dimensions["C"].width = 90
    pad.parent.mkdir(parents=True, exist_ok=True)
    wb.save(pad)
    return pad


# -- PDF -----------------------------------------------------------------------------------------------

VERBORGEN_KLEUR = "#c9d1d1"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 5
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def _verborgen_hoogte(label: str) -> float:
    """How high a hidden cell is drawn: '<5' at 4 (its largest possible value), 'x' at 5 (its least)."""
    return 4.0 if label == PRIMAIR else 5.0


def _hatch(d, x: float, y: float, w: float, h: float, colors) -> None:
    """A hatched, dashed box: a hidden value (never drawn as 0)."""
    from reportlab.graphics.shapes import Line, Rect

    if w <= 0 or h <= 0:
        return
    d.add(Rect(x, y, w, h, fillColor=colors.HexColor("#eef1f1"), strokeColor=colors.HexColor("#556"),
               strokeWidth=0.6, strokeDashArray=[2, 1.5]))
    step = 3.0
    k = -h
    while k < w:
        x0, y0 = x + max(0.0, k), y + max(0.0, -k)
        x1 = x + min(w, k + h)
        y1 = y + (x1 - x - k)
        d.add(Line(x0, y0, x1, min(y + h, y1), strokeColor=colors.HexColor("#778"), strokeWidth=0.4))
        k += step


def pdf_grafiek(tabel: Tabel, breedte: float, font: str):
    """A reportlab Drawing for the table's chart (hidden cells hatched and labelled), or None."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, Group, String
    from reportlab.lib import colors

    gd = grafiek_data(tabel)
    if gd is None or not gd.categorieen:
        return None
    n = len(gd.categorieen)
    kleuren = [colors.HexColor(c) for c in KLEUREN]
    nul = [[0.0 if v is None else v for v in s] for s in gd.waarden]
    # bars: a hidden cell gets a bar of its marked height ('<5' at 4, 'x' at 5), grey with a dashed edge
    vis = [[_verborgen_hoogte(lab) if v is None else v for v, lab in zip(s, ls)]
           for s, ls in zip(gd.waarden, gd.labels)]
    ns = len(gd.reeksen)

    def markeer(c):
        for s_i, vals in enumerate(gd.waarden):
            for i, v in enumerate(vals):
                if v is None:
                    b = c.bars[(s_i, i)]
                    b.fillColor = colors.HexColor("#e3e7e7")
                    b.strokeColor = colors.HexColor("#445")
                    b.strokeWidth = 0.7
                    b.strokeDashArray = [2, 1.5]

    if gd.soort == "staaf":
        hoogte = 52 + n * (22 + 9 * (ns - 1)) + (14 if ns > 1 else 0)
        d = Drawing(breedte, hoogte)
        c = HorizontalBarChart()
        c.x, c.y = 190, 30 + (14 if ns > 1 else 0)
        c.width, c.height = breedte - 240, hoogte - 57 - (14 if ns > 1 else 0)
        c.data = [tuple(v) for v in vis]
        c.categoryAxis.categoryNames = [s if len(s) <= 34 else s[:33] + "…" for s in gd.categorieen]
        c.categoryAxis.reverseDirection = True
        c.categoryAxis.labels.fontName = font
        c.categoryAxis.labels.fontSize = 8
        c.categoryAxis.labels.boxAnchor = "e"
        c.valueAxis.labels.fontName = font
        c.valueAxis.labels.fontSize = 8
        c.valueAxis.valueMin = 0
        vmax = 10 if "score" in gd.as_label else (100 if "(%)" in gd.as_label else _nice_max(gd.schaal_max() * 1.15))
        c.valueAxis.valueMax = vmax
        c.valueAxis.labelTextFormat = lambda v: getal_nl(int(v)) if float(v).is_integer() else getal_nl(v)
        for s_i in range(ns):
            c.bars[s_i].fillColor = kleuren[s_i % len(kleuren)]
            c.bars[s_i].strokeColor = None
        markeer(c)
        c.barLabelFormat = "values"
        c.barLabelArray = [tuple(ls) for ls in gd.labels]
        c.barLabels.fontName = font
        c.barLabels.fontSize = 7
        c.barLabels.boxAnchor = "w"
        c.barLabels.dx = 3
        d.add(c)
        if ns > 1:
            leg = Legend()
            leg.fontName = font
            leg.fontSize = 8
            leg.alignment = "right"
            leg.columnMaximum = 1
            leg.x, leg.y = c.x, 12
            leg.dx = leg.dy = 8
            leg.deltax = 110
            leg.colorNamePairs = [(kleuren[i % len(kleuren)], r) for i, r in enumerate(gd.reeksen)]
            d.add(leg)
        d.add(String(c.x + c.width / 2, c.y - 24, gd.as_label, fontName=font, fontSize=8, textAnchor="middle"))
        if gd.verborgen:
            d.add(String(breedte, hoogte - 10, "grijs met streeplijn: afgeschermd aantal ('<5' of 'x'), niet 0",
                         fontName=font, fontSize=7, textAnchor="end"))
        return d
    schuin = n > 6 or max(len(s) for s in gd.categorieen) > 12
    lang = max(len(s) for s in gd.categorieen) > 12  # voorziening names: room below the axis
    hoogte = 290 if lang else 240
    d = Drawing(breedte, hoogte)
    c = HorizontalLineChart() if gd.soort == "lijn" else VerticalBarChart()
    c.x, c.y = 50, 120 if lang else 70
    c.width, c.height = breedte - 70, hoogte - c.y - 50
    # lines are drawn below (broken at hidden cells); bars carry hidden cells at their marked height
    c.data = [tuple(v) for v in (nul if gd.soort == "lijn" else vis)]
    step = max(1, (n + 11) // 12)
    c.categoryAxis.categoryNames = [(s if len(s) <= 30 else s[:29] + "…") if i % step == 0 else ""
                                    for i, s in enumerate(gd.categorieen)]
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = 7
    c.categoryAxis.labels.angle = 35 if schuin else 0
    c.categoryAxis.labels.boxAnchor = "ne" if c.categoryAxis.labels.angle else "n"
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.valueMin = 0
    if gd.soort == "gestapeld":
        c.categoryAxis.style = "stacked"
    vmax = _nice_max(gd.schaal_max() * 1.1)
    c.valueAxis.valueMax = vmax
    c.valueAxis.labelTextFormat = lambda v: getal_nl(int(v))
    for i in range(len(gd.reeksen)):
        if gd.soort == "lijn":
            c.lines[i].strokeColor = colors.transparent
            c.lines[i].strokeWidth = 0
        else:
            c.bars[i].fillColor = kleuren[i % len(kleuren)]
            c.bars[i].strokeColor = None
    if gd.soort != "lijn":
        markeer(c)
    d.add(c)
    slot = c.width / n
    if gd.soort == "lijn":
        from reportlab.graphics.shapes import Circle, PolyLine

        for s_i, vals in enumerate(gd.waarden):
            kleur = kleuren[s_i % len(kleuren)]
            segment: list[float] = []
            for i, v in enumerate(vals + [None]):
                if v is not None:
                    x = c.x + slot * (i + 0.5)
                    y = c.y + c.height * v / vmax
                    segment += [x, y]
                    d.add(Circle(x, y, 1.6, fillColor=kleur, strokeColor=None))
                    continue
                if len(segment) >= 4:
                    d.add(PolyLine(segment, strokeColor=kleur, strokeWidth=2))
                segment = []
    # a hidden month on a line: a hatched box at the bottom, the line broken
    for s_i, (vals, labs) in enumerate(zip(gd.waarden, gd.labels)):
        for i, (v, lab) in enumerate(zip(vals, labs)):
            if v is None and gd.soort == "lijn":
                bw = max(4.0, slot * 0.3) / max(1, ns) * (1 if ns == 1 else 1.6)
                x = c.x + slot * (i + 0.5) - bw * ns / 2 + s_i * bw
                _hatch(d, x, c.y, bw, max(c.height * _verborgen_hoogte(lab) / vmax, 3), colors)
    g = Group(String(0, 0, gd.as_label, fontName=font, fontSize=8, textAnchor="middle"))
    g.transform = (0, 1, -1, 0, 12, c.y + c.height / 2)
    d.add(g)
    leg = Legend()
    leg.fontName = font
    leg.fontSize = 8
    leg.alignment = "right"
    leg.columnMaximum = 1 if len(gd.reeksen) <= 4 else 2
    leg.x, leg.y = 50, 30 if len(gd.reeksen) > 4 else 12
    leg.dx = leg.dy = 8
    leg.deltax = 120 if len(gd.reeksen) <= 4 else 95
    leg.colorNamePairs = [(kleuren[i % len(kleuren)], s) for i, s in enumerate(gd.reeksen)]
    d.add(leg)
    if gd.verborgen:
        uitleg = ("gearceerd: afgeschermd aantal ('<5' of 'x'), niet 0" if gd.soort == "lijn"
                  else "grijs met streeplijn: afgeschermd aantal ('<5' of 'x'), niet 0")
        d.add(String(breedte, hoogte - 10, uitleg, fontName=font, fontSize=7, textAnchor="end"))
    return d


def _kolom_groepen(kolommen: list[str]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Headers 'Haaksbergen: gemiddelde' become a group row ('Haaksbergen' over its columns) and a
    short header ('gemiddelde'), so no header has to break inside a word."""
    kort, groepen = [], []
    j = 0
    while j < len(kolommen):
        k = kolommen[j]
        if ": " in k:
            g = k.split(": ", 1)[0]
            start = j
            while j < len(kolommen) and kolommen[j].startswith(g + ": "):
                kort.append(kolommen[j].split(": ", 1)[1])
                j += 1
            groepen.append((start, j - 1, g))
        else:
            kort.append(k)
            j += 1
    return kort, groepen


def _kolombreedtes(kop: list[str], rijen: list[list[str]], breedte: float, font: str, font_b: str,
                   grootte: float) -> list[float] | None:
    """Column widths so that the longest word of each header and each value fits; None if they do not
    fit in ``breedte`` at this font size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 6.0
    mins = []
    for j, k in enumerate(kop):
        woord = max((stringWidth(w, font_b, grootte) for w in k.split()), default=0)
        waarde = max((stringWidth(r[j], font, grootte) for r in rijen), default=0) if j else 0
        mins.append(max(woord, waarde) + pad)
    eerste_min = max(mins[0], 70.0)
    rest = sum(mins[1:])
    if eerste_min + rest > breedte:
        return None
    eerste_wens = max((stringWidth(r[0], font, grootte) for r in rijen), default=0) + pad
    eerste = min(max(eerste_min, eerste_wens), breedte - rest)
    extra = (breedte - eerste - rest) / max(1, len(kop) - 1)
    extra = min(extra, 40.0)
    return [eerste] + [m + extra for m in mins[1:]]


def schrijf_pdf(rapport: Rapport, pad: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
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
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT, splitLongWords=0)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=colors.HexColor("#334"))
    h1 = ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=10,
                        textColor=colors.HexColor("#0b6e69"))
    h2 = ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=6, spaceAfter=4,
                        textColor=colors.HexColor("#123"))
    vorm_stijl = ParagraphStyle("vorm", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14,
                                textColor=colors.HexColor("#0b6e69" if rapport.selectie.publicatie else "#9c2b00"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    vorm_kort = "Publicatievorm" if rapport.selectie.publicatie else "INTERN, NIET VOOR PUBLICATIE"

    class NumberedCanvas(rl_canvas.Canvas):
        """Two passes: 'pagina X van Y' and the form on every page."""

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
                self.setFont(FONT_BOLD, 8)
                self.setFillColor(colors.HexColor("#0b6e69" if rapport.selectie.publicatie else "#9c2b00"))
                self.drawRightString(A4[0] - 2 * cm, A4[1] - 1.1 * cm, vorm_kort)
                super().showPage()
            super().save()

    esc = _esc
    story = []
    story.append(Spacer(1, 2.5 * cm))
    story.append(Paragraph("Statistiek toegang sociaal domein", h1))
    story.append(Paragraph("Gesprekken, verwijzingen en uitkomsten zonder persoonsgegevens", h2))
    story.append(Paragraph(esc(rapport.vorm_nl), vorm_stijl))
    story.append(Spacer(1, 0.5 * cm))
    rows = [[Paragraph(f"<b>{esc(k)}</b>", cell), Paragraph(esc(v), cell)] for k, v in selectie_regels(rapport)]
    t = Table(rows, colWidths=[4 * cm, 12.5 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    story.append(t)
    story.append(Spacer(1, 0.6 * cm))
    story.append(Paragraph("Kerncijfers", h2))
    kcs = rapport.kerncijfers
    kc_label = ParagraphStyle("kcl", parent=cell, fontSize=7.5, leading=9.5)
    kc_val = ParagraphStyle("kcv", parent=cell, fontName=FONT_BOLD, fontSize=13, leading=16)
    kc = Table([[Paragraph(esc(k.label), kc_label) for k in kcs], [Paragraph(esc(k.waarde), kc_val) for k in kcs]],
               colWidths=[17 * cm / max(1, len(kcs))] * len(kcs))
    kc.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef5f4")),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#9bb"))]))
    story.append(kc)
    story.append(Spacer(1, 0.4 * cm))
    story.append(Paragraph("In dit rapport", h2))
    for i, tb in enumerate(rapport.tabellen, start=1):
        story.append(Paragraph(f"{i}. {esc(tb.titel)}", small))
    if rapport.niet_te_berekenen:
        story.append(Paragraph(f"{len(rapport.tabellen) + 1}. Wat Toegang niet kan weten", small))
    story.append(PageBreak())

    breedte = A4[0] - 4 * cm
    for i, tb in enumerate(rapport.tabellen, start=1):
        story.append(CondPageBreak(8 * cm))
        definitie = tb.definitie + (f" Bron: {tb.bron}." if tb.bron else "")
        head = [Paragraph(f"{i}. {esc(tb.titel)}", h2), Paragraph(esc(definitie), small), Spacer(1, 4)]
        chart = pdf_grafiek(tb, breedte, FONT)
        if chart is not None:
            head.append(chart)
            head.append(Spacer(1, 6))
        story.append(KeepTogether(head))
        if not tb.rijen:
            story.append(Paragraph("Geen gegevens in deze periode.", body))
            story.append(Spacer(1, 10))
            continue
        story.append(_pdf_tabel(tb, breedte, FONT, FONT_BOLD, colors, Table, TableStyle, Paragraph, ParagraphStyle,
                                cell, TA_RIGHT))
        story.append(Spacer(1, 14))
    story.append(Paragraph("Tekens: " + "; ".join(f"'{esc(k)}' = {esc(v)}" for k, v in legenda(rapport)) + ".", small))
    if rapport.niet_te_berekenen:
        story.append(PageBreak())
        story.append(Paragraph(f"{len(rapport.tabellen) + 1}. Wat Toegang niet kan weten", h2))
        story.append(Paragraph("De monitor sociaal domein vraagt ook om cijfers die Toegang niet heeft. Die komen uit "
                               "andere bronnen:", small))
        story.append(Spacer(1, 4))
        hdr = ParagraphStyle("nh", parent=cell, fontName=FONT_BOLD)
        data = [[Paragraph("Wat", hdr), Paragraph("Bron", hdr), Paragraph("Waarom Toegang het niet weet", hdr)]]
        data += [[Paragraph(esc(n.wat), cell), Paragraph(esc(n.bron), cell), Paragraph(esc(n.waarom), cell)]
                 for n in rapport.niet_te_berekenen]
        tt = Table(data, colWidths=[5.2 * cm, 2.6 * cm, breedte - 7.8 * cm], repeatRows=1)
        tt.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dcebea")),
                                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8c8c8")),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(tt)

    pad.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(pad), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                            bottomMargin=2 * cm, title="Statistiek toegang sociaal domein",
                            author="Toegang", subject=f"{rapport.selectie.periode_nl()} ({vorm_kort})")
    doc.build(story, canvasmaker=NumberedCanvas)
    return pad


def _pdf_tabel(tb: Tabel, breedte, font, font_b, colors, Table, TableStyle, Paragraph, ParagraphStyle, cell, TA_RIGHT):
    """A table whose headers wrap only between words: grouped headers, then a smaller font if needed."""
    kort, groepen = _kolom_groepen(tb.kolommen)
    tekst = [[getal_nl(v) for v in r] for r in tb.rijen]
    for grootte in (8.0, 7.5, 7.0, 6.5, 6.0, 5.5):
        widths = _kolombreedtes(kort, tekst, breedte, font, font_b, grootte)
        if widths is not None:
            break
    else:
        grootte = 5.5
        widths = [breedte / len(kort)] * len(kort)
    st = ParagraphStyle(f"c{grootte}", parent=cell, fontSize=grootte, leading=grootte + 2.2, splitLongWords=0)
    st_r = ParagraphStyle(f"cr{grootte}", parent=st, alignment=TA_RIGHT)
    st_b = ParagraphStyle(f"cb{grootte}", parent=st, fontName=font_b)
    st_br = ParagraphStyle(f"cbr{grootte}", parent=st_b, alignment=TA_RIGHT)
    data = []
    if groepen:
        grp = [""] * len(kort)
        for a, _b, naam in groepen:
            grp[a] = naam
        data.append([Paragraph(f"<b>{_esc(g)}</b>", st_b) if g else "" for g in grp])
    data.append([Paragraph(f"<b>{_esc(k)}</b>", st_br if j else st_b) for j, k in enumerate(kort)])
    head_rows = len(data)
    for r, ruw in zip(tekst, tb.rijen):
        data.append([Paragraph(_esc(v), st_r if (j and (is_getal(w) or is_verborgen(w) or w == LEEG)) else st)
                     for j, (v, w) in enumerate(zip(r, ruw))])
    table = Table(data, colWidths=widths, repeatRows=head_rows)
    style = [("BACKGROUND", (0, 0), (-1, head_rows - 1), colors.HexColor("#dcebea")),
             ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8c8c8")),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for a, b, _naam in groepen:
        style.append(("SPAN", (a, 0), (b, 0)))
    if tb.totaalrij:
        style.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#f1f5f5")))
    table.setStyle(TableStyle(style))
    return table


def _esc(s: str) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def standaard_bestandsnaam(rapport: Rapport, formaat: str) -> str:
    s = rapport.selectie
    extra = "-".join(x for x in (s.gemeente, s.kern, s.team) if x)
    base = f"statistiek-{s.vorm}-{s.van.isoformat()}-{s.tot.isoformat()}" + (f"-{extra}" if extra else "")
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base)
    return base + {"csv": ".zip", "xlsx": ".xlsx", "pdf": ".pdf"}[formaat]


__all__ = ["exporteer", "schrijf_csv", "schrijf_xlsx", "schrijf_pdf", "csv_bestanden", "selectie_regels",
           "standaard_bestandsnaam", "sheet_naam", "legenda"]
