"""toegang-admin ave check: the shipped file passes; every problem is printed in Dutch with file, phase or
rule and field, with exit code 2; no traceback."""

from __future__ import annotations

import subprocess
import sys

import yaml

from toegang_app import cli
from toegang_app.paths import resources_dir

AVE_YAML = resources_dir() / "ave.yaml"


def raw():
    return yaml.safe_load(AVE_YAML.read_text(encoding="utf-8"))


def write(tmp_path, data, name="eigen-ave.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def test_registered_in_toegang_admin():
    assert "ave" in cli.COMMAND_MODULES


def test_shipped_file_is_fine(data_dir, capsys):
    assert cli.main(["ave", "check"]) == 0
    out = capsys.readouterr().out
    assert "ave.yaml is in orde: 4 fasen (AVE 1 groen, AVE 2 geel, AVE 3 oranje, AVE 4 rood)" in out
    assert "procesregie vanaf AVE 3" in out
    assert "Veilig Thuis Twente, Zorg- en Veiligheidshuis Twente" in out


def test_municipality_copy_is_fine(data_dir, tmp_path, capsys):
    data = raw()
    data["fasen"][1]["situatie"] = "Tekst uit het eigen AVE-handboek van de gemeente."
    assert cli.main(["ave", "check", str(write(tmp_path, data))]) == 0
    assert "eigen-ave.yaml is in orde" in capsys.readouterr().out


def test_every_problem_named_with_file_phase_and_field(data_dir, tmp_path, capsys):
    data = raw()
    data["fasen"][1]["kleur"]["hex"] = "geel"          # phase 2
    data["fasen"][2]["regie"] = ""                     # phase 3
    data["regels"][0]["fase"] = 5
    data["regels"][1]["als"] = {"signaal": "veiligheid"}   # ernst_min missing
    data["regels"].append({"id": "nieuw", "fase": 2, "als": {"vlag": "veiligheid.bestaat_niet"}, "uitleg": "x"})
    p = write(tmp_path, data)
    assert cli.main(["ave", "check", str(p)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert captured.out == ""
    assert f"{p} bevat 5 problemen:" in err
    assert "• eigen-ave.yaml, fase 2, veld 'kleur.hex': moet een kleurcode zijn als #F9A825" in err
    assert "• eigen-ave.yaml, fase 3, veld 'regie': ontbreekt of is leeg" in err
    assert "• eigen-ave.yaml, regel 'acute_onveiligheid', veld 'fase': moet 2, 3 of 4 zijn" in err
    assert "• eigen-ave.yaml, regel 'ernstig_veiligheidssignaal', veld 'als.ernst_min': nodig bij" in err
    assert "• eigen-ave.yaml, regel 'nieuw', veld 'als.vlag': onbekende vlag 'veiligheid.bestaat_niet'" in err
    assert "Traceback" not in err


def test_safety_route_must_be_in_the_kaart(data_dir, tmp_path, capsys):
    data = raw()
    data["fasen"][3]["veiligheidsroute"] = ["regio-veilig-thuis-twente", "regio-bestaat-niet"]
    assert cli.main(["ave", "check", str(write(tmp_path, data))]) == 2
    err = capsys.readouterr().err
    assert "bevat 1 probleem:" in err
    assert "fase 4, veld 'veiligheidsroute': voorziening 'regio-bestaat-niet' staat niet in de sociale kaart" in err


def test_missing_and_unreadable_files(data_dir, tmp_path, capsys):
    assert cli.main(["ave", "check", str(tmp_path / "weg.yaml")]) == 2
    assert "weg.yaml: bestand niet gevonden" in capsys.readouterr().err
    bad = tmp_path / "kapot.yaml"
    bad.write_text("fasen: [\n  - nummer: 1\n", encoding="utf-8")
    assert cli.main(["ave", "check", str(bad)]) == 2
    assert "kapot.yaml: geen geldige YAML" in capsys.readouterr().err


def test_as_a_process_exit_code_and_dutch(data_dir, tmp_path):
    data = raw()
    del data["fasen"][0]["naam"]
    p = write(tmp_path, data)
    r = subprocess.run([sys.executable, "-m", "toegang_app.cli", "ave", "check", str(p)], capture_output=True,
                       text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 2
    assert "fase 1, veld 'naam': ontbreekt of is leeg" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "toegang_app.cli", "ave", "--help"], capture_output=True, text=True,
                       encoding="utf-8", timeout=120)
    assert r.returncode == 0 and "controleer een AVE-bestand" in r.stdout
