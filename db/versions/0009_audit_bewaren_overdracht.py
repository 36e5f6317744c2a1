"""Retention covers the audit trail, and a move between desks is a handover (issue 19, items 4 and 8).

- ``audit_verlopen``: which audit rows the retention job may forget (rows about a destroyed or anonymised
  conversation, resident or referral), ``audit_opschoning``: the job's mark on SQLite.
- The audit's DELETE trigger admits only rows listed in ``audit_verlopen``, and only inside the marked
  transaction (SQLite: a row in ``audit_opschoning``; PostgreSQL: ``SET LOCAL toegang.audit_opschonen``,
  which only the owner role can use because the application role has no DELETE on ``audit_log``).
  UPDATE (and TRUNCATE) stay refused for everyone.
- Rows written by older versions with a personal value (birth date, postcode, BSN, name, free text...)
  lose that value; the row itself (who, what, when) stays. Rows about objects already destroyed are
  listed as expired.
- ``overdrachten``: a resident handed from one desk to the other, with the reason.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

AUDIT_MESSAGE = "audit_log is alleen-toevoegen: wijzigen of verwijderen is niet toegestaan"

# frozen copy of services.audit.PERSOONLIJK / WAARDE_TOEGESTAAN at this revision
_PERSOONLIJK = ("gesprek", "inwoner", "verwijzing", "verwijzingen", "vernietigingsverzoek", "overdracht")
_TOEGESTAAN = tuple(re.compile("^" + p.replace(".", r"\.").replace("*", r"[^.]+") + "$") for p in (
    "status", "status_reden", "opvolgdatum", "kanaal", "melder", "aanmelding_datum", "afgesloten_op",
    "team", "gemeente", "kern", "inwoner.gemeente", "inwoner.kern", "huishouden",
    "betrokken_partijen", "samenwerking_stagneert", "mantelzorger", "mantelzorger_overbelast",
    "crisis.*", "veiligheid.*", "dimensies.*.score", "dimensies.*.bespreken",
    "ave_fase", "procesregisseur_id", "evaluatiedatum", "bewaarwet",
    "termijn.*", "termijn.*.uiterlijk",
))

_EXPIRED_SQLITE = ("NOT EXISTS (SELECT 1 FROM audit_opschoning) OR NOT EXISTS (SELECT 1 FROM audit_verlopen v "
                   "WHERE v.object_type = OLD.object_type AND v.object_id = OLD.object_id AND OLD.id <= v.tot_id)")


def _tables() -> None:
    op.create_table(
        "audit_verlopen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("tot_id", sa.Integer(), nullable=False),
        sa.Column("sinds", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_verlopen")),
    )
    op.create_index("ix_audit_verlopen_object", "audit_verlopen", ["object_type", "object_id"])
    op.create_table(
        "audit_opschoning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.Column("door", sa.String(80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_opschoning")),
    )
    op.create_table(
        "overdrachten",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inwoner_id", sa.Integer(), nullable=False),
        sa.Column("van_team", sa.String(32), nullable=False),
        sa.Column("naar_team", sa.String(32), nullable=False),
        sa.Column("reden", sa.String(32), nullable=False),
        sa.Column("toelichting", sa.String(200), nullable=True),
        sa.Column("gesprekken", sa.Integer(), nullable=False),
        sa.Column("door", sa.String(80), nullable=True),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["inwoner_id"], ["inwoners.id"], name=op.f("fk_overdrachten_inwoner_id_inwoners"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overdrachten")),
    )
    op.create_index(op.f("ix_overdrachten_inwoner_id"), "overdrachten", ["inwoner_id"])


def _scrub_and_list_expired(bind) -> None:
    rows = bind.execute(sa.text(
        "SELECT id, veld FROM audit_log WHERE veld IS NOT NULL AND (oud IS NOT NULL OR nieuw IS NOT NULL) "
        "AND object_type IN (" + ", ".join(f"'{t}'" for t in _PERSOONLIJK) + ")")).all()
    ids = [r.id for r in rows if not any(p.match(r.veld) for p in _TOEGESTAAN)]
    for start in range(0, len(ids), 500):
        bind.execute(sa.text("UPDATE audit_log SET oud = NULL, nieuw = NULL, toelichting = COALESCE(toelichting, "
                             "'waarde verwijderd (persoonsgegeven)') WHERE id IN :ids")
                     .bindparams(sa.bindparam("ids", expanding=True)), {"ids": ids[start:start + 500]})
    # rows about objects the retention job already removed or anonymised
    for object_type, cond in (
            ("gesprek", "NOT EXISTS (SELECT 1 FROM gesprekken g JOIN inwoners i ON i.id = g.inwoner_id "
                        "WHERE CAST(g.id AS VARCHAR(64)) = a.object_id AND i.geanonimiseerd = :nee)"),
            ("verwijzingen", "NOT EXISTS (SELECT 1 FROM gesprekken g JOIN inwoners i ON i.id = g.inwoner_id "
                             "WHERE CAST(g.id AS VARCHAR(64)) = a.object_id AND i.geanonimiseerd = :nee)"),
            ("inwoner", "NOT EXISTS (SELECT 1 FROM inwoners i WHERE CAST(i.id AS VARCHAR(64)) = a.object_id "
                        "AND i.geanonimiseerd = :nee)"),
            ("verwijzing", "NOT EXISTS (SELECT 1 FROM verwijzingen v JOIN gesprekken g ON g.id = v.gesprek_id "
                           "JOIN inwoners i ON i.id = g.inwoner_id WHERE CAST(v.id AS VARCHAR(64)) = a.object_id "
                           "AND i.geanonimiseerd = :nee)")):
        bind.execute(sa.text(
            "INSERT INTO audit_verlopen (object_type, object_id, tot_id, sinds) "
            f"SELECT a.object_type, a.object_id, MAX(a.id), CURRENT_TIMESTAMP FROM audit_log a "
            f"WHERE a.object_type = '{object_type}' AND a.object_id IS NOT NULL AND {cond} "
            "GROUP BY a.object_type, a.object_id"), {"nee": False})


def upgrade() -> None:
    _tables()
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        _scrub_and_list_expired(bind)
        op.execute(f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END")
        op.execute(f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN {_EXPIRED_SQLITE} "
                   f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        _scrub_and_list_expired(bind)
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
        op.execute(
            "CREATE FUNCTION audit_log_opschonen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF coalesce(current_setting('toegang.audit_opschonen', true), '') = 'ja' AND EXISTS ("
            "SELECT 1 FROM audit_verlopen v WHERE v.object_type = OLD.object_type AND v.object_id = OLD.object_id "
            f"AND OLD.id <= v.tot_id) THEN RETURN OLD; END IF; RAISE EXCEPTION '{AUDIT_MESSAGE}'; END $$")
        op.execute("CREATE TRIGGER audit_log_opschonen BEFORE DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_opschonen()")
    else:
        _scrub_and_list_expired(bind)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_opschonen ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_opschonen()")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
    op.drop_index(op.f("ix_overdrachten_inwoner_id"), table_name="overdrachten")
    op.drop_table("overdrachten")
    op.drop_table("audit_opschoning")
    op.drop_index("ix_audit_verlopen_object", table_name="audit_verlopen")
    op.drop_table("audit_verlopen")
