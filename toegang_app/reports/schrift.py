"""Scripts other than Latin in the PDFs: fonts, HarfBuzz shaping and right-to-left ordering.

- Fonts: Open Sans covers Dutch, English, Polish, Turkish and Ukrainian (Cyrillic). Arabic and
  Tigrinya (Ethiopic) use the bundled "Toegang Sans Arabic" and "Toegang Sans Ethiopic" (Noto Sans
  merged with Noto Sans Arabic / Ethiopic, SIL OFL 1.1, see resources/fonts/LICENSE-Noto.txt and
  tools/build_fonts.py): one font per language that also holds the Latin letters and digits of names,
  postcodes and the worker's Dutch words, so a line never switches fonts.
- Shaping: ReportLab shapes Arabic with HarfBuzz (the ``uharfbuzz`` package) when a style says
  ``shaping=1``: the letters take their joined forms and ligatures. Ethiopic syllables are precomposed
  code points and need only the font.
- Ordering: ReportLab orders right-to-left lines through an ``rlbidi`` module (``log2vis``). That
  package is not on PyPI; :func:`activeer_bidi` gives ReportLab the same function built on the
  Unicode Bidirectional Algorithm of ``python-bidi`` (``bidi.algorithm``), with the visual-to-logical
  positions ReportLab needs to keep each word with its own font and style. Strings are never reversed
  by hand.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from toegang_app.paths import resources_dir
from toegang_app.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts


@dataclass(frozen=True)
class Schrift:
    """The fonts and direction of one writing system in a PDF."""

    naam: str           # latn | cyrl | arab | ethi
    regular: str
    bold: str
    italic: str
    rtl: bool = False
    shaping: bool = False


LATIJN = Schrift("latn", FONT, FONT_BOLD, FONT_ITALIC)
CYRILLISCH = Schrift("cyrl", FONT, FONT_BOLD, FONT_ITALIC)
ARABISCH = Schrift("arab", "ToegangSansArabic", "ToegangSansArabic-Bold", "ToegangSansArabic", rtl=True,
                   shaping=True)
# Ethiopic syllables are precomposed code points: the font alone shows them, no shaping needed
ETHIOPISCH = Schrift("ethi", "ToegangSansEthiopic", "ToegangSansEthiopic-Bold", "ToegangSansEthiopic")
SCHRIFTEN = {s.naam: s for s in (LATIJN, CYRILLISCH, ARABISCH, ETHIOPISCH)}

_BESTANDEN = {
    "ToegangSansArabic": "ToegangSansArabic-Regular.ttf",
    "ToegangSansArabic-Bold": "ToegangSansArabic-Bold.ttf",
    "ToegangSansEthiopic": "ToegangSansEthiopic-Regular.ttf",
    "ToegangSansEthiopic-Bold": "ToegangSansEthiopic-Bold.ttf",
}
_lock = threading.Lock()


def registreer(schrift: Schrift) -> Schrift:
    """Register the fonts of ``schrift`` (once) and make right-to-left ordering available."""
    register_fonts()
    with _lock:
        known = set(pdfmetrics.getRegisteredFontNames())
        for name in {schrift.regular, schrift.bold, schrift.italic}:
            if name not in known and name in _BESTANDEN:
                pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / _BESTANDEN[name])))
    if schrift.rtl:
        activeer_bidi()
    if schrift.shaping:
        _zonder_optionele_ligaturen()
    return schrift


def _zonder_optionele_ligaturen() -> None:
    """HarfBuzz shapes with the required Arabic features (joining forms, the lam-alef ligature); ReportLab
    also asks for the optional ligatures (liga, dlig), whose glyphs it can only map to private-use code
    points, so that the PDF's text could not be searched, copied or read aloud. Toegang asks for kerning
    only."""
    from reportlab.pdfbase import ttfonts

    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None)
    if defaults and isinstance(defaults[0], dict):
        defaults[0].update(liga=False, dlig=False)


@lru_cache(maxsize=None)
def glyphs(font: str) -> frozenset[int]:
    """The code points ``font`` has a glyph for (the font must be registered)."""
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def ontbrekend(text: str, schrift: Schrift) -> set[str]:
    """The characters of ``text`` that the regular font of ``schrift`` cannot show (ignoring line breaks
    and the invisible bidi marks)."""
    registreer(schrift)
    have = glyphs(schrift.regular)
    return {ch for ch in text if ord(ch) not in have and ch not in "\n\r\t\u200e\u200f"}


# ------------------------------------------------------------------------------------------------
# Right-to-left ordering for ReportLab
# ------------------------------------------------------------------------------------------------

def log2vis(text: str, base_direction: str | None = "RTL", clean: bool = True, positions_V_to_L=None,
            **_ignored) -> str:
    """The visual order of one line of ``text`` (Unicode Bidirectional Algorithm, UAX #9, as
    implemented by python-bidi), the interface ReportLab expects of ``rlbidi.log2vis``.
    ``positions_V_to_L``, when a list, receives for each visual position the logical index."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    d = (base_direction or "").upper()
    level = 1 if d == "RTL" else 0 if d == "LTR" else uba.get_base_level(text, False)
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    uba.get_embedding_levels(text, storage, False, False)
    for i, ch in enumerate(storage["chars"]):
        ch["logisch"] = i
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    chars = storage["chars"]
    if positions_V_to_L is not None:
        positions_V_to_L[:] = [c["logisch"] for c in chars]
    return "".join(c["ch"] for c in chars)


_BIDI_NAMEN = ("rtlSupport", "bidiText", "bidiWordList", "isBidiStr", "bidiStrWrap", "isBidiList", "BidiList",
               "bidiListWrap", "BidiIndex", "bidiFragWord", "innerBidiStrWrap", "bidiShapedText")


def activeer_bidi() -> None:
    """Make ReportLab's right-to-left support use :func:`log2vis` (idempotent)."""
    with _lock:
        if "rlbidi" not in sys.modules:
            shim = types.ModuleType("rlbidi")
            shim.__doc__ = "toegang_app.reports.schrift: log2vis on python-bidi (UAX #9)"
            shim.log2vis = log2vis
            sys.modules["rlbidi"] = shim
        textobject = importlib.import_module("reportlab.pdfgen.textobject")
        if not textobject.rtlSupport:
            # imported before the shim existed: define its bidi functions again, in place
            textobject = importlib.reload(textobject)
        for modname in ("reportlab.platypus.paragraph", "reportlab.pdfgen.canvas", "reportlab.graphics.renderPM"):
            mod = sys.modules.get(modname)
            if mod is None:
                continue
            for name in _BIDI_NAMEN:
                if hasattr(mod, name) and hasattr(textobject, name):
                    setattr(mod, name, getattr(textobject, name))
