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

TE_VERIFIEREN = "te verifiëren"


def kern_valid(gemeente: str, kern: str) -> bool:
    return kern in KERNEN.get(gemeente, ())
