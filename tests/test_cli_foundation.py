"""toegang-admin init-db / migrate / backup / config and the Dutch help, as a beheerder runs them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from toegang_app import cli


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "toegang_app.cli", *args], capture_output=True, text=True, env=env, timeout=120)


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "gebruik: toegang-admin" in out
    assert "toon deze hulp en stop" in out
    for cmd in ("init-db", "migrate", "backup", "config"):
        assert cmd in out
    assert "show this help" not in out and "usage:" not in out


def test_unknown_command_dutch_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["bestaat-niet"])
    assert exc.value.code == 2
    assert "ongeldige keuze" in capsys.readouterr().err


def test_init_db_config_backup(data_dir, tmp_path, capsys, monkeypatch):
    assert cli.main(["init-db"]) == 0
    db = data_dir / "toegang.sqlite"
    assert db.exists()
    assert cli.main(["migrate"]) == 0
    assert "Niets te doen" in capsys.readouterr().out
    assert cli.main(["config"]) == 0
    out = capsys.readouterr().out
    assert str(db) in out and str(data_dir / "logs") in out and "instellingen.json" in out
    dest = tmp_path / "kopie.sqlite"
    from tests.factories import cli_gebruiker

    cli_gebruiker("beheerder")  # a backup holds every personal record: a signed-in beheerder only
    # a consistent copy while another connection holds an open write transaction (opened after the
    # beheerder signed in: signing in writes an audit row, which waits for a writer like any write)
    from toegang_app.storage import migrate

    live = sqlite3.connect(db)
    real_backup = migrate.backup_database

    def with_a_writer_busy(engine, path):
        live.execute("BEGIN IMMEDIATE")
        live.execute("INSERT INTO toegang_meta (sleutel, waarde) VALUES ('onafgemaakt', 'x')")
        return real_backup(engine, path)

    monkeypatch.setattr(migrate, "backup_database", with_a_writer_busy)
    assert cli.main(["backup", str(dest)]) == 0
    live.rollback()
    live.close()
    con = sqlite3.connect(dest)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM toegang_meta WHERE sleutel='onafgemaakt'").fetchone()[0] == 0
    con.close()


def test_database_url_env_points_elsewhere(data_dir, tmp_path, monkeypatch, capsys):
    other = tmp_path / "elders.sqlite"
    monkeypatch.setenv("TOEGANG_DATABASE_URL", f"sqlite:///{other}")
    assert cli.main(["init-db"]) == 0
    assert other.exists() and not (data_dir / "toegang.sqlite").exists()
    cli.main(["config"])
    assert "TOEGANG_DATABASE_URL" in capsys.readouterr().out


def test_settings_file_points_elsewhere(data_dir, tmp_path):
    import json

    other = tmp_path / "uit-instellingen.sqlite"
    data_dir.mkdir(parents=True)
    (data_dir / "instellingen.json").write_text(json.dumps({"database_url": f"sqlite:///{other}"}))
    assert cli.main(["init-db"]) == 0
    assert other.exists()


def test_broken_settings_file_dutch_message_no_traceback(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "instellingen.json").write_text("{kapot")
    res = run_cli("init-db")
    assert res.returncode == 2
    assert "instellingenbestand" in res.stderr and "Traceback" not in res.stderr


def test_bad_database_url_no_traceback(data_dir):
    res = run_cli("init-db", env_extra={"TOEGANG_DATABASE_URL": "mysql://x/y"})
    assert res.returncode != 0
    assert "wordt niet ondersteund" in res.stderr and "Traceback" not in res.stderr


def test_backup_of_missing_database_is_clear(data_dir, tmp_path, capsys):
    assert cli.main(["backup", str(tmp_path / "x.sqlite")]) != 0
    assert "bestaat niet" in capsys.readouterr().err
