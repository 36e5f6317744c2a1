"""The table of source titles (resources/bronnen.yaml): read once, checked, used wherever a source is shown."""

from __future__ import annotations

from functools import lru_cache

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.bronnen import Bronnentabel, leesbaar, parse_bronnentabel
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

BESTAND = "bronnen.yaml"


@lru_cache(maxsize=1)
def tabel() -> Bronnentabel:
    path = resources_dir() / BESTAND
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return parse_bronnentabel(data)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"De lijst met brondocumenten ({path}) is niet leesbaar: {leesfout(exc)}") from exc
    except ValueError as exc:
        raise ConfigError(f"De lijst met brondocumenten ({path}) is niet bruikbaar: {exc}") from exc


def bron_tekst(tekst: str | None) -> str:
    """``tekst`` with every seed reference as '<document title>, regel N' (for screens and paper)."""
    try:
        t = tabel()
    except ConfigError:
        return tekst or ""
    return leesbaar(tekst, t)


def bronnen_tekst(bronnen) -> str:
    """A list of references, readable, separated by '; '."""
    return "; ".join(bron_tekst(b) for b in bronnen or ())
