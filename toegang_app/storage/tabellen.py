"""The tables the start reads and writes, described once as SQLAlchemy Core tables (issue 26).

Signing in (``services.aanmelding``), the start screen's recent list (``services.gesprekslijsten``) and the
audit rows they write (``services.audit``) run on these tables with SQLAlchemy Core, so the start does not
import the ORM nor map the 38 tables of ``storage.models`` before the start screen is filled. The ORM
classes of these tables (``Gebruiker``, ``Inwoner``, ``Gesprek``, ``AuditRegel`` in ``storage.models``) are
mapped onto these very ``Table`` objects, in this very ``MetaData``: one description of the schema, which
the migrations in ``db/versions`` must match (``tests/storage/test_migrations.py``).

This module must not import ``sqlalchemy.orm`` (``tests/storage/test_tabellen.py``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    JSON,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    text,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# the whole schema's MetaData: storage.models.Base declares the other tables into it
metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _kolom(name: str, type_, *args, nullable: bool = False, **kw) -> Column:
    """A column as ``mapped_column`` makes it for ``Mapped[T]`` (NOT NULL) or ``Mapped[T | None]``."""
    return Column(name, type_, *args, nullable=nullable, **kw)


def _of_none(name: str, type_, *args, **kw) -> Column:
    return _kolom(name, type_, *args, nullable=True, **kw)


gebruikers = Table(
    "gebruikers", metadata,
    Column("id", Integer, primary_key=True),
    _kolom("gebruikersnaam", String(80), unique=True),
    _kolom("naam", String(200)),
    _kolom("rol", String(32)),  # medewerker | procesregisseur | teamleider | beheerder
    _of_none("team", String(32)),  # gemeente key of the desk
    _of_none("wachtwoord_hash", String(255)),
    _of_none("os_account", String(120), unique=True),
    _kolom("actief", Boolean, default=True),
    _kolom("aangemaakt_op", DateTime),
)

inwoners = Table(
    "inwoners", metadata,
    Column("id", Integer, primary_key=True),
    _kolom("naam", String(200)),
    _kolom("zoeknaam", String(200), index=True),  # normalised for search
    _of_none("geboortedatum", Date, index=True),
    _of_none("geboortejaar", SmallInteger),
    _kolom("gemeente", String(32)),
    _of_none("kern", String(64)),
    _of_none("postcode", String(7), index=True),
    _of_none("telefoon", String(40)),
    _of_none("email", String(200)),
    _of_none("bsn", String(9), index=True),
    _kolom("synthetisch", Boolean, default=False),
    _kolom("geanonimiseerd", Boolean, default=False),
    _kolom("aangemaakt_op", DateTime),
    _kolom("gewijzigd_op", DateTime),
    _kolom("versie", Integer, default=1),
    Index("ix_inwoners_gemeente_kern", "gemeente", "kern"),
    # the search as you type reads its ids from this index only (migration 0015)
    Index("ix_inwoners_zoeken", "gemeente", "zoeknaam", "id", "geanonimiseerd"),
    # ix_inwoners_geanonimiseerd: see indexen_per_database()
)

# One brede uitvraag: the aanmelding, the six dimensions, signals, network and triage.
gesprekken = Table(
    "gesprekken", metadata,
    Column("id", Integer, primary_key=True),
    _kolom("inwoner_id", Integer, ForeignKey("inwoners.id", ondelete="CASCADE"), index=True),
    _of_none("medewerker_id", Integer, ForeignKey("gebruikers.id", ondelete="SET NULL")),
    _kolom("team", String(32)),
    _kolom("status", String(16), default="open"),  # open | afgerond
    _kolom("synthetisch", Boolean, default=False),
    _kolom("aangemaakt_op", DateTime),
    _kolom("gewijzigd_op", DateTime),
    _kolom("versie", Integer, default=1),
    # aanmelding
    _kolom("aanmelding_datum", Date, index=True),
    _of_none("kanaal", String(16)),
    _of_none("melder", String(32)),
    _of_none("vraag", Text),
    _kolom("gemeente", String(32)),
    _of_none("kern", String(64)),
    _of_none("huishouden", String(32)),
    _of_none("inkomen_pct", SmallInteger),
    # urgency flags; NULL = not asked
    _of_none("dreigende_ontruiming", Boolean),
    _of_none("afsluiting_energie_water", Boolean),
    _of_none("opzegging_zorgverzekering", Boolean),
    _of_none("acuut_onveilig", Boolean),
    _of_none("vermoeden_huiselijk_geweld", Boolean),
    _of_none("betrokken_partijen", SmallInteger),
    _of_none("samenwerking_stagneert", Boolean),
    # het andere gesprek
    _of_none("wat_belangrijk", Text),
    _of_none("wat_veranderen", Text),
    _of_none("wie_helpen", Text),
    # eigen kracht en netwerk
    _of_none("eigen_kracht", Text),
    _of_none("mantelzorger", Boolean),
    _of_none("mantelzorger_overbelast", Boolean),
    _of_none("steun_van", JSON),
    _of_none("afspraken", Text),
    # AVE
    _of_none("ave_fase", SmallInteger),  # confirmed phase
    _of_none("ave_fase_sinds", Date),
    _of_none("procesregisseur_id", Integer, ForeignKey("gebruikers.id", ondelete="SET NULL"), index=True),
    _of_none("plan", Text),
    _of_none("evaluatiedatum", Date),
    # retention (domain brief section 3)
    _of_none("bewaarwet", String(32)),
    _of_none("afgesloten_op", Date),
    # exchange format version 2 (migration 0008; domain/gesprek_velden.py): NULL = not asked, [] = none
    _of_none("verblijfsstatus", String(32)),
    _of_none("kinderen", JSON),          # birth years of the children at home
    _of_none("kenmerken", JSON),         # [{"kenmerk": .., "wie": ..}]
    _of_none("melding_wetten", JSON),    # keys of vocab.MELDING_WETTEN
    _of_none("aanvragen", JSON),         # [{"wet": .., "datum": .., "onderwerp": ..}]
    _of_none("uitwisseling_id", String(64), index=True),   # opaque "id" in the format
    _of_none("vervolg_op", String(64)),   # uitwisseling_id of the earlier conversation
    Index("ix_gesprekken_team_datum", "team", "aanmelding_datum"),
    # terms and procesregie in the werkvoorraad (0016): one desk's open conversations from the index
    Index("ix_gesprekken_open", "team", "status", "id", "inwoner_id", "gemeente", "medewerker_id", "ave_fase"),
    # the recent-conversations list, newest change first (migration 0003)
    Index("ix_gesprekken_team_gewijzigd", "team", "gewijzigd_op", "id"),
    Index("ix_gesprekken_gewijzigd", "gewijzigd_op", "id"),
    # covering index for the statistics over a period (migration 0002)
    Index("ix_gesprekken_statistiek", "aanmelding_datum", "gemeente", "kern", "team", "kanaal", "melder",
          "ave_fase", "inwoner_id"),
    # each resident's conversations in order: first conversation against follow-ups (migration 0010)
    Index("ix_gesprekken_inwoner_volgorde", "inwoner_id", "aanmelding_datum", "id"),
)

_PER_DATABASE: list[Index] = []


def indexen_per_database() -> None:
    """Add the indexes with options of one database (partial indexes) to their tables, once.

    Declaring them imports the SQLAlchemy dialects they name (PostgreSQL's alone costs about 40 ms), which
    the start on SQLite does without: ``storage.models`` adds them when the ORM loads, so the metadata the
    migrations are compared with (and ``alembic`` autogenerates from) has them."""
    if _PER_DATABASE:
        return
    _PER_DATABASE.append(
        # the few anonymised residents the werkvoorraad leaves out (0016); partial, so that the
        # search (geanonimiseerd false) keeps ix_inwoners_zoeken on SQLite too
        Index("ix_inwoners_geanonimiseerd", inwoners.c.id, postgresql_where=text("geanonimiseerd IS TRUE"),
              sqlite_where=text("geanonimiseerd IS 1")))


# Append-only: the migration installs triggers that refuse UPDATE and DELETE.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    _kolom("op", DateTime, index=True),
    _of_none("gebruiker", String(80), index=True),
    _kolom("actie", String(32)),  # bekeken | aangemaakt | gewijzigd | verwijderd | ...
    _kolom("object_type", String(32)),
    _of_none("object_id", String(64), index=True),
    _of_none("veld", String(64)),
    _of_none("oud", Text),
    _of_none("nieuw", Text),
    _of_none("toelichting", Text),
)
