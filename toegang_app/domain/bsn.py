"""Burgerservicenummer: 9 digits passing the elfproef (weights 9..2 and -1, sum divisible by 11).
Optional at the desk, never required to record a conversation (domain brief section 3)."""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as _bsn

from toegang_app.domain.validation import InvalidInput

_SEPARATORS = re.compile(r"[\s.\-]")


def validate_bsn(text: str, *, field: str = "bsn") -> str:
    """Return the BSN as 9 digits (spaces, dots and dashes removed), or raise InvalidInput."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(field, "Vul een BSN in, of laat het veld leeg als de inwoner het niet geeft.")
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit() or not digits.isascii():
        raise InvalidInput(field, "Een BSN bestaat alleen uit cijfers.")
    if len(digits) != 9:
        raise InvalidInput(field, f"Een BSN heeft 9 cijfers. U vulde er {len(digits)} in.")
    if set(digits) == {"0"}:
        raise InvalidInput(field, "Dit BSN bestaat niet. Controleer de cijfers.")
    try:
        return _bsn.validate(digits)
    except ValidationError:
        raise InvalidInput(
            field, "Dit BSN klopt niet: de controle (elfproef) gaat niet goed. Controleer de cijfers."
        ) from None


def is_valid_bsn(text: str) -> bool:
    try:
        validate_bsn(text)
    except InvalidInput:
        return False
    return True
