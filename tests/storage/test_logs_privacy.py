"""Logs hold no personal data (issue 19, item 1): a save that fails in the database writes neither the
resident's name nor the BSN into any file of the data folder, on SQLite and on PostgreSQL, from the
service, the editor, a background job and the command line."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import MEDEWERKER
from toegang_app.logging_setup import PrivacyFormatter, safe_exception_text, setup_logging
from toegang_app.services import gesprekken as svc

NAAM = "Fennigje Zwartebroek-Oosterhuis"
BSN = "111222333"  # passes the elfproef
GEBOORTE = "17-05-1953"


@pytest.fixture(autouse=True)
def _own_log_handlers():
    yield
    setup_logging(None)  # removes the file handler of this test's data folder


def _files_with_personal_data(data_dir: Path) -> list[str]:
    """Every file in the data folder except the database itself and the (encrypted) drafts, that holds
    the name, the BSN or the birth date."""
    hits = []
    for p in sorted(data_dir.rglob("*")):
        if not p.is_file():
            continue
        if p.name.startswith("toegang.sqlite"):
            continue
        blob = p.read_bytes()
        for secret in (NAAM, "Zwartebroek", BSN, GEBOORTE, "1953-05-17"):
            if secret.encode() in blob:
                hits.append(f"{p.relative_to(data_dir)}: {secret}")
    return hits


def _dossier(ctx):
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = NAAM
    d.inwoner.bsn = BSN
    d.inwoner.geboortedatum, d.inwoner.geboortejaar = svc.parse_geboorte(GEBOORTE)
    d.inwoner.kern = "Haaksbergen"
    d.vraag = "Hulp bij de administratie"
    return d


def _break_sqlite_saves(ctx):
    with ctx.engine.begin() as c:
        c.execute(text("CREATE TRIGGER test_kapot BEFORE INSERT ON inwoners "
                       "BEGIN SELECT RAISE(ABORT, 'opslag geweigerd door de test'); END"))


def _break_pg_saves(ctx):
    # a CHECK violation: PostgreSQL puts the whole row into the error's DETAIL ("Failing row contains ...")
    with ctx.engine.begin() as c:
        c.execute(text(f"ALTER TABLE inwoners ADD CONSTRAINT test_kapot CHECK (naam <> '{NAAM}')"))


def _save_and_log_like_the_editor(ctx):
    log = logging.getLogger("toegang_app.ui.gesprek_editor")
    with pytest.raises(Exception) as err:  # noqa: PT011 - whatever the driver raises
        svc.bewaar_gesprek(ctx, _dossier(ctx))
    try:
        raise err.value
    except Exception as exc:  # noqa: BLE001
        log.exception("Saving conversation failed")
        log.warning("Save failed: %s", exc)
        log.error("Save failed (%s)", svc.__name__, exc_info=exc)
    return err.value


def _flush_logs():
    for h in logging.getLogger().handlers:
        h.flush()


def test_failed_save_on_sqlite_leaves_no_name_or_bsn_in_any_file(ctx, data_dir):
    setup_logging(ctx.config.log_dir)
    ctx.user = MEDEWERKER
    _break_sqlite_saves(ctx)
    exc = _save_and_log_like_the_editor(ctx)
    _flush_logs()
    log_text = (ctx.config.log_dir / "toegang.log").read_text(encoding="utf-8")
    assert "Saving conversation failed" in log_text and "opslag geweigerd door de test" in log_text
    assert "INSERT INTO inwoners" in log_text  # the statement stays: the beheerder sees what failed
    assert "[parameters hidden" in str(exc) or "hide_parameters" in str(exc)
    assert _files_with_personal_data(data_dir) == []


@pytest.mark.postgres
def test_failed_save_on_postgresql_leaves_no_row_values_in_any_file(pg_ctx, data_dir):
    setup_logging(pg_ctx.config.log_dir)
    pg_ctx.user = MEDEWERKER
    _break_pg_saves(pg_ctx)
    exc = _save_and_log_like_the_editor(pg_ctx)
    assert BSN in str(exc.orig)  # the driver's own message does carry the row: only our log drops it
    _flush_logs()
    log_text = (pg_ctx.config.log_dir / "toegang.log").read_text(encoding="utf-8")
    assert "CheckViolation" in log_text and "23514" in log_text and "test_kapot" in log_text
    assert _files_with_personal_data(data_dir) == []


def test_editor_save_that_fails_in_the_database_keeps_names_out_of_the_log(qtbot, ctx, data_dir):
    from PySide6.QtCore import Qt

    from tests.factories import open_nieuw_gesprek

    setup_logging(ctx.config.log_dir)
    ctx.user = MEDEWERKER
    _break_sqlite_saves(ctx)
    ed = open_nieuw_gesprek(qtbot, ctx)
    qtbot.keyClicks(ed.f_naam, NAAM)
    qtbot.keyClicks(ed.f_geboorte, GEBOORTE)
    qtbot.keyClicks(ed.f_bsn, BSN)
    ed.f_kern.setCurrentIndex(ed.f_kern.findData("Haaksbergen"))
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ed.f_naam.text() == NAAM  # the input stays on screen
    assert "onverwachte fout" in ed.melding.text() and "concept" in ed.melding.text()
    ed.dirty = False
    _flush_logs()
    assert "Saving conversation failed" in (ctx.config.log_dir / "toegang.log").read_text(encoding="utf-8")
    assert _files_with_personal_data(data_dir) == []


def test_background_job_failure_is_logged_without_parameters(qtbot, ctx, data_dir):
    from toegang_app.ui.workers import Job

    setup_logging(ctx.config.log_dir)
    ctx.user = MEDEWERKER
    _break_sqlite_saves(ctx)
    job = Job(lambda _p, _c: svc.bewaar_gesprek(ctx, _dossier(ctx)))
    with qtbot.waitSignal(job.failed, timeout=10_000) as sig:
        job.start()
    assert "onverwacht" in sig.args[0]
    _flush_logs()
    assert "Background job failed" in (ctx.config.log_dir / "toegang.log").read_text(encoding="utf-8")
    assert _files_with_personal_data(data_dir) == []


def test_command_line_failure_is_logged_without_parameters(ctx, data_dir, monkeypatch, capsys):
    """toegang-admin's last-resort handler logs the traceback: without parameters."""
    from toegang_app import cli

    _break_sqlite_saves(ctx)

    def boom(args):
        ctx.user = MEDEWERKER
        svc.bewaar_gesprek(ctx, _dossier(ctx))

    parser = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with_func(parser(), boom))
    assert cli.main(["config"]) == 1
    assert "onverwacht" in capsys.readouterr().err
    _flush_logs()
    assert "Unexpected error in toegang-admin" in (ctx.config.log_dir / "toegang.log").read_text(encoding="utf-8")
    assert _files_with_personal_data(data_dir) == []


def _with_func(parser, fn):
    parser._subparsers._group_actions[0].choices["config"].set_defaults(func=fn)
    return parser


def test_formatter_drops_file_names_and_masks_bsns():
    """A worker may name a PDF after the resident; an OSError keeps its reason, not the file name."""
    exc = FileNotFoundError(2, "No such file or directory", f"/home/u/{NAAM}.pdf")
    assert NAAM not in safe_exception_text(exc) and "No such file" in safe_exception_text(exc)
    rec = logging.LogRecord("x", logging.WARNING, __file__, 1, "PDF not written: %s (bsn %s)", (exc, BSN), None)
    out = PrivacyFormatter("%(message)s").format(rec)
    assert NAAM not in out and BSN not in out and "PDF not written" in out


def test_data_folder_holds_no_world_readable_log(ctx, data_dir):
    if os.name != "posix":
        pytest.skip("POSIX modes")
    path = setup_logging(ctx.config.log_dir)
    logging.getLogger("x").warning("iets")
    _flush_logs()
    assert (path.stat().st_mode & 0o777) == 0o600
    assert (ctx.config.log_dir.stat().st_mode & 0o777) == 0o700
