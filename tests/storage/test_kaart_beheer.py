"""The desk's own kaart: beheer edits persist in the database, survive a newer shipped kaart, retired
entries stay readable, and only a beheerder may change it."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
import yaml

from toegang_app.errors import PermissionDenied
from toegang_app.paths import resources_dir
from toegang_app.services import kaart as kaart_service
from toegang_app.services.auth import CurrentUser
from toegang_app.services.context import open_context
from toegang_app.services.resources import load_resources
from toegang_app.storage.models import AuditRegel

BEHEERDER = CurrentUser(id=None, gebruikersnaam="beheer", naam="Beheerder", rol="beheerder", team=None)
MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")


def _first(ctx, gemeente="haaksbergen"):
    return next(v for v in kaart_service.effectieve_kaart(ctx) if gemeente in v.gemeenten and not v.regionaal)


def test_edit_persists_and_is_audited(ctx):
    ctx.user = BEHEERDER
    v = _first(ctx)
    data = kaart_service._io().voorziening_to_dict(v)
    data["voorwaarden"] = "Alleen op afspraak (geverifieerd bij de aanbieder)"
    kaart_service.bewaar(ctx, data)
    again = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[v.id]
    assert again.voorwaarden == "Alleen op afspraak (geverifieerd bij de aanbieder)"
    assert kaart_service.herkomst(ctx)[v.id] == "aangepast"
    with ctx.sessions() as s:
        rows = s.query(AuditRegel).filter_by(object_type="voorziening", object_id=v.id, veld="voorwaarden").all()
    assert len(rows) == 1 and rows[0].gebruiker == "beheer" and rows[0].nieuw.startswith("Alleen op afspraak")


def test_invalid_edit_refused_with_field_named(ctx):
    ctx.user = BEHEERDER
    v = _first(ctx)
    data = kaart_service._io().voorziening_to_dict(v)
    data["trede"] = 9
    data["leeftijd_min"] = "veertig"
    with pytest.raises(kaart_service.KaartInvoerFout) as err:
        kaart_service.bewaar(ctx, data)
    text = "\n".join(err.value.messages)
    assert "trede" in text and "leeftijd_min" in text
    assert kaart_service.herkomst(ctx)[v.id] == "meegeleverd"  # nothing stored


def test_medewerker_may_read_not_edit(ctx):
    ctx.user = MEDEWERKER
    v = _first(ctx)
    assert kaart_service.effectieve_kaart(ctx)
    with pytest.raises(PermissionDenied):
        kaart_service.markeer_geverifieerd(ctx, v.id)
    ctx.user = CurrentUser(id=None, gebruikersnaam="x", naam="x", rol="teamleider", team=None)
    with pytest.raises(PermissionDenied):
        kaart_service.trek_in(ctx, v.id)


def test_retire_add_verify_and_due_list(ctx):
    ctx.user = BEHEERDER
    v = _first(ctx)
    kaart_service.trek_in(ctx, v.id)
    assert v.id not in {x.id for x in kaart_service.actieve_kaart(ctx)}
    assert not {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[v.id].actief  # still readable
    kaart_service.herstel(ctx, v.id)
    assert v.id in {x.id for x in kaart_service.actieve_kaart(ctx)}

    new = kaart_service._io().voorziening_to_dict(v)
    new.update(id="hb-eigen-inloopspreekuur", naam="Inloopspreekuur bibliotheek", bron=[],
               laatst_geverifieerd="2024-01-15")
    kaart_service.bewaar(ctx, new, nieuw=True)
    assert kaart_service.herkomst(ctx)["hb-eigen-inloopspreekuur"] == "eigen"
    with pytest.raises(kaart_service.KaartInvoerFout, match="bestaat al"):
        kaart_service.bewaar(ctx, new, nieuw=True)
    due = kaart_service.niet_geverifieerd(kaart_service.effectieve_kaart(ctx), date(2026, 11, 22))
    assert "hb-eigen-inloopspreekuur" in {x.id for x in due}
    kaart_service.markeer_geverifieerd(ctx, "hb-eigen-inloopspreekuur", date(2026, 11, 20))
    due = kaart_service.niet_geverifieerd(kaart_service.effectieve_kaart(ctx), date(2026, 11, 22))
    assert "hb-eigen-inloopspreekuur" not in {x.id for x in due}


def test_desk_edits_survive_a_newer_shipped_kaart(config, tmp_path):
    """An upgrade ships a changed kaart: entries the desk edited keep the desk's version, the others
    take the new shipped text."""
    res_copy = tmp_path / "resources"
    shutil.copytree(resources_dir(), res_copy)
    ctx = open_context(config)
    ctx.user = BEHEERDER
    ctx.resources = load_resources(config, root=res_copy)
    entries = [x for x in kaart_service.effectieve_kaart(ctx) if "haaksbergen" in x.gemeenten and not x.regionaal]
    edited, untouched = entries[0], entries[1]
    data = kaart_service._io().voorziening_to_dict(edited)
    data["omschrijving"] = "Eigen tekst van de balie"
    kaart_service.bewaar(ctx, data)

    # the "upgrade": a newer shipped kaart changes both entries
    path = res_copy / "kaart" / "haaksbergen.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in doc["voorzieningen"]:
        if item["id"] in (edited.id, untouched.id):
            item["omschrijving"] = "Nieuwe meegeleverde tekst"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ctx.resources = load_resources(config, root=res_copy)
    now = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}
    assert now[edited.id].omschrijving == "Eigen tekst van de balie"
    assert now[untouched.id].omschrijving == "Nieuwe meegeleverde tekst"
    ctx.close()


def test_broken_shipped_kaart_falls_back_to_last_good(config, tmp_path):
    res_copy = tmp_path / "resources"
    shutil.copytree(resources_dir(), res_copy)
    good = load_resources(config, root=res_copy)
    assert good.kaart is not None and not good.notices
    path = res_copy / "kaart" / "twenterand.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("trede: 2", "trede: twee", 1), encoding="utf-8")
    broken = load_resources(config, root=res_copy)
    assert broken.kaart is not None and len(broken.kaart) == len(good.kaart)
    notice = "\n".join(broken.notices)
    assert "twenterand.yaml" in notice and "trede" in notice and "laatste goede versie" in notice


def test_triage_command_uses_the_desks_own_kaart(ctx, tmp_path, capsys):
    """A voorziening the beheerder retired is not suggested by `toegang-admin triage` either."""
    import json

    from toegang_app import cli

    case = {"formaat": "toegang-uitvraag/1", "gemeente": "haaksbergen", "kern": "Buurse", "geboortejaar": 1944,
            "dimensies": {"meedoen": {"score": 2, "bespreken": True}},
            "signalen": [{"leefgebied": "eenzaamheid", "ernst": 2}]}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert cli.main(["triage", str(path)]) == 0
    before = json.loads(capsys.readouterr().out)
    first = before["suggesties"][0]["id"]
    ctx.user = BEHEERDER
    kaart_service.trek_in(ctx, first)
    assert cli.main(["triage", str(path)]) == 0
    after = json.loads(capsys.readouterr().out)
    assert first not in [s["id"] for s in after["suggesties"]]
