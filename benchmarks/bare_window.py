"""Baseline for the cold-start figure: a bare PySide6 window, started the same way as the app."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1366, 768)
w.show()


def done():
    print("klaar", flush=True)
    app.quit()


QTimer.singleShot(0, done)
app.exec()
