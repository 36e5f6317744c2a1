"""Saves on several workstations at once (issue 26): the monthly tables' triggers take the cells they change
in the order of their keys. Those of 0014 subtracted from the old cell and then added to the new one, so two
workstations moving rows between the same two cells in opposite directions (a referral 'gestart' ->
'afgerond' while another goes 'afgerond' -> 'gestart') could each hold the cell the other needed next, and
PostgreSQL then aborted one of the saves (deadlock detected). Now the old and the new cell change in one
ordered statement; the same holds for the marks of a resident whose conversation moves, and a deleted
resident's share of the follow-up comparison. The counts do not change (tables stay, only the triggers are
replaced). See toegang_app/storage/statistiek_tabellen.py.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from toegang_app.storage.statistiek_tabellen import vervang_triggers

    vervang_triggers(op.get_bind(), geordend=True)


def downgrade() -> None:
    from toegang_app.storage.statistiek_tabellen import vervang_triggers

    vervang_triggers(op.get_bind(), geordend=False)
