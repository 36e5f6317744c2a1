"""The verslag of a Wmo onderzoek (Wmo 2015 art. 2.3.2 lid 8): the points of lid 4 (a to g), proposed
from the recorded conversation in plain Dutch (B1, "u": the resident reads it), for the worker to check
and complete before the verslag is dated and stored. Pure rules, no storage.

Each proposed text says where it comes from (``bron``); a point the conversation says nothing about is
proposed as "Niet besproken." so that the worker sees it and fills it in or leaves it so, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toegang_app.domain.validation import InvalidInput

# Wmo 2015 art. 2.3.2 lid 4, in B1 for the resident
PUNTEN: dict[str, str] = {
    "a": "Wat u nodig heeft, wie u bent en wat u wilt",
    "b": "Wat u zelf kunt en wat uw huisgenoten gewoon voor u doen",
    "c": "Hulp van mantelzorgers en mensen om u heen",
    "d": "Steun voor uw mantelzorger",
    "e": "Algemene voorzieningen en activiteiten in de buurt",
    "f": "Andere hulp: zorg, jeugdhulp, onderwijs, welzijn, wonen, werk en inkomen",
    "g": "Eigen bijdrage",
}
PUNT_GRONDSLAG = "Wmo 2015 art. 2.3.2 lid 4 onder {letter}"
VERVOLGEN: dict[str, str] = {
    "aanvraag": "U vraagt een maatwerkvoorziening aan (aanvraag)",
    "geen_aanvraag": "U doet geen aanvraag: de hulp hierboven is genoeg",
    "bedenktijd": "U denkt er nog over na en laat het ons weten",
}
REACTIES: dict[str, str] = {
    "eens": "Eens met het verslag",
    "oneens": "Niet eens met (een deel van) het verslag",
    "aanvulling": "Aanvulling op het verslag",
    "geen_reactie": "Geen reactie gegeven",
}
NAAR: dict[str, str] = {
    "wmo_consulent": "Wmo-consulent",
    "backoffice": "Backoffice Wmo",
}
NIET_BESPROKEN = "Niet besproken."
MAX_TEKST = 4000


@dataclass
class VerslagBron:
    """What the conversation recorded, as plain text and labels (filled by the service)."""

    vraag: str = ""
    signalen: list[tuple[str, int | None, str]] = field(default_factory=list)   # (leefgebied label, ernst, toelichting)
    bespreken: list[str] = field(default_factory=list)                         # dimension labels
    wat_belangrijk: str = ""
    wat_veranderen: str = ""
    wie_helpen: str = ""
    eigen_kracht: str = ""
    huishouden: str | None = None                                              # label
    mantelzorger: bool | None = None
    mantelzorger_overbelast: bool | None = None
    steun_van: list[str] = field(default_factory=list)
    betrokkenen: list[tuple[str, bool]] = field(default_factory=list)          # (role label, own melding)
    verwijzingen: list[tuple[str, int, str | None, str]] = field(default_factory=list)  # (naam, trede, wet, status)
    onderbouwingen: list[tuple[str, str]] = field(default_factory=list)        # (leefgebied label, toelichting)


@dataclass(frozen=True)
class Punt:
    letter: str
    titel: str
    tekst: str
    bron: str

    @property
    def grondslag(self) -> str:
        return PUNT_GRONDSLAG.format(letter=self.letter)


def _zin(text: str) -> str:
    text = " ".join((text or "").split())
    return text if not text or text[-1] in ".!?" else text + "."


def voorstel(b: VerslagBron) -> dict[str, Punt]:
    """The proposed text of each point a-g."""
    out: dict[str, Punt] = {}

    a: list[str] = []
    if b.vraag.strip():
        a.append(f"Uw vraag: {_zin(b.vraag)}")
    if b.signalen:
        a.append("Waar het om gaat: " + "; ".join(
            label + (f" ({t.strip()})" if t.strip() else "") for label, _e, t in b.signalen) + ".")
    if b.bespreken:
        a.append("U wilde praten over: " + ", ".join(x.lower() for x in b.bespreken) + ".")
    if b.wat_belangrijk.strip():
        a.append(f"Belangrijk voor u: {_zin(b.wat_belangrijk)}")
    if b.wat_veranderen.strip():
        a.append(f"U wilt veranderen: {_zin(b.wat_veranderen)}")
    out["a"] = Punt("a", PUNTEN["a"], " ".join(a) or NIET_BESPROKEN,
                    "aanmelding, leefgebieden en het andere gesprek")

    bb: list[str] = []
    if b.eigen_kracht.strip():
        bb.append(_zin(b.eigen_kracht))
    if b.huishouden:
        bb.append(f"Huishouden: {b.huishouden.lower()}.")
    out["b"] = Punt("b", PUNTEN["b"], " ".join(bb) or NIET_BESPROKEN, "eigen kracht en huishouden")

    c: list[str] = []
    if b.mantelzorger is True:
        c.append("U krijgt hulp van een mantelzorger.")
    elif b.mantelzorger is False:
        c.append("U heeft geen mantelzorger.")
    if b.steun_van:
        c.append("Steun van: " + ", ".join(b.steun_van) + ".")
    if b.wie_helpen.strip():
        c.append(f"Wie of wat kan helpen: {_zin(b.wie_helpen)}")
    for rol, _eigen in b.betrokkenen:
        if rol.lower().startswith("mantelzorger"):
            c.append("Een huisgenoot zorgt voor u (mantelzorger).")
            break
    out["c"] = Punt("c", PUNTEN["c"], " ".join(c) or NIET_BESPROKEN, "netwerk en huishouden")

    d: list[str] = []
    if b.mantelzorger_overbelast is True:
        d.append("Uw mantelzorger is zwaar belast. Steun voor de mantelzorger is besproken.")
    elif b.mantelzorger_overbelast is False and b.mantelzorger:
        d.append("Uw mantelzorger kan de zorg nu aan.")
    eigen = [rol for rol, eigen in b.betrokkenen if eigen]
    if eigen:
        d.append("Een huisgenoot heeft een eigen melding voor eigen steun (" + ", ".join(r.lower() for r in eigen) + ").")
    if b.mantelzorger is False and not d:
        d.append("Niet van toepassing: er is geen mantelzorger.")
    out["d"] = Punt("d", PUNTEN["d"], " ".join(d) or NIET_BESPROKEN, "netwerk en huishouden")

    licht = [(n, s) for n, t, _w, s in b.verwijzingen if t <= 3]
    e = ["Besproken: " + "; ".join(f"{n} ({s.lower()})" for n, s in licht) + "."] if licht else []
    out["e"] = Punt("e", PUNTEN["e"], " ".join(e) or NIET_BESPROKEN, "verwijzingen naar de sociale basis en "
                    "algemene voorzieningen")

    ander = [(n, w, s) for n, t, w, s in b.verwijzingen if w and w != "Wmo"]
    f = ["Andere hulp: " + "; ".join(f"{n} ({w}, {s.lower()})" for n, w, s in ander) + "."] if ander else []
    out["f"] = Punt("f", PUNTEN["f"], " ".join(f) or NIET_BESPROKEN, "verwijzingen onder andere wetten")

    out["g"] = Punt("g", PUNTEN["g"], NIET_BESPROKEN, "niet uit het gesprek af te leiden: vul in wat u met de "
                    "inwoner besprak (bijdrage volgens de verordening van de gemeente)")
    return out


@dataclass(frozen=True)
class VerslagInvoer:
    punten: dict[str, str]
    uitkomst: str
    vervolg: str


def valideer(v: VerslagInvoer) -> list[InvalidInput]:
    """Every problem (Dutch, naming the field)."""
    problems: list[InvalidInput] = []
    for letter, titel in PUNTEN.items():
        text = (v.punten.get(letter) or "").strip()
        if not text:
            problems.append(InvalidInput(f"punt_{letter}", f"Punt {letter} ({titel.lower()}) is leeg. Schrijf op wat "
                                                           f"besproken is, of '{NIET_BESPROKEN}'"))
        elif len(text) > MAX_TEKST:
            problems.append(InvalidInput(f"punt_{letter}", f"Punt {letter} is te lang (meer dan {MAX_TEKST} tekens)."))
    unknown = set(v.punten) - set(PUNTEN)
    if unknown:
        problems.append(InvalidInput("punten", f"Onbekende punten: {', '.join(sorted(unknown))}."))
    if not v.uitkomst.strip():
        problems.append(InvalidInput("uitkomst", "Schrijf de uitkomst van het onderzoek op."))
    elif len(v.uitkomst) > MAX_TEKST:
        problems.append(InvalidInput("uitkomst", f"De uitkomst is te lang (meer dan {MAX_TEKST} tekens)."))
    if v.vervolg not in VERVOLGEN:
        problems.append(InvalidInput("vervolg", "Kies de volgende stap: aanvraag, geen aanvraag of bedenktijd."))
    return problems
