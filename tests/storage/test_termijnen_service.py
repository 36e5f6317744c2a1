"""Terms of stored conversations: closing a step (done, not applicable, reopen), verdaging and
opschorting, the werkvoorraad on the same computation as the panel, the follow-up proposal and the
desk's own calendar. Real SQLite files (and PostgreSQL for the full cycle)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import BEHEERDER, MEDEWERKER, MEDEWERKER_TW
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied, UserError
from toegang_app.services import gesprekken as svc
from toegang_app.services import termijnen as tsvc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.services import werkvoorraad as wsvc
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.storage.models import AuditRegel, Termijn


def _gesprek(ctx, aanmelding, gemeente="haaksbergen", crisis=False, **signalen):
    ctx.user = MEDEWERKER if gemeente == "haaksbergen" else MEDEWERKER_TW
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Mette Termijn (synthetisch)"
    d.inwoner.geboortedatum = date(1961, 2, 3)
    d.inwoner.gemeente = gemeente
    d.aanmelding_datum = aanmelding
    d.signalen = [svc.SignaalInvoer(k, v, "") for k, v in signalen.items()]
    if crisis:
        d.crisis["dreigende_ontruiming"] = True
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def _terms(ctx, gid, op):
    return {t.code: t for t in tsvc.termijnen_voor_gesprek(ctx, gid, peildatum=op)}


def _audit(ctx, veld):
    with ctx.sessions() as s:
        return [(r.actie, r.oud, r.nieuw) for r in s.scalars(
            select(AuditRegel).where(AuditRegel.veld == veld).order_by(AuditRegel.id))]


def _cycle(ctx):
    gid = _gesprek(ctx, date(2026, 4, 28), zelfzorg_huishouden=2)
    t = _terms(ctx, gid, date(2026, 4, 28))
    # the reported case: the persoonlijk plan is not due on 5 May
    assert t["wmo_persoonlijk_plan"].uiterlijk == date(2026, 5, 6)
    assert t["wmo_clientondersteuning"].status == "bijna verlopen"
    # done on a date
    tsvc.markeer_afgerond(ctx, gid, "wmo_clientondersteuning", date(2026, 4, 28), vandaag=date(2026, 4, 28))
    # not applicable with a reason (kept with the step, not in the audit trail)
    tsvc.markeer_niet_van_toepassing(ctx, gid, "wmo_persoonlijk_plan", "inwoner wil geen persoonlijk plan")
    t = _terms(ctx, gid, date(2026, 6, 20))
    assert t["wmo_clientondersteuning"].status == "gehaald"
    assert t["wmo_persoonlijk_plan"].status == "niet van toepassing"
    assert t["wmo_persoonlijk_plan"].status_label == "niet van toepassing: inwoner wil geen persoonlijk plan"
    assert t["wmo_onderzoek"].status == "verlopen"       # 9-6-2026 passed, still open
    assert _audit(ctx, "termijn.wmo_clientondersteuning") == [("gewijzigd", "open", "afgerond op 2026-04-28")]
    assert _audit(ctx, "termijn.wmo_persoonlijk_plan") == [("gewijzigd", "open", "niet van toepassing")]
    # reopened after a mistake
    tsvc.heropen(ctx, gid, "wmo_persoonlijk_plan")
    assert _terms(ctx, gid, date(2026, 4, 29))["wmo_persoonlijk_plan"].open
    # saving the conversation again keeps what the worker closed
    d = svc.laad_gesprek(ctx, gid)
    svc.bewaar_gesprek(ctx, d)
    assert _terms(ctx, gid, date(2026, 5, 1))["wmo_clientondersteuning"].afgerond_op == date(2026, 4, 28)
    return gid


def test_closing_steps_sqlite(ctx):
    _cycle(ctx)


@pytest.mark.postgres
def test_closing_steps_postgres(pg_ctx):
    _cycle(pg_ctx)


def test_closing_refuses_bad_input(ctx):
    gid = _gesprek(ctx, date(2026, 4, 28), zelfzorg_huishouden=2)
    with pytest.raises(InvalidInput) as exc:
        tsvc.markeer_afgerond(ctx, gid, "wmo_onderzoek", date(2026, 5, 2), vandaag=date(2026, 5, 1))
    assert "toekomst" in exc.value.message
    with pytest.raises(InvalidInput):
        tsvc.markeer_afgerond(ctx, gid, "wmo_onderzoek", date(2026, 4, 27), vandaag=date(2026, 5, 1))
    with pytest.raises(InvalidInput) as exc:
        tsvc.markeer_niet_van_toepassing(ctx, gid, "wmo_onderzoek", "   ")
    assert exc.value.field == "reden"
    with pytest.raises(UserError):
        tsvc.markeer_afgerond(ctx, gid, "wgs_eerste_gesprek", date(2026, 4, 28), vandaag=date(2026, 4, 28))
    ctx.user = MEDEWERKER_TW
    with pytest.raises(PermissionDenied):
        tsvc.markeer_afgerond(ctx, gid, "wmo_onderzoek", date(2026, 4, 28), vandaag=date(2026, 4, 28))
    with pytest.raises(InvalidInput):  # reopening an open step
        ctx.user = MEDEWERKER
        tsvc.heropen(ctx, gid, "wmo_onderzoek")


def test_aanvraag_terms_verdaging_and_opschorting(ctx):
    # while the dossier records no aanvragen, a Wmo maatwerk referral is the aanvraag
    gid = _gesprek(ctx, date(2026, 3, 2), zelfzorg_huishouden=2)
    v = _voorziening(ctx, trede=4, wet="Wmo")
    from toegang_app.services import suggesties

    suggesties.leg_onderbouwing_tekst_vast(ctx, gid, v.leefgebieden[0], "onderbouwing (synthetisch)")
    vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="aanmelding_toegang", toestemming=True,
                         toestemming_delen="wat nodig is voor de aanvraag", vandaag=date(2026, 3, 23))
    code = "wmo_beschikking:2026-03-23"
    t = _terms(ctx, gid, date(2026, 3, 24))[code]
    # 23-3 + 2 weeks = Mon 6-4 tweede Paasdag -> Tue 7-4
    assert (t.uiterlijk, t.verdagen) == (date(2026, 4, 7), True)
    tsvc.wijzig_termijn(ctx, gid, code, "verdaagd", "verdaagd", date(2026, 4, 21), "medisch advies gevraagd",
                        vandaag=date(2026, 4, 3))
    tsvc.wijzig_termijn(ctx, gid, code, "opgeschort", "aanvulling", date(2026, 4, 28), vandaag=date(2026, 4, 10))
    t = _terms(ctx, gid, date(2026, 4, 22))[code]
    assert (t.berekend, t.uiterlijk, t.status) == (date(2026, 4, 7), date(2026, 4, 28), "bijna verlopen")
    assert [(w.soort, w.oud, w.nieuw) for w in t.wijzigingen] == [
        ("verdaagd", date(2026, 4, 7), date(2026, 4, 21)), ("opgeschort", date(2026, 4, 21), date(2026, 4, 28))]
    assert t.wijzigingen[0].toelichting == "medisch advies gevraagd"
    # the free text stays out of the audit trail
    assert _audit(ctx, f"termijn.{code}.uiterlijk") == [("gewijzigd", "2026-04-07", "2026-04-21"),
                                                        ("gewijzigd", "2026-04-21", "2026-04-28")]
    with ctx.sessions() as s:
        assert "medisch" not in " ".join(str(r.toelichting) for r in s.scalars(select(AuditRegel)))
    # saving again keeps the date in force
    svc.bewaar_gesprek(ctx, svc.laad_gesprek(ctx, gid))
    assert _terms(ctx, gid, date(2026, 4, 22))[code].uiterlijk == date(2026, 4, 28)
    # not for the Wmo onderzoek, and a verdaging only within the term
    with pytest.raises(InvalidInput):
        tsvc.wijzig_termijn(ctx, gid, "wmo_onderzoek", "verdaagd", "verdaagd", date(2026, 5, 1),
                            vandaag=date(2026, 4, 1))
    with pytest.raises(InvalidInput) as exc:
        tsvc.wijzig_termijn(ctx, gid, code, "verdaagd", "verdaagd", date(2026, 5, 12), vandaag=date(2026, 4, 29))
    assert "binnen de termijn" in exc.value.message


def _voorziening(ctx, trede=2, wet=None):
    from toegang_app.services.kaart import effectieve_kaart

    return next(v for v in effectieve_kaart(ctx) if v.actief and "haaksbergen" in v.gemeenten and v.trede == trede
                and (wet is None or v.wet == wet))


def test_werkvoorraad_and_panel_agree_with_the_desks_closing_day(ctx):
    # Haaksbergen debt melding Mon 2-3-2026: promise of contact within 3 werkdagen; the desk is closed Wed 4-3
    ctx.user = BEHEERDER
    tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 3, 4), "teamdag", "haaksbergen")
    gid = _gesprek(ctx, date(2026, 3, 2), schulden=2)
    panel = _terms(ctx, gid, date(2026, 3, 5))
    assert panel["wgs_contact_balie"].uiterlijk == date(2026, 3, 6)        # Tue 3, Thu 5, Fri 6
    assert panel["wgs_contact_balie"].belofte
    assert panel["wgs_eerste_gesprek"].uiterlijk == date(2026, 3, 30)      # the law ignores the closing day
    items = [i for i in wsvc.werkvoorraad(ctx, peildatum=date(2026, 3, 5)) if i.gesprek_id == gid]
    assert [(i.soort, i.datum, i.termijn_code) for i in items] == [("belofte", date(2026, 3, 6), "wgs_contact_balie")]
    assert "geen wet" in items[0].toelichting
    assert panel["wgs_contact_balie"].status == "bijna verlopen"
    # a closed step leaves the werkvoorraad
    tsvc.markeer_afgerond(ctx, gid, "wgs_contact_balie", date(2026, 3, 5), vandaag=date(2026, 3, 5))
    assert not [i for i in wsvc.werkvoorraad(ctx, peildatum=date(2026, 3, 9)) if i.gesprek_id == gid]
    # overdue: the Wgs conversation, not the resident's persoonlijk plan
    late = [i for i in wsvc.werkvoorraad(ctx, peildatum=date(2026, 4, 1)) if i.gesprek_id == gid]
    assert [(i.soort, i.termijn_code, i.te_laat) for i in late] == [("termijn", "wgs_eerste_gesprek", True)]


def test_follow_up_proposal_never_after_the_wgs_deadline(ctx):
    gid = _gesprek(ctx, date(2026, 11, 2), gemeente="twenterand", schulden=3, crisis=True)
    p = tsvc.opvolg_voorstel(ctx, gid, vandaag=date(2026, 11, 2))
    assert p.datum == date(2026, 11, 5) and p.gewoon == date(2026, 11, 16)
    assert p.grens.code == "wgs_bedreigende_situatie" and "05-11-2026" in p.uitleg
    # once the conversation took place the usual interval applies again
    tsvc.markeer_afgerond(ctx, gid, "wgs_bedreigende_situatie", date(2026, 11, 3), vandaag=date(2026, 11, 3))
    assert tsvc.opvolg_voorstel(ctx, gid, vandaag=date(2026, 11, 3)).datum == date(2026, 11, 17)


def test_follow_up_not_capped_by_the_residents_chance(ctx):
    gid = _gesprek(ctx, date(2026, 3, 2), zelfzorg_huishouden=2)
    p = tsvc.opvolg_voorstel(ctx, gid, vandaag=date(2026, 3, 2))
    assert (p.datum, p.grens) == (date(2026, 3, 16), None)   # plan 9-3 and cliëntondersteuning do not cap


def test_desk_calendar_is_for_the_beheerder(ctx):
    ctx.user = MEDEWERKER
    with pytest.raises(PermissionDenied):
        tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 6, 3), "teamdag")
    ctx.user = BEHEERDER
    with pytest.raises(InvalidInput) as exc:
        tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 5, 5), "bevrijdingsdag")
    assert "al geen werkdag" in exc.value.message
    rid = tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 6, 3), "teamdag")
    with pytest.raises(InvalidInput):
        tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 6, 3), "nog eens")
    assert [(d.datum, d.gemeente) for d in tsvc.sluitingsdagen(ctx, 2026)] == [(date(2026, 6, 3), None)]
    assert not tsvc.kalender(ctx).is_werkdag(date(2026, 6, 3), eigen=True, gemeente="twenterand")
    tsvc.verwijder_sluitingsdag(ctx, rid)
    assert tsvc.kalender(ctx).is_werkdag(date(2026, 6, 3), eigen=True)
    tsvc.bevestig_besluit(ctx, "gelijkstelling-2026-2028")
    assert tsvc.kalender(ctx).vrije_dag(date(2026, 5, 15)).status == "bevestigd"
    with pytest.raises(InvalidInput):
        tsvc.bevestig_besluit(ctx, "gelijkstelling-2099")
    ctx.user = systeem_gebruiker()
    tsvc.voeg_sluitingsdag_toe(ctx, date(2026, 6, 10), "verhuizing", "twenterand")


def test_stored_rows_carry_the_kind(ctx):
    gid = _gesprek(ctx, date(2026, 3, 2), schulden=2, zelfzorg_huishouden=2)
    with ctx.sessions() as s:
        kinds = {r.code: r.soort for r in s.scalars(select(Termijn).where(Termijn.gesprek_id == gid))}
    assert kinds == {"wmo_clientondersteuning": "balie", "wmo_persoonlijk_plan": "inwoner", "wmo_onderzoek": "balie",
                     "wgs_eerste_gesprek": "balie", "wgs_contact_balie": "belofte"}


def test_figures_for_the_statistics(ctx):
    gid = _gesprek(ctx, date(2026, 3, 2), schulden=2, zelfzorg_huishouden=2)
    tsvc.markeer_afgerond(ctx, gid, "wgs_eerste_gesprek", date(2026, 3, 12), vandaag=date(2026, 3, 12))
    tsvc.markeer_afgerond(ctx, gid, "wmo_onderzoek", date(2026, 4, 20), vandaag=date(2026, 4, 20))
    tsvc.markeer_niet_van_toepassing(ctx, gid, "wmo_clientondersteuning", "al bekend bij cliëntondersteuner")
    ctx.user = systeem_gebruiker()
    got = {(c.wet, c.stap): c for c in tsvc.termijn_cijfers(ctx, date(2026, 1, 1), date(2026, 12, 31),
                                                            vandaag=date(2026, 5, 1))}
    assert set(got) == {("Wgs", "eerste gesprek"), ("Wmo", "onderzoek afgerond"),
                        ("Wmo", "wijzen op gratis cliëntondersteuning")}   # no plan (resident), no promise
    assert (got["Wgs", "eerste gesprek"].gehaald, got["Wgs", "eerste gesprek"].doorlooptijden) == (1, [10])
    assert (got["Wmo", "onderzoek afgerond"].te_laat, got["Wmo", "onderzoek afgerond"].mediaan_doorlooptijd) == (1, 49.0)
    assert got["Wmo", "wijzen op gratis cliëntondersteuning"].niet_van_toepassing == 1
    from toegang_app.services import statistiek

    r = statistiek.bereken(ctx, statistiek.Selectie(date(2026, 1, 1), date(2026, 12, 31)), vandaag=date(2026, 5, 1))
    stappen = [row[0] for row in r.tabel("termijnen").rijen]
    assert "Wmo: persoonlijk plan inleveren" not in stappen and "Wmo: wijzen op gratis cliëntondersteuning" not in stappen
