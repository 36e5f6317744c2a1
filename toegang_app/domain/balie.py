"""The desk's own contact data (``resources/balies.yaml``): per gemeente the name of its access desk,
the free-text contact line printed on the resident's summary, and optionally the gemeente's general
phone number (``gemeente_algemeen``, never shown as a voorziening's own line).

Every fact cites its source (``bron``: a seed line such as ``seeds/003:128-134``); a value the seeds
do not give stays null and is printed as "te verifiëren". Validation reports every problem at once in
a :class:`~toegang_app.errors.ConfigError`, each message naming the file, the gemeente and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError

BESTAND = "balies.yaml"
_TELEFOON = re.compile(r"^\+?[0-9 ()\-]+$")


@dataclass(frozen=True)
class GemeenteAlgemeen:
    """The gemeente's general number and where it comes from."""

    telefoon: str
    bron: str


@dataclass(frozen=True)
class Balie:
    gemeente: str
    naam: str | None = None          # None: "te verifiëren"
    bron: str | None = None          # source of the name
    contact: str | None = None       # free text on the summary (the setting ``balie_contact`` wins)
    gemeente_algemeen: GemeenteAlgemeen | None = None


_VELDEN = ("naam", "bron", "contact", "gemeente_algemeen")


def _tekst(entry: dict, key: str, where: str, errors: list[str]) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}, veld '{key}': moet tekst zijn of leeg (null)")
        return None
    return value.strip()


def _algemeen(raw: Any, where: str, errors: list[str]) -> GemeenteAlgemeen | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{where}, veld 'gemeente_algemeen': moet een mapping zijn met 'telefoon' en 'bron'")
        return None
    for key in raw:
        if key not in ("telefoon", "bron"):
            errors.append(f"{where}, veld 'gemeente_algemeen': onbekend veld '{key}'")
    telefoon, bron = raw.get("telefoon"), raw.get("bron")
    veld = f"{where}, veld 'gemeente_algemeen"
    ok = True
    if not isinstance(telefoon, str) or not telefoon.strip():
        errors.append(f"{veld}.telefoon': ontbreekt (laat 'gemeente_algemeen' weg als het nummer niet bekend is)")
        ok = False
    elif not _TELEFOON.match(telefoon.strip()) or sum(c.isdigit() for c in telefoon) < 5:
        errors.append(f"{veld}.telefoon': '{telefoon}' is geen telefoonnummer (alleen cijfers, spaties, +, - en "
                      "haakjes)")
        ok = False
    if not isinstance(bron, str) or not bron.strip():
        errors.append(f"{veld}.bron': ontbreekt (noem de bron, bijvoorbeeld seeds/001:957)")
        ok = False
    return GemeenteAlgemeen(telefoon.strip(), bron.strip()) if ok else None


def parse_balies(data: Any, name: str = BESTAND) -> dict[str, Balie]:
    """Validate the parsed YAML: ``{versie: ..., balies: {gemeente: {naam, bron, contact,
    gemeente_algemeen}}}``, one entry for every gemeente Toegang knows."""
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: moet een YAML-mapping zijn met 'versie' en 'balies'")
    errors: list[str] = []
    for key in data:
        if key not in ("versie", "balies"):
            errors.append(f"{name}: onbekend veld '{key}'")
    if "versie" in data and not isinstance(data["versie"], str):
        errors.append(f"{name}, veld 'versie': moet tekst zijn, bijvoorbeeld \"2026-11-22\"")
    raw = data.get("balies")
    if not isinstance(raw, dict) or not raw:
        raise ConfigError([*errors, f"{name}, veld 'balies': ontbreekt of is leeg (per gemeente naam, bron en "
                                    "contact)"])
    out: dict[str, Balie] = {}
    for gemeente, entry in raw.items():
        where = f"{name}, balie '{gemeente}'"
        if gemeente not in GEMEENTEN:
            errors.append(f"{where}: onbekende gemeente; kies uit: {', '.join(GEMEENTEN)}")
            continue
        if not isinstance(entry, dict):
            errors.append(f"{where}: moet een mapping zijn met naam, bron en contact")
            continue
        for key in entry:
            if key not in _VELDEN:
                errors.append(f"{where}: onbekend veld '{key}'; bekend zijn: {', '.join(_VELDEN)}")
        naam = _tekst(entry, "naam", where, errors)
        bron = _tekst(entry, "bron", where, errors)
        if naam and not bron:
            errors.append(f"{where}, veld 'bron': ontbreekt; noem waar de naam '{naam}' vandaan komt")
        out[gemeente] = Balie(gemeente=gemeente, naam=naam, bron=bron, contact=_tekst(entry, "contact", where, errors),
                              gemeente_algemeen=_algemeen(entry.get("gemeente_algemeen"), where, errors))
    for gemeente in GEMEENTEN:
        if gemeente not in raw:
            errors.append(f"{name}: balie '{gemeente}' ontbreekt (zet naam en contact op null als ze niet bekend zijn)")
    if errors:
        raise ConfigError(errors)
    return out


def load_balies(path: Path) -> dict[str, Balie]:
    """Read and validate ``path``; ConfigError (Dutch, naming the file) when it cannot be used."""
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{Path(path).name}: bestand niet gevonden ({path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{Path(path).name}: {leesfout(exc)}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1})" if mark else ""
        raise ConfigError(f"{Path(path).name}: geen geldige YAML{where}") from None
    return parse_balies(data, Path(path).name)
