"""``toegang --screenshots DIR``: render every main screen to PNG (offscreen) and exit.

Screens may implement ``prepare_screenshot()`` to fill in a synthetic demo case first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication



def take_screenshots(ctx, out: Path, size=(1366, 768)) -> list[Path]:
    from toegang_app.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    if ctx.user is None:  # screenshots show every screen, as the command-line system user
        from toegang_app.services.auth import systeem_gebruiker

        ctx.user = systeem_gebruiker()
    window = MainWindow(ctx)
    window.resize(*size)
    window.show()
    files: list[Path] = []
    for i, key in enumerate(window.screen_keys(), start=1):
        screen = window.show_screen(key)
        if hasattr(screen, "prepare_screenshot"):
            screen.prepare_screenshot()
        QApplication.processEvents()
        path = out / f"{i:02d}-{key}.png"
        window.grab().save(str(path))
        files.append(path)
        for extra_name, widget in getattr(screen, "extra_screenshots", lambda: [])():
            p = out / f"{i:02d}-{key}-{extra_name}.png"
            if callable(widget) and not hasattr(widget, "grab"):
                widget = widget()  # a step that prepares the view and returns what to grab
            QApplication.processEvents()
            widget.grab().save(str(p))
            files.append(p)
    window.close()
    return files
