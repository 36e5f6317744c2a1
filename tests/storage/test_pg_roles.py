"""The README's PostgreSQL roles (issue 19, item 6): run exactly its two SQL blocks on the test server; the
application role then works, but cannot change, delete, truncate or alter the audit trail."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from tests.factories import MEDEWERKER

pytestmark = pytest.mark.postgres
README = Path(__file__).resolve().parents[2] / "README.md"


def _block(marker: str) -> list[str]:
    m = re.search(r"```sql\n-- " + re.escape(marker) + r"[^\n]*\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert m, marker
    return [line for line in m.group(1).splitlines() if line.strip() and not line.startswith("--")]


@pytest.fixture
def roles():
    from tests.conftest import _pg_admin_url

    admin_url = _pg_admin_url()
    sfx = uuid.uuid4().hex[:8]
    names = {"toegang_eigenaar": f"t_eig_{sfx}", "toegang_app": f"t_app_{sfx}", "toegang": f"t_db_{sfx}"}

    def sub(stmt: str) -> str:
        for old, new in names.items():  # longest names first: toegang_eigenaar before toegang
            stmt = re.sub(rf"\b{old}\b", new, stmt)
        return stmt

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    base = make_url(admin_url)
    db_url = base.set(database=names["toegang"])
    try:
        with admin.connect() as c:
            for stmt in _block("roles-setup"):
                if stmt.startswith("\\c"):
                    break
                c.execute(text(sub(stmt)))
        super_on_db = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with super_on_db.connect() as c:
            after = False
            for stmt in _block("roles-setup"):
                if stmt.startswith("\\c"):
                    after = True
                elif after:
                    c.execute(text(sub(stmt)))
        super_on_db.dispose()
        yield {
            "owner": db_url.set(username=names["toegang_eigenaar"]).render_as_string(hide_password=False),
            "app": db_url.set(username=names["toegang_app"]).render_as_string(hide_password=False),
            "grants": [sub(s) for s in _block("roles-grants")],
        }
    finally:
        with admin.connect() as c:
            c.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{names['toegang']}'"))
            c.execute(text(f'DROP DATABASE IF EXISTS "{names["toegang"]}"'))
            for r in (names["toegang_app"], names["toegang_eigenaar"]):
                c.execute(text(f'DROP ROLE IF EXISTS "{r}"'))
        admin.dispose()


def test_application_role_cannot_alter_or_delete_the_audit_trail(roles, data_dir, monkeypatch):
    from toegang_app.config import load_config
    from toegang_app.services import gesprekken as svc
    from toegang_app.services.context import open_context

    monkeypatch.setenv("TOEGANG_DATABASE_URL", roles["owner"])
    owner_ctx = open_context(load_config(), load=False)  # init-db by the beheerder, as the owner role
    owner_ctx.close()
    owner = create_engine(roles["owner"])
    with owner.begin() as c:
        for stmt in roles["grants"]:
            c.execute(text(stmt))
    owner.dispose()

    monkeypatch.setenv("TOEGANG_DATABASE_URL", roles["app"])
    ctx = open_context(load_config(), load=False)  # a workstation
    try:
        ctx.user = MEDEWERKER
        d = svc.nieuw_dossier(ctx)
        d.inwoner.naam, d.inwoner.kern = "Rolf Rechten (synthetisch)", "Haaksbergen"
        stored = svc.bewaar_gesprek(ctx, d)  # writes conversation and audit rows
        assert stored.gesprek_id
    finally:
        ctx.close()

    app = create_engine(roles["app"])
    try:
        with app.connect() as c:
            assert c.execute(text("SELECT count(*) FROM audit_log")).scalar() >= 2
        for stmt, reason in (("UPDATE audit_log SET toelichting = 'weg'", "permission denied"),
                             ("DELETE FROM audit_log", "permission denied"),
                             ("TRUNCATE audit_log", "permission denied"),
                             ("ALTER TABLE audit_log DISABLE TRIGGER ALL", "must be owner"),
                             ("DROP TRIGGER audit_log_append_only ON audit_log", "must be owner"),
                             ("DROP TABLE audit_log", "must be owner"),
                             ("UPDATE alembic_version SET version_num = '0001'", "permission denied")):
            with app.connect() as c:
                with pytest.raises(ProgrammingError) as err:
                    c.execute(text(stmt))
                assert reason in str(err.value.orig), stmt
    finally:
        app.dispose()


def test_workstation_on_an_older_database_points_to_the_owner_role(roles, data_dir, monkeypatch):
    from toegang_app.config import load_config
    from toegang_app.errors import DatabaseError
    from toegang_app.services.context import open_context

    owner = create_engine(roles["owner"])
    with owner.begin() as c:  # an empty database the owner has not initialised yet
        for stmt in roles["grants"][:2]:
            c.execute(text(stmt))
    owner.dispose()
    monkeypatch.setenv("TOEGANG_DATABASE_URL", roles["app"])
    with pytest.raises(DatabaseError) as err:
        open_context(load_config(), load=False)
    assert "eigenaar" in err.value.message and "toegang-admin migrate" in err.value.message


def test_only_the_owner_role_purges_expired_audit_rows(roles, data_dir, monkeypatch):
    """Issue 19, item 8: the retention job removes expired audit rows under the owner role; the
    application role (the workstations) gets a Dutch message naming the owner role and nothing goes."""
    from datetime import date, datetime

    from tests.factories import BEHEERDER, maak_gesprek
    from toegang_app.config import load_config
    from toegang_app.errors import UserError
    from toegang_app.services import audit, bewaren
    from toegang_app.services.context import open_context
    from toegang_app.storage.models import Gesprek

    monkeypatch.setenv("TOEGANG_DATABASE_URL", roles["owner"])
    owner_ctx = open_context(load_config(), load=False)
    owner_ctx.close()
    owner = create_engine(roles["owner"])
    with owner.begin() as c:
        for stmt in roles["grants"]:
            c.execute(text(stmt))
    owner.dispose()

    monkeypatch.setenv("TOEGANG_DATABASE_URL", roles["app"])
    ctx = open_context(load_config(), load=False)
    try:
        gid = maak_gesprek(ctx, naam="Oud Gesprek (synthetisch)", aanmelding=date(2001, 1, 1), status="afgerond",
                           afgesloten_op=date(2001, 2, 1))
        with ctx.sessions.begin() as s:
            s.get(Gesprek, gid).gewijzigd_op = datetime(2001, 2, 1, 12)
            audit.record(s, MEDEWERKER, "bekeken", "gesprek", gid)
        ctx.user = BEHEERDER
        bewaren.vernietig(ctx, [gid])               # the application role destroys the conversation ...
        assert bewaren.verlopen_auditregels(ctx) == 1
        with pytest.raises(UserError, match="eigenaarsrol"):
            bewaren.audit_opschonen(ctx)            # ... but cannot purge the audit trail
        assert bewaren.verlopen_auditregels(ctx) == 1
    finally:
        ctx.close()

    monkeypatch.setenv("TOEGANG_DATABASE_URL", roles["owner"])
    ctx = open_context(load_config(), load=False)
    try:
        ctx.user = BEHEERDER
        assert bewaren.audit_opschonen(ctx).regels == 1
        assert bewaren.verlopen_auditregels(ctx) == 0
    finally:
        ctx.close()
