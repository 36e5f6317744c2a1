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


TEKST, KORT, KEUZE, JA_NEE, VINKJE, GEHEEL, DATUM, LIJST, SIGNALEN = (
    _Tekst(), _Kort(), _Keuze(), _JaNee(), _Vinkje(), _Geheel(), _Datum(), _Lijst(), _Signalen())


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


def _aanmelding() -> list[Veld]:
    out = [
        Veld("aanmelding_datum", "datum aanmelding", DATUM, uitvraag="aanmelding.datum",
             opslag="gesprekken.aanmelding_datum", aanvullen=True),
        Veld("kanaal", "kanaal", KEUZE, keuzes=vocab.KANALEN, uitvraag="aanmelding.kanaal", opslag="gesprekken.kanaal"),
        Veld("melder", "melder", KEUZE, keuzes=vocab.MELDERS, uitvraag="aanmelding.melder", opslag="gesprekken.melder"),
        Veld("vraag", "vraag", TEKST, gevoelig=True, uitvraag="aanmelding.vraag", opslag="gesprekken.vraag"),
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


VELDEN = VeldTabel(_inwoner() + _aanmelding() + _gezondheid() + _gesprek())
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
    if isinstance(v.soort, _Signalen):
        waarde = v.soort.uit_vlak(waarde)
    elif isinstance(waarde, tuple):
        waarde = list(waarde)
    zet(d, v, waarde)


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
