"""The spinnenweb over time: the change per dimension in words, the B1 sentences of 'Toen en nu'."""

from __future__ import annotations

from toegang_app.domain import vervolg

TOEN = {"lichaamsfuncties": 6, "mentaal_welbevinden": 3, "zingeving": 5, "meedoen": 2}
NU = {"lichaamsfuncties": 6, "mentaal_welbevinden": 5, "zingeving": 4, "meedoen": None, "dagelijks_functioneren": 7}


def test_change_per_dimension_in_words():
    v = {x.dimensie: x for x in vervolg.veranderingen(TOEN, NU)}
    assert list(v) == ["lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven", "meedoen",
                       "dagelijks_functioneren"]
    assert v["lichaamsfuncties"].richting == "gelijk" and v["lichaamsfuncties"].kort == "6 → 6 =\u00a0gelijk"
    assert v["mentaal_welbevinden"].richting == "hoger" and "hoger" in v["mentaal_welbevinden"].kort
    assert v["zingeving"].tekst == "toen 5, nu 4: lager"
    assert v["meedoen"].richting is None and v["meedoen"].tekst == "toen 2, nu niet gevraagd"
    assert v["dagelijks_functioneren"].tekst == "nu 7 (nieuw)"
    assert v["kwaliteit_van_leven"].tekst == "niet gevraagd"


def test_b1_sentences_only_for_what_changed():
    zinnen = vervolg.toen_en_nu(TOEN, NU)
    assert zinnen == [
        "Mentaal welbevinden: de vorige keer gaf u een 3, nu een 5. Dat gaat nu beter.",
        "Zingeving: de vorige keer gaf u een 5, nu een 4. Dat gaat nu minder goed.",
    ]
