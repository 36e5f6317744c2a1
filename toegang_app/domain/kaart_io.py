"""Reading and writing the sociale kaart as YAML files (``resources/kaart/*.yaml``).

The rules live in ``domain.kaart``; this module only turns files into the dicts those rules read and
back. Everything a beheerder can get wrong comes back as Dutch messages naming file, entry and field.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from toegang_app.domain.leesfout import os_reden
from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.yaml_io import load_yaml

from toegang_app.domain.kaart import (  # noqa: F401  (re-exported: the kaart service imports them from here)
    Kaart,
    KaartError,
    SeedReader,
    Voorziening,
    build_kaart,
    samenvatting,
    voorziening_from_dict,
    voorziening_to_dict,
)

KAART_BESTANDEN = "*.yaml"


def kaart_resources_dir() -> Path:
    """Where the shipped kaart lives (one place, so it can move later)."""
    from toegang_app.paths import resources_dir

    return resources_dir() / "kaart"


def default_seeds_dir() -> Path | None:
    """The seeds next to a source checkout (../shared/seeds), when present; None in an installed app."""
    from toegang_app.paths import program_root

    d = program_root().parent / "shared" / "seeds"
    return d if d.is_dir() else None


def _read_yaml(path: Path) -> tuple[Any, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [f"{path.name}: bestand is niet leesbaar ({os_reden(exc)})"]
    except UnicodeDecodeError:
        return None, [f"{path.name}: het bestand is geen UTF-8-tekst; sla het op als UTF-8"]
    try:
        return load_yaml(text), []
    except yaml.YAMLError as exc:
        return None, [f"{path.name}: {leesfout(exc)}"]


def _files(path: Path) -> list[Path]:
    return sorted(p for p in Path(path).glob(KAART_BESTANDEN) if p.is_file())


def _seeds(seeds_dir: Path | str | None) -> SeedReader | None:
    return SeedReader(Path(seeds_dir)) if seeds_dir is not None else None


def check_paths(paths: Iterable[Path], seeds_dir: Path | str | None = None) -> tuple[Kaart, list[str]]:
    documents: dict[str, Any] = {}
    errors: list[str] = []
    for p in paths:
        data, errs = _read_yaml(p)
        errors.extend(errs)
        if not errs:
            documents[p.name] = data
    kaart, errs = build_kaart(documents, _seeds(seeds_dir))
    return kaart, errors + errs


def load_kaart_dir(path: Path | str, seeds_dir: Path | str | None = None) -> Kaart:
    """Every ``*.yaml`` in the folder, validated together; raises KaartError listing every problem."""
    path = Path(path)
    if not path.is_dir():
        raise KaartError([f"{path}: map met de sociale kaart bestaat niet"])
    files = _files(path)
    if not files:
        raise KaartError([f"{path}: bevat geen kaartbestanden (*.yaml)"])
    kaart, errors = check_paths(files, seeds_dir)
    if errors:
        raise KaartError(errors)
    return kaart


def validate_file(path: Path | str, seeds_dir: Path | str | None = None) -> list[str]:
    """Every problem in one kaart file, or in all files of a folder (then ids are checked across files)."""
    path = Path(path)
    if path.is_dir():
        files = _files(path)
        if not files:
            return [f"{path}: bevat geen kaartbestanden (*.yaml)"]
    elif path.is_file():
        files = [path]
    else:
        return [f"{path}: bestand of map bestaat niet"]
    return check_paths(files, seeds_dir)[1]


def dump_kaart_yaml(voorzieningen: Iterable[Voorziening], versie: str | date | None = None) -> str:
    doc = {"versie": str(versie or date.today().isoformat()),
           "voorzieningen": [voorziening_to_dict(v) for v in voorzieningen]}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110)


def write_kaart_yaml(voorzieningen: Iterable[Voorziening], path: Path | str, versie: str | date | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_kaart_yaml(voorzieningen, versie), encoding="utf-8")
    return path
