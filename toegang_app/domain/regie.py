"""Procesregie: één gezin, één plan, één regisseur (seeds/003:443; the AVE handbook's procesregie,
seeds/003:642-652). Pure rules: what a plan holds (betrokken partijen, doelen per leefgebied, afspraken with
status, MDO's and evaluations), how time is watched in AVE 3 and 4, and the plain objects the plan's
printouts are made from. No Qt, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from toegang_app.domain import nl, vocab
from toegang_app.domain.validation import InvalidInput

# status of an afspraak (who does what by when); a follow-up conversation records one of these
AFSPRAAK_STATUSSEN: dict[str, str] = {
    "open": "Nog te doen",
    "loopt": "Loopt",
    "gedaan": "Gedaan",
    "niet_gelukt": "Niet gelukt",
}
AFGEROND = ("gedaan", "niet_gelukt")

# what the household may consent to share with a party (the partner copy holds only these)
DELEN: dict[str, str] = {
    "doelen": "doelen",
    "afspraken": "afspraken",
    "overleggen": "besluiten van MDO en evaluaties",
}

OVERLEG_SOORTEN: dict[str, str] = {"mdo": "MDO (multidisciplinair overleg)", "evaluatie": "Evaluatie"}

# goals per leefgebied or per dimension of the spinnenweb
DOEL_SOORTEN = ("leefgebied", "dimensie")

MAX_TEKST = 2000


def gebied_label(soort: str, gebied: str) -> str:
    if soort == "dimensie":
        return vocab.DIMENSIES.get(gebied, gebied)
    return vocab.LEEFGEBIEDEN.get(gebied, gebied)


def _tekst(value: str | None, veld: str, wat: str, *, verplicht: bool = True, max_len: int = MAX_TEKST) -> str | None:
    t = (value or "").strip()
    if not t:
        if verplicht:
            raise InvalidInput(veld, f"Vul {wat} in.")
        return None
    if len(t) > max_len:
        raise InvalidInput(veld, f"{wat[:1].upper()}{wat[1:]} is te lang: hoogstens {max_len} tekens.")
    return t


@dataclass(frozen=True)
class PartijInvoer:
    organisatie: str
    contactpersoon: str = ""
    rol: str = ""
    voorziening_id: str | None = None
    delen: tuple[str, ...] = ()
    toestemming_op: date | None = None


def valideer_partij(p: PartijInvoer) -> PartijInvoer:
    org = _tekst(p.organisatie, "organisatie", "de naam van de organisatie", max_len=200)
    contact = _tekst(p.contactpersoon, "contactpersoon", "de contactpersoon", verplicht=False, max_len=200) or ""
    rol = _tekst(p.rol, "rol", "de rol", verplicht=False, max_len=200) or ""
    onbekend = [d for d in p.delen if d not in DELEN]
    if onbekend:
        raise InvalidInput("delen", f"Onbekend onderdeel om te delen: {', '.join(onbekend)}.")
    if p.delen and p.toestemming_op is None:
        raise InvalidInput("toestemming_op", "Wie gegevens deelt, legt vast wanneer het gezin daarvoor toestemming "
                                             "gaf. Vul de datum van de toestemming in.")
    return PartijInvoer(org, contact, rol, p.voorziening_id, tuple(d for d in DELEN if d in p.delen),
                        p.toestemming_op if p.delen else None)


@dataclass(frozen=True)
class DoelInvoer:
    soort: str
    gebied: str
    doel: str


def valideer_doel(d: DoelInvoer) -> DoelInvoer:
    if d.soort not in DOEL_SOORTEN:
        raise InvalidInput("soort", "Kies een leefgebied of een dimensie van de spinnenweb.")
    keys = vocab.DIMENSIES if d.soort == "dimensie" else vocab.LEEFGEBIEDEN
    if d.gebied not in keys:
        raise InvalidInput("gebied", "Kies een leefgebied of een dimensie uit de lijst.")
    return DoelInvoer(d.soort, d.gebied, _tekst(d.doel, "doel", "het doel"))


@dataclass(frozen=True)
class AfspraakInvoer:
    wie: str
    wat: str
    uiterlijk: date | None = None
    status: str = "open"
    status_reden: str = ""


def valideer_afspraak(a: AfspraakInvoer) -> AfspraakInvoer:
    wie = _tekst(a.wie, "wie", "wie het doet", max_len=200)
    wat = _tekst(a.wat, "wat", "wat er gebeurt")
    if a.status not in AFSPRAAK_STATUSSEN:
        raise InvalidInput("status", "Kies een status: nog te doen, loopt, gedaan of niet gelukt.")
    reden = _tekst(a.status_reden, "status_reden", "de reden", verplicht=False) or ""
    if a.status == "niet_gelukt" and not reden:
        raise InvalidInput("status_reden", "Schrijf kort op waarom de afspraak niet gelukt is.")
    return AfspraakInvoer(wie, wat, a.uiterlijk, a.status, reden)


@dataclass(frozen=True)
class OverlegInvoer:
    soort: str
    datum: date | None
    deelnemers: str = ""
    besluiten: str = ""
    volgende_evaluatie: date | None = None


def valideer_overleg(o: OverlegInvoer, vandaag: date) -> OverlegInvoer:
    if o.soort not in OVERLEG_SOORTEN:
        raise InvalidInput("soort", "Kies MDO of evaluatie.")
    if o.datum is None:
        raise InvalidInput("datum", "Vul de datum van het overleg in (dd-mm-jjjj).")
    if o.datum > vandaag:
        # a planned MDO: its date now, its decisions once it has been held
        if o.soort != "mdo":
            raise InvalidInput("datum", f"De evaluatie van {nl.datum(o.datum)} is nog niet geweest. Een nieuwe "
                                        "evaluatie plant u bij 'Volgende evaluatie'.")
        if (o.besluiten or "").strip():
            raise InvalidInput("besluiten", f"Het MDO van {nl.datum(o.datum)} is nog niet geweest: leg de besluiten "
                                            "vast als het gehouden is. Laat ze leeg om het MDO te plannen.")
        return OverlegInvoer("mdo", o.datum, _tekst(o.deelnemers, "deelnemers", "wie er meedoen",
                                                    verplicht=False) or "", "", None)
    besluiten = _tekst(o.besluiten, "besluiten", "de besluiten die genomen zijn")
    deelnemers = _tekst(o.deelnemers, "deelnemers", "wie er meededen", verplicht=False) or ""
    if o.volgende_evaluatie is not None and o.volgende_evaluatie <= vandaag:
        raise InvalidInput("volgende_evaluatie", "De volgende evaluatie ligt na vandaag. Kies een latere datum.")
    if o.soort == "evaluatie" and o.volgende_evaluatie is None:
        raise InvalidInput("volgende_evaluatie", "Na een evaluatie plant u de volgende. Vul de datum in, of schaal "
                                                 "af als de procesregie klaar is.")
    return OverlegInvoer(o.soort, o.datum, deelnemers, besluiten, o.volgende_evaluatie)


# -- time watched ----------------------------------------------------------------------------------

def _dagen(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def bewaking(*, fase: int | None, fase_naam: str, sinds: date | None, evaluatiedatum: date | None,
             laatste_evaluatie: date | None, vandaag: date, vanaf: int, na_dagen: int) -> list[str]:
    """Dutch warnings for a case in procesregie whose time is not watched: past its evaluation date, or
    longer than ``na_dagen`` without an evaluation date (counting from the last evaluation, else from the
    start of the phase). Empty when fine or not in procesregie."""
    if fase is None or fase < vanaf:
        return []
    out: list[str] = []
    if evaluatiedatum is not None and evaluatiedatum < vandaag:
        out.append(f"Evaluatie te laat: {_dagen((vandaag - evaluatiedatum).days)} over de datum "
                   f"({nl.datum(evaluatiedatum)})")
    elif evaluatiedatum is None:
        start = laatste_evaluatie or sinds
        if start is not None and (vandaag - start).days > na_dagen:
            wat = "sinds de laatste evaluatie" if laatste_evaluatie else f"in {fase_naam}"
            out.append(f"Al {_dagen((vandaag - start).days)} {wat} zonder evaluatiedatum "
                       f"(signaal na {na_dagen} dagen)")
        elif start is not None:
            out.append("Nog geen evaluatiedatum")
    return out


# -- what the printouts are made of ------------------------------------------------------------------

@dataclass(frozen=True)
class PlanPartijData:
    organisatie: str
    contactpersoon: str
    rol: str
    delen: tuple[str, ...]
    toestemming_op: date | None
    keten: bool = False          # part of the zorg- en veiligheidsketen


@dataclass(frozen=True)
class PlanDoelData:
    soort: str
    gebied: str
    doel: str
    bereikt_op: date | None = None

    @property
    def label(self) -> str:
        return gebied_label(self.soort, self.gebied)


@dataclass(frozen=True)
class AfspraakData:
    wie: str
    wat: str
    uiterlijk: date | None
    status: str
    status_reden: str = ""

    @property
    def status_label(self) -> str:
        return AFSPRAAK_STATUSSEN.get(self.status, self.status)


@dataclass(frozen=True)
class OverlegData:
    soort: str
    datum: date
    deelnemers: str
    besluiten: str


@dataclass(frozen=True)
class FaseStap:
    datum: date
    omschrijving: str
    reden: str | None


@dataclass(frozen=True)
class PlanAfdruk:
    """Everything a printout of the plan may show; the report decides nothing about consent itself."""

    inwoner_naam: str
    gemeente: str
    model_naam: str
    fase_naam: str
    regisseur: str | None
    balie: str
    evaluatiedatum: date | None
    balie_contact: str | None = None
    partijen: tuple[PlanPartijData, ...] = ()
    doelen: tuple[PlanDoelData, ...] = ()
    afspraken: tuple[AfspraakData, ...] = ()
    overleggen: tuple[OverlegData, ...] = ()
    fasen: tuple[FaseStap, ...] = ()
    ketenpartner: str | None = None
    veiligheid: bool = False     # a safety concern is recorded: the household copy is the safe version
    synthetisch: bool = False
    datum: date = field(default_factory=date.today)


def veilige_versie(p: PlanAfdruk, onthult=lambda _tekst: False) -> PlanAfdruk:
    """The household summary when a safety concern is recorded: nothing that tells someone who finds it
    about the safety concern (no safety-chain parties, no safety goals, no phase, no MDO decisions).
    ``onthult(text)``: the desk's own rule for a text that reveals the concern (domain.veiligheid.onthult
    with resources/veiligheid.yaml); such parties, goals and afspraken are left out too."""
    from dataclasses import replace

    keten = {x.organisatie for x in p.partijen if x.keten or onthult(x.organisatie) or onthult(x.rol)}
    return replace(
        p, partijen=tuple(x for x in p.partijen if x.organisatie not in keten),
        doelen=tuple(d for d in p.doelen if d.gebied != "veiligheid" and not onthult(d.doel)),
        afspraken=tuple(a for a in p.afspraken if a.wie not in keten and not onthult(a.wie) and not onthult(a.wat)),
        overleggen=(), fasen=(), ketenpartner=None, fase_naam="", veiligheid=True)


def partner_versie(p: PlanAfdruk, partij: PlanPartijData) -> PlanAfdruk:
    """The copy for one party: only the parts the household consented to share with it."""
    from dataclasses import replace

    delen = set(partij.delen)
    return replace(
        p, partijen=(partij,),
        doelen=p.doelen if "doelen" in delen else (),
        afspraken=p.afspraken if "afspraken" in delen else (),
        overleggen=p.overleggen if "overleggen" in delen else (), fasen=())


def b1_afspraak(a: AfspraakData) -> str:
    """One afspraak in plain words: 'Wijkkracht: helpt met de formulieren. Uiterlijk 12 januari 2027.'"""
    zin = f"{a.wie}: {a.wat.rstrip('.')}."
    if a.uiterlijk:
        zin += f" Uiterlijk {nl.datum_lang(a.uiterlijk)}."
    if a.status != "open":
        zin += f" ({a.status_label.lower()})"
    return zin
