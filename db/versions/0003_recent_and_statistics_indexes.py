"""Indexes for the list of recent conversations (newest change first, per team), so the start screen
reads 40 rows instead of sorting every conversation of a team; and covering indexes for the AVE
changes and legal terms of a period in the statistics.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_gesprekken_team_gewijzigd", "gesprekken", ["team", "gewijzigd_op", "id"])
    op.create_index("ix_gesprekken_gewijzigd", "gesprekken", ["gewijzigd_op", "id"])
    op.create_index("ix_ave_wijzigingen_statistiek", "ave_wijzigingen", ["op", "soort", "naar_fase", "gesprek_id"])
    op.create_index("ix_termijnen_statistiek", "termijnen", ["uiterlijk", "wet", "stap", "afgerond_op", "gesprek_id"])


def downgrade() -> None:
    op.drop_index("ix_termijnen_statistiek", "termijnen")
    op.drop_index("ix_ave_wijzigingen_statistiek", "ave_wijzigingen")
    op.drop_index("ix_gesprekken_gewijzigd", "gesprekken")
    op.drop_index("ix_gesprekken_team_gewijzigd", "gesprekken")
