"""toegang: the desktop app. Also ``--self-test`` (packaging/CI smoke test) and ``--screenshots``."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import toegang_app
from toegang_app.errors import UserError

log = logging.getLogger("toegang_app.app")


def _parse(argv: list[str]) -> tuple[SimpleNamespace, list[str]]:
    if not argv:  # the desk's start (the shortcut, the Start menu): nothing to parse, no argparse to import
        return SimpleNamespace(self_test=False, screenshots=None), []
    from toegang_app.dutch_argparse import DutchArgumentParser

    p = DutchArgumentParser(prog="toegang", description="Toegang: de desktop-app voor de toegang sociaal domein.")
    p.add_argument("--self-test", action="store_true",
                   help="start zonder scherm, open database en bronnen, bouw het hoofdvenster en stop (0 = goed)")
    p.add_argument("--screenshots", metavar="MAP", help="maak PNG-afbeeldingen van alle hoofdschermen in MAP en stop")
    p.add_argument("--versie", action="version", version=f"Toegang {toegang_app.__version__}",
                   help="toon het versienummer en stop")
    # Qt's own options (e.g. -platform offscreen) pass through to QApplication.
    args, qt_args = p.parse_known_args(argv)
    return SimpleNamespace(self_test=args.self_test, screenshots=args.screenshots), qt_args


def _headless(qt_args: list[str]) -> list[str]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if "-platform" not in qt_args:
        qt_args = [*qt_args, "-platform", "offscreen"]  # Wine drops QT_* variables
    return qt_args


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    # Start-up creates hundreds of thousands of long-lived objects (modules, classes, mappers): no
    # cyclic garbage collection until the app is ready, then those objects are set aside for good.
    gc.disable()
    try:
        return _main(argv, t0)
    finally:
        _gc_after_start()


def _gc_after_start() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _main(argv: list[str] | None, t0: float) -> int:
    args, qt_args = _parse(sys.argv[1:] if argv is None else argv)
    from toegang_app.private_files import apply_private_umask

    apply_private_umask()  # database, drafts, logs, PDFs and exports: for the user only (POSIX)
    headless = args.self_test or bool(args.screenshots)
    if headless:
        qt_args = _headless(qt_args)

    if not headless:
        geen_scherm = scherm_probleem(qt_args)
        if geen_scherm is not None:   # before Qt (and before any message box), which would end in its English abort
            print(geen_scherm, file=sys.stderr)
            return 3

    log_path = None
    if headless:
        try:
            cfg, log_path = _instellingen_en_log()
        except UserError as exc:
            return _fatal(exc.message, headless, exit_code=exc.exit_code)
    else:
        # the window first: the settings, the data folder and the log file are read and opened off the GUI
        # thread with the database (issue 26); what is logged meanwhile waits for the log file
        vooraf = _VoorDeLog.installeer()

    from PySide6.QtWidgets import QApplication

    from toegang_app.ui.style import STIJL, apply_style

    app = QApplication.instance()
    nieuw = app is None
    if nieuw:
        app = QApplication(["toegang", *qt_args, "-style", STIJL])  # last: Toegang always looks the same
    app.setApplicationName("Toegang")
    app.setApplicationVersion(toegang_app.__version__)
    app.setOrganizationName("Toegang")
    from toegang_app.ui.vertaling import installeer_qt_vertalingen

    installeer_qt_vertalingen(app)  # Qt's own buttons and dialogs in Dutch
    apply_style(app, stijl_gezet=nieuw)
    if not headless:
        start: dict = {"log_path": None}  # the log file, once _open_and_identify has opened it
        _install_excepthook(lambda: start["log_path"])
        # Ctrl+Enter in every dialog: once the start screen is on screen, or before a dialog of the start
        return _start_window_first(app, vooraf, start, t0)
    from toegang_app.ui.toetsen import installeer_toetsenbord

    installeer_toetsenbord(app)  # Ctrl+Enter confirms every dialog

    from toegang_app.services.context import open_context

    try:
        ctx = open_context(cfg)
    except UserError as exc:
        log.error("Start refused: %s (%s)", exc.message, exc.detail)
        return _fatal(exc.message, headless, exit_code=exc.exit_code)
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error while opening the database")
        return _fatal(f"Toegang kon niet starten door een onverwachte fout. Details staan in {log_path}.", headless)

    # Headless runs never prompt: the self-test acts as the system user, screenshots as a synthetic
    # demo user who sees every screen.
    if args.self_test:
        from toegang_app.services.auth import systeem_gebruiker

        ctx.user = systeem_gebruiker()
    else:
        from toegang_app.ui.aanmelden import screenshot_gebruiker

        ctx.user = screenshot_gebruiker()
    from toegang_app.ui.main_window import MainWindow

    try:
        if args.screenshots:
            from toegang_app.ui.screenshots import take_screenshots

            files = take_screenshots(ctx, Path(args.screenshots))
            print(f"{len(files)} schermafbeeldingen geschreven naar {args.screenshots}")
            return 0
        return _self_test(MainWindow(ctx), ctx, t0)
    except UserError as exc:
        return _fatal(exc.message, headless, exit_code=exc.exit_code)
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error")
        return _fatal(f"Er ging onverwacht iets mis. Details staan in {log_path}.", headless)
    finally:
        ctx.close()


# what Qt's xcb platform plugin and Qt's GUI libraries load (PySide6 6.9, readelf -d), and the Debian/Ubuntu
# package that has it; README "Starten en testen" lists the same packages
XCB_BIBLIOTHEKEN = {
    "libxcb.so.1": "libxcb1", "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-glx.so.0": "libxcb-glx0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
}


def scherm_probleem(qt_args: list[str] | None = None, environ=None) -> str | None:
    """On Linux: a Dutch message when Qt cannot open a window (no display, or the xcb plugin's system
    libraries missing), instead of Qt's English abort. None when a window can be opened (or on Windows)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    args = qt_args or []
    platform = (args[args.index("-platform") + 1] if "-platform" in args[:-1] else env.get("QT_QPA_PLATFORM", "")) or ""
    platform = platform.split(":")[0].strip().lower()
    if platform and platform not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs, ...: Qt's own business
    x11, wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if (platform == "xcb" and not x11) or (platform.startswith("wayland") and not wayland) or not (x11 or wayland):
        return ("Toegang kan geen venster openen: er is geen beeldscherm (de omgevingsvariabele DISPLAY of "
                "WAYLAND_DISPLAY is leeg). Start Toegang in een grafische sessie op de pc zelf, of via "
                "'ssh -X'. Zonder scherm werken 'toegang --self-test' en de opdrachten van 'toegang-admin'.")
    if platform == "xcb" or (x11 and not platform and not wayland):
        import ctypes

        ontbreekt = []
        for soname, pakket in XCB_BIBLIOTHEKEN.items():
            try:
                ctypes.CDLL(soname)
            except OSError:
                if pakket not in ontbreekt:
                    ontbreekt.append(pakket)
        if ontbreekt:
            return ("Toegang kan geen venster openen: de pc mist systeembibliotheken die Qt nodig heeft voor het "
                    "scherm. Installeer ze met:\n  sudo apt-get install " + " ".join(ontbreekt))
    return None


def _instellingen_en_log():
    """The settings (``instellingen.json``, environment), the data folder and the log file; UserError
    (Dutch) when one of them cannot be used. Returns (config, path of the log file or None)."""
    from toegang_app.config import load_config
    from toegang_app.logging_setup import setup_logging

    cfg = load_config()
    cfg.ensure_dirs()
    return cfg, setup_logging(cfg.log_dir)


class _VoorDeLog(logging.Handler):
    """What is logged while the window is built, before the log file is open (that happens off the GUI
    thread, with the database): kept here and written to the log file once it is open."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.doel: list[logging.Handler] | None = None

    @classmethod
    def installeer(cls) -> _VoorDeLog:
        h = cls()
        root = logging.getLogger()
        root.setLevel(logging.INFO)
        root.addHandler(h)
        return h

    def emit(self, record: logging.LogRecord) -> None:
        if self.doel is None:
            self.records.append(record)
        else:  # logged while being handed over: straight on
            for h in self.doel:
                if record.levelno >= h.level:
                    h.handle(record)

    def overdragen(self) -> None:
        """To the handlers the root logger has now (the log file); called once it is set up, or failed."""
        root = logging.getLogger()
        with self.lock:
            self.doel = [h for h in root.handlers if h is not self]
            records, self.records = self.records, []
        root.removeHandler(self)
        for record in records:
            for h in self.doel:
                if record.levelno >= h.level:
                    h.handle(record)


def _open_and_identify(vooraf: _VoorDeLog, start: dict, state: dict):
    """Runs off the GUI thread while the window is already on screen: read the settings and open the log
    file, open (and if needed migrate) the database, load the resources and, when the desk signs in with
    the Windows account, find the user. Returns (ctx, user or None) or a UserError to show; never raises."""
    try:
        cfg, start["log_path"] = _instellingen_en_log()
    except UserError as exc:
        return exc
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error while reading the settings or opening the log file")
        return UserError("Toegang kon niet starten door een onverwachte fout bij het lezen van de instellingen.")
    finally:
        vooraf.overdragen()
    log_path = start["log_path"]
    try:
        from toegang_app.services.context import open_context
        from toegang_app.services.resources import UITSTELBAAR

        ctx = open_context(cfg, uitstellen=UITSTELBAAR)  # the kaart and the languages: after the start screen
    except UserError as exc:
        log.error("Start refused: %s (%s)", exc.message, exc.detail)
        return exc
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error while opening the database")
        return UserError(f"Toegang kon niet starten door een onverwachte fout. Details staan in {log_path}.")
    state["ctx"] = ctx  # closed at the end even when the window was closed before this arrived
    try:
        # the first screen's services, on SQLAlchemy Core: neither the ORM nor the models are imported
        # before the start screen is filled (issue 26; they load in the background right after it)
        from toegang_app.services import aanmelding, concepten, gesprekslijsten  # noqa: F401

        user = None
        if ctx.config.get("aanmelden") == "os" and not aanmelding.eerste_gebruik(ctx):
            user = aanmelding.aanmelden_os(ctx)  # None: the dialog on the GUI thread says why
        return ctx, user
    except Exception:  # noqa: BLE001 - signing in is retried on the GUI thread, which reports errors
        log.exception("Could not identify the Windows account in the background")
        return ctx, None


def _na_het_startscherm(ctx) -> list[str]:
    """Right after the start screen is filled, in the background: import the ORM and map the models (the
    session factory, ``UitgesteldeSessies``) and read the deferred resources. Returns their notices."""
    maak = getattr(ctx.sessions, "maak", None)
    if maak is not None:
        from sqlalchemy.orm import configure_mappers

        maak()
        configure_mappers()  # what the first ORM query would otherwise do on the GUI thread
    return ctx.resources.laad_uitgesteld()


def _start_window_first(app, vooraf: _VoorDeLog, start: dict, t0: float) -> int:
    """The main window appears at once and takes input (its search field, Ctrl+N); the database
    opens in the background and the window fills in when it is ready and the user is signed in.
    Cancelling the sign-in, or a database that cannot be used, closes the window and stops Toegang."""
    from PySide6.QtCore import QTimer

    from toegang_app.ui.main_window import MainWindow
    from toegang_app.ui.workers import Job

    bench = os.environ.get("TOEGANG_BENCH_START") == "1"  # benchmarks/bench.py: report, then stop
    state: dict = {"ctx": None, "code": 0}
    window = MainWindow(None)
    window.show()
    log.info("Main window shown after %.2f s", time.perf_counter() - t0)

    def melding(titel: str, tekst: str, fout: bool = False) -> None:
        """A message box of the start, with Ctrl+Enter (otherwise window.startscherm_getoond installs it)."""
        from PySide6.QtWidgets import QMessageBox

        toetsenbord()
        (QMessageBox.critical if fout else QMessageBox.information)(window, titel, tekst)

    def toetsenbord() -> None:
        from toegang_app.ui.toetsen import installeer_toetsenbord

        installeer_toetsenbord(app)

    def stop(code: int, message: str | None = None) -> None:
        state["code"] = code
        if message:
            melding("Toegang kan niet starten", message, fout=True)
        window.hide()
        app.exit(code)

    def loaded(result) -> None:
        if isinstance(result, UserError):
            stop(result.exit_code, result.message)
            return
        ctx, user = result
        _gc_after_start()  # signing in may wait for the user: collect as usual from here
        try:
            if user is None:
                from toegang_app.ui.aanmelden import aanmelden_bij_start

                toetsenbord()
                user = aanmelden_bij_start(ctx, window)
                if user is None:
                    log.info("Sign-in cancelled; stopping")
                    stop(0)
                    return
            ctx.user = user
            log.info("Signed in as %s (%s)", user.gebruikersnaam, user.rol)
            window.attach(ctx)
        except UserError as exc:
            stop(exc.exit_code, exc.message)
            return
        except Exception:  # noqa: BLE001
            log.exception("Unexpected error while signing in")
            stop(1, f"Aanmelden lukte niet door een onverwachte fout. Details staan in {_waar(start['log_path'])}.")
            return
        log.info("Database open and signed in after %.2f s", time.perf_counter() - t0)
        for notice in ctx.notices:
            melding("Toegang", notice)
        QTimer.singleShot(0, getoond)  # behind the queued paint of the filled start screen

    def getoond() -> None:
        if bench:
            print("gegevens", flush=True)
            app.quit()
            return
        window.startscherm_getoond()  # Ctrl+Enter in dialogs, input restarts the idle lock
        # what the start screen does not need is read now, off the GUI thread: the ORM and the models (so the
        # first conversation opened does not import and map them on the GUI thread), the sociale kaart, the
        # summary's languages; a broken file is told as at the start
        ctx = state["ctx"]
        rest = Job(lambda _p, _c: _na_het_startscherm(ctx), window)
        rest.finished.connect(lambda notices: [melding("Toegang", n) for n in notices])
        state["rest"] = rest
        rest.start()

    job = Job(lambda _progress, _cancelled: _open_and_identify(vooraf, start, state))
    job.finished.connect(loaded)
    job.failed.connect(lambda message: stop(1, message))

    def usable() -> None:
        if bench:
            print("klaar", flush=True)
        job.start()

    QTimer.singleShot(0, usable)  # after the first paint: the window is on screen and takes input
    try:
        code = app.exec()
        return state["code"] or code
    finally:
        job.wait()
        if state.get("rest") is not None:
            state["rest"].wait()
        if state["ctx"] is not None:
            state["ctx"].close()


def _self_test(window, ctx, t0: float) -> int:
    window.show()
    image = window.grab()
    for key in window.screen_keys():
        window.show_screen(key)
    if image.isNull() or image.width() < 100:
        print("Zelftest mislukt: het hoofdvenster kon niet worden getekend.", file=sys.stderr)
        return 1
    from toegang_app.services.kaart import effectieve_kaart

    actief = [v for v in effectieve_kaart(ctx) if v.actief]
    if not actief:  # a desk without a sociale kaart cannot suggest anything: that is not a working install
        reden = ("de meegeleverde kaart is niet geladen" if getattr(ctx.resources, "kaart", None) is None
                 else "alle voorzieningen zijn ingetrokken")
        print(f"Zelftest mislukt: de sociale kaart is leeg ({reden}); Toegang kan geen voorzieningen voorstellen. "
              "Controleer de kaart met 'toegang-admin kaart check' en het beheerscherm Sociale kaart.",
              file=sys.stderr)
        window.close()
        return 2
    parts = [f"database {ctx.database_url_display}", f"sociale kaart {len(actief)} actieve voorzieningen"]
    print(f"Zelftest geslaagd in {time.perf_counter() - t0:.2f} s: Toegang {toegang_app.__version__}, " + ", ".join(parts))
    window.close()
    return 0


def _fatal(message: str, headless: bool, exit_code: int = 1) -> int:
    if headless:
        print(f"Zelftest mislukt: {message}", file=sys.stderr)
        return exit_code
    if scherm_probleem() is not None:   # no window possible: the message on the terminal, not Qt's abort
        print(f"Toegang kan niet starten: {message}", file=sys.stderr)
        return exit_code
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from toegang_app.ui.vertaling import installeer_qt_vertalingen

        installeer_qt_vertalingen(app)
        QMessageBox.critical(None, "Toegang kan niet starten", message)
    except Exception:  # noqa: BLE001
        print(message, file=sys.stderr)
    return exit_code


def _waar(log_path) -> str:
    pad = log_path() if callable(log_path) else log_path
    return str(pad) if pad else "het logbestand van Toegang"


def _install_excepthook(log_path) -> None:
    """``log_path``: the log file, or a function that gives it (the window's start opens it later)."""
    def hook(exc_type, exc, tb):
        log.error("Unhandled exception", exc_info=(exc_type, exc, tb))  # PrivacyFormatter: no parameters
        from PySide6.QtWidgets import QApplication, QMessageBox

        from toegang_app.ui.toetsen import installeer_toetsenbord

        if QApplication.instance() is not None:
            installeer_toetsenbord(QApplication.instance())

        if isinstance(exc, UserError):
            QMessageBox.warning(None, "Toegang", exc.message)
        else:
            QMessageBox.critical(None, "Toegang", "Er ging iets mis. Uw invoer is bewaard als concept. "
                                 f"Details voor de beheerder staan in {_waar(log_path)}.")

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main())
