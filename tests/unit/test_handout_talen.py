"""The resident's summary in seven languages (issue 28): the translation files are complete and checked,
every fixed text is found in the PDF of each language, no glyph is missing, Arabic is shaped and ordered
right to left by the bidi algorithm (not by reversed strings), the worker's words stay Dutch with a line
saying so, and an unreviewed language says so.

``TOEGANG_PDF_KEEP=DIR`` keeps the PDFs and PNGs (pdftoppm) for a visual check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.unit.test_handout import sample
from toegang_app.domain import gesprek_velden as gv
from toegang_app.domain.handout_talen import CODES, MAP, load_talen, vaste_labels
from toegang_app.errors import ConfigError
from toegang_app.paths import resources_dir
from toegang_app.reports import handout as rep
from toegang_app.reports import schrift

pypdf = pytest.importorskip("pypdf")
TALEN = load_talen(resources_dir() / MAP)


def _render(code: str, tmp_path: Path, **over) -> Path:
    data = sample(**over)
    data.taal = TALEN[code]
    out = rep.maak_handout(data, tmp_path / f"samenvatting-{code}.pdf")
    keep = os.environ.get("TOEGANG_PDF_KEEP")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(keep) / out.name)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(out), str(Path(keep) / out.stem)], check=True)
    return out


def _woorden(text: str) -> list[str]:
    """Words for comparison: NFKC (Arabic presentation forms back to letters), without punctuation and
    digits (shaped right-to-left text may run a number into the word next to it when extracted)."""
    text = unicodedata.normalize("NFKC", text)
    return [w for w in re.split(r"[\W\d_]+", text) if w]


def _vaste_teksten(taal, data) -> list[str]:
    t = taal.teksten
    keys = ["titel", "ondertitel", "voor", "datum", "waar", "gesprek_met", "hoe_gaat_het", "uitleg_scores",
            "kolom_onderdeel", "kolom_cijfer", "kolom_over_praten", "over_praten_ja", "niet_besproken",
            "web_legenda", "vertelde", "vraag_wat_belangrijk", "vraag_wat_veranderen", "vraag_wie_helpen",
            "afspraken", "waar_terecht", "waar_intro", "organisatie", "telefoon", "email", "website", "adres",
            "hoe", "stand_van_zaken", "wij_bellen", "contact", "bewaren", "synthetisch"]
    out = [t[k] for k in keys]
    out += [t["eigen_woorden"], t["niet_nagekeken"]] if taal.code != "nl" else []
    out += [n for n, _u in taal.dimensies.values()] + [u for _n, u in taal.dimensies.values()]
    out += [taal.t("cijfer_van_10", cijfer=5), taal.t("pagina", pagina=1, totaal=2), taal.datum(data.datum)]
    out += [taal.t("wij_bellen_rond", datum=taal.datum(v.opvolgdatum)) for v in data.verwijzingen if v.opvolgdatum]
    out += [taal.label(v.overdracht_label) for v in data.verwijzingen if v.overdracht_label]
    return out


def test_every_language_file_is_complete_and_says_whether_it_was_reviewed():
    assert TALEN.codes == CODES == ("nl", "en", "pl", "tr", "ar", "uk", "ti")
    nl = TALEN["nl"]
    for taal in TALEN:
        assert set(taal.teksten) == set(nl.teksten), taal.code
        assert set(taal.labels) == set(vaste_labels()), taal.code
        assert isinstance(taal.nagekeken, bool)
    assert nl.nagekeken and not any(TALEN[c].nagekeken for c in CODES[1:])  # nobody reviewed them yet: said so
    assert TALEN["ar"].rtl and not TALEN["uk"].rtl
    assert (TALEN["ar"].schrift, TALEN["uk"].schrift, TALEN["ti"].schrift) == ("arab", "cyrl", "ethi")


def test_every_summary_field_of_the_field_table_has_its_label_in_every_language():
    """'whatever issue added it': a field another lane puts on the summary needs a translation."""
    eigen = [v.key for v in gv.TABEL if v.samenvatting and not rep.zelf_opgemaakt(v.key)]
    for taal in TALEN:
        missing = [k for k in eigen if k not in taal.velden]
        assert not missing, f"{taal.code}: {missing}"


@pytest.mark.parametrize("code", CODES)
def test_no_text_of_a_language_lacks_a_glyph_in_its_font(code):
    taal = TALEN[code]
    sch = schrift.SCHRIFTEN[taal.schrift]
    alles = " ".join([*taal.teksten.values(), *taal.labels.values(), *taal.maanden, taal.naam,
                      *(n + " " + u for n, u in taal.dimensies.values())])
    assert schrift.ontbrekend(alles, sch) == set()


@pytest.mark.parametrize("code", CODES)
def test_the_pdf_of_each_language_holds_every_fixed_text(code, tmp_path):
    data = sample()
    pdf = _render(code, tmp_path)
    reader = pypdf.PdfReader(str(pdf))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    found = set(_woorden(text))
    for fixed in _vaste_teksten(TALEN[code], data):
        missing = [w for w in _woorden(fixed) if w not in found]
        assert not missing, f"{code}: {fixed!r} misses {missing}"
    assert "\ufffd" not in text and "?" * 2 not in text
    # the worker's free text stays Dutch, as written
    assert "mensen zie en me nuttig voel" in " ".join(text.split())


def test_dutch_keeps_the_b1_texts_and_gets_the_plain_companion(tmp_path):
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(str(_render("nl", tmp_path))).pages)
    assert "Lichaamsfuncties: hoe het met uw lichaam gaat" in text
    assert "nog niet nagekeken" not in text and "eigen woorden van de medewerker" not in text


def test_arabic_is_shaped_and_laid_out_right_to_left(tmp_path):
    pdf = _render("ar", tmp_path)
    reader = pypdf.PdfReader(str(pdf))
    fonts = set()
    for page in reader.pages:
        for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(f.get_object().get("/BaseFont")))
    assert any("ToegangSansArabic" in f for f in fonts), fonts
    # shaped: HarfBuzz chose contextual forms, so the text holds presentation forms (U+FB50-U+FEFF) or
    # ligatures that map back to the logical letters, never the isolated letters in reversed order
    raw = "".join(p.extract_text() or "" for p in reader.pages)
    assert any(0xFB50 <= ord(c) <= 0xFEFF for c in raw) or "ملخص" in unicodedata.normalize("NFKC", raw)
    # right to left: the title is aligned to the right margin
    xs = []

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            xs.append(tm[4] if tm[4] else cm[4])

    reader.pages[0].extract_text(visitor_text=visitor)
    page_w = float(reader.pages[0].mediabox.width)
    assert max(xs) > page_w * 0.5


def test_the_bidi_order_comes_from_the_unicode_algorithm():
    # a Latin name inside Arabic keeps its own order; the Arabic words run right to left
    line = "مرحبا Wijkkracht Haaksbergen شكرا"
    v2l: list[int] = []
    visual = schrift.log2vis(line, "RTL", positions_V_to_L=v2l)
    assert "Wijkkracht Haaksbergen" in visual
    # visual order, left to right: the last Arabic word first (its letters in visual order too)
    assert visual.index("شكرا"[::-1]) < visual.index("Wijkkracht") < visual.index("مرحبا"[::-1])
    assert sorted(v2l) == list(range(len(line)))


def test_unreviewed_note_and_the_workers_own_words_line(tmp_path):
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in
                    pypdf.PdfReader(str(_render("en", tmp_path, afspraken=["Maandag bellen"]))).pages)
    assert "This translation has not yet been checked by a native speaker" in text
    assert "These are the staff member's own words, in Dutch." in text and "Maandag bellen" in text
    assert "Summary of our conversation" in text and "Bodily functions: how your body is doing" in text


def _kopie(tmp_path: Path) -> Path:
    folder = tmp_path / MAP
    shutil.copytree(resources_dir() / MAP, folder)
    return folder


def test_a_broken_translation_file_is_refused_in_dutch(tmp_path):
    folder = _kopie(tmp_path)
    data = yaml.safe_load((folder / "pl.yaml").read_text(encoding="utf-8"))
    del data["teksten"]["contact"]
    data["teksten"]["pagina"] = "strona {nummer}"
    data["nagekeken"] = "ja"
    (folder / "pl.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "ti.yaml").unlink()
    with pytest.raises(ConfigError) as exc:
        load_talen(folder)
    msgs = "\n".join(exc.value.messages)
    assert "pl.yaml, teksten, 'contact': ontbreekt" in msgs
    assert "pl.yaml, teksten, 'pagina': de {plaatshouders}" in msgs
    assert "pl.yaml, veld 'nagekeken'" in msgs
    assert "ti.yaml: bestand ontbreekt" in msgs


def test_dates_use_the_month_names_of_the_language():
    assert TALEN["uk"].datum(date(2026, 11, 2)) == "2 листопада 2026"
    assert TALEN["ar"].datum(date(2026, 11, 2)) == "2 نوفمبر 2026"
    assert TALEN["nl"].datum(date(2026, 11, 2)) == "2 november 2026"


def _png(pdf: Path, tmp_path: Path, page: int = 1):
    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    stem = tmp_path / f"{pdf.stem}-p{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def _title_box(img):
    """The horizontal extent of the title (the accent colour #1f5f8b) in the top tenth of the page."""
    w, h = img.size
    xs = [x for y in range(int(h * 0.1)) for x in range(w)
          if (lambda p: p[2] > 110 and p[0] < 80 and p[2] - p[0] > 60)(img.getpixel((x, y)))]
    return (min(xs), max(xs)) if xs else None


def test_the_pages_as_images_arabic_title_on_the_right_latin_on_the_left(tmp_path):
    ar = _title_box(_png(_render("ar", tmp_path), tmp_path))
    nl = _title_box(_png(_render("nl", tmp_path), tmp_path))
    w = _png(_render("nl", tmp_path), tmp_path).size[0]
    assert ar and nl
    assert ar[0] > w * 0.45 and ar[1] > w * 0.8          # right-aligned: Arabic reads from the right
    assert nl[0] < w * 0.2 and nl[1] < w * 0.8           # left-aligned Dutch


def test_a_broken_other_language_file_leaves_the_dutch_summary_working(tmp_path, monkeypatch):
    folder = _kopie(tmp_path)
    (folder / "tr.yaml").write_text("taal: tr\nteksten: [kapot\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_talen(folder)
    assert any("tr.yaml" in m for m in exc.value.messages)
    assert load_talen(folder, ("nl",)).codes == ("nl",)
