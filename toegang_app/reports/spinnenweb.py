"""The spinnenweb (spider web) of Positieve Gezondheid as a ReportLab Drawing, for any PDF.

A hexagon grid 0-10 with one axis per dimension (``vocab.DIMENSIES`` order, the first at the top,
clockwise), the resident's scores as a filled polygon, the dimensions the resident wants to talk
about ("hier wil ik over praten") marked with a dot and a bold label, and a dimension without a score
labelled "niet besproken". It is a conversation picture, not a measurement.

With ``vorige`` (a follow-up conversation) the previous scores are a second, dashed outline with hollow
squares, and each label says the change in words ("toen 3, nu 6: hoger"), readable in grey print.

For the resident's summary in another language the labels, the score line, "niet besproken" and the
legend come from the translation file, in the fonts of that script (``reports/schrift.py``). Scripts
that need shaping (Arabic, Ethiopic) get a flowable that draws the labels with ReportLab's HarfBuzz
shaping; a right-to-left language gets the web mirrored (first dimension at the top, then
anticlockwise, the dot after a label's text), as Arabic readers read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from toegang_app.domain.vervolg import Verandering
from toegang_app.domain.vocab import DIMENSIES
from toegang_app.reports.fonts import FONT, FONT_BOLD, register_fonts

NIET_BESPROKEN = "niet besproken"
LEGENDA = "hier wil ik over praten"

GRID = colors.HexColor("#9aa5b1")
AXIS = colors.HexColor("#c3cbd3")
LINE = colors.HexColor("#1f5f8b")
FILL = colors.HexColor("#1f5f8b")
MARK = colors.HexColor("#c0392b")
TEXT = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#5f6b76")
TOEN = colors.HexColor("#4a4a4a")


def _wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Greedy word wrap; a single word wider than max_width stays on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _score(value) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError):
        return None
    return min(10, max(0, score))


def spinnenweb(
    scores: Mapping[str, int | None],
    bespreken: Iterable[str] | Mapping[str, bool] = (),
    size: float = 300,
    font_size: float | None = None,
    legenda: bool = True,
    *,
    namen: Mapping[str, str] | None = None,
    cijfer: str = "cijfer {cijfer}",
    niet_besproken: str = NIET_BESPROKEN,
    legenda_tekst: str = LEGENDA,
    fonts: tuple[str, str] = (FONT, FONT_BOLD),
    spiegel: bool = False,
    shaping: bool = False,
    vorige: Mapping[str, int | None] | None = None,
    vorige_label: str = "vorige keer",
    verschil: Callable[[Verandering], str] | None = None,
    legenda_nu: str = "nu",
    legenda_toen: str = "toen ({datum})",
) -> Drawing:
    """Draw the spinnenweb.

    ``scores``: dimension key (``vocab.DIMENSIES``) -> 0..10, or None/missing for "niet besproken".
    ``bespreken``: the dimension keys marked "hier wil ik over praten" (a set or a key -> bool mapping).
    ``size``: the width of the drawing in points; the height follows from the labels (about 0.85 x).
    ``font_size``: label size; default scales with ``size`` (11pt at 300pt and wider).
    ``namen`` (dimension key -> label), ``cijfer`` (with ``{cijfer}``), ``niet_besproken``, ``legenda_tekst``, ``fonts``
    (regular, bold): the texts and fonts of another language; ``spiegel``: right-to-left layout;
    ``shaping``: draw the texts with HarfBuzz shaping (returns a :class:`GevormdWeb` flowable).
    ``vorige``: the previous conversation's scores, drawn as a dashed outline; ``verschil`` words the change
    per dimension under its label (default Dutch: 'toen 3, nu 6: hoger'); ``legenda_nu`` and
    ``legenda_toen`` (with ``{datum}``, filled with ``vorige_label``) the legend of the two lines.
    """
    register_fonts()
    FONT, FONT_BOLD = fonts  # noqa: N806 - the module's names, for this language
    teksten: list[tuple] = []  # (x, y, text, font, size, colour, anchor) when shaping
    if isinstance(bespreken, Mapping):
        marked = {k for k, v in bespreken.items() if v}
    else:
        marked = set(bespreken)
    fs = font_size if font_size is not None else max(7.0, min(11.0, size / 27.0))
    leading = fs * 1.25
    dot_r = fs * 0.32
    gap = fs * 0.6

    keys = list(DIMENSIES)
    n = len(keys)
    richting = 1 if spiegel else -1
    angles = [math.pi / 2 + richting * 2 * math.pi * i / n for i in range(n)]

    # Side labels get at most this width; the radius is what is left of the width.
    label_w = max(size * 0.26, fs * 5)
    radius = (size / 2 - gap - dot_r * 3 - label_w) / math.cos(math.pi / 6)
    radius = max(radius, size * 0.12)

    labels: list[tuple[list[str], str, bool]] = []
    for key in keys:
        sc = _score(scores.get(key))
        bold = key in marked
        font = FONT_BOLD if bold else FONT
        lines = _wrap((namen or DIMENSIES)[key], font, fs, label_w)
        sub = niet_besproken if sc is None else cijfer.format(cijfer=sc)
        if vorige is not None:
            v = Verandering(key, _score(vorige.get(key)), sc)
            sub = verschil(v) if verschil is not None else v.tekst
        labels.append((lines, sub, bold))

    top_lines = len(labels[0][0]) + 1
    bottom_lines = len(labels[n // 2][0]) + 1
    legend_h = (leading * 1.6 if legenda and marked else 0) + (leading * 1.6 if legenda and vorige is not None else 0)
    height = radius * 2 + gap * 2 + (top_lines + bottom_lines) * leading + legend_h + fs * 0.4
    d = Drawing(size, height)
    cx = size / 2
    cy = legend_h + bottom_lines * leading + gap + radius + fs * 0.2

    def point(i: int, value: float) -> tuple[float, float]:
        r = radius * value / 10.0
        return cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i])

    # grid: hexagons at 2, 4, 6, 8, 10
    for ring in (2, 4, 6, 8, 10):
        pts: list[float] = []
        for i in range(n):
            pts.extend(point(i, ring))
        d.add(Polygon(pts, strokeColor=GRID, strokeWidth=0.9 if ring == 10 else 0.4,
                      fillColor=None))
    # axes: dashed for a dimension without a score
    for i, key in enumerate(keys):
        x, y = point(i, 10)
        missing = _score(scores.get(key)) is None
        d.add(Line(cx, cy, x, y, strokeColor=AXIS if not missing else MUTED, strokeWidth=0.5,
                   strokeDashArray=[2, 2] if missing else None))
    # scale numbers along the top axis
    small = max(6.0, fs * 0.7)
    for ring in (5, 10):
        x, y = point(0, ring)
        d.add(String(x + small * 0.8, y - small * 1.1,
                     str(ring), fontName=FONT, fontSize=small, fillColor=MUTED))

    # the previous conversation: dashed outline, hollow squares, no fill
    if vorige is not None:
        vk = [(i, _score(vorige.get(k))) for i, k in enumerate(keys)]
        vk = [(i, s) for i, s in vk if s is not None]
        vp: list[float] = []
        for i, s in vk:
            vp.extend(point(i, s))
        if len(vk) >= 3:
            d.add(Polygon(vp, fillColor=None, strokeColor=TOEN, strokeWidth=1.2, strokeDashArray=[4, 2.5]))
        elif len(vk) == 2:
            d.add(PolyLine(vp, strokeColor=TOEN, strokeWidth=1.2, strokeDashArray=[4, 2.5]))
        q = fs * 0.3
        for i, s in vk:
            x, y = point(i, s)
            d.add(Rect(x - q, y - q, 2 * q, 2 * q, fillColor=colors.white, strokeColor=TOEN, strokeWidth=0.9))

    # the polygon of scores (only the dimensions that have one)
    known = [(i, _score(scores.get(k))) for i, k in enumerate(keys)]
    known = [(i, s) for i, s in known if s is not None]
    pts = []
    for i, s in known:
        pts.extend(point(i, s))
    if len(known) >= 3:
        d.add(Polygon(pts, fillColor=FILL, fillOpacity=0.22, strokeColor=LINE, strokeWidth=1.6))
    elif len(known) == 2:
        d.add(PolyLine(pts, strokeColor=LINE, strokeWidth=1.6))
    for i, s in known:
        x, y = point(i, s)
        d.add(Circle(x, y, fs * 0.22, fillColor=LINE, strokeColor=None))

    # labels
    for i, (lines, sub, bold) in enumerate(labels):
        c, s = math.cos(angles[i]), math.sin(angles[i])
        ax, ay = cx + (radius + gap) * c, cy + (radius + gap) * s
        if abs(c) < 0.1:
            anchor = "middle"
        elif c > 0:
            anchor = "start"
        else:
            anchor = "end"
        block = lines + [sub]
        total = len(block) * leading
        if s > 0.9:        # top: block sits above the vertex
            y0 = ay + total - leading + fs * 0.25
        elif s < -0.9:     # bottom: block hangs below the vertex
            y0 = ay - fs
        else:              # sides: block centred on the vertex
            y0 = ay + total / 2 - fs * 0.95
        font = FONT_BOLD if bold else FONT
        x_text = ax
        if bold:
            # the dot goes before the first line (after it, for labels that grow to the left)
            first_w = stringWidth(lines[0], font, fs)
            if spiegel and anchor == "end":        # right-to-left: the dot stands right of the text
                dot_x = ax - dot_r
                x_text = ax - dot_r * 3
            elif spiegel and anchor == "start":
                dot_x = ax + first_w + dot_r * 2
            elif anchor == "start":
                dot_x = ax + dot_r
                x_text = ax + dot_r * 3
            elif anchor == "end":
                dot_x = ax - first_w - dot_r * 2
            else:
                dot_x = ax - first_w / 2 - dot_r * 2
            d.add(Circle(dot_x, y0 + fs * 0.35, dot_r, fillColor=MARK, strokeColor=None))
        for j, text in enumerate(block):
            is_sub = j == len(block) - 1
            item = (x_text, y0 - j * leading, text, FONT if is_sub else font, fs * 0.9 if is_sub else fs,
                    MUTED if is_sub else TEXT, anchor)
            if shaping:
                teksten.append(item)
            else:
                d.add(String(item[0], item[1], text, fontName=item[3], fontSize=item[4], fillColor=item[5],
                             textAnchor=anchor))

    if legenda and vorige is not None:
        ly = legend_h - leading * 0.9
        t_nu, t_toen = legenda_nu, legenda_toen.format(datum=vorige_label)
        w_nu, w_toen = stringWidth(t_nu, FONT, fs * 0.9), stringWidth(t_toen, FONT, fs * 0.9)
        w = 22 + 4 + w_nu + 16 + 22 + 4 + w_toen
        lx = cx - w / 2
        # (line, text, text width, dashed); right to left: the first entry stands on the right
        entries = [(t_nu, w_nu, False), (t_toen, w_toen, True)]
        for text, tw, dashed in (reversed(entries) if spiegel else entries):
            if spiegel:     # text first, then its line sample on its right
                item = (lx, ly, text, FONT, fs * 0.9, TEXT, "start")
                x_line = lx + tw + 4
            else:
                item = (lx + 26, ly, text, FONT, fs * 0.9, TEXT, "start")
                x_line = lx
            d.add(Line(x_line, ly + fs * 0.3, x_line + 22, ly + fs * 0.3, strokeColor=TOEN if dashed else LINE,
                       strokeWidth=1.2 if dashed else 1.6, strokeDashArray=[4, 2.5] if dashed else None))
            if shaping:
                teksten.append(item)
            else:
                d.add(String(item[0], item[1], text, fontName=FONT, fontSize=fs * 0.9, fillColor=TEXT))
            lx += 26 + tw + 16
    if legenda and marked:
        w = stringWidth(legenda_tekst, FONT, fs * 0.9)
        lx = cx - (w + dot_r * 3) / 2
        if spiegel:
            d.add(Circle(lx + w + dot_r * 2, fs * 0.55, dot_r, fillColor=MARK, strokeColor=None))
            item = (lx, fs * 0.2, legenda_tekst, FONT, fs * 0.9, TEXT, "start")
        else:
            d.add(Circle(lx + dot_r, fs * 0.55, dot_r, fillColor=MARK, strokeColor=None))
            item = (lx + dot_r * 3, fs * 0.2, legenda_tekst, FONT, fs * 0.9, TEXT, "start")
        if shaping:
            teksten.append(item)
        else:
            d.add(String(item[0], item[1], legenda_tekst, fontName=FONT, fontSize=fs * 0.9, fillColor=TEXT))
    if shaping:
        return GevormdWeb(d, teksten, rtl=spiegel)
    return d


class GevormdWeb(Flowable):
    """The spinnenweb drawing with its texts drawn by the canvas with HarfBuzz shaping (and right-to-left
    ordering for ``rtl``): ReportLab's graphics ``String`` does not shape."""

    def __init__(self, drawing: Drawing, teksten: list[tuple], rtl: bool = False):
        super().__init__()
        self.drawing = drawing
        self.teksten = teksten
        self.rtl = rtl
        self.width, self.height = drawing.width, drawing.height
        self.hAlign = "CENTER"

    def wrap(self, avail_width, avail_height):  # noqa: D102 - ReportLab API
        return self.width, self.height

    def draw(self):  # noqa: D102 - ReportLab API
        c = self.canv
        renderPDF.draw(self.drawing, c, 0, 0)
        direction = "RTL" if self.rtl else None
        for x, y, text, font, size, colour, anchor in self.teksten:
            c.saveState()
            c.setFont(font, size)
            c.setFillColor(colour)
            draw = {"start": c.drawString, "end": c.drawRightString, "middle": c.drawCentredString}[anchor]
            draw(x, y, text, direction=direction, shaping=True)
            c.restoreState()
