"""Referrals (verwijzingen): statuses, the ways a referral can end without help, hand-over kinds, and
what a worker must tell when changing a status. Pure rules, no storage (domain brief section 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toegang_app.domain.validation import InvalidInput

STATUSSEN: dict[str, str] = {
    "voorgesteld": "Voorgesteld",
    "verwezen": "Verwezen",
    "aangemeld": "Aangemeld",
    "gestart": "Gestart",
    "afgerond": "Afgerond",
    "niet_gestart": "Niet gestart",
}
REDENEN_NIET_GESTART: dict[str, str] = {
    "wachtlijst": "Wachtlijst of geen capaciteit",
    "niet_passend": "Niet passend",
    "inwoner_ziet_af": "Inwoner ziet af",
    "niet_bereikbaar": "Inwoner niet bereikbaar",
    "elders": "Verwezen naar elders",
}
OVERDRACHTEN: dict[str, str] = {
    "warme_overdracht": "Warme overdracht",
    "aanmelding_toegang": "Aanmelding door de toegang",
    "zelf_melden": "Inwoner meldt zich zelf",
    "folder": "Folder meegegeven",
}
# Hand-overs in which the desk passes the resident's data to the provider: only with consent.
DELEN_NODIG = frozenset({"warme_overdracht", "aanmelding_toegang"})
OPEN = ("voorgesteld", "verwezen", "aangemeld")       # still waiting for news
VOLGENDE: dict[str, tuple[str, ...]] = {
    "voorgesteld": ("verwezen", "aangemeld", "gestart", "niet_gestart"),
    "verwezen": ("aangemeld", "gestart", "niet_gestart"),
    "aangemeld": ("gestart", "niet_gestart"),
    "gestart": ("afgerond", "niet_gestart"),
    "afgerond": ("gestart",),          # reopened after a mistake
    "niet_gestart": ("verwezen", "aangemeld", "gestart"),
}


@dataclass(frozen=True)
class StatusVraag:
    """What the change-status dialog must ask for ``naar``."""

    reden: bool           # a reason from REDENEN_NIET_GESTART
    opvolgdatum: bool     # a new follow-up date (still waiting for news)


def vraag_voor(naar: str) -> StatusVraag:
    return StatusVraag(reden=naar == "niet_gestart", opvolgdatum=naar in OPEN)


def check_overgang(van: str, naar: str, reden: str | None, opvolgdatum: date | None,
                        vandaag: date) -> None:
    """Raise InvalidInput (Dutch, naming the field) when the change is not allowed or incomplete."""
    if naar not in STATUSSEN:
        raise InvalidInput("status", f"Onbekende status '{naar}'.")
    if naar == van:
        raise InvalidInput("status", f"De verwijzing heeft al de status '{STATUSSEN[naar].lower()}'.")
    if naar not in VOLGENDE.get(van, ()):
        raise InvalidInput("status", f"Van '{STATUSSEN[van].lower()}' kan niet naar '{STATUSSEN[naar].lower()}'.")
    if naar == "niet_gestart" and reden not in REDENEN_NIET_GESTART:
        raise InvalidInput("reden", "Kies waarom de hulp niet is gestart.")
    if naar != "niet_gestart" and reden:
        raise InvalidInput("reden", "Een reden hoort alleen bij 'niet gestart'.")
    if opvolgdatum is not None and opvolgdatum < vandaag:
        raise InvalidInput("opvolgdatum", "De opvolgdatum ligt in het verleden. Kies vandaag of later.")


def check_toestemming(overdracht: str, toestemming: bool, delen: str | None) -> None:
    """Without consent no personal data goes with the referral (AVG art. 6/9; domain brief section 6)."""
    if overdracht not in OVERDRACHTEN:
        raise InvalidInput("overdracht", "Kies hoe de inwoner bij de voorziening komt.")
    if overdracht in DELEN_NODIG and not toestemming:
        raise InvalidInput("toestemming",
                           f"Bij '{OVERDRACHTEN[overdracht].lower()}' gaan gegevens van de inwoner naar de "
                           "voorziening. Dat mag alleen met toestemming. Vraag toestemming, of kies 'inwoner "
                           "meldt zich zelf' of 'folder meegegeven'.")
    if toestemming and overdracht in DELEN_NODIG and not (delen or "").strip():
        raise InvalidInput("toestemming_delen", "Schrijf op welke gegevens met wie gedeeld mogen worden.")
