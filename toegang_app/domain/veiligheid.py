"""Safety in a conversation: a suspicion kept apart from acute danger, the Meldcode huiselijk geweld en
kindermishandeling as a guided record (five steps, the afwegingskader of step 4, the decision of step 5),
and the rules that keep the resident's summary from endangering her. Pure Python: no Qt, no storage.

The texts and rules are data in ``resources/veiligheid.yaml`` (:func:`load_veiligheid_config`), loaded
once by ``Resources`` into ``ctx.resources.veiligheid``. Sources: the Besluit verplichte meldcode
huiselijk geweld en kindermishandeling with the afwegingskader (since 1 January 2019); the contact data
of Veilig Thuis and 112 from veiligthuis.nl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain import nl
from toegang_app.domain.validation import InvalidInput
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError

BESTAND = "veiligheid.yaml"

# kinds of safety concern
ACUUT = "acuut"
VERMOEDEN = "vermoeden"
GEEN = "geen"

# what follows an answer in the afwegingskader
VOLGENDE, MELDEN, AFSLUITEN, HULP = "volgende", "melden", "afsluiten", "hulp"
_GEVOLGEN = (VOLGENDE, MELDEN, AFSLUITEN, HULP)
AFWEGING_IDS = ("vermoeden", "acuut_of_structureel", "hulp_mogelijk", "hulp_aanvaard", "duurzame_veiligheid")
BESLUITEN = ("hulp", "melden", "hulp_en_melden", "afsluiten")
STAPPEN = (1, 2, 3, 4, 5)
NOTITIE_MAX = 500      # "a short note": the full story belongs in the file, not in a step
_TELEFOON = re.compile(r"^[0-9][0-9 \-]{1,14}$")


# -- configuration -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stap:
    nummer: int
    naam: str
    uitleg: str


@dataclass(frozen=True)
class Afweging:
    id: str
    nummer: int
    vraag: str
    ja: str
    nee: str


@dataclass(frozen=True)
class Contact:
    naam: str
    telefoon: str
    wanneer: str
    bron: str
    website: str | None = None


@dataclass(frozen=True)
class Tekst:
    kop: str
    tekst: str


@dataclass(frozen=True)
class VeiligheidConfig:
    bron: str
    stappen: dict[int, Stap]
    afwegingen: tuple[Afweging, ...]
    besluiten: dict[str, str]
    alarm: Contact
    veilig_thuis: Contact
    veilig_thuis_voorziening: str
    teksten: dict[str, Tekst]
    veiligheidsorganisaties: frozenset[str]
    onthullend: tuple[re.Pattern, ...]

    def stap(self, nummer: int) -> Stap:
        return self.stappen[nummer]

    def afweging(self, aid: str) -> Afweging:
        return next(a for a in self.afwegingen if a.id == aid)


def _tekst(d: Mapping, key: str, where: str, errors: list[str]) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v.strip():
        errors.append(f"{where}, veld '{key}': ontbreekt of is leeg")
        return ""
    return v.strip()


def _contact(raw: Any, where: str, errors: list[str]) -> Contact:
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: moet een mapping zijn met naam, telefoon, wanneer en bron")
        return Contact("", "", "", "")
    for k in raw:
        if k not in ("naam", "telefoon", "wanneer", "bron", "website"):
            errors.append(f"{where}: onbekend veld '{k}'")
    tel = raw.get("telefoon")
    if not isinstance(tel, str) or not _TELEFOON.match(tel.strip()):
        errors.append(f"{where}, veld 'telefoon': '{tel}' is geen telefoonnummer (cijfers, spaties en streepjes; "
                      "tussen aanhalingstekens)")
        tel = ""
    website = raw.get("website")
    if website is not None and (not isinstance(website, str) or not website.strip()):
        errors.append(f"{where}, veld 'website': moet tekst zijn of ontbreken")
        website = None
    return Contact(naam=_tekst(raw, "naam", where, errors), telefoon=(tel or "").strip(),
                   wanneer=_tekst(raw, "wanneer", where, errors), bron=_tekst(raw, "bron", where, errors),
                   website=website.strip() if website else None)


def parse_veiligheid(data: Any, name: str = BESTAND) -> VeiligheidConfig:
    """Validate the parsed YAML; every problem at once in a ConfigError naming file, entry and field."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{name}: moet een YAML-mapping zijn")
    errors: list[str] = []
    bekend = ("versie", "bron", "stappen", "afwegingen", "besluiten", "contact", "veilig_thuis_voorziening",
              "teksten", "handout")
    for k in data:
        if k not in bekend:
            errors.append(f"{name}: onbekend veld '{k}'; bekend zijn: {', '.join(bekend)}")
    bron = _tekst(data, "bron", name, errors)

    stappen: dict[int, Stap] = {}
    raw_stappen = data.get("stappen")
    if not isinstance(raw_stappen, list):
        errors.append(f"{name}, veld 'stappen': moet een lijst zijn met de vijf stappen van de Meldcode")
        raw_stappen = []
    for i, s in enumerate(raw_stappen):
        where = f"{name}, stappen[{i}]"
        if not isinstance(s, Mapping):
            errors.append(f"{where}: moet een mapping zijn met nummer, naam en uitleg")
            continue
        n = s.get("nummer")
        if isinstance(n, bool) or n not in STAPPEN:
            errors.append(f"{where}, veld 'nummer': moet 1 tot en met 5 zijn")
            continue
        if n in stappen:
            errors.append(f"{where}, veld 'nummer': stap {n} staat er twee keer in")
            continue
        stappen[n] = Stap(n, _tekst(s, "naam", where, errors), _tekst(s, "uitleg", where, errors))
    for n in STAPPEN:
        if n not in stappen and raw_stappen:
            errors.append(f"{name}, veld 'stappen': stap {n} ontbreekt")

    afwegingen: list[Afweging] = []
    raw_afw = data.get("afwegingen")
    if not isinstance(raw_afw, list):
        errors.append(f"{name}, veld 'afwegingen': moet een lijst zijn met de vijf afwegingen, in volgorde")
        raw_afw = []
    for i, a in enumerate(raw_afw):
        where = f"{name}, afwegingen[{i}]"
        if not isinstance(a, Mapping):
            errors.append(f"{where}: moet een mapping zijn met id, vraag, ja en nee")
            continue
        aid = a.get("id")
        verwacht = AFWEGING_IDS[i] if i < len(AFWEGING_IDS) else None
        if aid != verwacht:
            errors.append(f"{where}, veld 'id': verwacht '{verwacht}' (de afwegingen staan in vaste volgorde: "
                          f"{', '.join(AFWEGING_IDS)})")
            continue
        gevolg = {}
        for k in ("ja", "nee"):
            v = a.get(k)
            if v not in _GEVOLGEN:
                errors.append(f"{where}, veld '{k}': '{v}' is onbekend; kies uit: {', '.join(_GEVOLGEN)}")
            gevolg[k] = v
        afwegingen.append(Afweging(aid, i + 1, _tekst(a, "vraag", where, errors), gevolg["ja"], gevolg["nee"]))
    if len(raw_afw) != len(AFWEGING_IDS):
        errors.append(f"{name}, veld 'afwegingen': er zijn precies {len(AFWEGING_IDS)} afwegingen nodig, "
                      f"niet {len(raw_afw)}")
    # the Meldcode's own rule, not a setting: acute or structural unsafety always means melden
    for a in afwegingen:
        if a.id == "acuut_of_structureel" and a.ja != MELDEN:
            errors.append(f"{name}, afweging 'acuut_of_structureel', veld 'ja': moet 'melden' zijn (bij acute of "
                          "structurele onveiligheid wordt altijd gemeld bij Veilig Thuis)")
        if a.id == "vermoeden" and a.nee != AFSLUITEN:
            errors.append(f"{name}, afweging 'vermoeden', veld 'nee': moet 'afsluiten' zijn")

    besluiten: dict[str, str] = {}
    raw_b = data.get("besluiten")
    if not isinstance(raw_b, Mapping):
        errors.append(f"{name}, veld 'besluiten': moet een mapping zijn ({', '.join(BESLUITEN)})")
        raw_b = {}
    for k in BESLUITEN:
        if raw_b and k not in raw_b:
            errors.append(f"{name}, besluiten: '{k}' ontbreekt")
    for k, v in raw_b.items():
        if k not in BESLUITEN:
            errors.append(f"{name}, besluiten: onbekend besluit '{k}'")
        elif not isinstance(v, str) or not v.strip():
            errors.append(f"{name}, besluiten, veld '{k}': ontbreekt of is leeg")
        else:
            besluiten[k] = v.strip()

    contact = data.get("contact") if isinstance(data.get("contact"), Mapping) else {}
    if not contact:
        errors.append(f"{name}, veld 'contact': moet 'alarm' en 'veilig_thuis' noemen")
    alarm = _contact(contact.get("alarm"), f"{name}, contact 'alarm'", errors)
    vt = _contact(contact.get("veilig_thuis"), f"{name}, contact 'veilig_thuis'", errors)

    vt_id = data.get("veilig_thuis_voorziening")
    if not isinstance(vt_id, str) or not vt_id.strip():
        errors.append(f"{name}, veld 'veilig_thuis_voorziening': noem het id van Veilig Thuis in de sociale kaart")
        vt_id = ""

    teksten: dict[str, Tekst] = {}
    raw_t = data.get("teksten") if isinstance(data.get("teksten"), Mapping) else {}
    for soort in (ACUUT, VERMOEDEN):
        t = raw_t.get(soort)
        where = f"{name}, teksten '{soort}'"
        if not isinstance(t, Mapping):
            errors.append(f"{where}: ontbreekt (kop en tekst)")
            continue
        teksten[soort] = Tekst(_tekst(t, "kop", where, errors), _tekst(t, "tekst", where, errors))

    handout = data.get("handout") if isinstance(data.get("handout"), Mapping) else {}
    orgs = handout.get("veiligheidsorganisaties")
    if not isinstance(orgs, list) or not all(isinstance(o, str) and o.strip() for o in orgs):
        errors.append(f"{name}, handout, veld 'veiligheidsorganisaties': moet een lijst met ids uit de sociale "
                      "kaart zijn")
        orgs = []
    if vt_id and vt_id not in orgs:
        errors.append(f"{name}, handout, veld 'veiligheidsorganisaties': '{vt_id}' (Veilig Thuis) moet erin staan")
    patronen: list[re.Pattern] = []
    woorden = handout.get("onthullend")
    if not isinstance(woorden, list) or not woorden:
        errors.append(f"{name}, handout, veld 'onthullend': moet een lijst met woorden zijn")
        woorden = []
    for i, w in enumerate(woorden):
        if not isinstance(w, str) or not w.strip():
            errors.append(f"{name}, handout, onthullend[{i}]: moet tekst zijn")
            continue
        try:
            patronen.append(re.compile(r"(?<![0-9a-zà-ÿ])(?:" + w.strip().lower() + ")", re.IGNORECASE))
        except re.error as exc:
            errors.append(f"{name}, handout, onthullend[{i}]: '{w}' is geen geldige reguliere expressie ({exc})")
    if errors:
        raise ConfigError(errors)
    return VeiligheidConfig(bron=bron, stappen=stappen, afwegingen=tuple(afwegingen), besluiten=besluiten,
                            alarm=alarm, veilig_thuis=vt, veilig_thuis_voorziening=vt_id.strip(), teksten=teksten,
                            veiligheidsorganisaties=frozenset(o.strip() for o in orgs), onthullend=tuple(patronen))


def load_veiligheid_config(path: Path) -> VeiligheidConfig:
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: bestand niet gevonden ({path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}: {leesfout(exc)}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path.name}: geen geldige YAML" + (f" (regel {mark.line + 1})" if mark else "")) from None
    return parse_veiligheid(data, path.name)


# -- suspicion or acute danger -------------------------------------------------------------------------

@dataclass(frozen=True)
class Veiligheidssignaal:
    """What the conversation says about safety. ``soort``: acuut | vermoeden | geen; ``redenen``: the
    answers that say so, in plain Dutch."""

    soort: str
    redenen: tuple[str, ...] = ()

    @property
    def acuut(self) -> bool:
        return self.soort == ACUUT

    @property
    def vermoeden(self) -> bool:
        return self.soort == VERMOEDEN

    @property
    def zorg(self) -> bool:
        """Any safety concern (acute or a suspicion)."""
        return self.soort != GEEN


def signaal(uitvraag) -> Veiligheidssignaal:
    """Acute danger only on positive evidence of it: the answer 'acute onveiligheid' or a safety signal
    marked 'ernstig of acuut'. A suspicion of domestic violence, or a safety signal of 'zorg' or
    'probleem', is a suspicion: it starts the Meldcode, it does not call 112."""
    acuut: list[str] = []
    vermoeden: list[str] = []
    if uitvraag is None:
        return Veiligheidssignaal(GEEN)
    if uitvraag.flag("veiligheid.acuut_onveilig"):
        acuut.append("acute onveiligheid gemeld")
    ernst = uitvraag.ernst_per_leefgebied().get("veiligheid", 0)
    if ernst >= 3:
        acuut.append("signaal op veiligheid: ernstig of acuut")
    elif ernst >= 1:
        vermoeden.append("signaal op veiligheid: " + ("probleem" if ernst == 2 else "zorg"))
    if uitvraag.flag("veiligheid.vermoeden_huiselijk_geweld"):
        vermoeden.insert(0, "vermoeden van huiselijk geweld")
    if acuut:
        return Veiligheidssignaal(ACUUT, tuple(acuut + vermoeden))
    if vermoeden:
        return Veiligheidssignaal(VERMOEDEN, tuple(vermoeden))
    return Veiligheidssignaal(GEEN)


# -- the Meldcode record -------------------------------------------------------------------------------

@dataclass(frozen=True)
class StapVastlegging:
    """One step as recorded: date, worker and a short note."""

    stap: int
    datum: date
    medewerker: str
    notitie: str | None = None


@dataclass
class Meldcode:
    """The Meldcode record of one conversation (plain data)."""

    stappen: dict[int, StapVastlegging] = field(default_factory=dict)
    advies_veilig_thuis: bool | None = None      # step 2: advice asked at Veilig Thuis
    advies_anoniem: bool | None = None           # ... without the resident's name
    gesprek_overgeslagen: bool = False           # step 3 skipped because it would endanger someone
    afwegingen: dict[str, bool | None] = field(default_factory=dict)   # AFWEGING_IDS -> ja/nee/None
    besluit: str | None = None                   # BESLUITEN


@dataclass(frozen=True)
class Weging:
    """Where the afwegingskader stands. ``volgende``: the afweging to answer next (None when done);
    ``uitkomst``: melden | hulp | afsluiten | None (not yet); ``melden_verplicht``: acute or
    structural unsafety (or help that cannot, is not accepted or does not last) means melden;
    ``uitleg``: one Dutch line."""

    volgende: str | None
    uitkomst: str | None
    melden_verplicht: bool
    acuut_of_structureel: bool
    uitleg: str
    beantwoord: tuple[str, ...] = ()


def weeg(afwegingen: Mapping[str, bool | None], cfg: VeiligheidConfig) -> Weging:
    """Walk the afwegingskader in order; answers after the one that decides are not needed."""
    beantwoord: list[str] = []
    acuut = afwegingen.get("acuut_of_structureel") is True
    for a in cfg.afwegingen:
        antwoord = afwegingen.get(a.id)
        if antwoord is None:
            return Weging(a.id, None, False, acuut, f"Beantwoord afweging {a.nummer}: {a.vraag}", tuple(beantwoord))
        beantwoord.append(a.id)
        gevolg = a.ja if antwoord else a.nee
        if gevolg == VOLGENDE:
            continue
        if gevolg == MELDEN:
            waarom = ("er is acute of structurele onveiligheid" if a.id == "acuut_of_structureel"
                      else f"afweging {a.nummer} is met {'ja' if antwoord else 'nee'} beantwoord")
            return Weging(None, MELDEN, True, acuut, f"Melden bij Veilig Thuis is nodig: {waarom}.", tuple(beantwoord))
        if gevolg == AFSLUITEN:
            return Weging(None, AFSLUITEN, False, acuut, "Geen vermoeden: de Meldcode kan worden afgesloten. Schrijf "
                          "op waarom.", tuple(beantwoord))
        return Weging(None, HULP, False, acuut, "Hulp organiseren of bieden, en blijven volgen of de veiligheid "
                      "blijft. Verandert dat, weeg dan opnieuw.", tuple(beantwoord))
    return Weging(None, HULP, False, acuut, "Hulp organiseren of bieden en volgen.", tuple(beantwoord))


def bereikte_stap(m: Meldcode) -> int:
    """The highest step recorded (0: not started)."""
    return max(m.stappen, default=0)


def klein(tekst: str) -> str:
    """The first letter in lower case, for a name inside a sentence ('Veilig Thuis' stays as it is)."""
    return tekst[:1].lower() + tekst[1:]


def stand(m: Meldcode, cfg: VeiligheidConfig) -> str:
    """'Meldcode: stap 3 van 5 (gesprek met de betrokkene)', or the decision when one is made."""
    if m.besluit:
        return f"Meldcode: besloten ({klein(cfg.besluiten.get(m.besluit, m.besluit))})"
    n = bereikte_stap(m)
    if n == 0:
        return "Meldcode: nog niet gestart"
    return f"Meldcode: stap {n} van 5 ({klein(cfg.stappen[n].naam)})"


def check_stap(m: Meldcode, stap: int, datum: date | None, notitie: str | None, vandaag: date,
               cfg: VeiligheidConfig) -> str | None:
    """Validate recording ``stap``; returns the cleaned note. Raises InvalidInput (Dutch, naming the field)."""
    if isinstance(stap, bool) or stap not in STAPPEN:
        raise InvalidInput("stap", "Kies een stap van de Meldcode: 1 tot en met 5.")
    if datum is None:
        raise InvalidInput("datum", f"Vul de datum in waarop stap {stap} is gezet (dd-mm-jjjj).")
    if datum > vandaag:
        raise InvalidInput("datum", f"De datum {nl.datum(datum)} ligt in de toekomst. Leg een stap vast als hij "
                           "gezet is.")
    tekst = (notitie or "").strip() or None
    if tekst and len(tekst) > NOTITIE_MAX:
        raise InvalidInput("notitie", f"De notitie is {len(tekst)} tekens; houd het kort (hoogstens {NOTITIE_MAX}). "
                           "Het volledige verhaal hoort in het dossier.")
    if stap >= 4 and not all(n in m.stappen for n in (1, 2)):
        raise InvalidInput("stap", "Leg eerst stap 1 (signalen) en stap 2 (collegiale consultatie) vast; daarna "
                           f"kunt u stap {stap} vastleggen.")
    if stap == 3 and m.gesprek_overgeslagen and not tekst:
        raise InvalidInput("notitie", "U slaat het gesprek met de betrokkene over. Schrijf in de notitie waarom "
                           "(welke veiligheid het in gevaar zou brengen).")
    eerdere = [s for n, s in m.stappen.items() if n < stap]
    for s in eerdere:
        if datum < s.datum:
            raise InvalidInput("datum", f"Stap {stap} kan niet eerder zijn gezet dan stap {s.stap} "
                               f"({nl.datum(s.datum)}).")
    return tekst


def check_advies(advies: bool | None, anoniem: bool | None) -> None:
    if anoniem and not advies:
        raise InvalidInput("advies_anoniem", "'Zonder naam van de inwoner' hoort bij advies vragen bij Veilig Thuis. "
                           "Kruis eerst aan dat u advies vroeg.")


def check_afwegingen(m: Meldcode, afwegingen: Mapping[str, bool | None]) -> None:
    for k in afwegingen:
        if k not in AFWEGING_IDS:
            raise InvalidInput("afwegingen", f"Onbekende afweging '{k}'.")
    if any(v is not None for v in afwegingen.values()) and not all(n in m.stappen for n in (1, 2)):
        raise InvalidInput("afwegingen", "Wegen (stap 4) komt na stap 1 en 2: leg die eerst vast.")


def check_besluit(m: Meldcode, besluit: str | None, cfg: VeiligheidConfig) -> None:
    """Step 5. Acute or structural unsafety means melden: 'alleen hulp' is refused then."""
    if besluit is None:
        return
    if besluit not in BESLUITEN:
        raise InvalidInput("besluit", "Kies een besluit: hulp organiseren, melden, of allebei.")
    w = weeg(m.afwegingen, cfg)
    if w.volgende is not None:
        a = cfg.afweging(w.volgende)
        raise InvalidInput("besluit", f"Beantwoord eerst de afwegingen van stap 4 (nog open: afweging {a.nummer}).")
    if w.melden_verplicht and besluit not in ("melden", "hulp_en_melden"):
        raise InvalidInput("besluit", f"{w.uitleg} Kies 'melden' of 'hulp organiseren en melden'.")
    if besluit == "afsluiten" and w.uitkomst != AFSLUITEN:
        raise InvalidInput("besluit", "Afsluiten kan alleen als er geen vermoeden is (afweging 1 met nee).")
    if w.uitkomst == AFSLUITEN and besluit != "afsluiten":
        raise InvalidInput("besluit", "Afweging 1 zegt: geen vermoeden. Kies 'afsluiten', of pas de afweging aan.")


# -- the resident's summary ----------------------------------------------------------------------------

VEILIG = "veilig"
VOLLEDIG = "volledig"
VERSIES = {VEILIG: "veilige versie", VOLLEDIG: "volledige versie"}


def standaard_versie(zorg: bool) -> str:
    """With a safety concern recorded the safe version prints unless the worker chooses otherwise."""
    return VEILIG if zorg else VOLLEDIG


def onthult(tekst: str | None, cfg: VeiligheidConfig, namen: Iterable[str] = ()) -> bool:
    """True when ``tekst`` names a safety organisation or a word that reveals the concern."""
    if not tekst:
        return False
    low = tekst.lower()
    if any(n and n.lower() in low for n in namen):
        return True
    return any(p.search(low) for p in cfg.onthullend)


def neutrale_regels(regels: Iterable[str], cfg: VeiligheidConfig, namen: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(kept, left out): the lines that reveal nothing, and the lines the safe version leaves out."""
    namen = tuple(namen)
    houden, weg = [], []
    for r in regels:
        (weg if onthult(r, cfg, namen) else houden).append(r)
    return houden, weg
