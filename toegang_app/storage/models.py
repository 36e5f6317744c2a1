"""The database schema. Dutch domain names for tables and columns, as in the exchange format.

The four tables the start uses before the ORM is imported (gebruikers, inwoners, gesprekken, audit_log) are
described in ``storage.tabellen`` as Core tables; their classes here map those very tables (``__table__``).
Migrations live in ``db/versions``; every change here or there needs one (a test compares them).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from toegang_app.storage import tabellen

tabellen.indexen_per_database()  # the partial index of inwoners (imports the PostgreSQL dialect)


# the conditions of the werkvoorraad's partial indexes (migration 0018), written out: SQLite uses a partial
# index only when a query repeats the condition literally (tests keep the first equal to verwijzing.OPEN)
OPEN_VERWIJZING = "status IN ('voorgesteld', 'verwezen', 'aangemeld')"
OPEN_TERMIJN = "afgerond_op IS NULL AND niet_van_toepassing IS NULL"


class Base(DeclarativeBase):
    # one MetaData for the whole schema: the tables the start uses are Core tables of storage.tabellen,
    # mapped below with ``__table__``; the others are declared here into the same MetaData
    metadata = tabellen.metadata


class Meta(Base):
    """Key/value facts about the database itself (which app version created/migrated it)."""

    __tablename__ = "toegang_meta"
    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    waarde: Mapped[str] = mapped_column(Text)


class Gebruiker(Base):
    __table__ = tabellen.gebruikers   # columns, types and indexes: storage.tabellen


class Inwoner(Base):
    __table__ = tabellen.inwoners   # columns, types and indexes: storage.tabellen

    gesprekken: Mapped[list["Gesprek"]] = relationship(back_populates="inwoner")
    __mapper_args__ = {"version_id_col": tabellen.inwoners.c.versie}


class Gesprek(Base):
    """One brede uitvraag: the aanmelding, the six dimensions, signals, network and triage (columns and
    indexes: ``storage.tabellen.gesprekken``)."""

    __table__ = tabellen.gesprekken

    inwoner: Mapped[Inwoner] = relationship(back_populates="gesprekken")
    dimensies: Mapped[list["GesprekDimensie"]] = relationship(
        cascade="all, delete-orphan", order_by="GesprekDimensie.volgorde"
    )
    signalen: Mapped[list["Signaal"]] = relationship(cascade="all, delete-orphan", order_by="Signaal.id")
    onderbouwingen: Mapped[list["OnderbouwingMaatwerk"]] = relationship(cascade="all, delete-orphan")
    ave_wijzigingen: Mapped[list["AveWijziging"]] = relationship(
        cascade="all, delete-orphan", order_by="AveWijziging.op"
    )
    verwijzingen: Mapped[list["Verwijzing"]] = relationship(
        cascade="all, delete-orphan", order_by="Verwijzing.id", back_populates="gesprek"
    )
    termijnen: Mapped[list["Termijn"]] = relationship(cascade="all, delete-orphan", order_by="Termijn.uiterlijk")

    __mapper_args__ = {"version_id_col": tabellen.gesprekken.c.versie}


class GesprekDimensie(Base):
    __tablename__ = "gesprek_dimensies"
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), primary_key=True)
    dimensie: Mapped[str] = mapped_column(String(32), primary_key=True)
    volgorde: Mapped[int] = mapped_column(SmallInteger, default=0)
    score: Mapped[int | None] = mapped_column(SmallInteger)
    bespreken: Mapped[bool | None] = mapped_column(Boolean)
    notitie: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_gesprek_dimensies_statistiek", "gesprek_id", "dimensie", "score", "bespreken"),)


class Signaal(Base):
    __tablename__ = "gesprek_signalen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    leefgebied: Mapped[str] = mapped_column(String(32))
    ernst: Mapped[int] = mapped_column(SmallInteger)
    toelichting: Mapped[str | None] = mapped_column(Text)


class OnderbouwingMaatwerk(Base):
    """Wmo art. 2.3.2 lid 4 b-e: why eigen kracht, netwerk, voorliggend veld and algemene
    voorzieningen do not suffice for this leefgebied."""

    __tablename__ = "onderbouwingen_maatwerk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    leefgebied: Mapped[str] = mapped_column(String(32))
    toelichting: Mapped[str] = mapped_column(Text)
    vastgelegd_door: Mapped[str | None] = mapped_column(String(80))
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime)


class AveWijziging(Base):
    __tablename__ = "ave_wijzigingen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    van_fase: Mapped[int | None] = mapped_column(SmallInteger)
    naar_fase: Mapped[int] = mapped_column(SmallInteger)
    voorgestelde_fase: Mapped[int | None] = mapped_column(SmallInteger)
    soort: Mapped[str] = mapped_column(String(16))  # bevestigd | opschalen | afschalen
    overschreven: Mapped[bool] = mapped_column(Boolean, default=False)
    reden: Mapped[str | None] = mapped_column(Text)
    medewerker: Mapped[str | None] = mapped_column(String(80))
    op: Mapped[datetime] = mapped_column(DateTime)

    # covering index for the statistics over a period (migration 0003)
    __table_args__ = (Index("ix_ave_wijzigingen_statistiek", "op", "soort", "naar_fase", "gesprek_id"),)


class KaartWijziging(Base):
    """The desk's own kaart: an entry here replaces (or adds to) the shipped entry with that id."""

    __tablename__ = "kaart_lokaal"
    voorziening_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    gegevens: Mapped[dict] = mapped_column(JSON)
    gewijzigd_door: Mapped[str | None] = mapped_column(String(80))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime)


class Verwijzing(Base):
    __tablename__ = "verwijzingen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    # snapshot of the voorziening, so a retired one stays readable
    voorziening_id: Mapped[str] = mapped_column(String(120), index=True)
    voorziening_naam: Mapped[str] = mapped_column(String(200))
    aanbieder: Mapped[str | None] = mapped_column(String(200))
    trede: Mapped[int] = mapped_column(SmallInteger)
    wet: Mapped[str | None] = mapped_column(String(32))
    # denormalised for statistics over a million rows
    gemeente: Mapped[str] = mapped_column(String(32))
    kern: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(32))
    datum: Mapped[date] = mapped_column(Date)
    aangemaakt_door: Mapped[str | None] = mapped_column(String(80))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)
    overdracht: Mapped[str] = mapped_column(String(32))
    toestemming: Mapped[bool] = mapped_column(Boolean, default=False)
    toestemming_datum: Mapped[date | None] = mapped_column(Date)
    toestemming_delen: Mapped[str | None] = mapped_column(Text)
    notitie: Mapped[str | None] = mapped_column(Text)
    opvolgdatum: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    status_reden: Mapped[str | None] = mapped_column(String(64))
    status_sinds: Mapped[date] = mapped_column(Date)
    synthetisch: Mapped[bool] = mapped_column(Boolean, default=False)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    gesprek: Mapped[Gesprek] = relationship(back_populates="verwijzingen")
    historie: Mapped[list["VerwijzingStatus"]] = relationship(
        cascade="all, delete-orphan", order_by="VerwijzingStatus.id"
    )
    __mapper_args__ = {"version_id_col": versie}
    __table_args__ = (
        Index("ix_verwijzingen_datum_gemeente", "datum", "gemeente"),
        Index("ix_verwijzingen_status_opvolg", "status", "opvolgdatum"),
        # the werkvoorraad of one desk: its open referrals in date order, from the index alone (migration 0018)
        Index("ix_verwijzingen_open_opvolging", "team", "opvolgdatum", "id", "status_sinds", "gesprek_id",
              postgresql_where=text(OPEN_VERWIJZING), sqlite_where=text(OPEN_VERWIJZING)),
        Index("ix_verwijzingen_open_sinds", "team", "status_sinds", "id", "opvolgdatum", "gesprek_id",
              postgresql_where=text(OPEN_VERWIJZING), sqlite_where=text(OPEN_VERWIJZING)),
        Index("ix_verwijzingen_werkvoorraad", "status", "status_sinds", "team"),  # migration 0004
        Index("ix_verwijzingen_statistiek", "datum", "gemeente", "kern", "team", "trede", "voorziening_id",
              "status", "status_reden", "gesprek_id"),
        # running maatwerk referrals for the statistics (migration 0010)
        Index("ix_verwijzingen_maatwerk", "trede", "status", "datum", "status_sinds", "gemeente", "kern", "team",
              "gesprek_id"),
    )


class VerwijzingStatus(Base):
    __tablename__ = "verwijzing_statussen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verwijzing_id: Mapped[int] = mapped_column(ForeignKey("verwijzingen.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    reden: Mapped[str | None] = mapped_column(String(64))
    notitie: Mapped[str | None] = mapped_column(Text)
    medewerker: Mapped[str | None] = mapped_column(String(80))
    op: Mapped[datetime] = mapped_column(DateTime)


class Termijn(Base):
    """A term running for a conversation (legal, or the desk's own promise), with how it was closed.

    ``code`` is the key within the conversation (the rule code; for a term of an aanvraag with the
    aanvraag's date). ``berekend`` is the computed end, ``uiterlijk`` the end in force (later after a
    verdaging or opschorting, see TermijnWijziging). A step is closed as done (``afgerond_op``) or as not
    applicable (``niet_van_toepassing`` holds the worker's reason)."""

    __tablename__ = "termijnen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(48))
    wet: Mapped[str] = mapped_column(String(32))
    stap: Mapped[str] = mapped_column(String(120))
    grondslag: Mapped[str] = mapped_column(String(120))
    startdatum: Mapped[date] = mapped_column(Date)
    uiterlijk: Mapped[date] = mapped_column(Date, index=True)
    afgerond_op: Mapped[date | None] = mapped_column(Date)
    # migration 0007: kind, closing and verdaging
    soort: Mapped[str] = mapped_column(String(16), default="balie", server_default="balie")  # balie | inwoner | belofte
    berekend: Mapped[date | None] = mapped_column(Date)
    niet_van_toepassing: Mapped[str | None] = mapped_column(String(200))
    afgesloten_door: Mapped[str | None] = mapped_column(String(80))
    afgesloten_op: Mapped[datetime | None] = mapped_column(DateTime)
    wijzigingen: Mapped[list["TermijnWijziging"]] = relationship(
        cascade="all, delete-orphan", order_by="TermijnWijziging.id")

    # covering index for the statistics over a period (migration 0003)
    __table_args__ = (Index("ix_termijnen_statistiek", "uiterlijk", "wet", "stap", "afgerond_op", "gesprek_id"),
                      # the same, for the desk's legal deadlines only (migration 0007)
                      Index("ix_termijnen_uitkomst", "soort", "uiterlijk", "wet", "stap", "afgerond_op",
                            "niet_van_toepassing", "gesprek_id"),
                      # the open steps per conversation, for the werkvoorraad (migration 0018)
                      Index("ix_termijnen_open", "gesprek_id", "uiterlijk",
                            postgresql_where=text(OPEN_TERMIJN), sqlite_where=text(OPEN_TERMIJN)))


class AuditRegel(Base):
    """Append-only: the migration installs triggers that refuse UPDATE and DELETE."""

    __table__ = tabellen.audit_log   # columns, types and indexes: storage.tabellen


class Vernietigingsverzoek(Base):
    """A resident's written request for destruction (Wmo art. 5.3.5: within 3 months)."""

    __tablename__ = "vernietigingsverzoeken"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inwoner_id: Mapped[int | None] = mapped_column(ForeignKey("inwoners.id", ondelete="SET NULL"))
    kenmerk: Mapped[str] = mapped_column(String(64))  # reference of the letter, no personal data
    ontvangen_op: Mapped[date] = mapped_column(Date)
    uiterlijk: Mapped[date] = mapped_column(Date)
    geregistreerd_door: Mapped[str | None] = mapped_column(String(80))
    uitgevoerd_op: Mapped[datetime | None] = mapped_column(DateTime)
    uitgevoerd_door: Mapped[str | None] = mapped_column(String(80))


class TermijnWijziging(Base):
    """A verdaging (Awb 4:14) or opschorting (Awb 4:15) of a beslistermijn: old and new end, ground."""

    __tablename__ = "termijn_wijzigingen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    termijn_id: Mapped[int] = mapped_column(ForeignKey("termijnen.id", ondelete="CASCADE"), index=True)
    soort: Mapped[str] = mapped_column(String(16))        # verdaagd | opgeschort
    grond: Mapped[str] = mapped_column(String(32))        # key of termijnen.yaml wijzigingen.<soort>.gronden
    oud: Mapped[date] = mapped_column(Date)
    nieuw: Mapped[date] = mapped_column(Date)
    toelichting: Mapped[str | None] = mapped_column(String(200))
    medewerker: Mapped[str | None] = mapped_column(String(80))
    op: Mapped[datetime] = mapped_column(DateTime)


class BalieSluitingsdag(Base):
    """A day the desk itself is closed: counts for the desk's own promises, never for a legal term."""

    __tablename__ = "balie_sluitingsdagen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    datum: Mapped[date] = mapped_column(Date, index=True)
    gemeente: Mapped[str | None] = mapped_column(String(64))   # None = every desk of this database
    omschrijving: Mapped[str] = mapped_column(String(120))
    aangemaakt_door: Mapped[str | None] = mapped_column(String(80))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)


class AtwBevestiging(Base):
    """A beheerder checked a besluit gelijkstelling (Atw art. 3 lid 3) of atw_kalender.yaml against the
    Staatscourant."""

    __tablename__ = "atw_bevestigingen"
    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    bevestigd_door: Mapped[str | None] = mapped_column(String(80))
    bevestigd_op: Mapped[datetime] = mapped_column(DateTime)


# -- procesregie (migration 0012): one plan per household, parties, goals, afspraken, MDO ---------------

class RegiePlan(Base):
    """The casus of a household in procesregie (AVE 3 and 4): one plan, one regisseur. ``gesprek_id`` is
    the conversation that brought the case in; the plan stays with the household (``inwoner_id``) over its
    follow-up conversations. In AVE 4 ``ketenpartner`` holds regie and ``contact_id`` keeps contact."""

    __tablename__ = "regie_plannen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), unique=True)
    inwoner_id: Mapped[int] = mapped_column(ForeignKey("inwoners.id", ondelete="CASCADE"), index=True)
    team: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | gesloten
    aangemeld_op: Mapped[datetime] = mapped_column(DateTime)          # entered the intake queue
    aangemeld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruikers.id", ondelete="SET NULL"))
    toegewezen_op: Mapped[datetime | None] = mapped_column(DateTime)
    toegewezen_door: Mapped[str | None] = mapped_column(String(80))
    ketenpartner: Mapped[str | None] = mapped_column(String(120))    # voorziening id of the safety route
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("gebruikers.id", ondelete="SET NULL"))
    gesloten_op: Mapped[date | None] = mapped_column(Date)
    sluitreden: Mapped[str | None] = mapped_column(Text)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    partijen: Mapped[list["PlanPartij"]] = relationship(cascade="all, delete-orphan", order_by="PlanPartij.id")
    doelen: Mapped[list["PlanDoel"]] = relationship(cascade="all, delete-orphan", order_by="PlanDoel.id")
    overleggen: Mapped[list["PlanOverleg"]] = relationship(cascade="all, delete-orphan",
                                                          order_by="PlanOverleg.datum")
    __mapper_args__ = {"version_id_col": versie}
    __table_args__ = (Index("ix_regie_plannen_wachtrij", "status", "team", "aangemeld_op"),)


class PlanPartij(Base):
    """A party involved in the plan: a kaart organisation (``voorziening_id``) or another one, with its
    contact person and role, and what the household consented to share with it (``delen``)."""

    __tablename__ = "plan_partijen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("regie_plannen.id", ondelete="CASCADE"), index=True)
    voorziening_id: Mapped[str | None] = mapped_column(String(120))
    organisatie: Mapped[str] = mapped_column(String(200))
    contactpersoon: Mapped[str | None] = mapped_column(String(200))
    rol: Mapped[str | None] = mapped_column(String(200))
    delen: Mapped[list | None] = mapped_column(JSON)          # subset of doelen, afspraken, overleggen
    toestemming_op: Mapped[date | None] = mapped_column(Date)


class PlanDoel(Base):
    """A goal per leefgebied or dimension of the spinnenweb."""

    __tablename__ = "plan_doelen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("regie_plannen.id", ondelete="CASCADE"), index=True)
    gebied: Mapped[str] = mapped_column(String(32))            # leefgebied or dimension key
    soort: Mapped[str] = mapped_column(String(16))             # leefgebied | dimensie
    doel: Mapped[str] = mapped_column(Text)
    bereikt_op: Mapped[date | None] = mapped_column(Date)


class Afspraak(Base):
    """Who does what by when, with status: in a plan (``plan_id``) or agreed in a conversation
    (``gesprek_id``). A follow-up conversation records the status it found (``nagekeken_in``)."""

    __tablename__ = "afspraken"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("regie_plannen.id", ondelete="CASCADE"), index=True)
    gesprek_id: Mapped[int | None] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    wie: Mapped[str] = mapped_column(String(200))
    wat: Mapped[str] = mapped_column(Text)
    uiterlijk: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")   # open | loopt | gedaan | niet_gelukt
    status_reden: Mapped[str | None] = mapped_column(Text)
    status_op: Mapped[date | None] = mapped_column(Date)
    nagekeken_in: Mapped[int | None] = mapped_column(ForeignKey("gesprekken.id", ondelete="SET NULL"), index=True)
    aangemaakt_door: Mapped[str | None] = mapped_column(String(80))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)


class PlanOverleg(Base):
    """An MDO or an evaluation of the plan, with the decisions taken."""

    __tablename__ = "plan_overleggen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("regie_plannen.id", ondelete="CASCADE"), index=True)
    soort: Mapped[str] = mapped_column(String(16))             # mdo | evaluatie
    datum: Mapped[date] = mapped_column(Date)
    deelnemers: Mapped[str | None] = mapped_column(Text)
    besluiten: Mapped[str | None] = mapped_column(Text)
    vastgelegd_door: Mapped[str | None] = mapped_column(String(80))
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime)


class VervolgOvername(Base):
    """A follow-up conversation took this part over from the previous one (household, network ...); the
    worker confirmed it still holds (``bevestigd_op``) or not yet (NULL)."""

    __tablename__ = "vervolg_overnames"
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), primary_key=True)
    onderdeel: Mapped[str] = mapped_column(String(32), primary_key=True)   # key of domain.vervolg.OVERNEMEN
    bevestigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    bevestigd_door: Mapped[str | None] = mapped_column(String(80))


class AuditVerlopen(Base):
    """What the audit trail may forget (migration 0009): the rows about ``object_type``/``object_id`` up
    to audit row ``tot_id``, because the retention job destroyed or anonymised that object. Written by
    the retention job; ``services.bewaren.audit_opschonen`` deletes those rows. No personal data: a type
    and a number."""

    __tablename__ = "audit_verlopen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    tot_id: Mapped[int] = mapped_column(Integer)
    sinds: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_audit_verlopen_object", "object_type", "object_id"),)


class AuditOpschoning(Base):
    """The retention job's mark on SQLite (migration 0009): a row exists only inside the transaction that
    purges expired audit rows; the DELETE trigger on ``audit_log`` admits nothing without it. PostgreSQL
    uses ``SET LOCAL toegang.audit_opschonen`` and the owner role's privilege instead."""

    __tablename__ = "audit_opschoning"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op: Mapped[datetime] = mapped_column(DateTime)
    door: Mapped[str | None] = mapped_column(String(80))


class Overdracht(Base):
    """A resident handed from one desk to the other (migration 0009): the deliberate change of their
    gemeente, with the reason. Goes with the resident when they are destroyed."""

    __tablename__ = "overdrachten"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inwoner_id: Mapped[int] = mapped_column(ForeignKey("inwoners.id", ondelete="CASCADE"), index=True)
    van_team: Mapped[str] = mapped_column(String(32))
    naar_team: Mapped[str] = mapped_column(String(32))
    reden: Mapped[str] = mapped_column(String(32))             # key of services.overdracht.REDENEN
    toelichting: Mapped[str | None] = mapped_column(String(200))
    gesprekken: Mapped[int] = mapped_column(Integer, default=0)
    door: Mapped[str | None] = mapped_column(String(80))
    op: Mapped[datetime] = mapped_column(DateTime)


# -- safety (issue 21, migration 0011) -------------------------------------------------------------------

class GesprekVeiligheid(Base):
    """Safety of one conversation: where its Meldcode stands (step 2 advice, the afwegingen of step 4,
    the decision of step 5) and which version of the resident's summary prints. One row per conversation,
    made on the first change."""

    __tablename__ = "gesprek_veiligheid"
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    advies_veilig_thuis: Mapped[bool | None] = mapped_column(Boolean)
    advies_anoniem: Mapped[bool | None] = mapped_column(Boolean)
    gesprek_overgeslagen: Mapped[bool] = mapped_column(Boolean, default=False)
    afweging_vermoeden: Mapped[bool | None] = mapped_column(Boolean)
    afweging_acuut_of_structureel: Mapped[bool | None] = mapped_column(Boolean)
    afweging_hulp_mogelijk: Mapped[bool | None] = mapped_column(Boolean)
    afweging_hulp_aanvaard: Mapped[bool | None] = mapped_column(Boolean)
    afweging_duurzame_veiligheid: Mapped[bool | None] = mapped_column(Boolean)
    besluit: Mapped[str | None] = mapped_column(String(16))        # domain.veiligheid.BESLUITEN
    besluit_op: Mapped[date | None] = mapped_column(Date)
    besluit_door: Mapped[str | None] = mapped_column(String(80))
    samenvatting_versie: Mapped[str | None] = mapped_column(String(16))  # veilig | volledig | None = the default
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": versie}


class MeldcodeStap(Base):
    """One step of the Meldcode as recorded: date, worker and a short note."""

    __tablename__ = "meldcode_stappen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    stap: Mapped[int] = mapped_column(SmallInteger)
    datum: Mapped[date] = mapped_column(Date)
    medewerker: Mapped[str | None] = mapped_column(String(200))
    notitie: Mapped[str | None] = mapped_column(Text)
    vastgelegd_door: Mapped[str | None] = mapped_column(String(80))
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("gesprek_id", "stap", name="uq_meldcode_stappen_gesprek_stap"),)


class VerwijzingVeiligheid(Base):
    """A hand-over to Veilig Thuis (advies vragen, melding): whether it is anonymous about the resident
    and whether the resident knows (with the reason when not). What is shared is in
    ``Verwijzing.toestemming_delen``."""

    __tablename__ = "verwijzing_veiligheid"
    verwijzing_id: Mapped[int] = mapped_column(ForeignKey("verwijzingen.id", ondelete="CASCADE"), primary_key=True,
                                               autoincrement=False)
    anoniem: Mapped[bool] = mapped_column(Boolean, default=False)
    inwoner_weet: Mapped[bool] = mapped_column(Boolean)
    waarom_niet: Mapped[str | None] = mapped_column(Text)


# -- the resident's rights and the people around them (migration 0013) ---------------------------
# The summary language and the household members are kept in their own tables, not in the field table:
# choosing a language from the print dialog must not bump the conversation's version (no false conflict
# with the open editor), and household members are rows with their own links, not one value.


class GesprekTaal(Base):
    """The language chosen for the resident's summary of a conversation (handout_talen code)."""

    __tablename__ = "gesprek_talen"
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    taal: Mapped[str] = mapped_column(String(8))
    gekozen_op: Mapped[datetime] = mapped_column(DateTime)


class InwonerTaal(Base):
    """The language remembered for a resident: proposed for their next conversation."""

    __tablename__ = "inwoner_talen"
    inwoner_id: Mapped[int] = mapped_column(ForeignKey("inwoners.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    taal: Mapped[str] = mapped_column(String(8))
    gekozen_op: Mapped[datetime] = mapped_column(DateTime)


class WmoVerslag(Base):
    """The written verslag of a Wmo onderzoek (Wmo 2015 art. 2.3.2 lid 8), dated and kept as issued:
    ``inhoud`` holds the points a-g of lid 4, the onderbouwing per levensgebied, outcome and next step
    as they stood when the verslag was made. The resident's response is added later."""

    __tablename__ = "wmo_verslagen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    volgnummer: Mapped[int] = mapped_column(SmallInteger, default=1)
    datum: Mapped[date] = mapped_column(Date)
    inhoud: Mapped[dict] = mapped_column(JSON)
    uitkomst: Mapped[str] = mapped_column(Text)
    vervolg: Mapped[str] = mapped_column(String(24))   # aanvraag | geen_aanvraag | bedenktijd
    opgesteld_door: Mapped[str | None] = mapped_column(String(80))
    opgesteld_op: Mapped[datetime] = mapped_column(DateTime)
    reactie: Mapped[str | None] = mapped_column(Text)
    reactie_soort: Mapped[str | None] = mapped_column(String(24))  # eens | oneens | aanvulling | geen_reactie
    reactie_datum: Mapped[date | None] = mapped_column(Date)
    reactie_door: Mapped[str | None] = mapped_column(String(80))


class AanvraagOverdracht(Base):
    """The hand-over of an aanvraag to the Wmo consulent or backoffice: its date is the aanvraag date the
    legal clock (Wmo art. 2.3.5 lid 2) runs from."""

    __tablename__ = "aanvraag_overdrachten"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    verslag_id: Mapped[int | None] = mapped_column(ForeignKey("wmo_verslagen.id", ondelete="SET NULL"))
    wet: Mapped[str] = mapped_column(String(32))
    aanvraag_datum: Mapped[date] = mapped_column(Date)
    naar: Mapped[str] = mapped_column(String(32))       # wmo_consulent | backoffice
    onderwerp: Mapped[str | None] = mapped_column(String(200))
    door: Mapped[str | None] = mapped_column(String(80))
    op: Mapped[datetime] = mapped_column(DateTime)


class GesprekBetrokkene(Base):
    """A household member a conversation is also about, with their role. A member who needs help
    themselves is a resident of their own (``inwoner_id``) with their own melding (``eigen_gesprek_id``):
    separate records, their own access and retention. Without a record only a first name or
    description and a birth year are kept."""

    __tablename__ = "gesprek_betrokkenen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gesprek_id: Mapped[int] = mapped_column(ForeignKey("gesprekken.id", ondelete="CASCADE"), index=True)
    rol: Mapped[str] = mapped_column(String(24))   # partner | kind | mantelzorger | verzorgde | ouder | huisgenoot
    inwoner_id: Mapped[int | None] = mapped_column(ForeignKey("inwoners.id", ondelete="SET NULL"), index=True)
    eigen_gesprek_id: Mapped[int | None] = mapped_column(ForeignKey("gesprekken.id", ondelete="SET NULL"))
    omschrijving: Mapped[str | None] = mapped_column(String(120))
    geboortejaar: Mapped[int | None] = mapped_column(SmallInteger)
    aangemaakt_door: Mapped[str | None] = mapped_column(String(80))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)


class Vertegenwoordiger(Base):
    """Someone who acts for a resident: a parent with gezag, a wettelijk vertegenwoordiger, bewindvoerder,
    curator or mentor, with the legal basis, the scope (``reikwijdte``: financieel, zorg, persoonlijk) and
    what the desk saw as proof."""

    __tablename__ = "vertegenwoordigers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inwoner_id: Mapped[int] = mapped_column(ForeignKey("inwoners.id", ondelete="CASCADE"), index=True)
    soort: Mapped[str] = mapped_column(String(32))
    naam: Mapped[str] = mapped_column(String(200))
    telefoon: Mapped[str | None] = mapped_column(String(40))
    grondslag: Mapped[str] = mapped_column(String(200))
    reikwijdte: Mapped[list] = mapped_column(JSON)
    bewijs: Mapped[str | None] = mapped_column(String(200))
    geldig_tot: Mapped[date | None] = mapped_column(Date)
    aangemaakt_door: Mapped[str | None] = mapped_column(String(80))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)
    beeindigd_op: Mapped[date | None] = mapped_column(Date)


class Toestemming(Base):
    """Who gave the consent of a referral: the resident, or a representative (with the basis)."""

    __tablename__ = "toestemmingen"
    verwijzing_id: Mapped[int] = mapped_column(ForeignKey("verwijzingen.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    door: Mapped[str] = mapped_column(String(24))   # inwoner | vertegenwoordiger
    vertegenwoordiger_id: Mapped[int | None] = mapped_column(ForeignKey("vertegenwoordigers.id", ondelete="SET NULL"))
    naam: Mapped[str | None] = mapped_column(String(200))
    soort: Mapped[str | None] = mapped_column(String(32))
    grondslag: Mapped[str | None] = mapped_column(String(200))


class AvgVerzoek(Base):
    """A request under the AVG: inzage (art. 15) or correction (art. 16), answered within a month
    (art. 12 lid 3). Holds no personal data beyond the link to the resident."""

    __tablename__ = "avg_verzoeken"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inwoner_id: Mapped[int | None] = mapped_column(ForeignKey("inwoners.id", ondelete="SET NULL"), index=True)
    soort: Mapped[str] = mapped_column(String(16))   # inzage | correctie
    ontvangen_op: Mapped[date] = mapped_column(Date)
    uiterlijk: Mapped[date] = mapped_column(Date)
    geregistreerd_door: Mapped[str | None] = mapped_column(String(80))
    geregistreerd_op: Mapped[datetime] = mapped_column(DateTime)
    beantwoord_op: Mapped[date | None] = mapped_column(Date)
    beantwoord_door: Mapped[str | None] = mapped_column(String(80))


class AvgCorrectie(Base):
    """One field corrected on request (AVG art. 16): which field, why, by whom. The old value is kept
    nowhere, not here and not in the audit trail."""

    __tablename__ = "avg_correcties"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verzoek_id: Mapped[int | None] = mapped_column(ForeignKey("avg_verzoeken.id", ondelete="SET NULL"), index=True)
    inwoner_id: Mapped[int | None] = mapped_column(ForeignKey("inwoners.id", ondelete="CASCADE"), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    veld: Mapped[str] = mapped_column(String(64))
    reden: Mapped[str] = mapped_column(Text)
    door: Mapped[str | None] = mapped_column(String(80))
    op: Mapped[datetime] = mapped_column(DateTime)


# the statistics' monthly aggregate tables (migration 0014) belong to the same schema
from toegang_app.storage import statistiek_tabellen  # noqa: E402,F401
