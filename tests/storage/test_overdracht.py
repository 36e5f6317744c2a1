"""A move between desks is a handover (issue 19, item 4).

Reproduces the report: a Haaksbergen worker who set a resident's gemeente to Twenterand handed the
resident, the BSN and an AVE 3 conversation to the other desk without any handover (``Gesprek.team``
stayed, search filtered on ``Inwoner.gemeente``). Now an ordinary save cannot change the gemeente (no code
path can: the storage refuses it), and ``services.overdracht.draag_over`` is the deliberate action with a
reason that moves resident, conversations and referrals together, audited without names."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import MEDEWERKER, MEDEWERKER_TW, TEAMLEIDER
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied, UserError
from toegang_app.services import concepten, overdracht, verwijzingen, werkvoorraad
from toegang_app.services import gesprekken as svc
from toegang_app.storage.models import AuditRegel, Gesprek, Inwoner, Overdracht, Verwijzing

NAAM = "Hendrika Handover (synthetisch)"
BSN = "111222333"


def _opgeslagen(ctx, naam: str = NAAM) -> svc.GesprekDossier:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern, d.inwoner.bsn = naam, "Haaksbergen", BSN
    d.inwoner.geboortedatum = date(1958, 6, 1)
    d.vraag = "Hulp in huis"
    stored = svc.bewaar_gesprek(ctx, d)
    with ctx.sessions.begin() as s:   # an AVE 3 case with a procesregisseur of the Haaksbergen desk
        g = s.get(Gesprek, stored.gesprek_id)
        g.ave_fase = 3
    return stored


def _verwijs(ctx, gid: int) -> int:
    ctx.user = MEDEWERKER
    vz = verwijzingen.voorzieningen_voor_gesprek(ctx, gid)[0]
    return verwijzingen.maak_verwijzing(ctx, gid, vz.id, overdracht="warme_overdracht", toestemming=True,
                                        toestemming_delen="naam en telefoon", opvolgdatum=date.today())


def _ziet(ctx, user, gid: int, iid: int) -> dict[str, bool]:
    """What ``user`` can see of the resident through every list and lookup a desk worker has."""
    ctx.user = user
    out = {"zoeken": bool(svc.zoek_inwoners(ctx, "Hendrika")),
           "bsn": bool(svc.zoek_inwoners(ctx, BSN)),
           "recent": gid in [r.gesprek_id for r in svc.recente_gesprekken(ctx)],
           "aantal": svc.aantal_inwoners(ctx) > 0,
           "werkvoorraad": gid in [w.gesprek_id for w in werkvoorraad.werkvoorraad(ctx)]}
    for key, call in (("openen", lambda: svc.laad_gesprek(ctx, gid)),
                      ("gesprekken", lambda: svc.gesprekken_van_inwoner(ctx, iid)),
                      ("nieuw", lambda: svc.nieuw_dossier(ctx, iid)),
                      ("verwijzingen", lambda: verwijzingen.verwijzingen_van(ctx, gid))):
        try:
            call()
            out[key] = True
        except PermissionDenied:
            out[key] = False
    return out


ALLES = {"zoeken": True, "bsn": True, "recent": True, "aantal": True, "werkvoorraad": True, "openen": True,
         "gesprekken": True, "nieuw": True, "verwijzingen": True}
NIETS = {k: False for k in ALLES}


def test_changing_the_gemeente_in_an_ordinary_save_is_refused_and_nothing_moves(ctx):
    stored = _opgeslagen(ctx)
    _verwijs(ctx, stored.gesprek_id)
    d = svc.laad_gesprek(ctx, stored.gesprek_id)
    d.inwoner.gemeente, d.inwoner.kern = "twenterand", "Vriezenveen"
    with pytest.raises(InvalidInput) as err:
        svc.bewaar_gesprek(ctx, d, stored)
    assert err.value.field == "gemeente" and "Overdragen" in err.value.message
    with ctx.sessions() as s:
        i = s.get(Inwoner, stored.inwoner_id)
        assert (i.gemeente, i.kern) == ("haaksbergen", "Haaksbergen")
    assert _ziet(ctx, MEDEWERKER_TW, stored.gesprek_id, stored.inwoner_id) == NIETS
    assert _ziet(ctx, MEDEWERKER, stored.gesprek_id, stored.inwoner_id) == ALLES


def test_an_import_into_a_known_resident_cannot_move_them_either(ctx):
    stored = _opgeslagen(ctx)
    data = svc.exporteer_uitvraag(ctx, stored.gesprek_id)
    data["gemeente"], data["kern"] = "twenterand", "Vroomshoop"
    with pytest.raises(UserError):
        svc.importeer_uitvraag(ctx, data, inwoner_id=stored.inwoner_id)
    assert _ziet(ctx, MEDEWERKER_TW, stored.gesprek_id, stored.inwoner_id) == NIETS


def test_handover_moves_resident_conversations_and_referrals_together(ctx, memory_keyring):
    stored = _opgeslagen(ctx)
    tweede = svc.bewaar_gesprek(ctx, svc.nieuw_dossier(ctx, stored.inwoner_id))
    vid = _verwijs(ctx, stored.gesprek_id)
    ctx.user = MEDEWERKER
    concepten.bewaar_concept(ctx, f"gesprek-{stored.gesprek_id}", svc.laad_gesprek(ctx, stored.gesprek_id))
    assert [c.sleutel for c in concepten.open_concepten(ctx)] == [f"gesprek-{stored.gesprek_id}"]
    assert _ziet(ctx, MEDEWERKER, stored.gesprek_id, stored.inwoner_id) == ALLES

    res = overdracht.draag_over(ctx, stored.inwoner_id, "twenterand", "verhuisd", kern="Vroomshoop",
                                toelichting="Verhuisd per 1 december")
    assert (res.van, res.naar, res.gesprekken, res.verwijzingen) == ("haaksbergen", "twenterand", 2, 1)

    with ctx.sessions() as s:
        i = s.get(Inwoner, stored.inwoner_id)
        assert (i.gemeente, i.kern) == ("twenterand", "Vroomshoop")
        assert {g.team for g in s.scalars(select(Gesprek).where(Gesprek.inwoner_id == i.id))} == {"twenterand"}
        assert s.get(Verwijzing, vid).team == "twenterand"
        [o] = s.scalars(select(Overdracht)).all()
        assert (o.van_team, o.naar_team, o.reden, o.toelichting, o.gesprekken, o.door) == (
            "haaksbergen", "twenterand", "verhuisd", "Verhuisd per 1 december", 2, "mw-hb")
        rows = s.scalars(select(AuditRegel).where(AuditRegel.actie == "overgedragen")).all()
    # audited: who, from, to, why (the reason's label), how much; never a name, BSN or free text
    [hoofd] = [r for r in rows if r.object_type == "inwoner"]
    assert (hoofd.gebruiker, hoofd.object_id, hoofd.veld, hoofd.oud, hoofd.nieuw) == (
        "mw-hb", str(stored.inwoner_id), "gemeente", "haaksbergen", "twenterand")
    assert "Verhuisd naar de andere gemeente" in hoofd.toelichting and "2 gesprekken" in hoofd.toelichting
    assert {(r.object_id, r.veld, r.oud, r.nieuw) for r in rows if r.object_type == "gesprek"} == {
        (str(stored.gesprek_id), "team", "haaksbergen", "twenterand"),
        (str(tweede.gesprek_id), "team", "haaksbergen", "twenterand")}
    text = " ".join(str(v) for r in rows for v in (r.oud, r.nieuw, r.toelichting))
    assert "Hendrika" not in text and BSN not in text and "1 december" not in text

    # the old desk sees nothing any more, by any path; the new desk sees everything
    assert _ziet(ctx, MEDEWERKER, stored.gesprek_id, stored.inwoner_id) == NIETS
    assert _ziet(ctx, MEDEWERKER_TW, stored.gesprek_id, stored.inwoner_id) == ALLES
    # the old desk's draft of the conversation is gone from this workstation
    ctx.user = MEDEWERKER
    assert concepten.open_concepten(ctx) == []


def test_handover_of_an_ave_case_drops_the_old_desks_procesregisseur(ctx):
    from toegang_app.services import gebruikers as gs
    from tests.factories import BEHEERDER

    stored = _opgeslagen(ctx)
    ctx.user = BEHEERDER
    pr = gs.maak_gebruiker(ctx, "pr-hb2", "Regisseur HB (test)", "procesregisseur", "haaksbergen",
                           wachtwoord="lange zin voor de test")
    with ctx.sessions.begin() as s:
        s.get(Gesprek, stored.gesprek_id).procesregisseur_id = pr.id
    ctx.user = MEDEWERKER
    overdracht.draag_over(ctx, stored.inwoner_id, "twenterand", "verhuisd")
    with ctx.sessions() as s:
        g = s.get(Gesprek, stored.gesprek_id)
        assert g.procesregisseur_id is None and g.ave_fase == 3 and g.team == "twenterand"


@pytest.mark.parametrize("kwargs, veld", [
    ({"naar": "haaksbergen", "reden": "verhuisd"}, "naar"),
    ({"naar": "enschede", "reden": "verhuisd"}, "naar"),
    ({"naar": "twenterand", "reden": ""}, "reden"),
    ({"naar": "twenterand", "reden": "zomaar"}, "reden"),
    ({"naar": "twenterand", "reden": "verhuisd", "kern": "Buurse"}, "kern"),
    ({"naar": "twenterand", "reden": "verhuisd", "toelichting": "x" * 201}, "toelichting"),
])
def test_bad_handover_is_refused_in_dutch_and_nothing_moves(ctx, kwargs, veld):
    stored = _opgeslagen(ctx)
    with pytest.raises(InvalidInput) as err:
        overdracht.draag_over(ctx, stored.inwoner_id, **kwargs)
    assert err.value.field == veld and err.value.message
    with ctx.sessions() as s:
        assert s.get(Inwoner, stored.inwoner_id).gemeente == "haaksbergen"
        assert not s.scalars(select(Overdracht)).all()
        assert not s.scalars(select(AuditRegel).where(AuditRegel.actie == "overgedragen")).all()


def test_only_the_residents_own_desk_hands_over(ctx):
    stored = _opgeslagen(ctx)
    for user, error in ((MEDEWERKER_TW, PermissionDenied), (TEAMLEIDER, PermissionDenied), (None, PermissionDenied)):
        ctx.user = user
        with pytest.raises(error):
            overdracht.draag_over(ctx, stored.inwoner_id, "twenterand", "verhuisd")
    ctx.user = MEDEWERKER
    with pytest.raises(UserError):
        overdracht.draag_over(ctx, 99999, "twenterand", "verhuisd")
    with pytest.raises(UserError, match="collega"):
        overdracht.draag_over(ctx, stored.inwoner_id, "twenterand", "verhuisd", inwoner_versie=stored.inwoner_versie - 1)


def test_handover_on_postgresql(pg_ctx):
    stored = _opgeslagen(pg_ctx)
    overdracht.draag_over(pg_ctx, stored.inwoner_id, "twenterand", "vergissing")
    assert _ziet(pg_ctx, MEDEWERKER, stored.gesprek_id, stored.inwoner_id) == NIETS
    assert _ziet(pg_ctx, MEDEWERKER_TW, stored.gesprek_id, stored.inwoner_id)["openen"]
