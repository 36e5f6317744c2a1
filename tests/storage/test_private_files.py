"""Files only for the user (issue 19, item 2): the data folder is 0700, every file Toegang writes 0600
(database with -wal/-shm, drafts, logs, settings, backups, PDFs), and the drafts are encrypted with a
key from the OS credential store, so a copied draft cannot be read elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import MEDEWERKER
from toegang_app.services import concepten
from toegang_app.services import gesprekken as svc

REPO = Path(__file__).resolve().parents[2]
NAAM = "Gerritdina Oldenkotte-Bruggink"
BSN = "111222333"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _dossier(ctx):
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.bsn, d.inwoner.kern = NAAM, BSN, "Haaksbergen"
    d.vraag = "Hulp bij de post"
    return d


def _env(data_dir: Path) -> dict:
    env = dict(os.environ, TOEGANG_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", TOEGANG_GEEN_DEMO="1")
    env.pop("TOEGANG_DATABASE_URL", None)
    return env


@posix_only
def test_app_and_command_line_write_only_private_files(tmp_path):
    """Started from a shell with the usual umask 022, the programs still create nothing others can read."""
    data = tmp_path / "data"
    env = _env(data)
    py = sys.executable
    pre = "import os, sys; os.umask(0o022); "
    r = subprocess.run([py, "-c", pre + "from toegang_app.cli import main; sys.exit(main(['init-db']))"],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([py, "-c", pre + "from toegang_app.app import main; sys.exit(main(['--self-test']))"],
                       env=env, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([py, "-c", pre + "from toegang_app.cli import main; "
                        f"sys.exit(main(['backup', {str(tmp_path / 'kopie.sqlite')!r}]))"],
                       env=env, capture_output=True, text=True, timeout=120)
    seen = _assert_private_tree(data)
    assert {"toegang.sqlite", "toegang.log"} <= seen
    if r.returncode == 0:  # the backup needs a signed-in beheerder once the CLI signs in
        assert _mode(tmp_path / "kopie.sqlite") == 0o600


def _assert_private_tree(root: Path) -> set[str]:
    assert _mode(root) == 0o700
    names = set()
    for p in root.rglob("*"):
        if p.is_dir():
            assert _mode(p) == 0o700, p
        elif p.is_file():
            assert _mode(p) == 0o600, f"{p}: {oct(_mode(p))}"
            names.add(p.name)
    return names


@posix_only
def test_database_wal_shm_drafts_logs_settings_and_pdf_are_0600(ctx, data_dir, tmp_path):
    from toegang_app.logging_setup import setup_logging
    from toegang_app.private_files import apply_private_umask, restore_umask
    from toegang_app.services.handout import maak_pdf

    old = apply_private_umask()
    try:
        setup_logging(ctx.config.log_dir)
        ctx.user = MEDEWERKER
        stored = svc.bewaar_gesprek(ctx, _dossier(ctx))
        concepten.bewaar_concept(ctx, "nieuw-test", _dossier(ctx))
        ctx.config.values["team"] = "haaksbergen"
        ctx.config.save()
        pdf = tmp_path / "elders" / "samenvatting.pdf"
        maak_pdf(ctx, stored.gesprek_id, pdf)
    finally:
        restore_umask(old)
        setup_logging(None)
    names = _assert_private_tree(data_dir)
    assert {"toegang.sqlite", "toegang.sqlite-wal", "toegang.sqlite-shm", "toegang.log", "instellingen.json",
            "nieuw-test.concept"} <= names
    assert _mode(pdf) == 0o600


@posix_only
def test_files_of_an_older_version_are_tightened_at_start(data_dir):
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    for d in (data_dir, data_dir / "logs", data_dir / "concepten", data_dir / "backups"):
        d.mkdir(parents=True, exist_ok=True)
        os.chmod(d, 0o755)
    old = data_dir / "concepten" / "gesprek-1.json"
    old.write_text("{}", encoding="utf-8")
    (data_dir / "logs" / "toegang.log").write_text("oud\n", encoding="utf-8")
    backup = data_dir / "backups" / "toegang-voor-migratie.sqlite"
    backup.write_bytes(b"x")
    for f in (old, data_dir / "logs" / "toegang.log", backup):
        os.chmod(f, 0o644)
    ctx = open_context(load_config(), load=False)
    ctx.close()
    _assert_private_tree(data_dir)


@posix_only
def test_backup_copy_is_private(ctx, tmp_path):
    from toegang_app.storage.migrate import backup_database

    dest = backup_database(ctx.engine, tmp_path / "kopie" / "toegang.sqlite")
    assert _mode(dest) == 0o600


# -- encrypted drafts ---------------------------------------------------------------------------------

def test_draft_is_encrypted_with_a_key_in_the_credential_store(ctx, memory_keyring):
    ctx.user = MEDEWERKER
    path = concepten.bewaar_concept(ctx, "nieuw-abc", _dossier(ctx))
    blob = path.read_bytes()
    assert NAAM.encode() not in blob and BSN.encode() not in blob and b"Hulp bij de post" not in blob
    assert [k for k in memory_keyring.store if k[0] == "Toegang" and k[1].startswith("concepten ")]
    assert not ctx.config.draft_key_file.exists()
    [c] = concepten.open_concepten(ctx)
    assert c.dossier.inwoner.naam == NAAM and c.dossier.inwoner.bsn == BSN


def test_copied_draft_cannot_be_read_on_another_account(ctx, memory_keyring, tmp_path, monkeypatch):
    """Another account (or PC) has its own credential store: the copy stays unreadable there and nothing of
    it is shown."""
    from tests.conftest import MemoryKeyring
    from toegang_app.config import load_config
    from toegang_app.keystore import forget_cache

    ctx.user = MEDEWERKER
    path = concepten.bewaar_concept(ctx, "nieuw-abc", _dossier(ctx))
    import keyring

    keyring.set_keyring(MemoryKeyring().backend)  # the other account's (empty) store
    forget_cache()
    ander = tmp_path / "ander"
    monkeypatch.setenv("TOEGANG_DATA_DIR", str(ander))
    cfg = load_config()
    cfg.ensure_dirs()
    shutil.copy(path, cfg.drafts_dir / path.name)
    from toegang_app.services.context import open_context

    other = open_context(cfg, load=False)
    try:
        other.user = MEDEWERKER
        # the copy even points at "its" database, as if the whole data folder minus the key was copied
        assert concepten.open_concepten(other) == []
        assert (cfg.drafts_dir / "nieuw-abc.onleesbaar").exists()
    finally:
        other.close()


@posix_only
def test_without_a_credential_store_the_key_file_is_private_and_drafts_still_encrypted(ctx):
    ctx.user = MEDEWERKER
    path = concepten.bewaar_concept(ctx, "nieuw-abc", _dossier(ctx))
    assert NAAM.encode() not in path.read_bytes()
    key_file = ctx.config.draft_key_file
    assert key_file.exists() and _mode(key_file) == 0o600
    assert key_file.parent == ctx.config.data_dir and key_file.parent != path.parent
    [c] = concepten.open_concepten(ctx)
    assert c.dossier.inwoner.naam == NAAM


def test_key_file_moves_into_the_credential_store_when_one_appears(ctx):
    import keyring

    from tests.conftest import MemoryKeyring
    from toegang_app.keystore import forget_cache

    ctx.user = MEDEWERKER
    concepten.bewaar_concept(ctx, "nieuw-abc", _dossier(ctx))
    assert ctx.config.draft_key_file.exists()
    mk = MemoryKeyring()
    keyring.set_keyring(mk.backend)
    forget_cache()
    [c] = concepten.open_concepten(ctx)  # same key, now from the store
    assert c.dossier.inwoner.naam == NAAM
    assert not ctx.config.draft_key_file.exists() and mk.store


def test_plaintext_draft_of_an_older_version_is_restored_once_then_encrypted(ctx, memory_keyring):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    old = ctx.config.drafts_dir / "nieuw-oud.json"
    old.write_text(json.dumps({"versie": 1, "database": ctx.database_url_display, "gebruiker": "mw-hb",
                               "bewaard_op": "2026-01-05T10:00:00", "dossier": d.to_json(), "basis": None}),
                   encoding="utf-8")
    [c] = concepten.open_concepten(ctx)
    assert c.dossier.inwoner.naam == NAAM and c.sleutel == "nieuw-oud"
    assert not old.exists()
    new = ctx.config.drafts_dir / "nieuw-oud.concept"
    assert new.exists() and NAAM.encode() not in new.read_bytes()
    [again] = concepten.open_concepten(ctx)  # still offered, now from the encrypted file
    assert again.dossier.inwoner.bsn == BSN
    concepten.verwijder_concept(ctx, "nieuw-oud")
    assert list(ctx.config.drafts_dir.iterdir()) == []


def test_tampered_draft_is_not_restored(ctx, memory_keyring):
    ctx.user = MEDEWERKER
    path = concepten.bewaar_concept(ctx, "nieuw-abc", _dossier(ctx))
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01
    path.write_bytes(bytes(blob))
    assert concepten.open_concepten(ctx) == []
