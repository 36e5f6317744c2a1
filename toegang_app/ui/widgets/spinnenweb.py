"""The live spinnenweb: the six Positieve Gezondheid scores as a spider chart, vector-drawn with QPainter
so it is crisp at any size (and prints as vectors). Dimensions the resident wants to talk about are
marked with a red ring and a bold label with a marker, so the mark never relies on colour alone.

A follow-up conversation shows the previous scores as a second, dashed outline with hollow squares, and
under each name the change in words ("3 → 6 ↑ hoger"), so the picture reads in grey print and for
colour-blind readers too."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from toegang_app.domain import vervolg
from toegang_app.domain.vocab import DIMENSIES

GRID = QColor("#9aa5b1")
AXIS = QColor("#c3cbd3")
LINE = QColor("#1f5f8b")
MARK = QColor("#c0392b")
TEXT = QColor("#1b1b1b")
MUTED = QColor("#5f6b76")
TOEN = QColor("#4a4a4a")
NIET_BESPROKEN = "niet besproken"
LEGENDA = "hier wil ik over praten"

# Short labels so the chart stays readable when narrow.
LABELS = {
    "lichaamsfuncties": "Lichaam",
    "mentaal_welbevinden": "Mentaal welbevinden",
    "zingeving": "Zingeving",
    "kwaliteit_van_leven": "Kwaliteit van leven",
    "meedoen": "Meedoen",
    "dagelijks_functioneren": "Dagelijks functioneren",
}


class SpinnenwebWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._scores: dict[str, int | None] = {k: None for k in DIMENSIES}
        self._bespreken: set[str] = set()
        self._vorige: dict[str, int | None] | None = None
        self._vorige_label = "vorige keer"
        self.geometrie: tuple[QPointF, float] | None = None
        self.setMinimumSize(260, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Spinnenweb van de zes dimensies")
        self._update_description()

    # -- data ------------------------------------------------------------------------------------
    def set_data(self, scores: dict[str, int | None], bespreken) -> None:
        scores = {k: scores.get(k) for k in DIMENSIES}
        marked = {k for k in bespreken if k in DIMENSIES}
        if scores == self._scores and marked == self._bespreken:
            return
        self._scores, self._bespreken = scores, marked
        self._update_description()
        self.update()

    def set_vorige(self, scores: dict[str, int | None] | None, label: str = "vorige keer") -> None:
        """The previous conversation's scores (a follow-up), or None for a conversation on its own."""
        vorige = {k: scores.get(k) for k in DIMENSIES} if scores is not None else None
        if vorige == self._vorige and label == self._vorige_label:
            return
        self._vorige, self._vorige_label = vorige, label
        self._update_description()
        self.update()

    def vorige(self) -> dict[str, int | None] | None:
        return dict(self._vorige) if self._vorige is not None else None

    def veranderingen(self) -> list[vervolg.Verandering]:
        return vervolg.veranderingen(self._vorige or {}, self._scores) if self._vorige is not None else []

    def scores(self) -> dict[str, int | None]:
        return dict(self._scores)

    def bespreken(self) -> set[str]:
        return set(self._bespreken)

    def beschrijving(self) -> str:
        """The chart in words (screen readers, tooltips, tests)."""
        parts = []
        for k, label in DIMENSIES.items():
            v = self._scores.get(k)
            text = f"{label} {v}" if v is not None else f"{label} {NIET_BESPROKEN}"
            if self._vorige is not None:
                text = f"{label} {vervolg.Verandering(k, self._vorige.get(k), v).kort}"
            if k in self._bespreken:
                text += f" ({LEGENDA})"
            parts.append(text)
        return "; ".join(parts)

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.beschrijving())
        self.setToolTip(self.beschrijving())

    # -- drawing ---------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        self.paint(p, QRectF(self.rect()))
        p.end()

    def paint(self, p: QPainter, area: QRectF) -> None:
        """Draw into ``area`` of any QPainter (screen, image or printer)."""
        base = QFont(self.font())
        fs = max(7.5, min(11.0, min(area.width(), area.height()) / 28))
        base.setPointSizeF(fs)
        bold = QFont(base)
        bold.setBold(True)
        fm, fmb = QFontMetricsF(base), QFontMetricsF(bold)
        legend_h = fm.height() * (1.6 if self._vorige is None else 3.2)
        chart = QRectF(area.left(), area.top(), area.width(), area.height() - legend_h)
        label_w = min(max(fmb.horizontalAdvance(w) for w in ("functioneren", "welbevinden", "Kwaliteit")) + 24,
                      chart.width() * 0.3)
        keys0 = list(DIMENSIES)

        def sub_regels(k: str) -> int:
            if self._vorige is None:
                return 1
            return len(_wrap(vervolg.Verandering(k, self._vorige.get(k), self._scores.get(k)).kort, fm, label_w))

        top_room = (1 + sub_regels(keys0[0])) * fmb.height() + 12      # name + score above the top axis
        bottom_room = (2 + sub_regels(keys0[len(keys0) // 2])) * fmb.height() + 12   # wrapped name + score below
        r = max(30.0, min((chart.width() - 2 * label_w) / 2, (chart.height() - top_room - bottom_room) / 2))
        c = QPointF(chart.center().x(), chart.top() + top_room + r)
        self.geometrie = (QPointF(c), r)   # centre and radius of the last drawing (tests, hit testing)
        keys = list(DIMENSIES)
        n = len(keys)

        def point(i: int, value: float) -> QPointF:
            ang = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(c.x() + r * value / 10 * math.cos(ang), c.y() + r * value / 10 * math.sin(ang))

        # grid rings at 2, 4, ... 10 and axes
        for ring in (2, 4, 6, 8, 10):
            pen = QPen(GRID if ring == 10 else AXIS, 1.2 if ring == 10 else 0.8)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        p.setPen(QPen(AXIS, 0.8))
        for i in range(n):
            p.drawLine(c, point(i, 10))
        # scale numbers along the first axis, shifted right of it
        small = QFont(base)
        small.setPointSizeF(fs * 0.8)
        p.setFont(small)
        p.setPen(MUTED)
        for ring in (0, 5, 10):
            pt = point(0, ring)
            sw = QFontMetricsF(small).horizontalAdvance(str(ring))
            p.drawText(QPointF(pt.x() - sw - 4, pt.y() + QFontMetricsF(small).ascent() / 2), str(ring))

        # the previous conversation: a dashed outline with hollow squares (no fill), under the current one
        if self._vorige is not None:
            vorig = [(i, self._vorige[k]) for i, k in enumerate(keys) if self._vorige.get(k) is not None]
            pen = QPen(TOEN, 1.8, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            if len(vorig) >= 3:
                pts = [point(i, v) for i, v in vorig]
                p.drawPolygon(QPolygonF(pts))
            elif len(vorig) == 2:
                p.drawLine(point(*vorig[0]), point(*vorig[1]))
            sq = max(3.0, fs * 0.45)
            p.setPen(QPen(TOEN, 1.6))
            p.setBrush(Qt.GlobalColor.white)
            for i, v in vorig:
                pt = point(i, v)
                p.drawRect(QRectF(pt.x() - sq, pt.y() - sq, 2 * sq, 2 * sq))

        # the score polygon (only over answered dimensions)
        answered = [(i, self._scores[k]) for i, k in enumerate(keys) if self._scores.get(k) is not None]
        if len(answered) >= 3:
            path = QPainterPath()
            pts = [point(i, v) for i, v in answered]
            path.addPolygon(QPolygonF(pts + [pts[0]]))
            fill = QColor(LINE)
            fill.setAlpha(50)
            p.setPen(QPen(LINE, 2.2))
            p.setBrush(fill)
            p.drawPath(path)
        elif len(answered) == 2:
            p.setPen(QPen(LINE, 2.2))
            p.drawLine(point(*answered[0]), point(*answered[1]))
        dot = max(3.0, fs * 0.42)
        for i, v in answered:
            k = keys[i]
            pt = point(i, v)
            if k in self._bespreken:
                p.setPen(QPen(MARK, 2.4))
                p.setBrush(Qt.GlobalColor.white)
                p.drawEllipse(pt, dot * 1.9, dot * 1.9)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(LINE)
            p.drawEllipse(pt, dot, dot)

        # labels outside the ring: name, then score or "niet besproken"
        for i, k in enumerate(keys):
            marked = k in self._bespreken
            font, metrics = (bold, fmb) if marked else (base, fm)
            name = ("● " if marked else "") + LABELS[k]
            v = self._scores.get(k)
            sub = str(v) if v is not None else NIET_BESPROKEN
            if self._vorige is not None:
                sub = vervolg.Verandering(k, self._vorige.get(k), v).kort
            ang = -math.pi / 2 + 2 * math.pi * i / n
            anchor = QPointF(c.x() + (r + 10) * math.cos(ang), c.y() + (r + 10) * math.sin(ang))
            lines = _wrap(name, metrics, label_w)
            sub_lines = _wrap(sub, fm, label_w)
            h = metrics.height() * len(lines) + fm.height() * len(sub_lines)
            cos = math.cos(ang)
            if abs(cos) < 0.2:
                x_align = Qt.AlignmentFlag.AlignHCenter
                left = anchor.x() - label_w / 2
            elif cos > 0:
                x_align = Qt.AlignmentFlag.AlignLeft
                left = anchor.x()
            else:
                x_align = Qt.AlignmentFlag.AlignRight
                left = anchor.x() - label_w
            sin = math.sin(ang)
            top = anchor.y() - h if sin < -0.5 else (anchor.y() if sin > 0.5 else anchor.y() - h / 2)
            box = QRectF(left, top, label_w, h)
            p.setFont(font)
            p.setPen(MARK if marked else TEXT)
            p.drawText(QRectF(box.left(), box.top(), box.width(), metrics.height() * len(lines)),
                       x_align | Qt.AlignmentFlag.AlignTop, "\n".join(lines))
            p.setFont(base)
            p.setPen(MUTED if v is None else TEXT)
            p.drawText(QRectF(box.left(), box.top() + metrics.height() * len(lines), box.width(),
                              fm.height() * len(sub_lines)), x_align | Qt.AlignmentFlag.AlignTop, "\n".join(sub_lines))

        # legend: what the two outlines mean (a follow-up), then the 'bespreken' mark
        if self._vorige is not None:
            y = area.bottom() - legend_h + fm.height() * 0.6
            items = [(QPen(LINE, 2.2), "nu"), (QPen(TOEN, 1.8, Qt.PenStyle.DashLine), f"toen ({self._vorige_label})")]
            widths = [28 + 6 + fm.horizontalAdvance(t) for _pen, t in items]
            x = area.center().x() - (sum(widths) + 24) / 2
            p.setFont(base)
            for (pen, t), w in zip(items, widths):
                p.setPen(pen)
                p.drawLine(QPointF(x, y), QPointF(x + 28, y))
                p.setPen(TEXT)
                p.drawText(QPointF(x + 34, y + fm.ascent() / 2 - 1), t)
                x += w + 24
        if self._bespreken:
            y = area.bottom() - legend_h / 2 if self._vorige is None else area.bottom() - fm.height() * 0.7
            text = f"= {LEGENDA}"
            w = fm.horizontalAdvance(text) + 2 * dot * 2 + 8
            x = area.center().x() - w / 2
            p.setPen(QPen(MARK, 2.0))
            p.setBrush(Qt.GlobalColor.white)
            p.drawEllipse(QPointF(x + dot * 2, y), dot * 1.6, dot * 1.6)
            p.setPen(MARK)
            p.setFont(base)
            p.drawText(QPointF(x + dot * 4 + 8, y + fm.ascent() / 2 - 1), text)


def _wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    words, lines, cur = [w for w in text.split(" ") if w], [], ""   # a no-break space keeps "↑ hoger" together
    for w in words:
        trial = f"{cur} {w}".strip()
        if fm.horizontalAdvance(trial) <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines
