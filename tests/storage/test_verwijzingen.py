"""Referrals: life cycle with history, consent enforced, werkvoorraad on a given date, terms stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import MEDEWERKER, MEDEWERKER_TW, TEAMLEIDER
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied
from toegang_app.services import gesprekken as svc
from toegang_app.services import termijnen as tsvc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.services import werkvoorraad as wsvc
from toegang_app.storage.models import AuditRegel


def _gesprek(ctx, aanmelding=None, **signalen):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Fenna Volg (synthetisch)"
    d.inwoner.geboortedatum = date(1958, 4, 1)
    if aanmelding:
        d.aanmelding_datum = aanmelding
    d.signalen = [svc.SignaalInvoer(k, v, "") for k, v in signalen.items()]
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def _hb_voorziening(ctx, trede=2, wet=None):
    from toegang_app.services.kaart import effectieve_kaart

    return next(v for v in effectieve_kaart(ctx) if v.actief and "haaksbergen" in v.gemeenten and v.trede == trede
                and (wet is None or v.wet == wet))


def test_life_cycle_with_history(ctx):
    gid = _gesprek(ctx)
    v = _hb_voorziening(ctx)
    rid = vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="warme_overdracht", toestemming=True,
                               toestemming_delen="naam, telefoon en vraag met de aanbieder",
                               opvolgdatum=date.today() + timedelta(days=14))
    vsvc.wijzig_status(ctx, rid, "aangemeld", opvolgdatum=date.today() + timedelta(days=7))
    vsvc.wijzig_status(ctx, rid, "gestart", notitie="eerste afspraak was goed")
    info = vsvc.wijzig_status(ctx, rid, "afgerond")
    assert [h.status for h in info.geschiedenis] == ["verwezen", "aangemeld", "gestart", "afgerond"]
    assert all(h.medewerker == "mw-hb" for h in info.geschiedenis)
    assert info.opvolgdatum is None and info.toestemming_datum == date.today()
    with ctx.sessions() as s:
        rows = s.query(AuditRegel).filter(AuditRegel.object_type == "verwijzing", AuditRegel.veld == "status").all()
    assert [(r.oud, r.nieuw) for r in rows] == [("verwezen", "aangemeld"), ("aangemeld", "gestart"),
                                                ("gestart", "afgerond")]


def test_ending_without_help_needs_a_reason(ctx):
    gid = _gesprek(ctx)
    rid = vsvc.maak_verwijzing(ctx, gid, _hb_voorziening(ctx).id, overdracht="zelf_melden", toestemming=False)
    with pytest.raises(InvalidInput) as exc:
        vsvc.wijzig_status(ctx, rid, "niet_gestart")
    assert exc.value.field == "reden"
    info = vsvc.wijzig_status(ctx, rid, "niet_gestart", reden="wachtlijst")
    assert info.status_label == "Niet gestart: wachtlijst of geen capaciteit"
    with pytest.raises(InvalidInput):
        vsvc.wijzig_status(ctx, rid, "afgerond")  # cannot finish what never started


def test_consent_is_recorded_and_enforced(ctx):
    gid = _gesprek(ctx)
    v = _hb_voorziening(ctx)
    with pytest.raises(InvalidInput) as exc:
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="warme_overdracht", toestemming=False)
    assert exc.value.field == "toestemming" and "toestemming" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="aanmelding_toegang", toestemming=True, toestemming_delen=" ")
    assert exc.value.field == "toestemming_delen"
    rid = vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False,
                               toestemming_delen="dit mag niet mee")
    [info] = vsvc.verwijzingen_van(ctx, gid)
    assert info.id == rid and info.toestemming is False and info.toestemming_delen is None
    assert info.toestemming_datum is None


def test_roles_and_desks(ctx):
    gid = _gesprek(ctx)
    v = _hb_voorziening(ctx)
    ctx.user = TEAMLEIDER
    with pytest.raises(PermissionDenied):
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False)
    ctx.user = MEDEWERKER_TW
    with pytest.raises(PermissionDenied):
        vsvc.verwijzingen_van(ctx, gid)


def test_other_gemeente_is_refused(ctx):
    from toegang_app.services.kaart import effectieve_kaart

    gid = _gesprek(ctx)
    tw = next(v for v in effectieve_kaart(ctx) if v.gemeenten == ("twenterand",) or v.gemeenten == ["twenterand"])
    with pytest.raises(InvalidInput) as exc:
        vsvc.maak_verwijzing(ctx, gid, tw.id, overdracht="folder", toestemming=False)
    assert "niet voor inwoners van deze gemeente" in exc.value.message


def test_werkvoorraad_on_a_given_date(ctx):
    vandaag = date(2026, 11, 23)
    gid = _gesprek(ctx, aanmelding=date(2026, 10, 1), schulden=2)
    v = _hb_voorziening(ctx)
    due = vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False,
                               opvolgdatum=date(2026, 11, 23), vandaag=date(2026, 11, 9))
    later = vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False,
                                 opvolgdatum=date(2026, 12, 20), vandaag=date(2026, 10, 20))
    done = vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False, vandaag=date(2026, 10, 1))
    vsvc.wijzig_status(ctx, done, "gestart", vandaag=date(2026, 10, 2))
    items = wsvc.werkvoorraad(ctx, peildatum=vandaag)
    kinds = {(i.soort, i.verwijzing_id) for i in items if i.verwijzing_id}
    assert ("opvolging", due) in kinds
    assert ("zonder_nieuws", later) in kinds          # verwezen since 20-10, 34 days without news
    assert not any(i.verwijzing_id == done for i in items)
    assert items[0].te_laat  # overdue first
    assert [i for i in wsvc.werkvoorraad(ctx, peildatum=vandaag, soorten={"opvolging"})][0].verwijzing_id == due
    ctx.user = MEDEWERKER_TW
    assert wsvc.werkvoorraad(ctx, peildatum=vandaag) == []


def test_terms_follow_the_conversation_and_its_referrals(ctx):
    gid = _gesprek(ctx, aanmelding=date(2025, 12, 18), schulden=2)
    terms = {t.code: t for t in tsvc.termijnen_voor_gesprek(ctx, gid, peildatum=date(2025, 12, 18))}
    wgs = [t for t in terms.values() if t.wet == "Wgs"]
    assert wgs and all(t.grondslag for t in wgs)
    assert all(t.startdatum == date(2025, 12, 18) for t in wgs)
    overdue = tsvc.termijnen_voor_gesprek(ctx, gid, peildatum=date(2026, 6, 1))
    assert any(t.te_laat for t in overdue)
    # a Wmo maatwerk referral is the aanvraag: the beschikking term starts on its date
    v = _hb_voorziening(ctx, trede=4, wet="Wmo")
    from toegang_app.services import suggesties

    suggesties.leg_onderbouwing_tekst_vast(ctx, gid, v.leefgebieden[0], "onderbouwing (synthetisch)")
    vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="aanmelding_toegang", toestemming=True,
                         toestemming_delen="alles wat nodig is voor de aanvraag", vandaag=date(2025, 12, 22))
    wmo = [t for t in tsvc.termijnen_voor_gesprek(ctx, gid, peildatum=date(2025, 12, 22))
           if t.wet == "Wmo" and t.startdatum == date(2025, 12, 22)]
    assert wmo, "the aanvraag starts a Wmo term"
