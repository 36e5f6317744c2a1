"""Screenshots of the main screens and the conversation editor at a given Qt scale and window size, to
check for clipping (issue 25: 150 % scaling and 1366x768). Run twice, in a fresh process each time, since
QT_SCALE_FACTOR is read when Qt starts:

    QT_SCALE_FACTOR=1.5 python tools/schermafbeeldingen_schaal.py schaal150 1280 720
    python tools/schermafbeeldingen_schaal.py 1366x768 1366 768

Writes docs/screenshots/<label>-<screen>.png on a fresh synthetic database in a temporary folder."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(label: str, breedte: int, hoogte: int) -> None:
    tmp = tempfile.mkdtemp(prefix="toegang-schaal-")
    os.environ["TOEGANG_DATA_DIR"] = tmp
    os.environ.pop("TOEGANG_DATABASE_URL", None)
    from PySide6.QtWidgets import QApplication

    app = QApplication(["toegang"])
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context
    from toegang_app.ui.style import apply_style
    from toegang_app.ui.toetsen import installeer_toetsenbord
    from toegang_app.ui.vertaling import installeer_qt_vertalingen

    installeer_qt_vertalingen(app)
    installeer_toetsenbord(app)
    apply_style(app)
    ctx = open_context(load_config())
    from tests.ui.vensters import rijk_gesprek
    from toegang_app.ui.main_window import MainWindow

    gid = rijk_gesprek(ctx)
    out = REPO / "docs" / "screenshots"
    window = MainWindow(ctx)
    window.resize(breedte, hoogte)
    window.show()
    for key in ("gesprekken", "werkvoorraad", "casussen", "kaart"):
        window.show_screen(key)
        app.processEvents()
        window.grab().save(str(out / f"{label}-{key}.png"))
    s = window.show_screen("gesprekken")
    s.open_gesprek(gid)
    ed = s.editor
    for stap, paneel, naam in ((0, 0, "gesprek-inwoner"), (1, 1, "gesprek-aanmelding-ave"),
                               (2, 2, "gesprek-gezondheid-veiligheid"), (6, 4, "gesprek-afspraken-termijnen")):
        ed.stappen.setCurrentIndex(stap)
        ed.panel_tabs.setCurrentIndex(paneel)
        app.processEvents()
        window.grab().save(str(out / f"{label}-{naam}.png"))
    print(f"{label}: {window.width()}x{window.height()} logisch, schaal {os.environ.get('QT_SCALE_FACTOR', '1')}")
    ed.dirty = False
    window.close()
    ctx.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
