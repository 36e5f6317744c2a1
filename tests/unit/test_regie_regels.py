"""Procesregie rules: time watched, plan input refused with Dutch messages, the safe and partner versions,
and the per-gemeente phase model in ave.yaml."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml

from toegang_app.domain import regie as dom
from toegang_app.domain.ave import default_ave_path, load_ave_config, parse_ave_config
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import ConfigError

D = date(2026, 12, 3)


def kijk(**kw):
    base = dict(fase=3, fase_naam="AVE 3", sinds=D - timedelta(days=10), evaluatiedatum=None, laatste_evaluatie=None,
                vandaag=D, vanaf=3, na_dagen=91)
    base.update(kw)
    return dom.bewaking(**base)


def test_time_watched():
    assert kijk(fase=2) == []
    assert kijk() == ["Nog geen evaluatiedatum"]
    assert kijk(sinds=D - timedelta(days=710)) == ["Al 710 dagen in AVE 3 zonder evaluatiedatum (signaal na 91 dagen)"]
    assert kijk(sinds=D - timedelta(days=710), laatste_evaluatie=D - timedelta(days=30)) == ["Nog geen evaluatiedatum"]
    assert kijk(evaluatiedatum=D - timedelta(days=1))[0].startswith("Evaluatie te laat: 1 dag over de datum")
    assert kijk(evaluatiedatum=D) == [] and kijk(evaluatiedatum=D + timedelta(days=5)) == []


@pytest.mark.parametrize("fn, arg, veld", [
    (dom.valideer_afspraak, dom.AfspraakInvoer("", "x"), "wie"),
    (dom.valideer_afspraak, dom.AfspraakInvoer("Inwoner", "  "), "wat"),
    (dom.valideer_afspraak, dom.AfspraakInvoer("Inwoner", "x", status="niet_gelukt"), "status_reden"),
    (dom.valideer_afspraak, dom.AfspraakInvoer("Inwoner", "x", status="half"), "status"),
    (dom.valideer_doel, dom.DoelInvoer("leefgebied", "geluk", "x"), "gebied"),
    (dom.valideer_doel, dom.DoelInvoer("dimensie", "meedoen", ""), "doel"),
    (dom.valideer_partij, dom.PartijInvoer(" "), "organisatie"),
    (dom.valideer_partij, dom.PartijInvoer("School", delen=("alles",)), "delen"),
    (dom.valideer_partij, dom.PartijInvoer("School", delen=("doelen",)), "toestemming_op"),
])
def test_plan_input_refused_in_dutch(fn, arg, veld):
    with pytest.raises(InvalidInput) as exc:
        fn(arg)
    assert exc.value.field == veld and exc.value.message[0].isupper()


def test_overleg_rules():
    with pytest.raises(InvalidInput, match="nog niet geweest"):
        dom.valideer_overleg(dom.OverlegInvoer("mdo", D + timedelta(days=1), besluiten="x"), D)
    with pytest.raises(InvalidInput, match="nog niet geweest"):
        dom.valideer_overleg(dom.OverlegInvoer("evaluatie", D + timedelta(days=1)), D)
    gepland = dom.valideer_overleg(dom.OverlegInvoer("mdo", D + timedelta(days=14), "Wijkkracht, Stadsbank"), D)
    assert gepland.besluiten == "" and gepland.datum == D + timedelta(days=14)   # an MDO planned ahead
    with pytest.raises(InvalidInput) as exc:
        dom.valideer_overleg(dom.OverlegInvoer("mdo", D), D)
    assert exc.value.field == "besluiten"
    with pytest.raises(InvalidInput) as exc:
        dom.valideer_overleg(dom.OverlegInvoer("evaluatie", D, besluiten="goed"), D)
    assert exc.value.field == "volgende_evaluatie"
    ok = dom.valideer_overleg(dom.OverlegInvoer("evaluatie", D, besluiten=" goed ", volgende_evaluatie=D + timedelta(7)), D)
    assert ok.besluiten == "goed"


def _plan():
    return dom.PlanAfdruk(
        inwoner_naam="X (synthetisch)", gemeente="Haaksbergen", model_naam="AVE", fase_naam="AVE 4", regisseur="R",
        balie="Noaberpoort", evaluatiedatum=None,
        partijen=(dom.PlanPartijData("Veilig Thuis Twente", "", "", ("afspraken",), D, keten=True),
                  dom.PlanPartijData("Budgetmaatjes", "", "", ("doelen",), D)),
        doelen=(dom.PlanDoelData("leefgebied", "veiligheid", "veilig"), dom.PlanDoelData("leefgebied", "schulden", "rust")),
        afspraken=(dom.AfspraakData("Veilig Thuis Twente", "adviesgesprek", None, "open"),
                   dom.AfspraakData("Budgetmaatjes", "post", None, "loopt")),
        overleggen=(dom.OverlegData("mdo", D, "", "besluit"),), ketenpartner="Veilig Thuis Twente", veiligheid=True)


def test_safe_and_partner_versions():
    v = dom.veilige_versie(_plan())
    assert [p.organisatie for p in v.partijen] == ["Budgetmaatjes"]
    assert [d.gebied for d in v.doelen] == ["schulden"] and [a.wie for a in v.afspraken] == ["Budgetmaatjes"]
    assert v.overleggen == () and v.ketenpartner is None and v.fase_naam == ""
    p = _plan()
    k = dom.partner_versie(p, p.partijen[1])
    assert k.doelen == p.doelen and k.afspraken == () and k.overleggen == ()


def test_each_gemeente_names_its_own_model():
    cfg = load_ave_config()
    assert cfg.model("twenterand").model_naam == "Visie op Gefaseerd Samenwerken"
    assert "000:708" in cfg.model("twenterand").bron
    assert cfg.fasen_voor("twenterand")[3].naam == "Fase 3"
    assert cfg.fasen_voor("twenterand")[3].regie == cfg.fasen[3].regie     # default text where none is given
    assert cfg.fasen_voor("haaksbergen")[3].naam == "AVE 3"
    assert "regio-veilig-thuis-twente" in cfg.ketenpartners and cfg.evaluatie_uiterlijk_na_dagen == 91


def test_bad_gemeente_model_is_a_config_error():
    data = yaml.safe_load(default_ave_path().read_text(encoding="utf-8"))
    data["gemeenten"]["enschede"] = {"model_naam": "x", "korte_naam": "x", "bron": "x"}
    data["gemeenten"]["twenterand"]["fasen"][5] = {"naam": "Fase 5"}
    data["gemeenten"]["haaksbergen"]["fasen"] = {3: {"kleur": "paars"}}
    data["evaluatie_uiterlijk_na_dagen"] = 0
    with pytest.raises(ConfigError) as exc:
        parse_ave_config(data)
    text = "\n".join(exc.value.messages)
    assert "onbekende gemeente" in text and "fase 5" in text and "onbekend veld 'kleur'" in text
    assert "evaluatie_uiterlijk_na_dagen" in text
