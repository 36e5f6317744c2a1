"""Legal terms the desk must watch (Wmo, Jeugdwet/Awb, Wgs, Participatiewet) and working days.

Which terms apply, their length, start event and article are data (``resources/termijnen.yaml``).
Working days are Monday-Friday minus Dutch public holidays from the ``holidays`` library
(``holidays.NL`` with its defaults: Goede Vrijdag is included, Bevrijdingsdag 5 May only in lustrum
years; the Algemene termijnenwet art. 3 names 5 May every year, which a municipality can add via
``extra_feestdagen``). Terms in days or weeks that end on a weekend or holiday move to the next
working day (Algemene termijnenwet art. 1 lid 1) unless the file switches that off.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Collection, Iterable

import yaml

from toegang_app.domain.yaml_io import load_yaml

from toegang_app.domain import vocab
from toegang_app.domain.ave import VLAGGEN
from toegang_app.domain.uitvraag import Uitvraag, leeftijd_bereik
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

START_EVENTS: dict[str, str] = {
    "melding": "melding",
    "aanvraag_wmo": "aanvraag Wmo",
    "aanvraag_jeugd": "aanvraag jeugdhulp",
    "aanvraag_pw": "aanvraag bijstand",
}

OP_TIJD, BIJNA_VERLOPEN, VERLOPEN, GEHAALD, TE_LAAT = (
    "op tijd", "bijna verlopen", "verlopen", "gehaald", "te laat gehaald")


# -- working days --------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _nl_holidays(year: int) -> frozenset[date]:
    import holidays  # imported on first use: it loads every country's calendar (slow at start-up)

    return frozenset(holidays.NL(years=year).keys())


def is_feestdag(d: date, extra: Collection[date] = ()) -> bool:
    return d in _nl_holidays(d.year) or d in extra


def is_werkdag(d: date, extra: Collection[date] = ()) -> bool:
    return d.weekday() < 5 and not is_feestdag(d, extra)


def werkdagen_later(start: date, n: int, extra: Collection[date] = ()) -> date:
    """The n-th working day after ``start`` (start itself not counted). n=0 gives start."""
    if n < 0:
        raise ValueError("n must be >= 0")
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_werkdag(d, extra):
            n -= 1
    return d


def volgende_werkdag(d: date, extra: Collection[date] = ()) -> date:
    """``d`` itself when it is a working day, else the next working day."""
    while not is_werkdag(d, extra):
        d += timedelta(days=1)
    return d


def werkdagen_tussen(van: date, tot: date, extra: Collection[date] = ()) -> int:
    """Working days after ``van`` up to and including ``tot`` (0 when tot <= van)."""
    n, d = 0, van
    while d < tot:
        d += timedelta(days=1)
        if is_werkdag(d, extra):
            n += 1
    return n


# -- configuration -------------------------------------------------------------------------

@dataclass(frozen=True)
class Voorwaarde:
    naam: str
    uitleg: str
    signalen: dict[str, int] = field(default_factory=dict)
    vlaggen: tuple[str, ...] = ()
    crisis: bool = False
    dimensies: dict[str, int] = field(default_factory=dict)
    wet_in_beeld: str | None = None
    start_bekend: str | None = None
    leeftijd_onder: int | None = None


@dataclass(frozen=True)
class TermijnRegel:
    code: str
    wet: str
    stap: str
    eenheid: str          # dagen | weken | werkdagen
    aantal: int
    start: str            # key of START_EVENTS
    grondslag: str
    geldt: str            # key of voorwaarden
    uitleg: str
    soort: str = "uiterlijk"   # uiterlijk = deadline; vanaf = earliest date (zoektermijn)
    vervalt_door: str | None = None
    algemene_termijnenwet: bool = True


@dataclass(frozen=True)
class TermijnConfig:
    bron: str
    regels: tuple[TermijnRegel, ...]
    voorwaarden: dict[str, Voorwaarde]
    extra_feestdagen: frozenset[date] = frozenset()
    algemene_termijnenwet: bool = True


@dataclass(frozen=True)
class Termijn:
    code: str
    wet: str
    stap: str
    uiterlijk: date
    grondslag: str
    start: date
    start_gebeurtenis: str = "melding"
    soort: str = "uiterlijk"
    uitleg: str = ""


def default_termijnen_path() -> Path:
    return resources_dir() / "termijnen.yaml"


def parse_termijn_config(data: Any, name: str = "termijnen.yaml") -> TermijnConfig:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn"])
    known = {"bron", "extra_feestdagen", "algemene_termijnenwet", "voorwaarden", "termijnen"}
    errors += [f"{name}: onbekend veld '{k}'" for k in sorted(set(data) - known)]
    if not isinstance(data.get("bron"), str) or not data["bron"].strip():
        errors.append(f"{name}, veld 'bron': ontbreekt")
    extra: set[date] = set()
    for i, x in enumerate(data.get("extra_feestdagen") or []):
        if isinstance(x, date):
            extra.add(x)
        else:
            try:
                extra.add(date.fromisoformat(str(x)))
            except ValueError:
                errors.append(f"{name}, veld 'extra_feestdagen[{i}]': {x!r} is geen datum (jjjj-mm-dd)")
    atw = data.get("algemene_termijnenwet", True)
    if not isinstance(atw, bool):
        errors.append(f"{name}, veld 'algemene_termijnenwet': moet true of false zijn")
        atw = True
    voorwaarden: dict[str, Voorwaarde] = {}
    raw_vw = data.get("voorwaarden")
    if not isinstance(raw_vw, dict):
        errors.append(f"{name}, veld 'voorwaarden': moet een mapping zijn")
        raw_vw = {}
    vw_keys = {"uitleg", "signalen", "vlaggen", "crisis", "dimensies", "wet_in_beeld", "start_bekend",
               "leeftijd_onder"}
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
        wet = v.get("wet_in_beeld")
        if wet is not None and wet not in vocab.WETTEN:
            errors.append(f"{where}, veld 'wet_in_beeld': onbekende wet {wet!r}")
        sb = v.get("start_bekend")
        if sb is not None and sb not in START_EVENTS:
            errors.append(f"{where}, veld 'start_bekend': kies uit {', '.join(START_EVENTS)}")
        lo = v.get("leeftijd_onder")
        if lo is not None and not (isinstance(lo, int) and 0 < lo < 130):
            errors.append(f"{where}, veld 'leeftijd_onder': moet een leeftijd zijn")
        crisis = v.get("crisis", False)
        if not isinstance(crisis, bool):
            errors.append(f"{where}, veld 'crisis': moet true of false zijn")
        voorwaarden[vname] = Voorwaarde(vname, str(v.get("uitleg")), dict(sig), tuple(vl), bool(crisis),
                                        dict(dims), wet, sb, lo)
    regels: list[TermijnRegel] = []
    raw = data.get("termijnen")
    if not isinstance(raw, list) or not raw:
        errors.append(f"{name}, veld 'termijnen': moet een lijst zijn")
        raw = []
    codes: set[str] = set()
    t_keys = {"code", "wet", "stap", "termijn", "start", "grondslag", "geldt", "uitleg", "soort",
              "vervalt_door", "algemene_termijnenwet"}
    for i, t in enumerate(raw):
        if not isinstance(t, dict):
            errors.append(f"{name}, termijn {i + 1}: moet een mapping zijn")
            continue
        code = t.get("code")
        where = f"{name}, termijn '{code}'" if isinstance(code, str) and code else f"{name}, termijn {i + 1}"
        errors += [f"{where}: onbekend veld '{k}'" for k in sorted(set(t) - t_keys)]
        if not isinstance(code, str) or not code:
            errors.append(f"{where}, veld 'code': ontbreekt")
        elif code in codes:
            errors.append(f"{where}, veld 'code': staat er twee keer in")
        codes.add(str(code))
        if t.get("wet") not in vocab.WETTEN:
            errors.append(f"{where}, veld 'wet': onbekende wet {t.get('wet')!r}")
        for fld in ("stap", "grondslag", "uitleg"):
            if not isinstance(t.get(fld), str) or not t[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg")
        term = t.get("termijn")
        eenheid, aantal = None, None
        if isinstance(term, dict) and len(term) == 1:
            eenheid, aantal = next(iter(term.items()))
        if eenheid not in ("dagen", "weken", "werkdagen") or not (isinstance(aantal, int) and aantal >= 0):
            errors.append(f"{where}, veld 'termijn': schrijf bijvoorbeeld {{weken: 6}}, {{dagen: 7}} of {{werkdagen: 3}}")
        if t.get("start") not in START_EVENTS:
            errors.append(f"{where}, veld 'start': kies uit {', '.join(START_EVENTS)}")
        if t.get("geldt") not in voorwaarden:
            errors.append(f"{where}, veld 'geldt': onbekende voorwaarde {t.get('geldt')!r}")
        soort = t.get("soort", "uiterlijk")
        if soort not in ("uiterlijk", "vanaf"):
            errors.append(f"{where}, veld 'soort': moet 'uiterlijk' of 'vanaf' zijn")
        t_atw = t.get("algemene_termijnenwet", True)
        if not isinstance(t_atw, bool):
            errors.append(f"{where}, veld 'algemene_termijnenwet': moet true of false zijn")
        regels.append(TermijnRegel(str(code), str(t.get("wet")), str(t.get("stap")), str(eenheid), aantal or 0,
                                   str(t.get("start")), str(t.get("grondslag")), str(t.get("geldt")),
                                   str(t.get("uitleg")), soort, t.get("vervalt_door"), bool(t_atw)))
    for r in regels:
        if r.vervalt_door is not None and r.vervalt_door not in codes:
            errors.append(f"{name}, termijn '{r.code}', veld 'vervalt_door': onbekende termijn {r.vervalt_door!r}")
    if errors:
        raise ConfigError(errors)
    return TermijnConfig(data["bron"], tuple(regels), voorwaarden, frozenset(extra), atw)


def load_termijn_config(path: str | Path | None = None) -> TermijnConfig:
    p = Path(path) if path is not None else default_termijnen_path()
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{p.name}: bestand is niet leesbaar of geen geldige YAML ({exc})"]) from None
    return parse_termijn_config(data, p.name)


# -- which terms apply ---------------------------------------------------------------------

def _holds(v: Voorwaarde, u: Uitvraag, starts: dict[str, date], wetten: Collection[str],
           peildatum: date, geboortedatum: date | None) -> bool:
    if v.leeftijd_onder is not None:
        ages = leeftijd_bereik(u, peildatum, geboortedatum)
        if ages is None or ages[0] >= v.leeftijd_onder:
            return False
    ernst = u.ernst_per_leefgebied()
    if any(ernst.get(k, 0) >= e for k, e in v.signalen.items()):
        return True
    if any(u.flag(f) for f in v.vlaggen):
        return True
    if v.crisis and u.crisis_gemeld():
        return True
    dims = u.dimensies or {}
    if any(k in dims and dims[k].score is not None and dims[k].score <= s for k, s in v.dimensies.items()):
        return True
    if v.wet_in_beeld is not None and v.wet_in_beeld in wetten:
        return True
    return v.start_bekend is not None and v.start_bekend in starts


def _end(regel: TermijnRegel, start: date, cfg: TermijnConfig) -> date:
    extra = cfg.extra_feestdagen
    if regel.eenheid == "werkdagen":
        return werkdagen_later(start, regel.aantal, extra)
    end = start + timedelta(days=regel.aantal * (7 if regel.eenheid == "weken" else 1))
    if regel.aantal > 0 and cfg.algemene_termijnenwet and regel.algemene_termijnenwet:
        end = volgende_werkdag(end, extra)
    return end


def bereken_termijnen(u: Uitvraag, cfg: TermijnConfig, melddatum: date | None = None, *,
                      starts: dict[str, date] | None = None, wetten_in_beeld: Iterable[str] = (),
                      peildatum: date | None = None, geboortedatum: date | None = None) -> list[Termijn]:
    """The legal terms that apply to this conversation, in deadline order.

    Start dates per event come from ``starts`` (keys of START_EVENTS); ``melding`` defaults to
    ``melddatum``, else the conversation's aanmelding.datum. A term whose start date is unknown is left
    out. ``wetten_in_beeld``: laws of maatwerk voorzieningen suggested or locked for this case."""
    s: dict[str, date] = dict(starts or {})
    unknown = set(s) - set(START_EVENTS)
    if unknown:
        raise ValueError(f"unknown start events: {sorted(unknown)}")
    if "melding" not in s:
        m = melddatum or (u.aanmelding.datum if u.aanmelding else None)
        if m is not None:
            s["melding"] = m
    wetten = set(wetten_in_beeld)
    ref = peildatum or s.get("melding") or date.today()
    applicable = [r for r in cfg.regels if r.start in s
                  and _holds(cfg.voorwaarden[r.geldt], u, s, wetten, ref, geboortedatum)]
    codes = {r.code for r in applicable}
    out = [Termijn(code=r.code, wet=r.wet, stap=r.stap, uiterlijk=_end(r, s[r.start], cfg),
                   grondslag=r.grondslag, start=s[r.start], start_gebeurtenis=r.start, soort=r.soort,
                   uitleg=r.uitleg)
           for r in applicable if not (r.vervalt_door and r.vervalt_door in codes)]
    out.sort(key=lambda t: (t.uiterlijk, t.code))
    return out


def status(termijn: Termijn, today: date, afgerond_op: date | None = None,
           extra: Collection[date] = ()) -> str:
    """'gehaald' / 'te laat gehaald' when done; else 'verlopen', 'bijna verlopen' (3 working days
    or fewer left) or 'op tijd'."""
    if afgerond_op is not None:
        return GEHAALD if afgerond_op <= termijn.uiterlijk else TE_LAAT
    if today > termijn.uiterlijk:
        return VERLOPEN
    if werkdagen_tussen(today, termijn.uiterlijk, extra) <= 3:
        return BIJNA_VERLOPEN
    return OP_TIJD
