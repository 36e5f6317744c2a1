"""Covering indexes for the statistics (issue 24): running maatwerk referrals (unique residents with a
running maatwerk referral, the counting rule of seeds/000:308: rung 4, started or ended, by date), and
each resident's conversations in order (first conversation against follow-ups).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_verwijzingen_maatwerk", "verwijzingen",
                    ["trede", "status", "datum", "status_sinds", "gemeente", "kern", "team", "gesprek_id"])
    op.create_index("ix_gesprekken_inwoner_volgorde", "gesprekken", ["inwoner_id", "aanmelding_datum", "id"])


def downgrade() -> None:
    op.drop_index("ix_gesprekken_inwoner_volgorde", "gesprekken")
    op.drop_index("ix_verwijzingen_maatwerk", "verwijzingen")
