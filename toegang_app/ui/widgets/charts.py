"""Charts drawn with QPainter (QtCharts is not part of PySide6-Essentials).

``GrafiekWidget`` draws a :class:`~toegang_app.domain.statistiek.GrafiekData`:

* ``"staaf"``: horizontal bars, one per category, value at the end of each bar;
* ``"kolom"``: columns per category (one or more series side by side);
* ``"gestapeld"``: stacked columns per category (e.g. per month), with a legend;
* ``"lijn"``: one line per series over the categories (months).

Every chart has its title, a value axis with its Dutch label and gridlines, category labels (thinned
out when there are many) and, where there is room, the values themselves. Hidden cells ('<5', 'x')
are drawn hatched (a '<5' up to 4, an 'x' at 5, its least possible value) with their marker as label,
never as 0; a line breaks at a hidden month. The data is plain Python; nothing here queries.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

KLEUREN = ("#0b6e69", "#f0a500", "#6d8fc7", "#c0504d", "#7aa95c", "#8e6bb0", "#9aa4a4")


def nice_max(v: float) -> float:
    if v <= 0:
        return 5.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def _verborgen_hoogte(label: str) -> float:
    return 4.0 if label == "<5" else 5.0


def _arcering(p: QPainter, r: QRectF) -> None:
    """A hatched, dashed box: a hidden value."""
    p.save()
    p.setPen(QPen(QColor("#556"), 1, Qt.PenStyle.DashLine))
    p.setBrush(QBrush(QColor("#778"), Qt.BrushStyle.BDiagPattern))
    p.drawRect(r)
    p.restore()


def _getal(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", ".")
    return f"{v:.1f}".replace(".", ",")


class GrafiekWidget(QWidget):
    """A readable chart for one table (see the module docstring)."""

    def __init__(self, data=None, parent=None):
        super().__init__(parent)
        self._data = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(320)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.set_data(data)

    def set_data(self, data) -> None:
        self._data = data
        self.setAccessibleName(f"Grafiek: {data.titel}" if data else "Grafiek")
        if data is not None:
            self.setAccessibleDescription(self.tekst_alternatief())
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def data(self):
        return self._data

    def tekst_alternatief(self) -> str:
        """The chart as text (screen readers)."""
        d = self._data
        if d is None:
            return ""
        parts = []
        for i, cat in enumerate(d.categorieen):
            vals = ", ".join(f"{s}: {d.labels[k][i]}" for k, s in enumerate(d.reeksen))
            parts.append(f"{cat}: {vals}")
        return f"{d.titel}. " + "; ".join(parts)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        d = self._data
        if d is not None and d.soort == "staaf":
            ns = max(1, len(d.waarden))
            legend = 22 if ns > 1 else 0
            return QSize(520, 64 + int((24 + 12 * (ns - 1)) * max(1, len(d.categorieen))) + 28 + legend)
        return QSize(520, 280)

    # -- painting ----------------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(QColor("#d8e0e0")))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        d = self._data
        if d is None or not d.categorieen:
            p.setPen(QColor("#445"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Geen gegevens in deze periode.")
            p.end()
            return
        base = QFont(self.font())
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.05)
        p.setFont(title)
        p.setPen(QColor("#123"))
        p.drawText(QRectF(10, 6, self.width() - 20, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   d.titel)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        p.setFont(small)
        if d.soort == "staaf":
            self._staaf(p, d, small)
        else:
            self._kolommen(p, d, small)
        p.end()

    def _staaf(self, p: QPainter, d, font: QFont) -> None:
        """Horizontal bars; with several series (gemeenten) one bar per series side by side."""
        fm = QFontMetrics(font)
        ns = max(1, len(d.waarden))
        legend_h = 22 if ns > 1 else 0
        label_w = min(int(self.width() * 0.38), max(fm.horizontalAdvance(c) for c in d.categorieen) + 12)
        left, top = 10 + label_w, 34
        right = self.width() - 16 - fm.horizontalAdvance("00.000")
        bottom = self.height() - 38 - legend_h
        if "score" in d.as_label.lower():
            vmax = 10.0
        elif "(%)" in d.as_label:
            vmax = 100.0
        else:
            vmax = nice_max(d.schaal_max() * 1.05)
        row_h = (bottom - top) / max(1, len(d.categorieen))
        self._raster_x(p, left, right, top, bottom, vmax, fm)
        sub_h = row_h * 0.72 / ns
        for i, cat in enumerate(d.categorieen):
            y = top + i * row_h
            text = fm.elidedText(cat, Qt.TextElideMode.ElideRight, label_w - 8)
            p.setPen(QColor("#223"))
            p.drawText(QRectF(6, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       text)
            for s_i in range(ns):
                v = d.waarden[s_i][i]
                y0 = y + row_h * 0.14 + s_i * sub_h
                if v is None:
                    w = max(6.0, (right - left) * (_verborgen_hoogte(d.labels[s_i][i]) / vmax)) if vmax else 6.0
                    _arcering(p, QRectF(left, y0, w, sub_h * 0.9))
                else:
                    w = (right - left) * (v / vmax) if vmax else 0
                    p.fillRect(QRectF(left, y0, max(0.0, w), sub_h * 0.9), QColor(KLEUREN[s_i % len(KLEUREN)]))
                p.setPen(QColor("#223"))
                p.drawText(QRectF(left + w + 4, y0 - 2, 80, sub_h + 4),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, d.labels[s_i][i])
        p.setPen(QColor("#445"))
        p.drawText(QRectF(left, bottom + 18, right - left, 18), Qt.AlignmentFlag.AlignCenter, d.as_label)
        if d.verborgen:
            p.setPen(QColor("#667"))
            p.drawText(QRectF(left, 18, right - left, 16), Qt.AlignmentFlag.AlignRight,
                       "gearceerd: afgeschermd aantal ('<5' of 'x'), niet 0")
        if legend_h:
            x = left
            y = self.height() - 22
            for s_i, name in enumerate(d.reeksen):
                p.fillRect(QRectF(x, y + 3, 12, 12), QColor(KLEUREN[s_i % len(KLEUREN)]))
                p.setPen(QColor("#223"))
                p.drawText(QRectF(x + 16, y, fm.horizontalAdvance(name) + 6, 18),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
                x += 16 + fm.horizontalAdvance(name) + 18

    def _raster_x(self, p, left, right, top, bottom, vmax, fm) -> None:
        steps = 5
        for k in range(steps + 1):
            x = left + (right - left) * k / steps
            p.setPen(QPen(QColor("#e3e9e9"), 1))
            p.drawLine(QPointF(x, top), QPointF(x, bottom))
            p.setPen(QColor("#445"))
            lab = _getal(vmax * k / steps)
            p.drawText(QRectF(x - 40, bottom + 2, 80, 16), Qt.AlignmentFlag.AlignHCenter, lab)
        p.setPen(QPen(QColor("#667"), 1))
        p.drawLine(QPointF(left, top), QPointF(left, bottom))

    def _kolommen(self, p: QPainter, d, font: QFont) -> None:
        fm = QFontMetrics(font)
        n = len(d.categorieen)
        stacked = d.soort == "gestapeld"
        vmax = nice_max(d.schaal_max() * 1.08)
        left = 30 + fm.horizontalAdvance(_getal(vmax)) + 6
        right = self.width() - 14
        top = 36
        legend_h = 22 if len(d.reeksen) > 1 else 0
        bottom = self.height() - 40 - legend_h
        # value axis: label (rotated), gridlines, ticks
        p.save()
        p.translate(14, (top + bottom) / 2)
        p.rotate(-90)
        p.setPen(QColor("#445"))
        p.drawText(QRectF(-(bottom - top) / 2, -8, bottom - top, 16), Qt.AlignmentFlag.AlignCenter, d.as_label)
        p.restore()
        steps = 5
        for k in range(steps + 1):
            y = bottom - (bottom - top) * k / steps
            p.setPen(QPen(QColor("#e3e9e9"), 1))
            p.drawLine(QPointF(left, y), QPointF(right, y))
            p.setPen(QColor("#445"))
            p.drawText(QRectF(22, y - 8, left - 26, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       _getal(vmax * k / steps))
        p.setPen(QPen(QColor("#667"), 1))
        p.drawLine(QPointF(left, bottom), QPointF(right, bottom))

        slot = (right - left) / max(1, n)
        # category labels, thinned out so they never overlap
        widest = max(fm.horizontalAdvance(c) for c in d.categorieen) + 8
        every = max(1, math.ceil(widest / slot))
        p.setPen(QColor("#223"))
        if n <= 12 and every > 1 and d.soort != "lijn":
            # few categories with long names (voorzieningen): every label, elided to its slot
            for i, cat in enumerate(d.categorieen):
                cx = left + slot * (i + 0.5)
                text = fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(slot - 4))
                p.drawText(QRectF(cx - slot / 2, bottom + 3, slot, 16), Qt.AlignmentFlag.AlignHCenter, text)
        else:
            for i, cat in enumerate(d.categorieen):
                if i % every:
                    continue
                cx = left + slot * (i + 0.5)
                p.drawText(QRectF(cx - widest / 2, bottom + 3, widest, 16), Qt.AlignmentFlag.AlignHCenter, cat)
        if d.verborgen:
            p.setPen(QColor("#667"))
            p.drawText(QRectF(left, 18, right - left, 16), Qt.AlignmentFlag.AlignRight,
                       "gearceerd: afgeschermd aantal ('<5' of 'x'), niet 0")

        def ypos(v: float) -> float:
            return bottom - (bottom - top) * (v / vmax if vmax else 0)

        show_values = slot >= fm.horizontalAdvance("0.000") + 4
        if d.soort == "lijn":
            for s, vals in enumerate(d.waarden):
                kleur = QColor(KLEUREN[s % len(KLEUREN)])
                path = QPainterPath()
                open_ = False
                for i, v in enumerate(vals):
                    if v is None:  # a hidden month breaks the line; a hatched mark shows where
                        open_ = False
                        bw = max(4.0, slot * 0.3)
                        h = max(3.0, bottom - ypos(_verborgen_hoogte(d.labels[s][i])))
                        _arcering(p, QRectF(left + slot * (i + 0.5) - bw / 2, bottom - h, bw, h))
                        continue
                    pt = QPointF(left + slot * (i + 0.5), ypos(v))
                    if open_:
                        path.lineTo(pt)
                    else:
                        path.moveTo(pt)
                        open_ = True
                p.setPen(QPen(kleur, 2.2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
                if n <= 24:
                    p.setBrush(kleur)
                    for i, v in enumerate(vals):
                        if v is not None:
                            p.drawEllipse(QPointF(left + slot * (i + 0.5), ypos(v)), 2.6, 2.6)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                if show_values and n <= 12:
                    p.setPen(kleur.darker(130))
                    for i, v in enumerate(vals):
                        y = ypos(v if v is not None else _verborgen_hoogte(d.labels[s][i]))
                        p.drawText(QRectF(left + slot * i, y - 18, slot, 14), Qt.AlignmentFlag.AlignHCenter,
                                   d.labels[s][i])
        else:
            ns = len(d.waarden)
            for i in range(n):
                x0 = left + slot * i + slot * 0.14
                wtot = slot * 0.72
                acc = 0.0
                for s in range(ns):
                    v = d.waarden[s][i]
                    verborgen = v is None
                    if verborgen:
                        v = _verborgen_hoogte(d.labels[s][i])
                    kleur = QColor(KLEUREN[s % len(KLEUREN)])
                    if stacked:
                        r = QRectF(x0, ypos(acc + v), wtot, ypos(acc) - ypos(acc + v))
                        acc += v
                    else:
                        bw = wtot / ns
                        r = QRectF(x0 + s * bw, ypos(v), bw, bottom - ypos(v))
                    if verborgen:
                        _arcering(p, r)
                        continue
                    p.fillRect(r, kleur)
                    if show_values and (not stacked or r.height() >= fm.height()) and (ns == 1 or stacked):
                        p.setPen(QColor("white") if stacked else QColor("#223"))
                        tr = r if stacked else QRectF(r.x() - 10, r.y() - 16, r.width() + 20, 14)
                        p.drawText(tr, Qt.AlignmentFlag.AlignCenter, d.labels[s][i])
                if stacked and show_values:
                    p.setPen(QColor("#223"))
                    label = d.totalen[i] if d.totalen else _getal(acc)
                    p.drawText(QRectF(x0 - 10, ypos(acc) - 16, wtot + 20, 14), Qt.AlignmentFlag.AlignHCenter,
                               label)
        # legend
        if legend_h:
            x = left
            y = self.height() - 22
            for s, name in enumerate(d.reeksen):
                p.fillRect(QRectF(x, y + 3, 12, 12), QColor(KLEUREN[s % len(KLEUREN)]))
                p.setPen(QColor("#223"))
                p.drawText(QRectF(x + 16, y, fm.horizontalAdvance(name) + 6, 18),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
                x += 16 + fm.horizontalAdvance(name) + 18
