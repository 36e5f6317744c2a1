"""Retention on a real database: due dates per law from the right date (with the boundary day), destroying
and anonymising only what is due, one audit row without names, and residents' requests within 3 months."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import BEHEERDER, MEDEWERKER, REGISSEUR, TEAMLEIDER, maak_gesprek
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConfigError, PermissionDenied, UserError
from toegang_app.paths import resources_dir
from toegang_app.services import bewaren
from toegang_app.services.resources import load_resources
from toegang_app.storage.models import (
    AuditRegel,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    RegiePlan,
    Signaal,
    Vernietigingsverzoek,
    Verwijzing,
    VerwijzingStatus,
)

NAAM = "Karel Testpersoon (synthetisch)"
BSN = "111222333"


def verwijs(ctx, gesprek_id: int, wet: str | None, datum: date, status_sinds: date | None = None,
            notitie: str | None = None) -> int:
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gesprek_id)
        v = Verwijzing(gesprek_id=gesprek_id, voorziening_id=f"test-{wet}", voorziening_naam=f"Test {wet}",
                       aanbieder="Testaanbieder", trede=4 if wet else 2, wet=wet, gemeente=g.gemeente, kern=g.kern,
                       team=g.team, datum=datum, aangemaakt_door="mw-hb",
                       aangemaakt_op=datetime.combine(datum, datetime.min.time()), overdracht="warm",
                       toestemming=True, toestemming_delen="naam en telefoon", notitie=notitie, status="verwezen",
                       status_sinds=status_sinds or datum, synthetisch=True)
        s.add(v)
        s.flush()
        s.add(VerwijzingStatus(verwijzing_id=v.id, status="verwezen", notitie=notitie, medewerker="mw-hb",
                               op=datetime.combine(datum, datetime.min.time())))
        return v.id


def oud_gesprek(ctx, *, afgesloten: date | None = None, gewijzigd: date | None = None, bewaarwet=None,
                naam: str = NAAM, **kw) -> int:
    gid = maak_gesprek(ctx, naam=naam, aanmelding=(afgesloten or gewijzigd) - timedelta(days=30),
                       scores={"lichaamsfuncties": 6}, signalen=[("schulden", 3)], bewaarwet=bewaarwet,
                       afgesloten_op=afgesloten, status="afgerond" if afgesloten else "open",
                       vraag="Vrije tekst over de inwoner", **kw)
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        g.gewijzigd_op = datetime.combine(gewijzigd or afgesloten, datetime.min.time()).replace(hour=15)
        g.inwoner.bsn = BSN if naam == NAAM else None
        g.inwoner.telefoon = "0600000000"
    return gid


def _audit(c, actie: str) -> list[AuditRegel]:
    with c.sessions() as s:
        return list(s.scalars(select(AuditRegel).where(AuditRegel.actie == actie).order_by(AuditRegel.id)))


def _count(c, model) -> int:
    with c.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


# -- configuration ---------------------------------------------------------------------------------

def test_shipped_terms_cite_the_law(ctx):
    cfg = bewaren.bewaarconfig(ctx)
    got = {w: (t.jaren, t.grondslag) for w, t in cfg.termijnen.items()}
    assert got["Wmo"] == (15, "Wmo 2015 art. 5.3.4")
    assert got["Jeugdwet"] == (20, "Jeugdwet art. 7.3.8")
    assert got["Wgs"] == (5, "Selectielijst 2020, resultaat 8.3.5: schuldhulpverlening")
    assert (cfg.verzoek_maanden, cfg.verzoek_grondslag) == (3, "Wmo 2015 art. 5.3.5")
    assert cfg.standaard_wet == bewaren.GEEN_VOORZIENING  # Selectielijst 8.2, see test_bewaren_selectielijst


def test_broken_terms_file_names_file_entry_and_field():
    with pytest.raises(ConfigError) as e:
        bewaren.parse_bewaarconfig({
            "standaard_wet": "Wlz",
            "termijnen": [{"wet": "Wmo", "jaren": "vijftien", "grondslag": "x"},
                          {"wet": "Bestaatniet", "jaren": 5, "grondslag": "x"},
                          {"wet": "Jeugdwet", "jaren": 20}],
            "verzoek": {"maanden": 0, "grondslag": "x"}, "extra": 1}, "bewaartermijnen.yaml")
    msg = e.value.message
    assert "bewaartermijnen.yaml, termijn 1 (Wmo), veld 'jaren'" in msg
    assert "termijn 2 (Bestaatniet), veld 'wet'" in msg
    assert "termijn 3 (Jeugdwet), veld 'grondslag'" in msg
    assert "verzoek, veld 'maanden'" in msg and "onbekend veld 'extra'" in msg and "'standaard_wet'" in msg


def test_date_arithmetic_boundaries():
    assert bewaren.plus_jaren(date(2012, 2, 29), 5) == date(2017, 2, 28)
    assert bewaren.plus_jaren(date(2012, 2, 29), 20) == date(2032, 2, 29)
    assert bewaren.plus_maanden(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert bewaren.plus_maanden(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert bewaren.plus_maanden(date(2025, 1, 15), 3) == date(2025, 4, 15)
    assert bewaren.plus_maanden(date(2025, 10, 31), 3) == date(2026, 1, 31)


# -- due dates -------------------------------------------------------------------------------------

def test_due_dates_per_law_from_the_end_of_the_dossier(ctx):
    ctx.user = BEHEERDER
    wmo = oud_gesprek(ctx, afgesloten=date(2010, 3, 1), bewaarwet="Wmo")  # law recorded with the conversation
    wgs = oud_gesprek(ctx, afgesloten=date(2019, 6, 30))
    verwijs(ctx, wgs, "Wgs", date(2019, 5, 1))
    verwijs(ctx, wgs, "Participatiewet", date(2019, 5, 2))               # no own term: does not count
    jeugd = oud_gesprek(ctx, afgesloten=date(2004, 1, 10))
    verwijs(ctx, jeugd, "Wgs", date(2003, 12, 1))
    verwijs(ctx, jeugd, "Jeugdwet", date(2003, 12, 2))                   # longest term wins
    open_ = oud_gesprek(ctx, gewijzigd=date(2015, 5, 5), bewaarwet="Wgs")
    verwijs(ctx, open_, None, date(2016, 1, 1), status_sinds=date(2018, 2, 1))  # last activity
    recent = oud_gesprek(ctx, afgesloten=date.today() - timedelta(days=10))

    items = {i.gesprek_id: i for i in bewaren.te_vernietigen(ctx, date(2100, 1, 1))}
    assert (items[wmo].wet, items[wmo].vervaldatum, items[wmo].einde_bron) == ("Wmo", date(2025, 3, 1), "afgesloten")
    assert (items[wgs].wet, items[wgs].vervaldatum) == ("Wgs", date(2024, 6, 30))
    assert (items[jeugd].wet, items[jeugd].vervaldatum, items[jeugd].grondslag) == (
        "Jeugdwet", date(2024, 1, 10), "Jeugdwet art. 7.3.8")
    assert (items[open_].wet, items[open_].einddatum, items[open_].einde_bron, items[open_].vervaldatum) == (
        "Wgs", date(2018, 2, 1), "laatste activiteit", date(2023, 2, 1))
    assert items[wgs].verwijzingen == 2 and items[recent].wet == bewaren.GEEN_VOORZIENING

    # boundary: due on the anniversary itself, not the day before
    assert wmo not in {i.gesprek_id for i in bewaren.te_vernietigen(ctx, date(2025, 2, 28))}
    assert wmo in {i.gesprek_id for i in bewaren.te_vernietigen(ctx, date(2025, 3, 1))}
    assert open_ not in {i.gesprek_id for i in bewaren.te_vernietigen(ctx, date(2023, 1, 31))}
    assert open_ in {i.gesprek_id for i in bewaren.te_vernietigen(ctx, date(2023, 2, 1))}
    # today: everything old is due, the recent one is not; oldest first
    due = bewaren.te_vernietigen(ctx)
    assert [i.gesprek_id for i in due] == [open_, jeugd, wgs, wmo]


@pytest.mark.parametrize("user", [MEDEWERKER, REGISSEUR, TEAMLEIDER, None])
def test_only_beheerder_sees_and_acts_on_retention(ctx, user):
    gid = oud_gesprek(ctx, afgesloten=date(2000, 1, 1))
    ctx.user = user
    for call in (lambda: bewaren.te_vernietigen(ctx), lambda: bewaren.vernietig(ctx, [gid]),
                 lambda: bewaren.anonimiseer(ctx, [gid]), lambda: bewaren.lijst_verzoeken(ctx),
                 lambda: bewaren.registreer_verzoek(ctx, 1, "ZK-1", date.today()),
                 lambda: bewaren.voer_verzoek_uit(ctx, 1), lambda: bewaren.zoek_inwoners(ctx, "Karel")):
        with pytest.raises(PermissionDenied):
            call()
    assert _count(ctx, Gesprek) == 1


def test_hook_keeps_law_and_closing_date(ctx):
    gid = oud_gesprek(ctx, gewijzigd=date(2024, 1, 1))
    verwijs(ctx, gid, "Wmo", date(2024, 1, 2))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        bewaren.werk_bewaargegevens_bij(s, g)
        assert (g.bewaarwet, g.afgesloten_op) == ("Wmo", None)
    verwijs(ctx, gid, "Jeugdwet", date(2024, 1, 3))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        g.status = "afgerond"
        bewaren.werk_bewaargegevens_bij(s, g, vandaag=date(2024, 2, 1))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        assert (g.bewaarwet, g.afgesloten_op) == ("Jeugdwet", date(2024, 2, 1))
        # a referral under a shorter law never shortens the term; reopening clears the closing date
        s.add(Verwijzing(gesprek_id=gid, voorziening_id="x", voorziening_naam="x", trede=4, wet="Wgs",
                         gemeente="haaksbergen", team="haaksbergen", datum=date(2024, 3, 1),
                         aangemaakt_op=datetime(2024, 3, 1), overdracht="warm", status="verwezen",
                         status_sinds=date(2024, 3, 1)))
        s.flush()
        g.status = "open"
        bewaren.werk_bewaargegevens_bij(s, g)
        assert (g.bewaarwet, g.afgesloten_op) == ("Jeugdwet", None)


# -- destroying and anonymising --------------------------------------------------------------------

def _destroy_scenario(c):
    c.user = BEHEERDER
    old = oud_gesprek(c, afgesloten=date(2005, 1, 1))
    verwijs(c, old, "Wmo", date(2004, 12, 1), notitie="Notitie over de inwoner")
    verwijs(c, old, "Wgs", date(2004, 12, 2))
    # a second resident with one due and one running conversation
    other_old = oud_gesprek(c, afgesloten=date(2006, 1, 1), naam="Anna Ander (synthetisch)")
    with c.sessions() as s:
        other_inw = s.get(Gesprek, other_old).inwoner_id
    now = datetime.now()
    with c.sessions.begin() as s:
        g = Gesprek(inwoner_id=other_inw, team="haaksbergen", gemeente="haaksbergen", synthetisch=True,
                    aanmelding_datum=date.today(), aangemaakt_op=now, gewijzigd_op=now)
        s.add(g)
        s.flush()
        running = g.id
    not_due = oud_gesprek(c, afgesloten=date.today() - timedelta(days=1), naam="Nog Niet (synthetisch)")

    with pytest.raises(UserError, match=f"Gesprek {not_due} mag nog niet weg"):
        bewaren.vernietig(c, [old, not_due])
    assert _count(c, Gesprek) == 4  # refused as a whole
    res = bewaren.vernietig(c, [old, other_old])
    assert (res.gesprekken, res.verwijzingen, res.inwoners) == (2, 2, 1)
    with c.sessions() as s:
        assert {g.id for g in s.scalars(select(Gesprek))} == {running, not_due}
        assert s.scalar(select(func.count()).select_from(Verwijzing)) == 0
        assert s.scalar(select(func.count()).select_from(VerwijzingStatus)) == 0
        assert s.scalar(select(func.count()).select_from(GesprekDimensie).where(
            GesprekDimensie.gesprek_id.in_([old, other_old]))) == 0
        assert s.scalar(select(func.count()).select_from(Signaal).where(Signaal.gesprek_id.in_([old, other_old]))) == 0
        assert s.scalar(select(Inwoner).where(Inwoner.naam == NAAM)) is None
        assert s.get(Inwoner, other_inw) is not None  # still has a running conversation
    rows = _audit(c, "vernietigd")
    assert len(rows) == 1
    row = rows[0]
    assert row.gebruiker == "beheer" and row.object_type == "bewaartermijn"
    assert "2 gesprekken, 2 verwijzingen en 1 inwoner vernietigd" in row.toelichting
    text = " ".join(str(v) for v in (row.object_id, row.veld, row.oud, row.nieuw, row.toelichting))
    for secret in ("Karel", "Anna", BSN, "Notitie", "Vrije tekst", "0600000000"):
        assert secret not in text
    # already gone: a second attempt says so
    with pytest.raises(UserError, match="bestaat niet meer"):
        bewaren.vernietig(c, [old])


def test_destroy_removes_the_data_and_leaves_one_audit_row_without_names(ctx):
    _destroy_scenario(ctx)


@pytest.mark.postgres
def test_destroy_on_postgresql(pg_ctx):
    _destroy_scenario(pg_ctx)


def test_destroy_removes_the_local_draft(ctx):
    ctx.user = BEHEERDER
    gid = oud_gesprek(ctx, afgesloten=date(2001, 1, 1))
    draft = ctx.config.drafts_dir / f"gesprek-{gid}.json"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text("{}", encoding="utf-8")
    bewaren.vernietig(ctx, [gid])
    assert not draft.exists()


def test_anonymise_keeps_figures_and_drops_everything_personal(ctx):
    ctx.user = BEHEERDER
    g1 = oud_gesprek(ctx, afgesloten=date(2005, 1, 1))
    verwijs(ctx, g1, "Wmo", date(2004, 12, 1), notitie="Notitie over de inwoner")
    with ctx.sessions() as s:
        inw_id = s.get(Gesprek, g1).inwoner_id
    # same resident, a second conversation that is not due yet
    now = datetime.now()
    with ctx.sessions.begin() as s:
        g = Gesprek(inwoner_id=inw_id, team="haaksbergen", gemeente="haaksbergen", synthetisch=True,
                    aanmelding_datum=date.today(), aangemaakt_op=now, gewijzigd_op=now)
        s.add(g)
        s.flush()
        g2 = g.id
    with ctx.sessions.begin() as s:     # the first conversation brought a case into procesregie
        s.add(RegiePlan(gesprek_id=g1, inwoner_id=inw_id, team="haaksbergen", status="gesloten",
                        aangemeld_op=datetime(2004, 12, 1), gesloten_op=date(2005, 1, 1)))
    alone = oud_gesprek(ctx, afgesloten=date(2006, 1, 1), naam="Anna Ander (synthetisch)")
    with pytest.raises(UserError, match="mag nog niet weg"):
        bewaren.anonimiseer(ctx, [g2])
    res = bewaren.anonimiseer(ctx, [g1, alone])
    assert (res.gesprekken, res.verwijzingen, res.inwoners) == (2, 1, 1)
    with ctx.sessions() as s:
        a1, a2 = s.get(Gesprek, g1), s.get(Gesprek, alone)
        for g in (a1, a2):
            assert g.vraag is None and g.inwoner.geanonimiseerd and g.inwoner.naam == "Geanonimiseerd"
            assert g.inwoner.bsn is None and g.inwoner.telefoon is None and g.inwoner.geboortedatum is None
            # figures stay for the statistics
            assert [d.score for d in g.dimensies] == [6] and [x.ernst for x in g.signalen] == [3]
        assert a1.inwoner_id != inw_id                        # moved away from the resident ...
        # ... and the procesregie plan of that conversation with it: nothing links it back to the resident
        plan = s.scalars(select(RegiePlan).where(RegiePlan.gesprek_id == g1)).one()
        assert plan.inwoner_id == a1.inwoner_id
        assert s.get(Inwoner, inw_id).naam == NAAM            # ... who keeps the running conversation
        v = s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id == g1)).one()
        assert (v.notitie, v.toestemming_delen, v.trede, v.wet) == (None, None, 4, "Wmo")
        assert all(st.notitie is None for st in v.historie)
    # anonymised conversations are no longer due
    assert {i.gesprek_id for i in bewaren.te_vernietigen(ctx)} == set()
    rows = _audit(ctx, "geanonimiseerd")
    assert len(rows) == 1 and "2 gesprekken, 1 verwijzing en 1 inwoner geanonimiseerd" in rows[0].toelichting
    assert "Karel" not in rows[0].toelichting and "Anna" not in rows[0].toelichting


# -- requests --------------------------------------------------------------------------------------

def test_request_registered_due_within_three_months_and_carried_out(ctx):
    ctx.user = BEHEERDER
    gid = oud_gesprek(ctx, afgesloten=date.today() - timedelta(days=3))  # far from its retention end
    verwijs(ctx, gid, "Jeugdwet", date.today() - timedelta(days=5))
    keep = oud_gesprek(ctx, afgesloten=date.today(), naam="Anna Ander (synthetisch)")
    found = bewaren.zoek_inwoners(ctx, "karel")
    assert [k.naam for k in found] == [NAAM] and found[0].gesprekken == 1
    assert "Karel" in found[0].tekst() and "1 gesprek " in found[0].tekst()
    assert bewaren.zoek_inwoners(ctx, BSN)[0].id == found[0].id
    views = _audit(ctx, "bekeken")
    assert [(r.object_type, r.object_id) for r in views] == [("inwoner", str(found[0].id))] * 2

    with pytest.raises(InvalidInput, match="kenmerk van de brief"):
        bewaren.registreer_verzoek(ctx, found[0].id, "  ", date(2025, 11, 30))
    with pytest.raises(InvalidInput, match="toekomst"):
        bewaren.registreer_verzoek(ctx, found[0].id, "ZK-1", date.today() + timedelta(days=1))
    v = bewaren.registreer_verzoek(ctx, found[0].id, "ZK-2025-0042", date(2025, 11, 30))
    assert v.uiterlijk == date(2026, 2, 28) and v.open and v.geregistreerd_door == "beheer"
    with pytest.raises(UserError, match="al een verzoek open"):
        bewaren.registreer_verzoek(ctx, found[0].id, "ZK-2025-0043", date(2025, 12, 1))
    assert v.status(date(2026, 2, 28)) == "open" and v.status(date(2026, 3, 1)).startswith("te laat")

    res = bewaren.voer_verzoek_uit(ctx, v.id)
    assert (res.gesprekken, res.verwijzingen, res.inwoners) == (1, 1, 1)
    with ctx.sessions() as s:
        assert s.get(Gesprek, gid) is None and s.get(Gesprek, keep) is not None
        assert s.scalar(select(Inwoner).where(Inwoner.naam == NAAM)) is None
        stored = s.get(Vernietigingsverzoek, v.id)
        assert stored.uitgevoerd_op is not None and stored.uitgevoerd_door == "beheer" and stored.inwoner_id is None
        assert stored.kenmerk == "ZK-2025-0042"
    row = _audit(ctx, "vernietigd")[-1]
    assert row.object_type == "vernietigingsverzoek" and row.object_id == str(v.id)
    assert row.toelichting.startswith("Verzoek ZK-2025-0042 uitgevoerd: 1 gesprek, 1 verwijzing en 1 inwoner")
    assert "Karel" not in row.toelichting and BSN not in row.toelichting
    [listed] = bewaren.lijst_verzoeken(ctx)
    assert listed.status().startswith("uitgevoerd op")
    with pytest.raises(UserError, match="al uitgevoerd"):
        bewaren.voer_verzoek_uit(ctx, v.id)
    with pytest.raises(UserError, match="bestaat niet"):
        bewaren.registreer_verzoek(ctx, found[0].id, "ZK-3", date.today())


def test_hook_never_blocks_saving_when_the_terms_file_is_broken(ctx, config, tmp_path, monkeypatch):
    gid = oud_gesprek(ctx, gewijzigd=date(2024, 1, 1))
    verwijs(ctx, gid, "Jeugdwet", date(2024, 1, 2))
    kapot = tmp_path / "resources"
    shutil.copytree(resources_dir(), kapot)
    (kapot / bewaren.BESTAND).write_text("termijnen: [\n", encoding="utf-8")
    ctx.resources = load_resources(config, root=kapot)
    assert any(n.startswith("bewaartermijnen.yaml bevat fouten") for n in ctx.resources.notices)
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        g.status = "afgerond"
        bewaren.werk_bewaargegevens_bij(s, g, ctx=ctx, vandaag=date(2024, 2, 1))
    with ctx.sessions() as s:
        g = s.get(Gesprek, gid)
        assert (g.bewaarwet, g.afgesloten_op) == (None, date(2024, 2, 1))
    ctx.user = BEHEERDER
    with pytest.raises(ConfigError, match="geen geldige YAML, regel|niet te lezen|bestaat niet"):
        bewaren.te_vernietigen(ctx)
    # the same without a context (services.gesprekken today): the shipped file, read and validated
    monkeypatch.setattr(bewaren, "resources_dir", lambda: kapot)
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        g.status = "open"
        bewaren.werk_bewaargegevens_bij(s, g)
    with ctx.sessions() as s:
        assert s.get(Gesprek, gid).bewaarwet is None
