"""Legal terms the desk must watch (Wmo, Jeugdwet/Awb, Wgs, Participatiewet), the desk's own promises,
and the intervals of the werkvoorraad.

Which terms exist, their length, start, article and kind are data (``resources/termijnen.yaml``); days are
counted on the one Atw calendar (``domain/kalender.py``, ``resources/atw_kalender.yaml``); the desk's own
intervals (follow-up, no news, close) are data too (``resources/intervallen.yaml``).

Which terms apply (domain brief section 3, "Which terms apply"):

- terms that run from the melding run only for the laws the melding concerns: ``aanmelding.wetten`` as
  the worker confirmed them, or when missing the laws derived from the needs (``melding_wetten``);
- terms that run from an aanvraag run from that aanvraag's own date, one set per aanvraag;
- a step is closed by the worker (done on a date, or not applicable with a reason) outside this module;
  an open step past its date is overdue (``stand``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Collection, Iterable

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain import vocab
from toegang_app.domain.ave import VLAGGEN
from toegang_app.domain.kalender import AtwKalender, Dag, TE_VERIFIEREN, load_kalender, standaard_kalender
from toegang_app.domain.uitvraag import Aanvraag, Uitvraag, leeftijd_bereik
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

START_EVENTS: dict[str, str] = {"melding": "melding", "aanvraag": "aanvraag"}
# the old start keys (one aanvraag per law) still accepted by ``bereken_termijnen(starts=...)``
_OUDE_AANVRAAG_START = {"aanvraag_wmo": "wmo", "aanvraag_jeugd": "jeugdwet", "aanvraag_pw": "participatiewet"}
EENHEDEN = ("dagen", "weken", "werkdagen")

OP_TIJD, BIJNA_VERLOPEN, VERLOPEN, GEHAALD, TE_LAAT = (
    "op tijd", "bijna verlopen", "verlopen", "gehaald", "te laat gehaald")
NIET_VAN_TOEPASSING, VANAF = "niet van toepassing", "vanaf"
AFGESLOTEN = (GEHAALD, TE_LAAT, NIET_VAN_TOEPASSING)
# who must act on a deadline
BALIE, INWONER = "balie", "inwoner"



# -- configuration -------------------------------------------------------------------------

@dataclass(frozen=True)
class Voorwaarde:
    naam: str
    uitleg: str
    signalen: dict[str, int] = field(default_factory=dict)
    vlaggen: tuple[str, ...] = ()
    crisis: bool = False
    dimensies: dict[str, int] = field(default_factory=dict)
    leeftijd_onder: int | None = None


@dataclass(frozen=True)
class Interval:
    """A length in dagen, weken or werkdagen."""
    eenheid: str
    aantal: int

    def na(self, start: date, kalender: AtwKalender, *, gemeente: str | None = None) -> date:
        """``start`` plus this interval; werkdagen skip the Atw days and the desk's own closing days."""
        if self.eenheid == "werkdagen":
            return kalender.werkdagen_later(start, self.aantal, eigen=True, gemeente=gemeente)
        return start + timedelta(days=self.aantal * (7 if self.eenheid == "weken" else 1))

    def laatste_start(self, kalender: AtwKalender, datum: date, *, gemeente: str | None = None) -> date:
        """The last start whose interval has run out on or before ``datum``: ``na(start) <= datum`` holds
        exactly for the starts up to this date (``na`` never decreases as its start moves later), so a
        database can select them with one comparison."""
        d = datum - timedelta(days=self.aantal * (7 if self.eenheid == "weken" else 1))
        if self.eenheid != "werkdagen":
            return d
        while self.na(d, kalender, gemeente=gemeente) > datum:  # na(d) >= d + aantal: start at the latest
            d -= timedelta(days=1)
        return d

    def tekst(self) -> str:
        unit = {"dagen": ("dag", "dagen"), "weken": ("week", "weken"), "werkdagen": ("werkdag", "werkdagen")}
        one, many = unit[self.eenheid]
        return f"{self.aantal} {one if self.aantal == 1 else many}"


@dataclass(frozen=True)
class TermijnRegel:
    code: str
    wet: str
    stap: str
    eenheid: str          # dagen | weken | werkdagen
    aantal: int
    start: str            # melding | aanvraag
    grondslag: str
    uitleg: str
    geldt: str | None = None   # an extra condition (key of voorwaarden)
    soort: str = "uiterlijk"   # uiterlijk = deadline; vanaf = not before this date (zoektermijn)
    wie: str = BALIE           # who acts: balie | inwoner
    belofte: bool = False      # the desk's own promise, not law
    gemeenten: tuple[str, ...] = ()   # only for these gemeenten (promises); () = all
    verdagen: bool = False     # Awb 4:14 / 4:15 apply
    vervalt_door: str | None = None
    algemene_termijnenwet: bool = True

    @property
    def melding_wet(self) -> str | None:
        """The key of vocab.MELDING_WETTEN this rule's law belongs to."""
        return next((k for k, w in vocab.MELDING_WET_NAAR_WET.items() if w == self.wet), None)


@dataclass(frozen=True)
class Wijzigingsoort:
    """Verdaging (Awb 4:14) or opschorting (Awb 4:15) of a beslistermijn."""
    code: str
    label: str
    grondslag: str
    uitleg: str
    gronden: dict[str, str]


@dataclass(frozen=True)
class TermijnConfig:
    bron: str
    regels: tuple[TermijnRegel, ...]
    voorwaarden: dict[str, Voorwaarde]
    wetten_afleiden: dict[str, str] = field(default_factory=dict)   # melding wet -> voorwaarde
    wijzigingen: dict[str, Wijzigingsoort] = field(default_factory=dict)
    algemene_termijnenwet: bool = True
    kalender: AtwKalender | None = None

    def regel(self, code: str) -> TermijnRegel | None:
        return next((r for r in self.regels if r.code == regel_code(code)), None)

    @property
    def atw(self) -> AtwKalender:
        return self.kalender if self.kalender is not None else standaard_kalender()

    def met_kalender(self, kalender: AtwKalender) -> "TermijnConfig":
        return replace(self, kalender=kalender)


@dataclass(frozen=True)
class Termijn:
    code: str             # the key within the conversation: the rule code, for an aanvraag "code:jjjj-mm-dd[:n]"
    wet: str
    stap: str
    uiterlijk: date
    grondslag: str
    start: date
    start_gebeurtenis: str = "melding"
    soort: str = "uiterlijk"
    uitleg: str = ""
    wie: str = BALIE
    belofte: bool = False
    verdagen: bool = False
    aanvraag: str | None = None                    # onderwerp of the aanvraag it runs from
    verschoven: tuple[Dag, ...] = ()               # non-working days that moved or lengthened it
    kanttekening: str | None = None                # e.g. no besluit gelijkstelling known for that year

    @property
    def regel(self) -> str:
        return regel_code(self.code)

    @property
    def bij_melding(self) -> bool:
        """Already due on the day it starts (pointing to cliëntondersteuning)."""
        return self.uiterlijk == self.start and self.soort == "uiterlijk"

    @property
    def begrenst_opvolging(self) -> bool:
        """A legal deadline the desk itself must meet later than the melding: a referral's follow-up date
        is never after it. Not: the resident's chance, a not-before date, a step due at the melding, or
        the desk's own promise."""
        return self.soort == "uiterlijk" and self.wie == BALIE and not self.belofte and not self.bij_melding

    @property
    def soort_label(self) -> str:
        if self.belofte:
            return "afspraak van de balie (geen wet)"
        if self.soort == VANAF:
            return "niet eerder dan"
        return "kans voor de inwoner" if self.wie == INWONER else "termijn voor de balie"


def regel_code(code: str) -> str:
    return code.split(":", 1)[0]


def default_termijnen_path() -> Path:
    return resources_dir() / "termijnen.yaml"


def _bool(v: Any, where: str, errors: list[str], default: bool = False) -> bool:
    if v is None:
        return default
    if not isinstance(v, bool):
        errors.append(f"{where}: moet true of false zijn")
        return default
    return v


def parse_interval(term: Any, where: str, errors: list[str], eenheden: Iterable[str] = EENHEDEN) -> Interval | None:
    eenheden = tuple(eenheden)
    eenheid, aantal = None, None
    if isinstance(term, dict) and len(term) == 1:
        eenheid, aantal = next(iter(term.items()))
    if eenheid not in eenheden or not (isinstance(aantal, int) and not isinstance(aantal, bool) and aantal >= 0):
        voorbeeld = " of ".join(f"{{{e}: 3}}" for e in eenheden)
        errors.append(f"{where}: schrijf een aantal met een eenheid, bijvoorbeeld {voorbeeld}")
        return None
    return Interval(eenheid, aantal)


def parse_termijn_config(data: Any, name: str = "termijnen.yaml", kalender: AtwKalender | None = None) -> TermijnConfig:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn"])
    known = {"bron", "algemene_termijnenwet", "wetten_afleiden", "voorwaarden", "wijzigingen", "termijnen"}
    for k in sorted(set(data) - known):
        if k == "extra_feestdagen":
            errors.append(f"{name}: veld 'extra_feestdagen' bestaat niet meer. De feestdagen van de Algemene "
                          "termijnenwet staan in atw_kalender.yaml; eigen sluitingsdagen van de balie legt de beheerder "
                          "vast met 'toegang-admin kalender sluitingsdag'")
        else:
            errors.append(f"{name}: onbekend veld '{k}'")
    if not isinstance(data.get("bron"), str) or not data["bron"].strip():
        errors.append(f"{name}, veld 'bron': ontbreekt")
    atw = _bool(data.get("algemene_termijnenwet"), f"{name}, veld 'algemene_termijnenwet'", errors, True)
    voorwaarden: dict[str, Voorwaarde] = {}
    raw_vw = data.get("voorwaarden")
    if not isinstance(raw_vw, dict):
        errors.append(f"{name}, veld 'voorwaarden': moet een mapping zijn")
        raw_vw = {}
    vw_keys = {"uitleg", "signalen", "vlaggen", "crisis", "dimensies", "leeftijd_onder"}
    for vname, v in raw_vw.items():
        where = f"{name}, voorwaarde '{vname}'"
        if not isinstance(v, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        errors += [f"{where}: onbekend veld '{k}'" for k in sorted(set(v) - vw_keys)]
        if not isinstance(v.get("uitleg"), str) or not v["uitleg"].strip():
            errors.append(f"{where}, veld 'uitleg': ontbreekt")
        sig = v.get("signalen") or {}
        if not isinstance(sig, dict) or any(k not in vocab.LEEFGEBIEDEN or e not in (1, 2, 3) for k, e in sig.items()):
            errors.append(f"{where}, veld 'signalen': leefgebied met ernst 1, 2 of 3")
            sig = {}
        vl = v.get("vlaggen") or []
        if not isinstance(vl, list) or any(x not in VLAGGEN for x in vl):
            errors.append(f"{where}, veld 'vlaggen': onbekende vlag; kies uit {', '.join(VLAGGEN)}")
            vl = []
        dims = v.get("dimensies") or {}
        if not isinstance(dims, dict) or any(k not in vocab.DIMENSIES or not isinstance(s, int) for k, s in dims.items()):
            errors.append(f"{where}, veld 'dimensies': dimensie met een score van 0 tot en met 10")
            dims = {}
        lo = v.get("leeftijd_onder")
        if lo is not None and not (isinstance(lo, int) and 0 < lo < 130):
            errors.append(f"{where}, veld 'leeftijd_onder': moet een leeftijd zijn")
            lo = None
        crisis = _bool(v.get("crisis"), f"{where}, veld 'crisis'", errors)
        voorwaarden[vname] = Voorwaarde(vname, str(v.get("uitleg")), dict(sig), tuple(vl), crisis, dict(dims), lo)
    afleiden: dict[str, str] = {}
    raw_af = data.get("wetten_afleiden") or {}
    if not isinstance(raw_af, dict):
        errors.append(f"{name}, veld 'wetten_afleiden': moet een mapping zijn (wet: voorwaarde)")
        raw_af = {}
    for wet, vw in raw_af.items():
        if wet not in vocab.MELDING_WETTEN:
            errors.append(f"{name}, wetten_afleiden: onbekende wet {wet!r}; kies uit {', '.join(vocab.MELDING_WETTEN)}")
        elif vw not in voorwaarden:
            errors.append(f"{name}, wetten_afleiden, wet '{wet}': onbekende voorwaarde {vw!r}")
        else:
            afleiden[wet] = vw
    wijzigingen: dict[str, Wijzigingsoort] = {}
    raw_w = data.get("wijzigingen") or {}
    if not isinstance(raw_w, dict):
        errors.append(f"{name}, veld 'wijzigingen': moet een mapping zijn")
        raw_w = {}
    for code, w in raw_w.items():
        where = f"{name}, wijziging '{code}'"
        if code not in ("verdaagd", "opgeschort"):
            errors.append(f"{where}: kies 'verdaagd' (Awb 4:14) of 'opgeschort' (Awb 4:15)")
            continue
        if not isinstance(w, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        errors += [f"{where}: onbekend veld '{k}'" for k in sorted(set(w) - {"label", "grondslag", "uitleg", "gronden"})]
        for fld in ("label", "grondslag", "uitleg"):
            if not isinstance(w.get(fld), str) or not w[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg")
        gronden = w.get("gronden")
        if not isinstance(gronden, dict) or not gronden or any(
                not isinstance(k, str) or not isinstance(t, str) or not t.strip() for k, t in gronden.items()):
            errors.append(f"{where}, veld 'gronden': een mapping van code naar omschrijving")
            gronden = {}
        wijzigingen[code] = Wijzigingsoort(code, str(w.get("label")), str(w.get("grondslag")), str(w.get("uitleg")),
                                           dict(gronden))
    regels: list[TermijnRegel] = []
    raw = data.get("termijnen")
    if not isinstance(raw, list) or not raw:
        errors.append(f"{name}, veld 'termijnen': moet een lijst zijn")
        raw = []
    codes: set[str] = set()
    t_keys = {"code", "wet", "stap", "termijn", "start", "grondslag", "geldt", "uitleg", "soort", "wie", "belofte",
              "gemeenten", "verdagen", "vervalt_door", "algemene_termijnenwet"}
    for i, t in enumerate(raw):
        if not isinstance(t, dict):
            errors.append(f"{name}, termijn {i + 1}: moet een mapping zijn")
            continue
        code = t.get("code")
        where = f"{name}, termijn '{code}'" if isinstance(code, str) and code else f"{name}, termijn {i + 1}"
        errors += [f"{where}: onbekend veld '{k}'" for k in sorted(set(t) - t_keys)]
        if not isinstance(code, str) or not code or ":" in code:
            errors.append(f"{where}, veld 'code': ontbreekt (letters, cijfers en _)")
        elif code in codes:
            errors.append(f"{where}, veld 'code': staat er twee keer in")
        codes.add(str(code))
        wet = t.get("wet")
        if wet not in vocab.MELDING_WET_NAAR_WET.values():
            errors.append(f"{where}, veld 'wet': onbekende wet {wet!r}; kies uit "
                          f"{', '.join(vocab.MELDING_WET_NAAR_WET.values())}")
        for fld in ("stap", "grondslag", "uitleg"):
            if not isinstance(t.get(fld), str) or not t[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg")
        iv = parse_interval(t.get("termijn"), f"{where}, veld 'termijn'", errors)
        if t.get("start") not in START_EVENTS:
            errors.append(f"{where}, veld 'start': kies uit {', '.join(START_EVENTS)}")
        geldt = t.get("geldt")
        if geldt is not None and geldt not in voorwaarden:
            errors.append(f"{where}, veld 'geldt': onbekende voorwaarde {geldt!r}")
        soort = t.get("soort", "uiterlijk")
        if soort not in ("uiterlijk", VANAF):
            errors.append(f"{where}, veld 'soort': moet 'uiterlijk' of 'vanaf' zijn")
        wie = t.get("wie", BALIE)
        if wie not in (BALIE, INWONER):
            errors.append(f"{where}, veld 'wie': moet 'balie' of 'inwoner' zijn")
        belofte = _bool(t.get("belofte"), f"{where}, veld 'belofte'", errors)
        verdagen = _bool(t.get("verdagen"), f"{where}, veld 'verdagen'", errors)
        t_atw = _bool(t.get("algemene_termijnenwet"), f"{where}, veld 'algemene_termijnenwet'", errors, True)
        gemeenten = t.get("gemeenten") or []
        if not isinstance(gemeenten, list) or any(not isinstance(g, str) or not g for g in gemeenten):
            errors.append(f"{where}, veld 'gemeenten': een lijst van gemeenten")
            gemeenten = []
        if gemeenten and not belofte:
            errors.append(f"{where}, veld 'gemeenten': alleen voor een eigen afspraak van de balie (belofte: true); "
                          "een wettelijke termijn geldt in elke gemeente")
        if belofte and " art. " in str(t.get("grondslag", "")):
            errors.append(f"{where}, veld 'grondslag': een eigen afspraak van de balie noemt zijn bron, geen wetsartikel")
        if verdagen and t.get("start") != "aanvraag":
            errors.append(f"{where}, veld 'verdagen': alleen een beslistermijn op een aanvraag kan verdaagd of "
                          "opgeschort worden")
        regels.append(TermijnRegel(
            str(code), str(wet), str(t.get("stap")), iv.eenheid if iv else "dagen", iv.aantal if iv else 0,
            str(t.get("start")), str(t.get("grondslag")), str(t.get("uitleg")), geldt, soort, wie, belofte,
            tuple(gemeenten), verdagen, t.get("vervalt_door"), t_atw))
    for r in regels:
        if r.vervalt_door is not None and r.vervalt_door not in codes:
            errors.append(f"{name}, termijn '{r.code}', veld 'vervalt_door': onbekende termijn {r.vervalt_door!r}")
    if any(r.verdagen for r in regels) and not wijzigingen:
        errors.append(f"{name}, veld 'wijzigingen': ontbreekt (de gronden voor verdagen en opschorten)")
    if errors:
        raise ConfigError(errors)
    return TermijnConfig(data["bron"], tuple(regels), voorwaarden, afleiden, wijzigingen, atw, kalender)


def load_termijn_config(path: str | Path | None = None, kalender_path: str | Path | None = None) -> TermijnConfig:
    """termijnen.yaml with the Atw calendar beside it (atw_kalender.yaml in the same folder)."""
    p = Path(path) if path is not None else default_termijnen_path()
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{p.name}: {leesfout(exc)}"]) from None
    kp = Path(kalender_path) if kalender_path is not None else p.with_name("atw_kalender.yaml")
    kalender = load_kalender(kp)
    return parse_termijn_config(data, p.name, kalender)


# -- the desk's intervals ----------------------------------------------------------------------

@dataclass(frozen=True)
class Intervallen:
    """The werkvoorraad's intervals a desk can tune (resources/intervallen.yaml): not law."""
    opvolgen: Interval = Interval("dagen", 14)          # proposed follow-up of a referral
    zonder_nieuws: Interval = Interval("dagen", 21)     # an open referral this long without news
    bijna_verlopen: Interval = Interval("werkdagen", 3)  # a term this close is 'bijna verlopen'


def parse_intervallen(data: Any, name: str = "intervallen.yaml") -> Intervallen:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn"])
    velden = ("opvolgen", "zonder_nieuws", "bijna_verlopen")
    errors += [f"{name}: onbekend veld '{k}'; kies uit {', '.join(velden)}" for k in sorted(set(data) - set(velden))]
    out: dict[str, Interval] = {}
    grens = {"opvolgen": 366, "zonder_nieuws": 366, "bijna_verlopen": 60}
    for k in velden:
        if k not in data:
            errors.append(f"{name}, veld '{k}': ontbreekt")
            continue
        iv = parse_interval(data[k], f"{name}, veld '{k}'", errors)
        if iv is None:
            continue
        dagen = iv.aantal * (7 if iv.eenheid == "weken" else 1)
        if k != "bijna_verlopen" and iv.aantal == 0:
            errors.append(f"{name}, veld '{k}': moet minstens 1 zijn")
        elif dagen > grens[k]:
            errors.append(f"{name}, veld '{k}': {iv.tekst()} is te lang (hoogstens {grens[k]} dagen)")
        out[k] = iv
    if errors:
        raise ConfigError(errors)
    return Intervallen(**out)


def load_intervallen(path: str | Path | None = None) -> Intervallen:
    if path is None:
        path = resources_dir() / "intervallen.yaml"
    p = Path(path)
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{p.name}: {leesfout(exc)}"]) from None
    return parse_intervallen(data, p.name)


# -- which laws, which terms -------------------------------------------------------------------

def _holds(v: Voorwaarde, u: Uitvraag, peildatum: date, geboortedatum: date | None) -> bool:
    if v.leeftijd_onder is not None:
        ages = leeftijd_bereik(u, peildatum, geboortedatum)
        if ages is None or ages[0] >= v.leeftijd_onder:
            return False
        if not (v.signalen or v.vlaggen or v.crisis or v.dimensies):
            return True
    ernst = u.ernst_per_leefgebied()
    if any(ernst.get(k, 0) >= e for k, e in v.signalen.items()):
        return True
    if any(u.flag(f) for f in v.vlaggen):
        return True
    if v.crisis and u.crisis_gemeld():
        return True
    dims = u.dimensies or {}
    return any(k in dims and dims[k].score is not None and dims[k].score <= s for k, s in v.dimensies.items())


def melding_wetten(u: Uitvraag, cfg: TermijnConfig | None = None, *, peildatum: date | None = None,
                   geboortedatum: date | None = None) -> tuple[tuple[str, ...], bool]:
    """The laws (keys of vocab.MELDING_WETTEN) under which this melding runs, and whether they were
    derived from the needs (True) rather than confirmed at the aanmelding (False)."""
    if u.aanmelding is not None and u.aanmelding.wetten is not None:
        return tuple(w for w in vocab.MELDING_WETTEN if w in u.aanmelding.wetten), False
    cfg = cfg or load_termijn_config()
    ref = peildatum or (u.aanmelding.datum if u.aanmelding and u.aanmelding.datum else None) or date.today()
    return tuple(w for w in vocab.MELDING_WETTEN
                 if w in cfg.wetten_afleiden and _holds(cfg.voorwaarden[cfg.wetten_afleiden[w]], u, ref,
                                                        geboortedatum)), True


def _end(regel: TermijnRegel, start: date, cfg: TermijnConfig, gemeente: str | None
         ) -> tuple[date, tuple[Dag, ...], str | None]:
    """End date, the weekday non-working days that moved it, and a note when a year has no known besluit."""
    kal = cfg.atw
    eigen = regel.belofte  # the desk's own closing days count only for its own promises
    if regel.eenheid == "werkdagen":
        end = kal.werkdagen_later(start, regel.aantal, eigen=eigen, gemeente=gemeente)
        moved = kal.overgeslagen(start, end, eigen=eigen, gemeente=gemeente)
    else:
        plain = start + timedelta(days=regel.aantal * (7 if regel.eenheid == "weken" else 1))
        end = plain
        if regel.aantal > 0 and cfg.algemene_termijnenwet and regel.algemene_termijnenwet:
            end = kal.volgende_werkdag(plain, eigen=eigen, gemeente=gemeente)
        moved = ()
        if end != plain:
            moved = tuple(x for x in (kal.vrije_dag(plain + timedelta(days=i), eigen=eigen, gemeente=gemeente)
                                      for i in range((end - plain).days)) if x is not None)
    note = None
    missing = [y for y in range(start.year, end.year + 1) if not kal.besluit_bekend(y)]
    if missing and (regel.eenheid == "werkdagen" or (regel.aantal > 0 and regel.algemene_termijnenwet)):
        note = (f"Voor {', '.join(map(str, missing))} is nog geen besluit over gelijkgestelde dagen (Atw art. 3 lid 3) "
                "bekend: de termijn kan later aflopen.")
    elif any(d.status == TE_VERIFIEREN for d in moved):
        note = "Verschoven door een gelijkgestelde dag die de beheerder nog moet verifiëren (Atw art. 3 lid 3)."
    return end, tuple(moved), note


def einddatum(regel: TermijnRegel, start: date, cfg: TermijnConfig, gemeente: str | None = None) -> date:
    """The end of ``regel`` started on ``start`` on the calendar of ``cfg`` (what the werkvoorraad re-checks)."""
    return _end(regel, start, cfg, gemeente)[0]


def _aanvragen_uit_starts(starts: dict[str, date]) -> list[Aanvraag]:
    return [Aanvraag(_OUDE_AANVRAAG_START[k], d) for k, d in starts.items() if k in _OUDE_AANVRAAG_START]


def bereken_termijnen(u: Uitvraag, cfg: TermijnConfig, melddatum: date | None = None, *,
                      wetten: Collection[str] | None = None, aanvragen: Iterable[Aanvraag] | None = None,
                      starts: dict[str, date] | None = None, peildatum: date | None = None,
                      geboortedatum: date | None = None, gemeente: str | None = None) -> list[Termijn]:
    """The terms that apply to this conversation, in deadline order.

    ``wetten``: the melding's laws (default ``melding_wetten``); ``aanvragen``: default ``u.aanvragen``;
    the melding date defaults to ``melddatum``, else the aanmelding's date (a term whose start is unknown
    is left out). ``starts`` accepts the older form {"melding": d, "aanvraag_wmo": d, ...}."""
    s = dict(starts or {})
    unknown = set(s) - {"melding", *_OUDE_AANVRAAG_START}
    if unknown:
        raise ValueError(f"unknown start events: {sorted(unknown)}")
    melding = s.get("melding") or melddatum or (u.aanmelding.datum if u.aanmelding else None)
    ref = peildatum or melding or date.today()
    if wetten is None:
        wetten = melding_wetten(u, cfg, peildatum=ref, geboortedatum=geboortedatum)[0]
    if aanvragen is None:
        aanvragen = list(u.aanvragen or ()) + _aanvragen_uit_starts(s)
    gemeente = gemeente or u.gemeente
    out: list[Termijn] = []

    def maak(r: TermijnRegel, start: date, code: str, onderwerp: str | None = None) -> Termijn:
        end, moved, note = _end(r, start, cfg, gemeente)
        return Termijn(code=code, wet=r.wet, stap=r.stap, uiterlijk=end, grondslag=r.grondslag, start=start,
                       start_gebeurtenis=r.start, soort=r.soort, uitleg=r.uitleg, wie=r.wie, belofte=r.belofte,
                       verdagen=r.verdagen, aanvraag=onderwerp, verschoven=moved, kanttekening=note)

    def geldt(r: TermijnRegel) -> bool:
        if r.gemeenten and gemeente not in r.gemeenten:
            return False
        return r.geldt is None or _holds(cfg.voorwaarden[r.geldt], u, ref, geboortedatum)

    if melding is not None:
        applicable = [r for r in cfg.regels if r.start == "melding" and r.melding_wet in wetten and geldt(r)]
        codes = {r.code for r in applicable}
        out += [maak(r, melding, r.code) for r in applicable if not (r.vervalt_door and r.vervalt_door in codes)]
    seen: dict[str, int] = {}
    for a in sorted(aanvragen, key=lambda a: (a.datum, a.wet)):
        for r in cfg.regels:
            if r.start == "aanvraag" and r.melding_wet == a.wet and geldt(r):
                base = f"{r.code}:{a.datum.isoformat()}"
                seen[base] = seen.get(base, 0) + 1
                out.append(maak(r, a.datum, base if seen[base] == 1 else f"{base}:{seen[base]}", a.onderwerp))
    out.sort(key=lambda t: (t.uiterlijk, t.code))
    return out


# -- status of one step ------------------------------------------------------------------------

def stand(uiterlijk: date, vandaag: date, *, soort: str = "uiterlijk", afgerond_op: date | None = None,
          niet_van_toepassing: bool = False, kalender: AtwKalender | None = None,
          bijna: Interval = Intervallen.bijna_verlopen, gemeente: str | None = None) -> str:
    """'niet van toepassing' / 'gehaald' / 'te laat gehaald' once closed; 'vanaf' for a not-before date;
    else 'verlopen', 'bijna verlopen' (``bijna`` or less left, counted on the desk's working days) or
    'op tijd'."""
    if niet_van_toepassing:
        return NIET_VAN_TOEPASSING
    if afgerond_op is not None:
        return GEHAALD if afgerond_op <= uiterlijk else TE_LAAT
    if soort == VANAF:
        return VANAF
    if vandaag > uiterlijk:
        return VERLOPEN
    kal = kalender or standaard_kalender()
    if bijna.eenheid == "werkdagen":
        left = kal.werkdagen_tussen(vandaag, uiterlijk, eigen=True, gemeente=gemeente)
        return BIJNA_VERLOPEN if left <= bijna.aantal else OP_TIJD
    return BIJNA_VERLOPEN if bijna.na(vandaag, kal) >= uiterlijk else OP_TIJD


def status(termijn: Termijn, today: date, afgerond_op: date | None = None, *, kalender: AtwKalender | None = None,
           bijna: Interval = Intervallen.bijna_verlopen) -> str:
    """``stand`` for a computed term."""
    return stand(termijn.uiterlijk, today, soort=termijn.soort, afgerond_op=afgerond_op, kalender=kalender,
                 bijna=bijna)


def dichtstbijzijnde_grens(termijnen: Iterable[Any], vanaf: date) -> Any | None:
    """The nearest open deadline that caps a follow-up date: of the terms (domain ``Termijn`` or objects
    with ``uiterlijk``, ``begrenst_opvolging`` and ``open``) the earliest one on or after ``vanaf``."""
    kandidaten = [t for t in termijnen if getattr(t, "begrenst_opvolging", False) and getattr(t, "open", True)
                  and t.uiterlijk >= vanaf]
    return min(kandidaten, key=lambda t: (t.uiterlijk, t.code), default=None)


def opvolgdatum(vandaag: date, termijnen: Iterable[Any], intervallen: Intervallen, kalender: AtwKalender, *,
                gemeente: str | None = None) -> tuple[date, Any | None]:
    """The proposed follow-up date of a referral: the desk's usual interval, but never after the nearest
    open deadline the desk itself must meet. Returns (date, the capping term or None)."""
    gewoon = intervallen.opvolgen.na(vandaag, kalender, gemeente=gemeente)
    grens = dichtstbijzijnde_grens(termijnen, vandaag)
    if grens is not None and grens.uiterlijk < gewoon:
        return grens.uiterlijk, grens
    return gewoon, None


def controleer_wijziging(cfg: TermijnConfig, code: str, soort: str, grond: str, huidig: date, nieuw: date,
                         vandaag: date) -> None:
    """Raise InvalidInput (Dutch, naming the field) when a verdaging or opschorting is not allowed."""
    from toegang_app.domain.validation import InvalidInput

    r = cfg.regel(code)
    if r is None:
        raise InvalidInput("termijn", "Deze termijn bestaat niet (meer).")
    if not r.verdagen:
        raise InvalidInput("termijn", f"'{r.stap}' ({r.grondslag}) kan niet verdaagd of opgeschort worden: dat kan "
                                      "alleen bij een beslistermijn op een aanvraag (Awb art. 4:14 en 4:15).")
    w = cfg.wijzigingen.get(soort)
    if w is None:
        raise InvalidInput("soort", "Kies verdagen (Awb art. 4:14) of opschorten (Awb art. 4:15).")
    if grond not in w.gronden:
        raise InvalidInput("grond", f"Kies de grond voor het {'verdagen' if soort == 'verdaagd' else 'opschorten'}.")
    if nieuw <= huidig:
        raise InvalidInput("nieuwe_datum", f"De nieuwe datum moet na {huidig:%d-%m-%Y} liggen.")
    if soort == "verdaagd" and vandaag > huidig:
        raise InvalidInput("soort", f"Verdagen kan alleen binnen de termijn (tot en met {huidig:%d-%m-%Y}): de "
                                    "gemeente moet de aanvrager vóór het einde laten weten dat het later wordt "
                                    "(Awb art. 4:14 lid 3).")
