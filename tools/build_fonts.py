"""Build the bundled fonts for Arabic and Tigrinya (Ethiopic) handouts: Noto Sans (Latin, Cyrillic)
merged with Noto Sans Arabic or Noto Sans Ethiopic, renamed so they cannot be mistaken for the
originals (SIL Open Font License 1.1, which allows modified versions under another name).

Run by a developer, not at run time: the results are committed in resources/fonts. Needs the Debian
package fonts-noto-core (the source fonts) and fontTools (pip install fonttools).

    python tools/build_fonts.py [/usr/share/fonts/truetype/noto]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts"
FAMILIES = {"Toegang Sans Arabic": "NotoSansArabic", "Toegang Sans Ethiopic": "NotoSansEthiopic"}


def _rename(font: TTFont, family: str, style: str) -> None:
    ps = f"{family.replace(' ', '')}-{style}"
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = f"{family} {style}"
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = f"{ps};toegang"


def main(src: str = "/usr/share/fonts/truetype/noto") -> None:
    folder = Path(src)
    for family, script in FAMILIES.items():
        for style in ("Regular", "Bold"):
            merged = Merger().merge([str(folder / f"NotoSans-{style}.ttf"), str(folder / f"{script}-{style}.ttf")])
            _rename(merged, family, style)
            target = OUT / f"{family.replace(' ', '')}-{style}.ttf"
            merged.save(str(target))
            print(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
