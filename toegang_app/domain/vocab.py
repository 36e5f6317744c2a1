"""Controlled vocabulary of the desk: the enumerations of the exchange format
(``shared/docs/uitvraag-format.md``) with their Dutch display labels.

Keys are the interface (exchange format, database, resources); labels are what users read.
Dict order is display order.
"""

from __future__ import annotations

GEMEENTEN: dict[str, str] = {
    "haaksbergen": "Haaksbergen",
    "twenterand": "Twenterand",
}

# Kernen per gemeente (domain brief section 1; seeds/003:29, seeds/000:640-648).
KERNEN: dict[str, tuple[str, ...]] = {
    "haaksbergen": ("Haaksbergen", "Buurse", "Sint Isidorushoeve"),
    "twenterand": (
        "Vriezenveen",
        "Vroomshoop",
        "Den Ham",
        "Westerhaar-Vriezenveensewijk",
        "Aadorp",
        "Bruinehaar",
        "Daarlerveen",
        "Geerdijk",
        "Kloosterhaar",
        "Sibculo",
        "Weitemanslanden",
    ),
}

# The six dimensions of Positieve Gezondheid (Huber), in their canonical order.
DIMENSIES: dict[str, str] = {
    "lichaamsfuncties": "Lichaamsfuncties",
    "mentaal_welbevinden": "Mentaal welbevinden",
    "zingeving": "Zingeving",
    "kwaliteit_van_leven": "Kwaliteit van leven",
    "meedoen": "Meedoen",
    "dagelijks_functioneren": "Dagelijks functioneren",
}

LEEFGEBIEDEN: dict[str, str] = {
    "financien": "Financiën",
    "schulden": "Schulden",
    "wonen": "Wonen",
    "werk_dagbesteding": "Werk en dagbesteding",
    "opvoeden_opgroeien": "Opvoeden en opgroeien",
    "veiligheid": "Veiligheid",
    "lichamelijke_gezondheid": "Lichamelijke gezondheid",
    "psychische_gezondheid": "Psychische gezondheid",
    "mantelzorg": "Mantelzorg",
    "taal_basisvaardigheden": "Taal en basisvaardigheden",
    "verslaving": "Verslaving",
    "eenzaamheid": "Eenzaamheid",
    "zelfzorg_huishouden": "Zelfzorg en huishouden",
    "mobiliteit": "Mobiliteit",
    "inburgering": "Inburgering",
}

ERNST: dict[int, str] = {1: "zorg", 2: "probleem", 3: "ernstig of acuut"}

HUISHOUDENS: dict[str, str] = {
    "alleenstaand": "Alleenstaand",
    "samenwonend": "Samenwonend",
    "gezin_met_kinderen": "Gezin met kinderen",
    "eenoudergezin": "Eenoudergezin",
    "anders": "Anders",
}

KANALEN: dict[str, str] = {
    "balie": "Balie",
    "telefoon": "Telefoon",
    "mail": "Mail",
    "huisbezoek": "Huisbezoek",
}

MELDERS: dict[str, str] = {
    "inwoner": "Inwoner zelf",
    "netwerk": "Netwerk (familie, buren)",
    "huisarts_poh": "Huisarts / POH",
    "school": "School",
    "wijkverpleging": "Wijkverpleging",
    "veilig_thuis": "Veilig Thuis",
    "andere_professional": "Andere professional",
}

CRISIS: dict[str, str] = {
    "dreigende_ontruiming": "Dreigende ontruiming",
    "afsluiting_energie_water": "Afsluiting energie of water",
    "opzegging_zorgverzekering": "Opzegging zorgverzekering",
}

VEILIGHEID: dict[str, str] = {
    "acuut_onveilig": "Acute onveiligheid",
    "vermoeden_huiselijk_geweld": "Vermoeden huiselijk geweld",
}

# Rungs of the ladder (domain brief section 5): licht waar het kan, zwaar waar nodig.
TREDEN: dict[int, str] = {
    0: "Eigen kracht",
    1: "Netwerk",
    2: "Voorliggend / sociale basis",
    3: "Algemene voorziening",
    4: "Maatwerk",
    5: "Specialistisch / gedwongen kader",
}

# How a resident reaches a voorziening (issue: sociale kaart).
TOEGANG: dict[str, str] = {
    "vrij_toegankelijk": "Vrij toegankelijk",
    "aanmelden": "Aanmelden",
    "verwijzing": "Verwijzing nodig",
    "beschikking": "Beschikking nodig",
}

WETTEN: dict[str, str] = {
    "Wmo": "Wmo 2015",
    "Jeugdwet": "Jeugdwet",
    "Participatiewet": "Participatiewet",
    "Wgs": "Wet gemeentelijke schuldhulpverlening",
    "Zvw": "Zorgverzekeringswet",
    "Wlz": "Wet langdurige zorg",
    "Leerplichtwet": "Leerplichtwet",
    "Wet kinderopvang": "Wet kinderopvang",
    "Wet inburgering": "Wet inburgering 2021",
}

# -- exchange format version 2 (shared/docs/uitvraag-format.md, "Version 2") ------------------------------

VERBLIJFSSTATUS: dict[str, str] = {
    "nederlands_of_eu": "Nederlands of EU",
    "statushouder": "Statushouder",
    "ontheemde_oekraine": "Ontheemde uit Oekraïne",
    "anders": "Anders",
}

# Situations that decide who a voorziening is for, for the resident or someone in the household.
KENMERKEN: dict[str, str] = {
    "zwanger": "Zwanger",
    "dementie": "Dementie",
    "niet_aangeboren_hersenletsel": "Niet-aangeboren hersenletsel (NAH)",
    "verstandelijke_beperking": "Verstandelijke beperking",
    "lichamelijke_beperking": "Lichamelijke beperking",
    "psychische_kwetsbaarheid": "Psychische kwetsbaarheid",
    "dakloos": "Dakloos of thuisloos",
}

KENMERK_WIE: dict[str, str] = {
    "inwoner": "Inwoner zelf",
    "partner": "Partner",
    "kind": "Kind",
    "ouder": "Ouder",
    "ander_huisgenoot": "Ander huisgenoot",
}

# The laws under which the desk registers a melding or receives an aanvraag (aanmelding.wetten,
# aanvragen[].wet), and the key of each in WETTEN (the kaart's law of a voorziening).
MELDING_WETTEN: dict[str, str] = {
    "wmo": "Wmo 2015",
    "jeugdwet": "Jeugdwet",
    "wgs": "Wet gemeentelijke schuldhulpverlening",
    "participatiewet": "Participatiewet",
}
MELDING_WET_NAAR_WET: dict[str, str] = {
    "wmo": "Wmo", "jeugdwet": "Jeugdwet", "wgs": "Wgs", "participatiewet": "Participatiewet",
}

# -- who a voorziening is for (issue 17; domain brief section 5 "Fitting means fitting this resident") ----
# A *limit* (age, income, gemeente, kern) excludes only on a known value; a *group* needs positive
# evidence from the recorded conversation. Which of these groups is which, and what counts as evidence,
# is the matcher's rule (domain/ladder.py); the labels are what a beheerder reads.
DOELGROEPEN: dict[str, str] = {
    "iedereen": "Iedereen",
    "kinderen": "Kinderen",
    "jeugd": "Jeugd en jongeren",
    "ouders": "Ouders en opvoeders",
    "ouders_jonge_kinderen": "Ouders van jonge kinderen",
    "zwangeren": "Zwangeren",
    "jongvolwassenen": "Jongvolwassenen",
    "ouderen": "Ouderen",
    "mantelzorgers": "Mantelzorgers",
    "dementie": "Mensen met dementie en hun naasten",
    "beperking": "Mensen met een lichamelijke of verstandelijke beperking of NAH",
    "psychisch_kwetsbaren": "Psychisch kwetsbaren",
    "dak_thuislozen": "Dak- en thuislozen",
    "statushouders": "Statushouders",
    "ontheemden_oekraine": "Ontheemden uit Oekraïne",
    "minima": "Minima (laag inkomen)",
    "werkzoekenden": "Werkzoekenden",
    "ondernemers": "Ondernemers",
    "lage_basisvaardigheden": "Mensen met lage basisvaardigheden (taal, rekenen, digitaal)",
}

# Whose age leeftijd_min / leeftijd_max of a voorziening limit.
LEEFTIJD_GELDT_VOOR: dict[str, str] = {
    "inwoner": "de inwoner",
    "kind": "een kind in het huishouden",
}

# Situations a voorziening can name as a contra-indication (not when ...) or as a requirement (only
# when ...). The matcher (domain/ladder.py) decides from the conversation whether a situation holds.
SITUATIES: dict[str, str] = {
    "vermoeden_huiselijk_geweld": "vermoeden van huiselijk geweld",
    "acuut_onveilig": "acute onveiligheid",
    "tijdelijk_huisverbod": "een opgelegd tijdelijk huisverbod",
    "dakloos": "dakloosheid",
    "inburgeringsplichtig": "inburgeringsplicht",
    "zelfstandig_wonen_lukt_niet": "psychische problemen waardoor zelfstandig wonen niet lukt (24 uur per dag hulp nodig)",
    "scheiding": "ouders die uit elkaar gaan (scheiding)",
    "pleegouderschap": "pleegouderschap (een pleegkind in huis)",
    "speciaal_onderwijs": "een kind op een school voor speciaal onderwijs",
}

TE_VERIFIEREN = "te verifiëren"


def kern_valid(gemeente: str, kern: str) -> bool:
    return kern in KERNEN.get(gemeente, ())
