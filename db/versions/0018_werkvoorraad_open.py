"""The werkvoorraad from indexes of what is open (issue 26). The follow-ups due and the referrals without
news are open referrals only: partial indexes on them (status one of the open statuses) hold the desk, the
date the list orders by, the id and what the other conditions ask (the conversation for the anonymised
check, the other date), so the database reads the most urgent rows in order and stops, and counts from
the index alone. They replace the two indexes of 0016 that led with the status: an IN list of three
statuses cannot be read in date order from those, so every open referral of the desk was read and
sorted for the first rows. The open steps of the legal terms (not closed, not set aside) by conversation,
so the werkvoorraad reads the desk's open terms without reading its closed ones.

The status list is written out: SQLite uses a partial index only when the query repeats its condition
literally (the queries render it so, see services/werkvoorraad.py); tests keep it equal to
domain.verwijzing.OPEN.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

OPEN_VERWIJZING = "status IN ('voorgesteld', 'verwezen', 'aangemeld')"
OPEN_TERMIJN = "afgerond_op IS NULL AND niet_van_toepassing IS NULL"


def upgrade() -> None:
    op.drop_index("ix_verwijzingen_zonder_nieuws", "verwijzingen")
    op.drop_index("ix_verwijzingen_opvolging", "verwijzingen")
    op.create_index("ix_verwijzingen_open_opvolging", "verwijzingen",
                    ["team", "opvolgdatum", "id", "status_sinds", "gesprek_id"],
                    postgresql_where=sa.text(OPEN_VERWIJZING), sqlite_where=sa.text(OPEN_VERWIJZING))
    op.create_index("ix_verwijzingen_open_sinds", "verwijzingen",
                    ["team", "status_sinds", "id", "opvolgdatum", "gesprek_id"],
                    postgresql_where=sa.text(OPEN_VERWIJZING), sqlite_where=sa.text(OPEN_VERWIJZING))
    op.create_index("ix_termijnen_open", "termijnen", ["gesprek_id", "uiterlijk"],
                    postgresql_where=sa.text(OPEN_TERMIJN), sqlite_where=sa.text(OPEN_TERMIJN))


def downgrade() -> None:
    op.drop_index("ix_termijnen_open", "termijnen")
    op.drop_index("ix_verwijzingen_open_sinds", "verwijzingen")
    op.drop_index("ix_verwijzingen_open_opvolging", "verwijzingen")
    op.create_index("ix_verwijzingen_opvolging", "verwijzingen", ["team", "status", "opvolgdatum", "id", "gesprek_id"])
    op.create_index("ix_verwijzingen_zonder_nieuws", "verwijzingen",
                    ["team", "status", "status_sinds", "opvolgdatum", "id", "gesprek_id"])
