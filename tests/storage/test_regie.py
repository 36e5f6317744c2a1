"""Procesregie end to end on SQLite and PostgreSQL: a case from proposal through the intake queue, claim
(two workstations: one wins, the other is told), the plan (parties, goals, afspraken, MDO), time watched,
evaluation and afschalen; caseloads with owners, reassigning, deactivated workers; AVE 4 alerts; the
printed plan in its safe and partner versions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import maak_gesprek
from toegang_app.domain import regie as dom
from toegang_app.errors import ConcurrentEdit, PermissionDenied
from toegang_app.services import ave, regie, werkvoorraad
from toegang_app.services.auth import CurrentUser
from toegang_app.storage.models import Afspraak, AuditRegel, Gebruiker, Gesprek, PlanOverleg, RegiePlan

pypdf = pytest.importorskip("pypdf")
VANDAAG = date.today()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    """(ctx, a function that opens a second workstation on the same database)."""
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    c = request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")
    extra = []

    def tweede():
        o = open_context(load_config())
        extra.append(o)
        return o
    yield c, tweede
    for o in extra:
        o.close()


def gebruiker(ctx, gebruikersnaam, naam, rol, team="haaksbergen") -> CurrentUser:
    with ctx.sessions.begin() as s:
        g = Gebruiker(gebruikersnaam=gebruikersnaam, naam=naam, rol=rol, team=team, actief=True,
                      aangemaakt_op=datetime.now())
        s.add(g)
        s.flush()
        return CurrentUser(id=g.id, gebruikersnaam=gebruikersnaam, naam=naam, rol=rol, team=team)


def mensen(ctx):
    return (gebruiker(ctx, "mw1", "Mila Medewerker (synthetisch)", "medewerker"),
            gebruiker(ctx, "pr1", "Piet Regisseur (synthetisch)", "procesregisseur"),
            gebruiker(ctx, "pr2", "Roos Regisseur (synthetisch)", "procesregisseur"),
            gebruiker(ctx, "tl1", "Tessa Teamleider (synthetisch)", "teamleider"))


def audit_teksten(ctx) -> str:
    with ctx.sessions() as s:
        return "\n".join(f"{r.veld} {r.oud} {r.nieuw} {r.toelichting}" for r in s.scalars(select(AuditRegel)))


def pdf_tekst(path) -> str:
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)


def drie_leefgebieden(ctx, mw, naam="Demo-Henk Smit (synthetisch)", **kw) -> int:
    return maak_gesprek(ctx, naam=naam, medewerker_id=mw.id,
                        signalen=[("schulden", 3), ("wonen", 2), ("psychische_gezondheid", 2)],
                        scores={"meedoen": 3, "mentaal_welbevinden": 4}, **kw)


def test_proposal_queue_claim_plan_mdo_evaluation_afschalen(db, tmp_path):
    ctx, tweede = db
    mw, pr1, pr2, tl = mensen(ctx)
    gid = drie_leefgebieden(ctx, mw)
    ctx.user = mw
    ave.bevestig_fase(ctx, gid, 3)

    # the queue: procesregisseurs and the teamleider see it, with why it was proposed
    ctx.user = pr1
    rij = next(r for r in regie.wachtrij(ctx) if r.gesprek_id == gid)
    assert rij.fase == 3 and rij.fase_naam == "AVE 3"
    assert any("3 leefgebieden" in r for r in rij.redenen)
    assert rij.voorgesteld_door == mw.naam and rij.eigenaar == mw.naam
    ctx.user = tl
    assert gid in [r.gesprek_id for r in regie.wachtrij(ctx)]
    ctx.user = mw
    with pytest.raises(PermissionDenied):
        regie.wachtrij(ctx)

    # two workstations claim the same case: one wins, the other is told who took it
    ander = tweede()
    ander.user = pr2
    ctx.user = pr1
    t = regie.pak_op(ctx, gid)
    assert t.regisseur == pr1.naam and t.toegewezen_door == pr1.naam
    with pytest.raises(regie.AlOpgepakt) as exc:
        regie.pak_op(ander, gid)
    assert pr1.naam in exc.value.message
    with ctx.sessions() as s:
        assert s.get(Gesprek, gid).procesregisseur_id == pr1.id
    assert gid not in [r.gesprek_id for r in regie.wachtrij(ctx)]
    assert "procesregisseur_id" in audit_teksten(ctx)

    # the worker who proposed it sees who took it
    ctx.user = mw
    assert ave.toestand(ctx, gid).procesregisseur_naam == pr1.naam
    assert regie.plan_toestand(ctx, gid).regisseur == pr1.naam

    # the plan: parties with contact and role, goals linked to the needs, afspraken, an MDO
    ctx.user = pr1
    t = regie.plan_toestand(ctx, gid)
    assert {b.gebied for b in t.behoeften} >= {"schulden", "wonen", "meedoen"}
    regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("Wijkkracht", "Anna (synthetisch)", "cliëntondersteuning",
                                                     voorziening_id="hb-wijkkracht", delen=("doelen", "afspraken"),
                                                     toestemming_op=VANDAAG))
    regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("Stadsbank Oost Nederland", "", "schuldhulp"))
    regie.voeg_doel_toe(ctx, gid, dom.DoelInvoer("leefgebied", "schulden", "Een overzicht van alle schulden"))
    regie.voeg_doel_toe(ctx, gid, dom.DoelInvoer("dimensie", "meedoen", "Eén keer per week naar de inloop"))
    regie.voeg_afspraak_toe(ctx, gid, dom.AfspraakInvoer("Wijkkracht", "helpt met de formulieren",
                                                         VANDAAG + timedelta(days=14)))
    t = regie.leg_overleg_vast(ctx, gid, dom.OverlegInvoer("mdo", VANDAAG, "Wijkkracht, Stadsbank",
                                                           "GEHEIM-BESLUIT: budgetbeheer aanvragen"))
    assert [p.organisatie for p in t.partijen] == ["Wijkkracht", "Stadsbank Oost Nederland"]
    # the household's plan with goals counts as the plan AVE 3 asks for
    assert not any("plan" in m for m in ave.toestand(ctx, gid).ontbreekt)
    assert not next(c for c in ave.mijn_casussen(ctx) if c.gesprek_id == gid).plan_ontbreekt
    assert [d.label for d in t.doelen] == ["Schulden", "Meedoen"]
    assert t.afspraken[0].wie == "Wijkkracht" and t.afspraken[0].status == "open"
    assert t.overleggen[0].besluiten.startswith("GEHEIM-BESLUIT")
    assert "GEHEIM-BESLUIT" not in audit_teksten(ctx)   # no free text copied into the audit

    # bad input: a Dutch message naming the field, nothing written
    with ctx.sessions() as s:
        voor = len(list(s.scalars(select(Afspraak))))
    with pytest.raises(regie.RegieFout) as fout:
        regie.voeg_afspraak_toe(ctx, gid, dom.AfspraakInvoer("", "iets"))
    assert fout.value.veld == "wie" and "Vul" in fout.value.message
    with pytest.raises(regie.RegieFout) as fout:
        regie.leg_overleg_vast(ctx, gid, dom.OverlegInvoer("evaluatie", VANDAAG, "", "loopt goed"))
    assert fout.value.veld == "volgende_evaluatie"
    with ctx.sessions() as s:
        assert len(list(s.scalars(select(Afspraak)))) == voor
        assert len(list(s.scalars(select(PlanOverleg)))) == 1

    # the next MDO planned ahead: its date now, its decisions once held
    t = regie.leg_overleg_vast(ctx, gid, dom.OverlegInvoer("mdo", VANDAAG + timedelta(days=14), "Wijkkracht"))
    assert [(o.datum, o.besluiten) for o in t.overleggen][-1] == (VANDAAG + timedelta(days=14), "")

    # time watched: without an evaluation date for longer than the configured period, and past the date
    later = VANDAAG + timedelta(days=200)
    assert any("zonder evaluatiedatum" in x for x in regie.plan_toestand(ctx, gid, peildatum=later).signalen)
    with ctx.sessions.begin() as s:
        s.get(Gesprek, gid).evaluatiedatum = VANDAAG - timedelta(days=5)
    t = regie.plan_toestand(ctx, gid)
    assert t.signalen and "Evaluatie te laat: 5 dagen" in t.signalen[0]
    items = [i for i in werkvoorraad.werkvoorraad(ctx) if i.soort == "regie"]
    assert [i.gesprek_id for i in items] == [gid] and items[0].te_laat and items[0].eigenaar == pr1.naam

    # evaluation: decisions and the next date; the warning is gone
    t = regie.leg_overleg_vast(ctx, gid, dom.OverlegInvoer("evaluatie", VANDAAG, "", "Plan loopt",
                                                           VANDAAG + timedelta(days=42)))
    assert t.evaluatiedatum == VANDAAG + timedelta(days=42) and t.signalen == []

    # afschalen closes the plan with the reason; the case leaves the regisseur's list
    with pytest.raises(regie.RegieFout):
        regie.schaal_af(ctx, gid, 2, "   ")
    t = regie.schaal_af(ctx, gid, 2, "Schulden geregeld, Wijkkracht neemt de casusregie")
    assert t.status == "gesloten" and t.sluitreden.startswith("Schulden geregeld")
    assert [r.soort for r in t.verloop] == ["bevestigd", "afschalen"]
    assert gid not in [c.gesprek_id for c in ave.mijn_casussen(ctx)]
    with pytest.raises(regie.RegieFout):
        regie.voeg_doel_toe(ctx, gid, dom.DoelInvoer("leefgebied", "wonen", "x"))
    with ctx.sessions() as s:
        assert s.scalar(select(RegiePlan).where(RegiePlan.gesprek_id == gid)).status == "gesloten"


def test_teamleider_assigns_and_reassigns_and_is_alerted_to_ave4(db):
    ctx, _ = db
    mw, pr1, pr2, tl = mensen(ctx)
    oud = drie_leefgebieden(ctx, mw, naam="Demo-Sanne Jansen (synthetisch)", aanmelding=VANDAAG - timedelta(days=800))
    nieuw = drie_leefgebieden(ctx, mw)
    rood = maak_gesprek(ctx, naam="Demo-Wim Pot (synthetisch)", medewerker_id=mw.id, acuut_onveilig=True)
    ctx.user = mw
    for g in (nieuw, oud, rood):
        ave.bevestig_fase(ctx, g, 4 if g == rood else 3)
    # a case that sat in AVE 3 for 710 days before the queue existed (as in older databases)
    with ctx.sessions.begin() as s:
        s.get(Gesprek, oud).ave_fase_sinds = VANDAAG - timedelta(days=710)
        s.execute(RegiePlan.__table__.delete().where(RegiePlan.gesprek_id == oud))
    ctx.user = tl
    q = regie.wachtrij(ctx)
    assert [r.gesprek_id for r in q][:1] == [oud]      # oldest first
    assert any("710 dagen" in x for x in q[0].signalen)
    with pytest.raises(PermissionDenied):
        regie.pak_op(ctx, oud)
    t = regie.wijs_toe(ctx, oud, pr2.id)
    assert t.regisseur == pr2.naam and t.toegewezen_door == tl.naam
    # assigning again from a stale queue: told, nothing changed
    with pytest.raises(regie.AlOpgepakt):
        regie.wijs_toe(ctx, oud, pr1.id)
    # reassigning on purpose: the current regisseur is named
    assert regie.wijs_toe(ctx, oud, pr1.id, verwacht=pr2.id).regisseur == pr1.naam
    assert "overgedragen door de teamleider" in audit_teksten(ctx)

    meld = regie.ave4_meldingen(ctx)
    assert [m.gesprek_id for m in meld] == [rood]
    assert set(meld[0].ontbreekt) == {"ketenpartner die de regie heeft", "contactpersoon van de balie"}
    ctx.user = mw
    regie.zet_ketenpartner(ctx, rood, "regio-veilig-thuis-twente", mw.id)
    with pytest.raises(regie.RegieFout):
        regie.zet_ketenpartner(ctx, rood, "hb-wijkkracht", mw.id)
    ctx.user = tl
    m = regie.ave4_meldingen(ctx)[0]
    assert m.ontbreekt == () and "Veilig Thuis" in m.ketenpartner and m.contact == mw.naam


def test_caseloads_owner_filters_reassign_and_deactivated_worker(db):
    ctx, _ = db
    mw, pr1, _pr2, tl = mensen(ctx)
    mw2 = gebruiker(ctx, "mw2", "Noor Nieuw (synthetisch)", "medewerker")
    a = maak_gesprek(ctx, naam="Demo-Anna Veldkamp (synthetisch)", medewerker_id=mw.id)
    b = maak_gesprek(ctx, naam="Demo-Bram Slot (synthetisch)", medewerker_id=mw2.id)
    c = maak_gesprek(ctx, naam="Demo-Daan Pot (synthetisch)")
    ctx.user = mw
    assert [r.gesprek_id for r in regie.caseload(ctx, "mijn")] == [a]
    assert {r.gesprek_id for r in regie.caseload(ctx, "team")} == {a, b, c}
    assert [r.gesprek_id for r in regie.caseload(ctx, "zonder")] == [c]
    with pytest.raises(PermissionDenied):
        regie.draag_over(ctx, c, mw.id)

    # the werkvoorraad shows the owner and filters on it
    ctx.user = tl
    regie.draag_over(ctx, c, mw.id)
    with pytest.raises(ConcurrentEdit):
        regie.draag_over(ctx, c, mw2.id)            # the list showed 'no owner', it has one now
    assert "eigenaar overgedragen" in audit_teksten(ctx)

    # a worker who leaves leaves no orphans: their cases show up as unassigned
    with ctx.sessions.begin() as s:
        s.get(Gebruiker, mw2.id).actief = False
    rows = {r.gesprek_id: r for r in regie.caseload(ctx, "team")}
    assert rows[b].eigenaar == regie.ZONDER_EIGENAAR and rows[b].eigenaar_id is None
    assert [r.gesprek_id for r in regie.caseload(ctx, "zonder")] == [b]
    regie.draag_over(ctx, b, mw.id, verwacht=mw2.id)
    assert regie.caseload(ctx, "zonder") == []
    ctx.user = mw
    assert {r.gesprek_id for r in regie.caseload(ctx, "mijn")} == {a, b, c}


def test_deactivated_regisseur_returns_case_to_queue(db):
    ctx, _ = db
    mw, pr1, pr2, _tl = mensen(ctx)
    gid = drie_leefgebieden(ctx, mw)
    ctx.user = mw
    ave.bevestig_fase(ctx, gid, 3)
    ctx.user = pr1
    regie.pak_op(ctx, gid)
    with ctx.sessions.begin() as s:
        s.get(Gebruiker, pr1.id).actief = False
    ctx.user = pr2
    rij = next(r for r in regie.wachtrij(ctx) if r.gesprek_id == gid)
    assert rij.vorige_regisseur == pr1.naam
    assert regie.pak_op(ctx, gid, verwacht=pr1.id).regisseur == pr2.naam


def test_printed_plan_b1_safe_version_and_partner_copy(db, tmp_path):
    ctx, _ = db
    mw, pr1, _pr2, _tl = mensen(ctx)
    gid = maak_gesprek(ctx, naam="Demo-Karin Bosch (synthetisch)", medewerker_id=mw.id,
                       vermoeden_huiselijk_geweld=True, signalen=[("schulden", 2), ("veiligheid", 2)])
    ctx.user = mw
    ave.bevestig_fase(ctx, gid, 3)
    ctx.user = pr1
    regie.pak_op(ctx, gid)
    regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("Veilig Thuis Twente", "", "advies",
                                                     voorziening_id="regio-veilig-thuis-twente",
                                                     delen=("afspraken",), toestemming_op=VANDAAG))
    regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("Budgetmaatjes", "Jan (synthetisch)", "thuisadministratie",
                                                     delen=("doelen",), toestemming_op=VANDAAG))
    regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("Huisarts", "", "medisch"))
    regie.voeg_doel_toe(ctx, gid, dom.DoelInvoer("leefgebied", "schulden", "Rust in de post"))
    regie.voeg_doel_toe(ctx, gid, dom.DoelInvoer("leefgebied", "veiligheid", "Veilig thuis zijn"))
    regie.voeg_afspraak_toe(ctx, gid, dom.AfspraakInvoer("Budgetmaatjes", "komt elke week langs"))
    regie.leg_overleg_vast(ctx, gid, dom.OverlegInvoer("mdo", VANDAAG, "", "Veiligheidsplan opstellen"))

    tekst = pdf_tekst(regie.maak_samenvatting_pdf(ctx, gid, tmp_path / "plan.pdf"))
    assert "Ons plan" in tekst and "Rust in de post" in tekst and "Budgetmaatjes" in tekst
    for weg in ("Veilig Thuis", "Veilig thuis zijn", "Veiligheidsplan", "AVE"):
        assert weg not in tekst, weg                    # the safe version tells nothing of the concern

    t = regie.plan_toestand(ctx, gid)
    bm = next(p for p in t.partijen if p.organisatie == "Budgetmaatjes")
    kopie = pdf_tekst(regie.maak_partnerkopie_pdf(ctx, gid, bm.id, tmp_path / "bm.pdf"))
    assert "Rust in de post" in kopie and "komt elke week langs" not in kopie and "Veiligheidsplan" not in kopie
    huisarts = next(p for p in t.partijen if p.organisatie == "Huisarts")
    with pytest.raises(regie.RegieFout) as exc:
        regie.maak_partnerkopie_pdf(ctx, gid, huisarts.id, tmp_path / "ha.pdf")
    assert "toestemming" in exc.value.message and not (tmp_path / "ha.pdf").exists()
    with pytest.raises(regie.RegieFout) as exc:
        regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("School", delen=("doelen",)))
    assert exc.value.veld == "toestemming_op"


def test_anonymising_wipes_the_plans_free_text(db):
    from toegang_app.services import vervolg

    ctx, _ = db
    mw, pr1, _pr2, _tl = mensen(ctx)
    gid = drie_leefgebieden(ctx, mw)
    ctx.user = mw
    ave.bevestig_fase(ctx, gid, 3)
    vervolg.voeg_afspraak_toe(ctx, gid, dom.AfspraakInvoer("Inwoner", "belt zus Ria (synthetisch)"))
    ctx.user = pr1
    regie.pak_op(ctx, gid)
    regie.voeg_partij_toe(ctx, gid, dom.PartijInvoer("Wijkkracht", "Anna (synthetisch)", "steun"))
    regie.voeg_doel_toe(ctx, gid, dom.DoelInvoer("leefgebied", "schulden", "Geheim doel"))
    regie.voeg_afspraak_toe(ctx, gid, dom.AfspraakInvoer("Wijkkracht", "Geheime afspraak"))
    regie.leg_overleg_vast(ctx, gid, dom.OverlegInvoer("mdo", VANDAAG, "Anna", "Geheim besluit"))
    with ctx.sessions.begin() as s:
        regie.wis_vrije_tekst(s, s.get(Gesprek, gid))
    t = regie.plan_toestand(ctx, gid)
    tekst = repr(t.partijen) + repr(t.doelen) + repr(t.afspraken) + repr(t.overleggen)
    for weg in ("Anna", "Geheim", "Ria"):
        assert weg not in tekst + repr(vervolg.toestand(ctx, gid).eigen)
    assert [d.gebied for d in t.doelen] == ["schulden"] and len(t.afspraken) == 1 and t.overleggen[0].soort == "mdo"
