"""The resident's summary that cannot endanger her (issue 21), rendered as real PDFs and read back.

The case from the issue: a young mother says her ex sometimes threatens her. The summary she takes home
must not print "dat mijn ex me met rust laat" nor the name Veilig Thuis; by default the safe version
prints; the worker can choose the full version; the file copy keeps everything, the Meldcode included.
``TOEGANG_PDF_KEEP=DIR`` keeps the PDFs (and PNGs with pdftoppm) for a visual check.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import MEDEWERKER
from tests.unit.test_handout import keep, text_of
from toegang_app.errors import UserError
from toegang_app.services import gesprekken as svc
from toegang_app.services import handout as hsvc
from toegang_app.services import veiligheid as vsvc
from toegang_app.services import verwijzingen as rsvc
from toegang_app.storage.models import AuditRegel

pytest.importorskip("pypdf")

CITAAT = "Dat mijn ex me met rust laat."
NEUTRAAL = "Wij bellen u over twee weken om te horen hoe het gaat."
ONTHULLEND = "Advies vragen bij Veilig Thuis over de dreigementen van haar ex."


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def jonge_moeder(ctx) -> int:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Lotte Testmoeder (synthetisch)"
    d.inwoner.geboortedatum = date(1999, 6, 1)
    d.vraag = "Mijn ex bedreigt me soms als hij de kinderen komt halen."
    d.veiligheid = {"acuut_onveilig": False, "vermoeden_huiselijk_geweld": True}
    d.signalen = [svc.SignaalInvoer("veiligheid", 2, "ex dreigt bij overdracht kinderen"),
                  svc.SignaalInvoer("financien", 2, "")]
    d.wat_belangrijk = "Dat de kinderen rustig kunnen slapen."
    d.wat_veranderen = CITAAT
    d.wie_helpen = "Mijn zus."
    d.afspraken = f"{NEUTRAAL}\n{ONTHULLEND}\nU gaat naar het spreekuur van de budgetcoach."
    gid = svc.bewaar_gesprek(ctx, d).gesprek_id
    rsvc.maak_verwijzing(ctx, gid, "regio-veilig-thuis-twente", overdracht="advies_veilig_thuis", toestemming=False,
                         anoniem=True, inwoner_weet=True)
    vsvc.leg_stap_vast(ctx, gid, 1, date.today() - timedelta(days=1), "Ex dreigt bij het ophalen van de kinderen.")
    vsvc.leg_stap_vast(ctx, gid, 2, date.today(), "Anoniem advies Veilig Thuis.", advies_veilig_thuis=True,
                       advies_anoniem=True)
    return gid


def test_safe_summary_by_default_full_by_choice_file_copy_keeps_everything(ctx, tmp_path):
    gid = jonge_moeder(ctx)
    data, info = hsvc.samenvatting(ctx, gid)
    assert info.versie == "veilig" and info.standaard == "veilig" and info.zorg
    assert any("citaten" in r for r in info.weggelaten.regels)
    assert info.weggelaten.afspraken == (ONTHULLEND,)
    assert info.weggelaten.verwijzingen == ("Veilig Thuis Twente",)

    veilig = flat(text_of(hsvc.maak_pdf(ctx, gid, tmp_path / "samenvatting.pdf")))
    keep(tmp_path / "samenvatting.pdf")
    # what she takes home: neutral afspraken and the desk's contact, nothing else
    assert NEUTRAAL in veilig and "budgetcoach" in veilig
    assert "Vragen? Neem contact op" in veilig and "Noaberpoort" in veilig
    for verboden in ("Veilig Thuis", "veilig", "ex me", "met rust", "dreig", "bedreig", "0800", "112",
                     "Meldcode", "kinderen rustig", "Mijn zus", "Hoe gaat het met u", "Wat u ons vertelde"):
        assert verboden.lower() not in veilig.lower(), verboden

    vol_pdf = hsvc.maak_pdf(ctx, gid, tmp_path / "samenvatting-volledig.pdf", versie="volledig")
    keep(vol_pdf)
    vol = flat(text_of(vol_pdf))
    assert CITAAT in vol and ONTHULLEND in vol and "Veilig Thuis Twente" in vol and "Hoe gaat het met u" in vol

    dossier_pdf = hsvc.maak_pdf(ctx, gid, tmp_path / "dossierkopie.pdf", dossier=True)
    keep(dossier_pdf)
    dossier = flat(text_of(dossier_pdf))
    for alles in (CITAAT, ONTHULLEND, "Veilig Thuis Twente", "Meldcode huiselijk geweld en kindermishandeling",
                  "Signalen in kaart brengen", "Ex dreigt bij het ophalen van de kinderen.",
                  "Advies vragen bij Veilig Thuis", "Zonder naam inwoner", "Inwoner weet ervan",
                  "Meldcode: stap 2 van 5"):
        assert alles in dossier, alles

    with ctx.sessions() as s:
        printed = [a.toelichting for a in s.scalars(select(AuditRegel).where(AuditRegel.actie == "afgedrukt")
                                                    .order_by(AuditRegel.id))]
    assert printed == ["samenvatting voor de inwoner (veilige versie)",
                       "samenvatting voor de inwoner (volledige versie)", "dossierkopie"]


def test_the_workers_choice_is_what_prints(ctx, tmp_path):
    gid = jonge_moeder(ctx)
    vsvc.kies_samenvatting(ctx, gid, "volledig")
    assert hsvc.samenvatting(ctx, gid)[1].versie == "volledig"
    assert CITAAT in flat(text_of(hsvc.maak_pdf(ctx, gid, tmp_path / "s.pdf")))


def test_without_a_safety_concern_the_summary_is_as_before(ctx, tmp_path):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Gerrit Gewoon (synthetisch)"
    d.wat_veranderen = "Ik wil weer meedoen met de buurt."
    d.afspraken = "U gaat naar de ontmoetingsochtend."
    gid = svc.bewaar_gesprek(ctx, d).gesprek_id
    data, info = hsvc.samenvatting(ctx, gid)
    assert info.versie == "volledig" and not info.zorg and info.weggelaten is None
    tekst = flat(text_of(hsvc.maak_pdf(ctx, gid, tmp_path / "s.pdf")))
    assert "Ik wil weer meedoen met de buurt." in tekst and "Hoe gaat het met u" in tekst


def test_no_summary_when_the_safety_rules_are_missing(ctx, tmp_path):
    gid = jonge_moeder(ctx)
    ctx.resources.veiligheid = None
    with pytest.raises(UserError) as exc:
        hsvc.maak_pdf(ctx, gid, tmp_path / "s.pdf")
    assert "in gevaar" in exc.value.message and "dossierkopie" in exc.value.message
    assert not (tmp_path / "s.pdf").exists()
    assert hsvc.maak_pdf(ctx, gid, tmp_path / "d.pdf", dossier=True).exists()
