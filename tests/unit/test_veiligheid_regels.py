"""Safety rules without a database: suspicion apart from acute danger, the afwegingskader in order, the
decision of step 5, the words that would reveal the concern on a resident's paper, and the validation of
resources/veiligheid.yaml (every problem at once, naming file and field)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from toegang_app.domain import veiligheid as dom
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.domain.validation import InvalidInput
from toegang_app.domain.yaml_io import load_yaml
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir

PAD = resources_dir() / "veiligheid.yaml"


@pytest.fixture(scope="module")
def cfg():
    return dom.load_veiligheid_config(PAD)


def raw():
    return load_yaml(PAD.read_text(encoding="utf-8"))


def test_shipped_file_contact_data_with_source(cfg):
    assert (cfg.alarm.telefoon, cfg.veilig_thuis.telefoon) == ("112", "0800-2000")
    assert "veiligthuis.nl" in cfg.veilig_thuis.bron and "veiligthuis.nl" in cfg.alarm.bron
    assert "gratis" in cfg.veilig_thuis.wanneer.lower() and "dag en nacht" in cfg.veilig_thuis.wanneer
    assert [s.naam for s in cfg.stappen.values()] == [
        "Signalen in kaart brengen", "Collegiale consultatie en zo nodig advies bij Veilig Thuis",
        "Gesprek met de betrokkene", "Wegen met het afwegingskader",
        "Beslissen: hulp organiseren en/of melden bij Veilig Thuis"]
    assert [a.id for a in cfg.afwegingen] == list(dom.AFWEGING_IDS)
    assert "Besluit verplichte meldcode" in cfg.bron and "2019" in cfg.bron


def test_safety_organisations_exist_in_the_kaart(cfg):
    from toegang_app.domain.kaart_io import load_kaart_dir

    ids = {v.id for v in load_kaart_dir(resources_dir() / "kaart")}
    assert cfg.veiligheidsorganisaties <= ids
    assert cfg.veilig_thuis_voorziening in ids


def u(**kw):
    return parse_uitvraag({"gemeente": "haaksbergen", **kw})


@pytest.mark.parametrize("kw, soort", [
    ({}, "geen"),
    ({"veiligheid": {"vermoeden_huiselijk_geweld": True}}, "vermoeden"),
    ({"signalen": [{"leefgebied": "veiligheid", "ernst": 1}]}, "vermoeden"),
    ({"signalen": [{"leefgebied": "veiligheid", "ernst": 2}]}, "vermoeden"),
    ({"signalen": [{"leefgebied": "veiligheid", "ernst": 3}]}, "acuut"),
    ({"veiligheid": {"acuut_onveilig": True}}, "acuut"),
    ({"veiligheid": {"acuut_onveilig": False, "vermoeden_huiselijk_geweld": True},
      "signalen": [{"leefgebied": "veiligheid", "ernst": 2}]}, "vermoeden"),
    ({"veiligheid": {"acuut_onveilig": False, "vermoeden_huiselijk_geweld": False}}, "geen"),
    ({"signalen": [{"leefgebied": "schulden", "ernst": 3}]}, "geen"),
])
def test_suspicion_apart_from_acute_danger(kw, soort):
    s = dom.signaal(u(**kw))
    assert s.soort == soort
    assert s.zorg == (soort != "geen")
    if soort != "geen":
        assert s.redenen


def test_the_issue_case_is_a_suspicion():
    # "a young mother says her ex sometimes threatens her": a suspicion, not acute danger
    s = dom.signaal(u(veiligheid={"acuut_onveilig": False, "vermoeden_huiselijk_geweld": True},
                      signalen=[{"leefgebied": "veiligheid", "ernst": 2, "toelichting": "ex dreigt soms"}]))
    assert s.vermoeden and not s.acuut
    assert s.redenen == ("vermoeden van huiselijk geweld", "signaal op veiligheid: probleem")


@pytest.mark.parametrize("antwoorden, volgende, uitkomst, verplicht", [
    ({}, "vermoeden", None, False),
    ({"vermoeden": False}, None, "afsluiten", False),
    ({"vermoeden": True}, "acuut_of_structureel", None, False),
    ({"vermoeden": True, "acuut_of_structureel": True}, None, "melden", True),
    ({"vermoeden": True, "acuut_of_structureel": False}, "hulp_mogelijk", None, False),
    ({"vermoeden": True, "acuut_of_structureel": False, "hulp_mogelijk": False}, None, "melden", True),
    ({"vermoeden": True, "acuut_of_structureel": False, "hulp_mogelijk": True, "hulp_aanvaard": False}, None,
     "melden", True),
    ({"vermoeden": True, "acuut_of_structureel": False, "hulp_mogelijk": True, "hulp_aanvaard": True},
     "duurzame_veiligheid", None, False),
    ({"vermoeden": True, "acuut_of_structureel": False, "hulp_mogelijk": True, "hulp_aanvaard": True,
      "duurzame_veiligheid": False}, None, "melden", True),
    ({"vermoeden": True, "acuut_of_structureel": False, "hulp_mogelijk": True, "hulp_aanvaard": True,
      "duurzame_veiligheid": True}, None, "hulp", False),
    # an answer after the deciding one does not count
    ({"vermoeden": True, "acuut_of_structureel": True, "hulp_mogelijk": True}, None, "melden", True),
])
def test_afwegingskader_in_order(cfg, antwoorden, volgende, uitkomst, verplicht):
    w = dom.weeg(antwoorden, cfg)
    assert (w.volgende, w.uitkomst, w.melden_verplicht) == (volgende, uitkomst, verplicht)
    if volgende:
        assert cfg.afweging(volgende).vraag in w.uitleg


def meldcode(**afw) -> dom.Meldcode:
    d = date(2026, 12, 1)
    return dom.Meldcode(stappen={n: dom.StapVastlegging(n, d, "mw") for n in (1, 2, 3)}, afwegingen=afw)


def test_decision_follows_the_weighing(cfg):
    acuut = meldcode(vermoeden=True, acuut_of_structureel=True)
    with pytest.raises(InvalidInput) as exc:
        dom.check_besluit(acuut, "hulp", cfg)
    assert exc.value.field == "besluit" and "acute of structurele onveiligheid" in exc.value.message
    dom.check_besluit(acuut, "melden", cfg)
    dom.check_besluit(acuut, "hulp_en_melden", cfg)
    with pytest.raises(InvalidInput):
        dom.check_besluit(meldcode(vermoeden=True), "melden", cfg)            # weighing not finished
    with pytest.raises(InvalidInput):
        dom.check_besluit(meldcode(vermoeden=False), "hulp", cfg)             # no suspicion: afsluiten
    dom.check_besluit(meldcode(vermoeden=False), "afsluiten", cfg)
    with pytest.raises(InvalidInput):
        dom.check_besluit(acuut, "afsluiten", cfg)
    with pytest.raises(InvalidInput):
        dom.check_besluit(acuut, "onbekend", cfg)


def test_step_rules(cfg):
    vandaag = date(2026, 12, 3)
    leeg = dom.Meldcode()
    assert dom.check_stap(leeg, 1, vandaag, "  kort  ", vandaag, cfg) == "kort"
    for stap, datum, notitie, veld in [(6, vandaag, "", "stap"), (True, vandaag, "", "stap"),
                                       (1, None, "", "datum"), (1, vandaag + timedelta(days=1), "", "datum"),
                                       (1, vandaag, "x" * 501, "notitie"), (4, vandaag, "", "stap")]:
        with pytest.raises(InvalidInput) as exc:
            dom.check_stap(leeg, stap, datum, notitie, vandaag, cfg)
        assert exc.value.field == veld
    m = meldcode()
    with pytest.raises(InvalidInput) as exc:   # not before an earlier step
        dom.check_stap(m, 4, date(2026, 11, 30), "", vandaag, cfg)
    assert "eerder" in exc.value.message
    m.gesprek_overgeslagen = True
    with pytest.raises(InvalidInput) as exc:
        dom.check_stap(m, 3, vandaag, "", vandaag, cfg)
    assert exc.value.field == "notitie"
    assert dom.stand(dom.Meldcode(), cfg) == "Meldcode: nog niet gestart"
    assert dom.stand(m, cfg) == "Meldcode: stap 3 van 5 (gesprek met de betrokkene)"
    m.besluit = "melden"
    assert dom.stand(m, cfg) == "Meldcode: besloten (melden bij Veilig Thuis)"


@pytest.mark.parametrize("regel, onthult", [
    ("Dat mijn ex me met rust laat.", True),
    ("Advies vragen bij Veilig Thuis", True),
    ("Hij heeft haar geduwd", True),
    ("Bij gevaar: bel 112", True),
    ("Melding bij het advies- en meldpunt", True),
    ("Zij is bang als hij thuiskomt", True),
    ("Aanvraag opvang in Enschede", True),
    ("Wij bellen u over twee weken.", False),
    ("U gaat naar het spreekuur van de budgetcoach.", False),
    ("Kinderopvang regelen voor de jongste", False),       # 'opvang' only at the start of a word
    ("Aanmelding bij de formulierenbrigade", False),        # 'melding' likewise
    ("Extra uren huishoudelijke hulp aanvragen", False),    # 'ex' only as a word
    ("Samen met de samenwerkingspartner bellen", False),
])
def test_words_that_reveal_the_concern(cfg, regel, onthult):
    assert dom.onthult(regel, cfg) is onthult


def test_names_of_the_kaart_reveal_too(cfg):
    assert dom.onthult("Afspraak bij Zorg- en Veiligheidshuis Twente", cfg, ["Zorg- en Veiligheidshuis Twente"])
    kept, weg = dom.neutrale_regels(["Wij bellen u", "Naar Blijf Groep"], cfg, ["Blijf Groep"])
    assert (kept, weg) == (["Wij bellen u"], ["Naar Blijf Groep"])
    assert dom.standaard_versie(True) == "veilig" and dom.standaard_versie(False) == "volledig"


def test_a_broken_file_is_refused_with_every_problem(tmp_path):
    data = raw()
    data["stappen"] = data["stappen"][:4]
    data["afwegingen"][1]["ja"] = "volgende"               # would allow 'no melding' on acute unsafety
    data["afwegingen"][0]["id"] = "iets_anders"
    data["contact"]["veilig_thuis"]["telefoon"] = "bel ons"
    data["handout"]["onthullend"].append("(kapot")
    data["handout"]["veiligheidsorganisaties"] = ["regio-zorg-en-veiligheidshuis-twente"]
    data["extra"] = 1
    with pytest.raises(ConfigError) as exc:
        dom.parse_veiligheid(data, "veiligheid.yaml")
    msgs = exc.value.messages
    text = "\n".join(msgs)
    assert all(m.startswith("veiligheid.yaml") for m in msgs)
    for part in ("stap 5 ontbreekt", "'acuut_of_structureel', veld 'ja': moet 'melden' zijn",
                 "veld 'id': verwacht 'vermoeden'", "contact 'veilig_thuis', veld 'telefoon'",
                 "'(kapot' is geen geldige reguliere expressie", "'regio-veilig-thuis-twente' (Veilig Thuis) moet erin",
                 "onbekend veld 'extra'"):
        assert part in text, part


def test_resources_load_it_and_survive_a_broken_copy(tmp_path):
    import shutil

    from toegang_app.services.resources import Resources

    root = tmp_path / "resources"
    shutil.copytree(resources_dir(), root)
    res = Resources(root=root)
    res.reload(("veiligheid",))
    assert res.veiligheid.veilig_thuis.telefoon == "0800-2000"
    broken = copy.deepcopy(raw())
    broken["teksten"].pop("acuut")
    import yaml

    (root / "veiligheid.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    notices = res.reload(("veiligheid",))
    assert res.veiligheid is not None                      # the last good version stays in use
    assert any("veiligheid.yaml bevat fouten" in n and "teksten 'acuut'" in n for n in notices)
    assert "veiligheid" in res.problemen
