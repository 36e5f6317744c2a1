"""The floor of the filled start as a window (issue 26): the bare PySide6 window of ``bare_window.py``,
then, after its first paint, only what any ORM start must do before a start screen can be filled, up to
the level in ``TOEGANG_FLOOR`` (``core``: import SQLAlchemy; ``orm``: and its ORM; ``models``: and map
Toegang's tables; ``query``: and one ORM query on the database in ``TOEGANG_DATABASE_URL``). Prints
'klaar' after the first paint and 'gegevens' when done, as the app does for ``bench.py``. Run by
``start_floor.py --venster``."""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1366, 768)
w.show()


def done():
    print("klaar", flush=True)
    level = os.environ.get("TOEGANG_FLOOR", "query")
    import sqlalchemy  # noqa: F401

    if level != "core":
        import sqlalchemy.orm  # noqa: F401
    if level in ("models", "query"):
        from toegang_app.storage import models
    if level == "query":
        from sqlalchemy import create_engine, select
        from sqlalchemy.orm import Session

        engine = create_engine(os.environ["TOEGANG_DATABASE_URL"])
        with Session(engine) as s:  # the first query configures the mappers and compiles its SQL
            s.scalars(select(models.Gebruiker).where(models.Gebruiker.os_account == "niemand")).first()
        engine.dispose()
    print("gegevens", flush=True)
    app.quit()


QTimer.singleShot(0, done)
app.exec()
