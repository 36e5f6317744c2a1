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


# -- issue 17: who a voorziening is for ---------------------------------------------------------------

def _old_format(data: dict) -> dict:
    """The dict form as an app before issue 17 stored it: none of the who-is-it-for fields."""
    from toegang_app.domain.kaart import NIEUWE_VELDEN

    return {k: v for k, v in data.items() if k not in NIEUWE_VELDEN}


def test_desk_edit_stored_before_the_review_survives_and_gains_the_reviewed_fields(ctx):
    """Upgrade: the desk's own version (stored without doelgroepen etc.) keeps its edit, and takes the target
    groups, limits and sources of the new shipped entry; nothing the desk wrote is lost."""
    from datetime import datetime

    from toegang_app.storage.models import KaartWijziging

    ctx.user = BEHEERDER
    shipped = {v.id: v for v in kaart_service.shipped(ctx)}["tw-volwassenenfonds"]
    old = _old_format(kaart_service._io().voorziening_to_dict(shipped))
    old["voorwaarden"] = "Aanvragen via de balie; eigen notitie van de beheerder"
    old["contact"] = dict(old["contact"], telefoon="0546-840840")  # the old shipped kaart had the general number
    with ctx.sessions.begin() as s:
        s.add(KaartWijziging(voorziening_id=shipped.id, gegevens=old, gewijzigd_door="beheer", gewijzigd_op=datetime.now()))
    now = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[shipped.id]
    assert now.voorwaarden == "Aanvragen via de balie; eigen notitie van de beheerder"
    assert now.doelgroepen == ("minima",) and now.inkomen_max_pct == 120 and now.leeftijd_min == 18
    assert now.criteria_bron == shipped.criteria_bron
    assert kaart_service.herkomst(ctx)[shipped.id] == "aangepast"
    # the work list points at the general number the desk's copy still carries
    punt = next(p for p in kaart_service.kaart_compleet_maken([now], date(2026, 12, 2)))
    assert "telefoon is het algemene nummer van de gemeente, geen eigen nummer" in punt.redenen
    # a field the desk's version does have stays the desk's, even when empty
    newer = kaart_service._io().voorziening_to_dict(now)
    newer["doelgroepen"] = []
    kaart_service.bewaar(ctx, newer)
    assert {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[shipped.id].doelgroepen == ()


def test_a_limit_without_source_is_refused_when_saving(ctx):
    ctx.user = BEHEERDER
    v = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}["hb-voedselbank"]
    data = kaart_service._io().voorziening_to_dict(v)
    data["inkomen_max_pct"] = 130
    with pytest.raises(kaart_service.KaartInvoerFout) as err:
        kaart_service.bewaar(ctx, data)
    assert any("criteria_bron.inkomen" in m and "zonder bron" in m for m in err.value.messages)
    data["criteria_bron"] = dict(data["criteria_bron"], inkomen=["Toelatingscriteria Voedselbank, gebeld 1-12-2026"])
    assert kaart_service.bewaar(ctx, data).inkomen_max_pct == 130


def test_no_two_entries_with_one_name_in_a_gemeente(ctx):
    ctx.user = BEHEERDER
    v = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}["hb-voedselbank"]
    new = kaart_service._io().voorziening_to_dict(v)
    new.update(id="hb-voedselbank-2", naam="voedselbank ")
    with pytest.raises(kaart_service.KaartInvoerFout) as err:
        kaart_service.bewaar(ctx, new, nieuw=True)
    assert "dezelfde naam als voorziening 'hb-voedselbank'" in err.value.messages[0]
    new.update(id="tw-voedselbank", naam="Voedselbank", gemeenten=["twenterand"])  # another gemeente: fine
    assert kaart_service.bewaar(ctx, new, nieuw=True).id == "tw-voedselbank"


def test_work_list_kaart_compleet_maken(ctx):
    ctx.user = BEHEERDER
    alle = kaart_service.effectieve_kaart(ctx)
    punten = {p.voorziening.id: p for p in kaart_service.kaart_compleet_maken(alle, date(2026, 12, 2))}
    assert "hb-voedselbank" in punten and punten["hb-voedselbank"].redenen == ("geen contactgegevens",)
    assert "tw-volwassenenfonds" not in punten  # has a website, a doelgroep and was verified today
    assert "hb-eigen-kracht" not in punten  # rung 0: no contact by nature
    assert "tw-meedoenregeling" not in punten  # ended: nothing to complete
    # a year later every active entry is due
    later = kaart_service.kaart_compleet_maken(alle, date(2028, 1, 1))
    assert {p.voorziening.id for p in later} == {v.id for v in alle if v.actief}
    assert all(any(r.startswith("niet geverifieerd sinds") for r in p.redenen) for p in later)
    # an entry of the desk's own without doelgroep is listed first (most gaps)
    new = kaart_service._io().voorziening_to_dict({v.id: v for v in alle}["hb-voedselbank"])
    new.update(id="hb-eigen-spreekuur", naam="Eigen spreekuur", doelgroepen=[], criteria_bron={},
               laatst_geverifieerd=None)
    kaart_service.bewaar(ctx, new, nieuw=True)
    eerst = kaart_service.kaart_compleet_maken(kaart_service.effectieve_kaart(ctx), date(2026, 12, 2))[0]
    assert eerst.voorziening.id == "hb-eigen-spreekuur"
    assert eerst.redenen == ("geen doelgroep", "geen contactgegevens", "nooit geverifieerd")


def test_ended_regeling_cannot_simply_be_restored(ctx):
    ctx.user = BEHEERDER
    with pytest.raises(kaart_service.KaartInvoerFout, match="beëindigd op 01-01-2025"):
        kaart_service.herstel(ctx, "tw-meedoenregeling")


def test_general_number_belongs_to_the_gemeente():
    algemeen = kaart_service.gemeente_algemeen("twenterand")
    assert algemeen.telefoon == "0546-840840" and algemeen.bron == "seeds/001:957"
    assert algemeen.label == "algemeen nummer gemeente Twenterand"
    assert kaart_service.gemeente_algemeen("haaksbergen") is None
