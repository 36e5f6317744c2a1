"""AVE (Aanpak ter Voorkoming Escalatie): the four phases, the rules that propose a phase from a
conversation, and the rules for a change of phase (op- and afschalen).

Phase texts and proposal rules are data (``resources/ave.yaml``) so that a municipality can align them
with its own handbook; this module validates that file and evaluates the rules. Each rule's condition
set is fixed here (see ``CONDITIONS``); a rule fires when all its conditions hold, and the proposal is
the highest phase of any firing rule (AVE 1 when none fires). An answer that was not asked never
counts as "yes".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from toegang_app.domain.leesfout import leesfout
from toegang_app.domain.yaml_io import load_yaml

from toegang_app.domain import vocab
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

if TYPE_CHECKING:  # annotations only: reading ave.yaml for the start screen's colours needs no Uitvraag
    from toegang_app.domain.uitvraag import Uitvraag


def default_ave_path() -> Path:
    return resources_dir() / "ave.yaml"


@dataclass(frozen=True)
class AveFase:
    nummer: int
    naam: str
    kleur_naam: str
    kleur_hex: str
    situatie: str
    regie: str
    volgende_stap: str
    opschalen_wanneer: str
    afschalen_wanneer: str
    vastleggen: tuple[str, ...] = ()
    veiligheidsroute: tuple[str, ...] = ()
    kleur_tekst: str = "#FFFFFF"   # the text on the phase colour (WCAG AA: contrast >= 4.5, see contrast())


def relatieve_luminantie(hex_kleur: str) -> float:
    """WCAG 2.x relative luminance of '#RRGGBB'."""
    h = hex_kleur.lstrip("#")
    kanalen = []
    for i in (0, 2, 4):
        c = int(h[i:i + 2], 16) / 255
        kanalen.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = kanalen
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(voor: str, achter: str) -> float:
    """WCAG contrast ratio (1..21) of two '#RRGGBB' colours; AA for normal text needs 4.5."""
    a, b = sorted((relatieve_luminantie(voor), relatieve_luminantie(achter)), reverse=True)
    return (a + 0.05) / (b + 0.05)


WCAG_AA = 4.5


@dataclass(frozen=True)
class AveRegel:
    id: str
    fase: int
    als: dict[str, Any]
    uitleg: str


@dataclass(frozen=True)
class AveModel:
    """How a gemeente names its own phase model (Twenterand: Visie op Gefaseerd Samenwerken, seeds/000:708),
    with the phase texts it replaces."""

    gemeente: str
    model_naam: str
    korte_naam: str
    bron: str
    fasen: dict[int, AveFase]


@dataclass(frozen=True)
class AveConfig:
    bron: str
    fasen: dict[int, AveFase]
    regels: tuple[AveRegel, ...]
    procesregie_vanaf: int = 3
    # voorziening ids of the zorg- en veiligheidsketen that can hold regie in AVE 4
    ketenpartners: tuple[str, ...] = ()
    # a case in procesregie without an evaluation for this many days is flagged (design choice)
    evaluatie_uiterlijk_na_dagen: int = 91
    gemeenten: dict[str, AveModel] = field(default_factory=dict)

    @property
    def veiligheidsroute(self) -> tuple[str, ...]:
        """Voorziening ids of the safety route (from the AVE 4 phase)."""
        return self.fasen[4].veiligheidsroute

    def model(self, gemeente: str | None) -> AveModel:
        """The gemeente's own model (name and phase texts); the default texts when it names none."""
        m = self.gemeenten.get(gemeente or "")
        if m is not None:
            return m
        return AveModel(gemeente or "", "AVE (Aanpak ter Voorkoming Escalatie)", "AVE", self.bron, self.fasen)

    def fasen_voor(self, gemeente: str | None) -> dict[int, AveFase]:
        return self.model(gemeente).fasen


@dataclass(frozen=True)
class AveVoorstel:
    fase: int
    redenen: list[str]
    regels: tuple[str, ...] = ()   # ids of the rules that drove the proposal


# -- loading -------------------------------------------------------------------------------

# Allowed condition keys and their type ("int", "bool", "leefgebied", "dimensie", "vlag").
CONDITIONS: dict[str, str] = {
    "vlag": "vlag",
    "signaal": "leefgebied",
    "ernst_min": "ernst",
    "leefgebieden_min": "int",
    "crisis": "true",
    "samenwerking_stagneert": "true",
    "partijen_min": "int",
    "dimensie": "dimensie",
    "dimensies_min": "int",
    "score_max": "score",
}
VLAGGEN = ("veiligheid.acuut_onveilig", "veiligheid.vermoeden_huiselijk_geweld",
           "netwerk.mantelzorger", "netwerk.mantelzorger_overbelast",
           "crisis.dreigende_ontruiming", "crisis.afsluiting_energie_water",
           "crisis.opzegging_zorgverzekering", "samenwerking_stagneert")
_FASE_TEXT_FIELDS = ("naam", "situatie", "regie", "volgende_stap", "opschalen_wanneer", "afschalen_wanneer")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_condition(als: Any, where: str, errors: list[str]) -> None:
    if not isinstance(als, dict) or not als:
        errors.append(f"{where}, veld 'als': moet minstens één voorwaarde hebben")
        return
    for key, value in als.items():
        kind = CONDITIONS.get(key)
        p = f"{where}, veld 'als.{key}'"
        if kind is None:
            errors.append(f"{where}: onbekende voorwaarde 'als.{key}'; bekend zijn: {', '.join(CONDITIONS)}")
        elif kind == "vlag" and value not in VLAGGEN:
            errors.append(f"{p}: onbekende vlag {value!r}; kies uit {', '.join(VLAGGEN)}")
        elif kind == "leefgebied" and value not in vocab.LEEFGEBIEDEN:
            errors.append(f"{p}: onbekend leefgebied {value!r}")
        elif kind == "dimensie" and value not in vocab.DIMENSIES:
            errors.append(f"{p}: onbekende dimensie {value!r}")
        elif kind == "ernst" and value not in (1, 2, 3):
            errors.append(f"{p}: moet 1, 2 of 3 zijn")
        elif kind == "score" and not (_is_int(value) and 0 <= value <= 10):
            errors.append(f"{p}: moet een geheel getal van 0 tot en met 10 zijn")
        elif kind == "int" and not (_is_int(value) and value >= 1):
            errors.append(f"{p}: moet een geheel getal van 1 of meer zijn")
        elif kind == "true" and value is not True:
            errors.append(f"{p}: moet true zijn (laat de voorwaarde weg als die niet telt)")
    if isinstance(als, dict):
        if ("signaal" in als or "leefgebieden_min" in als) and "ernst_min" not in als:
            errors.append(f"{where}, veld 'als.ernst_min': nodig bij 'signaal' en 'leefgebieden_min'")
        if "ernst_min" in als and not ("signaal" in als or "leefgebieden_min" in als):
            errors.append(f"{where}, veld 'als.ernst_min': hoort bij 'signaal' of 'leefgebieden_min'")
        if ("dimensie" in als or "dimensies_min" in als) and "score_max" not in als:
            errors.append(f"{where}, veld 'als.score_max': nodig bij 'dimensie' en 'dimensies_min'")
        if "score_max" in als and not ("dimensie" in als or "dimensies_min" in als):
            errors.append(f"{where}, veld 'als.score_max': hoort bij 'dimensie' of 'dimensies_min'")


def parse_ave_config(data: Any, name: str = "ave.yaml") -> AveConfig:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError([f"{name}: moet een YAML-mapping zijn met 'fasen' en 'regels'"])
    unknown = set(data) - {"bron", "fasen", "regels", "procesregie_vanaf", "ketenpartners",
                           "evaluatie_uiterlijk_na_dagen", "gemeenten"}
    for k in sorted(unknown):
        errors.append(f"{name}: onbekend veld '{k}'")
    bron = data.get("bron")
    if not isinstance(bron, str) or not bron.strip():
        errors.append(f"{name}, veld 'bron': ontbreekt; noem de bron (seed-regel of handboek)")
    fasen: dict[int, AveFase] = {}
    raw_fasen = data.get("fasen")
    if not isinstance(raw_fasen, list):
        errors.append(f"{name}, veld 'fasen': moet een lijst van vier fasen zijn")
        raw_fasen = []
    for i, f in enumerate(raw_fasen):
        where = f"{name}, fase {f.get('nummer', i + 1) if isinstance(f, dict) else i + 1}"
        if not isinstance(f, dict):
            errors.append(f"{where}: moet een mapping zijn")
            continue
        nummer = f.get("nummer")
        if nummer not in (1, 2, 3, 4):
            errors.append(f"{where}, veld 'nummer': moet 1, 2, 3 of 4 zijn")
            continue
        if nummer in fasen:
            errors.append(f"{where}, veld 'nummer': fase {nummer} staat er twee keer in")
            continue
        ok = True
        for fld in _FASE_TEXT_FIELDS:
            if not isinstance(f.get(fld), str) or not f[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg")
                ok = False
        kleur = f.get("kleur")
        if not isinstance(kleur, dict) or not isinstance(kleur.get("naam"), str):
            errors.append(f"{where}, veld 'kleur.naam': ontbreekt")
            ok = False
        elif not isinstance(kleur.get("hex"), str) or not _HEX.match(kleur["hex"]):
            errors.append(f"{where}, veld 'kleur.hex': moet een kleurcode zijn als #F9A825")
            ok = False
        elif not isinstance(kleur.get("tekst", "#FFFFFF"), str) or not _HEX.match(kleur.get("tekst", "#FFFFFF")):
            errors.append(f"{where}, veld 'kleur.tekst': moet een kleurcode zijn als #1A1A1A")
            ok = False
        elif contrast(kleur["hex"], kleur.get("tekst", "#FFFFFF")) < WCAG_AA:
            errors.append(f"{where}, veld 'kleur.tekst': te weinig contrast met {kleur['hex']} "
                          f"({contrast(kleur['hex'], kleur.get('tekst', '#FFFFFF')):.1f}:1, minstens {WCAG_AA}:1 nodig)")
            ok = False
        lists = {}
        for fld in ("vastleggen", "veiligheidsroute"):
            v = f.get(fld, [])
            if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                errors.append(f"{where}, veld '{fld}': moet een lijst met teksten zijn")
                ok = False
            lists[fld] = tuple(v) if isinstance(v, list) else ()
        extra = set(f) - {"nummer", "kleur", "vastleggen", "veiligheidsroute", *_FASE_TEXT_FIELDS}
        for k in sorted(extra):
            errors.append(f"{where}: onbekend veld '{k}'")
        if ok:
            fasen[nummer] = AveFase(nummer=nummer, kleur_naam=kleur["naam"], kleur_hex=kleur["hex"],
                                    kleur_tekst=kleur.get("tekst", "#FFFFFF"),
                                    **{fld: f[fld] for fld in _FASE_TEXT_FIELDS}, **lists)
    missing = [n for n in (1, 2, 3, 4) if n not in fasen]
    if missing and not any("fase" in e for e in errors):
        errors.append(f"{name}, veld 'fasen': fase {', '.join(map(str, missing))} ontbreekt")
    if 4 in fasen and not fasen[4].veiligheidsroute:
        errors.append(f"{name}, fase 4, veld 'veiligheidsroute': noem minstens één voorziening (id)")
    vanaf = data.get("procesregie_vanaf", 3)
    if vanaf not in (1, 2, 3, 4):
        errors.append(f"{name}, veld 'procesregie_vanaf': moet 1, 2, 3 of 4 zijn")
    regels: list[AveRegel] = []
    raw_regels = data.get("regels")
    if not isinstance(raw_regels, list) or not raw_regels:
        errors.append(f"{name}, veld 'regels': moet een lijst met regels zijn")
        raw_regels = []
    seen: set[str] = set()
    for i, r in enumerate(raw_regels):
        if not isinstance(r, dict):
            errors.append(f"{name}, regel {i + 1}: moet een mapping zijn")
            continue
        rid = r.get("id")
        where = f"{name}, regel '{rid}'" if isinstance(rid, str) and rid else f"{name}, regel {i + 1}"
        if not isinstance(rid, str) or not rid:
            errors.append(f"{where}, veld 'id': ontbreekt")
        elif rid in seen:
            errors.append(f"{where}, veld 'id': staat er twee keer in")
        seen.add(str(rid))
        if r.get("fase") not in (2, 3, 4):
            errors.append(f"{where}, veld 'fase': moet 2, 3 of 4 zijn (AVE 1 is de standaard)")
        if not isinstance(r.get("uitleg"), str) or not r["uitleg"].strip():
            errors.append(f"{where}, veld 'uitleg': ontbreekt; leg in gewone taal uit waarom")
        for k in sorted(set(r) - {"id", "fase", "als", "uitleg"}):
            errors.append(f"{where}: onbekend veld '{k}'")
        _check_condition(r.get("als"), where, errors)
        regels.append(AveRegel(id=str(rid), fase=r.get("fase") or 0, als=dict(r.get("als") or {}),
                               uitleg=str(r.get("uitleg"))))
    keten = data.get("ketenpartners", list(fasen[4].veiligheidsroute) if 4 in fasen else [])
    if not isinstance(keten, list) or not keten or not all(isinstance(x, str) and x.strip() for x in keten):
        errors.append(f"{name}, veld 'ketenpartners': moet een lijst met voorziening-ids zijn (wie in AVE 4 de "
                      "regie heeft)")
        keten = []
    na = data.get("evaluatie_uiterlijk_na_dagen", 91)
    if not _is_int(na) or not 7 <= na <= 730:
        errors.append(f"{name}, veld 'evaluatie_uiterlijk_na_dagen': moet een geheel getal van 7 tot en met 730 zijn")
        na = 91
    gemeenten = _parse_gemeenten(data.get("gemeenten", {}), fasen, name, errors)
    if errors:
        raise ConfigError(errors)
    return AveConfig(bron=bron, fasen=dict(sorted(fasen.items())), regels=tuple(regels),
                     procesregie_vanaf=vanaf, ketenpartners=tuple(keten), evaluatie_uiterlijk_na_dagen=na,
                     gemeenten=gemeenten)


def _parse_gemeenten(raw: Any, fasen: dict[int, AveFase], name: str, errors: list[str]) -> dict[str, AveModel]:
    """Per gemeente: the model's own name (with its source) and optional replacements of phase texts."""
    from dataclasses import replace

    out: dict[str, AveModel] = {}
    if not isinstance(raw, dict):
        errors.append(f"{name}, veld 'gemeenten': moet een mapping per gemeente zijn")
        return out
    for gem, m in raw.items():
        where = f"{name}, gemeente '{gem}'"
        if gem not in vocab.GEMEENTEN:
            errors.append(f"{where}: onbekende gemeente; kies uit {', '.join(vocab.GEMEENTEN)}")
            continue
        if not isinstance(m, dict):
            errors.append(f"{where}: moet een mapping zijn met model_naam, korte_naam en bron")
            continue
        for k in sorted(set(m) - {"model_naam", "korte_naam", "bron", "fasen"}):
            errors.append(f"{where}: onbekend veld '{k}'")
        ok = True
        for fld in ("model_naam", "korte_naam", "bron"):
            if not isinstance(m.get(fld), str) or not m[fld].strip():
                errors.append(f"{where}, veld '{fld}': ontbreekt of is leeg")
                ok = False
        eigen = dict(fasen)
        raw_f = m.get("fasen", {}) or {}
        if not isinstance(raw_f, dict):
            errors.append(f"{where}, veld 'fasen': moet een mapping per fasenummer zijn")
            raw_f = {}
        for nr, teksten in raw_f.items():
            if nr not in (1, 2, 3, 4):
                errors.append(f"{where}, fase {nr}: bestaat niet (1, 2, 3 of 4)")
                continue
            if nr not in fasen:   # the phase itself is broken: reported above, once
                continue
            if not isinstance(teksten, dict):
                errors.append(f"{where}, fase {nr}: moet een mapping met teksten zijn")
                continue
            bad = set(teksten) - set(_FASE_TEXT_FIELDS)
            for k in sorted(bad):
                errors.append(f"{where}, fase {nr}: onbekend veld '{k}' (alleen teksten: "
                              f"{', '.join(_FASE_TEXT_FIELDS)})")
            leeg = [k for k, v in teksten.items() if k not in bad and not (isinstance(v, str) and v.strip())]
            for k in leeg:
                errors.append(f"{where}, fase {nr}, veld '{k}': is leeg")
            if not bad and not leeg:
                eigen[nr] = replace(fasen[nr], **teksten)
        if ok:
            out[gem] = AveModel(gem, m["model_naam"].strip(), m["korte_naam"].strip(), m["bron"].strip(),
                                dict(sorted(eigen.items())))
    return out


def load_ave_config(path: str | Path | None = None) -> AveConfig:
    p = Path(path) if path is not None else default_ave_path()
    try:
        data = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{p.name}: bestand niet gevonden ({p})"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{p.name}: {leesfout(exc)}"]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([f"{p.name}: {leesfout(exc)}"]) from None
    return parse_ave_config(data, p.name)


# -- proposing a phase ---------------------------------------------------------------------

def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def leefgebied_label(key: str) -> str:
    return _lower(vocab.LEEFGEBIEDEN.get(key, key.replace("_", " ")))


def dimensie_label(key: str) -> str:
    return vocab.DIMENSIES.get(key, key.replace("_", " "))


_VLAG_TEKST = {
    "veiligheid.acuut_onveilig": "acute onveiligheid gemeld",
    # a suspicion is not acute danger (issue 21): it starts the Meldcode
    "veiligheid.vermoeden_huiselijk_geweld": "vermoeden van huiselijk geweld, geen acuut gevaar: start de Meldcode",
    "netwerk.mantelzorger": "inwoner is mantelzorger",
    "netwerk.mantelzorger_overbelast": "mantelzorger is overbelast",
    "samenwerking_stagneert": "samenwerking stagneert",
}


def _flag_text(path: str) -> str:
    if path in _VLAG_TEKST:
        return _VLAG_TEKST[path]
    key = path.split(".")[-1]
    return "crisissituatie: " + _lower(vocab.CRISIS.get(key, key.replace("_", " ")))


def _evaluate(als: dict, u: Uitvraag, ernst: dict[str, int]) -> list[str] | None:
    """Reason fragments when every condition holds, else None."""
    parts: list[str] = []
    if "vlag" in als:
        if not u.flag(als["vlag"]):
            return None
        parts.append(_flag_text(als["vlag"]))
    if "signaal" in als:
        e = ernst.get(als["signaal"], 0)
        if e < als["ernst_min"]:
            return None
        parts.append(f"signaal op {leefgebied_label(als['signaal'])}: {vocab.ERNST[e]}")
    if "crisis" in als:
        crisis = u.crisis_gemeld()
        if not crisis:
            return None
        parts.append("crisissituatie: " + ", ".join(_lower(vocab.CRISIS[c]) for c in crisis))
    if "leefgebieden_min" in als:
        hits = [k for k, e in ernst.items() if e >= als["ernst_min"]]
        if len(hits) < als["leefgebieden_min"]:
            return None
        n = len(hits)
        wat = "ernstige problemen" if als["ernst_min"] >= 3 else ("problemen" if n > 1 else "probleem")
        gebied = "leefgebieden" if n > 1 else "leefgebied"
        parts.append(f"{wat} op {n} {gebied} ({', '.join(leefgebied_label(k) for k in hits)})")
    if "samenwerking_stagneert" in als:
        if u.samenwerking_stagneert is not True:
            return None
        if "partijen_min" in als:
            if (u.betrokken_partijen or 0) < als["partijen_min"]:
                return None
            parts.append(f"samenwerking stagneert met {u.betrokken_partijen} betrokken partijen")
        else:
            parts.append("samenwerking stagneert"
                         + (f" ({u.betrokken_partijen} betrokken partijen)" if u.betrokken_partijen else ""))
    elif "partijen_min" in als:
        if (u.betrokken_partijen or 0) < als["partijen_min"]:
            return None
        parts.append(f"{u.betrokken_partijen} betrokken partijen")
    dims = u.dimensies or {}
    if "dimensie" in als:
        score = dims.get(als["dimensie"]).score if als["dimensie"] in dims else None
        if score is None or score > als["score_max"]:
            return None
        parts.append(f"{_lower(dimensie_label(als['dimensie']))} {score}/10")
    if "dimensies_min" in als:
        low = [(k, d.score) for k, d in dims.items() if d.score is not None and d.score <= als["score_max"]]
        if len(low) < als["dimensies_min"]:
            return None
        low.sort(key=lambda kv: list(vocab.DIMENSIES).index(kv[0]))
        parts.append("lage scores: " + ", ".join(f"{_lower(dimensie_label(k))} {s}/10" for k, s in low))
    return parts


def propose_phase(u: Uitvraag, cfg: AveConfig) -> AveVoorstel:
    """The AVE phase the conversation points to, with Dutch reasons naming the driving answers."""
    ernst = u.ernst_per_leefgebied()
    fired: list[tuple[AveRegel, list[str]]] = []
    for regel in cfg.regels:
        parts = _evaluate(regel.als, u, ernst)
        if parts is not None:
            fired.append((regel, parts))
    if fired:
        fase = max(r.fase for r, _ in fired)
        redenen: list[str] = []
        ids: list[str] = []
        for regel, parts in fired:
            if regel.fase == fase:
                ids.append(regel.id)
                redenen.extend(p for p in parts if p not in redenen)
        return AveVoorstel(fase=fase, redenen=redenen, regels=tuple(ids))
    zorgen = [k for k, e in ernst.items() if e >= 1]
    if zorgen:
        reden = "alleen zorgen gemeld (" + ", ".join(leefgebied_label(k) for k in zorgen) + ")"
    elif u.signalen is None and u.dimensies is None and u.veiligheid is None and u.crisis is None:
        reden = "nog weinig gevraagd: geen signalen, scores of veiligheidsvragen vastgelegd"
    else:
        reden = "geen problemen gemeld"
    return AveVoorstel(fase=1, redenen=[reden], regels=())


# -- phase changes -------------------------------------------------------------------------

OPSCHALEN, AFSCHALEN, BEVESTIGD = "opschalen", "afschalen", "bevestigd"


def change_kind(old: int | None, new: int) -> str:
    """'opschalen', 'afschalen' or 'bevestigd' (same phase, or the first phase of a case)."""
    if old is None or old == new:
        return BEVESTIGD
    return OPSCHALEN if new > old else AFSCHALEN


def _check_fase(fase: Any, field_name: str) -> int:
    if not _is_int(fase) or fase not in (1, 2, 3, 4):
        raise InvalidInput(field_name, "Kies een AVE-fase: 1, 2, 3 of 4.")
    return fase


def validate_override(proposed: int | None, chosen: int, reason: str | None) -> str | None:
    """Return the cleaned reason. Choosing another phase than proposed needs a reason."""
    _check_fase(chosen, "fase")
    text = (reason or "").strip()
    if proposed is not None and chosen != proposed and not text:
        raise InvalidInput(
            "reden",
            f"U kiest AVE {chosen}, de app stelde AVE {proposed} voor. Schrijf kort op waarom.",
        )
    return text or None


@dataclass(frozen=True)
class PhaseChange:
    """One change (or confirmation) of the AVE phase, kept with date, worker and reason."""

    naar: int
    datum: date
    medewerker: str
    van: int | None = None
    voorgesteld: int | None = None
    reden: str | None = None

    def __post_init__(self):
        _check_fase(self.naar, "fase")
        if self.van is not None:
            _check_fase(self.van, "van")
        if not self.medewerker or not self.medewerker.strip():
            raise InvalidInput("medewerker", "Bij een fasewijziging hoort de naam van de medewerker.")
        validate_override(self.voorgesteld, self.naar, self.reden)
        if self.van is not None and self.van != self.naar and not (self.reden or "").strip():
            raise InvalidInput("reden", f"Schrijf op waarom u {self.soort} naar AVE {self.naar}.")

    @property
    def soort(self) -> str:
        return change_kind(self.van, self.naar)


REQUIREMENT_LABELS = {
    "procesregisseur": "procesregisseur",
    "plan": "plan (één gezin, één plan)",
    "evaluatiedatum": "evaluatiedatum",
}


def requirements_for_phase(fase: int, cfg: AveConfig | None = None) -> tuple[str, ...]:
    """What must be recorded in this phase: from procesregie_vanaf (default AVE 3) a procesregisseur,
    a plan and a review date."""
    vanaf = cfg.procesregie_vanaf if cfg is not None else 3
    return ("procesregisseur", "plan", "evaluatiedatum") if fase >= vanaf else ()


def missing_requirements(fase: int, *, procesregisseur: str | None, plan: str | None,
                         evaluatiedatum: date | None, cfg: AveConfig | None = None) -> list[str]:
    """Dutch messages for what is still missing for this phase (empty list when complete)."""
    have = {"procesregisseur": bool(procesregisseur and procesregisseur.strip()),
            "plan": bool(plan and plan.strip()), "evaluatiedatum": evaluatiedatum is not None}
    return [f"In AVE {fase} is een {REQUIREMENT_LABELS[r]} verplicht."
            for r in requirements_for_phase(fase, cfg) if not have[r]]


def review_due(review_date: date | None, today: date) -> bool:
    """True when the evaluation date has come (or passed)."""
    return review_date is not None and today >= review_date


def days_in_phase(since: date, today: date) -> int:
    return max((today - since).days, 0)
