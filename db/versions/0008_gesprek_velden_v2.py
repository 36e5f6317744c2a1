"""The fields of exchange format version 2 on the conversation (issue 18, declared in
domain/gesprek_velden.py): residence status, children at home, kenmerken, the laws of the melding,
formal aanvragen, and the conversation's opaque exchange id and the id of the conversation it follows up.
The lists are JSON: NULL means "not asked", [] "asked, none".

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gesprekken") as b:
        b.add_column(sa.Column("verblijfsstatus", sa.String(32), nullable=True))
        b.add_column(sa.Column("kinderen", sa.JSON(), nullable=True))
        b.add_column(sa.Column("kenmerken", sa.JSON(), nullable=True))
        b.add_column(sa.Column("melding_wetten", sa.JSON(), nullable=True))
        b.add_column(sa.Column("aanvragen", sa.JSON(), nullable=True))
        b.add_column(sa.Column("uitwisseling_id", sa.String(64), nullable=True))
        b.add_column(sa.Column("vervolg_op", sa.String(64), nullable=True))
    op.create_index("ix_gesprekken_uitwisseling_id", "gesprekken", ["uitwisseling_id"])


def downgrade() -> None:
    op.drop_index("ix_gesprekken_uitwisseling_id", table_name="gesprekken")
    with op.batch_alter_table("gesprekken") as b:
        for col in ("vervolg_op", "uitwisseling_id", "aanvragen", "melding_wetten", "kenmerken", "kinderen",
                    "verblijfsstatus"):
            b.drop_column(col)
