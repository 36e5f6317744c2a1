"""Draw the Toegang icon: an open door on the app's teal, with the focus yellow as the light inside.

Writes ``resources/icons/toegang.png`` (256 px, the window icon), ``packaging/toegang.ico``
(16-256 px, each size drawn at its own resolution so the small ones stay sharp) and
``packaging/windows/welkom.bmp`` (the installer's welcome/finish picture, 164x314). The outputs are
committed; run this again only when the design changes:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath, QPen,
                           QPolygonF)

ROOT = Path(__file__).resolve().parent.parent
FONT_FILE = ROOT / "resources" / "fonts" / "OpenSans-Bold.ttf"  # the app's own font, on every machine
TEAL = QColor("#0b6e69")  # ACCENT in toegang_app/ui/style.py
TEAL_DARK = QColor("#07504c")
LIGHT = QColor("#f0b400")  # focus colour in the style sheet
WHITE = QColor("#ffffff")
LEAF = QColor("#d7ebe9")
FLOOR = QColor("#f6d66b")
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)  # draw on a 256 grid

    # background: rounded square
    bg = QPainterPath()
    bg.addRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    p.fillPath(bg, TEAL)

    # the doorway (light coming out) and its frame
    p.fillRect(QRectF(86, 52, 92, 163), LIGHT)
    frame = QPen(WHITE, 14 if size >= 32 else 20)
    frame.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    p.setPen(frame)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline(QPolygonF([QPointF(86, 215), QPointF(86, 52), QPointF(178, 52), QPointF(178, 215)]))

    # the door leaf, swung open inwards on its left hinge (the far edge looks shorter)
    leaf = QPolygonF([QPointF(93, 59), QPointF(136, 74), QPointF(136, 190), QPointF(93, 201)])
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LEAF)
    p.drawPolygon(leaf)
    if size >= 32:  # door knob
        p.setBrush(TEAL_DARK)
        p.drawEllipse(QPointF(127, 134), 6, 6)

    # threshold: light falling out of the door onto the floor
    floor = QPolygonF([QPointF(79, 215), QPointF(185, 215), QPointF(212, 236), QPointF(52, 236)])
    p.setBrush(FLOOR)
    p.drawPolygon(floor)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QBuffer.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())


def dib_bytes(img: QImage) -> bytes:
    """A 32-bit BMP icon entry (BITMAPINFOHEADER, bottom-up BGRA, then the 1-bit AND mask), the form
    every Windows tool reads for the small sizes (NSIS, resource editors, old shells)."""
    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory on little-endian
    w, h = img.width(), img.height()
    out = io.BytesIO()
    out.write((40).to_bytes(4, "little") + w.to_bytes(4, "little") + (2 * h).to_bytes(4, "little"))
    out.write((1).to_bytes(2, "little") + (32).to_bytes(2, "little") + bytes(4))  # planes, bpp, BI_RGB
    out.write((w * h * 4 + ((w + 31) // 32) * 4 * h).to_bytes(4, "little") + bytes(16))
    for y in range(h - 1, -1, -1):
        out.write(bytes(img.constScanLine(y))[: w * 4])
    mask_row = ((w + 31) // 32) * 4
    for y in range(h - 1, -1, -1):
        bits = bytearray(mask_row)
        for x in range(w):
            if img.pixelColor(x, y).alpha() == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        out.write(bytes(bits))
    return out.getvalue()


def write_ico(path: Path, images: list[QImage]) -> None:
    """Windows ICO: BMP entries for the small sizes, PNG for 256 px (the usual Windows layout)."""
    entries = [(img.width(), png_bytes(img) if img.width() >= 256 else dib_bytes(img)) for img in images]
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(entries).to_bytes(2, "little")
    offset = 6 + 16 * len(entries)
    table, data = io.BytesIO(), io.BytesIO()
    for size, blob in entries:
        dim = 0 if size >= 256 else size  # 0 means 256
        table.write(bytes([dim, dim, 0, 0]))
        table.write((1).to_bytes(2, "little") + (32).to_bytes(2, "little"))
        table.write(len(blob).to_bytes(4, "little") + (offset + data.tell()).to_bytes(4, "little"))
        data.write(blob)
    path.write_bytes(header + table.getvalue() + data.getvalue())


def draw_welcome() -> QImage:
    """The left-hand picture of the installer's welcome and finish pages (NSIS MUI2: 164x314 BMP)."""
    img = QImage(164, 314, QImage.Format.Format_RGB888)
    img.fill(TEAL)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.drawImage(QPointF(18, 40), draw(128))
    p.setPen(WHITE)
    fid = QFontDatabase.addApplicationFont(str(FONT_FILE))
    font = QFont(QFontDatabase.applicationFontFamilies(fid)[0])
    font.setPixelSize(24)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, 186, 164, 32), Qt.AlignmentFlag.AlignHCenter, "Toegang")
    p.end()
    return img


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - needed for QImage text/AA
    png = ROOT / "resources" / "icons" / "toegang.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(png), "PNG")
    write_ico(ROOT / "packaging" / "toegang.ico", [draw(s) for s in ICO_SIZES])
    (ROOT / "packaging" / "windows").mkdir(parents=True, exist_ok=True)
    draw_welcome().save(str(ROOT / "packaging" / "windows" / "welkom.bmp"), "BMP")
    print(f"geschreven: {png.relative_to(ROOT)}, packaging/toegang.ico ({', '.join(map(str, ICO_SIZES))} px), "
          "packaging/windows/welkom.bmp")
    return 0


if __name__ == "__main__":
    sys.exit(main())
