"""Loading the validated data files in ``resources/``: conversation prompts, the sociale kaart,
AVE phases, matching rules and legal terms. A broken file never takes the app down: its messages
are collected and shown, and the last good version is used where one exists."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
        raise ConfigError("\n".join(errors))
    return Prompts(dimensies=out, andere_gesprek=dict(andere), schaal_uitleg=str(data.get("schaal_uitleg", "")))


def load_resources(config, sessions=None, root: Path | None = None) -> Resources:
    base = root or resources_dir()
    res = Resources(prompts=load_prompts(base / "gesprek.yaml"))
    return res
