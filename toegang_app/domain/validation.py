"""Input validation shared by the domain: one exception type with a Dutch message that names the
field, and date parsing as the desk types dates ("dd-mm-jjjj", or ISO "jjjj-mm-dd")."""

from __future__ import annotations

import re
from datetime import date

from toegang_app.domain.nl import MAANDEN, datum_lang


class InvalidInput(ValueError):
    """Invalid input from a user or a file. ``message`` is Dutch and meant to be shown as is;
    ``field`` names the field (a form field name or a dotted path in a document), or None."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


_NL_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")

def make_date(year: int, month: int, day: int, *, field: str | None, text: str) -> date:
    """A real calendar date, or InvalidInput naming what is wrong (month 13, 30 February ...)."""
    if not 1 <= month <= 12:
        raise InvalidInput(field, f"'{text}' is geen bestaande datum: maand {month} bestaat niet.")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            field, f"'{text}' is geen bestaande datum: {MAANDEN[month - 1]} {year} heeft geen dag {day}."
        ) from None


def parse_datum(text: str, *, field: str | None = "datum", toekomst_toegestaan: bool = True,
                vandaag: date | None = None) -> date:
    """Parse a date typed as 'dd-mm-jjjj' (also with / or .) or ISO 'jjjj-mm-dd'.

    Refuses impossible dates (30-02-2026) and, with ``toekomst_toegestaan=False``, dates after
    ``vandaag`` (default: today)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(field, "Vul een datum in, bijvoorbeeld 02-11-2026.")
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _NL_DATE.match(text)
        if not m:
            raise InvalidInput(
                field, f"'{text.strip()}' is geen datum. Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 02-11-2026."
            )
        d, mo, y = (int(g) for g in m.groups())
    result = make_date(y, mo, d, field=field, text=text.strip())
    if not toekomst_toegestaan:
        today = vandaag or date.today()
        if result > today:
            raise InvalidInput(field, f"De datum {datum_lang(result)} ligt in de toekomst. Dat kan hier niet.")
    return result


def parse_geboortedatum_of_jaar(text: str, *, field: str | None = "geboortedatum",
                                vandaag: date | None = None) -> tuple[date | None, int]:
    """Parse a birth date or only a birth year ('1944'). Returns (geboortedatum or None, geboortejaar).
    Refuses dates in the future and years before 1900."""
    today = vandaag or date.today()
    if isinstance(text, str):
        m = _YEAR.match(text)
        if m:
            year = int(m.group(1))
            _check_year(year, field, today)
            return None, year
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(field, "Vul een geboortedatum (dd-mm-jjjj) of alleen een geboortejaar in.")
    try:
        d = parse_datum(text, field=field, toekomst_toegestaan=False, vandaag=today)
    except InvalidInput as exc:
        if "toekomst" in exc.message:
            raise InvalidInput(field, "Een geboortedatum kan niet in de toekomst liggen.") from None
        raise InvalidInput(field, exc.message + " Of vul alleen het geboortejaar in, bijvoorbeeld 1944.") from None
    _check_year(d.year, field, today)
    return d, d.year


def _check_year(year: int, field: str | None, today: date) -> None:
    if year < 1900:
        raise InvalidInput(field, f"Geboortejaar {year} is te vroeg. Controleer het jaartal.")
    if year > today.year:
        raise InvalidInput(field, f"Geboortejaar {year} ligt in de toekomst. Controleer het jaartal.")


def parse_geboortejaren(text: str) -> list[int]:
    """'2017, 2023' -> [2017, 2023]; InvalidInput (Dutch) for anything that is not a sane year."""
    jaren = []
    this_year = date.today().year
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1900 <= int(part) <= this_year:
            raise InvalidInput("kinderen", f"'{part}' is geen geboortejaar. Schrijf jaartallen van 1900 tot en met "
                                           f"{this_year}, gescheiden door komma's, bijvoorbeeld 2017, 2023.")
        jaren.append(int(part))
    if not jaren:
        raise InvalidInput("kinderen", "Schrijf de geboortejaren van de kinderen thuis, bijvoorbeeld 2017, 2023. "
                                       "Of kies 'geen kinderen thuis'.")
    return sorted(jaren)
