"""Resources: every data file validated in one place, a broken file reported in Dutch (file, entry,
field) without taking the app down, one reload, and the desk's own contact data (balies.yaml) reaching
the resident's summary only through that validation."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
import yaml

from toegang_app.domain.balie import GemeenteAlgemeen, parse_balies
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir
from toegang_app.reports.handout import balie_voor
from toegang_app.services.resources import load_resources


@pytest.fixture
def res_copy(tmp_path):
    root = tmp_path / "resources"
    shutil.copytree(resources_dir(), root)
    return root


def _config(tmp_path):
    return SimpleNamespace(data_dir=tmp_path / "data")


def test_shipped_resources_load_without_notices(tmp_path):
    res = load_resources(_config(tmp_path))
    assert res.notices == [] and res.problemen == {}
    for part in ("prompts", "kaart", "ave", "matching", "termijnen", "bewaren"):
        assert getattr(res, part) is not None, part
    assert res.balies["haaksbergen"].naam == "Noaberpoort / Huis van Haaksbergen"
    assert res.balies["haaksbergen"].bron == "seeds/003:128-134"
    assert res.balies["twenterand"].contact is None  # never invented
    assert res.bewaren.termijnen["Wmo"].jaren == 15


def test_balies_messages_name_file_entry_and_field():
    with pytest.raises(ConfigError) as err:
        parse_balies({"versie": "2026-11-22", "extra": 1, "balies": {
            "haaksbergen": {"naam": "Noaberpoort", "contact": 14, "telefoon": "053"},
            "enschede": {"naam": "X", "bron": "seeds/001:1"},
            "twenterand": {"naam": None, "gemeente_algemeen": {"telefoon": "bel ons", "bron": ""}},
        }})
    msgs = err.value.messages
    assert "balies.yaml: onbekend veld 'extra'" in msgs
    assert any(m.startswith("balies.yaml, balie 'haaksbergen': onbekend veld 'telefoon'") for m in msgs)
    assert "balies.yaml, balie 'haaksbergen', veld 'contact': moet tekst zijn of leeg (null)" in msgs
    assert any(m.startswith("balies.yaml, balie 'haaksbergen', veld 'bron': ontbreekt") for m in msgs)
    assert any(m.startswith("balies.yaml, balie 'enschede': onbekende gemeente") for m in msgs)
    assert any(m.startswith("balies.yaml, balie 'twenterand', veld 'gemeente_algemeen.telefoon': 'bel ons' is geen "
                            "telefoonnummer") for m in msgs)
    assert any(m.startswith("balies.yaml, balie 'twenterand', veld 'gemeente_algemeen.bron': ontbreekt")
               for m in msgs)
    with pytest.raises(ConfigError) as err:
        parse_balies({"balies": {"haaksbergen": {"naam": None}}})
    assert any("balie 'twenterand' ontbreekt" in m for m in err.value.messages)


def test_gemeente_algemeen_is_accepted_with_its_source():
    balies = parse_balies({"balies": {
        "haaksbergen": {"naam": "Noaberpoort / Huis van Haaksbergen", "bron": "seeds/003:128-134", "contact": None,
                        "gemeente_algemeen": {"telefoon": "14 053", "bron": "seeds/001:957"}},
        "twenterand": {"naam": None, "bron": None, "contact": None}}})
    assert balies["haaksbergen"].gemeente_algemeen == GemeenteAlgemeen("14 053", "seeds/001:957")
    assert balies["twenterand"].gemeente_algemeen is None


def _balies_gewijzigd(tmp_path, res_copy, gemeente: str, veld: str, waarde):
    path = res_copy / "balies.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["balies"][gemeente][veld] = waarde
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_resources(_config(tmp_path), root=res_copy)


def test_broken_balies_file_is_a_notice_and_the_handout_invents_nothing(tmp_path, res_copy):
    res = _balies_gewijzigd(tmp_path, res_copy, "haaksbergen", "kontakt", "typfout")
    notice = "\n".join(res.notices)
    assert "balies.yaml bevat fouten" in notice and "balie 'haaksbergen': onbekend veld 'kontakt'" in notice
    assert res.balies == {}
    assert res.kaart is not None and res.ave is not None  # the rest works
    b = balie_voor("haaksbergen", None, res.balies)
    assert (b.naam, b.contact) == (None, None)  # printed as "te verifiëren", never guessed


def test_handout_takes_the_desk_from_the_validated_resources(tmp_path, res_copy):
    from tests.unit.test_handout import flat, sample, text_of
    from toegang_app.reports.handout import maak_handout

    res = _balies_gewijzigd(tmp_path, res_copy, "haaksbergen", "contact", "Bel de balie: 14 053 (test)")
    assert balie_voor("haaksbergen", "Instelling wint", res.balies).contact == "Instelling wint"
    assert balie_voor("onbekend", None, res.balies).naam is None
    data = sample(balie=balie_voor("haaksbergen", None, res.balies))
    text = flat(text_of(maak_handout(data, tmp_path / "h.pdf")))
    assert "Noaberpoort / Huis van Haaksbergen" in text and "Bel de balie: 14 053 (test)" in text


def test_reload_reads_every_file_again_and_keeps_the_last_good_version(tmp_path, res_copy):
    res = load_resources(_config(tmp_path), root=res_copy)
    versie, ave = res.versie, res.ave
    ave_path = res_copy / "ave.yaml"
    ave_path.write_text(ave_path.read_text(encoding="utf-8").replace("procesregie_vanaf: 3", "procesregie_vanaf: 4"),
                        encoding="utf-8")
    assert res.reload() == []
    assert res.versie != versie
    assert res.ave.procesregie_vanaf == 4 and ave.procesregie_vanaf == 3
    (res_copy / "bewaartermijnen.yaml").write_text("termijnen: [\n", encoding="utf-8")
    (res_copy / "matching.yaml").write_text("onbekend: 1\n", encoding="utf-8")
    notices = res.reload()
    assert any(n.startswith("bewaartermijnen.yaml bevat fouten") and "vorige versie" in n for n in notices)
    assert any(n.startswith("matching.yaml bevat fouten") for n in notices)
    assert res.bewaren is not None and res.matching is not None  # what it had stays in use
    assert "bewaren" in res.problemen


def test_deferred_parts_load_on_first_use_or_after_the_start_screen(tmp_path, res_copy):
    """Issue 26 (start closer to the bare window): the app's start defers what the start screen does not
    show (the sociale kaart, the summary's languages, the legal terms, the safety rules, ...); they load on
    first use, in any thread, or all at once with their notices."""
    import threading

    from toegang_app.services.resources import UITSTELBAAR

    res = load_resources(_config(tmp_path), root=res_copy, uitstellen=UITSTELBAAR)
    assert set(res._uitgesteld) == set(UITSTELBAAR) and "kaart" not in res.__dict__
    assert "ave" in res.__dict__ and "prompts" in res.__dict__ and "balies" in res.__dict__  # there at once
    assert "termijnen" not in res.__dict__ and "veiligheid" not in res.__dict__  # the editor's: deferred
    assert res.termijnen is not None and res.veiligheid is not None  # and read on first use
    assert res.bewaren.termijnen["Wmo"].jaren == 15  # a deferred part read on first use
    seen = []
    t = threading.Thread(target=lambda: seen.append(res.kaart))
    t.start()
    t.join()
    assert seen[0] is not None and seen[0] is res.kaart and "kaart" not in res._uitgesteld
    # a broken languages file: its notice comes when the deferred parts load
    (res_copy / "handout_talen").rename(res_copy / "weg")
    (res_copy / "handout_talen").mkdir()
    (res_copy / "handout_talen" / "kapot.yaml").write_text("code: [\n", encoding="utf-8")
    res = load_resources(_config(tmp_path), root=res_copy, uitstellen=UITSTELBAAR)
    assert res.notices == []
    notices = res.laad_uitgesteld()
    assert res._uitgesteld == {} and res.kaart is not None
    assert len(notices) == 1 and "niet geladen" in notices[0]
    with pytest.raises(ValueError):
        load_resources(_config(tmp_path), root=res_copy, uitstellen=("ave",))
