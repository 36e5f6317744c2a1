"""Searches and lists that show a resident's name, birth date or postcode are audited (issue 19, item 12):
one 'getoond' row per resident shown, naming the list, never the search text; at most one per worker and
resident per 10 minutes, because the search runs while typing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import MEDEWERKER, MEDEWERKER_TW, REGISSEUR
from toegang_app.services import werkvoorraad
from toegang_app.services import gesprekken as svc
from toegang_app.storage.models import AuditRegel


def _getoond(ctx) -> list[tuple[str, str, str]]:
    with ctx.sessions() as s:
        return [(r.gebruiker, r.object_id, r.toelichting) for r in s.scalars(
            select(AuditRegel).where(AuditRegel.actie == "getoond").order_by(AuditRegel.id))]


def _twee(ctx) -> tuple[svc.GesprekDossier, svc.GesprekDossier]:
    ctx.user = MEDEWERKER
    out = []
    for naam, geb in (("Lotte Lijst (synthetisch)", date(1970, 1, 2)), ("Lars Lijst (synthetisch)", date(1971, 3, 4))):
        d = svc.nieuw_dossier(ctx)
        d.inwoner.naam, d.inwoner.kern, d.inwoner.geboortedatum = naam, "Haaksbergen", geb
        d.inwoner.postcode = "7481 AB"
        out.append(svc.bewaar_gesprek(ctx, d))
    return out[0], out[1]


def test_search_results_are_audited_per_resident_without_the_search_text(ctx):
    a, b = _twee(ctx)
    assert _getoond(ctx) == []
    assert len(svc.zoek_inwoners(ctx, "Lijst")) == 2
    rows = _getoond(ctx)
    assert sorted(r[1] for r in rows) == sorted([str(a.inwoner_id), str(b.inwoner_id)])
    assert {r[0] for r in rows} == {"mw-hb"} and {r[2] for r in rows} == {"zoekresultaat"}
    with ctx.sessions() as s:
        everything = " ".join(str(v) for r in s.scalars(select(AuditRegel)) for v in (r.oud, r.nieuw, r.toelichting))
    assert "Lijst" not in everything and "7481" not in everything
    # typing on: the same residents again within 10 minutes add nothing
    svc.zoek_inwoners(ctx, "Lijs")
    svc.zoek_inwoners(ctx, "Lotte")
    assert len(_getoond(ctx)) == 2
    # another worker's view is their own row
    ctx.user = REGISSEUR
    svc.zoek_inwoners(ctx, "Lotte")
    assert [r[0] for r in _getoond(ctx)][-1] == "pr-hb"
    # nothing shown, nothing recorded
    ctx.user = MEDEWERKER_TW
    assert svc.zoek_inwoners(ctx, "Lijst") == []
    assert len(_getoond(ctx)) == 3


def test_lists_with_names_are_audited(ctx):
    a, b = _twee(ctx)
    ctx.user = MEDEWERKER
    svc.recente_gesprekken(ctx)
    assert {(r[1], r[2]) for r in _getoond(ctx)} == {(str(a.inwoner_id), "recente gesprekken"),
                                                    (str(b.inwoner_id), "recente gesprekken")}
    ctx.user = REGISSEUR
    svc.gesprekken_van_inwoner(ctx, a.inwoner_id)
    assert (str(a.inwoner_id), "gesprekken van de inwoner") in {(r[1], r[2]) for r in _getoond(ctx)}
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.geboortedatum = "L. Lijst (synthetisch)", date(1970, 1, 2)
    ctx.user = MEDEWERKER_TW.__class__(**{**MEDEWERKER.__dict__, "gebruikersnaam": "mw-hb-2"})
    assert svc.mogelijke_dubbelen(ctx, d.inwoner)
    assert ("mw-hb-2", str(a.inwoner_id), "mogelijke dubbele inwoner") in _getoond(ctx)


def test_werkvoorraad_is_audited(ctx):
    from toegang_app.services import verwijzingen

    a, _b = _twee(ctx)
    ctx.user = MEDEWERKER
    vz = verwijzingen.voorzieningen_voor_gesprek(ctx, a.gesprek_id)[0]
    verwijzingen.maak_verwijzing(ctx, a.gesprek_id, vz.id, overdracht="warme_overdracht", toestemming=True,
                                 toestemming_delen="naam", opvolgdatum=date.today())
    ctx.user = MEDEWERKER.__class__(**{**MEDEWERKER.__dict__, "gebruikersnaam": "mw-hb-3"})
    items = werkvoorraad.werkvoorraad(ctx)
    assert a.gesprek_id in {w.gesprek_id for w in items}
    assert (str(a.inwoner_id), "werkvoorraad") in {(r[1], r[2]) for r in _getoond(ctx) if r[0] == "mw-hb-3"}


def test_werkvoorraad_audits_only_the_rows_the_screen_shows(ctx, monkeypatch):
    """The screen lists the MAX_GETOOND most urgent items; only those residents were shown to the worker."""
    from toegang_app.services import verwijzingen

    a, b = _twee(ctx)
    ctx.user = MEDEWERKER
    vz = verwijzingen.voorzieningen_voor_gesprek(ctx, a.gesprek_id)[0]
    for d, opvolg in ((a, date.today()), (b, date.today())):
        verwijzingen.maak_verwijzing(ctx, d.gesprek_id, vz.id, overdracht="zelf_melden", toestemming=False,
                                     opvolgdatum=opvolg)
    monkeypatch.setattr(werkvoorraad, "MAX_GETOOND", 1)
    ctx.user = MEDEWERKER.__class__(**{**MEDEWERKER.__dict__, "gebruikersnaam": "mw-hb-4"})
    items = werkvoorraad.werkvoorraad(ctx)
    assert {a.gesprek_id, b.gesprek_id} <= {w.gesprek_id for w in items}
    shown = [r[1] for r in _getoond(ctx) if r[0] == "mw-hb-4"]
    eerste = {a.gesprek_id: a.inwoner_id, b.gesprek_id: b.inwoner_id}[items[0].gesprek_id]
    assert shown == [str(eerste)]  # the most urgent row, not the one the screen does not list
