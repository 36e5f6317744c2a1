"""Shared fixtures. Qt runs offscreen; every test gets its own data folder; PostgreSQL tests get a
fresh database on the server named by TOEGANG_TEST_PG_URL (started by .ci/run)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test touches the developer's real credential store: without a store, keys fall back to the key
# file in the test's data folder; tests of the store itself install an in-memory one (memory_keyring).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _no_real_credential_store():
    import keyring
    from keyring.backends import fail

    from toegang_app import keystore

    keyring.set_keyring(fail.Keyring())
    keystore.forget_cache()
    yield
    keyring.set_keyring(fail.Keyring())
    keystore.forget_cache()


class MemoryKeyring:
    """An in-memory credential store (what Windows Credential Manager / Secret Service do, for tests)."""

    def __init__(self):
        import keyring.backend

        class _Backend(keyring.backend.KeyringBackend):
            priority = 1
            name = "test-sleutelbos"

            def __init__(self, store):
                super().__init__()
                self.store = store

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        self.store: dict[tuple[str, str], str] = {}
        self.backend = _Backend(self.store)


@pytest.fixture
def memory_keyring():
    import keyring

    from toegang_app import keystore

    mk = MemoryKeyring()
    keyring.set_keyring(mk.backend)
    keystore.forget_cache()
    return mk


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("TOEGANG_DATA_DIR", str(d))
    monkeypatch.delenv("TOEGANG_DATABASE_URL", raising=False)
    return d


@pytest.fixture
def config(data_dir):
    from toegang_app.config import load_config

    return load_config()


@pytest.fixture
def ctx(config):
    """An AppContext on a fresh SQLite file in a temporary data folder."""
    from toegang_app.services.context import open_context

    c = open_context(config)
    yield c
    c.close()


def _pg_admin_url() -> str | None:
    url = os.environ.get("TOEGANG_TEST_PG_URL")
    if not url:
        if os.environ.get("TOEGANG_REQUIRE_PG") == "1":
            pytest.fail("TOEGANG_REQUIRE_PG=1 but TOEGANG_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set TOEGANG_TEST_PG_URL; .ci/run starts one)")
    return url


@pytest.fixture
def pg_url():
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = _pg_admin_url()
    name = f"toegang_test_{uuid.uuid4().hex[:10]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    yield url
    with eng.connect() as c:
        c.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    eng.dispose()


@pytest.fixture
def pg_ctx(data_dir, pg_url, monkeypatch):
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    monkeypatch.setenv("TOEGANG_DATABASE_URL", pg_url)
    c = open_context(load_config())
    yield c
    c.close()
