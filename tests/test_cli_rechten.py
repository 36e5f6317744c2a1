"""toegang-admin handout --taal CODE and toegang-admin inzage: the interfaces the issues spell out."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from tests.factories import cli_gebruiker
from toegang_app.cli import main

CASE = {
    "formaat": "toegang-uitvraag/1", "gemeente": "twenterand", "kern": "Den Ham", "geboortejaar": 1981,
    "aanmelding": {"datum": "2026-11-20", "kanaal": "balie", "vraag": "Ik zoek werk en taalles"},
    "dimensies": {"meedoen": {"score": 3, "bespreken": True}},
    "signalen": [{"leefgebied": "taal_basisvaardigheden", "ernst": 2}],
}


@pytest.fixture(autouse=True)
def _signed_in(data_dir):
    cli_gebruiker("medewerker", "twenterand")


def _gesprek(tmp_path, capsys) -> str:
    src = tmp_path / "case.json"
    src.write_text(json.dumps(CASE), encoding="utf-8")
    assert main(["gesprek", "import", str(src)]) == 0
    return capsys.readouterr().out.strip()


def test_handout_in_the_residents_language(data_dir, tmp_path, capsys):
    gid = _gesprek(tmp_path, capsys)
    pdf = tmp_path / "uk.pdf"
    assert main(["handout", gid, "--uit", str(pdf), "--taal", "uk"]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Підсумок нашої розмови" in text and "Ще не перевірено" not in text
    assert "Цей переклад ще не перевірила" in text          # the unreviewed note
    # remembered: the next summary without --taal is Ukrainian too
    again = tmp_path / "again.pdf"
    assert main(["handout", gid, "--uit", str(again)]) == 0
    assert "Підсумок нашої розмови" in " ".join(p.extract_text() for p in PdfReader(str(again)).pages)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["handout", gid, "--uit", str(pdf), "--taal", "xx"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--taal" in err and "Traceback" not in err


def test_inzage_writes_pdf_and_json(data_dir, tmp_path, capsys):
    gid = _gesprek(tmp_path, capsys)
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context
    from toegang_app.storage.models import Gesprek

    ctx = open_context(load_config())
    with ctx.sessions() as s:
        inwoner = s.get(Gesprek, int(gid)).inwoner_id
    ctx.close()
    out = tmp_path / "inzage"
    assert main(["inzage", str(inwoner), "--map", str(out)]) == 0
    [js] = out.glob("*.json")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["formaat"] == "toegang-inzage" and [g["id"] for g in data["gesprekken"]] == [int(gid)]
    assert list(out.glob("*.pdf"))
