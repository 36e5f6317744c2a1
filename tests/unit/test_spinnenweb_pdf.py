"""The spinnenweb Drawing: geometry, marks, labels inside the drawing, and a PDF round trip."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Polygon, PolyLine, String

from toegang_app.domain.vocab import DIMENSIES
from toegang_app.reports.fonts import FONT_BOLD
from toegang_app.reports.spinnenweb import LEGENDA, NIET_BESPROKEN, spinnenweb

ALL = {"lichaamsfuncties": 5, "mentaal_welbevinden": 4, "zingeving": 3, "kwaliteit_van_leven": 7,
       "meedoen": 2, "dagelijks_functioneren": 10}


def strings(d: Drawing) -> list[String]:
    return [s for s in d.getContents() if isinstance(s, String)]


def label_text(d: Drawing) -> str:
    return " ".join(s.text for s in strings(d))


def score_polygon(d: Drawing) -> Polygon | None:
    polys = [p for p in d.getContents() if isinstance(p, Polygon) and p.fillColor is not None]
    return polys[0] if polys else None


@pytest.mark.parametrize("size", [150, 240, 340, 480])
def test_everything_inside_the_drawing(size):
    d = spinnenweb(ALL, {"meedoen", "dagelijks_functioneren", "lichaamsfuncties"}, size=size)
    assert d.width == size and d.height > 0
    x0, y0, x1, y1 = d.getBounds()
    assert x0 >= -0.5 and y0 >= -0.5
    assert x1 <= d.width + 0.5 and y1 <= d.height + 0.5


def test_labels_scores_and_marks():
    d = spinnenweb(ALL, {"meedoen": True, "zingeving": True, "lichaamsfuncties": False}, size=300)
    text = label_text(d)
    for naam in DIMENSIES.values():
        for word in naam.split():
            assert word in text
    for score in ALL.values():
        assert f"cijfer {score}" in text
    assert NIET_BESPROKEN not in text
    assert LEGENDA in text
    bold = {s.text for s in strings(d) if s.fontName == FONT_BOLD}
    assert bold == {"Meedoen", "Zingeving"}
    # two marks for the labels + one in the legend (score points are smaller, blue circles)
    marks = [c for c in d.getContents() if isinstance(c, Circle) and c.r > 3 and c.fillColor != c.strokeColor
             and c.fillColor.hexval() == "0xc0392b"]
    assert len(marks) == 3
    assert score_polygon(d) is not None and len(score_polygon(d).points) == 12


def test_polygon_follows_the_scores():
    d = spinnenweb({k: 10 for k in DIMENSIES}, size=300)
    outer = score_polygon(d).points
    d0 = spinnenweb({k: 0 for k in DIMENSIES}, size=300)
    centre = score_polygon(d0).points
    xs, ys = centre[0::2], centre[1::2]
    assert max(xs) - min(xs) < 1e-6 and max(ys) - min(ys) < 1e-6  # all at the centre
    # score 10 on the top axis: straight above the centre
    assert abs(outer[0] - centre[0]) < 1e-6 and outer[1] > centre[1]
    # out-of-range input is clamped, not drawn outside the grid
    clamped = score_polygon(spinnenweb({k: 99 for k in DIMENSIES}, size=300)).points
    assert clamped == pytest.approx(outer)


def test_missing_scores_are_niet_besproken():
    d = spinnenweb({"meedoen": 2, "zingeving": None}, size=300)
    text = label_text(d)
    assert text.count(NIET_BESPROKEN) == 5
    assert score_polygon(d) is None
    assert LEGENDA not in text  # nothing marked: no legend
    two = spinnenweb({"meedoen": 2, "zingeving": 6}, size=300)
    assert any(isinstance(p, PolyLine) for p in two.getContents())
    empty = spinnenweb({}, size=300)
    assert label_text(empty).count(NIET_BESPROKEN) == 6


def test_pdf_round_trip(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    d = spinnenweb({**ALL, "kwaliteit_van_leven": None}, {"meedoen"}, size=320)
    path = tmp_path / "spinnenweb.pdf"
    renderPDF.drawToFile(d, str(path))
    text = re.sub(r"\s+", " ", pypdf.PdfReader(str(path)).pages[0].extract_text())
    assert "Lichaamsfuncties" in text and "Meedoen" in text
    assert "niet besproken" in text and "cijfer 10" in text and LEGENDA in text
    target = os.environ.get("TOEGANG_PDF_KEEP")
    if target and shutil.which("pdftoppm"):
        Path(target).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(Path(target) / "spinnenweb")],
                       check=True)


def test_reports_import_no_qt_and_no_sqlalchemy():
    folder = Path(__file__).resolve().parents[2] / "toegang_app" / "reports"
    for name in ("handout.py", "spinnenweb.py", "fonts.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = []
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            for m in mods:
                assert not m.startswith(("PySide6", "sqlalchemy", "toegang_app.storage",
                                         "toegang_app.ui", "toegang_app.services")), (name, m)
