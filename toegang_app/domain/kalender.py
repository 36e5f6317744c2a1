"""The calendar of the Algemene termijnenwet (Atw): which days count as a Saturday or Sunday for a term.

One calendar for every computation (the Termijnen panel, the werkvoorraad, the statistics, the handout,
``toegang-admin triage``). The days are data (``resources/atw_kalender.yaml``):

- Atw art. 3 lid 1 and lid 2, each day as a rule: a fixed date, or a number of days from Easter Sunday
  (``dateutil.easter``, the Gregorian rule), Koningsdag moving to Saturday when 27 April is a Sunday;
- Atw art. 3 lid 3, the days a Koninklijk Besluit puts on a par, per besluit with its source and its
  status ("te verifiëren" until a beheerder confirms it against the Staatscourant);
- the desk's own closing days (from the database, per gemeente or for every desk): they count only for
  the desk's own promises (``eigen=True``), never for a statutory term.

A general holiday library's Dutch calendar is not used: it counts 5 May only every fifth year and knows
no gelijkgestelde dagen (domain brief section 3, "Counting days").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

import yaml
from dateutil.easter import easter

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

TE_VERIFIEREN, BEVESTIGD = "te verifiëren", "bevestigd"
WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")



@dataclass(frozen=True)
class Regel:
    """A day of Atw art. 3 lid 1 or 2 as a rule."""
    naam: str
    grondslag: str
    maand_dag: tuple[int, int] | None = None   # fixed date
    pasen: int | None = None                    # days from Easter Sunday
    op_zondag: int = 0                          # shift of a fixed date that falls on a Sunday

    def in_jaar(self, jaar: int) -> date:
        if self.pasen is not None:
            return easter(jaar) + timedelta(days=self.pasen)
        d = date(jaar, *self.maand_dag)
        if d.weekday() == 6 and self.op_zondag:
            d += timedelta(days=self.op_zondag)
        return d


@dataclass(frozen=True)
class Besluit:
    """A Koninklijk Besluit under Atw art. 3 lid 3."""
    sleutel: str
    titel: str
    jaren: tuple[int, ...]
    bron: str
    status: str
    dagen: tuple[tuple[date, str], ...]   # (date, why)


@dataclass(frozen=True)
class Dag:
    """A day that is not a working day, and why."""
    datum: date
    naam: str
    grondslag: str
    status: str = "wet"       # wet | te verifiëren | bevestigd | balie
    bron: str | None = None

    @property
    def omschrijving(self) -> str:
        extra = f", {self.status}" if self.status == TE_VERIFIEREN else ""
        return f"{self.naam} ({self.grondslag}{extra})"


@dataclass(frozen=True)
class Sluitingsdag:
    """A closing day of the desk itself; ``gemeente`` None = every desk of this database."""
    datum: date
    omschrijving: str
    gemeente: str | None = None


@dataclass(frozen=True)
class AtwKalender:
    bron: str
    regels: tuple[Regel, ...]
    besluiten: tuple[Besluit, ...]
    sluitingsdagen: tuple[Sluitingsdag, ...] = ()
    bevestigd: frozenset[str] = frozenset()   # keys of besluiten a beheerder confirmed (database)
    _cache: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    # -- what a day is ---------------------------------------------------------------------

    def status_van(self, b: Besluit) -> str:
        return BEVESTIGD if b.sleutel in self.bevestigd or b.status == BEVESTIGD else TE_VERIFIEREN

    def atw_dagen(self, jaar: int) -> list[Dag]:
        """The Atw days of ``jaar`` (lid 1, 2 and 3), in date order."""
        if jaar in self._cache:
            return self._cache[jaar]
        out = [Dag(r.in_jaar(jaar), r.naam, r.grondslag) for r in self.regels]
        for b in self.besluiten:
            out += [Dag(d, f"gelijkgestelde dag: {why}", "Atw art. 3 lid 3", self.status_van(b), b.titel)
                    for d, why in b.dagen if d.year == jaar]
        out.sort(key=lambda x: x.datum)
        self._cache[jaar] = out
        return out

    def _atw(self, d: date) -> Dag | None:
        for x in self.atw_dagen(d.year):
            if x.datum == d:
                return x
        return None

    def besluit_bekend(self, jaar: int) -> bool:
        """Whether a besluit under art. 3 lid 3 covers ``jaar`` (else its gelijkgestelde dagen are unknown)."""
        return any(jaar in b.jaren for b in self.besluiten)

    def sluitingsdagen_van(self, gemeente: str | None) -> list[Sluitingsdag]:
        return [s for s in self.sluitingsdagen if s.gemeente is None or s.gemeente == gemeente]

    def vrije_dag(self, d: date, *, eigen: bool = False, gemeente: str | None = None) -> Dag | None:
        """Why ``d`` is not a working day (weekend, Atw day, or with ``eigen`` a closing day of the desk of
        ``gemeente``), or None when it is one."""
        atw = self._atw(d)
        if atw is not None:
            return atw
        if d.weekday() >= 5:
            return Dag(d, WEEKDAGEN[d.weekday()], "Atw art. 1")
        if eigen:
            for s in self.sluitingsdagen_van(gemeente):
                if s.datum == d:
                    return Dag(d, f"balie gesloten: {s.omschrijving}", "eigen sluitingsdag van de balie", "balie")
        return None

    def is_werkdag(self, d: date, *, eigen: bool = False, gemeente: str | None = None) -> bool:
        return self.vrije_dag(d, eigen=eigen, gemeente=gemeente) is None

    # -- counting --------------------------------------------------------------------------

    def werkdagen_later(self, start: date, n: int, *, eigen: bool = False, gemeente: str | None = None) -> date:
        """The n-th working day after ``start`` (start itself not counted). n=0 gives start."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = start
        while n > 0:
            d += timedelta(days=1)
            if self.is_werkdag(d, eigen=eigen, gemeente=gemeente):
                n -= 1
        return d

    def volgende_werkdag(self, d: date, *, eigen: bool = False, gemeente: str | None = None) -> date:
        """``d`` itself when it is a working day, else the next one (Atw art. 1 lid 1)."""
        while not self.is_werkdag(d, eigen=eigen, gemeente=gemeente):
            d += timedelta(days=1)
        return d

    def werkdagen_tussen(self, van: date, tot: date, *, eigen: bool = False, gemeente: str | None = None) -> int:
        """Working days after ``van`` up to and including ``tot`` (0 when tot <= van)."""
        n, d = 0, van
        while d < tot:
            d += timedelta(days=1)
            if self.is_werkdag(d, eigen=eigen, gemeente=gemeente):
                n += 1
        return n

    def overgeslagen(self, van: date, tot: date, *, eigen: bool = False, gemeente: str | None = None) -> list[Dag]:
        """The days after ``van`` up to ``tot`` (exclusive) that are not working days, weekends left out:
        what moved a term, for the worker to read."""
        out, d = [], van
        while d + timedelta(days=1) < tot:
            d += timedelta(days=1)
            x = self.vrije_dag(d, eigen=eigen, gemeente=gemeente)
            if x is not None and d.weekday() < 5:
                out.append(x)
        return out

    def met(self, *, sluitingsdagen: Iterable[Sluitingsdag] | None = None,
            bevestigd: Iterable[str] | None = None) -> "AtwKalender":
        """This calendar with the desk's own closing days and confirmations (from the database)."""
        return replace(self, sluitingsdagen=tuple(sluitingsdagen if sluitingsdagen is not None else self.sluitingsdagen),
                       bevestigd=frozenset(bevestigd if bevestigd is not None else self.bevestigd), _cache={})


# -- loading -------------------------------------------------------------------------------

_MAAND_DAG = re.compile(r"^(\d{2})-(\d{2})$")


def _datum(x: Any) -> date | None:
    if isinstance(x, date):
        return x
    try:
        return date.fromisoformat(str(x))
    except ValueError:
        return None


def parse_kalender(data: Any, name: str = "atw_kalender.yaml") -> AtwKalender:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn"])
    errors += [f"{name}: onbekend veld '{k}'" for k in sorted(set(data) - {"bron", "wettelijke_dagen", "besluiten"})]
    if not isinstance(data.get("bron"), str) or not data["bron"].strip():
        errors.append(f"{name}, veld 'bron': ontbreekt")
    regels: list[Regel] = []
    raw = data.get("wettelijke_dagen")
    if not isinstance(raw, list) or not raw:
        errors.append(f"{name}, veld 'wettelijke_dagen': moet een lijst zijn")
        raw = []
    for i, r in enumerate(raw):
        where = f"{name}, wettelijke dag {i + 1}"
        if not isinstance(r, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        errors += [f"{where}: onbekend veld '{k}'" for k in sorted(set(r) - {"naam", "datum", "pasen", "op_zondag",
                                                                             "grondslag"})]
        for fld in ("naam", "grondslag"):
            if not isinstance(r.get(fld), str) or not r[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg")
        md, pasen = None, r.get("pasen")
        if ("datum" in r) == ("pasen" in r):
            errors.append(f"{where}: geef óf 'datum' (mm-dd) óf 'pasen' (dagen vanaf eerste Paasdag)")
        elif "datum" in r:
            m = _MAAND_DAG.match(str(r["datum"]))
            try:
                md = (int(m.group(1)), int(m.group(2))) if m else None
                if md:
                    date(2024, *md)  # a leap year: every valid month-day
            except ValueError:
                md = None
            if md is None:
                errors.append(f"{where}, veld 'datum': {r['datum']!r} is geen maand-dag (mm-dd)")
        elif not isinstance(pasen, int) or isinstance(pasen, bool) or not -60 <= pasen <= 60:
            errors.append(f"{where}, veld 'pasen': moet een aantal dagen zijn (-60 tot 60)")
            pasen = None
        zondag = r.get("op_zondag", 0)
        if not isinstance(zondag, int) or isinstance(zondag, bool) or zondag not in (-1, 0, 1):
            errors.append(f"{where}, veld 'op_zondag': moet -1, 0 of 1 zijn")
            zondag = 0
        regels.append(Regel(str(r.get("naam")), str(r.get("grondslag")), md, pasen if md is None else None, zondag))
    besluiten: list[Besluit] = []
    raw_b = data.get("besluiten") or []
    if not isinstance(raw_b, list):
        errors.append(f"{name}, veld 'besluiten': moet een lijst zijn")
        raw_b = []
    sleutels: set[str] = set()
    for i, b in enumerate(raw_b):
        key = b.get("sleutel") if isinstance(b, dict) else None
        where = f"{name}, besluit '{key}'" if isinstance(key, str) and key else f"{name}, besluit {i + 1}"
        if not isinstance(b, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        errors += [f"{where}: onbekend veld '{k}'" for k in sorted(set(b) - {"sleutel", "titel", "jaren", "bron",
                                                                             "status", "dagen"})]
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key or ""):
            errors.append(f"{where}, veld 'sleutel': kleine letters, cijfers en streepjes")
        elif key in sleutels:
            errors.append(f"{where}, veld 'sleutel': staat er twee keer in")
        sleutels.add(str(key))
        for fld in ("titel", "bron"):
            if not isinstance(b.get(fld), str) or not b[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg (noem het besluit en waar het staat)")
        if b.get("status") not in (TE_VERIFIEREN, BEVESTIGD):
            errors.append(f"{where}, veld 'status': moet '{TE_VERIFIEREN}' of '{BEVESTIGD}' zijn")
        jaren = b.get("jaren")
        if not isinstance(jaren, list) or not jaren or any(not isinstance(j, int) or not 1900 < j < 2200 for j in jaren):
            errors.append(f"{where}, veld 'jaren': een lijst van jaartallen")
            jaren = []
        dagen: list[tuple[date, str]] = []
        for j, x in enumerate(b.get("dagen") or []):
            d = _datum(x.get("datum")) if isinstance(x, dict) else None
            if d is None:
                errors.append(f"{where}, dag {j + 1}, veld 'datum': geen datum (jjjj-mm-dd)")
                continue
            if not isinstance(x.get("reden"), str) or not x["reden"].strip():
                errors.append(f"{where}, dag {j + 1}, veld 'reden': ontbreekt")
            if d.year not in jaren:
                errors.append(f"{where}, dag {d.isoformat()}: valt niet in de jaren van het besluit")
            if d.weekday() >= 5:
                errors.append(f"{where}, dag {d.isoformat()}: is een {WEEKDAGEN[d.weekday()]}; een gelijkgestelde "
                              "dag is een werkdag")
            dagen.append((d, str(x.get("reden", "")).strip()))
        besluiten.append(Besluit(str(key), str(b.get("titel", "")).strip(), tuple(jaren), str(b.get("bron", "")).strip(),
                                 str(b.get("status")), tuple(dagen)))
    for i, a in enumerate(besluiten):
        for b in besluiten[i + 1:]:
            both = sorted(set(a.jaren) & set(b.jaren))
            if both:
                errors.append(f"{name}: de besluiten '{a.sleutel}' en '{b.sleutel}' gelden allebei voor "
                              f"{', '.join(map(str, both))}")
    if errors:
        raise ConfigError(errors)
    return AtwKalender(str(data["bron"]), tuple(regels), tuple(besluiten))


def default_kalender_path() -> Path:
    return resources_dir() / "atw_kalender.yaml"


def load_kalender(path: str | Path | None = None) -> AtwKalender:
    p = Path(path) if path is not None else default_kalender_path()
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{p.name}: {leesfout(exc)}"]) from None
    return parse_kalender(data, p.name)


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> AtwKalender:
    return load_kalender(path)


def standaard_kalender(path: str | Path | None = None) -> AtwKalender:
    """The shipped calendar (cached; without the desk's own days)."""
    return _cached(str(Path(path) if path is not None else default_kalender_path()))
