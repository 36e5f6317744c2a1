"""The resident's rights and the people around them: household roles, representation and consent, and
the AVG's answer term. Pure rules, no storage.

Sources (law articles; the desk's design choices say so):

- Ouderlijk gezag includes the wettelijke vertegenwoordiging of a minor (BW 1:245 lid 4); voogdij the
  same for a voogd (BW 1:245, 1:337). Consent to process a child's data under 16 comes from the one
  with parental authority (UAVG art. 5 lid 1; AVG art. 8).
- Beschermingsbewind covers money and goods only (BW 1:431, 1:441): a bewindvoerder is asked about the
  money side, never about health information unless the recorded scope says so.
- Curatele covers the person and the goods (BW 1:378, 1:381); mentorschap the non-financial interests:
  care, nursing, treatment and support (BW 1:450, 1:453).
- AVG art. 12 lid 3: an answer to a request under art. 15-22 without delay and at the latest within a
  month of receipt (extendable by two months with reasons). The month is counted as the EU counts
  periods (Verordening 1182/71 art. 3): the same date in the next month (or that month's last day),
  moved to the next working day when it falls on a Saturday, Sunday or public holiday.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from toegang_app.domain.validation import InvalidInput

# -- household ----------------------------------------------------------------------------------

ROLLEN: dict[str, str] = {
    "partner": "Partner",
    "kind": "Kind",
    "ouder": "Ouder",
    "mantelzorger": "Mantelzorger (zorgt voor de inwoner)",
    "verzorgde": "Krijgt zorg van de inwoner",
    "huisgenoot": "Andere huisgenoot",
}
INWONER_ROL = "Inwoner (dit gesprek)"

# -- representation -----------------------------------------------------------------------------

FINANCIEEL = "financieel"
ZORG = "zorg"
PERSOONLIJK = "persoonlijk"
REIKWIJDTEN: dict[str, str] = {
    FINANCIEEL: "Geld en goederen",
    ZORG: "Zorg, gezondheid en begeleiding",
    PERSOONLIJK: "Andere persoonlijke zaken (wonen, dagbesteding)",
}


@dataclass(frozen=True)
class Soort:
    label: str
    grondslag: str                 # the legal basis printed with it
    reikwijdte: tuple[str, ...]    # the default scope
    minderjarige: bool = False     # only for a minor


SOORTEN: dict[str, Soort] = {
    "ouder_gezag": Soort("Ouder met gezag", "BW 1:245 (ouderlijk gezag)", (FINANCIEEL, ZORG, PERSOONLIJK), True),
    "voogd": Soort("Voogd", "BW 1:245 en 1:337 (voogdij)", (FINANCIEEL, ZORG, PERSOONLIJK), True),
    "wettelijk_vertegenwoordiger": Soort("Wettelijk vertegenwoordiger", "volgens de beschikking of volmacht", ()),
    "bewindvoerder": Soort("Bewindvoerder", "BW 1:431 (beschermingsbewind)", (FINANCIEEL,)),
    "curator": Soort("Curator", "BW 1:378 (curatele)", (FINANCIEEL, ZORG, PERSOONLIJK)),
    "mentor": Soort("Mentor", "BW 1:450 (mentorschap)", (ZORG, PERSOONLIJK)),
}
TOESTEMMING_LEEFTIJD = 16  # UAVG art. 5 lid 1


@dataclass(frozen=True)
class VertegenwoordigerInvoer:
    soort: str
    naam: str
    reikwijdte: tuple[str, ...] = ()
    grondslag: str | None = None
    telefoon: str | None = None
    bewijs: str | None = None
    geldig_tot: date | None = None


def check_vertegenwoordiger(v: VertegenwoordigerInvoer, leeftijd: int | None,
                               vandaag: date | None = None) -> list[InvalidInput]:
    """Every problem (Dutch, naming the field); an empty list is fine."""
    problems: list[InvalidInput] = []
    if v.soort not in SOORTEN:
        problems.append(InvalidInput("soort", "Kies wat voor vertegenwoordiger dit is."))
        return problems
    s = SOORTEN[v.soort]
    if not v.naam.strip():
        problems.append(InvalidInput("naam", "Vul de naam van de vertegenwoordiger in."))
    elif len(v.naam) > 200:
        problems.append(InvalidInput("naam", "De naam is te lang (meer dan 200 tekens)."))
    onbekend = [r for r in v.reikwijdte if r not in REIKWIJDTEN]
    if onbekend:
        problems.append(InvalidInput("reikwijdte", f"Onbekende reikwijdte: {', '.join(onbekend)}."))
    if not (v.reikwijdte or s.reikwijdte):
        problems.append(InvalidInput("reikwijdte", "Kies waarvoor deze vertegenwoordiger mag optreden."))
    if v.soort == "wettelijk_vertegenwoordiger" and not (v.grondslag or "").strip():
        problems.append(InvalidInput("grondslag", "Schrijf de grondslag op (welke beschikking of volmacht)."))
    if s.minderjarige and leeftijd is not None and leeftijd >= 18:
        problems.append(InvalidInput("soort", f"Een {s.label.lower()} vertegenwoordigt alleen een kind onder de 18. "
                                              "Deze inwoner is meerderjarig."))
    if v.geldig_tot is not None and v.geldig_tot < (vandaag or date.today()):
        problems.append(InvalidInput("geldig_tot", "De einddatum ligt in het verleden. Deze vertegenwoordiging "
                                                   "geldt dan niet meer."))
    return problems


@dataclass(frozen=True)
class Vertegenwoordiging:
    """A recorded representative, as the consent rule sees it."""

    id: int
    soort: str
    naam: str
    reikwijdte: tuple[str, ...]
    grondslag: str

    @property
    def label(self) -> str:
        return SOORTEN[self.soort].label if self.soort in SOORTEN else self.soort

    def dekt(self, onderwerp: str) -> bool:
        return onderwerp in self.reikwijdte


@dataclass(frozen=True)
class Toestemmer:
    """Someone who may give the consent of a referral."""

    door: str                      # inwoner | vertegenwoordiger
    naam: str
    uitleg: str
    vertegenwoordiger_id: int | None = None
    soort: str | None = None
    grondslag: str | None = None

    @property
    def label(self) -> str:
        return self.naam if self.door == "inwoner" else f"{self.naam} ({SOORTEN[self.soort].label.lower()})"


@dataclass(frozen=True)
class ToestemmingsVraag:
    """Who the referral dialog must ask. ``keuzes`` empty = nobody may consent yet (``probleem`` says
    what to record first)."""

    keuzes: tuple[Toestemmer, ...]
    onderwerp: str
    uitleg: str
    probleem: str | None = None
    niet_gevraagd: tuple[str, ...] = field(default_factory=tuple)  # representatives not asked, and why


def onderwerp_van(wet: str | None, leefgebieden: tuple[str, ...] = ()) -> str:
    """The money side (debts, income: Wgs, Participatiewet, or a money leefgebied) or care and health."""
    if wet in ("Wgs", "Participatiewet") or set(leefgebieden) & {"financien", "schulden"}:
        return FINANCIEEL
    return ZORG


def wie_geeft_toestemming(inwoner_naam: str, leeftijd: int | None, vertegenwoordigers: list[Vertegenwoordiging],
                          onderwerp: str) -> ToestemmingsVraag:
    """Who may consent to sharing data for a referral about ``onderwerp`` (FINANCIEEL or ZORG)."""
    wat = REIKWIJDTEN.get(onderwerp, onderwerp).lower()
    ouders = [v for v in vertegenwoordigers if v.soort in ("ouder_gezag", "voogd")]
    if leeftijd is not None and leeftijd < TOESTEMMING_LEEFTIJD:
        keuzes = tuple(Toestemmer("vertegenwoordiger", v.naam, f"{v.label}: geeft toestemming voor een kind onder de "
                                  f"16 (UAVG art. 5)", v.id, v.soort, v.grondslag) for v in ouders)
        probleem = None if keuzes else ("Deze inwoner is jonger dan 16. Toestemming komt van een ouder met gezag "
                                        "(UAVG art. 5). Leg eerst de ouder met gezag vast bij 'Huishouden en "
                                        "vertegenwoordiging'.")
        return ToestemmingsVraag(keuzes, onderwerp, "Kind onder de 16: de ouder met gezag geeft toestemming "
                                 "(UAVG art. 5).", probleem)
    keuzes: list[Toestemmer] = []
    niet: list[str] = []
    for v in vertegenwoordigers:
        if v.soort in ("ouder_gezag", "voogd") and leeftijd is not None and leeftijd >= 18:
            continue
        if v.dekt(onderwerp):
            keuzes.append(Toestemmer("vertegenwoordiger", v.naam, f"{v.label} ({v.grondslag}) voor {wat}", v.id,
                                     v.soort, v.grondslag))
        else:
            niet.append(f"{v.naam} ({v.label.lower()}) niet: vertegenwoordigt niet voor {wat}")
    curator = any(k.soort == "curator" for k in keuzes)
    zelf = Toestemmer("inwoner", inwoner_naam or "De inwoner", "De inwoner zelf")
    # under curatele the curator acts; otherwise the resident comes first
    ordered = keuzes + [zelf] if curator else [zelf, *keuzes]
    uitleg = "De inwoner geeft zelf toestemming" + (", of een vertegenwoordiger die hiervoor mag optreden."
                                                      if keuzes else ".")
    if curator:
        uitleg = "Onder curatele: de curator geeft toestemming (BW 1:381)."
    return ToestemmingsVraag(tuple(ordered), onderwerp, uitleg, None, tuple(niet))


def leeftijd_op(geboortedatum: date | None, geboortejaar: int | None, op: date) -> int | None:
    """Age on ``op``; from a year alone the lower bound (the youngest the resident can be)."""
    if geboortedatum is not None:
        return op.year - geboortedatum.year - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))
    if geboortejaar is not None:
        return op.year - geboortejaar - 1
    return None


# -- AVG requests ----------------------------------------------------------------------------------

AVG_SOORTEN: dict[str, str] = {
    "inzage": "Inzage (AVG art. 15)",
    "correctie": "Correctie (AVG art. 16)",
}


def een_maand_later(d: date) -> date:
    """The same date one month later, or that month's last day."""
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def avg_uiterlijk(ontvangen: date, vrije_dag=None) -> date:
    """The last day to answer a request received on ``ontvangen`` (AVG art. 12 lid 3). ``vrije_dag``
    (date -> bool) says which days are public holidays; weekends always move the end."""
    end = een_maand_later(ontvangen)
    while end.weekday() >= 5 or (vrije_dag is not None and vrije_dag(end)):
        end += timedelta(days=1)
    return end
