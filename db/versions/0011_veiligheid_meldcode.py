"""Safety (issue 21): the Meldcode record per conversation (steps with date, worker and note; the
afwegingen of step 4 and the decision of step 5), the version of the resident's summary, and for a
hand-over to Veilig Thuis whether it is anonymous and whether the resident knows.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gesprek_veiligheid",
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("advies_veilig_thuis", sa.Boolean(), nullable=True),
        sa.Column("advies_anoniem", sa.Boolean(), nullable=True),
        sa.Column("gesprek_overgeslagen", sa.Boolean(), nullable=False),
        sa.Column("afweging_vermoeden", sa.Boolean(), nullable=True),
        sa.Column("afweging_acuut_of_structureel", sa.Boolean(), nullable=True),
        sa.Column("afweging_hulp_mogelijk", sa.Boolean(), nullable=True),
        sa.Column("afweging_hulp_aanvaard", sa.Boolean(), nullable=True),
        sa.Column("afweging_duurzame_veiligheid", sa.Boolean(), nullable=True),
        sa.Column("besluit", sa.String(16), nullable=True),
        sa.Column("besluit_op", sa.Date(), nullable=True),
        sa.Column("besluit_door", sa.String(80), nullable=True),
        sa.Column("samenvatting_versie", sa.String(16), nullable=True),
        sa.Column("gewijzigd_op", sa.DateTime(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["gesprek_id"], ["gesprekken.id"], name="fk_gesprek_veiligheid_gesprek_id_gesprekken",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("gesprek_id", name="pk_gesprek_veiligheid"),
    )
    op.create_table(
        "meldcode_stappen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("stap", sa.SmallInteger(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("medewerker", sa.String(200), nullable=True),
        sa.Column("notitie", sa.Text(), nullable=True),
        sa.Column("vastgelegd_door", sa.String(80), nullable=True),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["gesprek_id"], ["gesprekken.id"], name="fk_meldcode_stappen_gesprek_id_gesprekken",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_meldcode_stappen"),
        sa.UniqueConstraint("gesprek_id", "stap", name="uq_meldcode_stappen_gesprek_stap"),
    )
    op.create_index("ix_meldcode_stappen_gesprek_id", "meldcode_stappen", ["gesprek_id"])
    op.create_table(
        "verwijzing_veiligheid",
        sa.Column("verwijzing_id", sa.Integer(), nullable=False),
        sa.Column("anoniem", sa.Boolean(), nullable=False),
        sa.Column("inwoner_weet", sa.Boolean(), nullable=False),
        sa.Column("waarom_niet", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["verwijzing_id"], ["verwijzingen.id"],
                                name="fk_verwijzing_veiligheid_verwijzing_id_verwijzingen", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("verwijzing_id", name="pk_verwijzing_veiligheid"),
    )


def downgrade() -> None:
    op.drop_table("verwijzing_veiligheid")
    op.drop_index("ix_meldcode_stappen_gesprek_id", "meldcode_stappen")
    op.drop_table("meldcode_stappen")
    op.drop_table("gesprek_veiligheid")
