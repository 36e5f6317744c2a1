"""One synthetic demo conversation (screenshots, first look at the app). Not a real person: the name
says so and the record is marked synthetisch."""

from __future__ import annotations

from datetime import date, timedelta

from toegang_app.services import gesprekken as svc


def demo_dossier(ctx, vandaag: date | None = None) -> svc.GesprekDossier:
    today = vandaag or date.today()
    d = svc.GesprekDossier(team="haaksbergen", synthetisch=True, aanmelding_datum=today - timedelta(days=2))
    d.inwoner = svc.InwonerGegevens(naam="Gerrit Voorbeeld (synthetisch)", geboortedatum=date(1948, 6, 12),
                                    geboortejaar=1948, gemeente="haaksbergen", kern="Buurse")
    d.kanaal, d.melder = "balie", "netwerk"
    d.vraag = "Sinds mijn vrouw is overleden kom ik de deur bijna niet meer uit. Het huishouden lukt niet goed."
    d.huishouden = "alleenstaand"
    d.inkomen_pct = 115
    scores = {"lichaamsfuncties": 5, "mentaal_welbevinden": 4, "zingeving": 6, "kwaliteit_van_leven": 5,
              "meedoen": 2, "dagelijks_functioneren": 4}
    for k, v in scores.items():
        d.dimensies[k] = svc.DimensieInvoer(v, k in ("meedoen", "dagelijks_functioneren"), "")
    d.dimensies["meedoen"].notitie = "Ging vroeger naar de biljartclub; sinds een jaar niet meer."
    d.wat_belangrijk = "Weer mensen zien. Zelfstandig blijven wonen."
    d.wat_veranderen = "Minder alleen thuis zitten."
    d.wie_helpen = "Dochter (woont in Enschede), buurman."
    d.signalen = [svc.SignaalInvoer("eenzaamheid", 2, "weinig contact sinds overlijden partner"),
                  svc.SignaalInvoer("zelfzorg_huishouden", 2, "huishouden loopt achter")]
    d.eigen_kracht = "Kookt zelf, fietst nog korte stukken."
    d.mantelzorger = True
    d.mantelzorger_overbelast = False
    d.steun_van = ["dochter", "buurman"]
    d.afspraken = "Kennismaken bij de ontmoetingsplek in Buurse\nDochter belt de ouderenadviseur"
    return d
