"""Exports: no personal data in CSV/XLSX/PDF, correct formats, the PDF renders; the CLI and its exit codes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from toegang_app.services.auth import CurrentUser, systeem_gebruiker
from toegang_app.services.statistiek import Selectie, bereken
from toegang_app.storage.models import Inwoner

from test_demo_data import voorzieningen  # tests/unit is on sys.path (rootdir import mode)

ALLES = Selectie(date(2022, 1, 1), date(2026, 12, 31))
TL = CurrentUser(id=None, gebruikersnaam="tl", naam="Teamleider", rol="teamleider", team=None)


@pytest.fixture
def demo_ctx(config):
    from toegang_app.services.context import open_context
    from toegang_app.services.demo import vul_demo

    c = open_context(config, load=False)
    c.user = systeem_gebruiker()
    vul_demo(c, 150, 900, seed=11, voorzieningen=voorzieningen())
    c.user = TL
    yield c
    c.close()


def _personal(ctx) -> list[str]:
    with ctx.engine.connect() as c:
        rows = c.execute(select(Inwoner.naam, Inwoner.bsn, Inwoner.geboortedatum, Inwoner.postcode)).all()
    out = []
    for naam, bsn, geb, pc in rows:
        out.append(naam)
        out.append(naam.split(" ", 1)[0])  # "Demo-Anna"
        if bsn:
            out.append(bsn)
        out.append(geb.strftime("%d-%m-%Y"))
    return out


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def test_no_personal_data_in_any_export(demo_ctx, tmp_path):
    from openpyxl import load_workbook

    from toegang_app.reports.statistiek_export import exporteer

    rapport = bereken(demo_ctx, ALLES)
    teksten: dict[str, str] = {}
    zp = exporteer(rapport, tmp_path / "stat.zip", "csv")
    with zipfile.ZipFile(zp) as z:
        for name in z.namelist():
            data = z.read(name)
            assert data.startswith(b"\xef\xbb\xbf")  # BOM for Excel
            teksten[f"zip:{name}"] = data.decode("utf-8-sig")
    folder = exporteer(rapport, tmp_path / "csvmap", "csv")
    files = sorted(folder.glob("*.csv"))
    assert len(files) == len(rapport.tabellen) + 2  # selection and definitions; what Toegang cannot know
    for f in files:
        teksten[f"csv:{f.name}"] = f.read_text(encoding="utf-8-sig")
    x = exporteer(rapport, tmp_path / "stat.xlsx", "xlsx")
    wb = load_workbook(x)
    assert wb.sheetnames[0] == "Selectie en definities"
    assert wb.sheetnames[1] == "Legenda"
    assert len(wb.sheetnames) == len(rapport.tabellen) + 3
    assert len(set(n.lower() for n in wb.sheetnames)) == len(wb.sheetnames)
    assert all(len(n) <= 31 for n in wb.sheetnames)
    for ws in wb.worksheets:
        teksten[f"xlsx:{ws.title}"] = "\n".join(
            "\t".join("" if v is None else str(v) for v in row) for row in ws.iter_rows(values_only=True))
    p = exporteer(rapport, tmp_path / "stat.pdf", "pdf")
    teksten["pdf"] = _pdf_text(p)

    assert "Kleine aantallen" in teksten["xlsx:Selectie en definities"]
    assert "pagina 1 van" in teksten["pdf"] and "Statistiek toegang sociaal domein" in teksten["pdf"]
    header = teksten["csv:01_gesprekken_per_maand.csv"].splitlines()[0]
    assert header == "Maand;Haaksbergen;Twenterand;Totaal"
    assert "Publicatievorm" in teksten["pdf"] and "Publicatievorm" in teksten["xlsx:Legenda"]
    personal = _personal(demo_ctx)
    assert len(personal) > 400
    for where, t in teksten.items():
        assert "Demo-" not in t, where
        for p_ in personal:
            assert p_ not in t, (where, p_)
    # every table appears in the PDF with its title
    for tb in rapport.tabellen:
        assert tb.titel.split(":")[0] in teksten["pdf"].replace("\n", " ")


def test_pdf_page_renders(demo_ctx, tmp_path):
    from toegang_app.reports.statistiek_export import schrijf_pdf

    p = schrijf_pdf(bereken(demo_ctx, ALLES), tmp_path / "r.pdf")
    assert p.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(p), str(tmp_path / "pg")],
                       check=True, timeout=60)
        assert (tmp_path / "pg-01.png").stat().st_size > 2000


# -- the command line --------------------------------------------------------------------------------

@pytest.fixture
def cli_db(data_dir, monkeypatch):
    from toegang_app import cli
    from toegang_app.services import demo

    monkeypatch.setattr(demo, "laad_voorzieningen", lambda *a, **k: voorzieningen())
    assert cli.main(["demo-data", "--inwoners", "30", "--verwijzingen", "100", "--seed", "4"]) == 0
    from tests.factories import cli_gebruiker

    cli_gebruiker("teamleider")  # toegang-admin signs in: a teamleider linked to the OS account
    return cli


def test_cli_statistiek_formats(cli_db, tmp_path, capsys):
    cli = cli_db
    assert cli.main(["statistiek", "--van", "2022-01-01", "--tot", "2026-12-31", "--formaat", "xlsx",
                     "--uit", str(tmp_path / "a.xlsx")]) == 0
    assert (tmp_path / "a.xlsx").exists()
    assert cli.main(["statistiek", "--van", "2024-01-01", "--tot", "2024-12-31", "--gemeente", "haaksbergen",
                     "--formaat", "pdf", "--uit", str(tmp_path / "b.pdf")]) == 0
    assert "Haaksbergen" in _pdf_text(tmp_path / "b.pdf")
    out = capsys.readouterr().out
    assert "geschreven naar" in out and "publicatievorm" in out
    # kern and team only in the internal form (exact counts, not for publication)
    assert cli.main(["statistiek", "--van", "01-01-2024", "--tot", "2024-12-31", "--gemeente", "twenterand",
                     "--kern", "Vroomshoop", "--team", "twenterand", "--vorm", "intern", "--formaat", "csv",
                     "--uit", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "01_gesprekken_per_maand.csv").exists()
    assert "intern, niet voor publicatie" in (tmp_path / "c" / "00_selectie_en_definities.csv").read_text("utf-8-sig")
    assert cli.main(["statistiek", "--van", "2024-01-01", "--tot", "2024-12-31", "--gemeente", "twenterand",
                     "--kern", "Vroomshoop", "--formaat", "csv", "--uit", str(tmp_path / "d")]) == 1
    assert "interne weergave" in capsys.readouterr().err
    # --als-leeg does nothing on a filled database
    assert cli.main(["demo-data", "--als-leeg", "--inwoners", "5", "--verwijzingen", "5"]) == 0
    assert "al inwoners" in capsys.readouterr().out


@pytest.mark.parametrize("args, code, text", [
    (["--van", "2024-13-01", "--tot", "2024-12-31", "--formaat", "csv"], 2, "geen geldige datum"),
    (["--van", "gisteren", "--tot", "2024-12-31", "--formaat", "csv"], 2, "JJJJ-MM-DD"),
    (["--van", "2024-12-31", "--tot", "2024-01-01", "--formaat", "csv"], 2, "einddatum"),
    (["--van", "2024-01-01", "--tot", "2024-12-31", "--formaat", "docx"], 2, "ongeldige keuze"),
    (["--van", "2024-01-01", "--tot", "2024-12-31", "--formaat", "csv", "--gemeente", "enschede"], 2, "ongeldige keuze"),
    (["--tot", "2024-12-31"], 2, "verplicht"),
    (["--van", "2024-01-01", "--tot", "2024-12-30", "--formaat", "csv"], 1, "hele kalendermaanden"),
    (["--van", "2024-01-01", "--tot", "2024-12-31", "--formaat", "csv", "--gemeente", "haaksbergen",
      "--kern", "Vroomshoop"], 1, "geen kern van Haaksbergen"),
])
def test_cli_errors_dutch(data_dir, tmp_path, capsys, args, code, text):
    from toegang_app import cli

    argv = ["statistiek", *args]
    if "--uit" not in argv:
        argv += ["--uit", str(tmp_path / "x")]
    try:
        rc = cli.main(argv)
    except SystemExit as exc:
        rc = exc.code
    assert rc == code
    err = capsys.readouterr().err
    assert text in err
    assert "Traceback" not in err


def test_cli_help_dutch(capsys):
    from toegang_app import cli

    with pytest.raises(SystemExit) as exc:
        cli.main(["statistiek", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for opt in ("--van", "--tot", "--gemeente", "--kern", "--team", "--formaat", "--uit"):
        assert opt in out
    assert "BSN" in out and "<5" in out
    with pytest.raises(SystemExit):
        cli.main(["demo-data", "--help"])
    assert "--als-leeg" in capsys.readouterr().out


def test_xlsx_numbers_are_numbers_and_markers_text(demo_ctx, tmp_path):
    from openpyxl import load_workbook

    from toegang_app.reports.statistiek_export import exporteer

    rapport = bereken(demo_ctx, ALLES)
    wb = load_workbook(exporteer(rapport, tmp_path / "s.xlsx", "xlsx"))
    kinds = set()
    for t, ws in zip(rapport.tabellen, wb.worksheets[2:]):
        assert ws["A1"].value == t.titel
        for row in ws.iter_rows(min_row=6, values_only=True):
            for v in row[1:]:
                if isinstance(v, str):
                    assert v in ("<5", "x", "–") or not any(ch.isdigit() for ch in v.replace("t/m", "")), (t.sleutel, v)
                    kinds.add(v)
                elif v is not None:
                    assert isinstance(v, (int, float))
                    kinds.add("getal")
    assert {"getal", "<5"} <= kinds
    legenda = "\n".join(str(c.value) for c in wb["Legenda"]["A"] if c.value)
    assert "<5" in legenda and "x" in legenda


def test_pdf_headers_never_break_inside_a_word(demo_ctx, tmp_path):
    from toegang_app.reports.statistiek_export import exporteer

    rapport = bereken(demo_ctx, ALLES)
    tekst = _pdf_text(exporteer(rapport, tmp_path / "k.pdf", "pdf"))
    woorden = set(tekst.split())
    for w in ("Voorgesteld", "Gestart", "Aangemeld", "Afgerond", "Specialistisch", "gemiddelde", "verandering"):
        assert w in woorden, w
    for stuk in ("Voorge", "Gestar", "Specialis"):
        assert stuk not in woorden
