"""The resident's rights and the people around them: the Wmo verslag (art. 2.3.2 lid 8) and the hand-over
of an aanvraag, household members with a role, representatives and who gave consent, AVG requests
(inzage, correction) and the language of the resident's summary.

Revision ID: 0013
Revises: 0009 (reserved id 0013 on 0007; chained after 0008 and 0009 of main)
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def _fk(table: str, col: str, ref: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([col], [f"{ref}.id"], name=f"fk_{table}_{col}_{ref}", ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "gesprek_talen",
        sa.Column("gesprek_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("taal", sa.String(8), nullable=False),
        sa.Column("gekozen_op", sa.DateTime(), nullable=False),
        _fk("gesprek_talen", "gesprek_id", "gesprekken", "CASCADE"),
        sa.PrimaryKeyConstraint("gesprek_id", name="pk_gesprek_talen"),
    )
    op.create_table(
        "inwoner_talen",
        sa.Column("inwoner_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("taal", sa.String(8), nullable=False),
        sa.Column("gekozen_op", sa.DateTime(), nullable=False),
        _fk("inwoner_talen", "inwoner_id", "inwoners", "CASCADE"),
        sa.PrimaryKeyConstraint("inwoner_id", name="pk_inwoner_talen"),
    )
    op.create_table(
        "wmo_verslagen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("volgnummer", sa.SmallInteger(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("uitkomst", sa.Text(), nullable=False),
        sa.Column("vervolg", sa.String(24), nullable=False),
        sa.Column("opgesteld_door", sa.String(80), nullable=True),
        sa.Column("opgesteld_op", sa.DateTime(), nullable=False),
        sa.Column("reactie", sa.Text(), nullable=True),
        sa.Column("reactie_soort", sa.String(24), nullable=True),
        sa.Column("reactie_datum", sa.Date(), nullable=True),
        sa.Column("reactie_door", sa.String(80), nullable=True),
        _fk("wmo_verslagen", "gesprek_id", "gesprekken", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_wmo_verslagen"),
    )
    op.create_index("ix_wmo_verslagen_gesprek_id", "wmo_verslagen", ["gesprek_id"])
    op.create_table(
        "aanvraag_overdrachten",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("verslag_id", sa.Integer(), nullable=True),
        sa.Column("wet", sa.String(32), nullable=False),
        sa.Column("aanvraag_datum", sa.Date(), nullable=False),
        sa.Column("naar", sa.String(32), nullable=False),
        sa.Column("onderwerp", sa.String(200), nullable=True),
        sa.Column("door", sa.String(80), nullable=True),
        sa.Column("op", sa.DateTime(), nullable=False),
        _fk("aanvraag_overdrachten", "gesprek_id", "gesprekken", "CASCADE"),
        _fk("aanvraag_overdrachten", "verslag_id", "wmo_verslagen", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_aanvraag_overdrachten"),
    )
    op.create_index("ix_aanvraag_overdrachten_gesprek_id", "aanvraag_overdrachten", ["gesprek_id"])
    op.create_table(
        "gesprek_betrokkenen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gesprek_id", sa.Integer(), nullable=False),
        sa.Column("rol", sa.String(24), nullable=False),
        sa.Column("inwoner_id", sa.Integer(), nullable=True),
        sa.Column("eigen_gesprek_id", sa.Integer(), nullable=True),
        sa.Column("omschrijving", sa.String(120), nullable=True),
        sa.Column("geboortejaar", sa.SmallInteger(), nullable=True),
        sa.Column("aangemaakt_door", sa.String(80), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        _fk("gesprek_betrokkenen", "gesprek_id", "gesprekken", "CASCADE"),
        _fk("gesprek_betrokkenen", "inwoner_id", "inwoners", "SET NULL"),
        _fk("gesprek_betrokkenen", "eigen_gesprek_id", "gesprekken", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_gesprek_betrokkenen"),
    )
    op.create_index("ix_gesprek_betrokkenen_gesprek_id", "gesprek_betrokkenen", ["gesprek_id"])
    op.create_index("ix_gesprek_betrokkenen_inwoner_id", "gesprek_betrokkenen", ["inwoner_id"])
    op.create_table(
        "vertegenwoordigers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inwoner_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(32), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("telefoon", sa.String(40), nullable=True),
        sa.Column("grondslag", sa.String(200), nullable=False),
        sa.Column("reikwijdte", sa.JSON(), nullable=False),
        sa.Column("bewijs", sa.String(200), nullable=True),
        sa.Column("geldig_tot", sa.Date(), nullable=True),
        sa.Column("aangemaakt_door", sa.String(80), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("beeindigd_op", sa.Date(), nullable=True),
        _fk("vertegenwoordigers", "inwoner_id", "inwoners", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_vertegenwoordigers"),
    )
    op.create_index("ix_vertegenwoordigers_inwoner_id", "vertegenwoordigers", ["inwoner_id"])
    op.create_table(
        "toestemmingen",
        sa.Column("verwijzing_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("door", sa.String(24), nullable=False),
        sa.Column("vertegenwoordiger_id", sa.Integer(), nullable=True),
        sa.Column("naam", sa.String(200), nullable=True),
        sa.Column("soort", sa.String(32), nullable=True),
        sa.Column("grondslag", sa.String(200), nullable=True),
        _fk("toestemmingen", "verwijzing_id", "verwijzingen", "CASCADE"),
        _fk("toestemmingen", "vertegenwoordiger_id", "vertegenwoordigers", "SET NULL"),
        sa.PrimaryKeyConstraint("verwijzing_id", name="pk_toestemmingen"),
    )
    op.create_table(
        "avg_verzoeken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inwoner_id", sa.Integer(), nullable=True),
        sa.Column("soort", sa.String(16), nullable=False),
        sa.Column("ontvangen_op", sa.Date(), nullable=False),
        sa.Column("uiterlijk", sa.Date(), nullable=False),
        sa.Column("geregistreerd_door", sa.String(80), nullable=True),
        sa.Column("geregistreerd_op", sa.DateTime(), nullable=False),
        sa.Column("beantwoord_op", sa.Date(), nullable=True),
        sa.Column("beantwoord_door", sa.String(80), nullable=True),
        _fk("avg_verzoeken", "inwoner_id", "inwoners", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_avg_verzoeken"),
    )
    op.create_index("ix_avg_verzoeken_inwoner_id", "avg_verzoeken", ["inwoner_id"])
    op.create_table(
        "avg_correcties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verzoek_id", sa.Integer(), nullable=True),
        sa.Column("inwoner_id", sa.Integer(), nullable=True),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("veld", sa.String(64), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("door", sa.String(80), nullable=True),
        sa.Column("op", sa.DateTime(), nullable=False),
        _fk("avg_correcties", "verzoek_id", "avg_verzoeken", "SET NULL"),
        _fk("avg_correcties", "inwoner_id", "inwoners", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_avg_correcties"),
    )
    op.create_index("ix_avg_correcties_verzoek_id", "avg_correcties", ["verzoek_id"])
    op.create_index("ix_avg_correcties_inwoner_id", "avg_correcties", ["inwoner_id"])


def downgrade() -> None:
    for table, indexes in (("avg_correcties", ("inwoner_id", "verzoek_id")), ("avg_verzoeken", ("inwoner_id",)),
                           ("toestemmingen", ()), ("vertegenwoordigers", ("inwoner_id",)),
                           ("gesprek_betrokkenen", ("inwoner_id", "gesprek_id")),
                           ("aanvraag_overdrachten", ("gesprek_id",)), ("wmo_verslagen", ("gesprek_id",)),
                           ("inwoner_talen", ()), ("gesprek_talen", ())):
        for col in indexes:
            op.drop_index(f"ix_{table}_{col}", table)
        op.drop_table(table)
