"""Terms a worker can close (done on a date, or not applicable with a reason), their kind, verdaging and
opschorting (Awb 4:14, 4:15), the desk's own closing days and confirmations of the Atw besluiten.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("termijnen") as b:
        b.add_column(sa.Column("soort", sa.String(16), nullable=False, server_default="balie"))
        b.add_column(sa.Column("berekend", sa.Date(), nullable=True))
        b.add_column(sa.Column("niet_van_toepassing", sa.String(200), nullable=True))
        b.add_column(sa.Column("afgesloten_door", sa.String(80), nullable=True))
        b.add_column(sa.Column("afgesloten_op", sa.DateTime(), nullable=True))
    # rows made before this revision: the end in force is the computed end; the persoonlijk plan is the
    # resident's chance, not a deadline of the desk
    op.execute("UPDATE termijnen SET berekend = uiterlijk")
    op.execute("UPDATE termijnen SET soort = 'inwoner' WHERE code = 'wmo_persoonlijk_plan'")
    op.create_index("ix_termijnen_uitkomst", "termijnen",
                    ["soort", "uiterlijk", "wet", "stap", "afgerond_op", "niet_van_toepassing", "gesprek_id"])
    op.create_table(
        "termijn_wijzigingen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("termijn_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(16), nullable=False),
        sa.Column("grond", sa.String(32), nullable=False),
        sa.Column("oud", sa.Date(), nullable=False),
        sa.Column("nieuw", sa.Date(), nullable=False),
        sa.Column("toelichting", sa.String(200), nullable=True),
        sa.Column("medewerker", sa.String(80), nullable=True),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["termijn_id"], ["termijnen.id"], name="fk_termijn_wijzigingen_termijn_id_termijnen",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_termijn_wijzigingen"),
    )
    op.create_index("ix_termijn_wijzigingen_termijn_id", "termijn_wijzigingen", ["termijn_id"])
    op.create_table(
        "balie_sluitingsdagen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("gemeente", sa.String(64), nullable=True),
        sa.Column("omschrijving", sa.String(120), nullable=False),
        sa.Column("aangemaakt_door", sa.String(80), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_balie_sluitingsdagen"),
    )
    op.create_index("ix_balie_sluitingsdagen_datum", "balie_sluitingsdagen", ["datum"])
    op.create_table(
        "atw_bevestigingen",
        sa.Column("sleutel", sa.String(64), nullable=False),
        sa.Column("bevestigd_door", sa.String(80), nullable=True),
        sa.Column("bevestigd_op", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sleutel", name="pk_atw_bevestigingen"),
    )


def downgrade() -> None:
    op.drop_table("atw_bevestigingen")
    op.drop_index("ix_balie_sluitingsdagen_datum", "balie_sluitingsdagen")
    op.drop_table("balie_sluitingsdagen")
    op.drop_index("ix_termijn_wijzigingen_termijn_id", "termijn_wijzigingen")
    op.drop_table("termijn_wijzigingen")
    op.drop_index("ix_termijnen_uitkomst", "termijnen")
    with op.batch_alter_table("termijnen") as b:
        for col in ("afgesloten_op", "afgesloten_door", "niet_van_toepassing", "berekend", "soort"):
            b.drop_column(col)
