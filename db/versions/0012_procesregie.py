"""Procesregie: the intake queue and one plan per household (parties, goals, afspraken, MDO and
evaluations), AVE 4 ketenpartner and contact (issue 23); afspraken of a conversation with the status a
follow-up conversation found (issue 27).

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regie_plannen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("inwoner_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("aangemeld_op", sa.DateTime(), nullable=False),
        sa.Column("aangemeld_door_id", sa.Integer(), nullable=True),
        sa.Column("toegewezen_op", sa.DateTime(), nullable=True),
        sa.Column("toegewezen_door", sa.String(80), nullable=True),
        sa.Column("ketenpartner", sa.String(120), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("gesloten_op", sa.Date(), nullable=True),
        sa.Column("sluitreden", sa.Text(), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["gesprek_id"], ["gesprekken.id"], name="fk_regie_plannen_gesprek_id_gesprekken",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["inwoner_id"], ["inwoners.id"], name="fk_regie_plannen_inwoner_id_inwoners",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["aangemeld_door_id"], ["gebruikers.id"],
                                name="fk_regie_plannen_aangemeld_door_id_gebruikers", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["contact_id"], ["gebruikers.id"], name="fk_regie_plannen_contact_id_gebruikers",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_regie_plannen"),
        sa.UniqueConstraint("gesprek_id", name="uq_regie_plannen_gesprek_id"),
    )
    op.create_index("ix_regie_plannen_inwoner_id", "regie_plannen", ["inwoner_id"])
    op.create_index("ix_regie_plannen_wachtrij", "regie_plannen", ["status", "team", "aangemeld_op"])
    op.create_table(
        "plan_partijen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("voorziening_id", sa.String(120), nullable=True),
        sa.Column("organisatie", sa.String(200), nullable=False),
        sa.Column("contactpersoon", sa.String(200), nullable=True),
        sa.Column("rol", sa.String(200), nullable=True),
        sa.Column("delen", sa.JSON(), nullable=True),
        sa.Column("toestemming_op", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["regie_plannen.id"], name="fk_plan_partijen_plan_id_regie_plannen",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_partijen"),
    )
    op.create_index("ix_plan_partijen_plan_id", "plan_partijen", ["plan_id"])
    op.create_table(
        "plan_doelen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("gebied", sa.String(32), nullable=False),
        sa.Column("soort", sa.String(16), nullable=False),
        sa.Column("doel", sa.Text(), nullable=False),
        sa.Column("bereikt_op", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["regie_plannen.id"], name="fk_plan_doelen_plan_id_regie_plannen",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_doelen"),
    )
    op.create_index("ix_plan_doelen_plan_id", "plan_doelen", ["plan_id"])
    op.create_table(
        "afspraken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("gesprek_id", sa.Integer(), nullable=True),
        sa.Column("wie", sa.String(200), nullable=False),
        sa.Column("wat", sa.Text(), nullable=False),
        sa.Column("uiterlijk", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reden", sa.Text(), nullable=True),
        sa.Column("status_op", sa.Date(), nullable=True),
        sa.Column("nagekeken_in", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_door", sa.String(80), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["regie_plannen.id"], name="fk_afspraken_plan_id_regie_plannen",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["gesprek_id"], ["gesprekken.id"], name="fk_afspraken_gesprek_id_gesprekken",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["nagekeken_in"], ["gesprekken.id"], name="fk_afspraken_nagekeken_in_gesprekken",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_afspraken"),
    )
    op.create_index("ix_afspraken_plan_id", "afspraken", ["plan_id"])
    op.create_index("ix_afspraken_gesprek_id", "afspraken", ["gesprek_id"])
    op.create_index("ix_afspraken_nagekeken_in", "afspraken", ["nagekeken_in"])
    op.create_table(
        "plan_overleggen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(16), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("deelnemers", sa.Text(), nullable=True),
        sa.Column("besluiten", sa.Text(), nullable=True),
        sa.Column("vastgelegd_door", sa.String(80), nullable=True),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["regie_plannen.id"], name="fk_plan_overleggen_plan_id_regie_plannen",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_overleggen"),
    )
    op.create_index("ix_plan_overleggen_plan_id", "plan_overleggen", ["plan_id"])
    op.create_table(
        "vervolg_overnames",
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("onderdeel", sa.String(32), nullable=False),
        sa.Column("bevestigd_op", sa.DateTime(), nullable=True),
        sa.Column("bevestigd_door", sa.String(80), nullable=True),
        sa.ForeignKeyConstraint(["gesprek_id"], ["gesprekken.id"], name="fk_vervolg_overnames_gesprek_id_gesprekken",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("gesprek_id", "onderdeel", name="pk_vervolg_overnames"),
    )


def downgrade() -> None:
    op.drop_table("vervolg_overnames")
    for table, cols in (("plan_overleggen", ["plan_id"]), ("afspraken", ["nagekeken_in", "gesprek_id", "plan_id"]),
                        ("plan_doelen", ["plan_id"]), ("plan_partijen", ["plan_id"])):
        for col in cols:
            op.drop_index(f"ix_{table}_{col}", table)
        op.drop_table(table)
    op.drop_index("ix_regie_plannen_wachtrij", "regie_plannen")
    op.drop_index("ix_regie_plannen_inwoner_id", "regie_plannen")
    op.drop_table("regie_plannen")
