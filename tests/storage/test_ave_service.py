"""AVE service: proposals for realistic conversations as stored, confirm/override with reasons, the
history of op- and afschalen, procesregie from AVE 3 and the procesregisseur's own case list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import MEDEWERKER, MEDEWERKER_TW, TEAMLEIDER, maak_gesprek
from toegang_app.domain.triage import triage_result
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.errors import ConcurrentEdit, PermissionDenied, UserError
from toegang_app.services import ave
from toegang_app.services.auth import CurrentUser
from toegang_app.storage.models import AuditRegel, AveWijziging, Gebruiker, Gesprek

VANDAAG = date.today()


def maak_gebruiker(ctx, gebruikersnaam: str, naam: str, rol: str = "procesregisseur", team: str | None = "haaksbergen",
                   actief: bool = True) -> CurrentUser:
    with ctx.sessions.begin() as s:
        g = Gebruiker(gebruikersnaam=gebruikersnaam, naam=naam, rol=rol, team=team, actief=actief,
                      aangemaakt_op=datetime.now())
        s.add(g)
        s.flush()
        return CurrentUser(id=g.id, gebruikersnaam=gebruikersnaam, naam=naam, rol=rol, team=team)


def rij(ctx, gid: int) -> Gesprek:
    with ctx.sessions() as s:
        g = s.get(Gesprek, gid)
        s.expunge(g)
        return g


def wijzigingen(ctx, gid: int) -> list[AveWijziging]:
    with ctx.sessions() as s:
        rows = list(s.scalars(select(AveWijziging).where(AveWijziging.gesprek_id == gid).order_by(AveWijziging.id)))
        for r in rows:
            s.expunge(r)
        return rows


def audit_rijen(ctx, gid: int, veld: str | None = None) -> list[AuditRegel]:
    with ctx.sessions() as s:
        q = select(AuditRegel).where(AuditRegel.object_type == "gesprek", AuditRegel.object_id == str(gid))
        if veld:
            q = q.where(AuditRegel.veld == veld)
        return list(s.scalars(q.order_by(AuditRegel.id)))


# -- realistic cases, stored and proposed -------------------------------------------------------------

CASES = [
    # (description, gesprek fields, expected phase, words that must appear in the reasons)
    ("gewone vraag over een regeling", dict(vraag="Hoe vraag ik de energietoeslag aan?",
                                          scores={"lichaamsfuncties": 7, "meedoen": 8}), 1, ["geen problemen"]),
    ("alleen zorgen", dict(signalen=[("eenzaamheid", 1)]), 1, ["zorgen", "eenzaamheid"]),
    ("één probleem", dict(signalen=[("financien", 2)]), 2, ["financi"]),
    ("crisis alleen", dict(dreigende_ontruiming=True), 2, ["dreigende ontruiming"]),
    ("overbelaste mantelzorger", dict(mantelzorger=True, mantelzorger_overbelast=True), 2, ["overbelast"]),
    ("stagnatie met twee partijen", dict(samenwerking_stagneert=True, betrokken_partijen=2), 2,
     ["samenwerking stagneert"]),
    ("drie leefgebieden", dict(signalen=[("schulden", 3), ("wonen", 2), ("psychische_gezondheid", 2)]), 3,
     ["3 leefgebieden", "schulden", "wonen"]),
    ("stagnatie met vier partijen", dict(samenwerking_stagneert=True, betrokken_partijen=4,
                                         signalen=[("schulden", 2)]), 3, ["4 betrokken partijen"]),
    ("crisis en meer problemen", dict(afsluiting_energie_water=True, signalen=[("schulden", 2), ("wonen", 2)]), 3,
     ["afsluiting energie", "2 leefgebieden"]),
    ("eigen regie beperkt", dict(scores={"dagelijks_functioneren": 2}, betrokken_partijen=2,
                                 signalen=[("zelfzorg_huishouden", 2), ("mobiliteit", 2)]), 3,
     ["dagelijks functioneren 2/10"]),
    ("vermoeden huiselijk geweld", dict(vermoeden_huiselijk_geweld=True), 3, ["huiselijk geweld"]),
    ("vermoeden huiselijk geweld, ernstig", dict(vermoeden_huiselijk_geweld=True, signalen=[("veiligheid", 3)]), 4,
     ["veiligheid: ernstig"]),
    ("acute onveiligheid", dict(acuut_onveilig=True, signalen=[("eenzaamheid", 2)]), 4, ["acute onveiligheid"]),
]


@pytest.mark.parametrize("naam,velden,fase,woorden", CASES, ids=[c[0] for c in CASES])
def test_stored_case_gets_proposal_and_is_confirmed_with_it(ctx, naam, velden, fase, woorden):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, **velden)
    t = ave.bevestig_fase(ctx, gid, fase)   # confirming the proposal needs no reason
    assert t.fase == fase and t.fase_sinds == VANDAAG
    [w] = wijzigingen(ctx, gid)
    assert (w.naar_fase, w.voorgestelde_fase, w.soort, w.overschreven) == (fase, fase, "bevestigd", False)
    # the same answers through the pure proposal: the driving answers are named
    from toegang_app.services.gesprekken import laad_gesprek

    v = ave.voorstel(ctx, laad_gesprek(ctx, gid).to_uitvraag())
    assert v.fase == fase
    tekst = " | ".join(v.redenen)
    for woord in woorden:
        assert woord in tekst, (woord, tekst)
    assert v.info.nummer == fase and v.info.regie and v.info.kleur_naam


def test_explanation_names_answers_and_rules(ctx):
    u = parse_uitvraag({"gemeente": "twenterand", "kern": "Vriezenveen",
                        "signalen": [{"leefgebied": "schulden", "ernst": 3}, {"leefgebied": "wonen", "ernst": 2},
                                     {"leefgebied": "opvoeden_opgroeien", "ernst": 2}],
                        "betrokken_partijen": 5, "samenwerking_stagneert": True})
    v = ave.voorstel(ctx, u)
    assert v.fase == 3
    assert len(v.redenen) == 2 and v.redenen[1] == "samenwerking stagneert met 5 betrokken partijen"
    assert v.redenen[0].startswith("problemen op 3 leefgebieden (schulden, wonen, ")
    assert set(v.regels) == {"problemen_op_veel_leefgebieden", "samenwerking_stagneert_veel_partijen"}
    assert any("procesregie" in x for x in v.uitleg)
    assert v.info.kleur_naam == "oranje" and "Procesregisseur" in v.info.regie


def test_same_rules_as_triage(ctx):
    res = ctx.resources
    for doc in ({"gemeente": "haaksbergen"},
                {"gemeente": "haaksbergen", "crisis": {"dreigende_ontruiming": True}},
                {"gemeente": "haaksbergen", "veiligheid": {"acuut_onveilig": True}},
                {"gemeente": "twenterand", "signalen": [{"leefgebied": "wonen", "ernst": 3},
                                                        {"leefgebied": "schulden", "ernst": 3}]}):
        u = parse_uitvraag(doc)
        t = triage_result(u, list(res.kaart), res.ave, res.matching, res.termijnen, VANDAAG)
        v = ave.voorstel(ctx, u)
        assert (t.ave.fase, list(t.ave.redenen)) == (v.fase, list(v.redenen))


# -- confirm and override ---------------------------------------------------------------------------

def test_override_needs_reason_and_nothing_is_stored_without_one(ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    for leeg in (None, "", "   \n "):
        with pytest.raises(ave.AveInvoerFout) as exc:
            ave.bevestig_fase(ctx, gid, 3, reden=leeg, voorgestelde_fase=2)
        assert exc.value.veld == "reden"
        assert "AVE 3" in exc.value.message and "AVE 2" in exc.value.message and "waarom" in exc.value.message
    assert wijzigingen(ctx, gid) == [] and rij(ctx, gid).ave_fase is None
    t = ave.bevestig_fase(ctx, gid, 3, reden="  Drie hulpverleners, niemand heeft overzicht.  ", voorgestelde_fase=2)
    assert t.fase == 3
    [w] = wijzigingen(ctx, gid)
    assert w.overschreven is True and w.voorgestelde_fase == 2 and w.reden == "Drie hulpverleners, niemand heeft overzicht."
    assert w.medewerker == MEDEWERKER.naam
    [a] = audit_rijen(ctx, gid, "ave_fase")
    assert (a.oud, a.nieuw, a.gebruiker) == (None, "3", MEDEWERKER.gebruikersnaam)
    assert "niemand" not in (a.toelichting or "")   # free text stays out of the audit trail
    assert "afwijkend" in a.toelichting


def test_proposal_computed_from_stored_conversation_when_not_given(ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, acuut_onveilig=True)
    with pytest.raises(ave.AveInvoerFout):
        ave.bevestig_fase(ctx, gid, 2)   # stored proposal is AVE 4: choosing 2 is an override
    ave.bevestig_fase(ctx, gid, 4)
    assert wijzigingen(ctx, gid)[0].voorgestelde_fase == 4


def test_invalid_phase(ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx)
    for fase in (0, 5, True, "2"):
        with pytest.raises(ave.AveInvoerFout, match="Kies een AVE-fase"):
            ave.bevestig_fase(ctx, gid, fase, reden="x")


def test_history_complete_and_ordered(ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    ave.bevestig_fase(ctx, gid, 2)                                   # confirm proposal
    ave.bevestig_fase(ctx, gid, 2)                                   # confirm again: same phase, no reason
    # the conversation grows: the proposal goes to AVE 3 and the worker follows it
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        g.samenwerking_stagneert, g.betrokken_partijen = True, 3
    t = ave.bevestig_fase(ctx, gid, 3)
    collega = replace(MEDEWERKER, gebruikersnaam="mw2-hb", naam="Tweede Medewerker")
    ctx.user = collega
    ave.bevestig_fase(ctx, gid, 4, reden="Inwoner vertelt over bedreiging door ex-partner.", voorgestelde_fase=3)
    with pytest.raises(ave.AveInvoerFout, match="waarom"):
        ave.bevestig_fase(ctx, gid, 2, voorgestelde_fase=3)          # afschalen against the proposal: reason
    ave.bevestig_fase(ctx, gid, 2, reden="Veiligheidsplan staat, Veilig Thuis bewaakt.", voorgestelde_fase=3)

    h = ave.geschiedenis(ctx, gid)
    assert [(w.van_fase, w.naar_fase, w.soort) for w in h] == [
        (None, 2, "bevestigd"), (2, 2, "bevestigd"), (2, 3, "opschalen"), (3, 4, "opschalen"), (4, 2, "afschalen")]
    assert [w.medewerker for w in h] == [MEDEWERKER.naam] * 3 + ["Tweede Medewerker"] * 2
    assert [w.op for w in h] == sorted(w.op for w in h)
    assert h[2].reden.startswith(ave.VOLGT_VOORSTEL) and "samenwerking stagneert" in h[2].reden
    assert h[2].overschreven is False and h[3].overschreven is True and h[4].overschreven is True
    assert h[1].reden is None
    assert h[3].omschrijving == "AVE 3 → AVE 4 (opgeschaald), anders dan het voorstel (AVE 3)"
    assert h[0].omschrijving == "AVE 2 bevestigd"
    assert t.geschiedenis == tuple(h[:3])
    g = rij(ctx, gid)
    assert g.ave_fase == 2 and g.ave_fase_sinds == VANDAAG
    assert [a.nieuw for a in audit_rijen(ctx, gid, "ave_fase")] == ["2", "2", "3", "4", "2"]


def test_phase_since_only_moves_on_a_change(ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    ave.bevestig_fase(ctx, gid, 2)
    earlier = VANDAAG - timedelta(days=20)
    with ctx.sessions.begin() as s:
        s.get(Gesprek, gid).ave_fase_sinds = earlier
    t = ave.bevestig_fase(ctx, gid, 2)
    assert t.fase_sinds == earlier and t.dagen_in_fase == 20
    t = ave.bevestig_fase(ctx, gid, 3, reden="Meer partijen betrokken", voorgestelde_fase=2)
    assert t.fase_sinds == VANDAAG and t.dagen_in_fase == 0


def test_stale_version_is_refused_and_nothing_changes(ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    versie = rij(ctx, gid).versie
    t = ave.bevestig_fase(ctx, gid, 2, verwachte_versie=versie)
    assert t.versie > versie
    with pytest.raises(ConcurrentEdit, match="intussen"):
        ave.bevestig_fase(ctx, gid, 3, reden="x", voorgestelde_fase=2, verwachte_versie=versie)
    assert rij(ctx, gid).ave_fase == 2 and len(wijzigingen(ctx, gid)) == 1


def test_roles_and_desks(ctx):
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    ctx.user = MEDEWERKER_TW
    with pytest.raises(PermissionDenied, match="andere balie"):
        ave.bevestig_fase(ctx, gid, 2)
    ctx.user = TEAMLEIDER
    with pytest.raises(PermissionDenied):
        ave.bevestig_fase(ctx, gid, 2)
    with pytest.raises(PermissionDenied):
        ave.geschiedenis(ctx, gid)
    with pytest.raises(PermissionDenied):   # a team lead never sees the names on the case list
        ave.mijn_casussen(ctx)
    assert wijzigingen(ctx, gid) == []


# -- procesregie ------------------------------------------------------------------------------------

def test_procesregisseurs_of_a_desk(ctx):
    a = maak_gebruiker(ctx, "pr-a", "Anne Regisseur")
    maak_gebruiker(ctx, "pr-oud", "Oud Regisseur", actief=False)
    maak_gebruiker(ctx, "pr-tw", "Twenterand Regisseur", team="twenterand")
    maak_gebruiker(ctx, "mw-x", "Gewone Medewerker", rol="medewerker")
    b = maak_gebruiker(ctx, "pr-b", "Bert Regisseur")
    ctx.user = MEDEWERKER
    assert [r.id for r in ave.procesregisseurs(ctx, "haaksbergen")] == [a.id, b.id]
    with pytest.raises(PermissionDenied):
        ave.procesregisseurs(ctx, "twenterand")
    assert [r.naam for r in ave.procesregisseurs(ctx, None)] == ["Anne Regisseur", "Bert Regisseur"]


def test_assign_procesregisseur_from_ave3(ctx):
    pr = maak_gebruiker(ctx, "pr-a", "Anne Regisseur")
    mw = maak_gebruiker(ctx, "mw-y", "Yvonne Medewerker", rol="medewerker")
    pr_tw = maak_gebruiker(ctx, "pr-tw", "Twenterand Regisseur", team="twenterand")
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    ave.bevestig_fase(ctx, gid, 2)
    evaluatie = VANDAAG + timedelta(days=42)
    with pytest.raises(ave.AveInvoerFout, match="vanaf AVE 3"):
        ave.wijs_regisseur_toe(ctx, gid, pr.id, "Plan", evaluatie)
    t = ave.bevestig_fase(ctx, gid, 3, reden="Vier partijen, niemand coördineert.", voorgestelde_fase=2)
    assert set(t.ontbreekt) == {"In AVE 3 is een procesregisseur verplicht.",
                                "In AVE 3 is een plan (één gezin, één plan) verplicht.",
                                "In AVE 3 is een evaluatiedatum verplicht."}
    with pytest.raises(ave.AveInvoerFout) as exc:
        ave.wijs_regisseur_toe(ctx, gid, pr.id, "  ", evaluatie)
    assert exc.value.veld == "plan" and "plan" in exc.value.message
    with pytest.raises(ave.AveInvoerFout) as exc:
        ave.wijs_regisseur_toe(ctx, gid, pr.id, "Plan", None)
    assert exc.value.veld == "evaluatiedatum"
    with pytest.raises(ave.AveInvoerFout) as exc:
        ave.wijs_regisseur_toe(ctx, gid, None, "Plan", evaluatie)
    assert exc.value.veld == "procesregisseur"
    with pytest.raises(ave.AveInvoerFout, match="actieve procesregisseur"):
        ave.wijs_regisseur_toe(ctx, gid, mw.id, "Plan", evaluatie)
    with pytest.raises(ave.AveInvoerFout, match="andere balie"):
        ave.wijs_regisseur_toe(ctx, gid, pr_tw.id, "Plan", evaluatie)
    with pytest.raises(ave.AveInvoerFout, match="verleden"):
        ave.wijs_regisseur_toe(ctx, gid, pr.id, "Plan", VANDAAG - timedelta(days=1))
    g = rij(ctx, gid)
    assert (g.procesregisseur_id, g.plan, g.evaluatiedatum) == (None, None, None)

    t = ave.wijs_regisseur_toe(ctx, gid, pr.id, " MDO op 3 maart; schuldhulp en woningcorporatie aan tafel. ",
                               evaluatie, verwachte_versie=t.versie)
    assert t.ontbreekt == () and t.procesregisseur_naam == "Anne Regisseur"
    g = rij(ctx, gid)
    assert g.procesregisseur_id == pr.id and g.evaluatiedatum == evaluatie
    assert g.plan == "MDO op 3 maart; schuldhulp en woningcorporatie aan tafel."
    velden = {a.veld: a for a in audit_rijen(ctx, gid) if a.actie == "gewijzigd"}
    assert velden["procesregisseur_id"].nieuw == str(pr.id)
    assert velden["evaluatiedatum"].nieuw == evaluatie.isoformat()
    assert velden["plan"].nieuw is None and velden["plan"].toelichting == "tekst gewijzigd"
    with pytest.raises(ConcurrentEdit):
        ave.wijs_regisseur_toe(ctx, gid, pr.id, "Ander plan", evaluatie, verwachte_versie=t.versie - 1)


def test_review_falls_due(ctx):
    pr = maak_gebruiker(ctx, "pr-a", "Anne Regisseur")
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, vermoeden_huiselijk_geweld=True)
    ave.bevestig_fase(ctx, gid, 3)
    evaluatie = VANDAAG + timedelta(days=14)
    ave.wijs_regisseur_toe(ctx, gid, pr.id, "Plan", evaluatie)
    assert ave.toestand(ctx, gid, peildatum=evaluatie - timedelta(days=1)).evaluatie_verlopen is False
    assert ave.toestand(ctx, gid, peildatum=evaluatie).evaluatie_verlopen is True
    assert ave.toestand(ctx, gid, peildatum=evaluatie + timedelta(days=3)).evaluatie_verlopen is True


def test_mijn_casussen(ctx):
    anne = maak_gebruiker(ctx, "pr-a", "Anne Regisseur")
    bert = maak_gebruiker(ctx, "pr-b", "Bert Regisseur")
    ctx.user = MEDEWERKER

    def casus(naam, fase, regisseur, dagen, **velden):
        gid = maak_gesprek(ctx, naam=naam, vermoeden_huiselijk_geweld=True, **velden)
        ave.bevestig_fase(ctx, gid, 3)
        ave.wijs_regisseur_toe(ctx, gid, regisseur.id, "Plan", VANDAAG + timedelta(days=dagen))
        if fase != 3:
            ave.bevestig_fase(ctx, gid, fase, reden="Situatie veranderd", voorgestelde_fase=3)
        return gid

    laat = casus("Eerste Inwoner (synthetisch)", 3, anne, 10)
    vroeg = casus("Tweede Inwoner (synthetisch)", 4, anne, 3)
    casus("Van Bert (synthetisch)", 3, bert, 5)
    afgeschaald = casus("Afgeschaald (synthetisch)", 2, anne, 5)
    dicht = casus("Afgerond (synthetisch)", 3, anne, 5)
    with ctx.sessions.begin() as s:
        s.get(Gesprek, dicht).status = "afgerond"

    ctx.user = anne
    peil = VANDAAG + timedelta(days=7)
    rows = ave.mijn_casussen(ctx, peildatum=peil)
    assert [r.gesprek_id for r in rows] == [vroeg, laat]      # overdue review first
    assert afgeschaald not in [r.gesprek_id for r in rows]
    r = rows[0]
    assert r.inwoner_naam == "Tweede Inwoner (synthetisch)" and r.fase == 4
    assert r.evaluatie_verlopen is True and r.dagen_tot_evaluatie == -4 and r.dagen_in_fase == 7
    assert rows[1].evaluatie_verlopen is False and rows[1].dagen_tot_evaluatie == 3
    assert rows[1].plan_ontbreekt is False and rows[1].synthetisch is True
    with ctx.sessions() as s:
        assert s.scalars(select(AuditRegel).where(AuditRegel.object_type == "ave_casussen")).all()
        # issue 19, item 12: each resident the list shows by name is audited as shown
        getoond = {r.object_id for r in s.scalars(select(AuditRegel).where(
            AuditRegel.actie == "getoond", AuditRegel.toelichting == "AVE-casussen"))}
        assert getoond == {str(s.get(Gesprek, g).inwoner_id) for g in (vroeg, laat)}
    ctx.user = bert
    assert [r.inwoner_naam for r in ave.mijn_casussen(ctx, peildatum=peil)] == ["Van Bert (synthetisch)"]
    ctx.user = replace(anne, id=None)
    with pytest.raises(UserError, match="niet gekoppeld"):
        ave.mijn_casussen(ctx)


def test_not_loaded_config_is_a_dutch_message(ctx):
    ctx.user = MEDEWERKER
    ctx.resources.ave = None
    with pytest.raises(UserError, match="ave.yaml"):
        ave.voorstel(ctx, parse_uitvraag({"gemeente": "haaksbergen"}))


def test_flow_on_postgresql(pg_ctx):
    ctx = pg_ctx
    pr = maak_gebruiker(ctx, "pr-a", "Anne Regisseur")
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("schulden", 3), ("wonen", 3)])
    t = ave.bevestig_fase(ctx, gid, 3)
    with pytest.raises(ave.AveInvoerFout):
        ave.bevestig_fase(ctx, gid, 1, voorgestelde_fase=3)
    ave.wijs_regisseur_toe(ctx, gid, pr.id, "Plan", VANDAAG + timedelta(days=1), verwachte_versie=t.versie)
    ave.bevestig_fase(ctx, gid, 4, reden="Dreiging", voorgestelde_fase=3)
    assert [w.soort for w in ave.geschiedenis(ctx, gid)] == ["bevestigd", "opschalen"]
    ctx.user = pr
    [c] = ave.mijn_casussen(ctx, peildatum=VANDAAG + timedelta(days=1))
    assert c.fase == 4 and c.evaluatie_verlopen
