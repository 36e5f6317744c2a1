"""Safety as stored (SQLite file and PostgreSQL): the Meldcode steps with date, worker and note, the
afwegingskader deciding melden, refusals that write nothing, the audit trail without notes, roles and
desks, the summary version, and the hand-overs to Veilig Thuis (what is shared, whether the resident
knows)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import MEDEWERKER, MEDEWERKER_TW, TEAMLEIDER
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConcurrentEdit, PermissionDenied, UserError
from toegang_app.services import gesprekken as svc
from toegang_app.services import veiligheid as vsvc
from toegang_app.services import verwijzingen as rsvc
from toegang_app.storage.models import AuditRegel, GesprekVeiligheid, MeldcodeStap, VerwijzingVeiligheid

VANDAAG = date.today()
GISTEREN = VANDAAG - timedelta(days=1)
NOTITIE = "Moeder vertelt dat haar ex dreigt als hij de kinderen ophaalt."   # synthetic


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    """The same tests on a real SQLite file and on the real PostgreSQL server."""
    return request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")


def gesprek(ctx, *, vermoeden=False, acuut=False, signaal: int | None = None) -> int:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Sanne Veilig (synthetisch)"
    d.inwoner.geboortedatum = date(1996, 3, 4)
    d.veiligheid = {"acuut_onveilig": acuut, "vermoeden_huiselijk_geweld": vermoeden}
    if signaal:
        d.signalen = [svc.SignaalInvoer("veiligheid", signaal, "")]
    d.wat_veranderen = "Dat mijn ex me met rust laat."
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def audit(ctx, gid: int) -> list[AuditRegel]:
    with ctx.sessions() as s:
        return list(s.scalars(select(AuditRegel).where(AuditRegel.object_type == "gesprek",
                                                       AuditRegel.object_id == str(gid),
                                                       AuditRegel.veld.like("meldcode%")).order_by(AuditRegel.id)))


def stappen(ctx, gid: int) -> list[MeldcodeStap]:
    with ctx.sessions() as s:
        return list(s.scalars(select(MeldcodeStap).where(MeldcodeStap.gesprek_id == gid).order_by(MeldcodeStap.stap)))


def test_suspicion_is_not_acute_and_starts_at_step_one(db):
    gid = gesprek(db, vermoeden=True, signaal=2)
    t = vsvc.toestand(db, gid)
    assert t.signaal.soort == "vermoeden" and not t.signaal.acuut
    assert t.zorg and t.samenvatting_versie == "veilig"          # a concern recorded: safe summary by default
    assert t.stand == "Meldcode: nog niet gestart" and t.bereikte_stap == 0
    acuut = vsvc.toestand(db, gesprek(db, acuut=True))
    assert acuut.signaal.acuut
    geen = vsvc.toestand(db, gesprek(db))
    assert geen.signaal.soort == "geen" and not geen.zorg and geen.samenvatting_versie == "volledig"


def test_steps_with_date_worker_and_note_and_an_audit_without_the_note(db):
    gid = gesprek(db, vermoeden=True)
    vsvc.leg_stap_vast(db, gid, 1, GISTEREN, NOTITIE)
    t = vsvc.leg_stap_vast(db, gid, 2, VANDAAG, "Besproken met aandachtsfunctionaris.", advies_veilig_thuis=True,
                           advies_anoniem=True)
    assert t.stand == "Meldcode: stap 2 van 5 (collegiale consultatie en zo nodig advies bij Veilig Thuis)"
    assert t.meldcode.advies_veilig_thuis and t.meldcode.advies_anoniem
    rows = stappen(db, gid)
    assert [(r.stap, r.datum, r.medewerker) for r in rows] == [(1, GISTEREN, "Medewerker Haaksbergen"),
                                                               (2, VANDAAG, "Medewerker Haaksbergen")]
    assert rows[0].notitie == NOTITIE
    trail = audit(db, gid)
    assert [(a.veld, a.nieuw) for a in trail if a.veld.startswith("meldcode.stap")] == [
        ("meldcode.stap1", GISTEREN.isoformat()), ("meldcode.stap2", VANDAAG.isoformat())]
    assert ("meldcode.advies_anoniem", "ja") in [(a.veld, a.nieuw) for a in trail]
    # no personal data in the audit trail: never the note, only that it changed
    for a in trail:
        assert "ex" not in f"{a.oud} {a.nieuw} {a.toelichting}".split()
        assert NOTITIE not in f"{a.oud} {a.nieuw} {a.toelichting}"
    assert trail[0].toelichting == "notitie gewijzigd"


def test_refused_input_writes_nothing(db):
    gid = gesprek(db, vermoeden=True)
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 4, VANDAAG, afwegingen={"vermoeden": True})
    assert exc.value.veld == "stap" and "stap 1" in exc.value.message
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 1, VANDAAG + timedelta(days=1), "")
    assert exc.value.veld == "datum" and "toekomst" in exc.value.message
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 1, VANDAAG, "x" * 501)
    assert exc.value.veld == "notitie" and "500" in exc.value.message
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 2, VANDAAG, advies_veilig_thuis=False, advies_anoniem=True)
    assert exc.value.veld == "advies_anoniem"
    vsvc.leg_stap_vast(db, gid, 2, VANDAAG)
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 1, VANDAAG + timedelta(days=0), "")
        vsvc.leg_stap_vast(db, gid, 3, GISTEREN - timedelta(days=3), "")
    assert exc.value.veld == "datum"
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 3, VANDAAG, "", gesprek_overgeslagen=True)
    assert exc.value.veld == "notitie" and "waarom" in exc.value.message
    assert [r.stap for r in stappen(db, gid)] == [1, 2]
    with db.sessions() as s:
        row = s.get(GesprekVeiligheid, gid)
        assert row.gesprek_overgeslagen is False and row.afweging_vermoeden is None


def test_acute_or_structural_unsafety_means_melden(db):
    gid = gesprek(db, vermoeden=True)
    for n in (1, 2, 3):
        vsvc.leg_stap_vast(db, gid, n, VANDAAG, f"stap {n}")
    t = vsvc.leg_stap_vast(db, gid, 4, VANDAAG, afwegingen={"vermoeden": True, "acuut_of_structureel": True})
    assert t.weging.melden_verplicht and t.weging.uitkomst == "melden" and t.weging.volgende is None
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:
        vsvc.leg_stap_vast(db, gid, 5, VANDAAG, besluit="hulp")
    assert exc.value.veld == "besluit" and "acute of structurele onveiligheid" in exc.value.message
    assert 5 not in [r.stap for r in stappen(db, gid)]
    t = vsvc.leg_stap_vast(db, gid, 5, VANDAAG, "Melding gedaan, moeder weet ervan.", besluit="hulp_en_melden")
    assert t.stand == "Meldcode: besloten (hulp organiseren en melden bij Veilig Thuis)"
    assert ("meldcode.besluit", "hulp_en_melden") in [(a.veld, a.nieuw) for a in audit(db, gid)]
    # the weighing cannot be changed afterwards into one that contradicts the decision
    with pytest.raises(vsvc.VeiligheidInvoerFout):
        vsvc.leg_stap_vast(db, gid, 4, VANDAAG, afwegingen={"vermoeden": False})


def test_help_accepted_and_lasting_means_no_melding_needed(db):
    gid = gesprek(db, vermoeden=True)
    for n in (1, 2, 3):
        vsvc.leg_stap_vast(db, gid, n, VANDAAG, "")
    with pytest.raises(vsvc.VeiligheidInvoerFout) as exc:   # the afwegingen first
        vsvc.leg_stap_vast(db, gid, 5, VANDAAG, besluit="hulp")
    assert "stap 4" in exc.value.message
    t = vsvc.leg_stap_vast(db, gid, 4, VANDAAG, afwegingen={
        "vermoeden": True, "acuut_of_structureel": False, "hulp_mogelijk": True, "hulp_aanvaard": True,
        "duurzame_veiligheid": True})
    assert t.weging.uitkomst == "hulp" and not t.weging.melden_verplicht
    assert vsvc.leg_stap_vast(db, gid, 5, VANDAAG, besluit="hulp").meldcode.besluit == "hulp"


def test_roles_and_desks(db):
    gid = gesprek(db, vermoeden=True)
    db.user = TEAMLEIDER
    with pytest.raises(PermissionDenied):
        vsvc.toestand(db, gid)
    db.user = MEDEWERKER_TW
    with pytest.raises(PermissionDenied):
        vsvc.leg_stap_vast(db, gid, 1, VANDAAG, "")
    db.user = MEDEWERKER
    assert stappen(db, gid) == []


def test_two_workers_at_once(db):
    gid = gesprek(db, vermoeden=True)
    t = vsvc.leg_stap_vast(db, gid, 1, VANDAAG, "")
    vsvc.leg_stap_vast(db, gid, 2, VANDAAG, "", verwachte_versie=t.versie)
    with pytest.raises(ConcurrentEdit):
        vsvc.leg_stap_vast(db, gid, 3, VANDAAG, "", verwachte_versie=t.versie)   # saw the old state
    assert [r.stap for r in stappen(db, gid)] == [1, 2]


def test_summary_version_is_chosen_and_audited(db):
    gid = gesprek(db, vermoeden=True)
    assert vsvc.kies_samenvatting(db, gid, "volledig").samenvatting_versie == "volledig"
    t = vsvc.kies_samenvatting(db, gid, None)
    assert t.samenvatting_versie == "veilig" and t.samenvatting_keuze is None
    with db.sessions() as s:
        rows = list(s.scalars(select(AuditRegel).where(AuditRegel.veld == "samenvatting_versie")
                              .order_by(AuditRegel.id)))
    assert [(r.oud, r.nieuw) for r in rows] == [(None, "volledig"), ("volledig", "standaard")]
    with pytest.raises(vsvc.VeiligheidInvoerFout):
        vsvc.kies_samenvatting(db, gid, "half")


# -- hand-overs to Veilig Thuis ------------------------------------------------------------------------

VT = "regio-veilig-thuis-twente"


def test_advice_anonymous_and_melding_with_what_is_shared(db):
    gid = gesprek(db, vermoeden=True)
    rid = rsvc.maak_verwijzing(db, gid, VT, overdracht="advies_veilig_thuis", toestemming=False, anoniem=True,
                               inwoner_weet=True)
    mid = rsvc.maak_verwijzing(db, gid, VT, overdracht="melding_veilig_thuis", toestemming=False,
                               toestemming_delen="naam, adres, de signalen van stap 1", inwoner_weet=False,
                               waarom_niet="Het vertellen brengt de kinderen in gevaar.")
    info = {v.id: v for v in rsvc.verwijzingen_van(db, gid)}
    assert info[rid].overdracht == "advies_veilig_thuis" and info[rid].anoniem and info[rid].inwoner_weet
    assert info[rid].toestemming_delen is None                       # anonymous: nothing about her is shared
    assert info[mid].toestemming_delen == "naam, adres, de signalen van stap 1"
    assert info[mid].inwoner_weet is False and info[mid].waarom_niet.startswith("Het vertellen")
    # the kaart's contact data come along (0800-2000, veiligthuis.nl)
    assert info[mid].telefoon == "0800-2000" and info[mid].website == "https://veiligthuis.nl"
    t = vsvc.toestand(db, gid)
    assert t.melding_vastgelegd and t.advies_vastgelegd
    with db.sessions() as s:
        a = s.scalars(select(AuditRegel).where(AuditRegel.object_type == "verwijzing",
                                               AuditRegel.object_id == str(mid))).one()
    assert "inwoner weet nee" in a.toelichting and "kinderen" not in a.toelichting


@pytest.mark.parametrize("kwargs, veld", [
    (dict(overdracht="melding_veilig_thuis", anoniem=True, inwoner_weet=True), "anoniem"),
    (dict(overdracht="melding_veilig_thuis", inwoner_weet=True), "toestemming_delen"),
    (dict(overdracht="advies_veilig_thuis", anoniem=True), "inwoner_weet"),
    (dict(overdracht="advies_veilig_thuis", anoniem=True, inwoner_weet=False), "waarom_niet"),
])
def test_veilig_thuis_hand_over_refused_until_complete(ctx, kwargs, veld):
    gid = gesprek(ctx, vermoeden=True)
    with pytest.raises(InvalidInput) as exc:
        rsvc.maak_verwijzing(ctx, gid, VT, toestemming=False, **kwargs)
    assert exc.value.field == veld
    assert rsvc.verwijzingen_van(ctx, gid) == []
    with ctx.sessions() as s:
        assert s.scalars(select(VerwijzingVeiligheid)).all() == []


def test_veilig_thuis_hand_over_only_to_veilig_thuis(ctx):
    gid = gesprek(ctx, vermoeden=True)
    from toegang_app.services.kaart import effectieve_kaart

    other = next(v for v in effectieve_kaart(ctx) if v.actief and v.trede == 2 and "haaksbergen" in v.gemeenten)
    with pytest.raises(InvalidInput) as exc:
        rsvc.maak_verwijzing(ctx, gid, other.id, overdracht="melding_veilig_thuis", toestemming=False,
                             toestemming_delen="naam", inwoner_weet=True)
    assert exc.value.field == "overdracht" and "alleen bij Veilig Thuis" in exc.value.message


def test_without_the_resource_file_a_dutch_message(ctx):
    gid = gesprek(ctx, vermoeden=True)
    ctx.resources.veiligheid = None
    with pytest.raises(UserError) as exc:
        vsvc.toestand(ctx, gid)
    assert "veiligheid.yaml" in exc.value.message


def test_werkvoorraad_shows_the_open_meldcode_and_its_next_step(db):
    from toegang_app.services import werkvoorraad as wsvc

    gid = gesprek(db, vermoeden=True)
    assert [i for i in wsvc.werkvoorraad(db) if i.soort == "meldcode"] == []   # signal only: nothing started
    vsvc.leg_stap_vast(db, gid, 1, GISTEREN, "")
    vsvc.leg_stap_vast(db, gid, 2, VANDAAG, "")
    items = [i for i in wsvc.werkvoorraad(db, soorten={"meldcode"})]
    assert [(i.gesprek_id, i.wat, i.toelichting, i.datum, i.te_laat) for i in items] == [
        (gid, "Meldcode: stap 2 van 5 (collegiale consultatie en zo nodig advies bij Veilig Thuis)",
         "volgende: stap 3 (gesprek met de betrokkene)", VANDAAG, False)]
    assert items[0].soort_label == "Meldcode"
    db.user = MEDEWERKER_TW
    assert [i for i in wsvc.werkvoorraad(db) if i.soort == "meldcode"] == []   # another desk's case
    db.user = MEDEWERKER
    for n in (3,):
        vsvc.leg_stap_vast(db, gid, n, VANDAAG, "")
    vsvc.leg_stap_vast(db, gid, 4, VANDAAG, afwegingen={"vermoeden": True, "acuut_of_structureel": True})
    vsvc.leg_stap_vast(db, gid, 5, VANDAAG, besluit="melden")
    assert [i for i in wsvc.werkvoorraad(db) if i.soort == "meldcode"] == []   # decided: off the list


def test_anonymising_removes_the_meldcode_notes(db):
    from toegang_app.services import bewaren
    from toegang_app.storage.models import Gesprek

    gid = gesprek(db, vermoeden=True)
    vsvc.leg_stap_vast(db, gid, 1, VANDAAG, NOTITIE)
    rid = rsvc.maak_verwijzing(db, gid, VT, overdracht="melding_veilig_thuis", toestemming=False,
                               toestemming_delen="naam", inwoner_weet=False, waarom_niet="gevaar voor de kinderen")
    with db.sessions.begin() as s:
        bewaren._wis_gesprek(s, s.get(Gesprek, gid))
    [stap] = stappen(db, gid)
    assert (stap.stap, stap.datum, stap.notitie, stap.medewerker) == (1, VANDAAG, None, None)   # the fact stays
    with db.sessions() as s:
        assert s.get(VerwijzingVeiligheid, rid).waarom_niet is None
