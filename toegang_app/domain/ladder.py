"""The ladder: per need (behoefte), the voorzieningen that fit this resident, lightest rung first.

Domain brief section 5, rules as data in ``resources/matching.yaml``:

1. **Needs first.** The conversation yields needs: the safety route when a safety signal is there, crisis
   flags, life-area signals by severity, dimensions the resident scores low or wants to talk about, the
   mantelzorger's load. Most urgent first (safety, crisis, severity, "bespreken", the worker's order).
2. **Fitting this resident.** A voorziening fits only when no known fact excludes it: a *limit* (gemeente,
   kern, age of the resident or of a child at home, income, an ended regeling) excludes only on a known
   value; a *group* (doelgroep, residence status, "alleen bij" situation, children at home) needs positive
   evidence from the recorded answers (evidence rules per vocabulary key in matching.yaml); a
   contra-indication that holds excludes. Rung 5 only on its own grounds; AVE-4 actors never.
3. **Per need a short ladder.** Each need takes its best fitting voorzieningen (a handful), shown lightest
   rung first; in a crisis the route named for it (``Voorziening.crisis``) leads. The first twelve are the
   primary list, the rest is ``meer``. A voorziening appears once, under the most urgent need it serves.
4. **The gate belongs to the law.** Wmo maatwerk and Jeugdwet individuele voorzieningen (rung 4) stay in
   ``geblokkeerd`` until the onderbouwing for the need's leefgebied is recorded; Wgs, Participatiewet and
   Wet inburgering are not gated by Wmo art. 2.3.2.

Pure Python: no Qt, no SQLAlchemy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Callable, Iterable

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain import vocab
from toegang_app.domain.ave import VLAGGEN, dimensie_label, leefgebied_label
from toegang_app.domain.kaart import Voorziening
from toegang_app.domain.uitvraag import Uitvraag, leeftijd_bereik
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

VEILIGHEID = "veiligheid"        # the key (and soort) of the safety need
SOORTEN = ("veiligheid", "leefgebied", "dimensie")
OUDERGROEPEN = frozenset({"ouders", "ouders_jonge_kinderen", "zwangeren"})


# -- rules -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VlagRegel:
    vlag: str
    leefgebieden: tuple[str, ...]
    ernst: int
    uitleg: str


@dataclass(frozen=True)
class StatusRegel:
    verblijfsstatus: str | None          # this residence status makes a need, or
    leefgebieden: tuple[str, ...]
    ernst: int
    uitleg: str
    kenmerk: str | None = None           # this kenmerk of the resident does


@dataclass(frozen=True)
class RouteTrigger:
    vlag: str | None
    signaal: str | None
    ernst_min: int
    reden: str
    voorzieningen: tuple[str, ...] = ()   # () = all of the safety route


@dataclass(frozen=True)
class Leeftijdsgroep:
    naam: str
    van: int
    tot: int


# One piece of evidence: every condition of the mapping must hold (see matching.yaml, 'doelgroepen').
Bewijs = dict
BEWIJS_SLEUTELS = ("vlag", "signaal", "ernst_min", "kenmerk", "wie", "verblijfsstatus", "leeftijd_inwoner",
                   "leeftijd_kind", "kinderen_thuis", "inwoner_minderjarig", "inkomen_max", "geldbehoefte")


@dataclass(frozen=True)
class Aantallen:
    totaal: int = 12
    per_behoefte: int = 3
    per_behoefte_zorg: int = 2
    per_dimensie: int = 1
    dimensies_samen: int = 2
    gesprek_per_behoefte: int = 1


@dataclass(frozen=True)
class Gewichten:
    ernst: dict
    dimensie: float = 0.5
    andere_behoefte: float = 0.5
    ander_leefgebied: float = 0.75
    voorwaarde: float = 0.5
    zelf_in_doelgroep: float = 1.5
    voor_een_kind: float = 0.5
    onderbouwd: float = 0.5
    algemeen_voor_maatwerk: float = 0.5
    zwaardere_trede: float = 0.5


@dataclass
class MatchingRules:
    bron: str
    dimensie_score_max: int
    dimensie_bespreken: bool
    signaal_ernst_min: int
    vlaggen: tuple[VlagRegel, ...]
    statussen: tuple[StatusRegel, ...]
    gewichten: Gewichten
    aantallen: Aantallen
    doelgroepen: dict[str, tuple[Bewijs, ...]]
    situaties: dict[str, tuple[Bewijs, ...]]
    kindgericht_doelgroepen: frozenset[str]
    kindgericht_leefgebieden: frozenset[str]
    geld_leefgebieden: frozenset[str]
    geldbehoefte_leefgebieden: frozenset[str]
    leeftijdsgroepen: tuple[Leeftijdsgroep, ...]
    veiligheidsroute: tuple[str, ...]
    route_triggers: tuple[RouteTrigger, ...]
    specialistisch_trede: int = 5
    actoren: frozenset[str] = frozenset()
    maatwerk_trede: int = 4
    maatwerk_wetten: frozenset[str] = frozenset({"Wmo", "Jeugdwet"})
    algemeen_eerst_wetten: frozenset[str] = frozenset({"Wmo"})
    reden_geblokkeerd: str = "maatwerk: eerst lichtere treden onderbouwen"
    # for a minor resident, needs on these leefgebieden are answered only by help for these groups
    minderjarig_leefgebieden: frozenset[str] = frozenset()
    minderjarig_doelgroepen: frozenset[str] = frozenset()
    balie: frozenset[str] = frozenset()   # the desk itself: never suggested
    geen_loket: frozenset[str] = frozenset()   # coordination bodies without a counter for residents
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def index(self, voorzieningen: tuple[Voorziening, ...]) -> "_Index":
        """Per-kaart index and per-voorziening facts, computed once per kaart and cached on this rules
        object. The active kaart is one tuple until it changes (services.kaart drops it then), so the
        cache is keyed on that object; an equal list of the same objects passed again also hits."""
        cached = self._cache.get("index")
        if cached is not None:
            old = cached.vs
            if old is voorzieningen or (len(old) == len(voorzieningen)
                                        and all(a is b for a, b in zip(old, voorzieningen))):
                return cached
        idx = _Index(voorzieningen, self)
        self._cache["index"] = idx
        return idx


class _Index:
    """What does not depend on the conversation: per leefgebied and dimensie the voorzieningen, and per
    voorziening the facts the ladder reads on every refresh. Also holds the fits of the last few
    conversations' facts (``fits``), since a changed score or note does not change who fits."""

    FITS_KEEP = 8

    def __init__(self, vs: tuple[Voorziening, ...], rules: "MatchingRules"):
        self.vs = vs
        self.by_leefgebied: dict[str, list[int]] = defaultdict(list)
        self.by_dimensie: dict[str, list[int]] = defaultdict(list)
        self.by_id: dict[str, int] = {}
        self.kind: list[bool] = []          # voor_een_kind
        self.ouders_alleen: list[bool] = []  # only for parents (or pregnant women)
        self.voor_minderjarigen: list[bool] = []  # for one of the groups that answer a minor's school needs
        self.gated: list[bool] = []         # maatwerk under Wmo art. 2.3.2 / Jeugdwet art. 2.3
        self.breed: list[bool] = []         # broad sociale-basis help: for everyone, rung <= 3
        self.lgs: list[frozenset[str]] = []
        self.crisis: list[frozenset[str]] = []
        self.fits: dict[tuple, dict[int, tuple[str | None, "_Fit"]]] = {}
        self.plans: dict[tuple, tuple] = {}   # see suggest: the choice per need, for the last few keys
        for i, v in enumerate(vs):
            self.by_id.setdefault(v.id, i)
            for lg in v.leefgebieden:
                self.by_leefgebied[lg].append(i)
            for d in v.dimensies:
                self.by_dimensie[d].append(i)
            groepen = set(v.doelgroepen) - {"iedereen"}
            self.kind.append(voor_een_kind(v, rules))
            self.voor_minderjarigen.append(bool(groepen & rules.minderjarig_doelgroepen))
            self.ouders_alleen.append(bool(groepen) and groepen <= OUDERGROEPEN and "iedereen" not in v.doelgroepen)
            self.gated.append(_gated(v, rules))
            self.breed.append(v.doelgroepen == ("iedereen",) and v.trede <= 3)
            self.lgs.append(frozenset(v.leefgebieden))
            self.crisis.append(frozenset(v.crisis))

    def fits_for(self, key: tuple) -> dict[int, tuple[str | None, "_Fit"]]:
        """The fit results for one set of conversation facts (see ``_Feiten.sleutel``), kept for the last
        few sets."""
        got = self.fits.pop(key, None)
        if got is None:
            got = {}
            while len(self.fits) >= self.FITS_KEEP:
                self.fits.pop(next(iter(self.fits)))
        self.fits[key] = got   # most recently used last
        return got


# -- results -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Behoefte:
    """One need the conversation shows."""
    sleutel: str                      # leefgebied or dimension key, or "veiligheid"
    soort: str                        # "veiligheid" | "leefgebied" | "dimensie"
    ernst: int                        # 1..3
    uitleg: str                       # why it is a need, in words the worker reads
    crisis: tuple[str, ...] = ()      # crisis flags (vocab.CRISIS keys) behind it
    bespreken: bool = False           # the resident wants to talk about it
    volgorde: int = 0                 # the worker's order (signal order), for ties

    @property
    def label(self) -> str:
        if self.soort == "dimensie":
            return dimensie_label(self.sleutel)
        if self.soort == "veiligheid":
            return "Veiligheid"
        return vocab.LEEFGEBIEDEN.get(self.sleutel, self.sleutel)


class Suggestie:
    """One suggested voorziening; ``reden`` may be given as a function and is then built on first use (a
    regional kaart yields hundreds of entries behind "meer tonen" that are rarely read)."""

    __slots__ = ("voorziening", "_reden", "score", "veiligheidsroute", "leefgebieden", "behoefte")

    def __init__(self, voorziening: Voorziening, reden, score: float, veiligheidsroute: bool = False,
                 leefgebieden: tuple[str, ...] = (), behoefte: str | None = None):
        self.voorziening = voorziening
        self._reden = reden
        self.score = score
        self.veiligheidsroute = veiligheidsroute
        self.leefgebieden = leefgebieden   # the need leefgebieden this voorziening covers
        self.behoefte = behoefte           # the need (Behoefte.sleutel) it was chosen for

    @property
    def reden(self) -> str:
        if callable(self._reden):
            self._reden = self._reden()
        return self._reden

    def __repr__(self) -> str:
        return f"Suggestie({self.voorziening.id!r}, behoefte={self.behoefte!r}, score={self.score})"


class Later(Sequence):
    """A list built on first use, whose length is known at once: "meer tonen" of a regional kaart holds
    hundreds of suggestions per refresh that are rarely opened (fewer objects per refresh, so less garbage
    collection while the worker types)."""

    __slots__ = ("_n", "_build", "_items")

    def __init__(self, n: int, build: Callable[[], list]):
        self._n, self._build, self._items = n, build, None

    def _list(self) -> list:
        if self._items is None:
            self._items, self._build = self._build(), None
        return self._items

    def __len__(self) -> int:
        return self._n

    def __bool__(self) -> bool:
        return self._n > 0

    def __getitem__(self, i):
        return self._list()[i]

    def __iter__(self):
        return iter(self._list())

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, Later)) and self._list() == list(other)

    def __add__(self, other) -> list:
        return self._list() + list(other)

    def __radd__(self, other) -> list:
        return list(other) + self._list()

    def __repr__(self) -> str:
        return f"Later({self._list()!r})"


@dataclass
class BehoefteAdvies:
    behoefte: Behoefte
    suggesties: list[Suggestie] = field(default_factory=list)   # primary, lightest rung first
    meer: list[Suggestie] = field(default_factory=list)         # behind "meer tonen"
    geblokkeerd: list[Suggestie] = field(default_factory=list)  # maatwerk waiting for its onderbouwing


@dataclass
class Advies:
    suggesties: list[Suggestie]                       # the primary list (at most aantallen.totaal)
    geblokkeerd: list[Suggestie]
    veiligheidsroute_actief: bool = False
    uitgesloten: list[tuple[Voorziening, str]] = field(default_factory=list)  # covers a need, left out
    meer: list[Suggestie] = field(default_factory=list)
    behoeften: list[BehoefteAdvies] = field(default_factory=list)

    def alle(self) -> list[Suggestie]:
        return self.suggesties + self.meer


# -- loading -----------------------------------------------------------------------------------------

def default_matching_path() -> Path:
    return resources_dir() / "matching.yaml"


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _mapping(data: Any, key: str, name: str, errors: list[str]) -> dict:
    v = data.get(key)
    if v is None:
        return {}
    if not isinstance(v, dict):
        errors.append(f"{name}, veld '{key}': moet een mapping zijn")
        return {}
    return v


def _list(v: Any, where: str, errors: list[str]) -> list:
    if v is None:
        return []
    if not isinstance(v, list):
        errors.append(f"{where}: moet een lijst zijn")
        return []
    return v


def _keys(value: Any, allowed: Iterable[str], where: str, wat: str, errors: list[str]) -> tuple[str, ...]:
    allowed = tuple(allowed)
    if not isinstance(value, list) or not value or not all(isinstance(x, str) for x in value):
        errors.append(f"{where}: moet een lijst met {wat} zijn")
        return ()
    bad = [x for x in value if x not in allowed]
    if bad:
        errors.append(f"{where}: onbekend: {', '.join(map(repr, bad))}; kies uit {', '.join(allowed)}")
    return tuple(x for x in value if x in allowed)


def _leeftijd_paar(value: Any, where: str, errors: list[str]) -> tuple[int, int] | None:
    if (isinstance(value, list) and len(value) == 2 and all(_int(x) for x in value)
            and 0 <= value[0] <= value[1] <= 120):
        return value[0], value[1]
    errors.append(f"{where}: moet [van, tot] zijn met gehele getallen van 0 tot en met 120 (van <= tot)")
    return None


def _bewijzen(value: Any, where: str, errors: list[str]) -> tuple[Bewijs, ...]:
    """A list of alternatives; each a mapping of conditions (see module doc of matching.yaml)."""
    if not isinstance(value, list):
        errors.append(f"{where}: moet een lijst met bewijzen zijn ([] = nooit aan te tonen)")
        return ()
    out: list[Bewijs] = []
    for j, alt in enumerate(value):
        w = f"{where}[{j}]"
        if not isinstance(alt, dict):
            errors.append(f"{w}: moet een mapping zijn")
            continue
        b: Bewijs = {}
        for k in alt:
            if k not in BEWIJS_SLEUTELS:
                errors.append(f"{w}: onbekend bewijs '{k}'; kies uit {', '.join(BEWIJS_SLEUTELS)}")
        if "vlag" in alt:
            if alt["vlag"] not in VLAGGEN:
                errors.append(f"{w}, veld 'vlag': onbekende vlag {alt['vlag']!r}")
            b["vlag"] = alt["vlag"]
        if "signaal" in alt:
            b["signaal"] = _keys(alt["signaal"], vocab.LEEFGEBIEDEN, f"{w}, veld 'signaal'", "leefgebieden", errors)
        if "ernst_min" in alt:
            if alt["ernst_min"] not in (1, 2, 3) or "signaal" not in alt:
                errors.append(f"{w}, veld 'ernst_min': moet 1, 2 of 3 zijn, samen met 'signaal'")
            b["ernst_min"] = alt["ernst_min"]
        if "kenmerk" in alt:
            b["kenmerk"] = _keys(alt["kenmerk"], vocab.KENMERKEN, f"{w}, veld 'kenmerk'", "kenmerken", errors)
        if "wie" in alt:
            if "kenmerk" not in alt:
                errors.append(f"{w}, veld 'wie': hoort bij 'kenmerk'")
            b["wie"] = _keys(alt["wie"], vocab.KENMERK_WIE, f"{w}, veld 'wie'", "personen", errors)
        if "verblijfsstatus" in alt:
            b["verblijfsstatus"] = _keys(alt["verblijfsstatus"], vocab.VERBLIJFSSTATUS,
                                         f"{w}, veld 'verblijfsstatus'", "verblijfsstatussen", errors)
        for k in ("leeftijd_inwoner", "leeftijd_kind"):
            if k in alt:
                b[k] = _leeftijd_paar(alt[k], f"{w}, veld '{k}'", errors)
        for k in ("kinderen_thuis", "inwoner_minderjarig", "geldbehoefte"):
            if k in alt:
                if alt[k] is not True:
                    errors.append(f"{w}, veld '{k}': alleen 'true' is toegestaan")
                b[k] = True
        if "inkomen_max" in alt:
            if not (_int(alt["inkomen_max"]) and 0 <= alt["inkomen_max"] <= 500):
                errors.append(f"{w}, veld 'inkomen_max': moet een geheel getal van 0 tot en met 500 zijn")
            b["inkomen_max"] = alt["inkomen_max"]
        out.append(b)
    return tuple(out)


def _bewijs_tabel(data: dict, key: str, allowed: dict[str, str], name: str, errors: list[str]) -> dict:
    table = _mapping(data, key, name, errors)
    out: dict[str, tuple[Bewijs, ...]] = {}
    for k, v in table.items():
        if k == "uitleg":
            continue
        if k not in allowed:
            errors.append(f"{name}, {key}: onbekende sleutel '{k}'; kies uit {', '.join(allowed)}")
            continue
        out[k] = _bewijzen(v, f"{name}, {key}.{k}", errors)
    missing = [k for k in allowed if k not in out]
    if missing:
        errors.append(f"{name}, {key}: geef voor elke sleutel van de kaart aan welk bewijs telt; ontbreekt: "
                      + ", ".join(missing))
    return out


def parse_matching_rules(data: Any, name: str = "matching.yaml") -> MatchingRules:
    """Validate the rules completely; raises ConfigError listing every problem (file and field)."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn"])
    known = {"bron", "dimensies", "signalen", "vlaggen", "verblijfsstatussen", "aantallen", "gewichten", "doelgroepen", "kindgericht",
             "geldregelingen", "situaties", "leeftijdsgroepen", "veiligheidsroute", "specialistisch", "maatwerk",
             "balie"}
    errors += [f"{name}: onbekend veld '{k}'" for k in sorted(map(str, set(data) - known))]
    if not isinstance(data.get("bron"), str) or not data["bron"].strip():
        errors.append(f"{name}, veld 'bron': ontbreekt")
    dims = _mapping(data, "dimensies", name, errors)
    score_max = dims.get("score_max", 4)
    if not (_int(score_max) and 0 <= score_max <= 10):
        errors.append(f"{name}, veld 'dimensies.score_max': moet een geheel getal van 0 tot en met 10 zijn")
        score_max = 4
    bespreken = dims.get("bespreken", True)
    if not isinstance(bespreken, bool):
        errors.append(f"{name}, veld 'dimensies.bespreken': moet true of false zijn")
    ernst_min = _mapping(data, "signalen", name, errors).get("ernst_min", 1)
    if ernst_min not in (1, 2, 3):
        errors.append(f"{name}, veld 'signalen.ernst_min': moet 1, 2 of 3 zijn")
        ernst_min = 1

    vlaggen: list[VlagRegel] = []
    for i, r in enumerate(_list(data.get("vlaggen"), f"{name}, veld 'vlaggen'", errors)):
        where = f"{name}, vlaggen[{i}]"
        if not isinstance(r, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        if r.get("vlag") not in VLAGGEN:
            errors.append(f"{where}, veld 'vlag': onbekende vlag {r.get('vlag')!r}")
        lgs = r.get("leefgebieden")
        if not isinstance(lgs, list) or not lgs or any(lg not in vocab.LEEFGEBIEDEN for lg in lgs):
            errors.append(f"{where}, veld 'leefgebieden': moet een lijst met bekende leefgebieden zijn")
            lgs = []
        if r.get("ernst") not in (1, 2, 3):
            errors.append(f"{where}, veld 'ernst': moet 1, 2 of 3 zijn")
        if not isinstance(r.get("uitleg"), str) or not r["uitleg"].strip():
            errors.append(f"{where}, veld 'uitleg': ontbreekt")
        vlaggen.append(VlagRegel(str(r.get("vlag")), tuple(lgs), r.get("ernst") if r.get("ernst") in (1, 2, 3) else 1,
                                 str(r.get("uitleg"))))

    statussen: list[StatusRegel] = []
    for i, r in enumerate(_list(data.get("verblijfsstatussen"), f"{name}, veld 'verblijfsstatussen'", errors)):
        where = f"{name}, verblijfsstatussen[{i}]"
        if not isinstance(r, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        if ("verblijfsstatus" in r) == ("kenmerk" in r):
            errors.append(f"{where}: gebruik óf 'verblijfsstatus' óf 'kenmerk'")
        if "verblijfsstatus" in r and r["verblijfsstatus"] not in vocab.VERBLIJFSSTATUS:
            errors.append(f"{where}, veld 'verblijfsstatus': onbekende verblijfsstatus {r.get('verblijfsstatus')!r}")
        if "kenmerk" in r and r["kenmerk"] not in vocab.KENMERKEN:
            errors.append(f"{where}, veld 'kenmerk': onbekend kenmerk {r.get('kenmerk')!r}")
        lgs = _keys(r.get("leefgebieden"), vocab.LEEFGEBIEDEN, f"{where}, veld 'leefgebieden'", "leefgebieden", errors)
        if r.get("ernst") not in (1, 2, 3):
            errors.append(f"{where}, veld 'ernst': moet 1, 2 of 3 zijn")
        if not isinstance(r.get("uitleg"), str) or not r["uitleg"].strip():
            errors.append(f"{where}, veld 'uitleg': ontbreekt")
        statussen.append(StatusRegel(r.get("verblijfsstatus"), lgs, r.get("ernst") if r.get("ernst") in (1, 2, 3) else 1,
                                     str(r.get("uitleg")), kenmerk=r.get("kenmerk")))

    a = _mapping(data, "aantallen", name, errors)
    aantal_kw = {}
    for k, default in vars(Aantallen()).items():
        v = a.get(k, default)
        if not (_int(v) and 0 <= v <= 100):
            errors.append(f"{name}, veld 'aantallen.{k}': moet een geheel getal van 0 tot en met 100 zijn")
            v = default
        aantal_kw[k] = v
    for k in a:
        if k not in aantal_kw and k != "uitleg":
            errors.append(f"{name}, veld 'aantallen.{k}': onbekend")
    if aantal_kw["totaal"] > 12:
        errors.append(f"{name}, veld 'aantallen.totaal': hoogstens 12 (het triage-antwoord toont er niet meer)")
        aantal_kw["totaal"] = 12

    g = _mapping(data, "gewichten", name, errors)
    ernst_w = g.get("ernst", {1: 1.0, 2: 2.0, 3: 3.0})
    if not isinstance(ernst_w, dict) or set(ernst_w) != {1, 2, 3} or not all(_num(x) for x in ernst_w.values()):
        errors.append(f"{name}, veld 'gewichten.ernst': moet een getal geven voor ernst 1, 2 en 3")
        ernst_w = {1: 1.0, 2: 2.0, 3: 3.0}
    gew_kw: dict[str, Any] = {"ernst": {int(k): float(v) for k, v in ernst_w.items()}}
    defaults = Gewichten(ernst={})
    for k in ("dimensie", "andere_behoefte", "ander_leefgebied", "voorwaarde", "zelf_in_doelgroep", "voor_een_kind",
              "onderbouwd", "algemeen_voor_maatwerk", "zwaardere_trede"):
        v = g.get(k, getattr(defaults, k))
        if not _num(v):
            errors.append(f"{name}, veld 'gewichten.{k}': moet een getal van 0 of meer zijn")
            v = getattr(defaults, k)
        gew_kw[k] = float(v)
    for k in g:
        if k not in gew_kw and k != "uitleg":
            errors.append(f"{name}, veld 'gewichten.{k}': onbekend")

    doelgroepen = _bewijs_tabel(data, "doelgroepen", vocab.DOELGROEPEN, name, errors)
    situaties = _bewijs_tabel(data, "situaties", vocab.SITUATIES, name, errors)

    kg = _mapping(data, "kindgericht", name, errors)
    kg_groepen = _keys(kg.get("doelgroepen", ["kinderen", "jeugd"]), vocab.DOELGROEPEN,
                       f"{name}, veld 'kindgericht.doelgroepen'", "doelgroepen", errors)
    kg_lgs = _keys(kg.get("leefgebieden", ["opvoeden_opgroeien"]), vocab.LEEFGEBIEDEN,
                   f"{name}, veld 'kindgericht.leefgebieden'", "leefgebieden", errors)
    mj = kg.get("minderjarig") or {}
    if not isinstance(mj, dict):
        errors.append(f"{name}, veld 'kindgericht.minderjarig': moet een mapping zijn")
        mj = {}
    mj_lgs = _keys(mj.get("leefgebieden"), vocab.LEEFGEBIEDEN, f"{name}, veld 'kindgericht.minderjarig.leefgebieden'",
                   "leefgebieden", errors) if mj else ()
    mj_groepen = _keys(mj.get("doelgroepen"), vocab.DOELGROEPEN, f"{name}, veld 'kindgericht.minderjarig.doelgroepen'",
                       "doelgroepen", errors) if mj else ()
    balie = _mapping(data, "balie", name, errors)
    balie_ids = balie.get("voorzieningen", [])
    if not isinstance(balie_ids, list) or not all(isinstance(x, str) for x in balie_ids):
        errors.append(f"{name}, veld 'balie.voorzieningen': moet een lijst met ids zijn")
        balie_ids = []
    geen_loket = balie.get("geen_loket", [])
    if not isinstance(geen_loket, list) or not all(isinstance(x, str) for x in geen_loket):
        errors.append(f"{name}, veld 'balie.geen_loket': moet een lijst met ids zijn")
        geen_loket = []
    gr = _mapping(data, "geldregelingen", name, errors)
    geld_lgs = _keys(gr.get("leefgebieden", ["financien"]), vocab.LEEFGEBIEDEN,
                     f"{name}, veld 'geldregelingen.leefgebieden'", "leefgebieden", errors)
    geld_nodig = _keys(gr.get("geldbehoefte", ["financien", "schulden"]), vocab.LEEFGEBIEDEN,
                       f"{name}, veld 'geldregelingen.geldbehoefte'", "leefgebieden", errors)

    groepen = []
    for i, gr_ in enumerate(_list(data.get("leeftijdsgroepen"), f"{name}, veld 'leeftijdsgroepen'", errors)):
        if not (isinstance(gr_, dict) and isinstance(gr_.get("naam"), str) and _int(gr_.get("van"))
                and _int(gr_.get("tot")) and gr_["van"] <= gr_["tot"]):
            errors.append(f"{name}, leeftijdsgroepen[{i}]: moet naam, van en tot hebben (van <= tot)")
            continue
        groepen.append(Leeftijdsgroep(gr_["naam"], gr_["van"], gr_["tot"]))

    route = _mapping(data, "veiligheidsroute", name, errors)
    ids = route.get("voorzieningen")
    if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
        errors.append(f"{name}, veld 'veiligheidsroute.voorzieningen': noem minstens één voorziening (id)")
        ids = []
    triggers = []
    for i, t in enumerate(_list(route.get("als"), f"{name}, veld 'veiligheidsroute.als'", errors)):
        where = f"{name}, veiligheidsroute.als[{i}]"
        if not isinstance(t, dict) or not isinstance(t.get("reden"), str) or not t["reden"].strip():
            errors.append(f"{where}, veld 'reden': ontbreekt")
            continue
        if "vlag" in t and t["vlag"] not in VLAGGEN:
            errors.append(f"{where}, veld 'vlag': onbekende vlag {t['vlag']!r}")
        if "signaal" in t and t["signaal"] not in vocab.LEEFGEBIEDEN:
            errors.append(f"{where}, veld 'signaal': onbekend leefgebied {t['signaal']!r}")
        if ("vlag" in t) == ("signaal" in t):
            errors.append(f"{where}: gebruik óf 'vlag' óf 'signaal'")
        em = t.get("ernst_min", 3)
        if em not in (1, 2, 3):
            errors.append(f"{where}, veld 'ernst_min': moet 1, 2 of 3 zijn")
            em = 3
        sub = t.get("voorzieningen", ids)
        if not isinstance(sub, list) or not sub or any(x not in ids for x in sub):
            errors.append(f"{where}, veld 'voorzieningen': kies uit veiligheidsroute.voorzieningen")
            sub = ids
        triggers.append(RouteTrigger(t.get("vlag"), t.get("signaal"), em, t["reden"], tuple(sub)))

    sp = _mapping(data, "specialistisch", name, errors)
    sp_trede = sp.get("trede", 5)
    if sp_trede not in vocab.TREDEN:
        errors.append(f"{name}, veld 'specialistisch.trede': moet een trede van 0 tot en met 5 zijn")
        sp_trede = 5
    actoren = sp.get("actoren", [])
    if not isinstance(actoren, list) or not all(isinstance(x, str) for x in actoren):
        errors.append(f"{name}, veld 'specialistisch.actoren': moet een lijst met ids zijn")
        actoren = []

    m = _mapping(data, "maatwerk", name, errors)
    trede = m.get("trede", 4)
    if trede not in vocab.TREDEN:
        errors.append(f"{name}, veld 'maatwerk.trede': moet een trede van 0 tot en met 5 zijn")
        trede = 4
    wetten = _keys(m.get("wetten", ["Wmo", "Jeugdwet"]), vocab.WETTEN, f"{name}, veld 'maatwerk.wetten'",
                   "wetten", errors)
    algemeen_eerst = _keys(m.get("algemene_voorziening_eerst", ["Wmo"]), vocab.WETTEN,
                           f"{name}, veld 'maatwerk.algemene_voorziening_eerst'", "wetten", errors)
    if errors:
        raise ConfigError(errors)
    return MatchingRules(
        bron=data["bron"], dimensie_score_max=score_max, dimensie_bespreken=bespreken,
        signaal_ernst_min=ernst_min, vlaggen=tuple(vlaggen), statussen=tuple(statussen), gewichten=Gewichten(**gew_kw),
        aantallen=Aantallen(**aantal_kw), doelgroepen=doelgroepen, situaties=situaties,
        kindgericht_doelgroepen=frozenset(kg_groepen), kindgericht_leefgebieden=frozenset(kg_lgs),
        minderjarig_leefgebieden=frozenset(mj_lgs), minderjarig_doelgroepen=frozenset(mj_groepen),
        balie=frozenset(balie_ids), geen_loket=frozenset(geen_loket),
        geld_leefgebieden=frozenset(geld_lgs), geldbehoefte_leefgebieden=frozenset(geld_nodig),
        leeftijdsgroepen=tuple(groepen), veiligheidsroute=tuple(ids), route_triggers=tuple(triggers),
        specialistisch_trede=sp_trede, actoren=frozenset(actoren), maatwerk_trede=trede,
        maatwerk_wetten=frozenset(wetten), algemeen_eerst_wetten=frozenset(algemeen_eerst),
        reden_geblokkeerd=m.get("reden_geblokkeerd") or "maatwerk: eerst lichtere treden onderbouwen",
    )


def load_matching_rules(path: str | Path | None = None) -> MatchingRules:
    p = Path(path) if path is not None else default_matching_path()
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{p.name}: {leesfout(exc)}"]) from None
    return parse_matching_rules(data, p.name)


# -- the facts of one conversation ------------------------------------------------------------------

def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _overlap(r: tuple[int, int], lo: int | None, hi: int | None) -> bool:
    return (lo is None or r[1] >= lo) and (hi is None or r[0] <= hi)


class _Feiten:
    """What the recorded answers establish, computed once per conversation."""

    def __init__(self, u: Uitvraag, peildatum: date, geboortedatum: date | None, rules: MatchingRules):
        self.u = u
        self.leeftijd = leeftijd_bereik(u, peildatum, geboortedatum)
        self.minderjarig = self.leeftijd is not None and self.leeftijd[1] < 18
        kids = u.kind_leeftijden(peildatum)
        if self.minderjarig:
            # the resident is the child of the conversation (format v2: then 'kinderen' is absent)
            kids = (kids or []) + [self.leeftijd]
        self.kind_leeftijden: list[tuple[int, int]] | None = kids
        thuis = u.kinderen_thuis()
        self.kinderen_thuis: bool | None = True if self.minderjarig else thuis
        self.ernst = u.ernst_per_leefgebied()
        self.crisis = tuple(u.crisis_gemeld())
        self.kenmerken = tuple(u.kenmerken or ())
        self.inkomen = u.inkomen_pct_bijstandsnorm
        self.geldbehoefte = bool(self.crisis) or any(lg in self.ernst for lg in rules.geldbehoefte_leefgebieden)
        self._groepen: dict[str, bool] = {}
        self._situaties: dict[str, bool] = {}
        # Everything ``passend`` (with ``bewijs`` and ``_zelf``) reads of the conversation: equal keys give
        # equal fits, so fits are reused across refreshes (a changed score or note keeps the key).
        self.sleutel = (peildatum, u.gemeente, u.kern, u.verblijfsstatus, self.leeftijd,
                        tuple(kids) if kids is not None else None, self.kinderen_thuis, self.inkomen,
                        self.geldbehoefte, tuple(sorted(self.ernst.items())), self.crisis,
                        tuple((k.kenmerk, k.wie) for k in self.kenmerken), tuple(u.flag(v) for v in VLAGGEN))

    def bewijs(self, b: Bewijs) -> bool:
        u = self.u
        if "vlag" in b and not u.flag(b["vlag"]):
            return False
        if "signaal" in b:
            em = b.get("ernst_min", 1)
            if not any(self.ernst.get(lg, 0) >= em for lg in b["signaal"]):
                return False
        if "kenmerk" in b:
            wie = b.get("wie")
            if not any(k.kenmerk in b["kenmerk"] and (not wie or k.wie in wie) for k in self.kenmerken):
                return False
        if "verblijfsstatus" in b and u.verblijfsstatus not in b["verblijfsstatus"]:
            return False
        if "leeftijd_inwoner" in b:
            if self.leeftijd is None or not _overlap(self.leeftijd, *b["leeftijd_inwoner"]):
                return False
        if "leeftijd_kind" in b:
            if not self.kind_leeftijden or not any(_overlap(r, *b["leeftijd_kind"]) for r in self.kind_leeftijden):
                return False
        if "kinderen_thuis" in b and self.kinderen_thuis is not True:
            return False
        if "inwoner_minderjarig" in b and not self.minderjarig:
            return False
        if "inkomen_max" in b and (self.inkomen is None or self.inkomen > b["inkomen_max"]):
            return False
        if "geldbehoefte" in b and not self.geldbehoefte:
            return False
        return True

    def geldt(self, alternatieven: Iterable[Bewijs]) -> bool:
        return any(self.bewijs(b) for b in alternatieven)

    def groep(self, g: str, rules: "MatchingRules") -> bool:
        """Does the conversation show this target group (once per conversation)?"""
        got = self._groepen.get(g)
        if got is None:
            got = self._groepen[g] = self.geldt(rules.doelgroepen.get(g, ()))
        return got

    def situatie(self, key: str, rules: "MatchingRules") -> bool:
        got = self._situaties.get(key)
        if got is None:
            got = self._situaties[key] = self.geldt(rules.situaties.get(key, ()))
        return got


def _zelf(groep: str, b: Bewijs, f: "_Feiten", rules: "MatchingRules") -> bool:
    """Does this evidence show that the resident themself is in the group (not only a child or another
    member of the household)?"""
    if "leeftijd_kind" in b or "kinderen_thuis" in b:
        # a child of the household: the resident is in a child group only as that child, in a parent group
        # only as the parent
        return f.minderjarig if groep in rules.kindgericht_doelgroepen else not f.minderjarig
    if "kenmerk" in b:
        return any(k.kenmerk in b["kenmerk"] and k.wie == "inwoner" for k in f.kenmerken)
    return True


# -- needs -------------------------------------------------------------------------------------------

def _crisis_label(key: str) -> str:
    return _lower(vocab.CRISIS.get(key, key.replace("_", " ")))


def _flag_label(path: str) -> str:
    key = path.split(".")[-1]
    for table in (vocab.CRISIS, vocab.VEILIGHEID):
        if key in table:
            return _lower(table[key])
    return {"mantelzorger_overbelast": "mantelzorger overbelast"}.get(key, key.replace("_", " "))


def route_trigger(u: Uitvraag, rules: MatchingRules) -> RouteTrigger | None:
    """The first rule that puts the safety route on top, or None."""
    ernst = u.ernst_per_leefgebied()
    for t in rules.route_triggers:
        if t.vlag and u.flag(t.vlag):
            return t
        if t.signaal and ernst.get(t.signaal, 0) >= t.ernst_min:
            return t
    return None


def route_reden(u: Uitvraag, rules: MatchingRules) -> str | None:
    """The reason the safety route applies, or None."""
    t = route_trigger(u, rules)
    return t.reden if t else None


def behoeften(u: Uitvraag, rules: MatchingRules) -> list[Behoefte]:
    """The needs of the conversation, most urgent first."""
    order = {s.leefgebied: i for i, s in reversed(list(enumerate(u.signalen or ())))}
    lg: dict[str, dict] = {}
    voorrang: dict[str, int] = {}   # crisis and status needs: the rule's own order comes first

    def add(key: str, ernst: int, text: str, crisis: str | None = None) -> None:
        n = lg.setdefault(key, {"ernst": 0, "texts": [], "crisis": []})
        n["ernst"] = max(n["ernst"], ernst)
        if text not in n["texts"]:
            n["texts"].append(text)
        if crisis and crisis not in n["crisis"]:
            n["crisis"].append(crisis)

    # crisis flags first, so their words lead the explanation
    for r in rules.vlaggen:
        if r.vlag.startswith("crisis.") and u.flag(r.vlag):
            for j, key in enumerate(r.leefgebieden):
                add(key, r.ernst, _flag_label(r.vlag), r.vlag.split(".", 1)[1])
                voorrang[key] = min(voorrang.get(key, 99), j)
    for r in rules.statussen:
        if ((r.verblijfsstatus is not None and u.verblijfsstatus == r.verblijfsstatus)
                or (r.kenmerk is not None and u.heeft_kenmerk(r.kenmerk, ("inwoner",)))):
            for key in r.leefgebieden:
                add(key, r.ernst, r.uitleg)
                voorrang.setdefault(key, -1)
    for key, ernst in u.ernst_per_leefgebied().items():
        if ernst >= rules.signaal_ernst_min:
            add(key, ernst, leefgebied_label(key) + (" (ernstig)" if ernst >= 3 else ""))
    for r in rules.vlaggen:
        if not r.vlag.startswith("crisis.") and u.flag(r.vlag):
            for key in r.leefgebieden:
                add(key, r.ernst, _flag_label(r.vlag))

    out: list[Behoefte] = []
    trigger = route_trigger(u, rules)
    if trigger is not None:
        lg.pop(VEILIGHEID, None)
        out.append(Behoefte(VEILIGHEID, "veiligheid", 3, trigger.reden, volgorde=-1))
    vocab_order = list(vocab.LEEFGEBIEDEN)
    for key, n in lg.items():
        volgorde = order.get(key, len(order) + vocab_order.index(key))
        if key in voorrang:
            volgorde = -100 + voorrang[key]
        out.append(Behoefte(key, "leefgebied", n["ernst"], "; ".join(n["texts"]), tuple(n["crisis"]),
                            volgorde=volgorde))
    dim_order = list(vocab.DIMENSIES)
    for key, d in (u.dimensies or {}).items():
        low = d.score is not None and d.score <= rules.dimensie_score_max
        talk = rules.dimensie_bespreken and d.bespreken is True
        if not (low or talk):
            continue
        label = _lower(dimensie_label(key))
        if d.score is not None:
            text = f"{label} {d.score}/10" + (", wil erover praten" if talk else "")
        else:
            text = f"{label}: wil erover praten"
        out.append(Behoefte(key, "dimensie", 1, text, bespreken=talk,
                            volgorde=100 + dim_order.index(key) - (0 if d.score is None else 10 - d.score) * 10))
    out.sort(key=lambda b: (b.soort != "veiligheid", not b.crisis, -b.ernst, b.soort == "dimensie",
                            not b.bespreken, b.volgorde))
    return out


# -- fitting -----------------------------------------------------------------------------------------

def _leeftijd_tekst(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"voor {lo} tot en met {hi} jaar"
    if lo is not None:
        return f"vanaf {lo} jaar"
    return f"tot en met {hi} jaar"


def _groepen_tekst(keys: Iterable[str]) -> str:
    return _groepen_tekst_t(tuple(keys))


@lru_cache(maxsize=512)
def _groepen_tekst_t(keys: tuple[str, ...]) -> str:
    return ", ".join(_lower(vocab.DOELGROEPEN.get(k, k)) for k in keys)


def voor_een_kind(v: Voorziening, rules: MatchingRules) -> bool:
    """Is this help for a child of the household (its age limit is a child's, it is only for child target
    groups, or it needs children at home without being for parents)?"""
    if v.leeftijd_geldt_voor == "kind":
        return True
    groepen = set(v.doelgroepen) - {"iedereen"}
    if groepen and "iedereen" not in v.doelgroepen and groepen <= rules.kindgericht_doelgroepen:
        return True
    return v.kinderen_thuis is True and not (groepen & {"ouders", "ouders_jonge_kinderen"})


class _LazyText:
    __slots__ = ("fn", "arg")

    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __str__(self) -> str:
        return self.fn(self.arg)


@dataclass
class _Fit:
    voorwaarden: int = 0          # conditions of the voorziening that the conversation shows
    zelf: bool = False            # the resident themself is in its target group
    notities: list[str] = field(default_factory=list)   # what made it fit, for the reason


def passend(v: Voorziening, f: _Feiten, rules: MatchingRules, peildatum: date) -> tuple[str | None, _Fit]:
    """(why it is excluded, None when it fits; what made it fit)."""
    fit = _Fit()
    u = f.u
    if v.id in rules.actoren:
        return "actor in AVE 4: de balie verwijst niet zelf naar hen", fit
    if v.id in rules.balie:
        return "de toegang zelf: het gesprek vindt hier al plaats", fit
    if v.id in rules.geen_loket:
        return "afstemmingsverband, geen loket voor inwoners", fit
    if v.gepland:
        return "nog niet beschikbaar (aangekondigd)", fit
    if not v.actief or (v.beeindigd_op is not None and v.beeindigd_op <= peildatum):
        return "regeling beëindigd" if v.beeindigd_op or not v.actief else "niet meer actief", fit
    if u.gemeente not in v.gemeenten:
        return "andere gemeente", fit
    if v.kernen:
        if u.kern is not None and u.kern not in v.kernen:
            return f"niet in {u.kern} (alleen {', '.join(v.kernen)})", fit
        if u.kern is not None:
            fit.voorwaarden += 1
    # age: of the resident, or of a child at home
    if v.leeftijd_min is not None or v.leeftijd_max is not None:
        wat = _leeftijd_tekst(v.leeftijd_min, v.leeftijd_max)
        if v.leeftijd_geldt_voor == "kind":
            kids = f.kind_leeftijden
            ongeboren = "zwangeren" in v.doelgroepen and f.groep("zwangeren", rules)
            if ongeboren:
                pass   # the child is on its way: the child's age limit does not exclude
            elif kids == [] or f.kinderen_thuis is False:
                return f"leeftijd: voor een kind thuis ({wat}), en er zijn geen kinderen thuis", fit
            if kids:
                if not any(_overlap(r, v.leeftijd_min, v.leeftijd_max) for r in kids):
                    return f"leeftijd: voor kinderen {wat}", fit
                fit.voorwaarden += 1
        else:
            if f.leeftijd is not None:
                if not _overlap(f.leeftijd, v.leeftijd_min, v.leeftijd_max):
                    return f"leeftijd: {wat}", fit
                fit.voorwaarden += 1
    if v.inkomen_max_pct is not None and f.inkomen is not None:
        if f.inkomen > v.inkomen_max_pct:
            return f"inkomen boven {v.inkomen_max_pct}% van de bijstandsnorm", fit
        fit.voorwaarden += 1
    if v.kinderen_thuis is True:
        if f.kinderen_thuis is not True:
            return ("alleen voor een huishouden met kinderen thuis"
                    + (": er zijn geen kinderen thuis" if f.kinderen_thuis is False else ": niet gebleken"), fit)
        if not voor_een_kind(v, rules) or f.minderjarig:
            fit.voorwaarden += 1
    # residence status: a limit when it names the ordinary status too, a group when it names only
    # statushouders or ontheemden
    if v.verblijfsstatus:
        if u.verblijfsstatus is not None:
            if u.verblijfsstatus not in v.verblijfsstatus:
                return "verblijfsstatus: alleen voor " + ", ".join(
                    _lower(vocab.VERBLIJFSSTATUS.get(s, s)) for s in v.verblijfsstatus), fit
            fit.voorwaarden += 1
            fit.zelf = fit.zelf or u.verblijfsstatus != "nederlands_of_eu"
        elif "nederlands_of_eu" not in v.verblijfsstatus:
            return "verblijfsstatus: alleen voor " + ", ".join(
                _lower(vocab.VERBLIJFSSTATUS.get(s, s)) for s in v.verblijfsstatus) + " (niet vastgelegd)", fit
    # target groups: positive evidence for at least one
    groepen = [g for g in v.doelgroepen if g != "iedereen"]
    if groepen and "iedereen" not in v.doelgroepen:
        hits = [g for g in groepen if f.groep(g, rules)]
        if not hits:
            return f"doelgroep: {_groepen_tekst(groepen)} (niet gebleken uit het gesprek)", fit
        fit.voorwaarden += 1
        fit.notities.append(_LazyText(_groepen_tekst, hits))
        if any(_zelf(g, b, f, rules) and f.bewijs(b) for g in hits for b in rules.doelgroepen.get(g, ())):
            fit.zelf = True
    for r in v.contra_indicaties:
        if f.situatie(r.situatie, rules):
            return f"niet bij {vocab.SITUATIES.get(r.situatie, r.situatie)}", fit
    if v.alleen_bij:
        holds = [r for r in v.alleen_bij if f.situatie(r.situatie, rules)]
        if not holds:
            return "alleen bij " + " of ".join(vocab.SITUATIES.get(r.situatie, r.situatie) for r in v.alleen_bij), fit
        fit.voorwaarden += 1
        fit.notities.append(vocab.SITUATIES.get(holds[0].situatie, holds[0].situatie))
    elif v.trede >= rules.specialistisch_trede:
        return "specialistisch: alleen op eigen gronden, niet als volgende trede", fit
    status_regeling = bool(v.verblijfsstatus) and "nederlands_of_eu" not in v.verblijfsstatus
    if (not rules.geld_leefgebieden.isdisjoint(v.leefgebieden) and "iedereen" not in v.doelgroepen and not f.geldbehoefte
            and not status_regeling):
        return "geldregeling: het gesprek laat geen geldzorgen zien", fit
    return None, fit


# -- suggest -----------------------------------------------------------------------------------------

def _sentence(parts: list[str]) -> str:
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def _gated(v: Voorziening, rules: MatchingRules) -> bool:
    return v.trede == rules.maatwerk_trede and (v.wet in rules.maatwerk_wetten)


def _wgs_crisis_tekst(v: Voorziening, crisis: tuple[str, ...]) -> str:
    c = " en ".join(_crisis_label(k) for k in crisis)
    if v.wet == "Wgs":
        return f"{c}: Wgs-gesprek binnen 3 werkdagen (Wgs art. 4)"
    return f"{c}: de route bij deze crisis"


def suggest(u: Uitvraag, voorzieningen: Iterable[Voorziening], rules: MatchingRules, peildatum: date,
            geboortedatum: date | None = None) -> Advies:
    """Suggestions per need for this conversation (see module doc)."""
    vs = voorzieningen if isinstance(voorzieningen, tuple) else tuple(voorzieningen)
    idx = rules.index(vs)
    feiten = _Feiten(u, peildatum, geboortedatum, rules)
    needs = behoeften(u, rules)
    w = rules.gewichten
    n_aant = rules.aantallen

    need_lgs = {b.sleutel: b for b in needs if b.soort == "leefgebied"}
    need_dims = {b.sleutel: b for b in needs if b.soort == "dimensie"}

    def weight(b: Behoefte) -> float:
        return w.dimensie if b.soort == "dimensie" else w.ernst.get(b.ernst, 1.0)

    fit_cache = idx.fits_for(feiten.sleutel)   # once per voorziening, and kept while the facts stay
    minderjarig = feiten.minderjarig
    kindgericht = rules.kindgericht_leefgebieden
    minderjarig_lgs = rules.minderjarig_leefgebieden
    kind, ouders_alleen, gated = idx.kind, idx.ouders_alleen, idx.gated

    def fit_of(i: int) -> tuple[str | None, _Fit]:
        r = fit_cache.get(i)
        if r is None:
            r = fit_cache[i] = passend(vs[i], feiten, rules, peildatum)
        return r

    def answers_i(i: int, lg: str) -> bool:
        """May voorziening ``i`` be chosen for a need on leefgebied ``lg``?"""
        if lg not in idx.lgs[i]:
            return False
        if lg in kindgericht:
            return True
        if not minderjarig and kind[i]:
            return False
        if minderjarig and ouders_alleen[i]:
            return False   # help for the parents answers the child's needs only about upbringing
        if minderjarig and lg in minderjarig_lgs and not idx.voor_minderjarigen[i]:
            return False   # a minor's werk en dagbesteding is school (Leerplichtwet art. 3, 4a)
        return True

    def score(i: int, b: Behoefte, f: _Fit) -> float:
        v = vs[i]
        s = weight(b)
        for lg in v.leefgebieden:
            if lg == b.sleutel:
                continue
            other = need_lgs.get(lg)
            if other is not None and answers_i(i, lg):
                s += w.andere_behoefte * weight(other)
            elif other is None:
                s -= w.ander_leefgebied
        for d in v.dimensies:
            if d != b.sleutel and d in need_dims:
                s += w.andere_behoefte * w.dimensie
        s += w.voorwaarde * f.voorwaarden + (w.zelf_in_doelgroep if f.zelf else 0.0)
        if not minderjarig and kind[i]:
            s -= w.voor_een_kind
        if b.soort == "leefgebied" and gated[i] and u.onderbouwd(b.sleutel):
            s += weight(b) * w.onderbouwd
        elif not (b.crisis and not idx.crisis[i].isdisjoint(b.crisis)):
            # licht waar het kan: a heavier rung must fit better to be chosen (not the crisis route, not
            # maatwerk whose onderbouwing is recorded)
            s -= w.zwaardere_trede * max(0, v.trede - 2)
        return round(s, 3)

    # The choice (which voorziening under which need, with its score) depends on the facts in the fit key,
    # the needs' keys, weights and crisis flags and the recorded onderbouwingen, not on the needs' wording:
    # kept per kaart for the last few such keys, so a changed score or note only rewrites the reasons.
    plan_key = (feiten.sleutel, tuple((b.sleutel, b.soort, b.ernst, b.crisis) for b in needs),
                frozenset(lg for lg in need_lgs if u.onderbouwd(lg)))
    plan = idx.plans.get(plan_key)
    if plan is None:
        plan = idx.plans[plan_key] = _plan(u, needs, idx, rules, fit_of, answers_i, score, need_lgs)
        while len(idx.plans) > idx.FITS_KEEP:
            idx.plans.pop(next(iter(idx.plans)))
    need_plans, excluded, route_active = plan

    def reden_voor(v: Voorziening, i: int, b: Behoefte, f: _Fit, is_route: bool, algemeen: bool):
        lg_key = VEILIGHEID if b.soort == "veiligheid" else (b.sleutel if b.soort == "leefgebied" else None)

        def reden() -> str:
            parts = [b.uitleg]
            if is_route:
                parts = [_wgs_crisis_tekst(v, tuple(c for c in b.crisis if c in v.crisis))] + \
                        [p for p in b.uitleg.split("; ") if p not in {_crisis_label(c) for c in b.crisis}]
            ook = [need_lgs[lg].uitleg.split("; ")[-1] for lg in v.leefgebieden
                   if lg != b.sleutel and lg in need_lgs and answers_i(i, lg)]
            ook += [need_dims[d].uitleg.split(", ")[0] for d in v.dimensies if d != b.sleutel and d in need_dims]
            if ook:
                parts.append("ook: " + ", ".join(ook))
            if f.notities:
                parts.append("voor " + "; ".join(map(str, f.notities)))
            if gated[i]:
                parts.append(f"onderbouwing vastgelegd ({leefgebied_label(lg_key)})")
            if algemeen:
                parts.append("algemene voorziening vóór maatwerk")
            return _sentence(parts)
        return reden

    result: list[BehoefteAdvies] = []
    for b, (route, show, rest, locked) in zip(needs, need_plans):
        ba = BehoefteAdvies(b)
        result.append(ba)
        ba.suggesties = [Suggestie(vs[i], _sentence([b.uitleg]), 99.0, veiligheidsroute=True,
                                   leefgebieden=(VEILIGHEID,), behoefte=b.sleutel) for i in route]
        def rows(keuzes, b=b) -> list[Suggestie]:
            return [Suggestie(vs[i], reden_voor(vs[i], i, b, fit_of(i)[1], is_route, algemeen), sc,
                              leefgebieden=lgs, behoefte=b.sleutel) for i, sc, is_route, algemeen, lgs in keuzes]

        ba.suggesties += rows(show)
        ba.meer = Later(len(rest), lambda rest=rest, rows=rows: rows(rest))
        ba.geblokkeerd = [Suggestie(vs[i], rules.reden_geblokkeerd, sc, leefgebieden=(b.sleutel,), behoefte=b.sleutel)
                          for i, sc in locked]
    return Advies(
        suggesties=[s for ba in result for s in ba.suggesties],
        geblokkeerd=[s for ba in result for s in ba.geblokkeerd],
        veiligheidsroute_actief=route_active,
        uitgesloten=excluded,
        meer=Later(sum(len(ba.meer) for ba in result), lambda: [s for ba in result for s in ba.meer]),
        behoeften=result,
    )


_Keuze = tuple   # (index, score, crisis route, 'algemene voorziening vóór maatwerk', need leefgebieden it covers)


def _plan(u: Uitvraag, needs: list[Behoefte], idx: "_Index", rules: MatchingRules, fit_of, answers_i, score,
          need_lgs: dict) -> tuple:
    """Per need (route, shown, meer, locked) as indexes with scores; the excluded with their reason; whether
    the safety route is active. Steps 3 and 4 of the module doc."""
    vs = idx.vs
    w = rules.gewichten
    n_aant = rules.aantallen
    gated = idx.gated

    def weight(b: Behoefte) -> float:
        return w.dimensie if b.soort == "dimensie" else w.ernst.get(b.ernst, 1.0)

    placed: set[str] = set()
    excluded: dict[str, tuple[Voorziening, str]] = {}
    locked_ids: set[str] = set()
    out: list[list] = []
    primary_total = 0
    dims_total = 0
    route_active = False

    for b in needs:
        route: list[int] = []
        if b.soort == "veiligheid":
            trig = route_trigger(u, rules)
            route_active = True
            for vid in (trig.voorzieningen if trig else rules.veiligheidsroute):
                i = idx.by_id.get(vid)
                if i is None or vid in placed:
                    continue
                v = vs[i]
                if not v.actief or v.gepland or not v.serves(u.gemeente, None):
                    continue
                route.append(i)
                placed.add(vid)
            # the rest of the safety route comes only on its own trigger (the Zorg- en Veiligheidshuis is
            # for acute or complex unsafety, not for a suspicion), never as an ordinary candidate
            placed.update(rules.veiligheidsroute)
            cand_idx = idx.by_leefgebied.get(VEILIGHEID, [])
            lg_key = VEILIGHEID
        elif b.soort == "leefgebied":
            cand_idx = idx.by_leefgebied.get(b.sleutel, [])
            lg_key = b.sleutel
        else:
            cand_idx = idx.by_dimensie.get(b.sleutel, [])
            lg_key = None

        scored: list[list] = []   # [score, index, crisis route, algemeen vóór maatwerk]
        locked: list[tuple[int, float]] = []
        for i in cand_idx:
            v = vs[i]
            if v.id in placed or v.id in locked_ids:
                continue
            if lg_key is not None and not answers_i(i, lg_key):
                continue
            if lg_key is None and not idx.breed[i]:
                continue   # a dimension alone: broad sociale-basis help only
            why_not, f = fit_of(i)
            if why_not:
                excluded.setdefault(v.id, (v, why_not))
                continue
            sc = score(i, b, f)
            if gated[i] and (lg_key is None or not u.onderbouwd(lg_key)):
                locked.append((i, sc))
                locked_ids.add(v.id)
                continue
            scored.append([sc, i, bool(b.crisis) and not idx.crisis[i].isdisjoint(b.crisis), False])

        if locked:
            # maatwerk waits: the algemene voorziening for this need must be weighed first (art. 2.3.2 lid 4 e)
            bonus = w.algemeen_voor_maatwerk * weight(b)
            wetten = {vs[i].wet for i, _ in locked} & rules.algemeen_eerst_wetten
            for t in scored:
                v = vs[t[1]]
                if v.trede == rules.maatwerk_trede - 1 and v.wet in wetten:
                    t[0] += bonus
                    t[3] = True

        def naam(t) -> str:
            return vs[t[1]].naam.lower()

        # choose: the crisis route first, then the best fitting ones; shown lightest rung first
        scored.sort(key=lambda t: (not t[2], -t[0], vs[t[1]].trede, naam(t), vs[t[1]].id))
        gesprek = [t for t in scored if vs[t[1]].trede <= 1]
        ladder = [t for t in scored if vs[t[1]].trede > 1]
        if b.soort == "dimensie":
            cap = min(n_aant.per_dimensie, max(0, n_aant.dimensies_samen - dims_total))
        elif b.ernst >= 2 or b.soort == "veiligheid":
            cap = n_aant.per_behoefte
        else:
            cap = n_aant.per_behoefte_zorg
        room = max(0, n_aant.totaal - primary_total - len(route))
        chosen = ladder[:min(cap, room)]
        room -= len(chosen)
        chosen_gesprek = (gesprek[:min(n_aant.gesprek_per_behoefte, room)]
                          if b.soort != "dimensie" and (chosen or not ladder) else [])
        chosen_ids = {t[1] for t in chosen + chosen_gesprek}

        def shown_order(t):
            return (not t[2], vs[t[1]].trede, -t[0], naam(t))

        show = sorted(chosen + chosen_gesprek, key=shown_order)
        rest = sorted((t for t in scored if t[1] not in chosen_ids), key=shown_order)
        out.append([route, show, rest, locked])
        primary_total += len(route) + len(show)
        if b.soort == "dimensie":
            dims_total += len(show)
        placed.update(vs[i].id for i in route)
        placed.update(vs[t[1]].id for t in show)

    # "meer tonen": what else fits, under the most urgent need it serves, once
    in_meer: set[str] = set()
    for entry in out:
        rest = [t for t in entry[2] if vs[t[1]].id not in placed and vs[t[1]].id not in in_meer]
        in_meer.update(vs[t[1]].id for t in rest)
        entry[2] = rest
    placed |= in_meer

    def keuze(t) -> _Keuze:
        i = t[1]
        return (i, round(t[0], 3), t[2], t[3],
                tuple(lg for lg in vs[i].leefgebieden if lg in need_lgs and answers_i(i, lg)))

    plans = [(route, [keuze(t) for t in show], [keuze(t) for t in rest], locked) for route, show, rest, locked in out]
    # a voorziening counts as excluded only when it fitted nowhere
    shown = placed | locked_ids
    uitgesloten = sorted((vr for vid, vr in excluded.items() if vid not in shown), key=lambda vr: vr[0].id)
    return plans, uitgesloten, route_active
