"""The tables the start uses are described once (issue 26): as SQLAlchemy Core tables in
``storage.tabellen``, which the ORM classes of ``storage.models`` map, in the same MetaData. The migrations
match that one description (``test_migrations.py::_check_fresh`` compares them with ``compare_metadata``)."""

from __future__ import annotations

import subprocess
import sys

from toegang_app.storage import models, tabellen

GEDEELD = {models.Gebruiker: tabellen.gebruikers, models.Inwoner: tabellen.inwoners,
           models.Gesprek: tabellen.gesprekken, models.AuditRegel: tabellen.audit_log}


def test_the_orm_maps_the_core_tables_themselves():
    assert models.Base.metadata is tabellen.metadata
    for cls, table in GEDEELD.items():
        assert cls.__table__ is table
        assert models.Base.metadata.tables[table.name] is table
        # every column is mapped, under its own name
        assert {c.key for c in cls.__mapper__.column_attrs} == {c.name for c in table.columns}
    # the optimistic locking of residents and conversations stays on their version column
    assert models.Inwoner.__mapper__.version_id_col is tabellen.inwoners.c.versie
    assert models.Gesprek.__mapper__.version_id_col is tabellen.gesprekken.c.versie


def test_the_core_tables_do_not_import_the_orm_nor_the_postgresql_dialect():
    """What the start on SQLite imports for its tables: neither the ORM nor the PostgreSQL dialect (about
    40 ms, for the partial index of inwoners, which storage.models adds)."""
    code = ("import sys\nimport toegang_app.storage.tabellen\n"
            "print('sqlalchemy.orm' in sys.modules, 'toegang_app.storage.models' in sys.modules,"
            " 'sqlalchemy.dialects.postgresql' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False", "False"]


def test_the_partial_index_is_in_the_metadata_once_the_models_are():
    tabellen.indexen_per_database()  # again: still one
    namen = [ix.name for ix in tabellen.inwoners.indexes]
    assert namen.count("ix_inwoners_geanonimiseerd") == 1
