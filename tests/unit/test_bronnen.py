"""One table of source titles (resources/bronnen.yaml): every seed file has a title, every reference in the
resources and the code names a known document, and a reference reads as "<title>, regel N" (issue 25)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toegang_app.domain.bronnen import documenten_in, leesbaar, parse_bronnentabel
from toegang_app.services.bronnen import bron_tekst, tabel

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


def test_every_seed_file_has_a_title():
    t = tabel()
    if SEEDS.is_dir():
        files = sorted(p.name for p in SEEDS.glob("[0-9][0-9][0-9]_*.txt"))
        assert files and sorted(t.bestanden.values()) == files
    assert all(t.titels[k] for k in t.titels)
    assert t.titel("003") == "Beleidsplan Sociaal Domein Haaksbergen 2026-2029"


def test_every_reference_in_resources_and_code_is_a_known_document():
    t = tabel()
    used: set[str] = set()
    for p in list((REPO / "resources").rglob("*.yaml")) + list((REPO / "toegang_app").rglob("*.py")):
        used |= documenten_in(p.read_text(encoding="utf-8"))
    assert used and used <= set(t.titels), used - set(t.titels)


@pytest.mark.parametrize("ref, shown", [
    ("seeds/003:229", "Beleidsplan Sociaal Domein Haaksbergen 2026-2029, regel 229"),
    ("seeds/000:325", "Jaarstukken 2025 Twenterand, Programma Sociaal Domein, regel 325"),
    ("seeds/003_71b6f1f17831db75.txt:257", "Beleidsplan Sociaal Domein Haaksbergen 2026-2029, regel 257"),
    ("seeds/001:492-493 (Leergeld)", "Nieuwsbrief Stand van zaken Sociaal Domein Twenterand, voorjaar 2023, regels 492-493 (Leergeld)"),
    ("seeds/000:300, 000:308-310", "Jaarstukken 2025 Twenterand, Programma Sociaal Domein, regel 300, regels 308-310"),
    ("Wmo 2015 art. 2.3.2 lid 4", "Wmo 2015 art. 2.3.2 lid 4"),
    ("om 10:30 uur", "om 10:30 uur"),
])
def test_a_reference_reads_as_title_and_line(ref, shown):
    assert bron_tekst(ref) == shown
    assert not re.search(r"seeds/", bron_tekst(ref))


def test_the_table_is_validated():
    with pytest.raises(ValueError, match="titel"):
        parse_bronnentabel({"documenten": {"003": {"bestand": "003_x.txt", "titel": ""}}})
    with pytest.raises(ValueError, match="drie cijfers"):
        parse_bronnentabel({"documenten": {"3": {"bestand": "3_x.txt", "titel": "X"}}})
    t = parse_bronnentabel({"documenten": {"003": {"bestand": "003_x.txt", "titel": "Plan"}}})
    assert leesbaar("seeds/004:1", t) == "seeds/004:1"  # unknown document: left as it is
