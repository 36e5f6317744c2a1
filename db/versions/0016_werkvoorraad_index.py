"""The werkvoorraad of a busy desk from indexes alone (issue 26). The screen shows the 1 000 most urgent
items and counts the rest: the follow-ups due and the referrals without news are counted and ordered by
the database from an index that holds every column the query asks (team, status, the date, the id and
the conversation for the anonymised check), and only the rows shown are read. Open conversations per desk
(team, status and what the terms' query joins on, AVE phase) for the terms and the procesregie items,
which read one desk's open conversations from the index instead of all of its conversations. The
anonymised residents (a partial index on id), which every werkvoorraad query leaves out, without reading
the whole search index.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_verwijzingen_opvolging", "verwijzingen")
    op.create_index("ix_verwijzingen_opvolging", "verwijzingen", ["team", "status", "opvolgdatum", "id", "gesprek_id"])
    op.create_index("ix_verwijzingen_zonder_nieuws", "verwijzingen",
                    ["team", "status", "status_sinds", "opvolgdatum", "id", "gesprek_id"])
    op.create_index("ix_gesprekken_open", "gesprekken",
                    ["team", "status", "id", "inwoner_id", "gemeente", "medewerker_id", "ave_fase"])
    # partial: the few anonymised residents only; a plain (geanonimiseerd, id) index made SQLite's planner
    # take it for the resident search (geanonimiseerd false), 5 -> 30 ms per keystroke at full size
    op.create_index("ix_inwoners_geanonimiseerd", "inwoners", ["id"],
                    postgresql_where=sa.text("geanonimiseerd IS TRUE"), sqlite_where=sa.text("geanonimiseerd IS 1"))


def downgrade() -> None:
    op.drop_index("ix_inwoners_geanonimiseerd", "inwoners")
    op.drop_index("ix_gesprekken_open", "gesprekken")
    op.drop_index("ix_verwijzingen_zonder_nieuws", "verwijzingen")
    op.drop_index("ix_verwijzingen_opvolging", "verwijzingen")
    op.create_index("ix_verwijzingen_opvolging", "verwijzingen", ["team", "status", "opvolgdatum"])
