"""The sociale kaart: voorzieningen as plain domain objects.

The shipped kaart lives in ``resources/kaart/*.yaml``; the desk's own changes live in the database
and are laid over it by the kaart service. Parsing and validation of entries (with Dutch messages
naming file, entry and field) belong in this module too; reading YAML files is in ``kaart_io``.

Pure Python: no Qt, no SQLAlchemy, no YAML here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from toegang_app.domain.vocab import (
    CRISIS,
    DIMENSIES,
    DOELGROEPEN,
    GEMEENTEN,
    KERNEN,
    LEEFGEBIEDEN,
    LEEFTIJD_GELDT_VOOR,
    SITUATIES,
    TOEGANG,
    TREDEN,
    VERBLIJFSSTATUS,
    WETTEN,
)
from toegang_app.errors import ConfigError


@dataclass(frozen=True)
class Contact:
    telefoon: str | None = None
    email: str | None = None
    website: str | None = None
    adres: str | None = None


@dataclass(frozen=True)
class Situatieregel:
    """A contra-indication ("not when ...") or a requirement ("only when ...") of a voorziening."""
    situatie: str                  # key of vocab.SITUATIES
    reden: str                     # why, in words a worker reads
    bron: tuple[str, ...] = ()


# The criteria of a voorziening that carry their own source in ``criteria_bron``.
CRITERIA: dict[str, str] = {
    "doelgroepen": "doelgroep",
    "leeftijd": "leeftijdsgrens",
    "inkomen": "inkomensgrens",
    "verblijfsstatus": "verblijfsstatus",
    "kinderen_thuis": "kinderen thuis",
    "beeindigd": "einddatum",
}

# What a review could not establish from a seed line or a law: the entry says "te verifiëren" for it.
# An empty limit means "no limit known" to the matcher; ``te_verifieren`` tells the beheerder that the
# regeling has such a criterion (or such data) and that it still has to be looked up.
OPEN_PUNTEN: dict[str, str] = {
    "doelgroepen": "doelgroep",
    "leeftijd": "leeftijdsgrens",
    "inkomen": "inkomensgrens",
    "verblijfsstatus": "verblijfsstatus",
    "kinderen_thuis": "kinderen thuis",
    "aanbieder": "aanbieder",
    "toegang": "hoe te bereiken",
    "contact": "contactgegevens",
    "kernen": "kernen",
    "looptijd": "of en tot wanneer het loopt",
}

VERBLIJF_WOORDEN: dict[str, tuple[str, ...]] = {
    "nederlands_of_eu": ("nederlander", "ingezetene"),
    "statushouder": ("statushouder", "vergunninghouder"),
    "ontheemde_oekraine": ("oekraï", "oekrai", "ontheemde"),
    "anders": (),
}

# Words that show a seed line says who an entry is for (a criteria_bron reference for doelgroepen must
# name the entry or one of these words of one of its groups). Lowercase stems.
DOELGROEP_WOORDEN: dict[str, tuple[str, ...]] = {
    "iedereen": ("iedereen", "inwoner", "alle ", "vrij toegankelijk", "laagdrempelig", "ingezetene"),
    "kinderen": ("kind", "peuter", "leerling", "jeugd", "basisschool", "kleuter"),
    "jeugd": ("jeugd", "jonger", "jongere", "leerling", "kind"),
    "ouders": ("ouder", "gezin", "opvoed", "verzorger"),
    "ouders_jonge_kinderen": ("ouder", "gezin", "1000 dagen", "jonge kind", "peuter"),
    "zwangeren": ("zwanger", "aanstaande ouder", "prenata", "1000 dagen", "verloskund"),
    "jongvolwassenen": ("jongvolwassen", "jongere", "18 ", "18-", "18–", "jaar wordt"),
    "ouderen": ("ouderen", "oudere", "senior", "65"),
    "mantelzorgers": ("mantelzorg",),
    "dementie": ("dementie", "alzheimer"),
    "beperking": ("beperking", "nah", "hersenletsel", "lvb", "handicap", "arbeidsbeperking"),
    "psychisch_kwetsbaren": ("psychisch", "ggz", "psychosociaal", "psychosociale"),
    "dak_thuislozen": ("dakloos", "thuisloos", "dak- of thuis", "opvang"),
    "statushouders": ("statushouder", "vergunninghouder", "nieuwkomer", "inburger", "vluchteling"),
    "ontheemden_oekraine": ("oekraï", "oekrai", "ontheemde"),
    "minima": ("minima", "laag inkomen", "lage inkomen", "bijstandsnorm", "armoede", "financiële",
               "geldzorgen", "inkomen", "levensonderhoud"),
    "werkzoekenden": ("werk", "arbeidsmarkt", "uitkering", "werkloze"),
    "ondernemers": ("ondernemer", "zelfstandig"),
    "lage_basisvaardigheden": ("basisvaardigheden", "laaggeletterd", "taal"),
}


@dataclass(frozen=True)
class Voorziening:
    id: str                        # stable key, e.g. "hb-wijkkracht-formulierenbrigade"
    naam: str
    aanbieder: str
    gemeenten: tuple[str, ...]     # keys of vocab.GEMEENTEN; both for a regional voorziening
    kernen: tuple[str, ...]        # empty = every kern of those gemeenten
    regionaal: bool
    trede: int                     # 0..5, vocab.TREDEN
    wet: str | None                # key of vocab.WETTEN or None
    leefgebieden: tuple[str, ...]  # keys of vocab.LEEFGEBIEDEN
    dimensies: tuple[str, ...]     # keys of vocab.DIMENSIES
    omschrijving: str
    doelgroep: str | None
    leeftijd_min: int | None
    leeftijd_max: int | None
    inkomen_max_pct: int | None    # income limit as % of the bijstandsnorm
    voorwaarden: str | None        # other conditions, in words
    toegang: str | None            # key of vocab.TOEGANG; None = te verifiëren
    contact: Contact = field(default_factory=Contact)
    bron: tuple[str, ...] = ()     # "seeds/003:210" or "seeds/003:210-212"
    laatst_geverifieerd: date | None = None
    actief: bool = True            # False = retired: not suggested, still readable in old referrals
    zoekterm: str | None = None    # how the source text spells it when naam/aanbieder differ
    # -- who it is for (issue 17). Every value cites its source in criteria_bron. --------------------
    doelgroepen: tuple[str, ...] = ()       # keys of vocab.DOELGROEPEN; () = not reviewed (te verifiëren)
    leeftijd_geldt_voor: str = "inwoner"    # whose age leeftijd_min/max limit: inwoner | kind (a child at home)
    kinderen_thuis: bool | None = None      # True: only for a household with children at home
    verblijfsstatus: tuple[str, ...] = ()   # keys of vocab.VERBLIJFSSTATUS it is for; () = any
    crisis: tuple[str, ...] = ()            # crisis flags (vocab.CRISIS) it specifically answers
    contra_indicaties: tuple[Situatieregel, ...] = ()   # not suggested when one of these holds
    alleen_bij: tuple[Situatieregel, ...] = ()          # suggested only when one of these holds
    criteria_bron: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # CRITERIA key -> sources
    beeindigd_op: date | None = None        # an ended regeling: the end date (actief is then False)
    gepland: bool = False                   # announced but not yet available: never suggested
    te_verifieren: tuple[str, ...] = ()     # keys of OPEN_PUNTEN: what no source established yet

    def serves(self, gemeente: str, kern: str | None) -> bool:
        if gemeente not in self.gemeenten:
            return False
        return not self.kernen or kern is None or kern in self.kernen


# -- the entry format ---------------------------------------------------------------------------------

VELDEN: tuple[str, ...] = (
    "id", "naam", "aanbieder", "gemeenten", "kernen", "regionaal", "trede", "wet", "leefgebieden",
    "dimensies", "omschrijving", "doelgroep", "leeftijd_min", "leeftijd_max", "inkomen_max_pct",
    "voorwaarden", "toegang", "contact", "bron", "laatst_geverifieerd", "actief", "zoekterm",
)
NIEUWE_VELDEN: tuple[str, ...] = (
    "doelgroepen", "leeftijd_geldt_voor", "kinderen_thuis", "verblijfsstatus", "crisis", "contra_indicaties",
    "alleen_bij", "criteria_bron", "beeindigd_op", "gepland", "te_verifieren",
)
VELDEN = VELDEN + NIEUWE_VELDEN
# zoekterm and the who-is-it-for fields may be missing (the desk's entries stored before they existed)
OPTIONELE_VELDEN = frozenset({"zoekterm", *NIEUWE_VELDEN})
VERPLICHTE_VELDEN: tuple[str, ...] = tuple(f for f in VELDEN if f not in OPTIONELE_VELDEN)
CONTACT_VELDEN: tuple[str, ...] = ("telefoon", "email", "website", "adres")

ID_PATROON = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# a seed reference, optionally followed by what the line says: "seeds/003:540 (kinderen tot 12 jaar)"
BRON_PATROON = re.compile(r"^seeds/(\d{3}):(\d+)(?:-(\d+))?(?:\s+\(.+\))?$")
DATUM_PATROON = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_PREFIX_GEMEENTE = {"hb-": "haaksbergen", "tw-": "twenterand"}
ID_PREFIX_REGIO = "regio-"
INKOMEN_MAX = 500
LEEFTIJD_MAX = 120


class KaartError(ConfigError):
    """The kaart (or one entry) is not valid; ``messages`` lists every problem in Dutch."""


def entry_label(data: Any, positie: int | None) -> str:
    """How messages name an entry: by its id when it has a usable one, else by its position."""
    if isinstance(data, Mapping) and isinstance(data.get("id"), str) and data["id"].strip():
        return f"voorziening '{data['id'].strip()}'"
    return f"voorziening {positie}" if positie is not None else "voorziening (zonder id)"


class _Checker:
    def __init__(self, data: Mapping, where: str):
        self.d = data
        self.where = where
        self.errors: list[str] = []

    def err(self, veld: str, text: str) -> None:
        self.errors.append(f"{self.where}, veld '{veld}': {text}")

    # typed getters: they record an error and return None when the value is wrong
    def text(self, veld: str, *, required: bool) -> str | None:
        v = self.d.get(veld)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.err(veld, "mag niet leeg zijn")
            return None
        if not isinstance(v, str):
            self.err(veld, "moet tekst zijn")
            return None
        return v.strip()

    def boolean(self, veld: str) -> bool | None:
        v = self.d.get(veld)
        if not isinstance(v, bool):
            self.err(veld, "moet ja of nee zijn (true of false)")
            return None
        return v

    def integer(self, veld: str, lo: int, hi: int, msg: str, *, required: bool) -> int | None:
        v = self.d.get(veld)
        if v is None:
            if required:
                self.err(veld, msg)
            return None
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            self.err(veld, msg)
            return None
        return v

    def keys(self, veld: str, allowed: Iterable[str], soort: str, *, min_len: int) -> tuple[str, ...] | None:
        v = self.d.get(veld)
        if v is None:
            v = []
        if isinstance(v, str) or not isinstance(v, (list, tuple)):
            self.err(veld, "moet een lijst zijn")
            return None
        allowed = list(allowed)
        out: list[str] = []
        ok = True
        for item in v:
            if not isinstance(item, str) or item not in allowed:
                self.err(veld, f"'{item}' is geen bekende {soort}; kies uit: {', '.join(allowed)}")
                ok = False
            elif item in out:
                self.err(veld, f"'{item}' staat er twee keer in")
                ok = False
            else:
                out.append(item)
        if ok and len(out) < min_len:
            self.err(veld, f"noem minstens één {soort}")
            return None
        return tuple(out) if ok else None


def _parse_date(value: Any) -> date | None | str:
    """A date, None, or the string 'fout'."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and DATUM_PATROON.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return "fout"
    return "fout"


def parse_bron(ref: str) -> tuple[str, int, int] | None:
    """'seeds/003:210-212' -> ('003', 210, 212); None when it is not a seed reference."""
    m = BRON_PATROON.match(ref.strip())
    if not m:
        return None
    start = int(m.group(2))
    end = int(m.group(3)) if m.group(3) else start
    return m.group(1), start, end


def voorziening_from_dict(data: Any, where: str, *, strikt: bool = False,
                          bronnen_verplicht: bool = False) -> Voorziening:
    """One entry from its dict form (YAML, database, dialog); raises KaartError with every problem.

    ``where`` names the entry in messages, e.g. "haaksbergen.yaml, voorziening 'hb-voedselbank'".
    ``strikt`` (shipped files): at least one bron and one leefgebied, a reviewed doelgroep (or
    'iedereen') with its source, and a source for every criterion (implies ``bronnen_verplicht``).
    ``bronnen_verplicht`` (an entry the beheerder saves now): every age limit, income limit, residence
    status, children-at-home requirement and end date names its source in ``criteria_bron``. Without
    either (the desk's own entries stored earlier, an unreviewed import) an entry may lack them; the
    ladder then never treats it as broad help, and the work list "kaart compleet maken" shows it.
    """
    if not isinstance(data, Mapping):
        raise KaartError([f"{where}: moet een mapping met velden zijn"])
    c = _Checker(data, where)
    for key in data:
        if key not in VELDEN:
            c.err(str(key), "onbekend veld; toegestaan zijn: " + ", ".join(VELDEN))
    for key in VERPLICHTE_VELDEN:
        if key not in data:
            c.err(key, "ontbreekt")
    if c.errors:
        raise KaartError(c.errors)

    vid = c.text("id", required=True)
    if vid is not None and not ID_PATROON.match(vid):
        c.err("id", "alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'hb-voedselbank'")
    naam = c.text("naam", required=True)
    aanbieder = c.text("aanbieder", required=True)
    omschrijving = c.text("omschrijving", required=True)
    doelgroep = c.text("doelgroep", required=False)
    voorwaarden = c.text("voorwaarden", required=False)
    zoekterm = c.text("zoekterm", required=False)

    gemeenten = c.keys("gemeenten", GEMEENTEN, "gemeente", min_len=1)
    regionaal = c.boolean("regionaal")
    kernen_raw = data.get("kernen")
    kernen: tuple[str, ...] | None = ()
    if kernen_raw is None:
        kernen = ()
    elif isinstance(kernen_raw, str) or not isinstance(kernen_raw, (list, tuple)):
        c.err("kernen", "moet een lijst zijn")
        kernen = None
    else:
        ks: list[str] = []
        for k in kernen_raw:
            if not isinstance(k, str) or not k.strip():
                c.err("kernen", f"'{k}' is geen kern")
                kernen = None
                continue
            ks.append(k.strip())
        if kernen is not None:
            kernen = tuple(ks)
        if kernen is not None and gemeenten is not None:
            for k in kernen:
                if not any(k in KERNEN.get(g, ()) for g in gemeenten):
                    c.err("kernen", f"'{k}' is geen kern van {' of '.join(GEMEENTEN[g] for g in gemeenten)}")
                    kernen = None

    if gemeenten is not None and regionaal is not None:
        if regionaal and len(gemeenten) < len(GEMEENTEN):
            c.err("gemeenten", "een regionale voorziening dient alle gemeenten: "
                  + ", ".join(GEMEENTEN))
        if not regionaal and len(gemeenten) > 1:
            c.err("regionaal", "een voorziening voor meer gemeenten is regionaal (regionaal: true)")
    if vid is not None and gemeenten is not None and regionaal is not None:
        for prefix, gem in ID_PREFIX_GEMEENTE.items():
            if vid.startswith(prefix) and (regionaal or gemeenten != (gem,)):
                c.err("id", f"een id met '{prefix}' is voor een voorziening alleen in {GEMEENTEN[gem]}")
        if vid.startswith(ID_PREFIX_REGIO) and not regionaal:
            c.err("id", f"een id met '{ID_PREFIX_REGIO}' is voor een regionale voorziening")

    trede = c.integer("trede", 0, 5, "moet een geheel getal van 0 tot en met 5 zijn", required=True)
    wet = data.get("wet")
    if wet is not None and wet not in WETTEN:
        c.err("wet", f"'{wet}' is geen bekende wet; kies uit: {', '.join(WETTEN)} (of leeg)")
        wet = None
    leefgebieden = c.keys("leefgebieden", LEEFGEBIEDEN, "leefgebied", min_len=1 if strikt else 0)
    dimensies = c.keys("dimensies", DIMENSIES, "dimensie", min_len=0)

    lmin = c.integer("leeftijd_min", 0, LEEFTIJD_MAX, f"moet leeg zijn of een geheel getal van 0 tot en met {LEEFTIJD_MAX}",
                     required=False)
    lmax = c.integer("leeftijd_max", 0, LEEFTIJD_MAX, f"moet leeg zijn of een geheel getal van 0 tot en met {LEEFTIJD_MAX}",
                     required=False)
    if lmin is not None and lmax is not None and lmin > lmax:
        c.err("leeftijd_max", f"is lager dan leeftijd_min ({lmax} < {lmin})")
    inkomen = c.integer("inkomen_max_pct", 0, INKOMEN_MAX,
                        f"moet leeg zijn of een geheel percentage van 0 tot en met {INKOMEN_MAX} zijn", required=False)

    toegang = data.get("toegang")
    if toegang is not None and toegang not in TOEGANG:
        c.err("toegang", f"'{toegang}' is onbekend; kies uit: {', '.join(TOEGANG)} (of leeg)")
        toegang = None
    if toegang == "beschikking" and trede is not None and trede < 4:
        c.err("toegang", f"'beschikking' hoort bij maatwerk (trede 4 of 5), niet bij trede {trede}")

    contact = Contact()
    cdata = data.get("contact")
    if cdata is None:
        cdata = {}
    if not isinstance(cdata, Mapping):
        c.err("contact", "moet een mapping zijn met telefoon, email, website en adres")
    else:
        cvals: dict[str, str | None] = {}
        for key, value in cdata.items():
            if key not in CONTACT_VELDEN:
                c.err(f"contact.{key}", "onbekend veld; toegestaan zijn: " + ", ".join(CONTACT_VELDEN))
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                cvals[key] = None
            elif not isinstance(value, str):
                c.err(f"contact.{key}", "moet tekst zijn (of leeg)")
            else:
                cvals[key] = value.strip()
        if cvals.get("email") and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", cvals["email"] or ""):
            c.err("contact.email", f"'{cvals['email']}' is geen geldig e-mailadres")
        if cvals.get("website") and not re.match(r"^(https?://|www\.)\S+$", cvals["website"] or ""):
            c.err("contact.website", f"'{cvals['website']}' moet beginnen met http://, https:// of www.")
        contact = Contact(**cvals)

    bron_raw = data.get("bron")
    bron: tuple[str, ...] = ()
    if bron_raw is None:
        bron_raw = []
    if isinstance(bron_raw, str) or not isinstance(bron_raw, (list, tuple)):
        c.err("bron", "moet een lijst zijn, bijvoorbeeld ['seeds/003:210']")
    else:
        items: list[str] = []
        for b in bron_raw:
            if not isinstance(b, str) or not b.strip():
                c.err("bron", f"'{b}' is geen bron")
                continue
            b = b.strip()
            if b.lower().startswith("seeds"):
                parsed = parse_bron(b)
                if parsed is None or parsed[1] < 1 or parsed[2] < parsed[1]:
                    c.err("bron", f"'{b}' heeft niet de vorm 'seeds/003:210' of 'seeds/003:210-212'")
                    continue
            items.append(b)
        bron = tuple(items)
        if strikt and not bron and not any(e.endswith("veld 'bron'") for e in c.errors):
            c.err("bron", "noem minstens één bron, bijvoorbeeld 'seeds/003:210'")

    geverifieerd = _parse_date(data.get("laatst_geverifieerd"))
    if geverifieerd == "fout":
        c.err("laatst_geverifieerd", "moet een datum zijn als JJJJ-MM-DD, bijvoorbeeld 2026-11-22 (of leeg)")
        geverifieerd = None
    actief = c.boolean("actief")

    # -- who it is for --
    doelgroepen = c.keys("doelgroepen", DOELGROEPEN, "doelgroep", min_len=0)
    if doelgroepen and "iedereen" in doelgroepen and len(doelgroepen) > 1:
        c.err("doelgroepen", "'iedereen' gaat niet samen met andere doelgroepen")
    geldt = data.get("leeftijd_geldt_voor", "inwoner")
    if geldt is None:
        geldt = "inwoner"
    if geldt not in LEEFTIJD_GELDT_VOOR:
        c.err("leeftijd_geldt_voor", f"'{geldt}' is onbekend; kies uit: {', '.join(LEEFTIJD_GELDT_VOOR)}")
        geldt = "inwoner"
    kinderen_thuis = data.get("kinderen_thuis")
    if kinderen_thuis is not None and not isinstance(kinderen_thuis, bool):
        c.err("kinderen_thuis", "moet ja, nee of leeg zijn (true, false of null)")
        kinderen_thuis = None
    verblijf = c.keys("verblijfsstatus", VERBLIJFSSTATUS, "verblijfsstatus", min_len=0)
    crisis = c.keys("crisis", CRISIS, "crisissituatie", min_len=0)
    contra = _situatieregels(c, "contra_indicaties")
    alleen = _situatieregels(c, "alleen_bij")
    criteria_bron = _criteria_bron(c)
    beeindigd = _parse_date(data.get("beeindigd_op"))
    if beeindigd == "fout":
        c.err("beeindigd_op", "moet een datum zijn als JJJJ-MM-DD (of leeg)")
        beeindigd = None
    if beeindigd is not None and actief:
        c.err("actief", "een beëindigde regeling (beeindigd_op) is niet actief: zet actief op false")
    gepland = data.get("gepland", False)
    if gepland is None:
        gepland = False
    if not isinstance(gepland, bool):
        c.err("gepland", "moet ja of nee zijn (true of false)")
        gepland = False

    open_punten = c.keys("te_verifieren", OPEN_PUNTEN, "rubriek", min_len=0) or ()

    if strikt or bronnen_verplicht:
        _bronnen_per_criterium(c, criteria_bron, lmin=lmin, lmax=lmax, inkomen=inkomen, verblijf=verblijf,
                               kinderen_thuis=kinderen_thuis, beeindigd=beeindigd)
    if strikt:
        if doelgroepen is not None and not doelgroepen:
            c.err("doelgroepen", "noem voor wie de voorziening is (een doelgroep uit de vaste lijst, of "
                  "alleen 'iedereen'): " + ", ".join(DOELGROEPEN))
        elif doelgroepen and not criteria_bron.get("doelgroepen"):
            c.err("criteria_bron.doelgroepen", "noem de bron van de doelgroep (een bronregel of de regeling zelf)")
        for veld, regels in (("contra_indicaties", contra), ("alleen_bij", alleen)):
            for i, r in enumerate(regels):
                if not r.bron:
                    c.err(f"{veld}[{i}].bron", f"noem de bron van '{r.situatie}'")

    if c.errors:
        raise KaartError(c.errors)
    assert vid and naam and aanbieder and omschrijving and gemeenten is not None and kernen is not None
    return Voorziening(
        id=vid, naam=naam, aanbieder=aanbieder, gemeenten=gemeenten, kernen=kernen, regionaal=bool(regionaal),
        trede=int(trede), wet=wet, leefgebieden=leefgebieden or (), dimensies=dimensies or (),  # type: ignore[arg-type]
        omschrijving=omschrijving, doelgroep=doelgroep, leeftijd_min=lmin, leeftijd_max=lmax,
        inkomen_max_pct=inkomen, voorwaarden=voorwaarden, toegang=toegang, contact=contact, bron=bron,
        laatst_geverifieerd=geverifieerd, actief=bool(actief), zoekterm=zoekterm,  # type: ignore[arg-type]
        doelgroepen=doelgroepen or (), leeftijd_geldt_voor=geldt, kinderen_thuis=kinderen_thuis,
        verblijfsstatus=verblijf or (), crisis=crisis or (), contra_indicaties=contra, alleen_bij=alleen,
        criteria_bron=criteria_bron, beeindigd_op=beeindigd, gepland=gepland,  # type: ignore[arg-type]
        te_verifieren=tuple(open_punten),
    )


def _bronnen_per_criterium(c: "_Checker", criteria_bron: Mapping[str, tuple[str, ...]], *, lmin, lmax, inkomen,
                           verblijf, kinderen_thuis, beeindigd) -> None:
    """Every limit a resident is held to names where it comes from."""
    eisen = (
        ("leeftijd", lmin is not None or lmax is not None, "leeftijdsgrens"),
        ("inkomen", inkomen is not None, "inkomensgrens"),
        ("verblijfsstatus", bool(verblijf), "verblijfsstatus"),
        ("kinderen_thuis", kinderen_thuis is not None, "eis 'kinderen thuis'"),
        ("beeindigd", beeindigd is not None, "einddatum"),
    )
    for key, gezet, wat in eisen:
        if gezet and not criteria_bron.get(key):
            c.err(f"criteria_bron.{key}", f"een {wat} zonder bron: noem de bronregel (seeds/...) of het "
                  "wetsartikel of de regeling (bijvoorbeeld 'Participatiewet art. 36')")


def _bronlijst(c: "_Checker", veld: str, value: Any) -> tuple[str, ...] | None:
    """A list of sources: seed references ('seeds/003:210') or a law article / regeling in words."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        c.err(veld, "moet een lijst met bronnen zijn, bijvoorbeeld ['seeds/003:210'] of ['Jeugdwet art. 1.1']")
        return None
    out = []
    for b in value:
        if not isinstance(b, str) or not b.strip():
            c.err(veld, f"'{b}' is geen bron")
            return None
        b = b.strip()
        if b.lower().startswith("seeds") and (parse_bron(b) is None or parse_bron(b)[2] < parse_bron(b)[1]):
            c.err(veld, f"'{b}' heeft niet de vorm 'seeds/003:210' of 'seeds/003:210-212'")
            return None
        out.append(b)
    return tuple(out)


def _situatieregels(c: "_Checker", veld: str) -> tuple[Situatieregel, ...]:
    raw = c.d.get(veld)
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        c.err(veld, "moet een lijst zijn met situatie en reden")
        return ()
    out = []
    for i, item in enumerate(raw):
        where = f"{veld}[{i}]"
        if not isinstance(item, Mapping) or set(item) - {"situatie", "reden", "bron"}:
            c.err(where, "moet situatie, reden en (eventueel) bron hebben")
            continue
        sit = item.get("situatie")
        if sit not in SITUATIES:
            c.err(f"{where}.situatie", f"'{sit}' is onbekend; kies uit: {', '.join(SITUATIES)}")
            continue
        reden = item.get("reden")
        if not isinstance(reden, str) or not reden.strip():
            c.err(f"{where}.reden", "mag niet leeg zijn: zeg waarom")
            continue
        bron = _bronlijst(c, f"{where}.bron", item.get("bron") or [])
        out.append(Situatieregel(sit, reden.strip(), bron or ()))
    return tuple(out)


def _criteria_bron(c: "_Checker") -> dict[str, tuple[str, ...]]:
    raw = c.d.get("criteria_bron")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        c.err("criteria_bron", "moet per criterium de bronnen noemen, bijvoorbeeld {inkomen: ['seeds/000:90']}")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        if key not in CRITERIA:
            c.err(f"criteria_bron.{key}", f"onbekend criterium; kies uit: {', '.join(CRITERIA)}")
            continue
        lijst = _bronlijst(c, f"criteria_bron.{key}", value)
        if lijst:
            out[key] = lijst
    return out


def voorziening_to_dict(v: Voorziening) -> dict[str, Any]:
    """The dict form (JSON- and YAML-safe: lists, ISO dates); ``voorziening_from_dict`` reads it back."""
    d: dict[str, Any] = {
        "id": v.id, "naam": v.naam, "aanbieder": v.aanbieder, "gemeenten": list(v.gemeenten),
        "kernen": list(v.kernen), "regionaal": v.regionaal, "trede": v.trede, "wet": v.wet,
        "leefgebieden": list(v.leefgebieden), "dimensies": list(v.dimensies), "omschrijving": v.omschrijving,
        "doelgroep": v.doelgroep, "leeftijd_min": v.leeftijd_min, "leeftijd_max": v.leeftijd_max,
        "inkomen_max_pct": v.inkomen_max_pct, "voorwaarden": v.voorwaarden, "toegang": v.toegang,
        "contact": {k: getattr(v.contact, k) for k in CONTACT_VELDEN}, "bron": list(v.bron),
        "laatst_geverifieerd": v.laatst_geverifieerd.isoformat() if v.laatst_geverifieerd else None,
        "actief": v.actief,
    }
    if v.zoekterm:
        d["zoekterm"] = v.zoekterm
    d.update({
        "doelgroepen": list(v.doelgroepen), "leeftijd_geldt_voor": v.leeftijd_geldt_voor,
        "kinderen_thuis": v.kinderen_thuis, "verblijfsstatus": list(v.verblijfsstatus), "crisis": list(v.crisis),
        "contra_indicaties": [_regel_dict(r) for r in v.contra_indicaties],
        "alleen_bij": [_regel_dict(r) for r in v.alleen_bij],
        "criteria_bron": {k: list(b) for k, b in v.criteria_bron.items()},
        "beeindigd_op": v.beeindigd_op.isoformat() if v.beeindigd_op else None,
        "gepland": v.gepland,
        "te_verifieren": list(v.te_verifieren),
    })
    return d


def _regel_dict(r: Situatieregel) -> dict[str, Any]:
    return {"situatie": r.situatie, "reden": r.reden, "bron": list(r.bron)}


# -- source lines --------------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


class SeedReader:
    """Reads the seed files once; answers whether a reference exists and what its lines say."""

    def __init__(self, seeds_dir: Path):
        self.dir = Path(seeds_dir)
        self._cache: dict[str, list[str] | None] = {}

    def lines(self, nummer: str) -> list[str] | None:
        if nummer not in self._cache:
            files = sorted(self.dir.glob(f"{nummer}_*.txt")) or sorted(self.dir.glob(f"{nummer}.txt"))
            self._cache[nummer] = files[0].read_text(encoding="utf-8").splitlines() if files else None
        return self._cache[nummer]

    def text(self, ref: str) -> str | None:
        parsed = parse_bron(ref)
        if parsed is None:
            return None
        lines = self.lines(parsed[0])
        if lines is None or parsed[2] > len(lines):
            return None
        return "\n".join(lines[parsed[1] - 1:parsed[2]])


def zoektermen(v: Voorziening) -> list[str]:
    terms = [v.naam, v.aanbieder]
    if v.zoekterm:
        terms.append(v.zoekterm)
    return [t for t in terms if t]


def mentions(text: str, terms: Iterable[str]) -> bool:
    """Case-insensitive; also across a line break and a hyphenated word break (seed 001 is wrapped)."""
    joined = _norm(text)
    unhyphenated = _norm(re.sub(r"-\s*\n\s*", "", text))
    return any(_norm(t) in joined or _norm(t) in unhyphenated for t in terms)


def _check_ref(ref: str, where: str, veld: str, seeds: SeedReader) -> tuple[str | None, str | None]:
    """(problem, text) for one seed reference; (None, None) for a free-text source."""
    parsed = parse_bron(ref)
    if parsed is None:
        return None, None
    lines = seeds.lines(parsed[0])
    if lines is None:
        return f"{where}, veld '{veld}': '{ref}' verwijst naar een bronbestand dat niet bestaat", None
    if parsed[2] > len(lines):
        return (f"{where}, veld '{veld}': '{ref}' verwijst naar een regel die niet bestaat "
                f"(het bestand heeft {len(lines)} regels)"), None
    return None, seeds.text(ref) or ""


def _noemt_getal(text: str, getallen: Iterable[int | None]) -> bool:
    return any(g is not None and re.search(rf"(?<!\d){g}(?!\d)", text) for g in getallen)


def check_bronnen(v: Voorziening, where: str, seeds: SeedReader) -> list[str]:
    """Every seed reference exists and its lines name the voorziening (naam, aanbieder or zoekterm).

    The same for the sources of its criteria (``criteria_bron``) and of its contra-indications and
    requirements, where a line may instead say the criterion itself: a reference for an age or income
    limit may give the number, one for the doelgroepen a word of one of its groups ("kinderen",
    "mantelzorgers", ...).
    """
    out = []
    terms = zoektermen(v)
    niet_genoemd = (f"noemt '{v.naam}' en '{v.aanbieder}' niet" + (f" (ook niet '{v.zoekterm}')" if v.zoekterm else ""))
    for ref in v.bron:
        problem, text = _check_ref(ref, where, "bron", seeds)
        if problem:
            out.append(problem)
        elif text is not None and not mentions(text, terms):
            out.append(f"{where}, veld 'bron': '{ref}' {niet_genoemd}; verbeter de bron of voeg een zoekterm toe")
    for key, refs in v.criteria_bron.items():
        veld = f"criteria_bron.{key}"
        for ref in refs:
            problem, text = _check_ref(ref, where, veld, seeds)
            if problem:
                out.append(problem)
                continue
            if text is None or mentions(text, terms):
                continue
            if key == "leeftijd" and _noemt_getal(text, (v.leeftijd_min, v.leeftijd_max)):
                continue
            if key == "inkomen" and _noemt_getal(text, (v.inkomen_max_pct,)):
                continue
            if key == "doelgroepen" and mentions(text, [w for g in v.doelgroepen for w in DOELGROEP_WOORDEN.get(g, ())]):
                continue
            if key == "verblijfsstatus" and mentions(text, [w for g in v.verblijfsstatus for w in VERBLIJF_WOORDEN.get(g, ())]):
                continue
            extra = {"leeftijd": " en niet de leeftijd", "inkomen": " en niet het percentage",
                     "doelgroepen": " en niet de doelgroep", "verblijfsstatus": " en niet de verblijfsstatus"}.get(key, "")
            out.append(f"{where}, veld '{veld}': '{ref}' {niet_genoemd}{extra}; verbeter de bron")
    for veld, regels in (("contra_indicaties", v.contra_indicaties), ("alleen_bij", v.alleen_bij)):
        for i, r in enumerate(regels):
            for ref in r.bron:
                problem, text = _check_ref(ref, where, f"{veld}[{i}].bron", seeds)
                if problem:
                    out.append(problem)
                elif text is not None and not mentions(text, terms):
                    out.append(f"{where}, veld '{veld}[{i}].bron': '{ref}' {niet_genoemd}; verbeter de bron")
    return out


# -- documents and the whole kaart ----------------------------------------------------------------------

DOCUMENT_VELDEN = ("versie", "voorzieningen")


def parse_document(data: Any, bestand: str, seeds: SeedReader | None = None) -> tuple[list[Voorziening], list[str]]:
    """One kaart file's content (already parsed from YAML): its voorzieningen and its problems."""
    errors: list[str] = []
    if not isinstance(data, Mapping):
        return [], [f"{bestand}: moet een mapping zijn met 'versie' en 'voorzieningen'"]
    for key in data:
        if key not in DOCUMENT_VELDEN:
            errors.append(f"{bestand}, veld '{key}': onbekend veld; toegestaan zijn: versie, voorzieningen")
    versie = data.get("versie")
    if versie is None or (isinstance(versie, str) and not versie.strip()):
        errors.append(f"{bestand}, veld 'versie': ontbreekt")
    elif not isinstance(versie, (str, date)):
        errors.append(f"{bestand}, veld 'versie': moet tekst of een datum zijn, bijvoorbeeld 2026-11-22")
    items = data.get("voorzieningen")
    if not isinstance(items, list):
        errors.append(f"{bestand}, veld 'voorzieningen': moet een lijst met voorzieningen zijn")
        return [], errors
    stem = Path(bestand).stem
    out: list[Voorziening] = []
    seen: dict[str, int] = {}
    for pos, item in enumerate(items, start=1):
        where = f"{bestand}, {entry_label(item, pos)}"
        try:
            v = voorziening_from_dict(item, where, strikt=True)
        except KaartError as exc:
            errors.extend(exc.messages)
            continue
        if v.id in seen:
            errors.append(f"{where}, veld 'id': komt al voor als voorziening {seen[v.id]} in dit bestand")
            continue
        seen[v.id] = pos
        if stem in GEMEENTEN and (v.regionaal or v.gemeenten != (stem,)):
            errors.append(f"{where}, veld 'gemeenten': in {bestand} staan alleen voorzieningen van "
                          f"{GEMEENTEN[stem]}; regionale horen in regionaal.yaml")
        if stem == "regionaal" and not v.regionaal:
            errors.append(f"{where}, veld 'regionaal': in {bestand} staan alleen regionale voorzieningen")
        if seeds is not None:
            errors.extend(check_bronnen(v, where, seeds))
        out.append(v)
    return out, errors


@dataclass(frozen=True)
class Kaart:
    """The validated kaart: every voorziening, findable by id and by gemeente."""

    voorzieningen: tuple[Voorziening, ...]
    versies: Mapping[str, str] = field(default_factory=dict)  # file name -> versie

    def __iter__(self) -> Iterator[Voorziening]:
        return iter(self.voorzieningen)

    def __len__(self) -> int:
        return len(self.voorzieningen)

    def __contains__(self, vid: object) -> bool:
        return vid in self.by_id

    @property
    def by_id(self) -> dict[str, Voorziening]:
        return {v.id: v for v in self.voorzieningen}

    def get(self, vid: str) -> Voorziening | None:
        return self.by_id.get(vid)

    def voor_gemeente(self, gemeente: str, kern: str | None = None, *, alleen_actief: bool = True) -> list[Voorziening]:
        return [v for v in self.voorzieningen if v.serves(gemeente, kern) and (v.actief or not alleen_actief)]

    def per_trede(self, gemeente: str | None = None) -> dict[int, list[Voorziening]]:
        out: dict[int, list[Voorziening]] = {t: [] for t in TREDEN}
        for v in self.voorzieningen:
            if gemeente is None or gemeente in v.gemeenten:
                out[v.trede].append(v)
        return out

    def telling(self) -> dict[str, int]:
        """Active entries per gemeente (not regional) and regional ones: for summaries."""
        out = {g: sum(1 for v in self.voorzieningen if v.actief and not v.regionaal and g in v.gemeenten)
               for g in GEMEENTEN}
        out["regionaal"] = sum(1 for v in self.voorzieningen if v.actief and v.regionaal)
        return out


def build_kaart(documents: Mapping[str, Any], seeds: SeedReader | None = None) -> tuple[Kaart, list[str]]:
    """Several files' content -> one Kaart and every problem (including ids used in two files)."""
    errors: list[str] = []
    alle: list[Voorziening] = []
    waar: dict[str, str] = {}
    versies: dict[str, str] = {}
    for bestand, data in documents.items():
        items, errs = parse_document(data, bestand, seeds)
        errors.extend(errs)
        if isinstance(data, Mapping) and data.get("versie") is not None:
            versies[bestand] = str(data.get("versie"))
        for v in items:
            if v.id in waar and waar[v.id] != bestand:
                errors.append(f"{bestand}, voorziening '{v.id}', veld 'id': komt ook voor in {waar[v.id]}; "
                              "elke id mag maar één keer voorkomen")
                continue
            waar[v.id] = bestand
            alle.append(v)
    errors.extend(dubbele_namen(alle, waar))
    return Kaart(tuple(alle), versies), errors


def _naam_sleutel(naam: str) -> str:
    return re.sub(r"\s+", " ", naam).strip().casefold()


def dubbele_namen(voorzieningen: Iterable[Voorziening], waar: Mapping[str, str] | None = None) -> list[str]:
    """No two entries share a name within a gemeente (a regional entry counts for every gemeente it serves):
    a worker who reads the name must know which one it is."""
    errors: list[str] = []
    gezien: dict[tuple[str, str], Voorziening] = {}
    for v in voorzieningen:
        for g in v.gemeenten:
            key = (g, _naam_sleutel(v.naam))
            eerder = gezien.get(key)
            if eerder is None:
                gezien[key] = v
                continue
            plaats = f"{waar[v.id]}, " if waar and v.id in waar else ""
            errors.append(f"{plaats}voorziening '{v.id}', veld 'naam': '{v.naam}' heeft in {GEMEENTEN[g]} dezelfde "
                          f"naam als voorziening '{eerder.id}'; maak de namen onderscheidbaar")
    return errors


def samenvatting(kaart: Kaart) -> str:
    t = kaart.telling()
    delen = [f"{t[g]} voorzieningen {GEMEENTEN[g]}" for g in GEMEENTEN]
    delen.append(f"{t['regionaal']} regionaal")
    ingetrokken = sum(1 for v in kaart if not v.actief)
    tekst = "Sociale kaart in orde: " + ", ".join(delen)
    if ingetrokken:
        tekst += f" (en {ingetrokken} niet meer actief)"
    return tekst + "."
