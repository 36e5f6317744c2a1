"""Source references in words for people: "seeds/003:229" -> "Beleidsplan Sociaal Domein Haaksbergen
2026-2029, regel 229". The titles come from one table (resources/bronnen.yaml, read by services.bronnen)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "seeds/003:229", "seeds/003:229-231", "seeds/003_71b6f1f17831db75.txt:229"; after a first reference a
# bare "000:308-310" in the same text continues the list ("seeds/000:300, 000:308-310")
REF = re.compile(r"(?P<pre>seeds/)?\b(?P<doc>\d{3})(?:_[0-9a-f]{16}\.txt)?:(?P<van>\d+)(?:\s*-\s*(?P<tot>\d+))?\b")


@dataclass(frozen=True)
class Bronnentabel:
    titels: dict[str, str]   # '003' -> 'Beleidsplan Sociaal Domein Haaksbergen 2026-2029'
    bestanden: dict[str, str]  # '003' -> '003_71b6f1f17831db75.txt'

    def titel(self, doc: str) -> str | None:
        return self.titels.get(doc)


def parse_bronnentabel(data) -> Bronnentabel:
    """Check the table; raises ValueError with every problem in Dutch."""
    fouten: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("documenten"), dict) or not data["documenten"]:
        raise ValueError("bronnen.yaml: 'documenten' ontbreekt of is leeg")
    titels, bestanden = {}, {}
    for key, rij in data["documenten"].items():
        key = str(key)
        if not re.fullmatch(r"\d{3}", key):
            fouten.append(f"documenten: '{key}' is geen nummer van drie cijfers (zoals '003')")
            continue
        if not isinstance(rij, dict):
            fouten.append(f"documenten.{key}: moet 'bestand' en 'titel' hebben")
            continue
        titel, bestand = rij.get("titel"), rij.get("bestand")
        if not isinstance(titel, str) or not titel.strip():
            fouten.append(f"documenten.{key}.titel: ontbreekt")
        if not isinstance(bestand, str) or not bestand.startswith(key + "_"):
            fouten.append(f"documenten.{key}.bestand: moet beginnen met '{key}_'")
        if not fouten:
            titels[key] = titel.strip()
            bestanden[key] = bestand
    if fouten:
        raise ValueError("; ".join(fouten))
    return Bronnentabel(titels, bestanden)


def _regels(van: str, tot: str | None) -> str:
    return f"regels {van}-{tot}" if tot and tot != van else f"regel {van}"


def leesbaar(tekst: str | None, tabel: Bronnentabel) -> str:
    """Every seed reference in ``tekst`` replaced by the document's title and line; other text unchanged.
    A reference to a document the table does not know stays as it is (the check in tests catches it)."""
    if not tekst:
        return tekst or ""
    vorige: list[str | None] = [None]   # the document of the previous reference in this text

    def vervang(m: re.Match) -> str:
        doc = m.group("doc")
        titel = tabel.titel(doc)
        if titel is None or (m.group("pre") is None and vorige[0] is None):
            return m.group(0)
        zelfde = m.group("pre") is None and vorige[0] == doc
        vorige[0] = doc
        regels = _regels(m.group("van"), m.group("tot"))
        return regels if zelfde else f"{titel}, {regels}"

    return REF.sub(vervang, tekst)


def documenten_in(tekst: str) -> set[str]:
    """The document numbers referred to with 'seeds/NNN' in ``tekst``."""
    return {m.group("doc") for m in REF.finditer(tekst or "") if m.group("pre")}
