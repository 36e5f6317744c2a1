import copy
from datetime import date
from pathlib import Path

import pytest
import yaml

from toegang_app.errors import ConfigError
from toegang_app.domain.ave import (
    PhaseChange, change_kind, days_in_phase, load_ave_config, missing_requirements,
    parse_ave_config, propose_phase, requirements_for_phase, review_due, validate_override,
)
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.domain.validation import InvalidInput
from toegang_app.paths import resources_dir

AVE_YAML = resources_dir() / "ave.yaml"


@pytest.fixture(scope="module")
def cfg():
    return load_ave_config(AVE_YAML)


def case(**kw):
    return parse_uitvraag({"gemeente": kw.pop("gemeente", "haaksbergen"), **kw})


def test_shipped_config(cfg):
    assert sorted(cfg.fasen) == [1, 2, 3, 4]
    assert [f.kleur_naam for f in cfg.fasen.values()] == ["groen", "geel", "oranje", "rood"]
    assert cfg.fasen[1].naam == "AVE 1"
    assert cfg.veiligheidsroute == ("regio-veilig-thuis-twente", "regio-zorg-en-veiligheidshuis-twente")
    assert "procesregisseur" in cfg.fasen[4].vastleggen
    assert "seeds/003:642-652" in cfg.bron
    assert all(r.uitleg for r in cfg.regels)


def test_weduwe_buurse_lonely_is_ave2(cfg):
    u = case(kern="Buurse", geboortejaar=1944,
             dimensies={"zingeving": {"score": 3, "bespreken": True}, "meedoen": {"score": 2, "bespreken": True},
                        "dagelijks_functioneren": {"score": 6}},
             signalen=[{"leefgebied": "eenzaamheid", "ernst": 2}],
             veiligheid={"acuut_onveilig": False})
    v = propose_phase(u, cfg)
    assert v.fase == 2
    assert "probleem op 1 leefgebied (eenzaamheid)" in v.redenen
    assert "lage scores: zingeving 3/10, meedoen 2/10" in v.redenen


def test_only_worries_is_ave1(cfg):
    u = case(signalen=[{"leefgebied": "eenzaamheid", "ernst": 1}], dimensies={"meedoen": {"score": 5}})
    v = propose_phase(u, cfg)
    assert v.fase == 1 and v.redenen == ["alleen zorgen gemeld (eenzaamheid)"]


def test_nothing_asked_is_ave1_but_says_so(cfg):
    v = propose_phase(case(), cfg)
    assert v.fase == 1 and "nog weinig gevraagd" in v.redenen[0]
    v = propose_phase(case(signalen=[], veiligheid={"acuut_onveilig": False}), cfg)
    assert v.redenen == ["geen problemen gemeld"]


def test_twenterand_complex_family_is_ave3(cfg):
    u = case(gemeente="twenterand", kern="Den Ham",
             signalen=[{"leefgebied": "schulden", "ernst": 3}, {"leefgebied": "wonen", "ernst": 2},
                       {"leefgebied": "psychische_gezondheid", "ernst": 2}],
             betrokken_partijen=4, samenwerking_stagneert=True)
    v = propose_phase(u, cfg)
    assert v.fase == 3
    assert v.redenen == ["problemen op 3 leefgebieden (schulden, wonen, psychische gezondheid)",
                         "samenwerking stagneert met 4 betrokken partijen"]


def test_stagnation_needs_enough_parties_for_ave3(cfg):
    v = propose_phase(case(samenwerking_stagneert=True, betrokken_partijen=2), cfg)
    assert v.fase == 2 and v.redenen == ["samenwerking stagneert (2 betrokken partijen)"]


def test_acute_unsafety_is_ave4(cfg):
    u = case(veiligheid={"acuut_onveilig": True}, signalen=[{"leefgebied": "eenzaamheid", "ernst": 2}])
    v = propose_phase(u, cfg)
    assert v.fase == 4 and v.redenen == ["acute onveiligheid gemeld"]


def test_severe_safety_signal_is_ave4_and_suspicion_alone_ave3(cfg):
    v = propose_phase(case(signalen=[{"leefgebied": "veiligheid", "ernst": 3}]), cfg)
    assert v.fase == 4 and v.redenen == ["signaal op veiligheid: ernstig of acuut"]
    v = propose_phase(case(veiligheid={"vermoeden_huiselijk_geweld": True}), cfg)
    assert v.fase == 3 and v.redenen == ["vermoeden van huiselijk geweld"]


def test_crisis_alone_ave2_with_more_problems_ave3(cfg):
    v = propose_phase(case(crisis={"dreigende_ontruiming": True}), cfg)
    assert v.fase == 2 and v.redenen == ["crisissituatie: dreigende ontruiming"]
    v = propose_phase(case(crisis={"dreigende_ontruiming": True, "afsluiting_energie_water": True},
                           signalen=[{"leefgebied": "schulden", "ernst": 2}, {"leefgebied": "wonen", "ernst": 2}]), cfg)
    assert v.fase == 3
    assert v.redenen[0] == "crisissituatie: dreigende ontruiming, afsluiting energie of water"
    assert "problemen op 2 leefgebieden (schulden, wonen)" in v.redenen


def test_limited_own_regie_is_ave3_with_several_parties(cfg):
    # AVE 3 (domain brief section 4): several life areas, limited regie AND several parties involved
    signalen = [{"leefgebied": "zelfzorg_huishouden", "ernst": 2}, {"leefgebied": "mobiliteit", "ernst": 2}]
    u = case(dimensies={"dagelijks_functioneren": {"score": 2}}, signalen=signalen, betrokken_partijen=2)
    v = propose_phase(u, cfg)
    assert v.fase == 3
    assert any("dagelijks functioneren 2/10" in r for r in v.redenen)
    # limited regie on two areas with nobody else involved yet: one professional helps (AVE 2)
    alleen = propose_phase(case(dimensies={"dagelijks_functioneren": {"score": 2}}, signalen=signalen), cfg)
    assert alleen.fase == 2


def test_overburdened_carer_is_ave2(cfg):
    v = propose_phase(case(netwerk={"mantelzorger_overbelast": True}), cfg)
    assert v.fase == 2 and v.redenen == ["mantelzorger is overbelast"]


def test_not_asked_never_counts_as_yes(cfg):
    assert propose_phase(case(netwerk={"mantelzorger": True}), cfg).fase == 1


# -- config validation ---------------------------------------------------------------------

def _raw():
    return yaml.safe_load(AVE_YAML.read_text(encoding="utf-8"))


def test_broken_config_messages_name_file_phase_field():
    raw = _raw()
    raw["fasen"][1]["kleur"]["hex"] = "geel"
    del raw["fasen"][2]["regie"]
    raw["regels"][0]["als"] = {"vlag": "veiligheid.onbekend"}
    raw["regels"][1]["fase"] = 7
    raw["regels"][2]["als"] = {"leefgebieden_min": 2}
    with pytest.raises(ConfigError) as exc:
        parse_ave_config(raw, "ave.yaml")
    msgs = exc.value.messages
    assert "ave.yaml, fase 2, veld 'kleur.hex': moet een kleurcode zijn als #F9A825" in msgs
    assert "ave.yaml, fase 3, veld 'regie': ontbreekt of is leeg" in msgs
    assert any(m.startswith("ave.yaml, regel 'acute_onveiligheid', veld 'als.vlag'") for m in msgs)
    assert any(m.startswith("ave.yaml, regel 'ernstig_veiligheidssignaal', veld 'fase'") for m in msgs)
    assert any("veld 'als.ernst_min': nodig" in m for m in msgs)


def test_missing_phase_and_file(tmp_path):
    raw = _raw()
    raw["fasen"] = raw["fasen"][:3]
    with pytest.raises(ConfigError) as exc:
        parse_ave_config(raw)
    assert any("fase 4 ontbreekt" in m for m in exc.value.messages)
    with pytest.raises(ConfigError) as exc:
        load_ave_config(tmp_path / "ave.yaml")
    assert "niet gevonden" in exc.value.message
    bad = tmp_path / "kapot.yaml"
    bad.write_text("fasen: [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_ave_config(bad)
    assert "kapot.yaml: geen geldige YAML" in exc.value.message


# -- phase changes -------------------------------------------------------------------------

def test_override_needs_reason():
    with pytest.raises(InvalidInput) as exc:
        validate_override(2, 3, "   ")
    assert exc.value.field == "reden"
    assert "AVE 3" in exc.value.message and "AVE 2" in exc.value.message
    assert validate_override(2, 3, " Zoon belt dagelijks in paniek ") == "Zoon belt dagelijks in paniek"
    assert validate_override(2, 2, None) is None
    with pytest.raises(InvalidInput):
        validate_override(2, 5, "x")


def test_change_kind():
    assert change_kind(2, 3) == "opschalen"
    assert change_kind(3, 1) == "afschalen"
    assert change_kind(2, 2) == "bevestigd"
    assert change_kind(None, 2) == "bevestigd"


def test_phase_change_value_object():
    c = PhaseChange(van=2, naar=3, voorgesteld=3, datum=date(2026, 5, 1), medewerker="j.jansen",
                    reden="Samenwerking loopt vast")
    assert c.soort == "opschalen"
    with pytest.raises(InvalidInput):
        PhaseChange(van=3, naar=2, datum=date(2026, 5, 1), medewerker="j.jansen")
    with pytest.raises(InvalidInput):
        PhaseChange(naar=3, voorgesteld=2, datum=date(2026, 5, 1), medewerker="j.jansen")
    with pytest.raises(InvalidInput):
        PhaseChange(naar=2, voorgesteld=2, datum=date(2026, 5, 1), medewerker=" ")
    assert PhaseChange(naar=2, voorgesteld=2, datum=date(2026, 5, 1), medewerker="a").soort == "bevestigd"


def test_requirements_from_ave3(cfg):
    assert requirements_for_phase(2) == ()
    assert requirements_for_phase(3) == ("procesregisseur", "plan", "evaluatiedatum")
    assert requirements_for_phase(4, cfg) == ("procesregisseur", "plan", "evaluatiedatum")
    assert missing_requirements(2, procesregisseur=None, plan=None, evaluatiedatum=None) == []
    msgs = missing_requirements(3, procesregisseur="P. de Vries", plan=" ", evaluatiedatum=None)
    assert msgs == ["In AVE 3 is een plan (één gezin, één plan) verplicht.", "In AVE 3 is een evaluatiedatum verplicht."]


def test_review_and_days():
    assert review_due(date(2026, 6, 1), date(2026, 6, 1))
    assert not review_due(date(2026, 6, 2), date(2026, 6, 1))
    assert not review_due(None, date(2026, 6, 1))
    assert days_in_phase(date(2026, 5, 1), date(2026, 6, 1)) == 31
