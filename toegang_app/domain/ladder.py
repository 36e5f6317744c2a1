"""The ladder and matching: which voorzieningen fit a conversation, lightest rung first.

Rules are data (``resources/matching.yaml``). Needs come from low or "bespreken" dimensions, signals
per leefgebied and yes-answers (crisis, mantelzorger overbelast, safety). A voorziening matches when it
covers a need; it is left out when a known fact excludes it (other gemeente or kern, age, income,
retired). Maatwerk (rung 4) stays locked in ``geblokkeerd`` until the worker has recorded for one of
its leefgebieden why lighter rungs do not suffice. Safety comes before the ladder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from toegang_app.domain.yaml_io import load_yaml

from toegang_app.domain import vocab
from toegang_app.domain.ave import VLAGGEN, dimensie_label, leefgebied_label
from toegang_app.domain.kaart import Voorziening
from toegang_app.domain.uitvraag import Uitvraag, leeftijd_bereik
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir


@dataclass(frozen=True)
class VlagRegel:
    vlag: str
    leefgebieden: tuple[str, ...]
    ernst: int
    uitleg: str


@dataclass(frozen=True)
class RouteTrigger:
    vlag: str | None
    signaal: str | None
    ernst_min: int
    reden: str


@dataclass(frozen=True)
class Leeftijdsgroep:
    naam: str
    van: int
    tot: int


@dataclass
class MatchingRules:
    bron: str
    dimensie_score_max: int
    dimensie_bespreken: bool
    signaal_ernst_min: int
    vlaggen: tuple[VlagRegel, ...]
    gewicht_ernst: dict[int, float]
    gewicht_dimensie: float
    gewicht_dimensie_per_punt: float
    gewicht_bespreken: float
    gewicht_leeftijd: float
    gewicht_lokaal: float
    leeftijdsgroepen: tuple[Leeftijdsgroep, ...]
    veiligheidsroute: tuple[str, ...]
    route_triggers: tuple[RouteTrigger, ...]
    maatwerk_trede: int = 4
    reden_geblokkeerd: str = "maatwerk: eerst lichtere treden onderbouwen"
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def index(self, voorzieningen: tuple[Voorziening, ...]) -> "_Index":
        """Per-catalogue index (by leefgebied and dimensie), cached on this rules object."""
        key = tuple(map(id, voorzieningen))
        cached = self._cache.get("index")
        if cached is not None and cached[0] == key:
            return cached[1]
        idx = _Index(voorzieningen, self)
        self._cache["index"] = (key, idx)
        return idx


class _Index:
    def __init__(self, vs: tuple[Voorziening, ...], rules: MatchingRules):
        self.vs = vs
        self.by_leefgebied: dict[str, list[int]] = defaultdict(list)
        self.by_dimensie: dict[str, list[int]] = defaultdict(list)
        self.by_id: dict[str, int] = {}
        for i, v in enumerate(vs):
            self.by_id.setdefault(v.id, i)
            for lg in v.leefgebieden:
                self.by_leefgebied[lg].append(i)
            for d in v.dimensies:
                self.by_dimensie[d].append(i)


@dataclass(frozen=True)
class Suggestie:
    voorziening: Voorziening
    reden: str
    score: float
    veiligheidsroute: bool = False
    leefgebieden: tuple[str, ...] = ()   # the need leefgebieden this voorziening covers


@dataclass
class Advies:
    suggesties: list[Suggestie]
    geblokkeerd: list[Suggestie]
    veiligheidsroute_actief: bool = False
    uitgesloten: list[tuple[Voorziening, str]] = field(default_factory=list)  # matched but excluded


# -- loading -------------------------------------------------------------------------------

def default_matching_path() -> Path:
    return resources_dir() / "matching.yaml"


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def parse_matching_rules(data: Any, name: str = "matching.yaml") -> MatchingRules:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn"])
    known = {"bron", "dimensies", "signalen", "vlaggen", "gewichten", "leeftijdsgroepen",
             "veiligheidsroute", "maatwerk"}
    errors += [f"{name}: onbekend veld '{k}'" for k in sorted(set(data) - known)]
    if not isinstance(data.get("bron"), str) or not data["bron"].strip():
        errors.append(f"{name}, veld 'bron': ontbreekt")
    dims = data.get("dimensies") or {}
    score_max = dims.get("score_max", 4)
    if not (isinstance(score_max, int) and not isinstance(score_max, bool) and 0 <= score_max <= 10):
        errors.append(f"{name}, veld 'dimensies.score_max': moet een geheel getal van 0 tot en met 10 zijn")
    bespreken = dims.get("bespreken", True)
    if not isinstance(bespreken, bool):
        errors.append(f"{name}, veld 'dimensies.bespreken': moet true of false zijn")
    ernst_min = (data.get("signalen") or {}).get("ernst_min", 1)
    if ernst_min not in (1, 2, 3):
        errors.append(f"{name}, veld 'signalen.ernst_min': moet 1, 2 of 3 zijn")
    vlaggen: list[VlagRegel] = []
    for i, r in enumerate(data.get("vlaggen") or []):
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
        vlaggen.append(VlagRegel(str(r.get("vlag")), tuple(lgs), r.get("ernst") or 1, str(r.get("uitleg"))))
    g = data.get("gewichten") or {}
    ernst_w = g.get("ernst", {1: 1.0, 2: 2.0, 3: 3.0})
    if not isinstance(ernst_w, dict) or set(ernst_w) != {1, 2, 3} or not all(_num(x) for x in ernst_w.values()):
        errors.append(f"{name}, veld 'gewichten.ernst': moet een getal geven voor ernst 1, 2 en 3")
        ernst_w = {1: 1.0, 2: 2.0, 3: 3.0}
    weights = {}
    for k, default in (("dimensie", 1.0), ("dimensie_per_punt_onder_max", 0.25), ("bespreken", 0.5),
                       ("leeftijd_gericht", 0.5), ("lokaal", 0.25)):
        v = g.get(k, default)
        if not _num(v):
            errors.append(f"{name}, veld 'gewichten.{k}': moet een getal van 0 of meer zijn")
            v = default
        weights[k] = float(v)
    groepen = []
    for i, gr in enumerate(data.get("leeftijdsgroepen") or []):
        if not (isinstance(gr, dict) and isinstance(gr.get("naam"), str) and isinstance(gr.get("van"), int)
                and isinstance(gr.get("tot"), int) and gr["van"] <= gr["tot"]):
            errors.append(f"{name}, leeftijdsgroepen[{i}]: moet naam, van en tot hebben (van <= tot)")
            continue
        groepen.append(Leeftijdsgroep(gr["naam"], gr["van"], gr["tot"]))
    route = data.get("veiligheidsroute") or {}
    ids = route.get("voorzieningen")
    if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
        errors.append(f"{name}, veld 'veiligheidsroute.voorzieningen': noem minstens één voorziening (id)")
        ids = []
    triggers = []
    for i, t in enumerate(route.get("als") or []):
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
        triggers.append(RouteTrigger(t.get("vlag"), t.get("signaal"), t.get("ernst_min", 3), t["reden"]))
    m = data.get("maatwerk") or {}
    trede = m.get("trede", 4)
    if trede not in vocab.TREDEN:
        errors.append(f"{name}, veld 'maatwerk.trede': moet een trede van 0 tot en met 5 zijn")
    if errors:
        raise ConfigError(errors)
    return MatchingRules(
        bron=data["bron"], dimensie_score_max=score_max, dimensie_bespreken=bespreken,
        signaal_ernst_min=ernst_min, vlaggen=tuple(vlaggen),
        gewicht_ernst={int(k): float(v) for k, v in ernst_w.items()},
        gewicht_dimensie=weights["dimensie"], gewicht_dimensie_per_punt=weights["dimensie_per_punt_onder_max"],
        gewicht_bespreken=weights["bespreken"], gewicht_leeftijd=weights["leeftijd_gericht"],
        gewicht_lokaal=weights["lokaal"], leeftijdsgroepen=tuple(groepen), veiligheidsroute=tuple(ids),
        route_triggers=tuple(triggers), maatwerk_trede=trede,
        reden_geblokkeerd=m.get("reden_geblokkeerd") or "maatwerk: eerst lichtere treden onderbouwen",
    )


def load_matching_rules(path: str | Path | None = None) -> MatchingRules:
    p = Path(path) if path is not None else default_matching_path()
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{p.name}: bestand is niet leesbaar of geen geldige YAML ({exc})"]) from None
    return parse_matching_rules(data, p.name)


# -- needs ---------------------------------------------------------------------------------

def _flag_label(path: str) -> str:
    key = path.split(".")[-1]
    for table in (vocab.CRISIS, vocab.VEILIGHEID):
        if key in table:
            return table[key][:1].lower() + table[key][1:]
    return {"mantelzorger_overbelast": "mantelzorger overbelast"}.get(key, key.replace("_", " "))


@dataclass
class Behoeften:
    """Needs derived from a conversation: weight and reason text per leefgebied and dimension."""
    leefgebieden: dict[str, tuple[float, list[str]]]
    dimensies: dict[str, tuple[float, str]]


def behoeften(u: Uitvraag, rules: MatchingRules) -> Behoeften:
    lg: dict[str, tuple[float, list[str]]] = {}

    def add(key: str, ernst: int, text: str) -> None:
        w, texts = lg.get(key, (0.0, []))
        w = max(w, rules.gewicht_ernst[ernst])
        if text not in texts:
            texts = texts + [text]
        lg[key] = (w, texts)

    for key, ernst in u.ernst_per_leefgebied().items():
        if ernst >= rules.signaal_ernst_min:
            add(key, ernst, leefgebied_label(key) + (" (ernstig)" if ernst >= 3 else ""))
    for r in rules.vlaggen:
        if u.flag(r.vlag):
            for key in r.leefgebieden:
                add(key, r.ernst, _flag_label(r.vlag))
    dims: dict[str, tuple[float, str]] = {}
    for key, d in (u.dimensies or {}).items():
        low = d.score is not None and d.score <= rules.dimensie_score_max
        talk = rules.dimensie_bespreken and d.bespreken is True
        if not (low or talk):
            continue
        w = 0.0
        label = dimensie_label(key).lower()
        if low:
            w += rules.gewicht_dimensie + rules.gewicht_dimensie_per_punt * (rules.dimensie_score_max - d.score)
        if talk:
            w += rules.gewicht_bespreken
        if d.score is not None:
            text = f"{label} {d.score}/10" + (", wil erover praten" if talk and not low else "")
        else:
            text = f"{label}: wil erover praten"
        dims[key] = (w, text)
    return Behoeften(lg, dims)


def route_reden(u: Uitvraag, rules: MatchingRules) -> str | None:
    """The reason the safety route applies, or None."""
    ernst = u.ernst_per_leefgebied()
    for t in rules.route_triggers:
        if t.vlag and u.flag(t.vlag):
            return t.reden
        if t.signaal and ernst.get(t.signaal, 0) >= t.ernst_min:
            return t.reden
    return None


# -- exclusions ----------------------------------------------------------------------------

def uitsluiting(v: Voorziening, u: Uitvraag, ages: tuple[int, int] | None) -> str | None:
    """Why a known fact of the case excludes this voorziening (Dutch), or None."""
    if not v.actief:
        return "niet meer actief"
    if u.gemeente not in v.gemeenten:
        return f"niet voor {vocab.GEMEENTEN.get(u.gemeente, u.gemeente)}"
    if u.kern is not None and v.kernen and u.kern not in v.kernen:
        return f"niet in {u.kern}"
    if ages is not None:
        lo, hi = ages
        if v.leeftijd_min is not None and hi < v.leeftijd_min:
            return f"vanaf {v.leeftijd_min} jaar"
        if v.leeftijd_max is not None and lo > v.leeftijd_max:
            return f"tot en met {v.leeftijd_max} jaar"
    if (u.inkomen_pct_bijstandsnorm is not None and v.inkomen_max_pct is not None
            and u.inkomen_pct_bijstandsnorm > v.inkomen_max_pct):
        return f"inkomen boven de grens ({v.inkomen_max_pct}% van de bijstandsnorm)"
    return None


def _age_targeted(v: Voorziening, ages: tuple[int, int] | None, rules: MatchingRules) -> bool:
    """The voorziening is aimed at the resident's age group: its age limits contain that group and at
    most one other group (so an '18 jaar en ouder' condition is not a target group)."""
    if ages is None or (v.leeftijd_min is None and v.leeftijd_max is None):
        return False
    lo_v = v.leeftijd_min if v.leeftijd_min is not None else 0
    hi_v = v.leeftijd_max if v.leeftijd_max is not None else 200
    inside = [g for g in rules.leeftijdsgroepen if lo_v <= g.van and g.tot <= hi_v]
    mine = [g for g in inside if g.van <= ages[0] and ages[1] <= g.tot]
    return bool(mine) and len(inside) <= 2


# -- suggest -------------------------------------------------------------------------------

def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def suggest(u: Uitvraag, voorzieningen: Iterable[Voorziening], rules: MatchingRules, peildatum: date,
            geboortedatum: date | None = None) -> Advies:
    """Suggestions along the ladder for this conversation (see module doc)."""
    vs = voorzieningen if isinstance(voorzieningen, tuple) else tuple(voorzieningen)
    idx = rules.index(vs)
    needs = behoeften(u, rules)
    ages = leeftijd_bereik(u, peildatum, geboortedatum)

    score: dict[int, float] = defaultdict(float)
    texts: dict[int, list[tuple[float, str]]] = defaultdict(list)
    covered: dict[int, list[str]] = defaultdict(list)
    for key, (w, why) in needs.dimensies.items():
        for i in idx.by_dimensie.get(key, ()):
            score[i] += w
            texts[i].append((w, why))
    for key, (w, whys) in needs.leefgebieden.items():
        for i in idx.by_leefgebied.get(key, ()):
            score[i] += w
            covered[i].append(key)
            for t in whys:
                texts[i].append((w, t))

    route: list[Suggestie] = []
    route_ids: set[str] = set()
    reden = route_reden(u, rules)
    if reden:
        for vid in rules.veiligheidsroute:
            i = idx.by_id.get(vid)
            if i is None or vid in route_ids:
                continue
            v = vs[i]
            if not v.actief or not v.serves(u.gemeente, None):
                continue
            route.append(Suggestie(v, reden, score.get(i, 0.0), veiligheidsroute=True,
                                   leefgebieden=tuple(covered.get(i, ()))))
            route_ids.add(vid)

    open_: list[Suggestie] = []
    locked: list[Suggestie] = []
    excluded: list[tuple[Voorziening, str]] = []
    for i, s in score.items():
        v = vs[i]
        if v.id in route_ids:
            continue
        why_not = uitsluiting(v, u, ages)
        if why_not:
            excluded.append((v, why_not))
            continue
        s += rules.gewicht_leeftijd if _age_targeted(v, ages, rules) else 0.0
        s += rules.gewicht_lokaal if not v.regionaal else 0.0
        parts: list[str] = []
        for _, t in sorted(texts[i], key=lambda wt: -wt[0]):
            if t not in parts:
                parts.append(t)
        lgs = tuple(dict.fromkeys(covered.get(i, ())))
        if v.trede == rules.maatwerk_trede:
            onderbouwd = [lg for lg in lgs if u.onderbouwd(lg)]
            if not onderbouwd:
                locked.append(Suggestie(v, rules.reden_geblokkeerd, round(s, 3), leefgebieden=lgs))
                continue
            parts.append("onderbouwing vastgelegd (" + ", ".join(leefgebied_label(x) for x in onderbouwd) + ")")
        open_.append(Suggestie(v, _sentence(parts), round(s, 3), leefgebieden=lgs))

    order = lambda sg: (sg.voorziening.trede, -sg.score, sg.voorziening.naam.lower(), sg.voorziening.id)  # noqa: E731
    open_.sort(key=order)
    locked.sort(key=order)
    excluded.sort(key=lambda ve: ve[0].id)
    return Advies(suggesties=route + open_, geblokkeerd=locked, veiligheidsroute_actief=bool(reden),
                  uitgesloten=excluded)
