"""The two PDFs of a conversation: the summary for the resident and the file copy (dossierkopie).

Plain objects in, files out: the dataclasses below are the contract. The conversation service fills
them from the database; this module knows nothing of Qt or SQLAlchemy. Enumerations are passed as the
keys of ``toegang_app.domain.vocab`` (gemeente, kanaal, melder, huishouden, leefgebied, dimensie,
wet); statuses and hand-over kinds of referrals come as ready Dutch labels.

- ``maak_handout(data, path)``: "Samenvatting voor de inwoner", plain Dutch (B1), 11.5pt type, the
  spinnenweb, what matters to the resident, the agreed steps, where to go (missing contact details are
  printed as "te verifiëren", never guessed) and how to reach the desk. No BSN, no AVE phase, no
  worker's notes, no onderbouwing. With a safety concern recorded the service passes the safe version
  (:func:`veilige_versie`): only neutral afspraken, referrals to organisations whose names reveal nothing,
  and the desk's contact; the page itself never says that it is a safe version.
  In the language of ``data.taal`` (a ``domain.handout_talen.Taal``;
  None = Dutch): every fixed text comes from ``resources/handout_talen/<code>.yaml``, the worker's free
  text stays as written (Dutch, left to right) with a line saying so, an unreviewed translation prints a
  note, Arabic is laid out right to left (tables, lists, spinnenweb mirrored) and Arabic and Tigrinya
  use the fonts and HarfBuzz shaping of ``reports/schrift.py``.
- ``maak_dossier(data, path)``: "Dossierkopie — vertrouwelijk", the full record including the
  onderbouwing maatwerk (Wmo art. 2.3.2 lid 4 b-e), AVE history, the Meldcode record, terms and
  referral histories; "pagina X van Y" on every page.
"""

from __future__ import annotations

import contextvars
import logging
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
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
from toegang_app.domain import vervolg as dvervolg
from toegang_app.domain.balie import Balie
from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir
from toegang_app.reports import schrift as schriften
from toegang_app.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from toegang_app.reports.spinnenweb import spinnenweb


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
    voorziening_id: str | None = None     # the kaart id (the safe summary leaves safety organisations out)
    # a hand-over to Veilig Thuis (advies vragen, melding): dossier only
    anoniem: bool | None = None           # without the resident's name
    inwoner_weet: bool | None = None      # the resident knows of it
    waarom_niet: str | None = None        # why the resident was not told


@dataclass
class HandoutMeldcodeStap:
    nummer: int
    naam: str
    datum: date | None = None             # None: not recorded yet
    medewerker: str | None = None
    notitie: str | None = None


@dataclass
class HandoutMeldcode:
    """The Meldcode record (dossier only): the five steps, the afwegingen of step 4 and the decision."""

    stand: str
    stappen: list[HandoutMeldcodeStap] = field(default_factory=list)
    advies_veilig_thuis: bool | None = None
    advies_anoniem: bool | None = None
    gesprek_overgeslagen: bool = False
    afwegingen: list[tuple[str, bool | None]] = field(default_factory=list)   # (question, answer)
    uitkomst: str | None = None           # what the afwegingskader says
    besluit: str | None = None            # the decision as a Dutch label


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
    key: str | None = None    # the field table key: its label on the summary comes from the translation file


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
class HandoutToenEnNu:
    """A follow-up conversation: the previous scores, a B1 sentence per dimension that changed, and the
    afspraken of earlier conversations that were met (services.vervolg.toen_en_nu)."""

    datum_toen: date
    scores_toen: dict[str, int | None]
    zinnen: list[str] = field(default_factory=list)
    gelukt: list[str] = field(default_factory=list)


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
    meldcode: HandoutMeldcode | None = None
    # the resident's summary -----------------------------------------------------------------------
    veilig: bool = False     # the safe version (see veilige_versie): no scores, no quotes, no velden
    # the resident's summary: its language (domain.handout_talen.Taal); None = Dutch
    taal: object | None = None
    # dossier only: further sections (heading, [(label, value)]), e.g. the Wmo verslag and representatives
    extra_secties: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    toen_en_nu: HandoutToenEnNu | None = None                 # a follow-up conversation: "Toen en nu"


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
# The safe version of the resident's summary (issue 21)
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weggelaten:
    """What the safe version leaves out, for the worker to see on screen (never printed)."""

    afspraken: tuple[str, ...] = ()
    verwijzingen: tuple[str, ...] = ()      # names of the referrals left out
    scores_en_antwoorden: bool = True       # the spinnenweb, the scores and the resident's own words

    @property
    def regels(self) -> list[str]:
        """Dutch lines: what does not print on the safe version."""
        out = []
        if self.scores_en_antwoorden:
            out.append("het spinnenweb, de cijfers en wat de inwoner zelf vertelde (citaten)")
        if self.afspraken:
            n = len(self.afspraken)
            out.append(f"{n} {'afspraak die de zorg verraadt' if n == 1 else 'afspraken die de zorg verraden'}: "
                       + "; ".join(f"\u201c{a}\u201d" for a in self.afspraken))
        if self.verwijzingen:
            out.append("verwijzingen naar: " + ", ".join(self.verwijzingen))
        return out


def veilige_versie(data: HandoutGesprek, cfg, namen: Sequence[str] = ()) -> tuple[HandoutGesprek, Weggelaten]:
    """The resident's summary that cannot endanger her: no safety notes, no names of safety
    organisations (``cfg.veiligheidsorganisaties`` and their ``namen`` as the kaart spells them), no quote
    that reveals the concern, only the afspraken that reveal nothing (``cfg.onthullend``), referrals to
    other organisations without their notes, and the desk's contact. ``cfg``: the
    ``domain.veiligheid.VeiligheidConfig``. Returns the safe data and what it left out."""
    from toegang_app.domain.veiligheid import neutrale_regels, onthult

    namen = tuple(n for n in namen if n)
    houden: list[HandoutVerwijzing] = []
    weg_v: list[str] = []
    for v in data.verwijzingen:
        if v.voorziening_id in cfg.veiligheidsorganisaties or any(
                onthult(x, cfg, namen) for x in (v.naam, v.aanbieder, v.overdracht_label, v.website, v.email)):
            weg_v.append(v.naam)
            continue
        houden.append(HandoutVerwijzing(naam=v.naam, aanbieder=v.aanbieder, telefoon=v.telefoon, email=v.email,
                                        website=v.website, adres=v.adres, overdracht_label=v.overdracht_label,
                                        opvolgdatum=v.opvolgdatum, status_label=v.status_label,
                                        voorziening_id=v.voorziening_id))
    afspraken, weg_a = neutrale_regels(_afspraken(data.afspraken), cfg, namen)
    balie = data.balie
    safe = HandoutGesprek(datum=data.datum, gemeente=data.gemeente, kern=data.kern, balie=balie,
                          inwoner_naam=data.inwoner_naam, medewerker=data.medewerker, gesprek_id=data.gesprek_id,
                          afspraken=afspraken, verwijzingen=houden, synthetisch=data.synthetisch, veilig=True,
                          taal=data.taal)
    return safe, Weggelaten(afspraken=tuple(weg_a), verwijzingen=tuple(weg_v))


# ------------------------------------------------------------------------------------------------
# The desk
# ------------------------------------------------------------------------------------------------


def balie_voor(gemeente: str, contact: str | None, balies: Mapping[str, Balie]) -> HandoutBalie:
    """The desk of a gemeente from the validated ``balies`` (``Resources.balies``, read from
    ``resources/balies.yaml``); ``contact`` (setting ``balie_contact``) wins over the file. Unknown
    fields stay None ("te verifiëren")."""
    entry = balies.get(gemeente)
    return HandoutBalie(naam=entry.naam if entry else None, contact=contact or (entry.contact if entry else None))


def _balie(data: HandoutGesprek) -> HandoutBalie:
    """The desk as the caller gave it (this module reads no files); unknown = "te verifiëren"."""
    return data.balie or HandoutBalie()


# ------------------------------------------------------------------------------------------------
# Formatting helpers
# ------------------------------------------------------------------------------------------------

# 22 november 2026; with a time for a datetime: 22 november 2026 14:05.
datum_nl = nl.datum_tijd_lang


_VERVANG = {"\u2192": "->", "\u2190": "<-", "\u2194": "<->", "\u21d2": "=>", "\u2713": "v", "\u2714": "v",
            "\u2717": "x", "\u2718": "x", "\u00a0": " ", "\t": "    "}


# the script of the PDF being built (reports.schrift.Schrift); None = Latin (Open Sans)
_SCHRIFT: contextvars.ContextVar = contextvars.ContextVar("handout_schrift", default=None)


@lru_cache(maxsize=1)
def _open_sans_glyphs() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def _glyphs() -> frozenset[int]:
    sch = _SCHRIFT.get()
    return schriften.glyphs(sch.regular) if sch is not None else _open_sans_glyphs()


def _rtl() -> bool:
    sch = _SCHRIFT.get()
    return bool(sch is not None and sch.rtl)


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


def _styles(base: float, schrift: schriften.Schrift | None = None) -> dict[str, ParagraphStyle]:
    """The paragraph styles; with ``schrift`` in its fonts and direction (right-aligned, right-to-left
    ordering, HarfBuzz shaping where the script needs it). ``nl``, ``nl_quote`` and ``nl_cell`` stay
    Open Sans left to right: the worker's Dutch words and names."""
    register_fonts()
    st = _stijlen(base, FONT, FONT_BOLD, FONT_ITALIC)
    st["nl"], st["nl_quote"], st["nl_cell"] = st["body"], st["quote"], st["cell"]
    if schrift is None or schrift.regular == FONT:
        return st
    schriften.registreer(schrift)
    out = _stijlen(base, schrift.regular, schrift.bold, schrift.italic)
    for style in out.values():
        if schrift.shaping:
            style.shaping = 1
        if schrift.rtl:
            style.alignment, style.wordWrap = TA_RIGHT, "RTL"
    out["nl"], out["nl_quote"], out["nl_cell"] = st["body"], st["quote"], st["cell"]
    return out


def _stijlen(base: float, FONT: str, FONT_BOLD: str, FONT_ITALIC: str) -> dict[str, ParagraphStyle]:  # noqa: N803
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


def _bullets(items: Sequence[str], st: dict[str, ParagraphStyle], style: str = "body") -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(_t(i), st[style]), leftIndent=14, value="•") for i in items],
        bulletType="bullet", start="•", leftIndent=14, bulletFontName=FONT,
        bulletFontSize=st["body"].fontSize,
    )


def _mirror(data: list[list], col_widths: list[float]) -> tuple[list[list], list[float]]:
    """Right to left: the columns in reverse order (the label column on the right)."""
    return [list(reversed(row)) for row in data], list(reversed(col_widths))


def _kv_table(rows: list[tuple[str, Flowable | str]], st, width: float, label_w: float) -> Table:
    data = []
    for label, value in rows:
        if not isinstance(value, Flowable):
            value = Paragraph(_t(value), st["cell"])
        data.append([Paragraph(_t(label), st["label"]), value])
    widths = [label_w, width - label_w]
    if _rtl():
        data, widths = _mirror(data, widths)
    t = Table(data, colWidths=widths, hAlign="RIGHT" if _rtl() else "LEFT", splitInRow=1)
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
    if _rtl():
        data, col_widths = _mirror(data, col_widths)
    t = Table(data, colWidths=col_widths, repeatRows=1, hAlign="RIGHT" if _rtl() else "LEFT", splitInRow=1)
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


def _numbered_canvas(header: str | None, footer_left: str, base: float, pagina: str = "pagina {pagina} van {totaal}",
                     schrift: schriften.Schrift | None = None, footer_naam: str | None = None):
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
            nummer = pagina.format(pagina=self._pageNumber, totaal=total)
            if schrift is None or schrift.regular == FONT:
                self.setFont(FONT, size)
                self.drawString(2 * cm, 1.1 * cm, footer_left)
                self.drawRightString(w - 2 * cm, 1.1 * cm, nummer)
            else:  # the language's words in its font, shaped; the desk's (Dutch) name in Open Sans
                from reportlab.pdfgen.textobject import bidiShapedText

                direction = "RTL" if schrift.rtl else None
                naam = f"{footer_naam} \u00b7 " if footer_naam else ""
                tekst_w = bidiShapedText(footer_left, direction, fontName=schrift.regular, fontSize=size,
                                         shaping=True)[1]
                self.setFont(schrift.regular, size)
                if schrift.rtl:  # mirrored: the page number left, the footer text from the right
                    self.drawString(2 * cm, 1.1 * cm, nummer, direction=direction, shaping=True)
                    self.drawRightString(w - 2 * cm, 1.1 * cm, footer_left, direction=direction, shaping=True)
                    self.setFont(FONT, size)
                    self.drawRightString(w - 2 * cm - tekst_w, 1.1 * cm, (footer_naam or "") + " \u00b7 ")
                else:
                    self.setFont(FONT, size)
                    self.drawString(2 * cm, 1.1 * cm, naam)
                    self.setFont(schrift.regular, size)
                    self.drawString(2 * cm + stringWidth(naam, FONT, size), 1.1 * cm, footer_left, shaping=True)
                    self.drawRightString(w - 2 * cm, 1.1 * cm, nummer, shaping=True)
            self.restoreState()

    return NumberedCanvas


def _build(path: Path | str, story: list, title: str, header: str | None, footer_left: str,
           base: float, pagina: str = "pagina {pagina} van {totaal}", schrift: schriften.Schrift | None = None,
           taal: str = "nl", footer_naam: str | None = None) -> Path:
    register_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    top = 2.2 * cm if header else 1.8 * cm
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                          topMargin=top, bottomMargin=2.1 * cm, title=title, author="Toegang",
                          creator="Toegang", lang=taal)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="pagina", frames=[frame])])
    doc.build(story, canvasmaker=_numbered_canvas(header, footer_left, base, pagina, schrift, footer_naam))
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
# the three questions of "het andere gesprek": (attribute, key of the translation file)
_VRAGEN_SLEUTELS = (("wat_belangrijk", "vraag_wat_belangrijk"), ("wat_veranderen", "vraag_wat_veranderen"),
                    ("wie_helpen", "vraag_wie_helpen"))


@lru_cache(maxsize=1)
def _nederlands():
    """The Dutch texts (resources/handout_talen/nl.yaml), for a summary made without ``data.taal``."""
    from toegang_app.domain.handout_talen import load_talen

    return load_talen(resources_dir() / "handout_talen", ("nl",))["nl"]  # a broken other file does not matter


def _taal(data: HandoutGesprek):
    return data.taal if data.taal is not None else _nederlands()


def _vragen(taal) -> tuple[tuple[str, str], ...]:
    return tuple((attr, taal.t(key)) for attr, key in _VRAGEN_SLEUTELS)


def _eigen_woorden(taal, st) -> list:
    """The line under the worker's own (Dutch) words, in the chosen language; nothing for Dutch."""
    if taal.code == "nl":
        return []
    return [Paragraph(_t(taal.t("eigen_woorden")), st["small"])]


def _verwijzing_handout(v: HandoutVerwijzing, st, width: float, taal, prefix: Sequence = ()) -> KeepTogether:
    missing = taal.t("te_verifieren")

    def contact(value: str | None) -> Paragraph:
        # contact details are data (Latin letters and digits): left to right, in the Dutch style
        return _para(value, st["nl_cell"], missing, st["missing"])

    rows: list[tuple[str, Flowable | str]] = [
        (taal.t("organisatie"), contact(v.aanbieder)),
        (taal.t("telefoon"), contact(v.telefoon)),
        (taal.t("email"), contact(v.email)),
        (taal.t("website"), contact(v.website)),
        (taal.t("adres"), contact(v.adres)),
    ]
    if v.overdracht_label:
        rows.append((taal.t("hoe"), taal.label(v.overdracht_label)))
    if v.status_label:
        rows.append((taal.t("stand_van_zaken"), taal.label(v.status_label)))
    if v.opvolgdatum:
        rows.append((taal.t("wij_bellen"), taal.t("wij_bellen_rond", datum=taal.datum(v.opvolgdatum))))
    # the voorziening keeps its seed name (Dutch)
    naam_stijl = ParagraphStyle("naam", parent=st["h2"], fontName=FONT_BOLD, alignment=st["h2"].alignment,
                                wordWrap=None, shaping=0)
    inner = [Paragraph(_t(v.naam), naam_stijl), _kv_table(rows, st, width - 12, 4.2 * cm)]
    box = Table([[inner]], colWidths=[width], hAlign="RIGHT" if _rtl() else "LEFT")
    rule = "LINEAFTER" if _rtl() else "LINEBEFORE"
    box.setStyle(TableStyle([
        (rule, (0, 0), (0, -1), 2.5, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 0 if _rtl() else 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10 if _rtl() else 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return KeepTogether([*prefix, box, Spacer(1, 8)])


def _scores_en_antwoorden(data: HandoutGesprek, story: list, st, width: float, taal, sch) -> None:
    """1. Hoe gaat het met u? (the spinnenweb and the scores) and 2. Wat u ons vertelde (the quotes)."""
    # 1. Hoe gaat het met u?
    scores, marked = _scores(data)
    labels = {k: taal.dimensie(k) for k in vocab.DIMENSIES}
    web = spinnenweb(scores, marked, size=min(width, 15.5 * cm), font_size=HANDOUT_BASE, namen=labels,
                     cijfer=taal.t("web_cijfer"), niet_besproken=taal.t("niet_besproken"),
                     legenda_tekst=taal.t("web_legenda"), fonts=(sch.regular, sch.bold), spiegel=sch.rtl,
                     shaping=sch.shaping)
    story.append(KeepTogether([
        Paragraph(_t(taal.t("hoe_gaat_het")), st["h1"]),
        Paragraph(_t(taal.t("uitleg_scores")), st["body"]),
        web,
    ]))
    rows = []
    for key in vocab.DIMENSIES:
        sc = scores.get(key)
        naam = f"<b>{_t(taal.dimensie(key))}</b>" if key in marked and not sch.rtl else _t(taal.dimensie(key))
        # right to left: one style per cell (ReportLab orders mixed-style words of a line wrongly)
        cel = st["cellb"] if key in marked and sch.rtl else st["cell"]
        rows.append([
            # the plain companion: "Lichaamsfuncties: hoe het met uw lichaam gaat"
            Paragraph(f"{naam}: {_t(taal.dimensie_uitleg(key))}", cel),
            Paragraph(_t(taal.t("niet_besproken")), st["missing"]) if sc is None
            else taal.t("cijfer_van_10", cijfer=sc),
            taal.t("over_praten_ja") if key in marked else "",
        ])
    story.append(Spacer(1, 6))
    story.append(_grid_table([taal.t("kolom_onderdeel"), taal.t("kolom_cijfer"), taal.t("kolom_over_praten")],
                             rows, st, [width * 0.50, width * 0.18, width * 0.32]))
    # a follow-up: "Toen en nu", in the summary's language
    if data.toen_en_nu is not None:
        story += _toen_en_nu(data.toen_en_nu, scores, marked, st, width, taal, sch)

    # 2. Wat u ons vertelde
    story.append(Paragraph(_t(taal.t("vertelde")), st["h1"]))
    for attr, vraag in _vragen(taal):
        story.append(Paragraph(_t(vraag), st["h2"]))
        text = getattr(data, attr)
        story.append(_para(text, st["nl_quote"], taal.t("niet_besproken"), st["missing"]))
        if text and str(text).strip():
            story.extend(_eigen_woorden(taal, st))
    for v in data.velden:
        if v.samenvatting:
            label = taal.veld(v.key, v.label) if v.key else v.label
            story.append(Paragraph(_t(label[:1].upper() + label[1:]), st["h2"]))
            story.append(_para(v.tekst, st["nl_quote"]))
            story.extend(_eigen_woorden(taal, st))


def _handout_story(data: HandoutGesprek) -> list:
    taal = _taal(data)
    sch = schriften.SCHRIFTEN[taal.schrift]
    st = _styles(HANDOUT_BASE, sch)
    width = _body_width()
    balie = _balie(data)
    missing = taal.t("te_verifieren")
    story: list = [Paragraph(_t(taal.t("titel")), st["title"]),
                   Paragraph(_t(taal.t("ondertitel")), st["label"]), Spacer(1, 6)]
    if not taal.nagekeken:
        story.append(Paragraph(_t(taal.t("niet_nagekeken")), st["small"]))
        story.append(Spacer(1, 4))
    meta: list[tuple[str, Flowable | str]] = []
    if data.inwoner_naam:
        meta.append((taal.t("voor"), Paragraph(_t(data.inwoner_naam), st["nl_cell"])))
    meta.append((taal.t("datum"), taal.datum(data.datum)))
    meta.append((taal.t("waar"), Paragraph(_t(balie.naam), st["nl_cell"]) if balie.naam else missing))
    if data.medewerker:
        meta.append((taal.t("gesprek_met"), Paragraph(_t(data.medewerker), st["nl_cell"])))
    story.append(_kv_table(meta, st, width, 3.4 * cm))
    if data.synthetisch:
        story.append(Paragraph(_t(taal.t("synthetisch")), st["warn"]))

    # the safe version (issue 21, ``data.veilig``) prints neither scores nor quotes
    if not data.veilig:
        _scores_en_antwoorden(data, story, st, width, taal, sch)


    # 3. Afspraken
    story.append(Paragraph(_t(taal.t("afspraken")), st["h1"]))
    afspraken = _afspraken(data.afspraken)
    if afspraken:
        story.append(_bullets(afspraken, st, "nl"))
        story.extend(_eigen_woorden(taal, st))
    else:
        story.append(Paragraph(_t(taal.t("geen_afspraken")), st["body"]))

    # 4. Waar u terecht kunt
    if data.verwijzingen:
        heading = [Paragraph(_t(taal.t("waar_terecht")), st["h1"])]
        intro = taal.t("waar_intro")
        if any(not (x and str(x).strip()) for v in data.verwijzingen
               for x in (v.aanbieder, v.telefoon, v.email, v.website, v.adres)):
            intro += " " + taal.t("waar_te_verifieren", te_verifieren=missing)
        heading.append(Paragraph(_t(intro), st["body"]))
        for i, v in enumerate(data.verwijzingen):
            # the heading travels with the first referral: never alone at the foot of a page
            story.append(_verwijzing_handout(v, st, width, taal, heading if i == 0 else ()))

    # 5. Contact
    contact_block = [Paragraph(_t(taal.t("contact")), st["h1"])]
    if balie.naam:
        contact_block.append(Paragraph(f"<b>{_t(balie.naam)}</b>", st["nl"]))
    else:
        contact_block.append(Paragraph(f"<b>{_t(missing)}</b>", st["body"]))
    if balie.contact:
        contact_block.append(Paragraph(_t(balie.contact), st["nl"]))
    else:
        contact_block.append(Paragraph(_t(taal.t("contact_onbekend", te_verifieren=missing)), st["missing"]))
    contact_block.append(Spacer(1, 4))
    contact_block.append(Paragraph(_t(taal.t("bewaren")), st["body"]))
    story.append(KeepTogether(contact_block))
    return story


def _verschil_woorden(taal):
    """The change under a dimension's label in the follow-up web, in ``taal``: 'toen 3, nu 6: hoger'."""
    def woorden(v: dvervolg.Verandering) -> str:
        if v.toen is None and v.nu is None:
            return taal.t("niet_gevraagd")
        if v.toen is None:
            return taal.t("web_nieuw", nu=v.nu)
        if v.nu is None:
            return taal.t("web_nu_niet", toen=v.toen)
        return taal.t("web_verschil", toen=v.toen, nu=v.nu, richting=taal.t(f"richting_{v.richting}"))
    return woorden


def toen_en_nu_zinnen(toen: Mapping[str, int | None], nu: Mapping[str, int | None], taal) -> list[str]:
    """A plain sentence per dimension whose score went up or down, in ``taal`` (B1 in Dutch)."""
    out = []
    for v in dvervolg.veranderingen(dict(toen), dict(nu)):
        if v.richting in (dvervolg.HOGER, dvervolg.LAGER):
            key = "zin_beter" if v.richting == dvervolg.HOGER else "zin_minder"
            out.append(taal.t(key, dimensie=taal.dimensie(v.dimensie), toen=v.toen, nu=v.nu))
    return out


def _toen_en_nu(t: HandoutToenEnNu, scores, marked, st, width: float, taal=None, sch=None) -> list:
    """Both webs side by side (the second with the first as a dashed line), a sentence per dimension that
    changed, and what was met; in the summary's language (right to left: 'toen' stands on the right)."""
    taal = taal or _nederlands()
    sch = sch or schriften.SCHRIFTEN[taal.schrift]
    toen = taal.datum(t.datum_toen)
    half = width / 2 - 6
    fs = HANDOUT_BASE * 0.8
    labels = {k: taal.dimensie(k) for k in vocab.DIMENSIES}
    common = dict(font_size=fs, namen=labels, cijfer=taal.t("web_cijfer"), niet_besproken=taal.t("niet_besproken"),
                  legenda_tekst=taal.t("web_legenda"), fonts=(sch.regular, sch.bold), spiegel=sch.rtl,
                  shaping=sch.shaping)
    koppen = [Paragraph(_t(taal.t("toen_kop", toen=toen)), st["cellb"]), Paragraph(_t(taal.t("nu_kop")), st["cellb"])]
    webben = [spinnenweb(t.scores_toen, (), size=half, legenda=False, **common),
              spinnenweb(scores, marked, size=half, vorige=t.scores_toen, vorige_label=toen,
                         verschil=_verschil_woorden(taal), legenda_nu=taal.t("web_nu"),
                         legenda_toen=taal.t("web_toen"), **common)]
    rows, widths = [koppen, webben], [width / 2, width / 2]
    if sch.rtl:
        rows, widths = _mirror(rows, widths)
    webs = Table(rows, colWidths=widths, hAlign="RIGHT" if sch.rtl else "LEFT")
    webs.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    out: list = [KeepTogether([
        Paragraph(_t(taal.t("toen_en_nu")), st["h1"]),
        Paragraph(_t(taal.t("toen_uitleg", toen=toen)), st["body"]),
        webs])]
    zinnen = toen_en_nu_zinnen(t.scores_toen, scores, taal)
    if zinnen:
        out.append(Paragraph(_t(taal.t("wat_veranderd")), st["h2"]))
        out.append(_bullets(zinnen, st))
    else:
        out.append(Paragraph(_t(taal.t("cijfers_gelijk")), st["body"]))
    if t.gelukt:
        out.append(Paragraph(_t(taal.t("wat_gelukt")), st["h2"]))
        # the afspraken are the worker's (Dutch) words
        out.append(_bullets(t.gelukt, st, "nl"))
        out.extend(_eigen_woorden(taal, st))
    return out


def maak_handout(data: HandoutGesprek, path: Path | str) -> Path:
    """Write the resident's summary (in ``data.taal``, Dutch B1 by default) to ``path``; returns the path."""
    taal = _taal(data)
    sch = schriften.registreer(schriften.SCHRIFTEN[taal.schrift])
    token = _SCHRIFT.set(sch if sch.regular != FONT else None)
    try:
        balie = _balie(data)
        voet = taal.t("voet_gesprek", datum=taal.datum(data.datum))
        story = _handout_story(data)
        if sch.regular == FONT:
            return _build(path, story, taal.t("titel"), None, f"{balie.naam or 'Toegang'} \u00b7 {voet}", HANDOUT_BASE,
                          pagina=taal.t("pagina"), taal=taal.code)
        return _build(path, story, taal.t("titel"), None, voet, HANDOUT_BASE, pagina=taal.t("pagina"),
                      schrift=sch, taal=taal.code, footer_naam=balie.naam or "Toegang")
    finally:
        _SCHRIFT.reset(token)


# ------------------------------------------------------------------------------------------------
# The file copy
# ------------------------------------------------------------------------------------------------

DOSSIER_BASE = 9.5


def _meldcode_dossier(m: HandoutMeldcode, story: list, st, width: float, lw: float) -> None:
    story.append(Paragraph("Meldcode huiselijk geweld en kindermishandeling", st["h1"]))
    story.append(Paragraph(_t(m.stand), st["body"]))
    rows = [[str(s.nummer), _para(s.naam, st["cell"]), datum_nl(s.datum) or "nog niet",
             s.medewerker or "", _para(s.notitie, st["cell"])] for s in m.stappen]
    story.append(_grid_table(["Stap", "Wat", "Datum", "Medewerker", "Notitie"], rows, st,
                             [width * 0.07, width * 0.30, width * 0.15, width * 0.18, width * 0.30]))
    extra: list[tuple[str, Flowable | str]] = [
        ("Advies bij Veilig Thuis", _ja_nee(m.advies_veilig_thuis)
         + (", zonder naam van de inwoner" if m.advies_veilig_thuis and m.advies_anoniem else "")),
    ]
    if m.gesprek_overgeslagen:
        extra.append(("Gesprek met betrokkene", "niet gevoerd: het zou de veiligheid in gevaar brengen"))
    story.append(Spacer(1, 4))
    story.append(_kv_table(extra, st, width, lw))
    if any(a is not None for _, a in m.afwegingen):
        story.append(Paragraph("Afwegingskader (stap 4)", st["h2"]))
        story.append(_kv_table([(f"{i}. {vraag}", _ja_nee(a)) for i, (vraag, a) in enumerate(m.afwegingen, 1)],
                               st, width, width * 0.72))
    if m.uitkomst:
        story.append(Paragraph(_t(m.uitkomst), st["body"]))
    story.append(_kv_table([("Besluit (stap 5)", m.besluit or "nog niet genomen")], st, width, lw))


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
    for attr, vraag in _vragen(_nederlands()):
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

    if data.meldcode is not None:
        _meldcode_dossier(data.meldcode, story, st, width, lw)

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
        if v.inwoner_weet is not None:
            rows6.append(("Zonder naam inwoner", "ja (anoniem advies)" if v.anoniem else "nee"))
            rows6.append(("Inwoner weet ervan", "ja" if v.inwoner_weet else "nee"))
            if not v.inwoner_weet and v.waarom_niet:
                rows6.append(("Waarom niet", _para(v.waarom_niet, st["cell"])))
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

    for kop, regels in data.extra_secties:
        story.append(Paragraph(_t(kop), st["h1"]))
        story.append(_kv_table([(label, _para(value, st["cell"])) for label, value in regels], st, width, lw)
                     if regels else Paragraph("Niets vastgelegd.", st["missing"]))

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
