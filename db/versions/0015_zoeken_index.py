"""Search as you type on a busy server (issue 26): a covering index for the resident search. The search
first finds the ids of the 50 first matching residents of the desk in name order from this index alone
(a substring of the name is tested on the index entries, never on the wide rows), then reads those rows.
And an index for the werkvoorraad's follow-ups of one desk (team, open status, follow-up date due):
ix_verwijzingen_status_opvolg has no team and reads the open follow-ups of both desks.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_inwoners_zoeken", "inwoners", ["gemeente", "zoeknaam", "id", "geanonimiseerd"])
    op.create_index("ix_verwijzingen_opvolging", "verwijzingen", ["team", "status", "opvolgdatum"])


def downgrade() -> None:
    op.drop_index("ix_verwijzingen_opvolging", "verwijzingen")
    op.drop_index("ix_inwoners_zoeken", "inwoners")
