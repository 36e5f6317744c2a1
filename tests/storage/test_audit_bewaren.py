"""Retention covers the audit trail (issue 19, item 8).

- Values of sensitive fields (birth date, postcode, BSN, name, contact details, free text) never enter the
  audit trail, whatever code path writes the row: the row says *that* the field changed.
- What the audit keeps follows the retention of what it is about: once a conversation is destroyed or
  anonymised, the rows about it (and about its resident and referrals) are expired. The retention job
  purges them under a separate privilege: on SQLite a trigger admits only the job's marked transaction, on
  PostgreSQL only the owner role may; for everyone else the audit stays append-only.
- Rows written by an older version with such values are scrubbed by the migration.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import DBAPIError

from tests.factories import BEHEERDER, MEDEWERKER, maak_gesprek
from toegang_app.errors import PermissionDenied, UserError
from toegang_app.services import audit, bewaren
from toegang_app.services import gesprekken as svc
from toegang_app.storage.models import AuditRegel, Gesprek

NAAM = "Annegien Auditproef (synthetisch)"
BSN = "111222333"
GEBOORTE = date(1961, 4, 23)
POSTCODE = "7481 AB"


def _rows(c, **where) -> list[AuditRegel]:
    with c.sessions() as s:
        q = select(AuditRegel).order_by(AuditRegel.id)
        for k, v in where.items():
            q = q.where(getattr(AuditRegel, k) == v)
        return list(s.scalars(q))


def _text_of(rows) -> str:
    return " ".join(str(v) for r in rows for v in (r.object_id, r.veld, r.oud, r.nieuw, r.toelichting))


def _opgeslagen(ctx) -> svc.GesprekDossier:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern = NAAM, "Haaksbergen"
    d.inwoner.geboortedatum, d.inwoner.postcode, d.inwoner.bsn = GEBOORTE, POSTCODE, BSN
    d.vraag = "Vrije tekst over de thuissituatie"
    return svc.bewaar_gesprek(ctx, d)


# -- no sensitive values in the audit trail ---------------------------------------------------------

def test_changed_birth_date_postcode_bsn_and_name_leave_no_value_in_the_audit(ctx):
    d = _opgeslagen(ctx)
    d.inwoner.geboortedatum, d.inwoner.postcode = date(1962, 5, 24), "7482 CD"
    d.inwoner.naam, d.inwoner.bsn = "Annegien Anders (synthetisch)", "123456782"
    d.inwoner.telefoon, d.inwoner.email = "0612345678", "a@example.org"
    d.vraag = "Andere vrije tekst"
    d.dimensies["meedoen"] = svc.DimensieInvoer(score=4)
    svc.bewaar_gesprek(ctx, d)

    rows = {r.veld: r for r in _rows(ctx, actie="gewijzigd", object_type="gesprek")}
    for veld in ("inwoner.geboortedatum", "inwoner.postcode", "inwoner.naam",
                 "inwoner.bsn", "inwoner.telefoon", "inwoner.email", "vraag"):
        assert veld in rows, veld                          # that it changed is recorded ...
        assert rows[veld].oud is None and rows[veld].nieuw is None, veld   # ... never the value
        assert rows[veld].toelichting == "waarde niet vastgelegd (persoonsgegeven)" or \
            rows[veld].toelichting == "tekst gewijzigd", veld
    assert (rows["dimensies.meedoen.score"].oud, rows["dimensies.meedoen.score"].nieuw) == (None, "4")
    everything = _text_of(_rows(ctx))
    for needle in ("1961", "1962", "7481", "7482", "Annegien", BSN, "123456782", "0612345678", "example.org",
                   "vrije tekst", "Vrije tekst"):
        assert needle not in everything, needle


def test_any_code_path_is_masked_centrally(ctx):
    """A service that hands a sensitive value to the audit (free text of an onderbouwing, a new field of
    the conversation nobody classified yet) still gets no value stored."""
    with ctx.sessions.begin() as s:
        audit.record(s, MEDEWERKER, "gewijzigd", "gesprek", 1, veld="onderbouwing_maatwerk.wonen",
                     oud=None, nieuw="Mevrouw kan de trap niet meer op")
        audit.record(s, MEDEWERKER, "gewijzigd", "gesprek", 1, veld="een_nieuw_veld", oud="a", nieuw="geheim")
        audit.record(s, MEDEWERKER, "gewijzigd", "inwoner", 1, veld="geboortedatum", oud="1961-04-23", nieuw=None)
        audit.record(s, MEDEWERKER, "gewijzigd", "verwijzing", 1, veld="notitie", oud=None, nieuw="belt dinsdag")
        audit.record(s, MEDEWERKER, "gewijzigd", "verwijzing", 1, veld="status", oud="verwezen", nieuw="gestart")
        audit.record(s, BEHEERDER, "gewijzigd", "gebruiker", 7, veld="rol", oud="medewerker", nieuw="teamleider")
    rows = _rows(ctx)
    assert [(r.veld, r.oud, r.nieuw) for r in rows] == [
        ("onderbouwing_maatwerk.wonen", None, None), ("een_nieuw_veld", None, None), ("geboortedatum", None, None),
        ("notitie", None, None), ("status", "verwezen", "gestart"), ("rol", "medewerker", "teamleider")]


# -- purging expired rows -----------------------------------------------------------------------------

def _vernietigd_en_bewaard(ctx) -> tuple[int, int]:
    """One old conversation destroyed by the retention job, one current conversation kept; both viewed
    and changed. Returns (destroyed gesprek id, kept gesprek id)."""
    oud = maak_gesprek(ctx, naam="Oud Gesprek (synthetisch)", aanmelding=date(2001, 1, 1), status="afgerond",
                       afgesloten_op=date(2001, 2, 1))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, oud)
        g.gewijzigd_op = datetime(2001, 2, 1, 12)
        iid = g.inwoner_id
    bewaard = maak_gesprek(ctx, naam="Nieuw Gesprek (synthetisch)")
    with ctx.sessions.begin() as s:
        for gid in (oud, bewaard):
            audit.record(s, MEDEWERKER, "bekeken", "gesprek", gid)
            audit.record(s, MEDEWERKER, "gewijzigd", "gesprek", gid, veld="status", oud="open", nieuw="afgerond")
        audit.record(s, MEDEWERKER, "aangemaakt", "inwoner", iid)
        audit.record(s, BEHEERDER, "gewijzigd", "gebruiker", 7, veld="rol", oud="medewerker", nieuw="teamleider")
    ctx.user = BEHEERDER
    bewaren.vernietig(ctx, [oud])
    return oud, bewaard


def _purge(ctx):
    ctx.user = BEHEERDER
    return bewaren.audit_opschonen(ctx)


def _check_purged(ctx, oud: int, bewaard: int) -> None:
    ctx.user = BEHEERDER
    assert bewaren.verlopen_auditregels(ctx) == 3     # view + change of the conversation, the resident row
    res = _purge(ctx)
    assert res.regels == 3
    left = _rows(ctx)
    assert not [r for r in left if r.object_type in ("gesprek", "inwoner") and r.object_id in (str(oud),)]
    assert [r.actie for r in left if r.object_type == "gesprek" and r.object_id == str(bewaard)] == [
        "bekeken", "gewijzigd"]
    assert [r.veld for r in left if r.object_type == "gebruiker"] == ["rol"]
    # the destruction itself and the purge stay on record, without names
    assert [r.actie for r in left if r.object_type == "bewaartermijn"] == ["vernietigd"]
    opgeschoond = [r for r in left if r.actie == "opgeschoond"]
    assert len(opgeschoond) == 1 and opgeschoond[0].object_type == "audit_log"
    assert "3 auditregels" in opgeschoond[0].toelichting and "Oud Gesprek" not in opgeschoond[0].toelichting
    assert bewaren.verlopen_auditregels(ctx) == 0
    assert _purge(ctx).regels == 0


def test_retention_job_purges_expired_audit_rows_on_sqlite(ctx):
    oud, bewaard = _vernietigd_en_bewaard(ctx)
    _check_purged(ctx, oud, bewaard)


def test_retention_job_purges_expired_audit_rows_on_postgresql(pg_ctx):
    oud, bewaard = _vernietigd_en_bewaard(pg_ctx)
    _check_purged(pg_ctx, oud, bewaard)


def test_rows_of_an_anonymised_conversation_expire_too(ctx):
    gid = maak_gesprek(ctx, naam="Anoniem Straks (synthetisch)", aanmelding=date(2001, 1, 1), status="afgerond",
                       afgesloten_op=date(2001, 2, 1))
    with ctx.sessions.begin() as s:
        s.get(Gesprek, gid).gewijzigd_op = datetime(2001, 2, 1, 12)
        audit.record(s, MEDEWERKER, "bekeken", "gesprek", gid)
    ctx.user = BEHEERDER
    bewaren.anonimiseer(ctx, [gid])
    assert bewaren.verlopen_auditregels(ctx) == 1
    assert _purge(ctx).regels == 1


def test_only_the_beheerder_purges(ctx):
    _vernietigd_en_bewaard(ctx)
    ctx.user = MEDEWERKER
    with pytest.raises(PermissionDenied):
        bewaren.audit_opschonen(ctx)
    with pytest.raises(PermissionDenied):
        bewaren.verlopen_auditregels(ctx)


def test_outside_the_marked_transaction_the_audit_stays_append_only_on_sqlite(ctx):
    oud, _ = _vernietigd_en_bewaard(ctx)
    n = len(_rows(ctx))
    # application code: the ORM and plain SQL
    with pytest.raises(DBAPIError, match="alleen-toevoegen"):
        with ctx.sessions.begin() as s:
            s.execute(delete(AuditRegel).where(AuditRegel.object_id == str(oud)))
    # another program on the file, even one that imitates the marker for rows that are not expired
    raw = sqlite3.connect(ctx.engine.url.database)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="alleen-toevoegen"):
            raw.execute("DELETE FROM audit_log")
        raw.rollback()
        with pytest.raises(sqlite3.DatabaseError, match="alleen-toevoegen"):
            raw.execute("UPDATE audit_log SET toelichting = 'weg'")
        raw.rollback()
    finally:
        raw.close()
    assert len(_rows(ctx)) == n


def test_outside_the_marked_transaction_the_audit_stays_append_only_on_postgresql(pg_ctx):
    oud, _ = _vernietigd_en_bewaard(pg_ctx)
    for stmt in ("DELETE FROM audit_log", "UPDATE audit_log SET toelichting = 'weg'", "TRUNCATE audit_log"):
        with pytest.raises(DBAPIError, match="alleen-toevoegen"):
            with pg_ctx.sessions.begin() as s:
                s.execute(text(stmt))
    # the marker alone does not admit rows that are not expired
    with pytest.raises(DBAPIError, match="alleen-toevoegen"):
        with pg_ctx.sessions.begin() as s:
            s.execute(text("SET LOCAL toegang.audit_opschonen = 'ja'"))
            s.execute(text("DELETE FROM audit_log WHERE object_type = 'gebruiker'"))
    with pg_ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditRegel).where(AuditRegel.object_type == "gebruiker"))


def test_migration_scrubs_sensitive_values_written_by_an_older_version(tmp_path):
    """A database of the previous revision with a birth date and postcode in its audit trail: after the
    upgrade the values are gone, the rows (who changed what, when) stay."""
    from alembic import command

    from toegang_app.storage.engine import make_engine
    from toegang_app.storage.migrate import alembic_config

    eng = make_engine(f"sqlite:///{tmp_path / 'oud.sqlite'}")
    acfg = alembic_config()
    with eng.begin() as conn:
        acfg.attributes["connection"] = conn
        command.upgrade(acfg, "0007")
    with eng.begin() as conn:
        for veld, oud, nieuw in (("inwoner.geboortedatum", "1961-04-23", "1962-05-24"),
                                 ("inwoner.postcode", "7481 AB", "7482 CD"),
                                 ("onderbouwing_maatwerk.wonen", None, "Mevrouw kan de trap niet op"),
                                 ("status", "open", "afgerond")):
            conn.execute(text("INSERT INTO audit_log (op, gebruiker, actie, object_type, object_id, veld, oud, nieuw) "
                              "VALUES (:op, 'mw-hb', 'gewijzigd', 'gesprek', '1', :veld, :oud, :nieuw)"),
                         {"op": datetime(2024, 1, 1), "veld": veld, "oud": oud, "nieuw": nieuw})
    with eng.begin() as conn:
        acfg.attributes["connection"] = conn
        command.upgrade(acfg, "head")
    with eng.connect() as conn:
        rows = conn.execute(text("SELECT veld, oud, nieuw FROM audit_log ORDER BY id")).all()
    eng.dispose()
    assert [tuple(r) for r in rows] == [("inwoner.geboortedatum", None, None), ("inwoner.postcode", None, None),
                                       ("onderbouwing_maatwerk.wonen", None, None), ("status", "open", "afgerond")]
