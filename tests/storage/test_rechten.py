"""The resident's rights and the people around them (issue 22), on a real SQLite file and on PostgreSQL:
the Wmo verslag from a realistic case, the aanvraag date that starts the legal clock, a household with a
mantelzorger and the person cared for, a child of 14 whose referral asks the parent's consent, a
bewindvoerder for the money side only, and an inzage export that holds every record about the person and
nothing about anyone else; a correction keeps the old value out of the audit.

``TOEGANG_PDF_KEEP=DIR`` keeps the rendered PDFs and PNGs for a visual check.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.factories import BEHEERDER, MEDEWERKER, MEDEWERKER_TW
from toegang_app.domain import rechten as rules
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied
from toegang_app.services import gesprekken as svc
from toegang_app.services import handout as hsvc
from toegang_app.services import inzage as isvc
from toegang_app.services import rechten as rsvc
from toegang_app.services import termijnen as tsvc
from toegang_app.services import verwijzingen as vsvc
from sqlalchemy import select

from toegang_app.storage.models import AuditRegel, AvgCorrectie, Toestemming

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(params=["sqlite", "postgres"])
def any_ctx(request):
    return request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)


def _keep(path: Path) -> None:
    keep = os.environ.get("TOEGANG_PDF_KEEP")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(Path(keep) / path.stem)], check=True)


def _voorziening(ctx, trede=None, wet=None, leefgebied=None):
    from toegang_app.services.kaart import effectieve_kaart

    return next(v for v in effectieve_kaart(ctx) if v.actief and "haaksbergen" in v.gemeenten
                and (trede is None or v.trede == trede) and (wet is None or v.wet == wet)
                and (leefgebied is None or leefgebied in v.leefgebieden))


def _mevrouw(ctx, **over) -> int:
    """A realistic Wmo case (synthetic): 82, alone since her husband died, knee trouble, the household is
    too much; her daughter helps at weekends and is getting tired."""
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = over.pop("naam", "Mevrouw G. Verslag (synthetisch)")
    d.inwoner.geboortedatum = over.pop("geboortedatum", date(1944, 3, 9))
    d.inwoner.kern = "Buurse"
    d.aanmelding_datum = over.pop("aanmelding", date.today() - timedelta(days=10))
    d.kanaal, d.melder, d.huishouden = "telefoon", "netwerk", "alleenstaand"
    d.vraag = "Het huishouden lukt niet meer sinds mijn knie slechter is."
    d.signalen = [svc.SignaalInvoer("zelfzorg_huishouden", 2, "stofzuigen en de was lukken niet"),
                  svc.SignaalInvoer("eenzaamheid", 1, "")]
    d.dimensies["dagelijks_functioneren"] = svc.DimensieInvoer(3, True, "")
    d.dimensies["meedoen"] = svc.DimensieInvoer(4, True, "")
    d.wat_belangrijk = "Zelfstandig thuis blijven wonen"
    d.eigen_kracht = "Kookt zelf, doet boodschappen met de rollator"
    d.mantelzorger, d.mantelzorger_overbelast = True, True
    d.steun_van = ["dochter (weekend)"]
    d.wie_helpen = "Mijn dochter, maar die woont in Enschede"
    d.afspraken = "Ontmoetingsochtend proberen"
    for k, v in over.items():
        setattr(d, k, v)
    return svc.bewaar_gesprek(ctx, d).gesprek_id


# -- the verslag ---------------------------------------------------------------------------------------

def test_verslag_from_a_realistic_case_is_proposed_stored_audited_and_printed(any_ctx, tmp_path):
    ctx = any_ctx
    gid = _mevrouw(ctx)
    from toegang_app.services import suggesties

    suggesties.leg_onderbouwing_tekst_vast(ctx, gid, "zelfzorg_huishouden",
                                           "Dochter kan alleen in het weekend; de was- en strijkservice dekt het "
                                           "schoonmaken niet.")
    licht = _voorziening(ctx, trede=2)
    vsvc.maak_verwijzing(ctx, gid, licht.id, overdracht="zelf_melden", toestemming=False)

    voorstel = rsvc.verslag_voorstel(ctx, gid)
    assert list(voorstel) == list("abcdefg")
    assert "Het huishouden lukt niet meer" in voorstel["a"].tekst and "Zelfzorg en huishouden" in voorstel["a"].tekst
    assert "Kookt zelf" in voorstel["b"].tekst
    assert "dochter (weekend)" in voorstel["c"].tekst
    assert "zwaar belast" in voorstel["d"].tekst
    assert licht.naam in voorstel["e"].tekst
    assert voorstel["g"].tekst == "Niet besproken."   # never guessed: the worker fills it in

    punten = {k: p.tekst for k, p in voorstel.items()}
    punten["g"] = "Bij huishoudelijke ondersteuning betaalt u een eigen bijdrage volgens de regels van het CAK."
    with pytest.raises(InvalidInput) as exc:
        rsvc.maak_verslag(ctx, gid, {**punten, "f": "  "}, "Huishoudelijke ondersteuning past.", "aanvraag")
    assert exc.value.field == "punt_f"
    assert rsvc.verslagen_van(ctx, gid) == []          # nothing stored after refused input

    vid = rsvc.maak_verslag(ctx, gid, punten, "Lichte hulp is niet genoeg voor het schoonmaken. "
                            "Huishoudelijke ondersteuning past.", "aanvraag")
    rsvc.leg_reactie_vast(ctx, vid, "aanvulling", "Ik wil graag op dinsdag hulp, dan is mijn dochter er niet.")
    info = rsvc.verslag(ctx, vid)
    assert info.datum == date.today() and info.volgnummer == 1 and info.reactie_soort == "aanvulling"
    assert info.onderbouwingen[0][0] == "Zelfzorg en huishouden"

    pdf = rsvc.maak_verslag_pdf(ctx, vid, tmp_path / "verslag.pdf")
    _keep(pdf)
    if shutil.which("pdftoppm"):  # the page as an image: the title is there, in the accent colour, top left
        from tests.unit.test_handout_talen import _png, _title_box

        img = _png(pdf, tmp_path)
        box = _title_box(img)
        assert box is not None and box[0] < img.size[0] * 0.2
    text = " ".join(_pdf_text(pdf).split())
    for must in ("Verslag van het onderzoek", "artikel 2.3.2 lid 8", "Wat u nodig heeft, wie u bent en wat u wilt",
                 "Eigen bijdrage", "eigen bijdrage volgens de regels van het CAK", "Waarom lichte hulp niet genoeg is",
                 "Huishoudelijke ondersteuning past", "U vraagt een maatwerkvoorziening aan", "Uw reactie",
                 "Aanvulling op het verslag", "op dinsdag hulp"):
        assert must in text, must

    # part of the file copy
    dossier = tmp_path / "dossier.pdf"
    hsvc.maak_pdf(ctx, gid, dossier, dossier=True)
    dtext = " ".join(_pdf_text(dossier).split())
    assert "Verslag Wmo-onderzoek 1" in dtext and "Aanvulling op het verslag" in dtext

    with ctx.sessions() as s:
        rows = s.query(AuditRegel).filter(AuditRegel.object_type == "wmo_verslag").all()
    assert {r.actie for r in rows} >= {"aangemaakt", "gewijzigd", "afgedrukt"}
    assert not any("dinsdag" in (r.toelichting or "") + (r.nieuw or "") for r in rows)  # no free text in the audit


def test_the_aanvraag_hand_over_date_starts_the_wmo_clock(any_ctx):
    ctx = any_ctx
    gid = _mevrouw(ctx, aanmelding=date.today() - timedelta(days=20))
    punten = {k: p.tekst for k, p in rsvc.verslag_voorstel(ctx, gid).items()}
    vid = rsvc.maak_verslag(ctx, gid, punten, "Maatwerk past.", "aanvraag")
    with pytest.raises(InvalidInput) as exc:
        rsvc.draag_aanvraag_over(ctx, gid, "wmo_consulent", date.today() + timedelta(days=1), verslag_id=vid)
    assert exc.value.field == "aanvraag_datum"
    dag = date.today() - timedelta(days=3)
    rsvc.draag_aanvraag_over(ctx, gid, "wmo_consulent", dag, verslag_id=vid)
    stappen = [t for t in tsvc.termijnen_voor_gesprek(ctx, gid) if t.start_gebeurtenis == "aanvraag" and t.wet == "Wmo"]
    assert stappen, "the aanvraag starts the beschikking term"
    assert all(t.startdatum == dag for t in stappen)
    assert any(t.uiterlijk >= dag + timedelta(days=14) and "2.3.5" in t.grondslag for t in stappen)
    with pytest.raises(InvalidInput):  # one hand-over per verslag
        rsvc.draag_aanvraag_over(ctx, gid, "backoffice", dag, verslag_id=vid)
    assert rsvc.verslag(ctx, vid).aanvraag.aanvraag_datum == dag
    # the aanvraag is a field of the conversation: the exchange export carries it with its own date
    assert {"wet": "wmo", "datum": dag.isoformat()}.items() <= svc.exporteer_uitvraag(ctx, gid)["aanvragen"][0].items()


# -- household ---------------------------------------------------------------------------------------

def test_household_with_a_mantelzorger_and_the_person_cared_for(any_ctx):
    ctx = any_ctx
    gid = _mevrouw(ctx)
    bid = rsvc.voeg_betrokkene_toe(ctx, gid, "mantelzorger", omschrijving="dochter", geboortejaar=1970)
    with pytest.raises(InvalidInput):
        rsvc.voeg_betrokkene_toe(ctx, gid, "onbekend", omschrijving="x")
    eigen = rsvc.start_eigen_melding(ctx, bid, "Dochter Verslag (synthetisch)", date(1970, 6, 1),
                                     vraag="Ik red het niet meer naast mijn werk.")
    d = svc.laad_gesprek(ctx, eigen)
    d.signalen = [svc.SignaalInvoer("mantelzorg", 2, "zorgt elk weekend voor haar moeder")]
    d.mantelzorger_overbelast = True
    svc.bewaar_gesprek(ctx, d)

    hoofd = svc.laad_gesprek(ctx, gid)
    assert d.inwoner_id != hoofd.inwoner_id and eigen != gid        # separate records
    leden = rsvc.betrokkenen_van(ctx, gid)
    assert [(b.rol, b.eigen_gesprek_id) for b in leden] == [("mantelzorger", eigen)]
    # each melding has its own terms
    assert tsvc.termijnen_voor_gesprek(ctx, eigen) and tsvc.termijnen_voor_gesprek(ctx, gid)
    assert {t.startdatum for t in tsvc.termijnen_voor_gesprek(ctx, eigen) if t.start_gebeurtenis == "melding"} == \
        {date.today()}
    # the mantelzorger's own support and the cared-for person's help are separate needs
    behoeften = rsvc.behoeften_per_persoon(ctx, gid)
    assert [b.gesprek_id for b in behoeften] == [gid, eigen]
    assert behoeften[0].rol.startswith("Inwoner") and behoeften[1].rol.startswith("Mantelzorger")
    assert behoeften[1].suggesties and behoeften[0].suggesties
    assert {n for n, _ in behoeften[1].suggesties} != {n for n, _ in behoeften[0].suggesties}
    # the verslag of the cared-for person mentions that the mantelzorger has a melding of her own
    assert "eigen melding" in rsvc.verslag_voorstel(ctx, gid)["d"].tekst


# -- representation and consent ----------------------------------------------------------------------------

def _kind(ctx) -> int:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Kind Veertien (synthetisch)"
    today = date.today()
    d.inwoner.geboortedatum = date(today.year - 14, 1, 1) if (today.month, today.day) >= (1, 1) else None
    d.signalen = [svc.SignaalInvoer("opvoeden_opgroeien", 2, "")]
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def test_a_child_of_14_asks_the_parent_with_gezag_for_consent(any_ctx):
    ctx = any_ctx
    gid = _kind(ctx)
    v = _voorziening(ctx, trede=2)
    vraag = rsvc.toestemming_voor(ctx, gid, v.id)
    assert vraag.keuzes == () and "UAVG art. 5" in vraag.probleem
    with pytest.raises(InvalidInput) as exc:  # nobody may consent yet: nothing stored
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="warme_overdracht", toestemming=True,
                             toestemming_delen="naam en vraag")
    assert exc.value.field == "toestemming"
    assert vsvc.verwijzingen_van(ctx, gid) == []

    inwoner_id = svc.laad_gesprek(ctx, gid).inwoner_id
    with pytest.raises(InvalidInput) as exc:
        rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer("ouder_gezag", " "))
    assert exc.value.field == "naam"
    ouder = rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer(
        "ouder_gezag", "Moeder Veertien (synthetisch)", bewijs="gezagsregister gezien"))
    vraag = rsvc.toestemming_voor(ctx, gid, v.id)
    assert [(k.door, k.vertegenwoordiger_id) for k in vraag.keuzes] == [("vertegenwoordiger", ouder)]
    assert "UAVG art. 5" in vraag.keuzes[0].uitleg
    kind_zelf = rules.Toestemmer("inwoner", "Kind Veertien (synthetisch)", "")
    with pytest.raises(InvalidInput) as exc:
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="warme_overdracht", toestemming=True,
                             toestemming_delen="naam en vraag", toestemmer=kind_zelf)
    assert exc.value.field == "toestemmer"
    rid = vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="warme_overdracht", toestemming=True,
                               toestemming_delen="naam en vraag", toestemmer=vraag.keuzes[0])
    with ctx.sessions() as s:
        t = s.get(Toestemming, rid)
    assert (t.door, t.vertegenwoordiger_id, t.soort) == ("vertegenwoordiger", ouder, "ouder_gezag")
    assert rsvc.toestemmer_van(ctx, rid).startswith("Moeder Veertien (synthetisch) (ouder met gezag")


def test_a_bewindvoerder_is_asked_for_the_money_side_only(any_ctx):
    ctx = any_ctx
    gid = _mevrouw(ctx)
    inwoner_id = svc.laad_gesprek(ctx, gid).inwoner_id
    rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer(
        "bewindvoerder", "Bewind B.V. (synthetisch)"))
    zorg = rsvc.toestemming_voor(ctx, gid, wet="Wmo")
    geld = rsvc.toestemming_voor(ctx, gid, wet="Wgs")
    assert [k.door for k in zorg.keuzes] == ["inwoner"]
    assert any("Bewind B.V." in n and "geld en goederen" not in n for n in zorg.niet_gevraagd)
    assert [k.door for k in geld.keuzes] == ["inwoner", "vertegenwoordiger"]
    # the scope decides: a bewindvoerder whose recorded scope includes care is offered for care too
    rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer(
        "bewindvoerder", "Ruim Bewind (synthetisch)", reikwijdte=("financieel", "zorg")))
    assert [k.naam for k in rsvc.toestemming_voor(ctx, gid, wet="Wmo").keuzes][1:] == ["Ruim Bewind (synthetisch)"]
    # an ouder met gezag is refused for an adult
    with pytest.raises(InvalidInput):
        rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer("ouder_gezag", "X"))


# -- inzage and correction ----------------------------------------------------------------------------------

def test_inzage_holds_every_record_about_the_person_and_nothing_about_anyone_else(any_ctx, tmp_path):
    ctx = any_ctx
    gid = _mevrouw(ctx)
    tweede = _mevrouw(ctx, naam="Mevrouw G. Verslag (synthetisch)")  # the same name: another record
    gid2 = svc.nieuw_dossier(ctx, svc.laad_gesprek(ctx, gid).inwoner_id)
    gid2.vraag = "Tweede melding: vervoer naar de dagbesteding"
    gid2 = svc.bewaar_gesprek(ctx, gid2).gesprek_id
    inwoner_id = svc.laad_gesprek(ctx, gid).inwoner_id
    bid = rsvc.voeg_betrokkene_toe(ctx, gid, "mantelzorger", omschrijving="dochter Ineke")
    eigen = rsvc.start_eigen_melding(ctx, bid, "Ineke Anders (synthetisch)", date(1970, 6, 1),
                                     vraag="Vraag van de dochter zelf")
    rid = vsvc.maak_verwijzing(ctx, gid, _voorziening(ctx, trede=2).id, overdracht="warme_overdracht",
                               toestemming=True, toestemming_delen="naam en vraag")
    rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer("mentor", "Mentor M. (synthetisch)"))
    punten = {k: p.tekst for k, p in rsvc.verslag_voorstel(ctx, gid).items()}
    rsvc.maak_verslag(ctx, gid, punten, "Uitkomst.", "geen_aanvraag")

    ctx.user = BEHEERDER
    ontvangen = date.today() - timedelta(days=2)
    verzoek = isvc.registreer_verzoek(ctx, inwoner_id, "inzage", ontvangen)
    [info] = isvc.verzoeken(ctx, inwoner_id)
    assert info.uiterlijk >= rules.een_maand_later(ontvangen) and info.uiterlijk.weekday() < 5
    with ctx.sessions() as s:
        expected = s.query(AuditRegel).filter(
            ((AuditRegel.object_type == "gesprek") & AuditRegel.object_id.in_([str(gid), str(gid2)]))
            | ((AuditRegel.object_type == "inwoner") & (AuditRegel.object_id == str(inwoner_id)))).count()
    pdf, js = isvc.schrijf_inzage(ctx, inwoner_id, tmp_path / "inzage", verzoek_id=verzoek)
    _keep(pdf)
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["formaat"] == "toegang-inzage" and data["inwoner"]["naam"] == "Mevrouw G. Verslag (synthetisch)"
    assert [g["id"] for g in data["gesprekken"]] == [gid, gid2]
    assert data["gesprekken"][0]["verwijzingen"][0]["id"] == rid
    assert data["gesprekken"][0]["verwijzingen"][0]["toestemming_door"] == "de inwoner zelf"
    assert data["gesprekken"][0]["verslagen"] and data["gesprekken"][0]["termijnen"]
    assert all(t["bron"] for t in data["gesprekken"][0]["termijnen"])      # derived data carries its source
    assert data["gesprekken"][0]["betrokkenen"] == [{"id": bid, "rol": "mantelzorger", "rol_label":
                                                     rules.ROLLEN["mantelzorger"], "eigen_dossier": True}]
    assert data["vertegenwoordigers"][0]["naam"] == "Mentor M. (synthetisch)"
    # every audit row about the person's records (up to the export) is in it
    got = [a for a in data["audit"] if a["object"] in ("gesprek", "inwoner")]
    assert len(got) == expected > 0
    assert any(a["object"] == "verwijzing" and a["object_id"] == str(rid) for a in data["audit"])
    # nothing about anyone else: not the daughter's name or description, not her conversation, not the
    # other resident of the same name
    text = js.read_text(encoding="utf-8")
    pdftext = _pdf_text(pdf)
    for other in ("Ineke", "Vraag van de dochter zelf"):
        assert other not in text and other not in pdftext
    ids = {g["id"] for g in data["gesprekken"]}
    assert eigen not in ids and tweede not in ids
    assert not any(a["object"] == "gesprek" and a["object_id"] in (str(eigen), str(tweede)) for a in data["audit"])
    # readable B1 PDF, private files, the request answered and logged
    assert "Wat Toegang over u heeft vastgelegd" in pdftext and "Wie uw gegevens bekeek of wijzigde" in pdftext
    if os.name == "posix":
        assert stat.S_IMODE(js.stat().st_mode) == 0o600 and stat.S_IMODE(pdf.stat().st_mode) == 0o600
    [info] = isvc.verzoeken(ctx, inwoner_id)
    assert info.beantwoord_op == date.today() and info.beantwoord_door == "beheer"
    with ctx.sessions() as s:
        assert s.query(AuditRegel).filter(AuditRegel.object_type == "avg_verzoek",
                                          AuditRegel.object_id == str(verzoek)).count() == 2


def test_inzage_is_for_the_own_desk_only(ctx):
    gid = _mevrouw(ctx)
    inwoner_id = svc.laad_gesprek(ctx, gid).inwoner_id
    ctx.user = MEDEWERKER_TW
    with pytest.raises(PermissionDenied):
        isvc.inzage_gegevens(ctx, inwoner_id)


def test_a_correction_keeps_the_old_value_out_of_the_audit_and_reaches_the_exchange_export(any_ctx):
    ctx = any_ctx
    gid = _mevrouw(ctx)
    inwoner_id = svc.laad_gesprek(ctx, gid).inwoner_id
    assert svc.exporteer_uitvraag(ctx, gid)["geboortejaar"] == 1944
    verzoek = isvc.registreer_verzoek(ctx, inwoner_id, "correctie")
    with pytest.raises(InvalidInput) as exc:
        isvc.corrigeer(ctx, inwoner_id, "inwoner", inwoner_id, "geboortedatum", "09-03-1945", " ", verzoek)
    assert exc.value.field == "reden"
    with pytest.raises(InvalidInput):
        isvc.corrigeer(ctx, inwoner_id, "inwoner", inwoner_id, "geboortedatum", "31-02-1945", "typefout", verzoek)
    isvc.corrigeer(ctx, inwoner_id, "inwoner", inwoner_id, "geboortedatum", "09-03-1945",
                   "Geboortejaar verkeerd overgenomen", verzoek)
    isvc.corrigeer(ctx, inwoner_id, "gesprek", gid, "huishouden", "samenwonend", "Woont samen met partner", verzoek)
    doc = svc.exporteer_uitvraag(ctx, gid)
    assert doc["geboortejaar"] == 1945 and doc["huishouden"] == "samenwonend"
    with ctx.sessions() as s:
        rows = s.query(AuditRegel).filter(AuditRegel.actie == "gecorrigeerd").all()
        alle = s.query(AuditRegel).all()
        reden = [c.reden for c in s.query(AvgCorrectie).order_by(AvgCorrectie.id)]
    assert [(r.veld, r.oud, r.nieuw) for r in rows] == [("geboortedatum", None, None), ("huishouden", None, None)]
    assert not any(x and ("1944" in x or "alleenstaand" in x) for r in alle for x in (r.oud, r.nieuw, r.toelichting))
    assert reden == ["Geboortejaar verkeerd overgenomen", "Woont samen met partner"]
    data = isvc.inzage_gegevens(ctx, inwoner_id)
    assert [c["veld"] for c in data["correcties"]] == ["geboortedatum", "huishouden"]


def test_the_summary_language_is_chosen_per_conversation_and_remembered_for_the_resident(any_ctx, tmp_path):
    ctx = any_ctx
    gid = _mevrouw(ctx)
    assert rsvc.taal_van_gesprek(ctx, gid) == "nl"
    out = hsvc.maak_pdf(ctx, gid, tmp_path / "uk.pdf", taal="uk")
    assert "Підсумок нашої розмови" in _pdf_text(out)
    nieuw = svc.nieuw_dossier(ctx, svc.laad_gesprek(ctx, gid).inwoner_id)
    nieuw.vraag = "vervolg"
    gid2 = svc.bewaar_gesprek(ctx, nieuw).gesprek_id
    assert rsvc.taal_van_gesprek(ctx, gid2) == "uk"      # remembered for the resident
    with pytest.raises(InvalidInput):
        rsvc.kies_taal(ctx, gid2, "xx")
    dossier = hsvc.maak_pdf(ctx, gid, tmp_path / "d.pdf", dossier=True)
    assert "Dossierkopie" in _pdf_text(dossier)           # the file copy stays Dutch


def test_anonymising_a_conversation_removes_the_texts_and_names_of_this_part(ctx):
    from datetime import datetime

    from toegang_app.services import bewaren
    from toegang_app.storage.models import Gesprek, GesprekBetrokkene, Vertegenwoordiger, WmoVerslag

    gid = _mevrouw(ctx, aanmelding=date(2004, 11, 1))
    inwoner_id = svc.laad_gesprek(ctx, gid).inwoner_id
    punten = {k: p.tekst for k, p in rsvc.verslag_voorstel(ctx, gid).items()}
    vid = rsvc.maak_verslag(ctx, gid, punten, "Uitkomst met persoonlijke details.", "geen_aanvraag")
    rsvc.leg_reactie_vast(ctx, vid, "aanvulling", "Mijn buurman Henk helpt ook.")
    rsvc.voeg_betrokkene_toe(ctx, gid, "partner", omschrijving="partner Henk", geboortejaar=1940)
    rsvc.voeg_vertegenwoordiger_toe(ctx, inwoner_id, rules.VertegenwoordigerInvoer("mentor", "Mentor Henk (synthetisch)"))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        g.afgesloten_op, g.status = date(2005, 1, 1), "afgerond"
        g.gewijzigd_op = datetime(2005, 1, 1, 15)
    ctx.user = BEHEERDER
    bewaren.anonimiseer(ctx, [gid])
    with ctx.sessions() as s:
        v = s.get(WmoVerslag, vid)
        assert v.reactie is None and v.inhoud == {"punten": {}, "onderbouwing": []} and "details" not in v.uitkomst
        assert v.vervolg == "geen_aanvraag" and v.reactie_soort == "aanvulling"   # figures stay
        b = s.scalars(select(GesprekBetrokkene).where(GesprekBetrokkene.gesprek_id == gid)).one()
        assert (b.rol, b.omschrijving, b.geboortejaar) == ("partner", None, None)
        assert s.scalars(select(Vertegenwoordiger).where(Vertegenwoordiger.inwoner_id == inwoner_id)).all() == []


def test_linking_an_existing_resident_keeps_desks_and_records_apart(ctx):
    gid = _mevrouw(ctx)
    partner_gid = _mevrouw(ctx, naam="Meneer G. Verslag (synthetisch)", geboortedatum=date(1941, 5, 5))
    partner = svc.laad_gesprek(ctx, partner_gid).inwoner_id
    zelf = svc.laad_gesprek(ctx, gid).inwoner_id
    with pytest.raises(InvalidInput):
        rsvc.voeg_betrokkene_toe(ctx, gid, "partner", inwoner_id=zelf)
    rsvc.voeg_betrokkene_toe(ctx, gid, "partner", inwoner_id=partner)
    with pytest.raises(InvalidInput):          # not twice
        rsvc.voeg_betrokkene_toe(ctx, gid, "partner", inwoner_id=partner)
    [b] = rsvc.betrokkenen_van(ctx, gid)
    assert (b.naam, b.inwoner_id) == ("Meneer G. Verslag (synthetisch)", partner)
    # a resident of another desk cannot be linked by this desk
    ctx.user = MEDEWERKER_TW
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.gemeente = "Twenterander (synthetisch)", "twenterand"
    ander = svc.bewaar_gesprek(ctx, d).inwoner_id
    ctx.user = MEDEWERKER
    with pytest.raises(PermissionDenied):
        rsvc.voeg_betrokkene_toe(ctx, gid, "huisgenoot", inwoner_id=ander)
