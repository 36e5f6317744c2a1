"""Follow-up conversations (vervolggesprek): the spinnenweb over time. Pure rules: the change per
dimension between the previous and the current conversation (in words, never only in colour), the B1
sentences of "Toen en nu" for the resident's summary, and what is carried over from the previous
conversation for the worker to confirm. No Qt, no SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass

from toegang_app.domain import vocab

HOGER, LAGER, GELIJK = "hoger", "lager", "gelijk"
# the change in words, with a sign that survives grey print and colour blindness
TEKEN = {HOGER: "↑", LAGER: "↓", GELIJK: "="}
WOORD = {HOGER: "hoger", LAGER: "lager", GELIJK: "gelijk"}


def _pdf_kort(v: "Verandering") -> str:
    """The change in plain letters (the PDF font has no arrows): 'toen 3, nu 6: hoger'."""
    if v.toen is None and v.nu is None:
        return "niet gevraagd"
    if v.toen is None:
        return f"nu {v.nu} (nieuw)"
    if v.nu is None:
        return f"toen {v.toen}, nu niet gevraagd"
    return f"toen {v.toen}, nu {v.nu}: {WOORD[v.richting]}"


@dataclass(frozen=True)
class Verandering:
    dimensie: str
    toen: int | None
    nu: int | None

    @property
    def richting(self) -> str | None:
        """'hoger', 'lager' or 'gelijk'; None when one of the two was not asked."""
        if self.toen is None or self.nu is None:
            return None
        return HOGER if self.nu > self.toen else LAGER if self.nu < self.toen else GELIJK

    @property
    def label(self) -> str:
        return vocab.DIMENSIES.get(self.dimensie, self.dimensie)

    @property
    def tekst(self) -> str:
        """Without signs, for print: 'toen 3, nu 6: hoger'."""
        return _pdf_kort(self)

    @property
    def kort(self) -> str:
        """'3 → 6 ↑ hoger', '6 (nieuw)': not asked the previous time, 'toen 3, nu nog niet'."""
        if self.toen is None and self.nu is None:
            return "niet gevraagd"
        if self.toen is None:
            return f"{self.nu} (nieuw)"
        if self.nu is None:
            return f"toen {self.toen}, nu nog niet"
        r = self.richting
        return f"{self.toen} → {self.nu} {TEKEN[r]}\u00a0{WOORD[r]}"   # no-break: sign and word stay together


def veranderingen(toen: dict[str, int | None], nu: dict[str, int | None]) -> list[Verandering]:
    """One entry per dimension, in the fixed order of the six dimensions."""
    return [Verandering(k, toen.get(k), nu.get(k)) for k in vocab.DIMENSIES]


def b1_zin(v: Verandering) -> str | None:
    """A plain sentence for a dimension that changed (None when it stayed the same or was not asked)."""
    r = v.richting
    if r is None or r == GELIJK:
        return None
    hoe = "Dat gaat nu beter." if r == HOGER else "Dat gaat nu minder goed."
    return f"{v.label}: de vorige keer gaf u een {v.toen}, nu een {v.nu}. {hoe}"


def toen_en_nu(toen: dict[str, int | None], nu: dict[str, int | None]) -> list[str]:
    return [z for z in (b1_zin(v) for v in veranderingen(toen, nu)) if z]


# what a follow-up conversation takes over from the previous one (the worker confirms it)
OVERNEMEN: dict[str, str] = {
    "huishouden": "huishouden",
    "kinderen": "kinderen thuis",
    "kenmerken": "kenmerken van het huishouden",
    "verblijfsstatus": "verblijfsstatus",
    "inkomen_pct": "inkomen",
    "mantelzorger": "mantelzorger",
    "mantelzorger_overbelast": "overbelasting mantelzorger",
    "steun_van": "wie helpt (netwerk)",
    "eigen_kracht": "eigen kracht",
    "betrokken_partijen": "betrokken partijen",
}
