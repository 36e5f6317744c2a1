"""Qt's own texts in Dutch: standard buttons (Annuleren, Opslaan, Ja, Nee), message boxes, the file dialog
("Zoeken in", "Bestandsnaam") and the context menu of text fields.

PySide6 ships Qt's translations (``qtbase_nl.qm`` and friends) in ``PySide6/Qt/translations``; the
PyInstaller bundle and the Windows installer carry the Dutch files beside Qt (packaging/bundle_config.py).
The application start (toegang_app.app) and the test QApplication (tests/ui/conftest.py) both call
:func:`installeer_qt_vertalingen`, so what the tests see is what a worker sees.

File dialogs are Qt's own (not the operating system's): those are translated here whatever the language of
Windows or the Linux desktop, and they look the same on every desk.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

# qtbase_nl holds the texts of Qt Widgets (qt_nl is only a meta catalogue that points to it and to QML).
CATALOGI = ("qtbase",)
TAAL = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def vertalingen_map() -> Path:
    """Where Qt's .qm files are (also in the frozen app: PySide6's qt.conf points there)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def installeer_qt_vertalingen(app: QApplication) -> list[str]:
    """Load Qt's Dutch translations into ``app`` once; returns the catalogues loaded. A missing file is
    logged (the app still starts, with Qt's English texts) rather than refusing to start."""
    bestaand = getattr(app, "_toegang_vertalers", None)
    if bestaand is not None:
        return [naam for naam, _t in bestaand]
    map_ = str(vertalingen_map())
    geladen: list[tuple[str, QTranslator]] = []
    for catalogus in CATALOGI:
        t = QTranslator(app)
        if t.load(TAAL, catalogus, "_", map_):
            app.installTranslator(t)
            geladen.append((catalogus, t))
        else:
            log.warning("Qt translation %s_nl not found in %s", catalogus, map_)
    app._toegang_vertalers = geladen  # keep the translators alive as long as the app
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    return [naam for naam, _t in geladen]
