"""Dutch dates and numbers as the desk reads them: the one place that spells a format out.

- ``datum``: 02-11-2026 (dd-mm-jjjj, what the desk types and reads in lists)
- ``datum_tijd``: 02-11-2026 14:05 (optionally with seconds)
- ``datum_lang``: 2 november 2026 (letters, messages, the resident's summary)
- ``datum_tijd_lang``: 2 november 2026 14:05
- ``maand``: november 2026 / nov 2026
- ``getal``: 1.234 and 1.234,5 (dot between thousands, comma before decimals)
- ``procent``: 12,5%

Every function takes ``None`` and returns "" for it, so a missing value stays empty ("te verifiëren"
is the caller's word, not a made-up date). A ``datetime`` given to a date-only function shows only its
date; the ``*_tijd*`` functions show the time when the value has one and only the date for a plain
``date``. Parsing what a user types stays in :mod:`toegang_app.domain.validation` (``parse_datum``),
which raises the Dutch :class:`InvalidInput`.
"""

from __future__ import annotations

from datetime import date, datetime
from numbers import Number

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def datum(d: date | None) -> str:
    """02-11-2026."""
    if d is None:
        return ""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def datum_tijd(d: date | None, *, seconden: bool = False) -> str:
    """02-11-2026 14:05 (14:05:09 with ``seconden``); a plain date shows only the date."""
    if d is None:
        return ""
    if not isinstance(d, datetime):
        return datum(d)
    return f"{datum(d)} {tijd(d, seconden=seconden)}"


def tijd(d: datetime | None, *, seconden: bool = False) -> str:
    """14:05 (or 14:05:09)."""
    if d is None:
        return ""
    return f"{d.hour:02d}:{d.minute:02d}" + (f":{d.second:02d}" if seconden else "")


def datum_lang(d: date | None) -> str:
    """2 november 2026."""
    if d is None:
        return ""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def datum_tijd_lang(d: date | None) -> str:
    """2 november 2026 14:05; a plain date shows only the date."""
    if d is None:
        return ""
    if not isinstance(d, datetime):
        return datum_lang(d)
    return f"{datum_lang(d)} {tijd(d)}"


def maand(jaar: int, maand_nr: int, *, kort: bool = False) -> str:
    """november 2026, or with ``kort`` nov 2026."""
    namen = MAANDEN_KORT if kort else MAANDEN
    return f"{namen[maand_nr - 1]} {jaar}"


def getal(v: object, decimalen: int = 1) -> str:
    """1.234 for a whole number, 1.234,5 for a fraction (``decimalen`` digits). None is ""; text and
    booleans are shown as they are."""
    if v is None:
        return ""
    if isinstance(v, bool) or not isinstance(v, Number):
        return str(v)
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    return f"{float(v):,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def procent(v: float | None, decimalen: int = 1) -> str:
    """12,5% (``v`` is the percentage itself, not a fraction)."""
    if v is None:
        return ""
    return f"{getal(float(v), decimalen)}%"
