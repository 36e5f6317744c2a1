"""The database schema. Dutch domain names for tables and columns, as in the exchange format.

Migrations live in ``db/versions``; every change here needs one there (a test compares them).
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
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Key/value facts about the database itself (which app version created/migrated it)."""

    __tablename__ = "toegang_meta"
    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    waarde: Mapped[str] = mapped_column(Text)


class Gebruiker(Base):
    __tablename__ = "gebruikers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(80), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    rol: Mapped[str] = mapped_column(String(32))  # medewerker | procesregisseur | teamleider | beheerder
    team: Mapped[str | None] = mapped_column(String(32))  # gemeente key of the desk
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(255))
    os_account: Mapped[str | None] = mapped_column(String(120), unique=True)
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)


class Inwoner(Base):
    __tablename__ = "inwoners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    zoeknaam: Mapped[str] = mapped_column(String(200), index=True)  # normalised for search
    geboortedatum: Mapped[date | None] = mapped_column(Date, index=True)
    geboortejaar: Mapped[int | None] = mapped_column(SmallInteger)
    gemeente: Mapped[str] = mapped_column(String(32))
    kern: Mapped[str | None] = mapped_column(String(64))
    postcode: Mapped[str | None] = mapped_column(String(7), index=True)
    telefoon: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    bsn: Mapped[str | None] = mapped_column(String(9), index=True)
    synthetisch: Mapped[bool] = mapped_column(Boolean, default=False)
    geanonimiseerd: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    gesprekken: Mapped[list["Gesprek"]] = relationship(back_populates="inwoner")
    __mapper_args__ = {"version_id_col": versie}
    __table_args__ = (Index("ix_inwoners_gemeente_kern", "gemeente", "kern"),)


class Gesprek(Base):
    """One brede uitvraag: the aanmelding, the six dimensions, signals, network and triage."""

    __tablename__ = "gesprekken"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inwoner_id: Mapped[int] = mapped_column(ForeignKey("inwoners.id", ondelete="CASCADE"), index=True)
    medewerker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruikers.id", ondelete="SET NULL"))
    team: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | afgerond
    synthetisch: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    # aanmelding
    aanmelding_datum: Mapped[date] = mapped_column(Date, index=True)
    kanaal: Mapped[str | None] = mapped_column(String(16))
    melder: Mapped[str | None] = mapped_column(String(32))
    vraag: Mapped[str | None] = mapped_column(Text)
    gemeente: Mapped[str] = mapped_column(String(32))
    kern: Mapped[str | None] = mapped_column(String(64))
    huishouden: Mapped[str | None] = mapped_column(String(32))
    inkomen_pct: Mapped[int | None] = mapped_column(SmallInteger)
    # urgency flags; NULL = not asked
    dreigende_ontruiming: Mapped[bool | None] = mapped_column(Boolean)
    afsluiting_energie_water: Mapped[bool | None] = mapped_column(Boolean)
    opzegging_zorgverzekering: Mapped[bool | None] = mapped_column(Boolean)
    acuut_onveilig: Mapped[bool | None] = mapped_column(Boolean)
    vermoeden_huiselijk_geweld: Mapped[bool | None] = mapped_column(Boolean)
    betrokken_partijen: Mapped[int | None] = mapped_column(SmallInteger)
    samenwerking_stagneert: Mapped[bool | None] = mapped_column(Boolean)
    # het andere gesprek
    wat_belangrijk: Mapped[str | None] = mapped_column(Text)
    wat_veranderen: Mapped[str | None] = mapped_column(Text)
    wie_helpen: Mapped[str | None] = mapped_column(Text)
    # eigen kracht en netwerk
    eigen_kracht: Mapped[str | None] = mapped_column(Text)
    mantelzorger: Mapped[bool | None] = mapped_column(Boolean)
    mantelzorger_overbelast: Mapped[bool | None] = mapped_column(Boolean)
    steun_van: Mapped[list | None] = mapped_column(JSON)
    afspraken: Mapped[str | None] = mapped_column(Text)
    # AVE
    ave_fase: Mapped[int | None] = mapped_column(SmallInteger)  # confirmed phase
    ave_fase_sinds: Mapped[date | None] = mapped_column(Date)
    procesregisseur_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruikers.id", ondelete="SET NULL"), index=True
    )
    plan: Mapped[str | None] = mapped_column(Text)
    evaluatiedatum: Mapped[date | None] = mapped_column(Date)
    # retention (domain brief section 3)
    bewaarwet: Mapped[str | None] = mapped_column(String(32))
    afgesloten_op: Mapped[date | None] = mapped_column(Date)
    # exchange format version 2 (migration 0008; domain/gesprek_velden.py): NULL = not asked, [] = none
    verblijfsstatus: Mapped[str | None] = mapped_column(String(32))
    kinderen: Mapped[list | None] = mapped_column(JSON)          # birth years of the children at home
    kenmerken: Mapped[list | None] = mapped_column(JSON)         # [{"kenmerk": .., "wie": ..}]
    melding_wetten: Mapped[list | None] = mapped_column(JSON)    # keys of vocab.MELDING_WETTEN
    aanvragen: Mapped[list | None] = mapped_column(JSON)         # [{"wet": .., "datum": .., "onderwerp": ..}]
    uitwisseling_id: Mapped[str | None] = mapped_column(String(64), index=True)   # opaque "id" in the format
    vervolg_op: Mapped[str | None] = mapped_column(String(64))   # uitwisseling_id of the earlier conversation

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

    __mapper_args__ = {"version_id_col": versie}
    __table_args__ = (
        Index("ix_gesprekken_team_datum", "team", "aanmelding_datum"),
        # the recent-conversations list, newest change first (migration 0003)
        Index("ix_gesprekken_team_gewijzigd", "team", "gewijzigd_op", "id"),
        Index("ix_gesprekken_gewijzigd", "gewijzigd_op", "id"),
        # covering index for the statistics over a period (migration 0002)
        Index("ix_gesprekken_statistiek", "aanmelding_datum", "gemeente", "kern", "team", "kanaal", "melder",
              "ave_fase", "inwoner_id"),
        # each resident's conversations in order: first conversation against follow-ups (migration 0010)
        Index("ix_gesprekken_inwoner_volgorde", "inwoner_id", "aanmelding_datum", "id"),
    )


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
                            "niet_van_toepassing", "gesprek_id"))


class AuditRegel(Base):
    """Append-only: the migration installs triggers that refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op: Mapped[datetime] = mapped_column(DateTime, index=True)
    gebruiker: Mapped[str | None] = mapped_column(String(80), index=True)
    actie: Mapped[str] = mapped_column(String(32))  # bekeken | aangemaakt | gewijzigd | verwijderd | ...
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    veld: Mapped[str | None] = mapped_column(String(64))
    oud: Mapped[str | None] = mapped_column(Text)
    nieuw: Mapped[str | None] = mapped_column(Text)
    toelichting: Mapped[str | None] = mapped_column(Text)


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
