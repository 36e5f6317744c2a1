"""The main window opens offscreen, its navigation works by keyboard, the about box tells where data lives."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.screens import SCREENS


def test_navigation_by_keyboard(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert w.current_key() == "gesprekken"
    # Ctrl+5 goes to the sociale kaart, Ctrl+6 to statistiek
    w.nav.setFocus()
    qtbot.keyClick(w.nav, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert w.current_key() == "kaart"
    qtbot.keyClick(w.nav, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert w.current_key() == "statistiek"
    # F6 focuses the navigation; arrow keys move through the screens
    qtbot.keyClick(w, Qt.Key.Key_F6)
    assert w.nav.hasFocus()
    qtbot.keyClick(w.nav, Qt.Key.Key_Down)
    assert w.current_key() == "beheer"
    qtbot.keyClick(w.nav, Qt.Key.Key_Home)
    assert w.current_key() == "gesprekken"
    titles = [w.nav.item(i).text() for i in range(w.nav.count())]
    assert titles == ["Gesprekken", "Werkvoorraad", "AVE-casussen", "Procesregie", "Sociale kaart", "Statistiek",
                      "Beheer"]
    assert [s[1] for s in SCREENS] == titles


def test_about_shows_version_and_database(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    text = w.about_text()
    import toegang_app

    assert toegang_app.__version__ in text
    assert str(ctx.config.default_database_path) in text


def test_every_screen_renders_in_dutch(qtbot, ctx, tmp_path):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    for key, title, *_ in SCREENS:
        screen = w.show_screen(key)
        assert screen.isVisible()
        assert screen.accessibleName() == title
        assert not w.grab().isNull()


def test_self_test_passes(data_dir):
    res = subprocess.run([sys.executable, "-m", "toegang_app.app", "--self-test"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Zelftest geslaagd" in res.stdout
    assert (data_dir / "toegang.sqlite").exists()
    assert (data_dir / "logs" / "toegang.log").exists()


def test_self_test_fails_clearly_on_newer_database(data_dir):
    import sqlite3

    subprocess.run([sys.executable, "-m", "toegang_app.cli", "init-db"], check=True, capture_output=True, timeout=120)
    con = sqlite3.connect(data_dir / "toegang.sqlite")
    con.execute("UPDATE alembic_version SET version_num='ffff'")
    con.commit()
    con.close()
    res = subprocess.run([sys.executable, "-m", "toegang_app.app", "--self-test"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode != 0
    assert "nieuwere versie" in res.stderr and "Traceback" not in res.stderr


def test_navigation_shows_only_what_the_role_may_use(qtbot, ctx):
    from toegang_app.services.auth import CurrentUser

    ctx.user = CurrentUser(id=None, gebruikersnaam="tl", naam="Teamleider", rol="teamleider", team="haaksbergen")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert w.screen_keys() == ["regie", "kaart", "statistiek"]
    ctx.user = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")
    w2 = MainWindow(ctx)
    qtbot.addWidget(w2)
    assert w2.screen_keys() == ["gesprekken", "werkvoorraad", "kaart"]


def test_self_test_fails_on_an_empty_kaart(data_dir):
    """Issue 19, item 12: a desk whose sociale kaart has no active voorziening is not a working install."""
    from tests.factories import BEHEERDER
    from toegang_app.config import load_config
    from toegang_app.services import kaart as ksvc
    from toegang_app.services.context import open_context

    ctx = open_context(load_config())
    try:
        ctx.user = BEHEERDER
        for v in ksvc.actieve_kaart(ctx):
            ksvc.trek_in(ctx, v.id)
    finally:
        ctx.close()
    res = subprocess.run([sys.executable, "-m", "toegang_app.app", "--self-test"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2, res.stdout
    assert "sociale kaart is leeg" in res.stderr and "Traceback" not in res.stderr
