"""Start-up, window first: the main window is on screen and takes input before the database is open;
what the worker asked for meanwhile (a search, a new conversation) happens as soon as it is; the
screens of their role appear after sign-in; a database that cannot be used stops Toegang with a Dutch
message."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.factories import BEHEERDER, MEDEWERKER, maak_gesprek
from tests.ui.hoofdvenster import start_in_dit_proces
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.screens.gesprekken import WACHT


def _pending_window(qtbot):
    w = MainWindow(None)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w, w.screen("gesprekken")


def test_window_takes_a_search_before_the_database_is_open_and_runs_it_after(qtbot, ctx):
    ctx.user = MEDEWERKER
    maak_gesprek(ctx, naam="Janna Voorbeeld (synthetisch)")
    w, s = _pending_window(qtbot)
    assert w.screen_keys() == ["gesprekken"]  # nobody signed in yet: nothing else to show
    assert "opent de database" in w.statusBar().currentMessage()
    s.zoekveld.setFocus()
    qtbot.keyClicks(s.zoekveld, "janna")
    s.zoek()  # what the search timer does after a pause in typing
    assert "Even geduld" in s.zoek_info.text() and s.inwoner_model.rowCount() == 0

    w.attach(ctx)
    assert w.screen_keys()[:2] == ["gesprekken", "werkvoorraad"]  # the medewerker's screens
    assert s.inwoner_model.rowCount() == 1 and s.inwoner_model.rows[0].naam.startswith("Janna")
    assert s.zoekveld.text() == "janna" and s.gesprek_model.rowCount() == 1  # recent list filled
    assert "Aangemeld: Medewerker Haaksbergen" in w.statusBar().currentMessage()


def test_ctrl_n_before_the_database_is_open_starts_the_conversation_once_it_is(qtbot, ctx):
    ctx.user = MEDEWERKER
    w, s = _pending_window(qtbot)
    qtbot.keyClicks(s.zoekveld, "Piet Nieuw")
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert s.melding.text() == WACHT and s.pages.currentWidget() is s.overzicht

    w.attach(ctx)
    assert s.pages.currentWidget() is s.editor
    assert s.editor.f_naam.text() == "Piet Nieuw"  # the typed name, as when starting after a search
    assert s.melding.isHidden()
    s.editor.dirty = False


def test_a_role_without_conversations_gets_its_own_screens_after_sign_in(qtbot, ctx):
    ctx.user = BEHEERDER
    w, _s = _pending_window(qtbot)
    w.attach(ctx)
    assert w.screen_keys() == ["kaart", "statistiek", "beheer"]
    assert w.current_key() == "kaart" and w.nav.currentRow() == 0
    assert [a.text() for a in w.nav_actions] == ["Sociale kaart", "Statistiek", "Beheer"]
    assert w.nav_actions[0].shortcut().toString() == "Ctrl+1"


def _beheerder_en_mia(ctx, **mia) -> None:
    """A desk's first beheerder and, made by her, the worker Mia (synthetic) of Haaksbergen with ``mia``
    (an ``os_account`` or a ``wachtwoord``); nobody is signed in afterwards."""
    from toegang_app.services import gebruikers as gs

    ctx.user = None
    gs.maak_gebruiker(ctx, "beheer", "Bea Beheer", "beheerder", wachtwoord="lange zin als wachtwoord")
    ctx.user = gs.aanmelden(ctx, "beheer", "lange zin als wachtwoord")
    gs.maak_gebruiker(ctx, "mia", "Mia Medewerker (synthetisch)", "medewerker", team="haaksbergen", **mia)
    ctx.user = None


def _os_sign_in(ctx, data_dir, monkeypatch):
    from toegang_app.services import aanmelding

    _beheerder_en_mia(ctx, os_account="mmedewerker")
    monkeypatch.setattr(aanmelding.getpass, "getuser", lambda: "mmedewerker")
    (data_dir / "instellingen.json").write_text(json.dumps({"aanmelden": "os"}), encoding="utf-8")


def test_start_shows_the_window_then_signs_in_with_the_windows_account(qtbot, ctx, data_dir, monkeypatch,
                                                                      capsys):
    _os_sign_in(ctx, data_dir, monkeypatch)
    monkeypatch.setenv("TOEGANG_BENCH_START", "1")  # stop by itself once everything is shown
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own; restore after
    assert start_in_dit_proces() == 0
    assert capsys.readouterr().out.split() == ["klaar", "gegevens"]  # window first, then the data
    log = (data_dir / "logs").glob("*.log")
    text = "".join(p.read_text(encoding="utf-8") for p in log)
    assert "Signed in as mia (medewerker)" in text


def test_database_from_a_newer_version_stops_with_a_dutch_message(qtbot, ctx, data_dir, monkeypatch):
    from sqlalchemy import text

    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_toekomst'"))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, message: shown.append((title, message)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    code = start_in_dit_proces()
    assert code != 0
    assert shown and shown[0][0] == "Toegang kan niet starten" and "nieuwere versie van Toegang" in shown[0][1]


def test_the_start_screen_fills_without_reading_what_it_does_not_show(qtbot, ctx, data_dir):
    """Issue 26 (start closer to the bare window): from start to the filled start screen (signed in with
    the Windows account, recent conversations shown) Toegang does not read the legal terms, the safety
    rules or the matching rules, nor import their modules; they load right after."""
    import os
    import subprocess

    _balie_met_windows_account(ctx, data_dir)
    code = ("import sys\nfrom toegang_app import app\nassert app.main([]) == 0\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in ('toegang_app.domain.termijnen', 'toegang_app.domain.kalender',"
            " 'toegang_app.domain.veiligheid', 'toegang_app.domain.ladder') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TOEGANG_BENCH_START": "1"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert lines[:2] == ["klaar", "gegevens"]  # signed in and the start screen filled (as the benchmark waits)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# the subprocess of the next test: notes which database modules are imported before the Gesprekken screen
# is filled (its recent list and drafts shown, signed in), then starts the app as the benchmark does
_ZONDER_ORM = """
import sys
WACHT_OP = ("sqlalchemy.orm", "toegang_app.storage.models", "toegang_app.services.gesprekken",
            "toegang_app.services.gebruikers")
staat = {"gevuld": False, "rijen": None, "voor": []}


class Let:
    def find_spec(self, name, path=None, target=None):
        if name in WACHT_OP and not staat["gevuld"]:
            staat["voor"].append(name)
        return None


sys.meta_path.insert(0, Let())
from toegang_app.ui.screens import gesprekken as scherm

verbonden = scherm.GesprekkenScherm.verbonden


def gevuld(self):
    verbonden(self)
    staat["gevuld"] = True
    staat["rijen"] = self.gesprek_model.rowCount()


scherm.GesprekkenScherm.verbonden = gevuld
from toegang_app import app
assert app.main([]) == 0
print(staat["gevuld"], staat["rijen"], sorted(staat["voor"]))
"""


def test_the_start_screen_fills_before_the_orm_is_imported(qtbot, ctx, data_dir):
    """Issue 26: signing in with the Windows account (and its audit row) and the start screen's recent
    list (and its 'getoond' rows) run on SQLAlchemy Core; the ORM, the mapping of the models and the
    services built on them are imported only after the start screen is filled."""
    import os
    import subprocess

    from sqlalchemy import select

    from toegang_app.storage.models import AuditRegel

    gid = _balie_met_windows_account(ctx, data_dir)
    out = subprocess.run([sys.executable, "-c", _ZONDER_ORM], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TOEGANG_BENCH_START": "1"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[:2] == ["klaar", "gegevens"]
    assert lines[-1] == "True 1 []"  # filled (one conversation in the list), nothing of the ORM before it
    with ctx.sessions() as s:  # and it was audited as before: the sign-in and the list shown
        rows = s.execute(select(AuditRegel.gebruiker, AuditRegel.actie, AuditRegel.object_type,
                                AuditRegel.toelichting).where(AuditRegel.gebruiker == "mia")).all()
        inwoner = s.scalar(select(AuditRegel.object_id).where(AuditRegel.gebruiker == "mia",
                                                              AuditRegel.actie == "getoond"))
    assert ("mia", "aangemeld", "gebruiker", "met Windows-account") in rows
    assert ("mia", "getoond", "inwoner", "recente gesprekken") in rows
    from toegang_app.services import gesprekken as svc

    assert inwoner == str(svc.laad_gesprek(ctx, gid, audit_view=False).inwoner_id)


def test_the_orm_loads_in_the_background_right_after_the_start_screen(config):
    """What ``app`` runs off the GUI thread once the start screen is filled: the ORM's session factory is
    made (the models mapped), so opening the first conversation does not do that on the GUI thread."""
    from toegang_app.app import _na_het_startscherm
    from toegang_app.services.context import UitgesteldeSessies, open_context
    from toegang_app.services.resources import UITSTELBAAR

    c = open_context(config, uitstellen=UITSTELBAAR)
    try:
        assert isinstance(c.sessions, UitgesteldeSessies) and not c.sessions.gemaakt
        assert _na_het_startscherm(c) == []
        assert c.sessions.gemaakt
        with c.sessions() as s:
            assert s.info is not None  # an ORM session of the real factory
    finally:
        c.close()


def _balie_met_windows_account(ctx, data_dir) -> int:
    """A desk that signs in with the Windows account: a beheerder, a worker linked to this machine's
    account, one conversation of hers; returns its id."""
    import getpass

    _beheerder_en_mia(ctx, os_account=getpass.getuser())
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, naam="Janna Voorbeeld (synthetisch)")
    (data_dir / "instellingen.json").write_text(json.dumps({"aanmelden": "os"}), encoding="utf-8")
    return gid


# the subprocess of the next test: the state of the window when the start screen is filled and right after
# it is on screen; then Ctrl+Enter in a dialog and a key press against the idle lock, as a worker would
_NA_HET_VULLEN = """
import json
import time
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout
from toegang_app import app
from toegang_app.ui.main_window import MainWindow

staat = {}


def toestand(w):
    return {"ctrl_enter": getattr(QApplication.instance(), "_toegang_ctrl_enter", None) is not None,
            "invoer": bool(w.inactiviteit is not None and w.inactiviteit.volgt),
            "kaart": w.kaart_volger is not None}


attach = MainWindow.attach


def gevuld(self, ctx):
    attach(self, ctx)
    staat["gevuld"] = toestand(self)


getoond = MainWindow.startscherm_getoond


def daarna(self):
    getoond(self)
    staat["getoond"] = toestand(self)
    dlg = QDialog(self)
    lay = QVBoxLayout(dlg)
    lay.addWidget(QPlainTextEdit())
    knoppen = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    knoppen.accepted.connect(dlg.accept)
    lay.addWidget(knoppen)
    dlg.show()
    QTest.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    staat["ctrl_enter_bevestigt"] = dlg.result() == QDialog.DialogCode.Accepted
    timer = self.inactiviteit.timer  # 3 seconds (TOEGANG_VERGRENDEL_MINUTEN)
    time.sleep(1.5)  # no events meanwhile: only the key press below can restart the countdown
    voor = timer.remainingTime()
    QTest.keyClick(self.screen("gesprekken").zoekveld, Qt.Key.Key_A)
    staat["toets_herstart"] = voor < 2000 and timer.remainingTime() > 2500
    QApplication.instance().quit()


MainWindow.attach = gevuld
MainWindow.startscherm_getoond = daarna
assert app.main([]) == 0
print(json.dumps(staat, sort_keys=True))
"""


def test_ctrl_enter_the_idle_lock_and_the_kaart_watcher_start_once_the_start_screen_is_shown(qtbot, ctx, data_dir):
    """Issue 26: the two application-wide event filters (Ctrl+Enter in every dialog, input restarting the
    idle lock) are called for every event of every widget, and the kaart watcher's first read imports the
    ORM in a thread: the start installs them right after the filled start screen is shown, not before.
    From then on Ctrl+Enter confirms a dialog and a key press restarts the idle countdown."""
    import os
    import subprocess

    _balie_met_windows_account(ctx, data_dir)
    out = subprocess.run([sys.executable, "-c", _NA_HET_VULLEN], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TOEGANG_VERGRENDEL_MINUTEN": "0.05"})
    assert out.returncode == 0, out.stderr
    staat = json.loads(out.stdout.strip().splitlines()[-1])
    assert staat["gevuld"] == {"ctrl_enter": False, "invoer": False, "kaart": False}
    assert staat["getoond"] == {"ctrl_enter": True, "invoer": True, "kaart": True}
    assert staat["ctrl_enter_bevestigt"] and staat["toets_herstart"]


# the subprocess of the next test: a desk that signs in with a password; when the start's sign-in dialog
# is open, the worker types name and password and presses Ctrl+Enter
_AANMELDEN_MET_CTRL_ENTER = """
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from toegang_app import app
from toegang_app.ui.aanmelden import AanmeldDialoog


def typ():
    dlg = QApplication.activeModalWidget()
    if not isinstance(dlg, AanmeldDialoog):
        QTimer.singleShot(20, typ)
        return
    QTest.keyClicks(dlg.gebruikersnaam, "mia")
    QTest.keyClicks(dlg.wachtwoord, "een lange zin als wachtwoord")
    QTest.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QTimer.singleShot(3000, lambda: dlg.isVisible() and dlg.reject())  # not confirmed: cancel, Toegang stops


QTimer.singleShot(0, typ)
assert app.main([]) == 0
"""


def test_ctrl_enter_signs_in_from_the_sign_in_dialog_at_the_start(qtbot, ctx, data_dir):
    """The sign-in dialog of a password desk comes before the start screen is filled: Ctrl+Enter (README
    "Sneltoetsen") confirms it there too."""
    import os
    import subprocess

    _beheerder_en_mia(ctx, wachtwoord="een lange zin als wachtwoord")
    out = subprocess.run([sys.executable, "-c", _AANMELDEN_MET_CTRL_ENTER], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TOEGANG_BENCH_START": "1"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["klaar", "gegevens"]  # signed in: the start screen was filled
    text = "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*.log"))
    assert "Signed in as mia (medewerker)" in text


def test_a_broken_settings_file_stops_the_start_with_a_dutch_message_and_the_log_keeps_the_start(
        qtbot, ctx, data_dir, monkeypatch):
    """The window comes first and the settings are read off the GUI thread with the database (issue 26):
    a settings file that cannot be used still stops Toegang with the Dutch message and its exit code; and
    what was logged while the window was built reaches the log file once it is open."""

    _os_sign_in(ctx, data_dir, monkeypatch)
    goed = (data_dir / "instellingen.json").read_text(encoding="utf-8")
    (data_dir / "instellingen.json").write_text('{"aanmelden": "os", "onbekend": 1}', encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, message: shown.append((title, message)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert start_in_dit_proces() == 2
    assert len(shown) == 1 and shown[0][0] == "Toegang kan niet starten"
    assert "Onbekende instelling 'onbekend'" in shown[0][1]

    (data_dir / "instellingen.json").write_text(goed, encoding="utf-8")
    monkeypatch.setenv("TOEGANG_BENCH_START", "1")
    assert start_in_dit_proces() == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*.log"))
    assert "Main window shown after" in text  # logged on the GUI thread before the log file was open
    assert text.index("Main window shown after") < text.index("Signed in as mia")


def test_an_unexpected_error_reading_the_settings_stops_the_start_with_a_dutch_message(qtbot, data_dir, monkeypatch):
    """Reading the settings runs off the GUI thread: an error nobody foresaw there still ends in a Dutch
    message and exit code 1, never a traceback or a window that waits for ever."""
    from toegang_app import config

    def kapot(*_a, **_k):
        raise RuntimeError("stuk")

    monkeypatch.setattr(config, "load_config", kapot)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, message: shown.append((title, message)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert start_in_dit_proces() == 1
    assert shown == [("Toegang kan niet starten",
                      "Toegang kon niet starten door een onverwachte fout bij het lezen van de instellingen.")]
