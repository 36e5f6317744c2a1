"""Open Sans for every PDF: the bundled TTFs in ``resources/fonts`` registered once in ReportLab.

``register_fonts()`` is idempotent and safe to call from every report. After it, use the font names
``OpenSans``, ``OpenSans-Bold``, ``OpenSans-Italic`` (and ``OpenSans-BoldItalic``, mapped to Bold
because no bold-italic face is bundled); ``<b>``/``<i>`` in Paragraphs work through the family mapping.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from toegang_app.paths import resources_dir

FONT = "OpenSans"
FONT_BOLD = "OpenSans-Bold"
FONT_ITALIC = "OpenSans-Italic"
FONT_BOLD_ITALIC = "OpenSans-BoldItalic"

_FILES = {
    FONT: "OpenSans-Regular.ttf",
    FONT_BOLD: "OpenSans-Bold.ttf",
    FONT_ITALIC: "OpenSans-Italic.ttf",
    FONT_BOLD_ITALIC: "OpenSans-Bold.ttf",  # no bold-italic face bundled
}

_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register Open Sans (regular, bold, italic) and its family mapping; does nothing the second time."""
    global _done
    with _lock:
        if _done:
            return
        folder = resources_dir() / "fonts"
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT_ITALIC)
        addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _done = True
