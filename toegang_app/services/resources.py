"""Every validated data file in ``resources/``, loaded in one place: conversation prompts, the sociale
kaart, AVE phases, matching rules, legal terms, retention terms (``bewaartermijnen.yaml``) and the
desk's own contact data (``balies.yaml``) and safety (``veiligheid.yaml``: Meldcode, Veilig Thuis and 112,
the rules of the safe resident summary).

A broken file never takes the app down: its Dutch messages (file, entry, field) are collected in
``notices`` and shown, and the last good version is used where one exists (the kaart keeps a copy in
the data folder; a :meth:`Resources.reload` keeps what it had in memory). Only the prompts are
required at start: without them no conversation can be held.

Caches built from these resources belong to the modules that build them; they compare
:attr:`Resources.versie`, which changes with every load and reload, and rebuild themselves.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.balie import BESTAND as BALIES_BESTAND, Balie, load_balies
from toegang_app.domain.vocab import DIMENSIES
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

log = logging.getLogger(__name__)

_VERSIES = itertools.count(1)
# not needed to fill the start screen (issue 26: start closer to the bare window): the sociale kaart, the
# summary's languages, the matching rules of the suggestions, the statistics, the retention terms, the legal
# terms (with the Atw calendar) and the safety rules (Meldcode, the safe summary); the conversation editor
# reads the last two on first use if the background load has not yet
UITSTELBAAR = ("kaart", "talen", "matching", "statistiek", "bewaren", "termijnen", "veiligheid")
ONDERDELEN = ("prompts", "kaart", "ave", "matching", "termijnen", "bewaren", "balies", "veiligheid", "talen",
              "statistiek")


# (attribute, file, module, loader) of the single-file parts; each loader validates and raises ConfigError.
# The module is imported when its part is read, so a deferred part costs nothing at the start.
_DELEN = (("ave", "ave.yaml", "toegang_app.domain.ave", "load_ave_config"),
          ("matching", "matching.yaml", "toegang_app.domain.ladder", "load_matching_rules"),
          ("termijnen", "termijnen.yaml", "toegang_app.domain.termijnen", "load_termijn_config"),
          ("bewaren", "bewaartermijnen.yaml", "toegang_app.services.bewaren", "load_bewaarconfig"),
          ("balies", BALIES_BESTAND, "toegang_app.domain.balie", "load_balies"),
          ("veiligheid", "veiligheid.yaml", "toegang_app.domain.veiligheid", "load_veiligheid_config"),
          ("talen", "handout_talen", "toegang_app.domain.handout_talen", "load_talen"),
          ("statistiek", "statistiek.yaml", "toegang_app.services.statistiek", "load_statistiek"))


def _loaders():
    """(attribute, file, loader) of the single-file parts (the loader imports its module when called)."""
    import importlib

    def loader(module: str, fn: str):
        return lambda path: getattr(importlib.import_module(module), fn)(path)

    return tuple((attr, name, loader(module, fn)) for attr, name, module, fn in _DELEN)


@dataclass(frozen=True)
class Prompts:
    dimensies: dict[str, tuple[str, ...]]
    andere_gesprek: dict[str, str]
    schaal_uitleg: str


@dataclass
class Resources:
    """The loaded resources. ``None`` for a part whose file is broken (its problem is in ``notices``
    and in ``problemen``, so a service can raise it when that part is asked for)."""

    root: Path
    data_dir: Path | None = None
    prompts: Prompts | None = None
    # (default_factory: no class attribute, so a deferred part is found by __getattr__, which loads it)
    kaart: Any = field(default_factory=lambda: None)  # domain.kaart.Kaart (the shipped kaart; edits: database)
    ave: Any = None          # domain.ave.AveConfig
    matching: Any = field(default_factory=lambda: None)     # domain.ladder.MatchingRules
    termijnen: Any = field(default_factory=lambda: None)    # domain.termijnen.TermijnConfig
    bewaren: Any = field(default_factory=lambda: None)      # services.bewaren.BewaarConfig
    balies: dict[str, Balie] = field(default_factory=dict)
    veiligheid: Any = field(default_factory=lambda: None)  # domain.veiligheid.VeiligheidConfig (Meldcode, 112, ...)
    talen: Any = field(default_factory=lambda: None)  # domain.handout_talen.Talen (languages of the summary)
    statistiek: Any = field(default_factory=lambda: None)   # list of domain.statistiek.NietTeBerekenen
    notices: list[str] = field(default_factory=list)
    problemen: dict[str, ConfigError] = field(default_factory=dict)
    versie: int = 0
    _uitgesteld: dict = field(default_factory=dict, repr=False)  # part -> its loader, run on first use
    _slot: Any = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        # a deferrable part must have no class attribute (default_factory), or __getattr__ is never asked
        assert all(not hasattr(type(self), n) for n in UITSTELBAAR)

    def __getattr__(self, name: str) -> Any:
        """A deferred part (``reload(uitstellen=...)``) is loaded when it is first used, in whichever
        thread asks; the others wait for it."""
        uitgesteld = self.__dict__.get("_uitgesteld")
        if not uitgesteld or name not in UITSTELBAAR:
            raise AttributeError(name)
        with self.__dict__["_slot"]:
            laad = uitgesteld.pop(name, None)
            if laad is not None:
                laad()
        return self.__dict__[name]

    def laad_uitgesteld(self) -> list[str]:
        """Load every deferred part now (the app does this off the GUI thread once the start screen is
        filled); returns the notices of those parts (a broken file), to show then."""
        voor = len(self.notices)
        for name in list(self._uitgesteld):
            getattr(self, name)
        return self.notices[voor:]

    def reload(self, onderdelen: tuple[str, ...] | None = None, uitstellen: tuple[str, ...] = ()) -> list[str]:
        """Read every file again (after the beheerder changed one), or only the parts named in
        ``onderdelen`` (a command that needs one file). Returns the notices of this load. The parts in
        ``uitstellen`` (of UITSTELBAAR: the sociale kaart and the summary's languages, not needed for
        the start screen) are read when first used or by :meth:`laad_uitgesteld`."""
        wanted = set(ONDERDELEN if onderdelen is None else onderdelen)
        if wanted - set(ONDERDELEN):
            raise ValueError(f"unknown resource parts: {sorted(wanted - set(ONDERDELEN))}")
        if set(uitstellen) - set(UITSTELBAAR):
            raise ValueError(f"these parts cannot be deferred: {sorted(set(uitstellen) - set(UITSTELBAAR))}")
        with self._slot:
            for name in list(self._uitgesteld):  # a reload of a deferred part reads it now (or defers again)
                if name in wanted:
                    self._uitgesteld.pop(name)
                    self.__dict__.setdefault(name, None)
            return self._reload(wanted, set(uitstellen))

    def _reload(self, wanted: set[str], uitstellen: set[str]) -> list[str]:
        self.notices = []
        self.problemen = {k: v for k, v in self.problemen.items() if k not in wanted}
        if "prompts" in wanted:
            try:
                self.prompts = load_prompts(self.root / "gesprek.yaml")
            except ConfigError as exc:
                if self.prompts is None:
                    raise  # nothing to fall back on: no conversation without the prompts
                self._refused("prompts", "gesprek.yaml", exc)
        def kaart() -> None:
            self.kaart, notices = load_kaart(self.root / "kaart", self.data_dir, vorige=self.__dict__.get("kaart"))
            self.notices.extend(notices)

        def deel(attr: str, name: str, loader) -> Callable[[], None]:
            def laad() -> None:
                self.__dict__.setdefault(attr, None)
                try:
                    setattr(self, attr, loader(self.root / name))
                except ConfigError as exc:
                    self._refused(attr, name, exc)
            return laad

        onderdelen = [("kaart", kaart)] + [(attr, deel(attr, name, loader)) for attr, name, loader in _loaders()]
        for attr, laad in onderdelen:
            if attr not in wanted:
                continue
            if attr in uitstellen:
                self.__dict__.pop(attr, None)
                self._uitgesteld[attr] = laad
            else:
                laad()
        self.versie = next(_VERSIES)
        return list(self.notices)

    def _refused(self, attr: str, name: str, exc: ConfigError) -> None:
        log.error("%s refused: %s", name, exc.messages)
        self.problemen[attr] = exc
        kept = getattr(self, attr) not in (None, {})
        self.notices.append(f"{name} bevat fouten en is niet geladen; "
                            + ("Toegang gebruikt de vorige versie tot de beheerder het bestand herstelt"
                               if kept else "dit onderdeel werkt niet tot de beheerder het bestand herstelt")
                            + ":\n• " + "\n• ".join(exc.messages[:20]))

    def required(self, attr: str) -> Any:
        """The loaded part ``attr``, or the ConfigError that kept it from loading."""
        value = getattr(self, attr)
        if value is None:
            raise self.problemen.get(attr) or ConfigError(f"Het onderdeel '{attr}' van resources/ is niet geladen.")
        return value


def load_prompts(path: Path) -> Prompts:
    where = path.name
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{where}: {leesfout(exc)}.") from exc
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: moet een YAML-mapping zijn.")
    dims = data.get("dimensies") or {}
    out: dict[str, tuple[str, ...]] = {}
    for key in DIMENSIES:
        entry = dims.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("vragen"), list) or not entry["vragen"]:
            errors.append(f"{where}, dimensie '{key}', veld 'vragen': ontbreekt of is leeg")
            continue
        out[key] = tuple(str(q) for q in entry["vragen"])
    for key in dims:
        if key not in DIMENSIES:
            errors.append(f"{where}, dimensie '{key}': onbekende dimensie")
    andere = data.get("andere_gesprek") or {}
    for key in ("wat_belangrijk", "wat_veranderen", "wie_helpen"):
        if not isinstance(andere.get(key), str):
            errors.append(f"{where}, andere_gesprek, veld '{key}': ontbreekt")
    if errors:
        raise ConfigError(errors)
    return Prompts(dimensies=out, andere_gesprek=dict(andere), schaal_uitleg=str(data.get("schaal_uitleg", "")))


LAST_GOOD_KAART = "kaart-laatst-goed"


def load_kaart(kaart_dir: Path, data_dir: Path | None, vorige: Any = None) -> tuple[Any, list[str]]:
    """The shipped kaart, validated. When it is broken, its Dutch messages are returned as a notice
    and the last good copy (kept in the data folder) is used instead, or else ``vorige`` (the kaart
    loaded before a reload)."""
    from toegang_app.domain.kaart_io import KaartError, load_kaart_dir

    last_good = data_dir / LAST_GOOD_KAART if data_dir is not None else None
    try:
        kaart = load_kaart_dir(kaart_dir)
    except KaartError as exc:
        log.error("Shipped kaart %s refused: %s", kaart_dir, exc.messages)
        notice = ("De sociale kaart in " + str(kaart_dir) + " bevat fouten en is niet geladen:\n• "
                  + "\n• ".join(exc.messages[:20]) + ("\n• ..." if len(exc.messages) > 20 else ""))
        if last_good is not None and last_good.is_dir():
            try:
                kaart = load_kaart_dir(last_good)
            except KaartError:
                return None, [notice + "\nOok de laatste goede kopie is onbruikbaar. Vraag de beheerder."]
            return kaart, [notice + "\nToegang gebruikt de laatste goede versie van de kaart."]
        if vorige is not None:
            return vorige, [notice + "\nToegang gebruikt de kaart die al geladen was."]
        return None, [notice + "\nEr is geen eerdere goede versie; de kaart is leeg tot de fout is hersteld."]
    if last_good is not None:
        try:
            _keep_copy(kaart_dir, last_good)
        except OSError as exc:  # not fatal: the kaart itself is fine
            log.warning("Could not keep a copy of the good kaart: %s", exc)
    return kaart, []


def _keep_copy(src: Path, dest: Path) -> None:
    tmp = dest.with_name(dest.name + ".nieuw")
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(src, tmp)
    from toegang_app.private_files import secure_tree

    secure_tree(tmp)  # copytree copies the program files' modes; in the data folder: for the user only
    if dest.exists():
        shutil.rmtree(dest)
    os.replace(tmp, dest)


def load_resources(config, root: Path | None = None, onderdelen: tuple[str, ...] | None = None,
                   uitstellen: tuple[str, ...] = ()) -> Resources:
    """Load and validate the resources (all of them, or only ``onderdelen``); ``uitstellen``: parts to
    read on first use (see :meth:`Resources.reload`)."""
    res = Resources(root=root or resources_dir(), data_dir=getattr(config, "data_dir", None))
    res.reload(onderdelen, uitstellen=uitstellen)
    return res
