"""The languages of the resident's summary: one translation file per language in
``resources/handout_talen/<code>.yaml``, validated against the Dutch file.

Every fixed text of the summary (headings, dimension names and their plain explanation, the questions
of "het andere gesprek", the score explanation, the labels of afspraken and referrals, the contact
block, the page furniture, and the texts of "Toen en nu" of a follow-up conversation: keys ``toen_*``,
``zin_*``, ``web_*``, ``richting_*``) has a key. In Arabic, "right" and "left" in ``toen_uitleg`` follow
the mirrored layout (then on the right). A file says whether a native speaker reviewed it
(``nagekeken``); an unreviewed language prints a small note saying so (key ``niet_nagekeken``). Nothing
is translated at run time and nothing is fetched: what is not in a file is not printed.

File layout::

    taal: ar                      # the file's code (nl, en, pl, tr, ar, uk, ti)
    naam: العربية                 # the language's own name
    naam_nl: Arabisch             # its Dutch name (the print dialog, the command line)
    richting: rtl                 # ltr | rtl
    schrift: arab                 # latn | cyrl | arab | ethi (fonts, see reports/schrift.py)
    nagekeken: false              # reviewed by a native speaker?
    nagekeken_door: null          # who and when, free text (no personal data beyond a role)
    maanden: [12 month names]
    dimensies: {key: {naam: ..., uitleg: ...}}     # vocab.DIMENSIES keys
    labels: {Dutch label: translation}             # referral hand-over kinds and statuses
    teksten: {key: text}                           # {placeholders} as in the Dutch file
    velden: {field table key: label}               # optional: labels of fields another issue puts on
                                                   # the summary (domain.gesprek_velden, samenvatting)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain import vocab
from toegang_app.domain.verwijzing import OVERDRACHTEN, REDENEN_NIET_GESTART, STATUSSEN
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError

MAP = "handout_talen"
BRON = "nl"
# the order of the print dialog and of ``toegang-admin handout --taal``
CODES = ("nl", "en", "pl", "tr", "ar", "uk", "ti")
RICHTINGEN = ("ltr", "rtl")
SCHRIFTEN = ("latn", "cyrl", "arab", "ethi")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def vaste_labels() -> tuple[str, ...]:
    """The Dutch labels a summary may print for a referral: every hand-over kind, status and reason."""
    return tuple(OVERDRACHTEN.values()) + tuple(STATUSSEN.values()) + tuple(REDENEN_NIET_GESTART.values())


@dataclass(frozen=True)
class Taal:
    code: str
    naam: str
    naam_nl: str
    richting: str
    schrift: str
    nagekeken: bool
    nagekeken_door: str | None
    maanden: tuple[str, ...]
    dimensies: dict[str, tuple[str, str]]          # key -> (naam, uitleg)
    labels: dict[str, str]
    teksten: dict[str, str] = field(default_factory=dict)
    velden: dict[str, str] = field(default_factory=dict)

    def veld(self, key: str, default: str) -> str:
        """The label of a field-table field on the summary; ``default`` (Dutch) when not translated."""
        return self.velden.get(key, default)

    @property
    def rtl(self) -> bool:
        return self.richting == "rtl"

    @property
    def keuze_label(self) -> str:
        """'Arabisch (العربية)' in the print dialog; Dutch alone for Dutch."""
        return self.naam_nl if self.naam == self.naam_nl else f"{self.naam_nl} ({self.naam})"

    def t(self, key: str, **values) -> str:
        """The text ``key`` with its placeholders filled in. An unknown key is a programming error."""
        text = self.teksten[key]
        return text.format(**values) if values else text

    def datum(self, d: date | None) -> str:
        if d is None:
            return ""
        return f"{d.day} {self.maanden[d.month - 1]} {d.year}"

    def dimensie(self, key: str) -> str:
        return self.dimensies[key][0]

    def dimensie_uitleg(self, key: str) -> str:
        return self.dimensies[key][1]

    def label(self, dutch: str | None) -> str | None:
        """A referral label in this language. 'Niet gestart: wachtlijst of geen capaciteit' is translated
        in its two parts. A label without a translation stays Dutch (never guessed)."""
        if dutch is None:
            return None
        if dutch in self.labels:
            return self.labels[dutch]
        head, sep, tail = dutch.partition(": ")
        if sep and head in self.labels:
            for k, v in self.labels.items():
                if k.lower() == tail.lower():
                    return f"{self.labels[head]}: {v}"
        return dutch


@dataclass(frozen=True)
class Talen:
    talen: dict[str, Taal]

    def __getitem__(self, code: str) -> Taal:
        return self.talen[code]

    def __contains__(self, code: object) -> bool:
        return code in self.talen

    def __iter__(self):
        return iter(self.talen.values())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.talen)


def _read(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{MAP}/{path.name}: het bestand is geen UTF-8-tekst.") from None
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{MAP}/{path.name}: {leesfout(exc)}.") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{MAP}/{path.name}: moet een YAML-mapping zijn.")
    return data


def _taal(data: dict, where: str, code: str, bron: Taal | None, errors: list[str]) -> Taal | None:
    n = len(errors)
    if data.get("taal") != code:
        errors.append(f"{where}, veld 'taal': moet '{code}' zijn (de naam van het bestand)")
    for key in ("naam", "naam_nl"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(f"{where}, veld '{key}': ontbreekt")
    if data.get("richting") not in RICHTINGEN:
        errors.append(f"{where}, veld 'richting': kies uit {', '.join(RICHTINGEN)}")
    if data.get("schrift") not in SCHRIFTEN:
        errors.append(f"{where}, veld 'schrift': kies uit {', '.join(SCHRIFTEN)}")
    if not isinstance(data.get("nagekeken"), bool):
        errors.append(f"{where}, veld 'nagekeken': moet true of false zijn (door een moedertaalspreker nagekeken?)")
    maanden = data.get("maanden")
    if not (isinstance(maanden, list) and len(maanden) == 12 and all(isinstance(m, str) and m for m in maanden)):
        errors.append(f"{where}, veld 'maanden': twaalf namen van maanden")
        maanden = [""] * 12
    dims: dict[str, tuple[str, str]] = {}
    raw_dims = data.get("dimensies") if isinstance(data.get("dimensies"), dict) else {}
    for key in vocab.DIMENSIES:
        e = raw_dims.get(key)
        if not isinstance(e, dict) or not all(isinstance(e.get(f), str) and e[f].strip() for f in ("naam", "uitleg")):
            errors.append(f"{where}, dimensies, '{key}': naam en uitleg zijn nodig")
            continue
        dims[key] = (e["naam"].strip(), e["uitleg"].strip())
    for key in raw_dims:
        if key not in vocab.DIMENSIES:
            errors.append(f"{where}, dimensies, '{key}': onbekende dimensie")
    labels = data.get("labels") if isinstance(data.get("labels"), dict) else {}
    for dutch in vaste_labels():
        if not isinstance(labels.get(dutch), str) or not labels[dutch].strip():
            errors.append(f"{where}, labels, '{dutch}': vertaling ontbreekt")
    for dutch in labels:
        if dutch not in vaste_labels():
            errors.append(f"{where}, labels, '{dutch}': onbekend label")
    teksten = data.get("teksten") if isinstance(data.get("teksten"), dict) else {}
    if not teksten:
        errors.append(f"{where}, veld 'teksten': ontbreekt")
    for key, text in teksten.items():
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}, teksten, '{key}': leeg")
    if bron is not None:
        for key in bron.teksten:
            if key not in teksten:
                errors.append(f"{where}, teksten, '{key}': ontbreekt (staat wel in {BRON}.yaml)")
        for key, text in teksten.items():
            if key not in bron.teksten:
                errors.append(f"{where}, teksten, '{key}': onbekende sleutel (niet in {BRON}.yaml)")
            elif isinstance(text, str) and set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(bron.teksten[key])):
                errors.append(f"{where}, teksten, '{key}': de {{plaatshouders}} moeten dezelfde zijn als in {BRON}.yaml "
                              f"({', '.join(sorted(set(_PLACEHOLDER.findall(bron.teksten[key])))) or 'geen'})")
    velden = data.get("velden") or {}
    if not isinstance(velden, dict) or not all(isinstance(v, str) and v.strip() for v in velden.values()):
        errors.append(f"{where}, veld 'velden': een lijst 'sleutel: label' van velden op de samenvatting")
        velden = {}
    if len(errors) > n:
        return None
    return Taal(code=code, naam=data["naam"].strip(), naam_nl=data["naam_nl"].strip(), richting=data["richting"],
                schrift=data["schrift"], nagekeken=data["nagekeken"],
                nagekeken_door=str(data["nagekeken_door"]) if data.get("nagekeken_door") else None,
                maanden=tuple(maanden), dimensies=dims, labels={k: str(v).strip() for k, v in labels.items()},
                teksten={k: str(v).strip() for k, v in teksten.items()},
                velden={str(k): str(v).strip() for k, v in velden.items()})


def load_talen(folder: Path, codes: tuple[str, ...] = CODES) -> Talen:
    """Every language of ``codes`` (default all of ``CODES``) from ``folder``, checked against the Dutch
    source; raises ConfigError with every problem (Dutch)."""
    errors: list[str] = []
    out: dict[str, Taal] = {}
    bron = None
    for code in (BRON, *(c for c in codes if c != BRON)):
        path = folder / f"{code}.yaml"
        where = f"{MAP}/{code}.yaml"
        if not path.is_file():
            errors.append(f"{where}: bestand ontbreekt")
            continue
        try:
            data = _read(path)
        except ConfigError as exc:
            errors.extend(exc.messages)
            continue
        taal = _taal(data, where, code, bron, errors)
        if code == BRON:
            if taal is None:
                break  # without the Dutch source no other file can be checked
            bron = taal
        if taal is not None:
            out[code] = taal
    if errors:
        raise ConfigError(errors)
    return Talen(out)
