"""Optional SQLCipher encryption of the SQLite file (issue 19, item 2): key in the credential store, the file
unreadable without it, an existing database converted once, backups encrypted too."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.factories import MEDEWERKER
from toegang_app.config import load_config
from toegang_app.errors import ConfigError
from toegang_app.services import gesprekken as svc
from toegang_app.services.context import open_context

pytest.importorskip("sqlcipher3")
NAAM = "Wubbolt Versleuteld-Nijhuis"


def _settings(data_dir, **values):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "instellingen.json").write_text(json.dumps(values), encoding="utf-8")


def _save(ctx) -> int:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern, d.inwoner.bsn = NAAM, "Haaksbergen", "111222333"
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def test_new_encrypted_database_is_unreadable_without_its_key(data_dir, memory_keyring):
    _settings(data_dir, database_versleutelen=True)
    ctx = open_context(load_config(), load=False)
    try:
        gid = _save(ctx)
        with ctx.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    db = data_dir / "toegang.sqlite"
    assert not db.read_bytes().startswith(b"SQLite format 3")
    for f in data_dir.glob("toegang.sqlite*"):
        assert NAAM.encode() not in f.read_bytes() and b"111222333" not in f.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT count(*) FROM inwoners").fetchone()
    assert [k for k in memory_keyring.store if k[1].startswith("database ")]
    ctx = open_context(load_config(), load=False)  # the same account opens it again
    try:
        ctx.user = MEDEWERKER
        assert svc.laad_gesprek(ctx, gid).inwoner.naam == NAAM
    finally:
        ctx.close()


def test_without_a_credential_store_encryption_is_refused(data_dir):
    _settings(data_dir, database_versleutelen=True)
    with pytest.raises(ConfigError) as err:
        open_context(load_config(), load=False)
    assert "sleutelbos" in err.value.message and "zou niets beschermen" in err.value.message
    assert not (data_dir / "toegang.sqlite").exists()


def test_copied_file_cannot_be_opened_by_another_account(data_dir, memory_keyring, tmp_path, monkeypatch):
    import keyring

    from tests.conftest import MemoryKeyring
    from toegang_app.keystore import forget_cache

    _settings(data_dir, database_versleutelen=True)
    ctx = open_context(load_config(), load=False)
    _save(ctx)
    ctx.close()
    other = tmp_path / "ander"
    _settings(other, database_versleutelen=True)
    shutil.copy(data_dir / "toegang.sqlite", other / "toegang.sqlite")
    keyring.set_keyring(MemoryKeyring().backend)
    forget_cache()
    monkeypatch.setenv("TOEGANG_DATA_DIR", str(other))
    with pytest.raises(ConfigError) as err:
        open_context(load_config(), load=False)
    assert "staat niet in de sleutelbos" in err.value.message


def test_existing_database_is_converted_once(data_dir, memory_keyring, capsys, tmp_path):
    from toegang_app import cli

    ctx = open_context(load_config(), load=False)  # an ordinary, unencrypted database with a conversation
    gid = _save(ctx)
    ctx.close()
    _settings(data_dir, database_versleutelen=True)
    with pytest.raises(ConfigError) as err:  # switched on by hand: refused, pointing to the conversion
        open_context(load_config(), load=False)
    assert "database-versleutelen" in err.value.message
    _settings(data_dir)
    assert cli.main(["database-versleutelen"]) == 0
    assert "is versleuteld met SQLCipher" in capsys.readouterr().out
    assert json.loads((data_dir / "instellingen.json").read_text())["database_versleutelen"] is True
    db = data_dir / "toegang.sqlite"
    assert not db.read_bytes().startswith(b"SQLite format 3") and NAAM.encode() not in db.read_bytes()
    ctx = open_context(load_config(), load=False)
    try:
        ctx.user = MEDEWERKER
        assert svc.laad_gesprek(ctx, gid).inwoner.naam == NAAM
        from toegang_app.storage.migrate import backup_database

        copy = backup_database(ctx.engine, tmp_path / "kopie.sqlite")  # the backup stays encrypted
        assert not copy.read_bytes().startswith(b"SQLite format 3") and NAAM.encode() not in copy.read_bytes()
    finally:
        ctx.close()
    assert cli.main(["database-versleutelen"]) == 0
    assert "al versleuteld" in capsys.readouterr().out
    assert cli.main(["config"]) == 0
    assert "versleuteld:      ja (SQLCipher)" in capsys.readouterr().out
