"""The field table (domain/gesprek_velden.py): one row per conversation field drives the exchange format,
the storage copy, the audit trail, the merge, the drafts and the printed summary. A field added to a test
table reaches all of them without other code."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import MEDEWERKER
from toegang_app.domain import gesprek_velden as gv
from toegang_app.domain.gesprek import GesprekDossier
from toegang_app.domain.uitvraag import FormatError, parse_uitvraag, uitvraag_to_dict
from toegang_app.services import gesprekken as svc
from toegang_app.services.handout import handout_gegevens, maak_pdf
from toegang_app.storage.models import AuditRegel


def _pdf_text(path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.fixture
def huisdier_tabel(monkeypatch):
    """A table with one new field: what pet lives at home (a free text, printed on the resident's
    summary, exchanged as ``huisdier``). So that it needs no migration here it borrows the column of
    'afspraken', which this test table leaves out."""
    veld = gv.Veld("huisdier", "huisdier thuis", gv.TEKST, uitvraag="huisdier", samenvatting=True,
                   opslag="gesprekken.afspraken")
    monkeypatch.setattr(gv, "TABEL", gv.VELDEN.met(veld, zonder=["afspraken"]))
    return veld


def _dossier(ctx) -> GesprekDossier:
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Wim Proef (synthetisch)"
    d.inwoner.geboortedatum = date(1951, 2, 3)
    d.vraag = "Hulp bij het huishouden"
    return d


def test_a_field_added_to_the_table_flows_through_storage_export_import_audit_and_handout(ctx, tmp_path,
                                                                                        huisdier_tabel):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    d.huisdier = "een oude kat, Minoes"          # the dossier knows the field from the table alone
    stored = svc.bewaar_gesprek(ctx, d)
    assert svc.laad_gesprek(ctx, stored.gesprek_id).huisdier == "een oude kat, Minoes"

    # export: the exchange file carries it at its path; the reader accepts and validates it
    doc = svc.exporteer_uitvraag(ctx, stored.gesprek_id)
    assert doc["huisdier"] == "een oude kat, Minoes"
    assert uitvraag_to_dict(parse_uitvraag(doc)) == doc
    with pytest.raises(FormatError) as exc:
        parse_uitvraag({**doc, "huisdier": 3})
    assert exc.value.field == "huisdier" and "tekst" in exc.value.message

    # import: a new conversation with the answer
    nieuw = svc.importeer_uitvraag(ctx, {**doc, "huisdier": "twee konijnen"})
    assert svc.laad_gesprek(ctx, nieuw).huisdier == "twee konijnen"

    # audit: a change is recorded under the field's key; a free text never with its values, even when the
    # table does not mark it sensitive (issue 19, item 8: services.audit.waarde_mag)
    again = svc.laad_gesprek(ctx, stored.gesprek_id)
    again.huisdier = "geen huisdieren meer"
    svc.bewaar_gesprek(ctx, again)
    with ctx.sessions() as s:
        row = s.scalars(select(AuditRegel).where(AuditRegel.veld == "huisdier")).one()
    assert (row.oud, row.nieuw, row.toelichting) == (None, None, "tekst gewijzigd")
    assert svc.veld_label("huisdier") == "huisdier thuis"

    # the resident's summary and the file copy print it with its label
    data = handout_gegevens(ctx, stored.gesprek_id)
    assert [(v.label, v.tekst) for v in data.velden if v.samenvatting] == [("huisdier thuis", "geen huisdieren meer")]
    samenvatting = _pdf_text(maak_pdf(ctx, stored.gesprek_id, tmp_path / "s.pdf"))
    kopie = _pdf_text(maak_pdf(ctx, stored.gesprek_id, tmp_path / "d.pdf", dossier=True))
    assert "Huisdier thuis" in samenvatting and "geen huisdieren meer" in samenvatting
    assert "Huisdier thuis" in kopie and "geen huisdieren meer" in kopie

    # drafts and the three-way merge read the same table
    draft = GesprekDossier.from_json(json.loads(json.dumps(again.to_json())))
    assert draft.huisdier == "geen huisdieren meer"
    mijn, hun = again.kopie(), again.kopie()
    mijn.huisdier, hun.vraag = "een hond", "Andere vraag"
    merged, conflicts = svc.samenvoegen(again, mijn, hun)
    assert (merged.huisdier, merged.vraag, conflicts) == ("een hond", "Andere vraag", [])


def test_a_sensitive_field_never_enters_the_audit_trail(ctx, monkeypatch):
    veld = gv.Veld("huisdier", "huisdier thuis", gv.TEKST, gevoelig=True, opslag="gesprekken.afspraken")
    monkeypatch.setattr(gv, "TABEL", gv.VELDEN.met(veld, zonder=["afspraken"]))
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    d.huisdier = "kat"
    stored = svc.bewaar_gesprek(ctx, d)
    stored.huisdier = "hond"
    svc.bewaar_gesprek(ctx, stored)
    assert "huisdier" not in svc.exporteer_uitvraag(ctx, stored.gesprek_id)   # no exchange path: not exported
    with ctx.sessions() as s:
        row = s.scalars(select(AuditRegel).where(AuditRegel.veld == "huisdier")).one()
    assert (row.oud, row.nieuw, row.toelichting) == (None, None, "tekst gewijzigd")


def test_birth_date_postcode_and_contact_data_stay_out_of_the_audit_trail(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    d.inwoner.postcode = "7481 AB"
    stored = svc.bewaar_gesprek(ctx, d)
    stored.inwoner.geboortedatum = date(1952, 2, 3)
    stored.inwoner.postcode = "7482 CD"
    stored.inwoner.telefoon = "0612345678"
    stored.inwoner.naam = "Wim Proef-Anders (synthetisch)"
    svc.bewaar_gesprek(ctx, stored)
    with ctx.sessions() as s:
        rows = {r.veld: r for r in s.scalars(select(AuditRegel).where(AuditRegel.actie == "gewijzigd"))}
    for veld in ("inwoner.geboortedatum", "inwoner.postcode", "inwoner.telefoon",
                 "inwoner.naam"):
        assert rows[veld].oud is None and rows[veld].nieuw is None and rows[veld].toelichting == "tekst gewijzigd"
    texts = " ".join(f"{r.oud} {r.nieuw}" for r in rows.values())
    assert "1952" not in texts and "1951" not in texts and "7482" not in texts and "0612345678" not in texts and "Anders" not in texts


def test_a_question_answered_no_survives_export_and_import(ctx):
    """crisis, veiligheid and samenwerking_stagneert answered false are kept, not dropped as 'not asked'."""
    ctx.user = MEDEWERKER
    doc = {"formaat": "toegang-uitvraag/2", "gemeente": "haaksbergen",
           "aanmelding": {"datum": date.today().isoformat(), "kanaal": "balie"},
           "crisis": {"dreigende_ontruiming": False, "afsluiting_energie_water": True},
           "veiligheid": {"acuut_onveilig": False},
           "samenwerking_stagneert": False, "netwerk": {"mantelzorger": False}}
    gid = svc.importeer_uitvraag(ctx, doc)
    loaded = svc.laad_gesprek(ctx, gid)
    assert loaded.crisis == {"dreigende_ontruiming": False, "afsluiting_energie_water": True}
    assert loaded.veiligheid == {"acuut_onveilig": False} and loaded.samenwerking_stagneert is False
    out = svc.exporteer_uitvraag(ctx, gid)
    assert out["crisis"] == {"dreigende_ontruiming": False, "afsluiting_energie_water": True}
    assert out["veiligheid"] == {"acuut_onveilig": False}
    assert out["samenwerking_stagneert"] is False and out["netwerk"] == {"mantelzorger": False}
    # a question not asked stays not asked
    assert "opzegging_zorgverzekering" not in out["crisis"] and "vermoeden_huiselijk_geweld" not in out["veiligheid"]
    assert svc.exporteer_uitvraag(ctx, svc.importeer_uitvraag(ctx, out)) == out


def test_every_field_has_a_dutch_label_a_kind_and_a_known_storage_place():
    tabellen = {"gesprekken", "inwoners", "gesprek_dimensies", "gesprek_signalen"}
    from toegang_app.storage.models import Gesprek, Inwoner

    for v in gv.VELDEN:
        assert v.label and v.label == v.label.strip()
        assert v.opslag and v.opslag.split(".")[0] in tabellen, v.key
        tabel, _, kolom = v.opslag.partition(".")
        if tabel in ("gesprekken", "inwoners"):
            assert kolom in (Gesprek if tabel == "gesprekken" else Inwoner).__table__.c, v.key
        if v.soort is gv.KEUZE:
            assert v.keuzes, v.key
    # free texts are sensitive
    for v in gv.VELDEN:
        if v.soort in (gv.TEKST, gv.LIJST, gv.SIGNALEN):
            assert v.gevoelig, v.key


def test_an_import_with_an_empty_onderbouwing_writes_nothing(ctx):
    ctx.user = MEDEWERKER
    with ctx.sessions() as s:
        before = s.scalar(select(AuditRegel.id).order_by(AuditRegel.id.desc()).limit(1))
    doc = {"formaat": "toegang-uitvraag/2", "gemeente": "haaksbergen",
           "onderbouwing_maatwerk": {"wonen": "Eigen kracht: onvoldoende", "schulden": "   "}}
    with pytest.raises(FormatError) as exc:
        svc.importeer_uitvraag(ctx, doc)
    assert exc.value.field == "onderbouwing_maatwerk.schulden" and "leeg" in exc.value.message
    with ctx.sessions() as s:
        after = s.scalar(select(AuditRegel.id).order_by(AuditRegel.id.desc()).limit(1))
        from toegang_app.storage.models import Gesprek, Inwoner

        assert s.scalars(select(Gesprek)).all() == [] and s.scalars(select(Inwoner)).all() == []
    assert after == before


def test_an_imported_onderbouwing_is_stored_with_the_conversation_and_audited_without_its_text(ctx):
    ctx.user = MEDEWERKER
    tekst = "Eigen kracht: lukt niet meer na de operatie"
    gid = svc.importeer_uitvraag(ctx, {"gemeente": "haaksbergen", "onderbouwing_maatwerk": {"wonen": tekst}})
    assert svc.laad_gesprek(ctx, gid).onderbouwing_maatwerk == {"wonen": tekst}
    with ctx.sessions() as s:
        row = s.scalars(select(AuditRegel).where(AuditRegel.veld == "onderbouwing_maatwerk.wonen")).one()
    assert row.oud is None and row.nieuw is None and "operatie" not in (row.toelichting or "")


# -- the fields of exchange format version 2 ------------------------------------------------------------

V2 = {"formaat": "toegang-uitvraag/2", "gemeente": "twenterand", "kern": "Vroomshoop",
      "verblijfsstatus": "statushouder",
      "kinderen": [{"geboortejaar": 2017}, {"geboortejaar": 2023}],
      "kenmerken": [{"kenmerk": "zwanger", "wie": "inwoner"}, {"kenmerk": "dementie", "wie": "ouder"}],
      "aanmelding": {"datum": "2026-11-02", "kanaal": "balie", "wetten": ["wmo", "wgs"]},
      "aanvragen": [{"wet": "wmo", "datum": "2026-11-16", "onderwerp": "huishoudelijke ondersteuning"}],
      "id": "g-7f3a91c2", "vervolg_op": "g-1b04e6d8"}


def _v2_roundtrip(ctx):
    from tests.factories import MEDEWERKER_TW

    ctx.user = MEDEWERKER_TW
    gid = svc.importeer_uitvraag(ctx, V2)
    d = svc.laad_gesprek(ctx, gid)
    assert d.verblijfsstatus == "statushouder" and d.kinderen == [2017, 2023]
    assert d.kenmerken == [("zwanger", "inwoner"), ("dementie", "ouder")]
    assert d.wetten == ["wmo", "wgs"] and d.uitwisseling_id == "g-7f3a91c2" and d.vervolg_op == "g-1b04e6d8"
    assert d.aanvragen == [("wmo", date(2026, 11, 16), "huishoudelijke ondersteuning")]
    assert svc.exporteer_uitvraag(ctx, gid) == V2
    # the rules see them: children at home, a statushouder, the laws of the melding
    u = d.to_uitvraag()
    assert u.kinderen_thuis() is True and u.verblijfsstatus == "statushouder" and u.aanmelding.wetten == ("wmo", "wgs")
    # "asked, none" stays "asked, none"; "not asked" stays absent
    d.kinderen, d.kenmerken, d.wetten, d.aanvragen, d.verblijfsstatus = [], [], [], None, None
    svc.bewaar_gesprek(ctx, d)
    out = svc.exporteer_uitvraag(ctx, gid)
    assert out["kinderen"] == [] and out["kenmerken"] == [] and out["aanmelding"]["wetten"] == []
    assert "aanvragen" not in out and "verblijfsstatus" not in out
    return gid


def test_version_2_fields_are_stored_and_exchanged_sqlite(ctx):
    _v2_roundtrip(ctx)


def test_version_2_fields_are_stored_and_exchanged_postgres(pg_ctx):
    _v2_roundtrip(pg_ctx)


def test_version_2_changes_are_audited_without_their_values(ctx):
    gid = _v2_roundtrip(ctx)
    with ctx.sessions() as s:
        rows = {r.veld: r for r in s.scalars(select(AuditRegel).where(AuditRegel.object_id == str(gid),
                                                                      AuditRegel.actie == "gewijzigd"))}
    assert {"kinderen", "kenmerken", "verblijfsstatus", "aanvragen", "wetten"} <= set(rows)
    for veld in ("kinderen", "kenmerken", "verblijfsstatus", "aanvragen"):
        assert rows[veld].oud is None and rows[veld].nieuw is None
    assert "dementie" not in " ".join(f"{r.oud} {r.nieuw}" for r in rows.values())


def test_a_new_conversation_gets_an_opaque_exchange_id(ctx):
    ctx.user = MEDEWERKER
    stored = svc.bewaar_gesprek(ctx, _dossier(ctx))
    doc = svc.exporteer_uitvraag(ctx, stored.gesprek_id)
    assert re.fullmatch(r"g-[0-9a-f]{10}", doc["id"])
    again = svc.bewaar_gesprek(ctx, svc.laad_gesprek(ctx, stored.gesprek_id))
    assert again.uitwisseling_id == doc["id"]   # it never changes


@pytest.mark.parametrize("veld,waarde,melding", [
    ("kinderen", [1850], "geboortejaar van een kind"),
    ("kenmerken", [("zwanger", "buurman")], "Kies een kenmerk"),
    ("wetten", ["wmo", "wmo"], "hoogstens één keer"),
    ("aanvragen", [("wmo", date(2099, 1, 1), None)], "toekomst"),
    ("verblijfsstatus", "toerist", "Kies bij 'verblijfsstatus'"),
])
def test_a_bad_version_2_value_is_refused_before_anything_is_written(ctx, veld, waarde, melding):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    setattr(d, veld, waarde)
    with pytest.raises(svc.InvalidInput) as exc:
        svc.bewaar_gesprek(ctx, d)
    assert exc.value.field == veld and melding in exc.value.message
    with ctx.sessions() as s:
        from toegang_app.storage.models import Gesprek

        assert s.scalars(select(Gesprek)).all() == []


@pytest.mark.parametrize("engine_url", ["sqlite", "postgres"])
def test_migration_0008_downgrades_and_upgrades_again(engine_url, tmp_path, request):
    from alembic import command
    from sqlalchemy import inspect, text

    from toegang_app.storage.engine import make_engine
    from toegang_app.storage.migrate import alembic_config, prepare_database

    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if engine_url == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    try:
        prepare_database(engine, tmp_path / "backup")
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        with engine.connect() as conn:
            cols = {c["name"] for c in inspect(conn).get_columns("gesprekken")}
        assert "kinderen" not in cols and "uitwisseling_id" not in cols and "aanmelding_datum" in cols
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            from toegang_app.storage.migrate import SCHEMA_HEAD

            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
        with engine.connect() as conn:
            cols = {c["name"] for c in inspect(conn).get_columns("gesprekken")}
        assert {"verblijfsstatus", "kinderen", "kenmerken", "melding_wetten", "aanvragen", "uitwisseling_id",
                "vervolg_op"} <= cols
    finally:
        engine.dispose()
