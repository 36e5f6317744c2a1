"""Monthly aggregate tables for the statistics dashboard (issue 24: a year of 1 000 000 referrals within
3 s): counts per month, gemeente, kern, team and category of referrals, conversations, dimension scores,
AVE changes and closed legal term steps, kept up to date by triggers on every write and filled here from
the existing rows. See toegang_app/storage/statistiek_tabellen.py.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from toegang_app.storage.statistiek_tabellen import maak_tabellen

    maak_tabellen(op.get_bind(), geordend=False)  # 0017 replaces its triggers


def downgrade() -> None:
    from toegang_app.storage.statistiek_tabellen import verwijder_tabellen

    verwijder_tabellen(op.get_bind())
