"""Limits on what a worker or a file may put in (issue 19, items 10 and 12). Pure functions that raise
InvalidInput with a Dutch message naming the field; the services call them before anything is written.

- A free text is at most TEKST_MAX (20 000) characters: about eight pages, more than any note at the desk
  needs, and small enough that a file copy of a conversation full of them still renders in seconds.
  Control characters are refused (line breaks and tabs are text).
- A name is at most NAAM_MAX (200) characters, contains at least one letter (of any script) and no control
  or invisible (zero-width, direction) characters: a name of only zero-width characters looks empty on
  screen and on paper but is not.
- Dates within sane ranges: nobody at the desk was born before 1900; an aanmelding is not older than 2000
  (long before Wmo 2015) and never in the future.
- A search is at most ZOEK_MAX (200) characters."""

from __future__ import annotations

import unicodedata
from datetime import date

from toegang_app.domain.validation import InvalidInput

TEKST_MAX = 20_000
NAAM_MAX = 200
ZOEK_MAX = 200
GEBOORTE_VANAF = date(1900, 1, 1)
AANMELDING_VANAF = date(2000, 1, 1)

_TEKST_TOEGESTAAN = {"\n", "\r", "\t"}


def _aantal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def controleer_tekst(tekst: str | None, field: str, label: str = "De tekst", maximum: int = TEKST_MAX) -> None:
    """A free text: at most ``maximum`` characters, no control characters."""
    if not tekst:
        return
    if len(tekst) > maximum:
        raise InvalidInput(field, f"{label} is te lang: hooguit {_aantal(maximum)} tekens (nu {_aantal(len(tekst))}). "
                           "Maak de tekst korter; een bijlage hoort niet in het gesprek.")
    for c in tekst:
        if c not in _TEKST_TOEGESTAAN and unicodedata.category(c) == "Cc":
            raise InvalidInput(field, f"{label} bevat tekens die niet in een tekst horen (bijvoorbeeld uit een "
                               "ander programma geplakt). Typ de tekst opnieuw of plak hem als platte tekst.")


def controleer_naam(naam: str, field: str = "naam") -> str:
    """A person's name; returns it stripped."""
    n = (naam or "").strip()
    if len(n) > NAAM_MAX:
        raise InvalidInput(field, f"De naam is te lang (meer dan {NAAM_MAX} tekens).")
    cats = [unicodedata.category(c) for c in n]
    if "Cc" in cats:
        raise InvalidInput(field, "De naam bevat tekens die niet in een naam horen. Typ de naam opnieuw.")
    if not any(c.startswith("L") for c in cats):
        raise InvalidInput(field, "Een naam bestaat uit letters. Vul de naam van de inwoner in.")
    if "Cf" in cats:
        raise InvalidInput(field, "De naam bevat onzichtbare tekens (bijvoorbeeld uit een ander programma geplakt). "
                           "Typ de naam opnieuw.")
    return n


def controleer_geboorte(geboortedatum: date | None, geboortejaar: int | None, field: str = "geboortedatum",
                        vandaag: date | None = None) -> None:
    today = vandaag or date.today()
    jaar = geboortedatum.year if geboortedatum is not None else geboortejaar
    if jaar is None:
        return
    if jaar < GEBOORTE_VANAF.year:
        raise InvalidInput(field, f"Geboortejaar {jaar} is te vroeg: vul een jaar vanaf 1900 in. Controleer het jaartal.")
    if (geboortedatum is not None and geboortedatum > today) or jaar > today.year:
        raise InvalidInput(field, "Een geboortedatum kan niet in de toekomst liggen.")


def controleer_aanmelding(d: date, field: str = "aanmelding_datum", vandaag: date | None = None) -> None:
    if d < AANMELDING_VANAF:
        raise InvalidInput(field, f"De datum van aanmelding ({d.day:02d}-{d.month:02d}-{d.year:04d}) is te oud: vul "
                           "een datum vanaf 2000 in. Controleer het jaartal.")
    if d > (vandaag or date.today()):
        raise InvalidInput(field, "De datum van aanmelding kan niet in de toekomst liggen.")


def controleer_zoektekst(tekst: str | None, field: str = "zoeken") -> None:
    if tekst and len(tekst) > ZOEK_MAX:
        raise InvalidInput(field, f"De zoekopdracht is te lang: hooguit {ZOEK_MAX} tekens. Typ een deel van de naam, "
                           "de geboortedatum, het BSN of de postcode.")
