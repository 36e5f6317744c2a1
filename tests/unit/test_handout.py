"""The resident's summary and the file copy: render real PDFs, read their text back with pypdf.

``TOEGANG_PDF_KEEP=DIR`` keeps the rendered PDFs (and PNGs when pdftoppm is present) for a visual check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from toegang_app.domain.balie import BESTAND as BALIES_BESTAND, load_balies  # noqa: E402
from toegang_app.domain.vocab import TE_VERIFIEREN  # noqa: E402
from toegang_app.paths import resources_dir  # noqa: E402
from toegang_app.reports.handout import (  # noqa: E402
    DOSSIER_TITEL,
    HandoutAanmelding,
    HandoutAve,
    HandoutAveWijziging,
    HandoutBalie,
    HandoutDimensie,
    HandoutGesprek,
    HandoutOnderbouwing,
    HandoutSignaal,
    HandoutStatus,
    HandoutSuggestie,
    HandoutTermijn,
    HandoutVerwijzing,
    balie_voor,
    datum_nl,
    maak_dossier,
    maak_handout,
    printable,
)

BSN = "111222333"  # test BSN (elfproef-valid), synthetic
ONDERBOUWING = ("Dochter woont ver weg en kan niet wekelijks helpen; Wijkkracht-vrijwilliger "
                "geprobeerd, stopte na twee weken; was- en strijkservice dekt het schoonmaken niet.")


BALIES = load_balies(resources_dir() / BALIES_BESTAND)   # the shipped desks, as Resources.balies holds them


def sample(**over) -> HandoutGesprek:
    data = HandoutGesprek(
        datum=date(2026, 11, 2),
        gemeente="haaksbergen",
        balie=balie_voor("haaksbergen", None, BALIES),
        kern="Buurse",
        inwoner_naam="Mevrouw A. Testpersoon",
        medewerker="J. de Vries",
        gesprek_id=4711,
        synthetisch=True,
        bsn=BSN,
        geboortejaar=1944,
        huishouden="alleenstaand",
        inkomen_pct_bijstandsnorm=105,
        dimensies={
            "lichaamsfuncties": HandoutDimensie(5, False, "Knieklachten, loopt met stok."),
            "mentaal_welbevinden": HandoutDimensie(4, True),
            "zingeving": HandoutDimensie(3, True),
            "kwaliteit_van_leven": HandoutDimensie(None),
            "meedoen": HandoutDimensie(2, True, "Komt weinig buiten sinds overlijden partner."),
            "dagelijks_functioneren": HandoutDimensie(6),
        },
        wat_belangrijk="Dat ik weer mensen zie en me nuttig voel.",
        wat_veranderen="Ik wil niet meer de hele dag alleen thuis zitten.",
        wie_helpen="Mijn dochter belt elke week; misschien de buurvrouw.",
        afspraken=["U gaat volgende week dinsdag naar de ontmoetingsochtend.",
                   "Wij bellen u over twee weken."],
        verwijzingen=[
            HandoutVerwijzing(
                naam="Ontmoetingsochtend Buurse", aanbieder="Wijkkracht", telefoon=None,
                email=None, website=None, adres=None, overdracht_label="Warme overdracht",
                opvolgdatum=date(2026, 11, 16), status_label="Verwezen", trede=2,
                datum=date(2026, 11, 2), verwezen_door="J. de Vries", toestemming=True,
                toestemming_datum=date(2026, 11, 2), toestemming_delen="Naam en telefoonnummer",
                historie=[HandoutStatus(datetime(2026, 11, 2, 10, 15), "Voorgesteld", medewerker="J. de Vries"),
                          HandoutStatus(datetime(2026, 11, 2, 10, 40), "Verwezen", medewerker="J. de Vries")],
            ),
        ],
        aanmelding=HandoutAanmelding(date(2026, 11, 2), "balie", "inwoner",
                                     "Ik kom de dagen niet goed door sinds mijn man is overleden."),
        signalen=[HandoutSignaal("eenzaamheid", 2, "weinig contact sinds overlijden partner")],
        crisis={"dreigende_ontruiming": False},
        veiligheid={"acuut_onveilig": False, "vermoeden_huiselijk_geweld": False},
        betrokken_partijen=0,
        mantelzorger=False,
        steun_van=["dochter (woont ver weg)"],
        ave=HandoutAve(fase=2, voorgestelde_fase=2, redenen=["problemen op 1 leefgebied"],
                       historie=[HandoutAveWijziging(datetime(2026, 11, 2, 10, 30), naar=2, van=None,
                                                     soort="bevestigd", reden="past bij voorstel",
                                                     medewerker="J. de Vries")]),
        suggesties=[HandoutSuggestie("Ontmoetingsochtend Buurse", "Wijkkracht", 2, None,
                                     "meedoen 2/10; eenzaamheid", "verwezen"),
                    HandoutSuggestie("Begeleiding individueel", "gemeente", 4, "Wmo",
                                     "maatwerk", "geblokkeerd: eerst lichtere treden onderbouwen")],
        onderbouwing_maatwerk=[HandoutOnderbouwing("eenzaamheid", ONDERBOUWING, "J. de Vries",
                                                   datetime(2026, 11, 2, 10, 50))],
        termijnen=[HandoutTermijn("Wmo", "melding → onderzoek afgerond", date(2026, 12, 14),
                                  "Wmo art. 2.3.2 lid 1", "loopt")],
    )
    for k, v in over.items():
        setattr(data, k, v)
    return data


def text_of(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text with line breaks and hyphen-free wrapping undone, for phrase assertions."""
    return re.sub(r"\s+", " ", text)


def keep(path: Path) -> None:
    target = os.environ.get("TOEGANG_PDF_KEEP")
    if not target:
        return
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, out / path.name)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(out / path.stem)], check=True)


# -- the resident's summary ------------------------------------------------------------------------


def test_handout_content(tmp_path):
    path = maak_handout(sample(), tmp_path / "handout.pdf")
    keep(path)
    text = flat(text_of(path))
    assert "Samenvatting van ons gesprek" in text
    assert "Samenvatting voor de inwoner" in text
    assert "Mevrouw A. Testpersoon" in text
    assert "2 november 2026" in text
    # desk name from resources/balies.yaml, contact not invented
    assert "Noaberpoort / Huis van Haaksbergen" in text
    assert f"Contact balie: {TE_VERIFIEREN}" in text
    # scores, "over praten", niet besproken
    for label, score in (("Lichaamsfuncties", 5), ("Mentaal welbevinden", 4), ("Zingeving", 3),
                         ("Meedoen", 2), ("Dagelijks functioneren", 6)):
        assert label in text
        assert f"{score} van de 10" in text
    assert "niet besproken" in text
    assert "hier wil ik over praten" in text
    # the three answers
    assert "Dat ik weer mensen zie en me nuttig voel." in text
    assert "Ik wil niet meer de hele dag alleen thuis zitten." in text
    assert "Mijn dochter belt elke week; misschien de buurvrouw." in text
    # agreed steps and referral with missing contact details
    assert "U gaat volgende week dinsdag naar de ontmoetingsochtend." in text
    assert "Ontmoetingsochtend Buurse" in text
    assert "Wijkkracht" in text
    assert text.count(TE_VERIFIEREN) >= 4 + 1  # telefoon, e-mail, website, adres + balie
    assert "16 november 2026" in text
    assert "pagina 1 van" in text


def test_handout_leaves_out_the_file_record(tmp_path):
    text = flat(text_of(maak_handout(sample(), tmp_path / "h.pdf")))
    assert BSN not in text and "BSN" not in text
    assert ONDERBOUWING[:40] not in text
    assert "Onderbouwing" not in text
    assert "AVE" not in text
    assert "Knieklachten" not in text        # worker's notes stay in the file
    assert "vertrouwelijk" not in text


def test_handout_uses_known_contact_and_configured_balie(tmp_path):
    v = HandoutVerwijzing(naam="Budgetmaatjes", aanbieder="Budgetmaatjes 24/7", telefoon="053 000 0000",
                          email="info@example.org", website="https://example.org", adres="Markt 1")
    data = sample(verwijzingen=[v], balie=balie_voor("haaksbergen", "Bel 14 053 (test)", BALIES))
    text = flat(text_of(maak_handout(data, tmp_path / "h.pdf")))
    assert "053 000 0000" in text and "info@example.org" in text and "Markt 1" in text
    assert TE_VERIFIEREN not in text.split("Waar u terecht kunt", 1)[1].split("Vragen?")[0]
    assert "Bel 14 053 (test)" in text
    assert "Contact balie" not in text
    assert "Noaberpoort / Huis van Haaksbergen" in text  # name still from balies.yaml


def test_markup_characters_are_text(tmp_path):
    data = sample(inwoner_naam="Jan <b>& Co</b>", wat_belangrijk="1 < 2 & 3 > 2\nnieuwe regel")
    text = flat(text_of(maak_handout(data, tmp_path / "h.pdf")))
    assert "Jan <b>& Co</b>" in text and "1 < 2 & 3 > 2 nieuwe regel" in text


def test_handout_twenterand_without_anything_optional(tmp_path):
    data = HandoutGesprek(datum=date(2026, 1, 5), gemeente="twenterand", balie=balie_voor("twenterand", None, BALIES))
    path = maak_handout(data, tmp_path / "leeg.pdf")
    keep(path)
    text = flat(text_of(path))
    dossier = flat(text_of(maak_dossier(data, tmp_path / "leeg_dossier.pdf")))
    assert "Geen onderbouwing vastgelegd." in dossier and "nog niet vastgesteld" in dossier
    assert "Toegang Twenterand" in text
    assert f"Contact balie: {TE_VERIFIEREN}" in text
    assert text.count("niet besproken") >= 6 + 3
    assert "We hebben nog geen afspraken gemaakt." in text
    assert "Waar u terecht kunt" not in text


def test_handout_long_inputs_flow_over_pages(tmp_path):
    lang = ("Ik wil graag weer meedoen in het dorp en mensen ontmoeten. " * 40)[:2000]
    verwijzingen = [
        HandoutVerwijzing(naam=f"Voorziening nummer {i:02d}", aanbieder=f"Aanbieder {i}",
                          telefoon="053 000 00" + f"{i:02d}" if i % 3 == 0 else None,
                          website="https://example.org/" + "heel-lang-pad-" * 8 if i % 4 == 0 else None,
                          overdracht_label="Folder meegegeven", status_label="Verwezen",
                          opvolgdatum=date(2026, 12, 1))
        for i in range(1, 16)
    ]
    data = sample(wat_belangrijk=lang, wat_veranderen=lang, verwijzingen=verwijzingen,
                  afspraken=[lang[:300]] * 3)
    path = maak_handout(data, tmp_path / "handout_lang.pdf")
    keep(path)
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) >= 3
    text = flat(text_of(path))
    for i in range(1, 16):
        assert f"Voorziening nummer {i:02d}" in text
    n = len(reader.pages)
    assert f"pagina {n} van {n}" in text
    # the whole 2000-character answer is printed (wrapped, not clipped)
    assert flat(lang).strip()[-60:] in text


def test_handout_font_is_large(tmp_path):
    path = maak_handout(sample(), tmp_path / "h.pdf")
    sizes: list[float] = []

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.append(font_size * tm[0] if tm[0] else font_size)

    page = pypdf.PdfReader(str(path)).pages[0]
    page.extract_text(visitor_text=visitor)
    body = [s for s in sizes if s > 0]
    # most text on the page is >= 11pt (footer and chart scale numbers are smaller)
    assert sum(1 for s in body if s >= 11) / len(body) > 0.6


# -- the file copy ---------------------------------------------------------------------------------


def test_dossier_content(tmp_path):
    path = maak_dossier(sample(), tmp_path / "dossier.pdf")
    keep(path)
    text = flat(text_of(path))
    n = len(pypdf.PdfReader(str(path)).pages)
    assert text.count(DOSSIER_TITEL) == n  # on every page
    assert f"pagina 1 van {n}" in text and f"pagina {n} van {n}" in text
    assert "4711" in text and BSN in text
    assert "Ik kom de dagen niet goed door sinds mijn man is overleden." in text
    assert "Onderbouwing maatwerk" in text and "2.3.2 lid 4" in text
    assert ONDERBOUWING in text
    assert "AVE 2 (geel)" in text and "past bij voorstel" in text
    assert "Eenzaamheid" in text and "2 (probleem)" in text
    assert "Knieklachten, loopt met stok." in text
    assert "Ontmoetingsochtend Buurse" in text and "Naam en telefoonnummer" in text
    assert "Voorgesteld" in text and "Verwezen" in text
    assert "Wmo art. 2.3.2 lid 1" in text and "14 december 2026" in text
    assert "geblokkeerd: eerst lichtere treden onderbouwen" in text
    assert "Dat ik weer mensen zie en me nuttig voel." in text
    assert "Synthetische testgegevens" in text
    assert "melding -> onderzoek afgerond" in text  # no empty box for a glyph Open Sans lacks


def test_dossier_accepts_onderbouwing_as_mapping_and_long_notes(tmp_path):
    note = ("Uitgebreide notitie van de medewerker over de situatie thuis en de afspraken. " * 30)[:2000]
    dims = dict(sample().dimensies)
    dims["zingeving"] = HandoutDimensie(3, True, note)
    data = sample(onderbouwing_maatwerk={"wonen": "Traplift nodig; netwerk kan dit niet oplossen."},
                  dimensies=dims, signalen=[HandoutSignaal("schulden", 3, note)],
                  verwijzingen=sample().verwijzingen * 15)
    path = maak_dossier(data, tmp_path / "dossier_lang.pdf")
    keep(path)
    text = flat(text_of(path))
    assert "Wonen" in text and "Traplift nodig; netwerk kan dit niet oplossen." in text
    assert flat(note).strip()[-50:] in text
    assert len(pypdf.PdfReader(str(path)).pages) >= 4


def test_printable_replaces_missing_glyphs():
    assert printable("melding → onderzoek ✓ café – ë") == "melding -> onderzoek v café – ë"
    assert printable("\U0001F600") == "?"


def test_balie_voor_and_dates():
    assert balie_voor("haaksbergen", None, BALIES).naam == "Noaberpoort / Huis van Haaksbergen"
    assert balie_voor("haaksbergen", None, BALIES).contact is None
    assert balie_voor("twenterand", None, BALIES).naam == "Toegang Twenterand"
    assert balie_voor("twenterand", "Loket, tel. test", BALIES).contact == "Loket, tel. test"
    assert balie_voor("onbekend", None, BALIES).naam is None
    assert datum_nl(date(2026, 3, 1)) == "1 maart 2026"
    assert datum_nl(datetime(2026, 3, 1, 9, 5)) == "1 maart 2026 09:05"


def test_from_uitvraag_exchange_format(tmp_path):
    uitvraag = pytest.importorskip("toegang_app.domain.uitvraag")
    from toegang_app.reports.handout import handout_uit_uitvraag

    u = uitvraag.parse_uitvraag({
        "formaat": "toegang-uitvraag/1", "gemeente": "haaksbergen", "kern": "Buurse",
        "geboortejaar": 1944, "huishouden": "alleenstaand", "inkomen_pct_bijstandsnorm": 105,
        "aanmelding": {"datum": "2026-11-02", "kanaal": "balie", "melder": "inwoner",
                       "vraag": "Ik kom de dagen niet goed door sinds mijn man is overleden."},
        "dimensies": {"meedoen": {"score": 2, "bespreken": True}, "zingeving": {"score": 3}},
        "signalen": [{"leefgebied": "eenzaamheid", "ernst": 2, "toelichting": "weinig contact"}],
        "netwerk": {"mantelzorger": False, "steun_van": ["dochter (woont ver weg)"]},
        "crisis": {"dreigende_ontruiming": False},
        "onderbouwing_maatwerk": {"eenzaamheid": "Netwerk en voorliggend veld geprobeerd, onvoldoende."},
    })
    data = handout_uit_uitvraag(u, inwoner_naam="Mevrouw B. Test", wat_belangrijk="Mensen zien.")
    assert data.datum == date(2026, 11, 2)
    assert data.dimensies["meedoen"].bespreken and not data.dimensies["zingeving"].bespreken
    assert data.crisis["dreigende_ontruiming"] is False and data.crisis["afsluiting_energie_water"] is None
    dossier = flat(text_of(maak_dossier(data, tmp_path / "d.pdf")))
    assert "Netwerk en voorliggend veld geprobeerd, onvoldoende." in dossier
    assert "dochter (woont ver weg)" in dossier and "Balie" in dossier
    handout = flat(text_of(maak_handout(data, tmp_path / "h.pdf")))
    assert "Mevrouw B. Test" in handout and "2 van de 10" in handout and "Mensen zien." in handout
    assert "onvoldoende" not in handout
    with pytest.raises(TypeError):
        handout_uit_uitvraag(u, onbekend_veld=1)
