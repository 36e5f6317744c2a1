"""One conversation (brede uitvraag) in the exchange format ``toegang-uitvraag/1`` and ``/2``
(``shared/docs/uitvraag-format.md``).

A missing answer is ``None`` and means "not asked", never "no problem"; an answer "no" is ``False``
(or ``0``, or an empty tuple) and is written back as such. Parsing is strict: unknown keys and wrong
types are refused with a Dutch message naming the field path, so that a typo never silently changes a
triage. Readers accept versions 1 and 2; the writer writes version 2, so
``uitvraag_to_dict(parse_uitvraag(d)) == d`` for every valid version-2 document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from toegang_app.domain.leesfout import os_reden
from toegang_app.domain.leesfout import json_fout
from toegang_app.domain import vocab
from toegang_app.domain.validation import InvalidInput, make_date

FORMAAT_V1 = "toegang-uitvraag/1"
FORMAAT_V2 = "toegang-uitvraag/2"
FORMAAT = FORMAAT_V2            # what the writer writes
FORMATEN = (FORMAAT_V1, FORMAAT_V2)


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
    wetten: tuple[str, ...] | None = None   # v2: keys of vocab.MELDING_WETTEN; () = asked, none


@dataclass(frozen=True)
class Kind:
    """A child living at home (v2 ``kinderen``)."""
    geboortejaar: int


@dataclass(frozen=True)
class Kenmerk:
    """A situation that decides who a voorziening is for (v2 ``kenmerken``)."""
    kenmerk: str                    # key of vocab.KENMERKEN
    wie: str                        # key of vocab.KENMERK_WIE


@dataclass(frozen=True)
class Aanvraag:
    """A formal application with its own date (v2 ``aanvragen``); its terms run from ``datum``."""
    wet: str                        # key of vocab.MELDING_WETTEN
    datum: date
    onderwerp: str | None = None


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
    # version 2
    verblijfsstatus: str | None = None
    kinderen: tuple[Kind, ...] | None = None
    kenmerken: tuple[Kenmerk, ...] | None = None
    aanvragen: tuple[Aanvraag, ...] | None = None
    id: str | None = None
    vervolg_op: str | None = None
    # fields the field table (domain.gesprek_velden) adds beyond the documented format: path -> JSON value
    extra: dict[str, Any] | None = None

    # -- derived answers used by the rules --------------------------------------------------

    def kinderen_thuis(self) -> bool | None:
        """Are there children living at home? True/False when the conversation shows it, else None.
        ``kinderen`` answers it; without it ``huishouden: alleenstaand`` means no children at home and
        ``gezin_met_kinderen`` / ``eenoudergezin`` mean there are (format doc, section 5)."""
        if self.kinderen is not None:
            return bool(self.kinderen)
        if self.huishouden == "alleenstaand":
            return False
        if self.huishouden in ("gezin_met_kinderen", "eenoudergezin"):
            return True
        return None

    def kind_leeftijden(self, peildatum: date) -> list[tuple[int, int]] | None:
        """(lowest, highest) possible age of each child at home on ``peildatum``; [] = no children at
        home; None when the children's ages are not recorded."""
        if self.kinderen is not None:
            out = []
            for k in self.kinderen:
                hi = peildatum.year - k.geboortejaar
                out.append((max(hi - 1, 0), max(hi, 0)))
            return out
        return [] if self.kinderen_thuis() is False else None

    def heeft_kenmerk(self, kenmerk: str, wie: tuple[str, ...] | None = None) -> bool:
        """Positive evidence that someone (or one of ``wie``) in the household has ``kenmerk``."""
        return any(k.kenmerk == kenmerk and (wie is None or k.wie in wie) for k in self.kenmerken or ())

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


_TOP_V1 = ("formaat", "gemeente", "kern", "geboortejaar", "huishouden", "inkomen_pct_bijstandsnorm",
           "aanmelding", "dimensies", "signalen", "netwerk", "veiligheid", "crisis", "betrokken_partijen",
           "samenwerking_stagneert", "onderbouwing_maatwerk")
_TOP_V2_EXTRA = ("verblijfsstatus", "kinderen", "kenmerken", "aanvragen", "id", "vervolg_op")
_TOP = _TOP_V1 + _TOP_V2_EXTRA
_AANMELDING_V1 = ("datum", "kanaal", "melder", "vraag")
_AANMELDING = _AANMELDING_V1 + ("wetten",)
# opaque identifiers of a conversation (v2 ``id``, ``vervolg_op``): no BSN, no name, no row number
_OPAQUE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{2,63}$")
MAX_LIJST = 1000   # no list in one conversation is longer than this


def _list(value: Any, path: str, what: str = "moet een lijst zijn ([...])") -> list:
    if not isinstance(value, list):
        raise FormatError(path, what)
    if len(value) > MAX_LIJST:
        raise FormatError(path, f"heeft meer dan {MAX_LIJST} onderdelen")
    return value


def _opaque(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _OPAQUE_ID.match(value):
        raise FormatError(path, "moet een code zijn van 3 tot 64 letters, cijfers, - of _, beginnend met een "
                                "letter (bijvoorbeeld \"g-7f3a91c2\"); geen BSN, naam of nummer")
    return value


_NETWERK = ("mantelzorger", "mantelzorger_overbelast", "steun_van")


_NIEUW_CACHE: dict[int, tuple] = {}


def _nieuwe_velden() -> list:
    """Rows of the field table whose exchange path the documented format does not define (a new
    top-level key, or a new key in ``aanmelding`` or ``netwerk``): read and written from their row."""
    from toegang_app.domain import gesprek_velden as gv

    cached = _NIEUW_CACHE.get(id(gv.TABEL))
    if cached is not None and cached[0] is gv.TABEL:
        return cached[1]
    out = []
    for v in gv.TABEL:
        if v.uitvraag is None:
            continue
        parts = v.uitvraag.split(".")
        if (len(parts) == 1 and parts[0] not in _TOP) or (
                len(parts) == 2 and ((parts[0] == "aanmelding" and parts[1] not in _AANMELDING)
                                     or (parts[0] == "netwerk" and parts[1] not in _NETWERK))):
            out.append(v)
    _NIEUW_CACHE.clear()
    _NIEUW_CACHE[id(gv.TABEL)] = (gv.TABEL, out)
    return out


def _extra_keys(nieuw: list, deel: str | None) -> tuple[str, ...]:
    if deel is None:
        return tuple(v.uitvraag for v in nieuw if "." not in v.uitvraag)
    return tuple(v.uitvraag.split(".", 1)[1] for v in nieuw if v.uitvraag.startswith(deel + "."))


def parse_uitvraag(data: Any) -> Uitvraag:
    """Validate a decoded JSON document (version 1 or 2) and return the Uitvraag, or raise FormatError.
    A version-1 document (``formaat`` says so) may not carry the keys of version 2."""
    versie1 = isinstance(data, dict) and data.get("formaat") == FORMAAT_V1
    nieuw = [] if versie1 else _nieuwe_velden()
    d = _object(data, "", (_TOP_V1 if versie1 else _TOP) + _extra_keys(nieuw, None))
    kw: dict[str, Any] = {}
    if "formaat" in d:
        if d["formaat"] not in FORMATEN:
            raise FormatError("formaat", "moet " + " of ".join(f'"{f}"' for f in FORMATEN)
                              + " zijn; dit formaat kent Toegang niet")
        kw["formaat"] = d["formaat"]
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
        a = _object(d["aanmelding"], "aanmelding",
                    _AANMELDING_V1 if versie1 else _AANMELDING + _extra_keys(nieuw, "aanmelding"))
        wetten = None
        if "wetten" in a:
            items = _list(a["wetten"], "aanmelding.wetten")
            wetten = tuple(_choice(w, f"aanmelding.wetten[{i}]", vocab.MELDING_WETTEN) for i, w in enumerate(items))
            if len(set(wetten)) != len(wetten):
                raise FormatError("aanmelding.wetten", "noemt een wet twee keer")
        kw["aanmelding"] = Aanmelding(
            datum=_date(a["datum"], "aanmelding.datum") if "datum" in a else None,
            kanaal=_choice(a["kanaal"], "aanmelding.kanaal", vocab.KANALEN) if "kanaal" in a else None,
            melder=_choice(a["melder"], "aanmelding.melder", vocab.MELDERS) if "melder" in a else None,
            vraag=_text(a["vraag"], "aanmelding.vraag") if "vraag" in a else None,
            wetten=wetten,
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
        n = _object(d["netwerk"], "netwerk", _NETWERK + _extra_keys(nieuw, "netwerk"))
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
    # -- version 2 --
    if "verblijfsstatus" in d:
        kw["verblijfsstatus"] = _choice(d["verblijfsstatus"], "verblijfsstatus", vocab.VERBLIJFSSTATUS)
    if "kinderen" in d:
        kinderen = []
        for i, value in enumerate(_list(d["kinderen"], "kinderen")):
            p = f"kinderen[{i}]"
            e = _object(value, p, ("geboortejaar",))
            if "geboortejaar" not in e:
                raise FormatError(f"{p}.geboortejaar", "ontbreekt")
            kinderen.append(Kind(_int(e["geboortejaar"], f"{p}.geboortejaar", 1900, date.today().year,
                                      f"moet een jaartal zijn van 1900 tot en met {date.today().year}")))
        kw["kinderen"] = tuple(kinderen)
    if "kenmerken" in d:
        kenmerken = []
        for i, value in enumerate(_list(d["kenmerken"], "kenmerken")):
            p = f"kenmerken[{i}]"
            e = _object(value, p, ("kenmerk", "wie"))
            for req in ("kenmerk", "wie"):
                if req not in e:
                    raise FormatError(f"{p}.{req}", "ontbreekt")
            kenmerken.append(Kenmerk(_choice(e["kenmerk"], f"{p}.kenmerk", vocab.KENMERKEN),
                                     _choice(e["wie"], f"{p}.wie", vocab.KENMERK_WIE)))
        kw["kenmerken"] = tuple(kenmerken)
    if "aanvragen" in d:
        aanvragen = []
        for i, value in enumerate(_list(d["aanvragen"], "aanvragen")):
            p = f"aanvragen[{i}]"
            e = _object(value, p, ("wet", "datum", "onderwerp"))
            for req in ("wet", "datum"):
                if req not in e:
                    raise FormatError(f"{p}.{req}", "ontbreekt")
            aanvragen.append(Aanvraag(_choice(e["wet"], f"{p}.wet", vocab.MELDING_WETTEN),
                                      _date(e["datum"], f"{p}.datum"),
                                      _text(e["onderwerp"], f"{p}.onderwerp") if "onderwerp" in e else None))
        kw["aanvragen"] = tuple(aanvragen)
    if "id" in d:
        kw["id"] = _opaque(d["id"], "id")
    if "vervolg_op" in d:
        kw["vervolg_op"] = _opaque(d["vervolg_op"], "vervolg_op")
        if kw.get("id") == kw["vervolg_op"]:
            raise FormatError("vervolg_op", "een gesprek kan geen vervolg op zichzelf zijn")
    extra = {}
    for v in nieuw:
        parts = v.uitvraag.split(".")
        raw = d.get(parts[0])
        if len(parts) == 2:
            raw = raw.get(parts[1]) if isinstance(raw, dict) else None
        if raw is not None:
            v.soort.check(raw, v.uitvraag, v)
            extra[v.uitvraag] = raw
    if extra:
        kw["extra"] = extra
    return Uitvraag(gemeente=gemeente, **kw)


def uitvraag_uit_dict(doc: dict) -> Uitvraag:
    """The Uitvraag of a document the app wrote itself from a dossier being typed: like
    ``parse_uitvraag``, but a value that does not pass (a half-typed year, say) is left out instead of
    refusing the whole conversation; saving refuses such values with a Dutch message."""
    try:
        return parse_uitvraag(doc)
    except FormatError:
        doc = json.loads(json.dumps(doc, default=str))   # a copy to take the bad values out of
    for _ in range(50):
        try:
            return parse_uitvraag(doc)
        except FormatError as exc:
            path = (exc.field or "").split("[", 1)[0]
            parts = [p for p in path.split(".") if p]
            parent = doc
            for p in parts[:-1]:
                parent = parent.get(p) if isinstance(parent, dict) else None
            if not parts or not isinstance(parent, dict) or parts[-1] not in parent or parts == ["gemeente"]:
                raise
            del parent[parts[-1]]
    return parse_uitvraag(doc)


# -- writing -------------------------------------------------------------------------------

def _compact(obj: Any, names: tuple[str, ...]) -> dict:
    out = {}
    for name in names:
        v = getattr(obj, name)
        if v is not None:
            out[name] = list(v) if isinstance(v, tuple) else v
    return out


def uitvraag_to_dict(u: Uitvraag) -> dict:
    """The version-2 exchange-format document for ``u``; fields that are None (not asked) are left
    out, answers "no" (False, 0, []) are kept."""
    out: dict[str, Any] = {"formaat": FORMAAT}
    out["gemeente"] = u.gemeente
    for name in ("kern", "geboortejaar", "huishouden", "inkomen_pct_bijstandsnorm"):
        v = getattr(u, name)
        if v is not None:
            out[name] = v
    if u.aanmelding is not None:
        a = _compact(u.aanmelding, ("kanaal", "melder", "vraag"))
        if u.aanmelding.datum is not None:
            a = {"datum": u.aanmelding.datum.isoformat(), **a}
        if u.aanmelding.wetten is not None:
            a["wetten"] = list(u.aanmelding.wetten)
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
    if u.verblijfsstatus is not None:
        out["verblijfsstatus"] = u.verblijfsstatus
    if u.kinderen is not None:
        out["kinderen"] = [{"geboortejaar": k.geboortejaar} for k in u.kinderen]
    if u.kenmerken is not None:
        out["kenmerken"] = [{"kenmerk": k.kenmerk, "wie": k.wie} for k in u.kenmerken]
    if u.aanvragen is not None:
        out["aanvragen"] = [{"wet": a.wet, "datum": a.datum.isoformat(),
                             **({"onderwerp": a.onderwerp} if a.onderwerp is not None else {})}
                            for a in u.aanvragen]
    if u.id is not None:
        out["id"] = u.id
    if u.vervolg_op is not None:
        out["vervolg_op"] = u.vervolg_op
    for path, value in (u.extra or {}).items():
        parts = path.split(".")
        if len(parts) == 2:
            out.setdefault(parts[0], {})[parts[1]] = value
        else:
            out[path] = value
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
        raise FormatError(None, f"Het bestand {p} is niet te lezen ({os_reden(exc)}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(None, f"Het bestand {p} is geen tekstbestand in UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            None, f"Het bestand {p} is geen geldige JSON; {json_fout(exc)}."
        ) from None
    except RecursionError:
        raise FormatError(None, f"Het bestand {p} is te diep genest om een gesprek te zijn.") from None
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
