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
    # hand-overs to Veilig Thuis (Meldcode stap 2 and 5; issue 21): only for Veilig Thuis in the kaart
    "advies_veilig_thuis": "Advies vragen bij Veilig Thuis",
    "melding_veilig_thuis": "Melding bij Veilig Thuis",
}
VEILIG_THUIS = frozenset({"advies_veilig_thuis", "melding_veilig_thuis"})
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


def check_veilig_thuis(overdracht: str, voorziening_id: str, veilig_thuis_id: str | None, *, anoniem: bool,
                       delen: str | None, inwoner_weet: bool | None, waarom_niet: str | None) -> None:
    """A hand-over to Veilig Thuis says what is shared and whether the resident knows. Advice may be asked
    without the resident's name (then nothing about her is shared); a melding names her and needs no consent
    (meldrecht, Wmo 2015 art. 5.2.6), but the Meldcode asks the worker to tell her first (stap 3) or to
    write down why not. Raises InvalidInput (Dutch, naming the field)."""
    if overdracht not in VEILIG_THUIS:
        return
    label = OVERDRACHTEN[overdracht].lower()
    if voorziening_id != veilig_thuis_id:
        raise InvalidInput("overdracht", f"'{OVERDRACHTEN[overdracht]}' kan alleen bij Veilig Thuis. Kies Veilig Thuis "
                           "als voorziening, of een andere overdracht.")
    if overdracht == "melding_veilig_thuis" and anoniem:
        raise InvalidInput("anoniem", "Een melding gaat over de inwoner en noemt haar of hem. Zonder naam kan alleen "
                           "advies vragen bij Veilig Thuis.")
    if not anoniem and not (delen or "").strip():
        raise InvalidInput("toestemming_delen", f"Schrijf op welke gegevens u deelt bij '{label}'"
                           + (", of vraag advies zonder de naam van de inwoner." if overdracht == "advies_veilig_thuis"
                              else "."))
    if inwoner_weet is None:
        raise InvalidInput("inwoner_weet", f"Geef aan of de inwoner weet van '{label}'.")
    if not inwoner_weet and not (waarom_niet or "").strip():
        raise InvalidInput("waarom_niet", "De inwoner weet er niet van. Schrijf op waarom niet (bijvoorbeeld: het "
                           "zou de veiligheid van de inwoner, een kind of uzelf in gevaar brengen).")
