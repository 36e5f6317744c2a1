"""toegang: the desktop app. Also ``--self-test`` (packaging/CI smoke test) and ``--screenshots``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from pathlib import Path

import toegang_app
from toegang_app.dutch_argparse import DutchArgumentParser
from toegang_app.errors import UserError

log = logging.getLogger("toegang_app.app")


def _parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    p = DutchArgumentParser(prog="toegang", description="Toegang: de desktop-app voor de toegang sociaal domein.")
    p.add_argument("--self-test", action="store_true",
                   help="start zonder scherm, open database en bronnen, bouw het hoofdvenster en stop (0 = goed)")
    p.add_argument("--screenshots", metavar="MAP", help="maak PNG-afbeeldingen van alle hoofdschermen in MAP en stop")
    p.add_argument("--versie", action="version", version=f"Toegang {toegang_app.__version__}",
                   help="toon het versienummer en stop")
    # Qt's own options (e.g. -platform offscreen) pass through to QApplication.
    return p.parse_known_args(argv)


def _headless(qt_args: list[str]) -> list[str]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if "-platform" not in qt_args:
        qt_args = [*qt_args, "-platform", "offscreen"]  # Wine drops QT_* variables
    return qt_args


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    args, qt_args = _parse(sys.argv[1:] if argv is None else argv)
    headless = args.self_test or bool(args.screenshots)
    if headless:
        qt_args = _headless(qt_args)

    from toegang_app.config import load_config
    from toegang_app.logging_setup import setup_logging

    log_path = None
    try:
        cfg = load_config()
        cfg.ensure_dirs()
        log_path = setup_logging(cfg.log_dir)
    except UserError as exc:
        return _fatal(exc.message, headless, exit_code=exc.exit_code)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["toegang", *qt_args])
    app.setApplicationName("Toegang")
    app.setApplicationVersion(toegang_app.__version__)
    app.setOrganizationName("Toegang")
    from toegang_app.ui.style import apply_style

    apply_style(app)
    if not headless:
        _install_excepthook(log_path)

    from toegang_app.services.context import open_context

    try:
        ctx = open_context(cfg)
    except UserError as exc:
        log.error("Start refused: %s (%s)", exc.message, exc.detail)
        return _fatal(exc.message, headless, exit_code=exc.exit_code)
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error while opening the database")
        return _fatal(f"Toegang kon niet starten door een onverwachte fout. Details staan in {log_path}.", headless)

    # Sign in. Headless runs never prompt: the self-test acts as the system user, screenshots as a
    # synthetic demo user who sees every screen. Cancel in the wizard or dialog stops Toegang cleanly.
    try:
        if args.self_test:
            from toegang_app.services.auth import systeem_gebruiker

            ctx.user = systeem_gebruiker()
        elif args.screenshots:
            from toegang_app.ui.aanmelden import screenshot_gebruiker

            ctx.user = screenshot_gebruiker()
        else:
            from toegang_app.ui.aanmelden import aanmelden_bij_start

            ctx.user = aanmelden_bij_start(ctx)
            if ctx.user is None:
                log.info("Sign-in cancelled; stopping")
                ctx.close()
                return 0
            log.info("Signed in as %s (%s)", ctx.user.gebruikersnaam, ctx.user.rol)
    except UserError as exc:
        ctx.close()
        return _fatal(exc.message, headless, exit_code=exc.exit_code)
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error while signing in")
        ctx.close()
        return _fatal(f"Aanmelden lukte niet door een onverwachte fout. Details staan in {log_path}.", headless)

    from toegang_app.ui.main_window import MainWindow

    try:
        if args.screenshots:
            from toegang_app.ui.screenshots import take_screenshots

            files = take_screenshots(ctx, Path(args.screenshots))
            print(f"{len(files)} schermafbeeldingen geschreven naar {args.screenshots}")
            return 0
        window = MainWindow(ctx)
        if args.self_test:
            return _self_test(window, ctx, t0)
        for notice in ctx.notices:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(None, "Toegang", notice)
        window.show()
        log.info("Main window shown after %.2f s", time.perf_counter() - t0)
        if os.environ.get("TOEGANG_BENCH_START") == "1":  # benchmarks/bench.py: stop once usable
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: (print("klaar", flush=True), app.quit()))
        return app.exec()
    except UserError as exc:
        return _fatal(exc.message, headless, exit_code=exc.exit_code)
    except Exception:  # noqa: BLE001
        log.exception("Unexpected error")
        return _fatal(f"Er ging onverwacht iets mis. Details staan in {log_path}.", headless)
    finally:
        ctx.close()


def _self_test(window, ctx, t0: float) -> int:
    window.show()
    image = window.grab()
    for key in window.screen_keys():
        window.show_screen(key)
    if image.isNull() or image.width() < 100:
        print("Zelftest mislukt: het hoofdvenster kon niet worden getekend.", file=sys.stderr)
        return 1
    res = ctx.resources
    parts = [f"database {ctx.database_url_display}"]
    if getattr(res, "kaart", None) is not None:
        parts.append(f"sociale kaart {len(res.kaart)} voorzieningen")
    print(f"Zelftest geslaagd in {time.perf_counter() - t0:.2f} s: Toegang {toegang_app.__version__}, " + ", ".join(parts))
    window.close()
    return 0


def _fatal(message: str, headless: bool, exit_code: int = 1) -> int:
    if headless:
        print(f"Zelftest mislukt: {message}", file=sys.stderr)
        return exit_code
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            QApplication(sys.argv[:1])
        QMessageBox.critical(None, "Toegang kan niet starten", message)
    except Exception:  # noqa: BLE001
        print(message, file=sys.stderr)
    return exit_code


def _install_excepthook(log_path) -> None:
    def hook(exc_type, exc, tb):
        log.error("Unhandled exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        from PySide6.QtWidgets import QMessageBox

        if isinstance(exc, UserError):
            QMessageBox.warning(None, "Toegang", exc.message)
        else:
            QMessageBox.critical(None, "Toegang", "Er ging iets mis. Uw invoer is bewaard als concept. "
                                 f"Details voor de beheerder staan in {log_path}.")

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main())
