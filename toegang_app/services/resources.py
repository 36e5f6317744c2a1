"""Loading the validated data files in ``resources/``: conversation prompts, the sociale kaart,
AVE phases, matching rules and legal terms. A broken file never takes the app down: its messages
are collected and shown, and the last good version is used where one exists."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toegang_app.domain.yaml_io import load_yaml

from toegang_app.domain.vocab import DIMENSIES
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prompts:
    dimensies: dict[str, tuple[str, ...]]
    andere_gesprek: dict[str, str]
    schaal_uitleg: str


@dataclass
class Resources:
    prompts: Prompts
    kaart: Any = None
    ave: Any = None
    matching: Any = None
    termijnen: Any = None
    notices: list[str] = field(default_factory=list)


def load_prompts(path: Path) -> Prompts:
    where = path.name
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{where}: bestand is niet leesbaar ({exc}).") from exc
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


def load_kaart(kaart_dir: Path, data_dir: Path | None) -> tuple[Any, list[str]]:
    """The shipped kaart, validated. When it is broken, its Dutch messages are returned as a notice
    and the last good copy (kept in the data folder) is used instead."""
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
    if dest.exists():
        shutil.rmtree(dest)
    os.replace(tmp, dest)


def load_resources(config, sessions=None, root: Path | None = None) -> Resources:
    base = root or resources_dir()
    res = Resources(prompts=load_prompts(base / "gesprek.yaml"))
    res.kaart, notices = load_kaart(base / "kaart", getattr(config, "data_dir", None))
    res.notices.extend(notices)
    from toegang_app.domain.ave import load_ave_config
    from toegang_app.domain.ladder import load_matching_rules
    from toegang_app.domain.termijnen import load_termijn_config

    for attr, loader, name in (
        ("ave", load_ave_config, "ave.yaml"),
        ("matching", load_matching_rules, "matching.yaml"),
        ("termijnen", load_termijn_config, "termijnen.yaml"),
    ):
        try:
            setattr(res, attr, loader(base / name))
        except ConfigError as exc:
            log.error("%s refused: %s", name, exc.messages)
            res.notices.append(f"{name} bevat fouten en is niet geladen; dit onderdeel werkt niet tot de beheerder "
                               "het bestand herstelt:\n• " + "\n• ".join(exc.messages[:20]))
    return res
