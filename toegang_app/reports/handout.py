"""The two PDFs of a conversation: the summary for the resident and the file copy (dossierkopie).

Plain objects in, files out: the dataclasses below are the contract. The conversation service fills
them from the database; this module knows nothing of Qt or SQLAlchemy. Enumerations are passed as the
keys of ``toegang_app.domain.vocab`` (gemeente, kanaal, melder, huishouden, leefgebied, dimensie,
wet); statuses and hand-over kinds of referrals come as ready Dutch labels.

- ``maak_handout(data, path)``: "Samenvatting voor de inwoner", plain Dutch (B1), 11.5pt type, the
  spinnenweb, what matters to the resident, the agreed steps, where to go (missing contact details are
  printed as "te verifiëren", never guessed) and how to reach the desk. No BSN, no AVE phase, no
  worker's notes, no onderbouwing.
- ``maak_dossier(data, path)``: "Dossierkopie — vertrouwelijk", the full record including the
  onderbouwing maatwerk (Wmo art. 2.3.2 lid 4 b-e), AVE history, terms and referral histories;
  "pagina X van Y" on every page.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from toegang_app.domain import nl, vocab
from toegang_app.domain.balie import BESTAND as BALIES_BESTAND, Balie, load_balies
from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir
from toegang_app.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from toegang_app.reports.spinnenweb import spinnenweb

log = logging.getLogger(__name__)

HANDOUT_TITEL = "Samenvatting voor de inwoner"
DOSSIER_TITEL = "Dossierkopie — vertrouwelijk"
AVE_KLEUREN = {1: "groen", 2: "geel", 3: "oranje", 4: "rood"}
NIET_BESPROKEN = "niet besproken"
NIET_GEVRAAGD = "niet gevraagd"

# ------------------------------------------------------------------------------------------------
# The contract
# ------------------------------------------------------------------------------------------------


@dataclass
class HandoutBalie:
    """The desk the resident can call back. ``contact`` is free text (setting ``balie_contact``);
    None prints "Contact balie: te verifiëren"."""

    naam: str | None = None
    contact: str | None = None


@dataclass
class HandoutDimensie:
    score: int | None = None        # 0..10; None = niet besproken
    bespreken: bool = False         # "hier wil ik over praten"
    notitie: str | None = None      # worker's note: dossier only


@dataclass
class HandoutStatus:
    """One step in a referral's status history (dossier only)."""

    datum: date | datetime
    status_label: str
    reden: str | None = None
    medewerker: str | None = None
    notitie: str | None = None


@dataclass
class HandoutVerwijzing:
    naam: str
    aanbieder: str | None = None
    telefoon: str | None = None
    email: str | None = None
    website: str | None = None
    adres: str | None = None
    overdracht_label: str | None = None   # "Warme overdracht", "Folder meegegeven", ...
    opvolgdatum: date | None = None
    status_label: str | None = None       # "Verwezen", "Gestart", ...
    # dossier only
    trede: int | None = None              # vocab.TREDEN
    wet: str | None = None                # vocab.WETTEN key
    datum: date | None = None
    verwezen_door: str | None = None
    toestemming: bool | None = None
    toestemming_datum: date | None = None
    toestemming_delen: str | None = None  # what may be shared
    notitie: str | None = None
    historie: list[HandoutStatus] = field(default_factory=list)


@dataclass
class HandoutAanmelding:
    datum: date | None = None
    kanaal: str | None = None   # vocab.KANALEN key
    melder: str | None = None   # vocab.MELDERS key
    vraag: str | None = None


@dataclass
class HandoutSignaal:
    leefgebied: str             # vocab.LEEFGEBIEDEN key
    ernst: int | None = None    # vocab.ERNST: 1..3
    toelichting: str | None = None


@dataclass
class HandoutAveWijziging:
    datum: date | datetime
    naar: int
    van: int | None = None
    soort: str | None = None          # bevestigd | opschalen | afschalen
    reden: str | None = None
    medewerker: str | None = None
    voorgestelde_fase: int | None = None
    overschreven: bool = False


@dataclass
class HandoutAve:
    fase: int | None = None               # confirmed phase
    voorgestelde_fase: int | None = None  # the app's proposal
    redenen: list[str] = field(default_factory=list)
    historie: list[HandoutAveWijziging] = field(default_factory=list)
    procesregisseur: str | None = None


@dataclass
class HandoutSuggestie:
    """A voorziening the worker considered (triage suggestion or blocked maatwerk)."""

    naam: str
    aanbieder: str | None = None
    trede: int | None = None
    wet: str | None = None
    reden: str | None = None
    uitkomst: str | None = None   # "verwezen", "niet gekozen: ...", "geblokkeerd: ..."


@dataclass
class HandoutOnderbouwing:
    """Wmo art. 2.3.2 lid 4 b-e: why lighter rungs do not suffice for this leefgebied."""

    leefgebied: str               # vocab.LEEFGEBIEDEN key
    toelichting: str
    vastgelegd_door: str | None = None
    vastgelegd_op: date | datetime | None = None


@dataclass
class HandoutTermijn:
    wet: str                      # vocab.WETTEN key
    stap: str
    uiterlijk: date | None = None
    grondslag: str | None = None
    status: str | None = None     # "loopt", "gehaald op 3 november 2026", ...


@dataclass
class HandoutVeld:
    """A conversation field the layout below does not place itself (a field added to the field table):
    printed with its label, on the resident's summary when ``samenvatting``, always in the file copy."""

    label: str
    tekst: str
    samenvatting: bool = False


# Keys of the field table (domain.gesprek_velden) this module lays out itself, or leaves off on purpose
# (contact data and the full birth date are not printed). Every other field with a value arrives in
# HandoutGesprek.velden.
_EIGEN_DELEN = ("inwoner.", "crisis.", "veiligheid.", "dimensies.")
_EIGEN_VELDEN = frozenset({
    "aanmelding_datum", "kanaal", "melder", "vraag", "huishouden", "inkomen_pct", "betrokken_partijen",
    "samenwerking_stagneert", "wat_belangrijk", "wat_veranderen", "wie_helpen", "signalen", "eigen_kracht",
    "mantelzorger", "mantelzorger_overbelast", "steun_van", "afspraken", "status"})


def zelf_opgemaakt(key: str) -> bool:
    """True when the layout of this module places the field ``key`` itself (or leaves it off)."""
    return key in _EIGEN_VELDEN or key.startswith(_EIGEN_DELEN)


@dataclass
class HandoutGesprek:
    datum: date
    gemeente: str                                   # vocab.GEMEENTEN key
    dimensies: dict[str, HandoutDimensie] = field(default_factory=dict)  # vocab.DIMENSIES keys
    kern: str | None = None
    balie: HandoutBalie | None = None               # None: name from resources/balies.yaml
    inwoner_naam: str | None = None
    medewerker: str | None = None
    gesprek_id: int | str | None = None
    wat_belangrijk: str | None = None
    wat_veranderen: str | None = None
    wie_helpen: str | None = None
    afspraken: list[str] | str = field(default_factory=list)  # a str: one step per line
    verwijzingen: list[HandoutVerwijzing] = field(default_factory=list)
    synthetisch: bool = False
    # dossier only -------------------------------------------------------------------------------
    bsn: str | None = None
    geboortejaar: int | None = None
    huishouden: str | None = None                   # vocab.HUISHOUDENS key
    inkomen_pct_bijstandsnorm: int | None = None
    aanmelding: HandoutAanmelding | None = None
    signalen: list[HandoutSignaal] = field(default_factory=list)
    crisis: dict[str, bool | None] = field(default_factory=dict)      # vocab.CRISIS keys
    veiligheid: dict[str, bool | None] = field(default_factory=dict)  # vocab.VEILIGHEID keys
    betrokken_partijen: int | None = None
    samenwerking_stagneert: bool | None = None
    eigen_kracht: str | None = None
    mantelzorger: bool | None = None
    mantelzorger_overbelast: bool | None = None
    steun_van: list[str] = field(default_factory=list)
    ave: HandoutAve | None = None
    suggesties: list[HandoutSuggestie] = field(default_factory=list)
    onderbouwing_maatwerk: list[HandoutOnderbouwing] | dict[str, str] = field(default_factory=list)
    termijnen: list[HandoutTermijn] = field(default_factory=list)
    plan: str | None = None
    evaluatiedatum: date | None = None
    velden: list[HandoutVeld] = field(default_factory=list)   # fields not laid out by name


def handout_uit_uitvraag(u, datum: date | None = None, **velden) -> HandoutGesprek:
    """A HandoutGesprek from a ``domain.uitvraag.Uitvraag`` (exchange format); ``velden`` fill or
    override the rest (inwoner_naam, afspraken, verwijzingen, ave, termijnen, ...). Duck-typed: reads
    the Uitvraag's attributes only, so this module does not depend on its internals."""
    a = u.aanmelding
    datum = datum or (a.datum if a and a.datum else date.today())
    dims = {k: HandoutDimensie(score=d.score, bespreken=bool(d.bespreken))
            for k, d in (u.dimensies or {}).items()}
    netwerk = u.netwerk

    def flags(obj, keys) -> dict[str, bool | None]:
        return {k: getattr(obj, k, None) for k in keys} if obj is not None else {}

    inkomen = u.inkomen_pct_bijstandsnorm
    data = HandoutGesprek(
        datum=datum,
        gemeente=u.gemeente,
        kern=u.kern,
        dimensies=dims,
        geboortejaar=u.geboortejaar,
        huishouden=u.huishouden,
        inkomen_pct_bijstandsnorm=round(inkomen) if inkomen is not None else None,
        aanmelding=HandoutAanmelding(a.datum, a.kanaal, a.melder, a.vraag) if a else None,
        signalen=[HandoutSignaal(s.leefgebied, s.ernst, s.toelichting) for s in (u.signalen or ())],
        crisis=flags(u.crisis, vocab.CRISIS),
        veiligheid=flags(u.veiligheid, vocab.VEILIGHEID),
        betrokken_partijen=u.betrokken_partijen,
        samenwerking_stagneert=u.samenwerking_stagneert,
        mantelzorger=netwerk.mantelzorger if netwerk else None,
        mantelzorger_overbelast=netwerk.mantelzorger_overbelast if netwerk else None,
        steun_van=list(netwerk.steun_van or ()) if netwerk else [],
        onderbouwing_maatwerk=_onderbouwingen(u.onderbouwing_maatwerk),
    )
    for key, value in velden.items():
        if not hasattr(data, key):
            raise TypeError(f"HandoutGesprek heeft geen veld '{key}'")
        setattr(data, key, value)
    return data


# ------------------------------------------------------------------------------------------------
# The desk
# ------------------------------------------------------------------------------------------------


def balie_voor(gemeente: str, contact: str | None = None, balies: Mapping[str, Balie] | None = None) -> HandoutBalie:
    """The desk of a gemeente from the validated ``balies`` (``Resources.balies``, read from
    ``resources/balies.yaml``); ``contact`` (setting ``balie_contact``) wins over the file. Unknown
    fields stay None ("te verifiëren")."""
    entry = (balies if balies is not None else _balies_zonder_resources()).get(gemeente)
    return HandoutBalie(naam=entry.naam if entry else None, contact=contact or (entry.contact if entry else None))


def _balies_zonder_resources() -> Mapping[str, Balie]:
    """Transitional, until services.handout passes ``ctx.resources.balies``: the same validated file."""
    try:
        return load_balies(resources_dir() / BALIES_BESTAND)
    except ConfigError as exc:
        log.warning("balies.yaml refused: %s", exc.messages)
        return {}


def _balie(data: HandoutGesprek) -> HandoutBalie:
    known = balie_voor(data.gemeente)
    if data.balie is None:
        return known
    return HandoutBalie(naam=data.balie.naam or known.naam, contact=data.balie.contact or known.contact)


# ------------------------------------------------------------------------------------------------
# Formatting helpers
# ------------------------------------------------------------------------------------------------

# 22 november 2026; with a time for a datetime: 22 november 2026 14:05.
datum_nl = nl.datum_tijd_lang


_VERVANG = {"\u2192": "->", "\u2190": "<-", "\u2194": "<->", "\u21d2": "=>", "\u2713": "v", "\u2714": "v",
            "\u2717": "x", "\u2718": "x", "\u00a0": " ", "\t": "    "}


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def printable(text: str) -> str:
    """Text that Open Sans can show: known symbols spelled out, accents kept where the font has them,
    any other missing glyph (emoji, arrows) replaced instead of printed as an empty box."""
    glyphs = _glyphs()
    out: list[str] = []
    for ch in text:
        if ord(ch) in glyphs or ch in "\n\r":
            out.append(ch)
        elif ch in _VERVANG:
            out.append(_VERVANG[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in glyphs
                           and not unicodedata.combining(c))
            out.append(base or "?")
    return "".join(out)


def _t(text) -> str:
    """Escape for Paragraph markup; newlines become line breaks."""
    if text is None:
        return ""
    return escape(printable(str(text))).replace("\r\n", "\n").replace("\n", "<br/>")


def _ja_nee(v: bool | None) -> str:
    return NIET_GEVRAAGD if v is None else ("ja" if v else "nee")


def _label(mapping: Mapping, key) -> str:
    if key is None:
        return ""
    return str(mapping.get(key, key))


def _ave(fase: int | None) -> str:
    if fase is None:
        return ""
    kleur = AVE_KLEUREN.get(fase)
    return f"AVE {fase} ({kleur})" if kleur else f"AVE {fase}"


def _afspraken(value: list[str] | str | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [line.strip(" -•\t") for line in value.splitlines() if line.strip(" -•\t")]
    return [str(v) for v in value if v and str(v).strip()]


def _short(texts, limit: int = 350) -> bool:
    """True when every text fits a table cell comfortably (a table row cannot break nicely)."""
    return all(len(t or "") <= limit for t in texts)


def _onderbouwingen(value) -> list[HandoutOnderbouwing]:
    if not value:
        return []
    if isinstance(value, Mapping):
        return [HandoutOnderbouwing(leefgebied=k, toelichting=str(v)) for k, v in value.items()]
    return list(value)


# ------------------------------------------------------------------------------------------------
# Styles
# ------------------------------------------------------------------------------------------------

INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#5f6b76")
ACCENT = colors.HexColor("#1f5f8b")
RULE = colors.HexColor("#c3cbd3")
TINT = colors.HexColor("#eef3f7")


def _styles(base: float) -> dict[str, ParagraphStyle]:
    register_fonts()
    lead = base * 1.38
    body = ParagraphStyle("body", fontName=FONT, fontSize=base, leading=lead, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=base * 0.35)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=base * 0.85, leading=base * 0.85 * 1.35,
                                textColor=MUTED, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, spaceAfter=0),
        "label": ParagraphStyle("label", parent=body, textColor=MUTED, spaceAfter=0),
        "missing": ParagraphStyle("missing", parent=body, fontName=FONT_ITALIC, textColor=MUTED,
                                  spaceAfter=0),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=base * 1.75,
                                leading=base * 2.1, textColor=ACCENT, spaceAfter=base * 0.3),
        "h1": ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=base * 1.3,
                             leading=base * 1.65, textColor=ACCENT, spaceBefore=base * 1.1,
                             spaceAfter=base * 0.4, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=base * 1.05,
                             leading=base * 1.4, spaceBefore=base * 0.6, spaceAfter=base * 0.2,
                             keepWithNext=1),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=base * 0.9, borderPadding=0),
        "warn": ParagraphStyle("warn", parent=body, fontName=FONT_BOLD, textColor=colors.HexColor("#8a1c1c")),
    }


def _para(text, style: ParagraphStyle, missing: str | None = None,
          missing_style: ParagraphStyle | None = None) -> Paragraph:
    if text is None or not str(text).strip():
        return Paragraph(_t(missing or ""), missing_style or style)
    return Paragraph(_t(text), style)


def _bullets(items: Sequence[str], st: dict[str, ParagraphStyle]) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(_t(i), st["body"]), leftIndent=14, value="•") for i in items],
        bulletType="bullet", start="•", leftIndent=14, bulletFontName=FONT,
        bulletFontSize=st["body"].fontSize,
    )


def _kv_table(rows: list[tuple[str, Flowable | str]], st, width: float, label_w: float) -> Table:
    data = []
    for label, value in rows:
        if not isinstance(value, Flowable):
            value = Paragraph(_t(value), st["cell"])
        data.append([Paragraph(_t(label), st["label"]), value])
    t = Table(data, colWidths=[label_w, width - label_w], hAlign="LEFT", splitInRow=1)
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


def _grid_table(header: list[str], rows: list[list], st, col_widths: list[float]) -> Table:
    data = [[Paragraph(_t(h), st["cellb"]) for h in header]]
    for row in rows:
        data.append([c if isinstance(c, Flowable) else Paragraph(_t(c), st["cell"]) for c in row])
    t = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


# ------------------------------------------------------------------------------------------------
# Page furniture: "pagina X van Y" needs the page count, so pages are drawn after the last one.
# ------------------------------------------------------------------------------------------------


def _numbered_canvas(header: str | None, footer_left: str, base: float):
    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (ReportLab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            w, h = self._pagesize
            self.saveState()
            size = max(8.5, min(10.0, base * 0.87))
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            if header:
                self.setFont(FONT_BOLD, size + 1)
                self.setFillColor(colors.HexColor("#8a1c1c"))
                self.drawString(2 * cm, h - 1.3 * cm, header)
                self.setFillColor(MUTED)
                self.line(2 * cm, h - 1.5 * cm, w - 2 * cm, h - 1.5 * cm)
            self.line(2 * cm, 1.55 * cm, w - 2 * cm, 1.55 * cm)
            self.setFont(FONT, size)
            self.drawString(2 * cm, 1.1 * cm, footer_left)
            self.drawRightString(w - 2 * cm, 1.1 * cm, f"pagina {self._pageNumber} van {total}")
            self.restoreState()

    return NumberedCanvas


def _build(path: Path | str, story: list, title: str, header: str | None, footer_left: str,
           base: float) -> Path:
    register_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    top = 2.2 * cm if header else 1.8 * cm
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                          topMargin=top, bottomMargin=2.1 * cm, title=title, author="Toegang",
                          creator="Toegang")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="pagina", frames=[frame])])
    doc.build(story, canvasmaker=_numbered_canvas(header, footer_left, base))
    return path


def _body_width() -> float:
    return A4[0] - 4 * cm


def _scores(data: HandoutGesprek) -> tuple[dict[str, int | None], set[str]]:
    scores = {k: (d.score if d else None) for k, d in ((k, data.dimensies.get(k)) for k in vocab.DIMENSIES)}
    marked = {k for k, d in data.dimensies.items() if d and d.bespreken}
    return scores, marked


# ------------------------------------------------------------------------------------------------
# The resident's summary
# ------------------------------------------------------------------------------------------------

HANDOUT_BASE = 11.5
_VRAGEN = (
    ("wat_belangrijk", "Wat is voor u echt belangrijk?"),
    ("wat_veranderen", "Wat zou u willen veranderen?"),
    ("wie_helpen", "Wie of wat kan daarbij helpen?"),
)


def _verwijzing_handout(v: HandoutVerwijzing, st, width: float, prefix: Sequence = ()) -> KeepTogether:
    def contact(value: str | None) -> Paragraph:
        return _para(value, st["cell"], TE_VERIFIEREN, st["missing"])

    rows: list[tuple[str, Flowable | str]] = [
        ("Organisatie", contact(v.aanbieder)),
        ("Telefoon", contact(v.telefoon)),
        ("E-mail", contact(v.email)),
        ("Website", contact(v.website)),
        ("Adres", contact(v.adres)),
    ]
    if v.overdracht_label:
        rows.append(("Hoe", v.overdracht_label))
    if v.status_label:
        rows.append(("Stand van zaken", v.status_label))
    if v.opvolgdatum:
        rows.append(("Wij bellen u", f"rond {datum_nl(v.opvolgdatum)} om te vragen hoe het gaat"))
    inner = [Paragraph(_t(v.naam), st["h2"]), _kv_table(rows, st, width - 12, 4.2 * cm)]
    box = Table([[inner]], colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return KeepTogether([*prefix, box, Spacer(1, 8)])


def _handout_story(data: HandoutGesprek) -> list:
    st = _styles(HANDOUT_BASE)
    width = _body_width()
    balie = _balie(data)
    story: list = [Paragraph("Samenvatting van ons gesprek", st["title"]),
                   Paragraph(HANDOUT_TITEL, st["label"]), Spacer(1, 6)]
    meta: list[tuple[str, Flowable | str]] = []
    if data.inwoner_naam:
        meta.append(("Voor", data.inwoner_naam))
    meta.append(("Datum", datum_nl(data.datum)))
    meta.append(("Waar", balie.naam or TE_VERIFIEREN))
    if data.medewerker:
        meta.append(("Gesprek met", data.medewerker))
    story.append(_kv_table(meta, st, width, 3.4 * cm))
    if data.synthetisch:
        story.append(Paragraph("Let op: dit zijn verzonnen testgegevens (synthetisch).", st["warn"]))

    # 1. Hoe gaat het met u?
    scores, marked = _scores(data)
    story.append(KeepTogether([
        Paragraph("Hoe gaat het met u?", st["h1"]),
        Paragraph(
            "U gaf zelf een cijfer van 0 tot 10 aan zes delen van uw leven. 0 is heel slecht, 10 is heel "
            "goed. Het plaatje laat zien hoe u het nu ziet. Het is geen test. Het helpt ons om samen te "
            "praten over wat voor u belangrijk is.", st["body"]),
        spinnenweb(scores, marked, size=min(width, 15.5 * cm), font_size=HANDOUT_BASE),
    ]))
    rows = []
    for key, naam in vocab.DIMENSIES.items():
        sc = scores.get(key)
        rows.append([
            Paragraph(_t(naam), st["cellb"] if key in marked else st["cell"]),
            Paragraph(_t(NIET_BESPROKEN), st["missing"]) if sc is None else f"{sc} van de 10",
            "ja, hier wil ik over praten" if key in marked else "",
        ])
    story.append(Spacer(1, 6))
    story.append(_grid_table(["Onderdeel", "Uw cijfer", "Over praten?"], rows, st,
                             [width * 0.40, width * 0.22, width * 0.38]))

    # 2. Wat u ons vertelde
    story.append(Paragraph("Wat u ons vertelde", st["h1"]))
    for attr, vraag in _VRAGEN:
        story.append(Paragraph(_t(vraag), st["h2"]))
        story.append(_para(getattr(data, attr), st["quote"], NIET_BESPROKEN, st["missing"]))
    for v in data.velden:
        if v.samenvatting:
            story.append(Paragraph(_t(v.label[:1].upper() + v.label[1:]), st["h2"]))
            story.append(_para(v.tekst, st["quote"]))

    # 3. Afspraken
    story.append(Paragraph("Wat we hebben afgesproken", st["h1"]))
    afspraken = _afspraken(data.afspraken)
    if afspraken:
        story.append(_bullets(afspraken, st))
    else:
        story.append(Paragraph("We hebben nog geen afspraken gemaakt.", st["body"]))

    # 4. Waar u terecht kunt
    if data.verwijzingen:
        heading = [Paragraph("Waar u terecht kunt", st["h1"])]
        intro = "Hier staan de organisaties waar we het over hadden."
        if any(not (x and str(x).strip()) for v in data.verwijzingen
               for x in (v.aanbieder, v.telefoon, v.email, v.website, v.adres)):
            intro += (f" Staat er \u201c{TE_VERIFIEREN}\u201d? Dan hebben wij dat gegeven nog niet. "
                      "Vraag het ons gerust.")
        heading.append(Paragraph(intro, st["body"]))
        for i, v in enumerate(data.verwijzingen):
            # the heading travels with the first referral: never alone at the foot of a page
            story.append(_verwijzing_handout(v, st, width, heading if i == 0 else ()))

    # 5. Contact
    contact_block = [Paragraph("Vragen? Neem contact op", st["h1"])]
    naam = balie.naam or TE_VERIFIEREN
    contact_block.append(Paragraph(f"<b>{_t(naam)}</b>", st["body"]))
    if balie.contact:
        contact_block.append(Paragraph(_t(balie.contact), st["body"]))
    else:
        contact_block.append(Paragraph(f"Contact balie: {TE_VERIFIEREN}", st["missing"]))
    contact_block.append(Spacer(1, 4))
    contact_block.append(Paragraph(
        "Dit papier is voor u. Bewaar het goed. Klopt er iets niet? Zeg het ons, dan passen we het aan.",
        st["body"]))
    story.append(KeepTogether(contact_block))
    return story


def maak_handout(data: HandoutGesprek, path: Path | str) -> Path:
    """Write the resident's summary (B1 Dutch) to ``path``; returns the path."""
    balie = _balie(data)
    footer = f"{balie.naam or 'Toegang'} \u00b7 gesprek van {datum_nl(data.datum)}"
    return _build(path, _handout_story(data), "Samenvatting van ons gesprek", None, footer, HANDOUT_BASE)


# ------------------------------------------------------------------------------------------------
# The file copy
# ------------------------------------------------------------------------------------------------

DOSSIER_BASE = 9.5


def _dossier_story(data: HandoutGesprek) -> list:
    st = _styles(DOSSIER_BASE)
    width = _body_width()
    lw = 4.6 * cm
    balie = _balie(data)
    story: list = [Paragraph("Verslag brede uitvraag", st["title"])]
    if data.synthetisch:
        story.append(Paragraph("Synthetische testgegevens: geen echte inwoner.", st["warn"]))

    # Gegevens
    story.append(Paragraph("Gegevens", st["h1"]))
    rows: list[tuple[str, Flowable | str]] = [
        ("Gesprek", str(data.gesprek_id) if data.gesprek_id is not None else ""),
        ("Datum gesprek", datum_nl(data.datum)),
        ("Gemeente / kern", ", ".join(x for x in (_label(vocab.GEMEENTEN, data.gemeente), data.kern) if x)),
        ("Balie", balie.naam or TE_VERIFIEREN),
        ("Medewerker", data.medewerker or ""),
        ("Inwoner", data.inwoner_naam or ""),
        ("BSN", data.bsn or "niet vastgelegd"),
        ("Geboortejaar", str(data.geboortejaar) if data.geboortejaar else ""),
        ("Huishouden", _label(vocab.HUISHOUDENS, data.huishouden)),
        ("Inkomen", f"{data.inkomen_pct_bijstandsnorm}% van de bijstandsnorm"
         if data.inkomen_pct_bijstandsnorm is not None else NIET_GEVRAAGD),
    ]
    story.append(_kv_table(rows, st, width, lw))

    # Aanmelding
    story.append(Paragraph("Aanmelding", st["h1"]))
    a = data.aanmelding or HandoutAanmelding()
    story.append(_kv_table([
        ("Datum melding", datum_nl(a.datum)),
        ("Kanaal", _label(vocab.KANALEN, a.kanaal)),
        ("Melder", _label(vocab.MELDERS, a.melder)),
        ("Vraag (eigen woorden)", _para(a.vraag, st["cell"], NIET_GEVRAAGD, st["missing"])),
    ], st, width, lw))

    # Urgentie
    story.append(Paragraph("Crisis en veiligheid", st["h1"]))
    urg = [(label, _ja_nee(data.crisis.get(key))) for key, label in vocab.CRISIS.items()]
    urg += [(label, _ja_nee(data.veiligheid.get(key))) for key, label in vocab.VEILIGHEID.items()]
    urg.append(("Betrokken partijen", str(data.betrokken_partijen)
                if data.betrokken_partijen is not None else NIET_GEVRAAGD))
    urg.append(("Samenwerking stagneert", _ja_nee(data.samenwerking_stagneert)))
    story.append(_kv_table(urg, st, width, 6.2 * cm))

    # Positieve Gezondheid
    scores, marked = _scores(data)
    story.append(KeepTogether([Paragraph("Positieve Gezondheid", st["h1"]),
                               spinnenweb(scores, marked, size=min(width, 12 * cm), font_size=9)]))
    notes = [(naam, (data.dimensies.get(key) or HandoutDimensie()).notitie)
             for key, naam in vocab.DIMENSIES.items()]
    inline = _short([n for _, n in notes])
    rows2 = []
    for key, naam in vocab.DIMENSIES.items():
        d = data.dimensies.get(key) or HandoutDimensie()
        row = [naam, NIET_BESPROKEN if d.score is None else str(d.score), "ja" if d.bespreken else "nee"]
        if inline:
            row.append(_para(d.notitie, st["cell"]))
        rows2.append(row)
    story.append(Spacer(1, 4))
    if inline:
        story.append(_grid_table(["Dimensie", "Score", "Over praten", "Notitie"], rows2, st,
                                 [width * 0.24, width * 0.16, width * 0.12, width * 0.48]))
    else:
        # a long note does not fit a table row: the notes follow the table as paragraphs
        story.append(_grid_table(["Dimensie", "Score", "Over praten"], rows2, st,
                                 [width * 0.4, width * 0.3, width * 0.3]))
        story.append(Paragraph("Notities per dimensie", st["h2"]))
        for naam, note in notes:
            if note and note.strip():
                story.append(Paragraph(f"<b>{_t(naam)}</b>: {_t(note)}", st["body"]))

    story.append(Paragraph("Het andere gesprek", st["h1"]))
    for attr, vraag in _VRAGEN:
        story.append(Paragraph(_t(vraag), st["h2"]))
        story.append(_para(getattr(data, attr), st["body"], NIET_BESPROKEN, st["missing"]))

    # Signalen
    story.append(Paragraph("Leefgebieden en signalen", st["h1"]))

    def ernst(s: HandoutSignaal) -> str:
        return f"{s.ernst} ({vocab.ERNST.get(s.ernst, '')})" if s.ernst else ""

    if not data.signalen:
        story.append(Paragraph("Geen signalen vastgelegd.", st["missing"]))
    elif _short([s.toelichting for s in data.signalen]):
        rows3 = [[_label(vocab.LEEFGEBIEDEN, s.leefgebied), ernst(s), _para(s.toelichting, st["cell"])]
                 for s in data.signalen]
        story.append(_grid_table(["Leefgebied", "Ernst", "Toelichting"], rows3, st,
                                 [width * 0.26, width * 0.2, width * 0.54]))
    else:
        for s in data.signalen:
            story.append(Paragraph(f"<b>{_t(_label(vocab.LEEFGEBIEDEN, s.leefgebied))}</b>, ernst "
                                   f"{_t(ernst(s))}", st["body"]))
            if s.toelichting:
                story.append(Paragraph(_t(s.toelichting), st["quote"]))

    # Netwerk
    story.append(Paragraph("Eigen kracht en netwerk", st["h1"]))
    story.append(_kv_table([
        ("Eigen kracht", _para(data.eigen_kracht, st["cell"], NIET_GEVRAAGD, st["missing"])),
        ("Mantelzorger", _ja_nee(data.mantelzorger)),
        ("Mantelzorger overbelast", _ja_nee(data.mantelzorger_overbelast)),
        ("Steun van", "; ".join(data.steun_van) if data.steun_van else NIET_GEVRAAGD),
    ], st, width, lw))

    if data.velden:
        story.append(Paragraph("Verder vastgelegd", st["h1"]))
        story.append(_kv_table([(v.label[:1].upper() + v.label[1:], _para(v.tekst, st["cell"])) for v in data.velden],
                               st, width, lw))

    # AVE
    story.append(Paragraph("AVE-fase", st["h1"]))
    ave = data.ave or HandoutAve()
    ave_rows: list[tuple[str, Flowable | str]] = [
        ("Vastgestelde fase", _ave(ave.fase) or "nog niet vastgesteld"),
        ("Voorstel van Toegang", _ave(ave.voorgestelde_fase) or ""),
    ]
    if ave.procesregisseur:
        ave_rows.append(("Procesregisseur", ave.procesregisseur))
    story.append(_kv_table(ave_rows, st, width, lw))
    if ave.redenen:
        story.append(Paragraph("Waarom deze fase", st["h2"]))
        story.append(_bullets(ave.redenen, st))
    if ave.historie:
        story.append(Paragraph("Op- en afschalen", st["h2"]))
        rows4 = [[datum_nl(w.datum), _ave(w.van) or "-", _ave(w.naar),
                  (w.soort or "") + (" (voorstel overschreven)" if w.overschreven else ""),
                  _para(w.reden, st["cell"]), w.medewerker or ""] for w in ave.historie]
        story.append(_grid_table(["Datum", "Van", "Naar", "Soort", "Reden", "Medewerker"], rows4, st,
                                 [width * 0.16, width * 0.13, width * 0.13, width * 0.14, width * 0.28,
                                  width * 0.16]))

    # Suggesties
    story.append(Paragraph("Overwogen voorzieningen", st["h1"]))
    if data.suggesties:
        rows5 = [[_para(f"{s.naam}" + (f" ({s.aanbieder})" if s.aanbieder else ""), st["cell"]),
                  _label(vocab.TREDEN, s.trede) if s.trede is not None else "",
                  _label(vocab.WETTEN, s.wet), _para(s.reden, st["cell"]), _para(s.uitkomst, st["cell"])]
                 for s in data.suggesties]
        story.append(_grid_table(["Voorziening", "Trede", "Wet", "Reden", "Uitkomst"], rows5, st,
                                 [width * 0.28, width * 0.17, width * 0.12, width * 0.23, width * 0.20]))
    else:
        story.append(Paragraph("Geen suggesties vastgelegd.", st["missing"]))

    # Onderbouwing maatwerk
    story.append(Paragraph("Onderbouwing maatwerk (Wmo 2015 art. 2.3.2 lid 4 onder b-e)", st["h1"]))
    story.append(Paragraph(
        "Per leefgebied: waarom eigen kracht, gebruikelijke hulp, mantelzorg en netwerk, het voorliggend "
        "veld en algemene voorzieningen niet volstaan.", st["small"]))
    onderbouwingen = _onderbouwingen(data.onderbouwing_maatwerk)
    if onderbouwingen:
        for o in onderbouwingen:
            story.append(Paragraph(_t(_label(vocab.LEEFGEBIEDEN, o.leefgebied)), st["h2"]))
            story.append(_para(o.toelichting, st["body"]))
            by = ", ".join(x for x in (o.vastgelegd_door, datum_nl(o.vastgelegd_op)) if x)
            if by:
                story.append(Paragraph(f"Vastgelegd: {_t(by)}", st["small"]))
    else:
        story.append(Paragraph("Geen onderbouwing vastgelegd.", st["missing"]))

    # Afspraken en plan
    story.append(Paragraph("Afspraken", st["h1"]))
    afspraken = _afspraken(data.afspraken)
    story.append(_bullets(afspraken, st) if afspraken
                 else Paragraph("Geen afspraken vastgelegd.", st["missing"]))
    if data.plan or data.evaluatiedatum:
        story.append(Paragraph("Plan", st["h2"]))
        if data.plan:
            story.append(_para(data.plan, st["body"]))
        if data.evaluatiedatum:
            story.append(Paragraph(f"Evaluatie: {datum_nl(data.evaluatiedatum)}", st["body"]))

    # Verwijzingen
    heading_v: list = [Paragraph("Verwijzingen", st["h1"])]
    if not data.verwijzingen:
        story.extend(heading_v)
        story.append(Paragraph("Geen verwijzingen.", st["missing"]))
    for i, v in enumerate(data.verwijzingen):
        def c(value):
            return _para(value, st["cell"], TE_VERIFIEREN, st["missing"])

        toestemming = _ja_nee(v.toestemming)
        if v.toestemming and v.toestemming_datum:
            toestemming += f", {datum_nl(v.toestemming_datum)}"
        rows6: list[tuple[str, Flowable | str]] = [
            ("Aanbieder", c(v.aanbieder)),
            ("Trede / wet", " / ".join(x for x in (_label(vocab.TREDEN, v.trede) if v.trede is not None
                                                   else "", _label(vocab.WETTEN, v.wet)) if x)),
            ("Verwezen", ", ".join(x for x in (datum_nl(v.datum), v.verwezen_door) if x)),
            ("Overdracht", v.overdracht_label or ""),
            ("Toestemming", toestemming),
            ("Mag gedeeld worden", _para(v.toestemming_delen, st["cell"])),
            ("Telefoon", c(v.telefoon)),
            ("E-mail", c(v.email)),
            ("Website", c(v.website)),
            ("Adres", c(v.adres)),
            ("Status", v.status_label or ""),
            ("Opvolgdatum", datum_nl(v.opvolgdatum)),
        ]
        if v.notitie:
            rows6.append(("Notitie", _para(v.notitie, st["cell"])))
        block: list = [*(heading_v if i == 0 else ()), Paragraph(_t(v.naam), st["h2"]),
                       _kv_table(rows6, st, width, lw)]
        if v.historie:
            rows7 = [[datum_nl(h.datum), h.status_label, h.reden or "",
                      _para(h.notitie, st["cell"]), h.medewerker or ""] for h in v.historie]
            block.append(Spacer(1, 3))
            block.append(_grid_table(["Datum", "Status", "Reden", "Notitie", "Medewerker"], rows7, st,
                                     [width * 0.2, width * 0.14, width * 0.18, width * 0.30,
                                      width * 0.18]))
        story.append(KeepTogether(block + [Spacer(1, 6)]))

    # Termijnen
    story.append(Paragraph("Wettelijke termijnen", st["h1"]))
    if data.termijnen:
        rows8 = [[_label(vocab.WETTEN, t.wet), _para(t.stap, st["cell"]), datum_nl(t.uiterlijk),
                  t.grondslag or "", t.status or ""] for t in data.termijnen]
        story.append(_grid_table(["Wet", "Stap", "Uiterlijk", "Grondslag", "Status"], rows8, st,
                                 [width * 0.2, width * 0.25, width * 0.17, width * 0.2, width * 0.18]))
    else:
        story.append(Paragraph("Geen termijnen.", st["missing"]))
    story.append(Spacer(1, 10))
    story.append(Paragraph(
        "Vertrouwelijk: bevat persoonsgegevens. Bewaren volgens de bewaartermijn van de wet waaronder de "
        "hulp valt (Wmo 15 jaar, Jeugdwet 20 jaar, schuldhulpverlening 5 jaar).", st["small"]))
    return story


def maak_dossier(data: HandoutGesprek, path: Path | str) -> Path:
    """Write the file copy (full record, vertrouwelijk) to ``path``; returns the path."""
    gid = f"gesprek {data.gesprek_id}" if data.gesprek_id is not None else "gesprek"
    footer = f"{gid} \u00b7 {datum_nl(data.datum)} \u00b7 afgedrukt {datum_nl(date.today())}"
    return _build(path, _dossier_story(data), DOSSIER_TITEL, DOSSIER_TITEL, footer, DOSSIER_BASE)
