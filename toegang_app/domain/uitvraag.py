"""One conversation (brede uitvraag) in the exchange format ``toegang-uitvraag/1``
(``shared/docs/uitvraag-format.md``).

A missing answer is ``None`` and means "not asked", never "no problem". Parsing is strict: unknown
keys and wrong types are refused with a Dutch message naming the field path, so that a typo never
silently changes a triage. ``uitvraag_to_dict(parse_uitvraag(d)) == d`` for every valid document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from toegang_app.domain import vocab
from toegang_app.domain.validation import InvalidInput, make_date

FORMAAT = "toegang-uitvraag/1"


class FormatError(InvalidInput):
    """A document that does not follow the exchange format. ``field`` is the dotted path."""

    def __init__(self, path: str | None, problem: str):
        message = f"veld '{path}': {problem}" if path else problem
        super().__init__(path, message)
        self.problem = problem


@dataclass(frozen=True)
class Aanmelding:
    datum: date | None = None
    kanaal: str | None = None
    melder: str | None = None
    vraag: str | None = None


@dataclass(frozen=True)
class Dimensie:
    score: int | None = None        # 0-10 as the resident sees it
    bespreken: bool | None = None   # "hier wil ik over praten"


@dataclass(frozen=True)
class Signaal:
    leefgebied: str
    ernst: int                      # 1 zorg, 2 probleem, 3 ernstig of acuut
    toelichting: str | None = None


@dataclass(frozen=True)
class Netwerk:
    mantelzorger: bool | None = None
    mantelzorger_overbelast: bool | None = None
    steun_van: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Veiligheid:
    acuut_onveilig: bool | None = None
    vermoeden_huiselijk_geweld: bool | None = None


@dataclass(frozen=True)
class Crisis:
    dreigende_ontruiming: bool | None = None
    afsluiting_energie_water: bool | None = None
    opzegging_zorgverzekering: bool | None = None

    def gemeld(self) -> list[str]:
        """Keys of the crisis flags that are set, in vocabulary order."""
        return [k for k in vocab.CRISIS if getattr(self, k) is True]


@dataclass(frozen=True)
class Uitvraag:
    gemeente: str
    formaat: str | None = None
    kern: str | None = None
    geboortejaar: int | None = None
    huishouden: str | None = None
    inkomen_pct_bijstandsnorm: int | float | None = None
    aanmelding: Aanmelding | None = None
    dimensies: dict[str, Dimensie] | None = None
    signalen: tuple[Signaal, ...] | None = None
    netwerk: Netwerk | None = None
    veiligheid: Veiligheid | None = None
    crisis: Crisis | None = None
    betrokken_partijen: int | None = None
    samenwerking_stagneert: bool | None = None
    onderbouwing_maatwerk: dict[str, str] | None = None

    # -- derived answers used by the rules --------------------------------------------------

    def ernst_per_leefgebied(self) -> dict[str, int]:
        """Highest severity per leefgebied over all signals, in vocabulary order."""
        worst: dict[str, int] = {}
        for s in self.signalen or ():
            worst[s.leefgebied] = max(worst.get(s.leefgebied, 0), s.ernst)
        return {k: worst[k] for k in vocab.LEEFGEBIEDEN if k in worst}

    def crisis_gemeld(self) -> list[str]:
        return self.crisis.gemeld() if self.crisis else []

    def flag(self, path: str) -> bool:
        """True when a boolean answer like 'veiligheid.acuut_onveilig' is answered yes."""
        obj: Any = self
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return False
        return obj is True

    def onderbouwd(self, leefgebied: str) -> bool:
        text = (self.onderbouwing_maatwerk or {}).get(leefgebied)
        return bool(text and text.strip())


# -- parsing -------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value: Any, path: str, allowed: tuple[str, ...] | dict) -> dict:
    if not isinstance(value, dict):
        raise FormatError(path or None, "moet een object zijn ({...})" if path else
                          "het bestand moet één JSON-object zijn ({...})")
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            err = FormatError(None, f"onbekend veld '{_join(path, str(key))}'")
            err.field = _join(path, str(key))
            raise err
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise FormatError(path, "moet true of false zijn")
    return value


def _int(value: Any, path: str, lo: int, hi: int | None, what: str | None = None) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= lo and (hi is None or value <= hi)
    if not ok:
        if what is None:
            what = (f"moet een geheel getal van {lo} tot en met {hi} zijn" if hi is not None
                    else f"moet een geheel getal van {lo} of meer zijn")
        raise FormatError(path, what)
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise FormatError(path, "moet een tekst zijn")
    return value


def _choice(value: Any, path: str, options: dict) -> str:
    if not isinstance(value, str) or value not in options:
        keuzes = ", ".join(f"'{k}'" for k in options)
        raise FormatError(path, f"onbekende waarde {json.dumps(value, ensure_ascii=False)}; kies uit {keuzes}")
    return value


def _date(value: Any, path: str) -> date:
    if not isinstance(value, str) or not _ISO.match(value):
        raise FormatError(path, "moet een datum zijn als jjjj-mm-dd, bijvoorbeeld 2026-11-02")
    y, m, d = (int(g) for g in _ISO.match(value).groups())
    try:
        return make_date(y, m, d, field=path, text=value)
    except InvalidInput as exc:
        raise FormatError(path, exc.message) from None


_TOP = ("formaat", "gemeente", "kern", "geboortejaar", "huishouden", "inkomen_pct_bijstandsnorm",
        "aanmelding", "dimensies", "signalen", "netwerk", "veiligheid", "crisis", "betrokken_partijen",
        "samenwerking_stagneert", "onderbouwing_maatwerk")


def parse_uitvraag(data: Any) -> Uitvraag:
    """Validate a decoded JSON document and return the Uitvraag, or raise FormatError."""
    d = _object(data, "", _TOP)
    kw: dict[str, Any] = {}
    if "formaat" in d:
        if d["formaat"] != FORMAAT:
            raise FormatError("formaat", f"moet \"{FORMAAT}\" zijn; dit formaat kent Toegang niet")
        kw["formaat"] = FORMAAT
    if "gemeente" not in d:
        raise FormatError("gemeente", "ontbreekt; kies uit " + ", ".join(f"'{k}'" for k in vocab.GEMEENTEN))
    gemeente = _choice(d["gemeente"], "gemeente", vocab.GEMEENTEN)
    if "kern" in d:
        kern = _text(d["kern"], "kern")
        if not vocab.kern_valid(gemeente, kern):
            raise FormatError("kern", f"'{kern}' is geen kern van {vocab.GEMEENTEN[gemeente]}; kies uit "
                              + ", ".join(vocab.KERNEN[gemeente]))
        kw["kern"] = kern
    if "geboortejaar" in d:
        kw["geboortejaar"] = _int(d["geboortejaar"], "geboortejaar", 1900, date.today().year,
                                  f"moet een jaartal zijn van 1900 tot en met {date.today().year}")
    if "huishouden" in d:
        kw["huishouden"] = _choice(d["huishouden"], "huishouden", vocab.HUISHOUDENS)
    if "inkomen_pct_bijstandsnorm" in d:
        v = d["inkomen_pct_bijstandsnorm"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1000:
            raise FormatError("inkomen_pct_bijstandsnorm", "moet een percentage zijn van 0 tot en met 1000")
        kw["inkomen_pct_bijstandsnorm"] = v
    if "aanmelding" in d:
        a = _object(d["aanmelding"], "aanmelding", ("datum", "kanaal", "melder", "vraag"))
        kw["aanmelding"] = Aanmelding(
            datum=_date(a["datum"], "aanmelding.datum") if "datum" in a else None,
            kanaal=_choice(a["kanaal"], "aanmelding.kanaal", vocab.KANALEN) if "kanaal" in a else None,
            melder=_choice(a["melder"], "aanmelding.melder", vocab.MELDERS) if "melder" in a else None,
            vraag=_text(a["vraag"], "aanmelding.vraag") if "vraag" in a else None,
        )
    if "dimensies" in d:
        dims = _object(d["dimensies"], "dimensies", vocab.DIMENSIES)
        out: dict[str, Dimensie] = {}
        for key, value in dims.items():
            p = f"dimensies.{key}"
            e = _object(value, p, ("score", "bespreken"))
            out[key] = Dimensie(
                score=_int(e["score"], f"{p}.score", 0, 10) if "score" in e else None,
                bespreken=_bool(e["bespreken"], f"{p}.bespreken") if "bespreken" in e else None,
            )
        kw["dimensies"] = out
    if "signalen" in d:
        if not isinstance(d["signalen"], list):
            raise FormatError("signalen", "moet een lijst zijn ([...])")
        sigs = []
        for i, value in enumerate(d["signalen"]):
            p = f"signalen[{i}]"
            e = _object(value, p, ("leefgebied", "ernst", "toelichting"))
            for req in ("leefgebied", "ernst"):
                if req not in e:
                    raise FormatError(f"{p}.{req}", "ontbreekt")
            sigs.append(Signaal(
                leefgebied=_choice(e["leefgebied"], f"{p}.leefgebied", vocab.LEEFGEBIEDEN),
                ernst=_int(e["ernst"], f"{p}.ernst", 1, 3,
                           "moet 1 (zorg), 2 (probleem) of 3 (ernstig of acuut) zijn"),
                toelichting=_text(e["toelichting"], f"{p}.toelichting") if "toelichting" in e else None,
            ))
        kw["signalen"] = tuple(sigs)
    if "netwerk" in d:
        n = _object(d["netwerk"], "netwerk", ("mantelzorger", "mantelzorger_overbelast", "steun_van"))
        steun = None
        if "steun_van" in n:
            if not isinstance(n["steun_van"], list):
                raise FormatError("netwerk.steun_van", "moet een lijst met teksten zijn")
            steun = tuple(_text(s, f"netwerk.steun_van[{i}]") for i, s in enumerate(n["steun_van"]))
        kw["netwerk"] = Netwerk(
            mantelzorger=_bool(n["mantelzorger"], "netwerk.mantelzorger") if "mantelzorger" in n else None,
            mantelzorger_overbelast=(_bool(n["mantelzorger_overbelast"], "netwerk.mantelzorger_overbelast")
                                     if "mantelzorger_overbelast" in n else None),
            steun_van=steun,
        )
    if "veiligheid" in d:
        v = _object(d["veiligheid"], "veiligheid", vocab.VEILIGHEID)
        kw["veiligheid"] = Veiligheid(**{k: _bool(x, f"veiligheid.{k}") for k, x in v.items()})
    if "crisis" in d:
        c = _object(d["crisis"], "crisis", vocab.CRISIS)
        kw["crisis"] = Crisis(**{k: _bool(x, f"crisis.{k}") for k, x in c.items()})
    if "betrokken_partijen" in d:
        kw["betrokken_partijen"] = _int(d["betrokken_partijen"], "betrokken_partijen", 0, 100)
    if "samenwerking_stagneert" in d:
        kw["samenwerking_stagneert"] = _bool(d["samenwerking_stagneert"], "samenwerking_stagneert")
    if "onderbouwing_maatwerk" in d:
        o = _object(d["onderbouwing_maatwerk"], "onderbouwing_maatwerk", vocab.LEEFGEBIEDEN)
        kw["onderbouwing_maatwerk"] = {k: _text(x, f"onderbouwing_maatwerk.{k}") for k, x in o.items()}
    return Uitvraag(gemeente=gemeente, **kw)


# -- writing -------------------------------------------------------------------------------

def _compact(obj: Any, names: tuple[str, ...]) -> dict:
    out = {}
    for name in names:
        v = getattr(obj, name)
        if v is not None:
            out[name] = list(v) if isinstance(v, tuple) else v
    return out


def uitvraag_to_dict(u: Uitvraag) -> dict:
    """The exchange-format document for ``u``; fields that are None (not asked) are left out."""
    out: dict[str, Any] = {}
    if u.formaat is not None:
        out["formaat"] = u.formaat
    out["gemeente"] = u.gemeente
    for name in ("kern", "geboortejaar", "huishouden", "inkomen_pct_bijstandsnorm"):
        v = getattr(u, name)
        if v is not None:
            out[name] = v
    if u.aanmelding is not None:
        a = _compact(u.aanmelding, ("kanaal", "melder", "vraag"))
        if u.aanmelding.datum is not None:
            a = {"datum": u.aanmelding.datum.isoformat(), **a}
        out["aanmelding"] = a
    if u.dimensies is not None:
        out["dimensies"] = {k: _compact(v, ("score", "bespreken")) for k, v in u.dimensies.items()}
    if u.signalen is not None:
        out["signalen"] = [_compact(s, ("leefgebied", "ernst", "toelichting")) for s in u.signalen]
    if u.netwerk is not None:
        out["netwerk"] = _compact(u.netwerk, ("mantelzorger", "mantelzorger_overbelast", "steun_van"))
    if u.veiligheid is not None:
        out["veiligheid"] = _compact(u.veiligheid, tuple(vocab.VEILIGHEID))
    if u.crisis is not None:
        out["crisis"] = _compact(u.crisis, tuple(vocab.CRISIS))
    if u.betrokken_partijen is not None:
        out["betrokken_partijen"] = u.betrokken_partijen
    if u.samenwerking_stagneert is not None:
        out["samenwerking_stagneert"] = u.samenwerking_stagneert
    if u.onderbouwing_maatwerk is not None:
        out["onderbouwing_maatwerk"] = dict(u.onderbouwing_maatwerk)
    return out


def load_uitvraag_file(path: str | Path) -> Uitvraag:
    """Read and validate a case file; FormatError with a Dutch message when that fails."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise FormatError(None, f"Het bestand {p} bestaat niet.") from None
    except IsADirectoryError:
        raise FormatError(None, f"{p} is een map, geen bestand.") from None
    except OSError as exc:
        raise FormatError(None, f"Het bestand {p} is niet te lezen ({exc.strerror or exc}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(None, f"Het bestand {p} is geen tekstbestand in UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            None, f"Het bestand {p} is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}."
        ) from None
    return parse_uitvraag(data)


# -- age -----------------------------------------------------------------------------------

def leeftijd(u: Uitvraag, peildatum: date, geboortedatum: date | None = None) -> int | None:
    """Age on ``peildatum``. Exact with a full birth date; with only ``geboortejaar`` it is the age
    reached in peildatum's year (one year too high before the birthday). None when unknown."""
    if geboortedatum is not None:
        before_birthday = (peildatum.month, peildatum.day) < (geboortedatum.month, geboortedatum.day)
        return peildatum.year - geboortedatum.year - int(before_birthday)
    if u.geboortejaar is None:
        return None
    return peildatum.year - u.geboortejaar


def leeftijd_bereik(u: Uitvraag, peildatum: date, geboortedatum: date | None = None) -> tuple[int, int] | None:
    """(lowest, highest) possible age on ``peildatum``; equal when the birth date is known."""
    if geboortedatum is not None:
        a = leeftijd(u, peildatum, geboortedatum)
        return a, a  # type: ignore[return-value]
    if u.geboortejaar is None:
        return None
    hi = peildatum.year - u.geboortejaar
    return max(hi - 1, 0), hi
