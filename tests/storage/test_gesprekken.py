"""Conversations: store and load, search, duplicates, validation, concurrent edits, exchange format, drafts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.factories import MEDEWERKER, MEDEWERKER_TW, TEAMLEIDER
from toegang_app.domain.uitvraag import FormatError
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied
from toegang_app.services import concepten, gesprekken as svc
from toegang_app.storage.models import AuditRegel


def _dossier(ctx, naam="Anna de Boer (synthetisch)", geboren=date(1950, 3, 4), **kw):
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = naam
    d.inwoner.geboortedatum = geboren
    d.inwoner.kern = "Buurse"
    d.vraag = "Ik kom de deur bijna niet meer uit."
    d.dimensies["meedoen"].score = 2
    d.dimensies["meedoen"].bespreken = True
    d.dimensies["meedoen"].notitie = "Partner overleden in mei."
    d.signalen = [svc.SignaalInvoer("eenzaamheid", 2, "weinig contact")]
    for k, v in kw.items():
        setattr(d, k, v)
    return d


def test_store_and_load_every_field(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx, kanaal="balie", melder="inwoner", huishouden="alleenstaand", inkomen_pct=115,
                 wat_belangrijk="Mijn kleinkinderen zien", mantelzorger=True, mantelzorger_overbelast=True,
                 steun_van=["dochter", "buurvrouw"], afspraken="Bellen met de ouderenadviseur")
    d.crisis["dreigende_ontruiming"] = True
    stored = svc.bewaar_gesprek(ctx, d)
    assert stored.gesprek_id and stored.inwoner_id and stored.versie == 1
    loaded = svc.laad_gesprek(ctx, stored.gesprek_id)
    assert loaded.inwoner.naam == "Anna de Boer (synthetisch)" and loaded.inwoner.geboortejaar == 1950
    assert loaded.dimensies["meedoen"].score == 2 and loaded.dimensies["meedoen"].bespreken
    assert loaded.dimensies["meedoen"].notitie == "Partner overleden in mei."
    assert loaded.signalen == [svc.SignaalInvoer("eenzaamheid", 2, "weinig contact")]
    assert loaded.crisis["dreigende_ontruiming"] and loaded.steun_van == ["dochter", "buurvrouw"]
    assert loaded.inkomen_pct == 115 and loaded.afspraken == "Bellen met de ouderenadviseur"
    with ctx.sessions() as s:
        acties = [(r.actie, r.object_type) for r in s.query(AuditRegel).order_by(AuditRegel.id)]
    assert ("aangemaakt", "inwoner") in acties and ("aangemaakt", "gesprek") in acties
    assert ("bekeken", "gesprek") in acties


def test_changes_are_audited_without_copying_free_text(ctx):
    ctx.user = MEDEWERKER
    stored = svc.bewaar_gesprek(ctx, _dossier(ctx))
    stored.dimensies["meedoen"].score = 4
    stored.dimensies["meedoen"].notitie = "Gaat iets beter."
    again = svc.bewaar_gesprek(ctx, stored)
    assert again.versie == 2
    with ctx.sessions() as s:
        rows = {r.veld: r for r in s.query(AuditRegel).filter(AuditRegel.actie == "gewijzigd")}
    assert rows["dimensies.meedoen.score"].oud == "2" and rows["dimensies.meedoen.score"].nieuw == "4"
    note = rows["dimensies.meedoen.notitie"]
    assert note.oud is None and note.nieuw is None and note.toelichting == "tekst gewijzigd"


@pytest.mark.parametrize("veld,waarde,woord", [
    ("bsn", "123456789", "elfproef"),
    ("bsn", "12345", "9 cijfers"),
    ("naam", "  ", "naam"),
    ("postcode", "74812", "postcode"),
    ("kern", "Vriezenveen", "geen kern van Haaksbergen"),
])
def test_bad_resident_data_is_refused_in_dutch(ctx, veld, waarde, woord):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    setattr(d.inwoner, veld, waarde)
    with pytest.raises(InvalidInput) as exc:
        svc.bewaar_gesprek(ctx, d)
    assert exc.value.field == veld and woord in exc.value.message
    assert svc.recente_gesprekken(ctx) == []  # nothing stored


@pytest.mark.parametrize("tekst,woord", [("30-02-1950", "geen dag 30"), ("12-13-1950", "maand 13"),
                                         ("01-01-2999", "toekomst"), ("gisteren", "geen datum")])
def test_impossible_birth_dates(tekst, woord):
    with pytest.raises(InvalidInput) as exc:
        svc.parse_geboorte(tekst)
    assert woord in exc.value.message


def test_valid_bsn_is_normalised(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    d.inwoner.bsn = "1112.22.333"  # passes the elfproef
    stored = svc.bewaar_gesprek(ctx, d)
    assert stored.inwoner.bsn == "111222333"


def test_search_by_name_date_bsn_postcode_and_kern(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    d.inwoner.bsn, d.inwoner.postcode = "111222333", "7481ab"
    svc.bewaar_gesprek(ctx, d)
    svc.bewaar_gesprek(ctx, _dossier(ctx, naam="Bert Jansen (synthetisch)", geboren=date(1961, 1, 2)))
    names = lambda q: [r.naam for r in svc.zoek_inwoners(ctx, q)]  # noqa: E731
    assert names("boer") == ["Anna de Boer (synthetisch)"]
    assert names("anna boer") == ["Anna de Boer (synthetisch)"]
    assert names("04-03-1950") == ["Anna de Boer (synthetisch)"]
    assert names("111 222 333") == [] or names("111222333") == ["Anna de Boer (synthetisch)"]
    assert names("111222333") == ["Anna de Boer (synthetisch)"]
    assert names("7481 AB") == ["Anna de Boer (synthetisch)"]
    assert names("7481") == ["Anna de Boer (synthetisch)"]
    assert set(names("Buurse")) == {"Anna de Boer (synthetisch)", "Bert Jansen (synthetisch)"}
    assert names("1961") == ["Bert Jansen (synthetisch)"]
    assert names("30-02-1950") == []
    row = svc.zoek_inwoners(ctx, "boer")[0]
    assert row.bsn_kort == "…333"


def test_search_only_shows_own_desk(ctx):
    ctx.user = MEDEWERKER
    svc.bewaar_gesprek(ctx, _dossier(ctx))
    ctx.user = MEDEWERKER_TW
    assert svc.zoek_inwoners(ctx, "boer") == []
    ctx.user = TEAMLEIDER
    with pytest.raises(PermissionDenied):
        svc.zoek_inwoners(ctx, "boer")


def test_likely_duplicates(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    d.inwoner.bsn = "111222333"
    stored = svc.bewaar_gesprek(ctx, d)
    same_bsn = svc.InwonerGegevens(naam="Iemand Anders", bsn="111222333")
    assert [r.reden for r in svc.mogelijke_dubbelen(ctx, same_bsn)] == ["zelfde BSN"]
    similar = svc.InwonerGegevens(naam="Anna de Boer", geboortedatum=date(1950, 3, 4))
    dup = svc.mogelijke_dubbelen(ctx, similar)
    assert [r.id for r in dup] == [stored.inwoner_id]
    initial = svc.InwonerGegevens(naam="A. de Boer", geboortedatum=date(1950, 3, 4))
    assert svc.mogelijke_dubbelen(ctx, initial)
    other = svc.InwonerGegevens(naam="Karel Smit", geboortedatum=date(1950, 3, 4))
    assert svc.mogelijke_dubbelen(ctx, other) == []
    assert svc.mogelijke_dubbelen(ctx, similar, behalve=stored.inwoner_id) == []


def test_new_conversation_for_known_resident_keeps_household(ctx):
    ctx.user = MEDEWERKER
    stored = svc.bewaar_gesprek(ctx, _dossier(ctx, huishouden="alleenstaand"))
    d = svc.nieuw_dossier(ctx, stored.inwoner_id)
    assert d.inwoner.naam == stored.inwoner.naam and d.huishouden == "alleenstaand" and d.gesprek_id is None
    second = svc.bewaar_gesprek(ctx, d)
    assert second.inwoner_id == stored.inwoner_id
    assert [r.gesprek_id for r in svc.gesprekken_van_inwoner(ctx, stored.inwoner_id)] == [second.gesprek_id,
                                                                                         stored.gesprek_id]


def _two_workers_edit(ctx):
    ctx.user = MEDEWERKER
    stored = svc.bewaar_gesprek(ctx, _dossier(ctx))
    mine = svc.laad_gesprek(ctx, stored.gesprek_id)
    basis = svc.laad_gesprek(ctx, stored.gesprek_id)
    theirs = svc.laad_gesprek(ctx, stored.gesprek_id)
    theirs.dimensies["zingeving"].score = 7
    theirs.wat_belangrijk = "Weer gaan zingen"
    svc.bewaar_gesprek(ctx, theirs)
    mine.dimensies["meedoen"].score = 5
    with pytest.raises(svc.GesprekGewijzigd) as exc:
        svc.bewaar_gesprek(ctx, mine, basis)
    assert "Zingeving: score" in exc.value.velden and "wat is belangrijk" in exc.value.velden
    assert "mw-hb" in exc.value.message
    merged, conflicts = svc.samenvoegen(basis, mine, exc.value.hun)
    assert conflicts == []
    final = svc.bewaar_gesprek(ctx, merged, exc.value.hun)
    assert final.dimensies["meedoen"].score == 5 and final.dimensies["zingeving"].score == 7
    assert final.wat_belangrijk == "Weer gaan zingen" and final.versie == 3


def test_concurrent_edit_is_never_silently_overwritten_sqlite(ctx):
    _two_workers_edit(ctx)


def test_concurrent_edit_is_never_silently_overwritten_postgresql(pg_ctx):
    _two_workers_edit(pg_ctx)


def test_merge_reports_conflicts(ctx):
    ctx.user = MEDEWERKER
    basis = svc.bewaar_gesprek(ctx, _dossier(ctx))
    mine = svc.GesprekDossier.from_json(basis.to_json())
    theirs = svc.GesprekDossier.from_json(basis.to_json())
    mine.vraag, theirs.vraag = "mijn versie", "hun versie"
    merged, conflicts = svc.samenvoegen(basis, mine, theirs)
    assert conflicts == ["vraag"] and merged.vraag == "mijn versie"


def test_exchange_format_round_trip(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx, kanaal="telefoon", huishouden="alleenstaand", inkomen_pct=110, betrokken_partijen=2)
    d.veiligheid["vermoeden_huiselijk_geweld"] = True
    stored = svc.bewaar_gesprek(ctx, d)
    doc = svc.exporteer_uitvraag(ctx, stored.gesprek_id)
    assert doc["formaat"] == "toegang-uitvraag/2" and doc["gemeente"] == "haaksbergen"
    text = json.dumps(doc)
    assert "Boer" not in text and "Partner overleden" not in text  # no name, no notes
    new_id = svc.importeer_uitvraag(ctx, json.loads(text))
    assert svc.exporteer_uitvraag(ctx, new_id) == doc
    imported = svc.laad_gesprek(ctx, new_id)
    assert imported.inwoner.naam == svc.ONBEKENDE_NAAM and imported.inwoner.geboortejaar == 1950


def test_bad_exchange_document_names_the_field_and_stores_nothing(ctx):
    ctx.user = MEDEWERKER
    with pytest.raises(FormatError) as exc:
        svc.importeer_uitvraag(ctx, {"gemeente": "haaksbergen", "dimensies": {"meedoen": {"score": 11}}})
    assert "dimensies.meedoen.score" in exc.value.message
    assert svc.recente_gesprekken(ctx) == []


def test_drafts_survive_and_belong_to_worker_and_database(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx)
    key = concepten.nieuwe_sleutel(d)
    concepten.bewaar_concept(ctx, key, d)
    [c] = concepten.open_concepten(ctx)
    assert c.dossier == d and c.sleutel == key
    ctx.user = MEDEWERKER_TW
    assert concepten.open_concepten(ctx) == []
    ctx.user = MEDEWERKER
    (ctx.config.drafts_dir / "kapot.json").write_text("{niet json", encoding="utf-8")
    assert len(concepten.open_concepten(ctx)) == 1
    assert (ctx.config.drafts_dir / "kapot.onleesbaar").exists()
    concepten.verwijder_concept(ctx, key)
    assert concepten.open_concepten(ctx) == []


def test_draft_on_a_full_disk_gives_a_dutch_message(ctx, monkeypatch):
    from toegang_app.errors import UserError

    ctx.user = MEDEWERKER
    d = _dossier(ctx)

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    from toegang_app import private_files

    monkeypatch.setattr(private_files.os, "fsync", full)
    with pytest.raises(UserError) as exc:
        concepten.bewaar_concept(ctx, "x", d)
    assert "schijf vol" in exc.value.message
    assert not list(ctx.config.drafts_dir.glob("*.tmp"))


def test_future_registration_date_refused(ctx):
    ctx.user = MEDEWERKER
    d = _dossier(ctx, aanmelding_datum=date.today() + timedelta(days=3))
    with pytest.raises(InvalidInput) as exc:
        svc.bewaar_gesprek(ctx, d)
    assert "toekomst" in exc.value.message


def test_closing_a_conversation_starts_its_retention_clock(ctx):
    from toegang_app.storage.models import Gesprek

    ctx.user = MEDEWERKER
    stored = svc.bewaar_gesprek(ctx, _dossier(ctx))
    with ctx.sessions() as s:
        assert s.get(Gesprek, stored.gesprek_id).afgesloten_op is None
    stored.status = "afgerond"
    svc.bewaar_gesprek(ctx, stored)
    with ctx.sessions() as s:
        g = s.get(Gesprek, stored.gesprek_id)
        assert g.afgesloten_op == date.today()
    stored = svc.laad_gesprek(ctx, stored.gesprek_id)
    stored.status = "open"  # reopened: the clock stops again
    svc.bewaar_gesprek(ctx, stored)
    with ctx.sessions() as s:
        assert s.get(Gesprek, stored.gesprek_id).afgesloten_op is None
