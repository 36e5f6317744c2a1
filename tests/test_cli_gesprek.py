"""toegang-admin gesprek import/export and handout: the interfaces other tools rely on."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from tests.factories import cli_gebruiker
from toegang_app.cli import main

CASE = {
    "formaat": "toegang-uitvraag/1", "gemeente": "twenterand", "kern": "Vroomshoop", "geboortejaar": 1990,
    "aanmelding": {"datum": "2026-11-20", "kanaal": "telefoon", "vraag": "Ik heb schulden"},
    "dimensies": {"meedoen": {"score": 3, "bespreken": True}},
    "signalen": [{"leefgebied": "schulden", "ernst": 3}],
}


@pytest.fixture(autouse=True)
def _signed_in(data_dir):
    """toegang-admin signs in: a Twenterand medewerker linked to the OS account running the tests."""
    cli_gebruiker("medewerker", "twenterand")


def test_import_prints_the_id_and_export_round_trips(data_dir, tmp_path, capsys):
    src = tmp_path / "case.json"
    src.write_text(json.dumps(CASE), encoding="utf-8")
    assert main(["gesprek", "import", str(src)]) == 0
    gid = int(capsys.readouterr().out.strip())
    out = tmp_path / "out.json"
    assert main(["gesprek", "export", str(gid), str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    # the export gives the conversation an opaque id (no BSN, name or database number) so that a
    # follow-up chain keeps its order; everything else comes back as it went in
    assert re.fullmatch(r"g-[0-9a-f]{8,}", exported.pop("id"))
    assert exported == {**CASE, "formaat": "toegang-uitvraag/2"}
    assert main(["gesprek", "import", str(src)]) == 0
    assert int(capsys.readouterr().out.strip()) == gid + 1


def test_bad_file_names_the_field_and_exits_2(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**CASE, "kern": "Buurse"}), encoding="utf-8")
    assert main(["gesprek", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "kern" in err and "Buurse" in err and "Traceback" not in err
    bad.write_text("{kapot", encoding="utf-8")
    assert main(["gesprek", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "geen geldige JSON, regel 1, kolom 2: hier verwacht Toegang een veldnaam" in err
    assert "Expecting" not in err and "property" not in err
    assert main(["gesprek", "export", "42", str(tmp_path / "x.json")]) == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_handout_and_dossier_pdf(data_dir, tmp_path, capsys):
    src = tmp_path / "case.json"
    src.write_text(json.dumps(CASE), encoding="utf-8")
    main(["gesprek", "import", str(src)])
    gid = capsys.readouterr().out.strip()
    pdf = tmp_path / "h.pdf"
    assert main(["handout", gid, "--uit", str(pdf)]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Samenvatting voor de inwoner" in text and "Toegang Twenterand" in text
    dos = tmp_path / "d.pdf"
    assert main(["handout", gid, "--uit", str(dos), "--dossier"]) == 0
    dtext = " ".join(p.extract_text() for p in PdfReader(str(dos)).pages)
    assert "vertrouwelijk" in dtext and "Schulden" in dtext


def test_handout_with_a_safety_concern_is_the_safe_version_unless_asked(data_dir, tmp_path, capsys):
    case = dict(CASE, veiligheid={"vermoeden_huiselijk_geweld": True},
                signalen=[{"leefgebied": "veiligheid", "ernst": 2, "toelichting": "ex dreigt"}])
    src = tmp_path / "case.json"
    src.write_text(json.dumps(case), encoding="utf-8")
    main(["gesprek", "import", str(src)])
    gid = capsys.readouterr().out.strip()
    veilig, volledig = tmp_path / "veilig.pdf", tmp_path / "volledig.pdf"
    assert main(["handout", gid, "--uit", str(veilig)]) == 0
    assert main(["handout", gid, "--uit", str(volledig), "--versie", "volledig"]) == 0
    tekst = " ".join(p.extract_text() for p in PdfReader(str(veilig)).pages)
    assert "Vragen? Neem contact op" in tekst and "Hoe gaat het met u" not in tekst
    assert "Hoe gaat het met u" in " ".join(p.extract_text() for p in PdfReader(str(volledig)).pages)
    with pytest.raises(SystemExit) as exc:
        main(["handout", gid, "--uit", str(veilig), "--versie", "half"])
    assert exc.value.code == 2
