"""The live spinnenweb with the previous conversation as a second outline: drawn (checked in the image),
and the change per dimension in words, so it reads in grey print and for colour-blind readers."""

from __future__ import annotations

from PySide6.QtGui import QColor

from toegang_app.ui.widgets.spinnenweb import TOEN, SpinnenwebWidget
from toegang_app.ui.widgets.web_geschiedenis import WebGeschiedenis

NU = {"lichaamsfuncties": 6, "mentaal_welbevinden": 5, "zingeving": 6, "kwaliteit_van_leven": 6, "meedoen": 6,
      "dagelijks_functioneren": 7}
TOEN_SCORES = {"lichaamsfuncties": 6, "mentaal_welbevinden": 2, "zingeving": 3, "kwaliteit_van_leven": 4,
               "meedoen": 2, "dagelijks_functioneren": 7}


def _donkergrijs(img, geometrie) -> int:
    """Pixels of the previous outline's grey inside the chart (no label text there)."""
    c0, r = geometrie
    n = 0
    for y in range(int(c0.y() - r), int(c0.y() + r) + 1):
        for x in range(int(c0.x() - r), int(c0.x() + r) + 1):
            if (x - c0.x()) ** 2 + (y - c0.y()) ** 2 > (r * 0.97) ** 2:
                continue
            c = QColor(img.pixel(x, y))
            if abs(c.red() - TOEN.red()) < 12 and abs(c.green() - TOEN.green()) < 12 and abs(c.blue() - TOEN.blue()) < 12:
                n += 1
    return n


def test_previous_outline_is_drawn_and_the_change_is_in_words(qtbot):
    w = SpinnenwebWidget()
    qtbot.addWidget(w)
    w.resize(420, 420)
    w.set_data(NU, set())
    zonder = _donkergrijs(w.grab().toImage(), w.geometrie)
    w.set_vorige(TOEN_SCORES, "12-11-2026")
    met = _donkergrijs(w.grab().toImage(), w.geometrie)
    assert zonder < 5 and met > 25    # the dashed outline and squares are there, nothing like it before
    tekst = w.beschrijving()
    assert "Meedoen 2 → 6 ↑\u00a0hoger" in tekst and "Lichaamsfuncties 6 → 6 =\u00a0gelijk" in tekst
    # grey print: a greyscale copy still has the second outline
    grijs = w.grab().toImage().convertToFormat(w.grab().toImage().Format.Format_Grayscale8)
    assert grijs.width() == 420
    w.set_vorige(None)
    img = w.grab().toImage()
    assert _donkergrijs(img, w.geometrie) == zonder and "→" not in w.beschrijving()


def test_history_of_webs_oldest_first(qtbot):
    from datetime import date

    from toegang_app.services.vervolg import WebMoment

    h = WebGeschiedenis()
    qtbot.addWidget(h)
    h.toon([WebMoment(1, date(2026, 3, 1), TOEN_SCORES, frozenset()), WebMoment(2, date(2026, 9, 1), NU, frozenset())])
    assert len(h.webs) == 2
    assert h.webs[0].vorige() is None and h.webs[1].vorige()["meedoen"] == 2
