"""The verslag of the Wmo onderzoek for the resident (Wmo 2015 art. 2.3.2 lid 8), in plain Dutch (B1).

Plain objects in (``VerslagData``), a PDF out: the resident's question, the points a to g of art. 2.3.2
lid 4 as the worker wrote them, the onderbouwing per levensgebied, the outcome and the next step (with
the aanvraag date when the aanvraag was handed over), and the resident's response: the one recorded,
or room to write one, with how to respond.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from toegang_app.domain import nl
from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.reports.handout import (
    RULE,
    HandoutBalie,
    _body_width,
    _build,
    _kv_table,
    _para,
    _styles,
    _t,
)

TITEL = "Verslag van het onderzoek"
BASE = 11.0


@dataclass
class VerslagData:
    inwoner_naam: str
    gesprek_id: int
    melddatum: date
    datum: date
    volgnummer: int = 1
    medewerker: str | None = None
    vraag: str | None = None
    punten: list[tuple[str, str, str, str]] = field(default_factory=list)   # (letter, titel, tekst, grondslag)
    onderbouwingen: list[tuple[str, str]] = field(default_factory=list)       # (leefgebied, toelichting)
    uitkomst: str = ""
    vervolg: str = ""
    aanvraag: str | None = None
    aanvraag_datum: date | None = None
    reactie: str | None = None
    reactie_soort: str | None = None
    reactie_datum: date | None = None
    balie: HandoutBalie | None = None
    synthetisch: bool = False


def _story(d: VerslagData) -> list:
    st = _styles(BASE)
    width = _body_width()
    balie = d.balie or HandoutBalie()
    story: list = [Paragraph(TITEL, st["title"]),
                   Paragraph("Wmo 2015, artikel 2.3.2 lid 8: u krijgt een verslag van ons onderzoek.", st["label"]),
                   Spacer(1, 6)]
    story.append(_kv_table([
        ("Voor", d.inwoner_naam),
        ("Uw melding", nl.datum_lang(d.melddatum)),
        ("Datum verslag", nl.datum_lang(d.datum)),
        ("Gesprek met", d.medewerker or ""),
        ("Balie", balie.naam or TE_VERIFIEREN),
        ("Kenmerk", f"gesprek {d.gesprek_id}, verslag {d.volgnummer}"),
    ], st, width, 3.6 * cm))
    if d.synthetisch:
        story.append(Paragraph("Let op: dit zijn verzonnen testgegevens (synthetisch).", st["warn"]))
    story.append(Paragraph("Uw vraag", st["h1"]))
    story.append(_para(d.vraag, st["quote"], "Niet opgeschreven.", st["missing"]))

    story.append(Paragraph("Wat we samen hebben bekeken", st["h1"]))
    story.append(Paragraph("De wet zegt wat we in het onderzoek bekijken. Hieronder staat per punt wat we "
                           "hebben besproken.", st["body"]))
    for letter, titel, tekst, grondslag in d.punten:
        story.append(KeepTogether([Paragraph(f"{_t(letter)}. {_t(titel)}", st["h2"]),
                                   _para(tekst, st["body"]),
                                   Paragraph(_t(grondslag), st["small"])]))

    if d.onderbouwingen:
        story.append(Paragraph("Waarom lichte hulp niet genoeg is", st["h1"]))
        story.append(Paragraph("Per onderdeel van uw leven: waarom u het niet zelf, met mensen om u heen of met "
                               "hulp in de buurt kunt oplossen (Wmo 2015 art. 2.3.2 lid 4 onder b tot en met e).",
                               st["body"]))
        for lg, t in d.onderbouwingen:
            story.append(Paragraph(_t(lg), st["h2"]))
            story.append(_para(t, st["body"]))

    story.append(Paragraph("Uitkomst", st["h1"]))
    story.append(_para(d.uitkomst, st["body"]))
    story.append(Paragraph("Volgende stap", st["h1"]))
    story.append(Paragraph(_t(d.vervolg), st["body"]))
    if d.aanvraag:
        story.append(Paragraph(_t(d.aanvraag) + " Binnen 2 weken na de aanvraag krijgt u een besluit "
                               "(Wmo 2015 art. 2.3.5 lid 2).", st["body"]))

    # the response
    block = [Paragraph("Uw reactie", st["h1"])]
    if d.reactie_soort:
        block.append(_kv_table([("Uw reactie", d.reactie_soort), ("Datum", nl.datum_lang(d.reactie_datum))],
                               st, width, 3.6 * cm))
        if d.reactie:
            block.append(Paragraph(_t(d.reactie), st["quote"]))
    else:
        block.append(Paragraph("Klopt dit verslag? U mag erop reageren. Schrijf hieronder wat niet klopt of wat "
                               "u wilt toevoegen, en geef het verslag terug aan de balie. Uw reactie komt bij uw "
                               "dossier.", st["body"]))
        lines = Table([[""] for _ in range(5)], colWidths=[width], rowHeights=[0.9 * cm] * 5)
        lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
        block += [lines, Spacer(1, 8),
                  Paragraph("Datum: ____________________ &nbsp;&nbsp; Handtekening: ____________________",
                            st["body"])]
    story.append(KeepTogether(block))
    story.append(Spacer(1, 10))
    contact = balie.contact or f"Contact balie: {TE_VERIFIEREN}"
    story.append(Paragraph(f"Vragen? {_t(balie.naam or TE_VERIFIEREN)}. {_t(contact)}",
                           st["body"] if balie.contact else st["missing"]))
    return story


def maak_verslag(data: VerslagData, path: Path | str) -> Path:
    """Write the verslag to ``path``; returns the path."""
    footer = f"{(data.balie.naam if data.balie else None) or 'Toegang'} \u00b7 verslag van {nl.datum_lang(data.datum)}"
    return _build(path, _story(data), TITEL, None, footer, BASE)


__all__ = ["VerslagData", "maak_verslag"]
