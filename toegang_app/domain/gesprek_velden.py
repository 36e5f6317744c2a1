"""Every field of a conversation, declared once.

One row per field: its key (also its place in the dossier), the Dutch label, what kind of value it
holds and which values are allowed, whether it is sensitive (its value never enters the audit trail),
its path in the exchange format (``shared/docs/uitvraag-format.md``), whether it is printed on the
resident's summary, and where it is stored. The exchange writer and reader of a dossier, the flattening
for audit and merge, the labels, the handout data, the drafts and the storage copy all read this table;
adding a field is one row here, one migration and the widget that edits it.

Keys: a plain name (``wat_belangrijk``) is a field of the dossier itself; ``inwoner.naam`` is a field of
the resident; ``crisis.<key>`` and ``veiligheid.<key>`` are the urgency questions; ``dimensies.<key>.score``
and friends are the six dimensions. A new field is a plain name (or a crisis/veiligheid question).

Storage: ``gesprekken.<column>`` and ``inwoners.<column>`` are copied column by column;
``gesprek_dimensies.<column>`` and ``gesprek_signalen`` are child tables with their own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from toegang_app.domain import vocab
from toegang_app.domain.nl import datum as datum_nl


# -- kinds of value ----------------------------------------------------------------------------------

class Soort:
    """How one kind of value is kept in the dossier, written to the exchange format, the database and a
    draft, compared for audit and shown on paper. ``None`` (or the kind's empty value) means not asked."""

    naam = "?"

    def leeg(self) -> Any:
        return None

    def is_leeg(self, v: Any) -> bool:
        return v is None

    def naar_uitwisseling(self, v: Any) -> Any:
        """The JSON value for the exchange format, or None to leave the key out."""
        return None if self.is_leeg(v) else v

    def van_uitwisseling(self, x: Any) -> Any:
        """The dossier value from a *validated* exchange-format value (None when the key is absent)."""
        return self.leeg() if x is None else x

    def naar_db(self, v: Any) -> Any:
        return None if self.is_leeg(v) else v

    def van_db(self, x: Any) -> Any:
        return self.leeg() if x is None else x

    def naar_json(self, v: Any) -> Any:
        return v

    def van_json(self, x: Any) -> Any:
        return self.leeg() if x is None else x

    def vlak(self, v: Any) -> Any:
        """A comparable, hashable form for the audit trail and the three-way merge."""
        return v

    def tekst(self, v: Any, veld: Veld) -> str:
        """The value as a worker or resident reads it (empty string when not asked)."""
        return "" if self.is_leeg(v) else str(v)

    def check(self, x: Any, pad: str, veld: Veld) -> Any:
        """Validate a raw exchange-format value (for fields the documented format does not know yet);
        returns it or raises FormatError."""
        raise NotImplementedError

    def fout(self, v: Any, veld: Veld) -> str | None:
        """What is wrong with dossier value ``v`` (a Dutch sentence), or None."""
        return None


class _Tekst(Soort):
    naam = "tekst"

    def leeg(self):
        return ""

    def is_leeg(self, v):
        return not (v or "").strip()

    def naar_uitwisseling(self, v):
        return (v or "").strip() or None

    def naar_db(self, v):
        return (v or "").strip() or None

    def van_uitwisseling(self, x):
        return x or ""

    def van_db(self, x):
        return x or ""

    def van_json(self, x):
        return x or ""

    def vlak(self, v):
        return v or ""

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _text

        return _text(x, pad)


class _Kort(Soort):
    """A short optional text (a kern, a postcode, a phone number): None or "" = not recorded."""

    naam = "kort"

    def is_leeg(self, v):
        return not v

    def naar_uitwisseling(self, v):
        return v or None

    def naar_db(self, v):
        return v or None

    def van_db(self, x):
        return x or None

    def van_json(self, x):
        return x or None

    def vlak(self, v):
        return v or None

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _text

        return _text(x, pad)


class _Keuze(Soort):
    naam = "keuze"

    def fout(self, v, veld):
        if v is not None and v not in (veld.keuzes or {}):
            return f"Kies bij '{veld.label}' een van de mogelijkheden uit de lijst."
        return None

    def tekst(self, v, veld):
        return "" if v is None else (veld.keuzes or {}).get(v, str(v))

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _choice

        return _choice(x, pad, veld.keuzes or {})


class _JaNee(Soort):
    """A question answered yes (True), no (False) or not asked (None): "no" is kept everywhere."""

    naam = "ja_nee"

    def tekst(self, v, veld):
        return "" if v is None else ("ja" if v else "nee")

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _bool

        return _bool(x, pad)


class _Vinkje(Soort):
    """A box the worker ticks ("hier wil ik over praten"): unticked is simply not written."""

    naam = "vinkje"

    def leeg(self):
        return False

    def is_leeg(self, v):
        return not v

    def naar_db(self, v):
        return bool(v)

    def van_db(self, x):
        return bool(x)

    def van_json(self, x):
        return bool(x)

    def vlak(self, v):
        return bool(v)

    def tekst(self, v, veld):
        return "ja" if v else ""

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _bool

        return _bool(x, pad)


class _Geheel(Soort):
    naam = "geheel"

    def fout(self, v, veld):
        lo, hi = veld.bereik or (0, None)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < lo or (hi is not None and v > hi)):
            return (f"'{veld.label}' is een geheel getal van {lo} tot en met {hi}." if hi is not None
                    else f"'{veld.label}' is een geheel getal van {lo} of meer.")
        return None

    def van_uitwisseling(self, x):
        return None if x is None else round(x)

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _int

        lo, hi = veld.bereik or (0, None)
        return _int(x, pad, lo, hi)


class _Datum(Soort):
    naam = "datum"

    def naar_uitwisseling(self, v):
        return None if v is None else v.isoformat()

    def van_uitwisseling(self, x):
        return date.fromisoformat(x) if x else None

    def naar_json(self, v):
        return None if v is None else v.isoformat()

    def van_json(self, x):
        return date.fromisoformat(x) if isinstance(x, str) and x else None

    def tekst(self, v, veld):
        return "" if v is None else datum_nl(v)

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _date

        return _date(x, pad)


class _Lijst(Soort):
    """A list of short texts; empty = not recorded."""

    naam = "lijst"

    def leeg(self):
        return []

    def is_leeg(self, v):
        return not v

    def naar_uitwisseling(self, v):
        return list(v) if v else None

    def van_uitwisseling(self, x):
        return list(x or ())

    def naar_db(self, v):
        return list(v) if v else None

    def van_db(self, x):
        return list(x or [])

    def naar_json(self, v):
        return list(v or [])

    def van_json(self, x):
        return list(x or [])

    def vlak(self, v):
        return tuple(v or ())

    def tekst(self, v, veld):
        return ", ".join(v or ())

    def check(self, x, pad, veld):
        from toegang_app.domain.uitvraag import _list, _text

        return [_text(s, f"{pad}[{i}]") for i, s in enumerate(_list(x, pad))]


class _Signalen(Soort):
    """Life-area signals with their severity (stored as rows of their own)."""

    naam = "signalen"

    def leeg(self):
        return []

    def is_leeg(self, v):
        return not v

    def naar_uitwisseling(self, v):
        if not v:
            return None
        out = []
        for s in v:
            e = {"leefgebied": s.leefgebied, "ernst": s.ernst}
            if (s.toelichting or "").strip():
                e["toelichting"] = s.toelichting.strip()
            out.append(e)
        return out

    def van_uitwisseling(self, x):
        from toegang_app.domain.gesprek import SignaalInvoer

        return [SignaalInvoer(e["leefgebied"], e["ernst"], e.get("toelichting") or "") for e in x or ()]

    def naar_json(self, v):
        return [{"leefgebied": s.leefgebied, "ernst": s.ernst, "toelichting": s.toelichting} for s in v or ()]

    def van_json(self, x):
        from toegang_app.domain.gesprek import SignaalInvoer

        return [SignaalInvoer(**s) for s in x or ()]

    def vlak(self, v):
        return tuple((s.leefgebied, s.ernst, s.toelichting or "") for s in v or ())

    def uit_vlak(self, t):
        from toegang_app.domain.gesprek import SignaalInvoer

        return [SignaalInvoer(*s) for s in t]

    def tekst(self, v, veld):
        return "; ".join(f"{vocab.LEEFGEBIEDEN.get(s.leefgebied, s.leefgebied)}: {vocab.ERNST.get(s.ernst, s.ernst)}"
                         for s in v or ())


class _Gevraagd(Soort):
    """A list where "asked, none" (``[]``) differs from "not asked" (``None``): children at home,
    kenmerken, the laws of the melding, aanvragen. Stored as JSON; entries are plain tuples/values."""

    naam = "gevraagd"

    def is_leeg(self, v):
        return v is None

    def naar_item(self, e):     # dossier entry -> JSON entry
        return e

    def van_item(self, x):      # JSON entry -> dossier entry
        return x

    def naar_uitwisseling(self, v):
        return None if v is None else [self.naar_item(e) for e in v]

    def van_uitwisseling(self, x):
        return None if x is None else [self.van_item(e) for e in x]

    naar_db = naar_json = naar_uitwisseling
    van_db = van_json = van_uitwisseling

    def vlak(self, v):
        return None if v is None else tuple(json_key(self.naar_item(e)) for e in v)

    def uit_vlak(self, t):
        return None if t is None else [self.van_item(_un_key(e)) for e in t]

    def item_tekst(self, e, veld) -> str:
        return str(e)

    def tekst(self, v, veld):
        if v is None:
            return ""
        return "; ".join(self.item_tekst(e, veld) for e in v) if v else "gevraagd: geen"


def json_key(x: Any) -> Any:
    """A hashable form of a JSON value (dicts become sorted tuples)."""
    if isinstance(x, dict):
        return ("__dict__",) + tuple(sorted((k, json_key(v)) for k, v in x.items()))
    if isinstance(x, list):
        return tuple(json_key(v) for v in x)
    return x


def _un_key(x: Any) -> Any:
    if isinstance(x, tuple) and x[:1] == ("__dict__",):
        return {k: _un_key(v) for k, v in x[1:]}
    if isinstance(x, tuple):
        return [_un_key(v) for v in x]
    return x


class _Keuzes(_Gevraagd):
    """Several of the allowed values (the laws of the melding)."""

    naam = "keuzes"

    def fout(self, v, veld):
        if v is not None and (any(e not in (veld.keuzes or {}) for e in v) or len(set(v)) != len(v)):
            return f"Kies bij '{veld.label}' elke mogelijkheid hoogstens één keer uit de lijst."
        return None

    def item_tekst(self, e, veld):
        return (veld.keuzes or {}).get(e, e)

    def tekst(self, v, veld):
        if v is None:
            return ""
        return ", ".join(self.item_tekst(e, veld) for e in v) if v else "gevraagd: geen"


class _Kinderen(_Gevraagd):
    """Children living at home, by birth year (the dossier holds the years)."""

    naam = "kinderen"

    def naar_item(self, e):
        return {"geboortejaar": e}

    def van_item(self, x):
        return x["geboortejaar"] if isinstance(x, dict) else int(x)

    def fout(self, v, veld):
        this_year = date.today().year
        for y in v or ():
            if isinstance(y, bool) or not isinstance(y, int) or not 1900 <= y <= this_year:
                return f"Een geboortejaar van een kind is een jaartal van 1900 tot en met {this_year}."
        if v is not None and len(v) > 30:
            return "Noteer hoogstens 30 kinderen thuis."
        return None

    def tekst(self, v, veld):
        if v is None:
            return ""
        if not v:
            return "geen kinderen thuis"
        return f"{len(v)} thuis, geboren in " + ", ".join(str(y) for y in sorted(v))


class _Kenmerken(_Gevraagd):
    """Situations that decide who a voorziening is for: (kenmerk, wie) pairs."""

    naam = "kenmerken"

    def naar_item(self, e):
        return {"kenmerk": e[0], "wie": e[1]}

    def van_item(self, x):
        return (x["kenmerk"], x["wie"])

    def fout(self, v, veld):
        for e in v or ():
            if e[0] not in vocab.KENMERKEN or e[1] not in vocab.KENMERK_WIE:
                return "Kies een kenmerk en voor wie het geldt uit de lijst."
        if v is not None and len(set(v)) != len(v):
            return "Dit kenmerk staat er al voor dezelfde persoon."
        return None

    def item_tekst(self, e, veld):
        return f"{vocab.KENMERKEN.get(e[0], e[0])} ({vocab.KENMERK_WIE.get(e[1], e[1]).lower()})"


class _Aanvragen(_Gevraagd):
    """Formal applications with their own date: (wet, datum, onderwerp) triples."""

    naam = "aanvragen"

    def naar_item(self, e):
        out = {"wet": e[0], "datum": e[1].isoformat()}
        if e[2]:
            out["onderwerp"] = e[2]
        return out

    def van_item(self, x):
        return (x["wet"], date.fromisoformat(x["datum"]), x.get("onderwerp") or None)

    def fout(self, v, veld):
        for e in v or ():
            if e[0] not in vocab.MELDING_WETTEN:
                return "Kies bij een aanvraag de wet uit de lijst."
            if e[1] > date.today():
                return "De datum van een aanvraag kan niet in de toekomst liggen."
            if e[2] and len(e[2]) > 200:
                return "Het onderwerp van een aanvraag is te lang (meer dan 200 tekens)."
        return None

    def item_tekst(self, e, veld):
        wet = vocab.MELDING_WETTEN.get(e[0], e[0])
        return f"{wet}, {datum_nl(e[1])}" + (f": {e[2]}" if e[2] else "")


TEKST, KORT, KEUZE, JA_NEE, VINKJE, GEHEEL, DATUM, LIJST, SIGNALEN = (
    _Tekst(), _Kort(), _Keuze(), _JaNee(), _Vinkje(), _Geheel(), _Datum(), _Lijst(), _Signalen())
KEUZES, KINDEREN, KENMERKEN, AANVRAGEN = _Keuzes(), _Kinderen(), _Kenmerken(), _Aanvragen()


# -- the table ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Veld:
    key: str                                  # flat key = place in the dossier (see module doc)
    label: str                                # Dutch, as in the audit trail and the conflict dialog
    soort: Soort
    keuzes: Mapping[Any, str] | None = None   # allowed values (keuze) with their Dutch names
    bereik: tuple[int, int | None] | None = None   # lowest and highest value (geheel)
    gevoelig: bool = False                    # True: the audit trail says *that* it changed, never the value
    uitvraag: str | None = None               # dotted path in the exchange format; None = not exchanged
    samenvatting: bool = False                # printed on the resident's summary (always in the file copy)
    opslag: str | None = None                 # "gesprekken.<col>", "inwoners.<col>", "gesprek_dimensies.<col>",
                                              # "gesprek_signalen"
    aanvullen: bool = False                   # import fills it when the document has it, never empties it

    @property
    def deel(self) -> str | None:
        """The dossier part a key lives in ('inwoner', 'crisis', 'veiligheid', 'dimensies'), or None."""
        return self.key.split(".", 1)[0] if "." in self.key else None

    @property
    def naam(self) -> str:
        """The last part of the key (the attribute or dict key that holds the value)."""
        return self.key.rsplit(".", 1)[-1]

    def tekst(self, v: Any) -> str:
        return self.soort.tekst(v, self)


def _inwoner() -> list[Veld]:
    return [
        Veld("inwoner.naam", "naam", TEKST, gevoelig=True, opslag="inwoners.naam"),
        Veld("inwoner.geboortedatum", "geboortedatum", DATUM, gevoelig=True, opslag="inwoners.geboortedatum"),
        Veld("inwoner.geboortejaar", "geboortejaar", GEHEEL, bereik=(1900, None), gevoelig=True, uitvraag="geboortejaar",
             opslag="inwoners.geboortejaar", aanvullen=True),
        Veld("inwoner.gemeente", "gemeente", KEUZE, keuzes=vocab.GEMEENTEN, uitvraag="gemeente",
             opslag="inwoners.gemeente", aanvullen=True),
        Veld("inwoner.kern", "kern", KORT, uitvraag="kern", opslag="inwoners.kern", aanvullen=True),
        Veld("inwoner.postcode", "postcode", KORT, gevoelig=True, opslag="inwoners.postcode"),
        Veld("inwoner.telefoon", "telefoon", KORT, gevoelig=True, opslag="inwoners.telefoon"),
        Veld("inwoner.email", "e-mail", KORT, gevoelig=True, opslag="inwoners.email"),
        Veld("inwoner.bsn", "BSN", KORT, gevoelig=True, opslag="inwoners.bsn"),
    ]


def _huishouden() -> list[Veld]:
    """Version 2: who the household is, so that a voorziening for parents, statushouders or people with
    dementia fits on evidence (domain brief section 5)."""
    return [
        Veld("verblijfsstatus", "verblijfsstatus", KEUZE, keuzes=vocab.VERBLIJFSSTATUS, gevoelig=True,
             uitvraag="verblijfsstatus", opslag="gesprekken.verblijfsstatus"),
        Veld("kinderen", "kinderen thuis", KINDEREN, gevoelig=True, uitvraag="kinderen", opslag="gesprekken.kinderen"),
        Veld("kenmerken", "kenmerken", KENMERKEN, gevoelig=True, uitvraag="kenmerken", opslag="gesprekken.kenmerken"),
    ]


def _aanmelding() -> list[Veld]:
    out = [
        Veld("aanmelding_datum", "datum aanmelding", DATUM, uitvraag="aanmelding.datum",
             opslag="gesprekken.aanmelding_datum", aanvullen=True),
        Veld("kanaal", "kanaal", KEUZE, keuzes=vocab.KANALEN, uitvraag="aanmelding.kanaal", opslag="gesprekken.kanaal"),
        Veld("melder", "melder", KEUZE, keuzes=vocab.MELDERS, uitvraag="aanmelding.melder", opslag="gesprekken.melder"),
        Veld("vraag", "vraag", TEKST, gevoelig=True, uitvraag="aanmelding.vraag", opslag="gesprekken.vraag"),
        Veld("wetten", "wetten van de melding", KEUZES, keuzes=vocab.MELDING_WETTEN, uitvraag="aanmelding.wetten",
             opslag="gesprekken.melding_wetten"),
        Veld("huishouden", "huishouden", KEUZE, keuzes=vocab.HUISHOUDENS, uitvraag="huishouden",
             opslag="gesprekken.huishouden"),
        Veld("inkomen_pct", "inkomen", GEHEEL, bereik=(0, 1000), uitvraag="inkomen_pct_bijstandsnorm",
             opslag="gesprekken.inkomen_pct"),
    ]
    out += [Veld(f"crisis.{k}", label.lower(), JA_NEE, uitvraag=f"crisis.{k}", opslag=f"gesprekken.{k}")
            for k, label in vocab.CRISIS.items()]
    out += [Veld(f"veiligheid.{k}", label.lower(), JA_NEE, uitvraag=f"veiligheid.{k}", opslag=f"gesprekken.{k}")
            for k, label in vocab.VEILIGHEID.items()]
    out += [
        Veld("betrokken_partijen", "betrokken partijen", GEHEEL, bereik=(0, 100), uitvraag="betrokken_partijen",
             opslag="gesprekken.betrokken_partijen"),
        Veld("samenwerking_stagneert", "samenwerking stagneert", JA_NEE, uitvraag="samenwerking_stagneert",
             opslag="gesprekken.samenwerking_stagneert"),
    ]
    return out


def _gezondheid() -> list[Veld]:
    out = []
    for k, label in vocab.DIMENSIES.items():
        out += [
            Veld(f"dimensies.{k}.score", f"{label}: score", GEHEEL, bereik=(0, 10), uitvraag=f"dimensies.{k}.score",
                 opslag="gesprek_dimensies.score"),
            Veld(f"dimensies.{k}.bespreken", f"{label}: hier wil ik over praten", VINKJE,
                 uitvraag=f"dimensies.{k}.bespreken", opslag="gesprek_dimensies.bespreken"),
            Veld(f"dimensies.{k}.notitie", f"{label}: notitie", TEKST, gevoelig=True,
                 opslag="gesprek_dimensies.notitie"),
        ]
    return out


def _gesprek() -> list[Veld]:
    return [
        Veld("wat_belangrijk", "wat is belangrijk", TEKST, gevoelig=True, samenvatting=True,
             opslag="gesprekken.wat_belangrijk"),
        Veld("wat_veranderen", "wat wil de inwoner veranderen", TEKST, gevoelig=True, samenvatting=True,
             opslag="gesprekken.wat_veranderen"),
        Veld("wie_helpen", "wie of wat kan helpen", TEKST, gevoelig=True, samenvatting=True,
             opslag="gesprekken.wie_helpen"),
        Veld("signalen", "leefgebieden en signalen", SIGNALEN, gevoelig=True, uitvraag="signalen",
             opslag="gesprek_signalen"),
        Veld("eigen_kracht", "eigen kracht", TEKST, gevoelig=True, opslag="gesprekken.eigen_kracht"),
        Veld("mantelzorger", "mantelzorger", JA_NEE, uitvraag="netwerk.mantelzorger",
             opslag="gesprekken.mantelzorger"),
        Veld("mantelzorger_overbelast", "overbelasting", JA_NEE, uitvraag="netwerk.mantelzorger_overbelast",
             opslag="gesprekken.mantelzorger_overbelast"),
        Veld("steun_van", "wie helpt", LIJST, gevoelig=True, uitvraag="netwerk.steun_van",
             opslag="gesprekken.steun_van"),
        Veld("afspraken", "afspraken", TEKST, gevoelig=True, samenvatting=True, opslag="gesprekken.afspraken"),
        Veld("status", "status", KEUZE, keuzes={"open": "open", "afgerond": "afgerond"}, opslag="gesprekken.status"),
        Veld("aanvragen", "aanvragen", AANVRAGEN, gevoelig=True, uitvraag="aanvragen", opslag="gesprekken.aanvragen"),
        Veld("uitwisseling_id", "kenmerk van het gesprek", KORT, uitvraag="id", opslag="gesprekken.uitwisseling_id"),
        Veld("vervolg_op", "vervolg op gesprek", KORT, uitvraag="vervolg_op", opslag="gesprekken.vervolg_op"),
    ]


class VeldTabel:
    """The fields in order, with a lookup by key."""

    def __init__(self, velden: Iterable[Veld]):
        self.velden: tuple[Veld, ...] = tuple(velden)
        self._per_key = {v.key: v for v in self.velden}
        if len(self._per_key) != len(self.velden):
            raise ValueError("a key appears twice in the field table")

    def __iter__(self):
        return iter(self.velden)

    def __contains__(self, key: str) -> bool:
        return key in self._per_key

    def get(self, key: str) -> Veld | None:
        return self._per_key.get(key)

    def __getitem__(self, key: str) -> Veld:
        return self._per_key[key]

    def dossier_velden(self) -> list[Veld]:
        """Fields held by the dossier itself (a plain key)."""
        return [v for v in self.velden if v.deel is None]

    def met(self, *extra: Veld, zonder: Iterable[str] = ()) -> VeldTabel:
        """A copy with ``extra`` added and the keys in ``zonder`` left out (tests, future fields)."""
        weg = set(zonder)
        return VeldTabel([v for v in self.velden if v.key not in weg] + list(extra))


VELDEN = VeldTabel(_inwoner() + _huishouden() + _aanmelding() + _gezondheid() + _gesprek())
# The table in force. Read it as ``gesprek_velden.TABEL`` at call time (a test may swap it).
TABEL = VELDEN


def tabel() -> VeldTabel:
    return TABEL


# -- reading and writing a dossier by key --------------------------------------------------------------

def lees(d: Any, veld: Veld) -> Any:
    """The value of ``veld`` in dossier ``d``."""
    parts = veld.key.split(".")
    if len(parts) == 1:
        return getattr(d, parts[0])
    obj = getattr(d, parts[0])
    if isinstance(obj, dict):
        sub = obj.get(parts[1])
        if len(parts) == 2:
            return sub
        return getattr(sub, parts[2]) if sub is not None else veld.soort.leeg()
    return getattr(obj, parts[1])


def zet(d: Any, veld: Veld, waarde: Any) -> None:
    """Set ``veld`` in dossier ``d`` to ``waarde``."""
    parts = veld.key.split(".")
    if len(parts) == 1:
        setattr(d, parts[0], waarde)
        return
    obj = getattr(d, parts[0])
    if isinstance(obj, dict):
        if len(parts) == 2:
            if waarde is None:
                obj.pop(parts[1], None)
            else:
                obj[parts[1]] = waarde
        else:
            setattr(obj[parts[1]], parts[2], waarde)
    else:
        setattr(obj, parts[1], waarde)


def vlak(d: Any, t: VeldTabel | None = None) -> dict[str, Any]:
    """Flat key -> comparable value: what the audit trail and the merge compare."""
    t = t or TABEL
    return {v.key: v.soort.vlak(lees(d, v)) for v in t}


def zet_vlak(d: Any, key: str, waarde: Any, t: VeldTabel | None = None) -> None:
    """Set a field from its flat (comparable) value, as ``vlak`` gave it."""
    v = (t or TABEL)[key]
    if isinstance(v.soort, (_Signalen, _Gevraagd)):
        waarde = v.soort.uit_vlak(waarde)
    elif isinstance(waarde, tuple):
        waarde = list(waarde)
    zet(d, v, waarde)


def fouten(d: Any, t: VeldTabel | None = None) -> list[tuple[str, str]]:
    """(key, Dutch message) for every field whose value its kind does not allow."""
    out = []
    for v in t or TABEL:
        msg = v.soort.fout(lees(d, v), v)
        if msg:
            out.append((v.key, msg))
    return out


def label(key: str, t: VeldTabel | None = None) -> str:
    v = (t or TABEL).get(key)
    return v.label if v is not None else key


def gevoelig(key: str, t: VeldTabel | None = None) -> bool:
    """Unknown keys count as sensitive: nothing enters the audit trail unless the table says it may."""
    v = (t or TABEL).get(key)
    return True if v is None else v.gevoelig


@dataclass(frozen=True)
class AuditWijziging:
    """One changed field for the audit trail; ``oud``/``nieuw`` are None for a sensitive field."""

    veld: str
    oud: Any
    nieuw: Any
    gevoelig: bool


def wijzigingen(oud: Mapping[str, Any], nieuw: Mapping[str, Any], t: VeldTabel | None = None) -> list[AuditWijziging]:
    """The changed fields between two ``vlak`` results, sensitive values left out."""
    out = []
    for key in sorted(nieuw):
        if nieuw[key] != oud.get(key):
            g = gevoelig(key, t)
            out.append(AuditWijziging(key, None if g else oud.get(key), None if g else nieuw[key], g))
    return out


# -- the exchange format -------------------------------------------------------------------------------

def _pad_zet(doc: dict, pad: str, waarde: Any) -> None:
    parts = pad.split(".")
    for p in parts[:-1]:
        doc = doc.setdefault(p, {})
    doc[parts[-1]] = waarde


def _pad_lees(doc: Mapping, pad: str) -> Any:
    cur: Any = doc
    for p in pad.split("."):
        if not isinstance(cur, Mapping) or p not in cur:
            return None
        cur = cur[p]
    return cur


def naar_uitwisseling(d: Any, t: VeldTabel | None = None) -> dict:
    """The exchange-format answers of dossier ``d`` (without ``formaat``): every field with an exchange
    path, not-asked values left out, answers "no" kept."""
    out: dict[str, Any] = {}
    for v in t or TABEL:
        if v.uitvraag is None:
            continue
        x = v.soort.naar_uitwisseling(lees(d, v))
        if x is not None:
            _pad_zet(out, v.uitvraag, x)
    return out


def uit_uitwisseling(doc: Mapping, d: Any, t: VeldTabel | None = None) -> None:
    """Fill dossier ``d`` from a validated exchange-format document: a field the document leaves out
    is emptied ("not asked"), except the resident's own data, which is only filled in."""
    for v in t or TABEL:
        if v.uitvraag is None:
            continue
        x = _pad_lees(doc, v.uitvraag)
        if x is None and v.aanvullen:
            continue
        zet(d, v, v.soort.van_uitwisseling(x))


def onbekende_uitwisseling(t: VeldTabel | None = None, bekend: Iterable[str] = ()) -> list[Veld]:
    """Fields with an exchange path the documented format does not define (``bekend`` = the paths it
    does): the reader validates and keeps them from their table row."""
    known = set(bekend)
    return [v for v in t or TABEL if v.uitvraag is not None and v.uitvraag not in known]


# -- drafts ------------------------------------------------------------------------------------------

def naar_json(d: Any, t: VeldTabel | None = None) -> dict[str, Any]:
    return {v.key: v.soort.naar_json(lees(d, v)) for v in t or TABEL}


def uit_json(data: Mapping[str, Any], d: Any, t: VeldTabel | None = None) -> None:
    for v in t or TABEL:
        if v.key in data:
            zet(d, v, v.soort.van_json(data[v.key]))


# -- paper -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PapierVeld:
    key: str
    label: str
    tekst: str
    samenvatting: bool


def papier(d: Any, keys: Iterable[str], t: VeldTabel | None = None) -> list[PapierVeld]:
    """The fields among ``keys`` that hold a value, as text for the summary and the file copy."""
    t = t or TABEL
    out = []
    for key in keys:
        v = t.get(key)
        if v is None:
            continue
        text = v.tekst(lees(d, v))
        if text:
            out.append(PapierVeld(v.key, v.label, text, v.samenvatting))
    return out
