"""The Veiligheid panel driven like a worker (issue 21): the young mother whose ex sometimes threatens her.
The app calls it a suspicion (not acute danger), shows 112 and Veilig Thuis with their source, takes the
Meldcode step by step by keyboard, shows the step in the AVE panel, offers the hand-overs to Veilig Thuis,
and prints the safe summary unless the worker chooses the full one."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from tests.factories import MEDEWERKER
from toegang_app.services import veiligheid as vsvc
from toegang_app.storage.models import AuditRegel, MeldcodeStap, Verwijzing, VerwijzingVeiligheid
from toegang_app.ui.main_window import MainWindow
from tests.ui.jobhulp import klaar

SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))
CITAAT = "Dat mijn ex me met rust laat."


def _type(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def jonge_moeder(qtbot, window):
    s = window.show_screen("gesprekken")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Lotte Testmoeder (synthetisch)")
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    _type(qtbot, ed.f_vraag, "Mijn ex bedreigt me soms als hij de kinderen komt halen.")
    cb = ed.f_crisis["vermoeden_huiselijk_geweld"]
    cb.setFocus()
    qtbot.keyClick(cb, Qt.Key.Key_Space)
    qtbot.keyClick(ed, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    _type(qtbot, ed.f_veranderen, CITAAT)
    qtbot.keyClick(ed, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    _type(qtbot, ed.f_afspraken, "Wij bellen u over twee weken.")
    qtbot.keyClick(ed.f_afspraken, Qt.Key.Key_Return)
    qtbot.keyClicks(ed.f_afspraken, "Advies vragen bij Veilig Thuis.")
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ed.gesprek_id is not None
    return ed


def open_dialog(qtbot, dlg):
    """Show a dialog as the active window, as exec() would, without blocking the test."""
    qtbot.addWidget(dlg)
    with qtbot.waitActive(dlg):
        dlg.show()
        dlg.activateWindow()
    return dlg


def panel_of(ed):
    p = ed.panels["veiligheid"]
    ed.panel_tabs.setCurrentWidget(p)
    return p


def test_suspicion_meldcode_by_keyboard_and_safe_summary(qtbot, window, ctx, tmp_path):
    ed = jonge_moeder(qtbot, window)
    p = panel_of(ed)
    qtbot.waitUntil(lambda: p.toestand_ is not None and p.toestand_.gesprek_id == ed.gesprek_id)
    # a suspicion, in words that say so; never "acuut"
    assert p.kop.text() == "Vermoeden van huiselijk geweld: start de Meldcode"
    assert "geen acuut gevaar" in p.tekst.text() and "acuut veiligheidssignaal" not in p.tekst.text()
    assert p.redenen.text() == "Waarom: vermoeden van huiselijk geweld."
    # reachable, with the source
    contact = p.contact.text()
    assert "0800-2000" in contact and "112" in contact and "veiligthuis.nl" in contact and "Bron:" in contact
    ave = ed.panels["ave"]
    assert "Vermoeden, geen acuut gevaar" in ave.meldcode.text() and "Meldcode: nog niet gestart" in ave.meldcode.text()
    assert not ave.groep_veilig.isVisibleTo(ave)     # AVE 4 (acute danger) is not proposed for a suspicion

    # step 1 by keyboard: the dialog opens at the next step
    dlg = open_dialog(qtbot, p.maak_dialoog())
    assert dlg.gekozen_stap() == 1 and "Schrijf op wat u ziet" in dlg.uitleg.text()
    dlg.datum.setFocus()                              # today, the day selected
    assert dlg.datum.value() == date.today()
    dlg.datum.setSelectedSection(dlg.datum.Section.DaySection)
    qtbot.keyClick(dlg.datum, Qt.Key.Key_Down)        # yesterday
    assert dlg.datum.value() == date.today() - timedelta(days=1)
    _type(qtbot, dlg.notitie, "Ex dreigt bij het ophalen van de kinderen.")
    qtbot.keyClick(dlg.btn_opslaan, Qt.Key.Key_Space)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.fout.text()
    assert p.na_dialoog(dlg)
    assert p.stand.text() == "Meldcode: stap 1 van 5 (signalen in kaart brengen)"
    gisteren = date.today() - timedelta(days=1)
    assert p.stap_teksten()[0].startswith(f"✓ 1. Signalen in kaart brengen\n   gezet op {gisteren:%d-%m-%Y}, "
                                          "Medewerker Haaksbergen")
    assert "Meldcode: stap 1 van 5" in ave.meldcode.text()

    # step 4 before step 2: refused in Dutch, nothing stored, the input stays
    dlg = open_dialog(qtbot, p.maak_dialoog(4))
    dlg.datum.setFocus()
    c = dlg.afwegingen["vermoeden"]
    c.setFocus()
    qtbot.keyClick(c, Qt.Key.Key_Down)                # "ja"
    assert c.currentData() is True and "afweging 2" in dlg.uitkomst.text()
    qtbot.mouseClick(dlg.btn_opslaan, Qt.MouseButton.LeftButton)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert "Leg eerst stap 1 (signalen) en stap 2" in dlg.fout.text()
    assert dlg.afwegingen["vermoeden"].currentData() is True
    dlg.reject()

    # step 2: advice at Veilig Thuis, anonymously
    dlg = open_dialog(qtbot, p.maak_dialoog())
    assert dlg.gekozen_stap() == 2 and dlg.groep2.isVisible() and not dlg.groep4.isVisible()
    dlg.datum.setFocus()
    assert not dlg.anoniem.isEnabled()
    dlg.advies.setFocus()
    qtbot.keyClick(dlg.advies, Qt.Key.Key_Space)
    assert dlg.anoniem.isEnabled()
    qtbot.keyClick(dlg.anoniem, Qt.Key.Key_Space)
    qtbot.keyClick(dlg.btn_opslaan, Qt.Key.Key_Space)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.fout.text()
    p.na_dialoog(dlg)
    assert "stap 2 van 5" in p.stand.text() and "stap 2 van 5" in ave.meldcode.text()
    with ctx.sessions() as s:
        rows = list(s.scalars(select(MeldcodeStap).where(MeldcodeStap.gesprek_id == ed.gesprek_id)))
        assert sorted((r.stap, r.datum) for r in rows) == [(1, gisteren), (2, date.today())]

    # the summary: the safe version by default, and the editor's print button says so
    assert p.rb_veilig.isChecked() and "veilige versie" in p.versie_tekst.text()
    assert "standaard, want er is een zorg over veiligheid" in p.versie_tekst.text()
    assert ed.btn_handout.text() == "Samenvatting inwoner, veilige versie (Ctrl+P)"
    assert "Advies vragen bij Veilig Thuis." in p.weggelaten.text()
    shot(p, "16-veiligheid-meldcode.png")
    from pypdf import PdfReader

    out = klaar(qtbot, ed.maak_pdf(dossier=False, path=str(tmp_path / "veilig.pdf")))
    text = " ".join(pg.extract_text() for pg in PdfReader(str(out)).pages)
    assert "Wij bellen u over twee weken." in text
    assert "met rust" not in text and "Veilig Thuis" not in text and "bedreig" not in text

    # the worker chooses the full version (by keyboard), audited, and that is what prints
    p.rb_volledig.setFocus()
    qtbot.keyClick(p.rb_volledig, Qt.Key.Key_Space)
    assert p.rb_volledig.isChecked() and "door u gekozen" in p.versie_tekst.text()
    assert "noemt de zorg" in p.versie_tekst.text()
    assert ed.btn_handout.text() == "Samenvatting inwoner, volledige versie (Ctrl+P)"
    out = klaar(qtbot, ed.maak_pdf(dossier=False, path=str(tmp_path / "volledig.pdf")))
    assert CITAAT in " ".join(pg.extract_text() for pg in PdfReader(str(out)).pages).replace("\n", " ")
    with ctx.sessions() as s:
        assert s.scalars(select(AuditRegel.nieuw).where(AuditRegel.veld == "samenvatting_versie")).all() == ["volledig"]


def test_acute_danger_puts_112_first(qtbot, window, ctx):
    ed = jonge_moeder(qtbot, window)
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    cb = ed.f_crisis["acuut_onveilig"]
    cb.setFocus()
    qtbot.keyClick(cb, Qt.Key.Key_Space)
    p = panel_of(ed)
    qtbot.waitUntil(lambda: p.toestand_ is not None and p.toestand_.signaal.acuut, timeout=3000)
    assert p.kop.text() == "Acuut gevaar: veiligheid eerst"
    assert p.tekst.text().startswith("Bij acuut gevaar belt u 112.")
    ave = ed.panels["ave"]
    assert "Acuut gevaar: bel 112." in ave.meldcode.text()
    assert ave.titel.text() == "Voorstel: AVE 4 · rood"
    assert "Acuut gevaar: bel 112." in ave.route.text() and "0800-2000" in ave.route.text()
    shot(p, "17-veiligheid-acuut.png")


def test_melding_bij_veilig_thuis_as_a_hand_over(qtbot, window, ctx):
    ed = jonge_moeder(qtbot, window)
    p = panel_of(ed)
    dlg = open_dialog(qtbot, p.maak_overdracht_dialoog("melding_veilig_thuis"))
    assert dlg.voorziening.text().startswith("Veilig Thuis Twente")
    assert dlg.overdracht.currentText() == "Melding bij Veilig Thuis"
    assert not dlg.toestemming.isVisible() and dlg.weet.isVisible() and not dlg.anoniem.isVisible()
    assert dlg.delen_label.text() == "Wat wordt &gedeeld" and "meldrecht" in dlg.uitleg.text()
    _type(qtbot, dlg.delen, "naam, adres en de signalen uit stap 1")
    dlg.opslaan()
    assert "weet van 'melding bij veilig thuis'" in dlg.fout.text() and dlg.focusWidget() is dlg.weet
    qtbot.keyClick(dlg.weet, Qt.Key.Key_Down)
    qtbot.keyClick(dlg.weet, Qt.Key.Key_Down)         # "nee, de inwoner weet het niet"
    assert dlg.weet.currentData() is False and dlg.waarom.isVisible()
    dlg.opslaan()
    assert "Schrijf op waarom niet" in dlg.fout.text()
    _type(qtbot, dlg.waarom, "Vertellen brengt de kinderen in gevaar.")
    dlg.opslaan()
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.fout.text()
    assert p.na_overdracht(dlg)                       # what the panel does after exec(): everyone re-reads
    with ctx.sessions() as s:
        v = s.scalars(select(Verwijzing).where(Verwijzing.gesprek_id == ed.gesprek_id)).one()
        vv = s.get(VerwijzingVeiligheid, v.id)
        assert (v.overdracht, v.toestemming_delen) == ("melding_veilig_thuis", "naam, adres en de signalen uit stap 1")
        assert (vv.inwoner_weet, vv.waarom_niet) == (False, "Vertellen brengt de kinderen in gevaar.")
    assert "melding bij Veilig Thuis" in p.overdrachten.text()
    # the advice hand-over may be anonymous: then nothing about the resident is shared
    dlg = open_dialog(qtbot, p.maak_overdracht_dialoog("advies_veilig_thuis"))
    assert dlg.anoniem.isVisible()
    dlg.anoniem.setFocus()
    qtbot.keyClick(dlg.anoniem, Qt.Key.Key_Space)
    assert not dlg.delen.isEnabled() and "niets over de inwoner" in dlg.uitleg.text()
    shot(dlg, "18-veilig-thuis-overdracht.png")


def test_no_concern_no_alarm(qtbot, window, ctx):
    s = window.show_screen("gesprekken")
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Gerrit Gewoon (synthetisch)")
    p = panel_of(ed)
    ed._refresh_panels()
    assert p.kop.text() == "Geen zorg over veiligheid vastgelegd"
    assert not p.btn_stap.isEnabled()                # nothing to record before the conversation is saved
    assert "Meldcode: sla het gesprek op" in p.stand.text()
    assert not ed.panels["ave"].meldcode.isVisible()


def shot(widget, name: str) -> None:
    """The whole panel (all of its scrolled content) or dialog, as the worker sees it at this width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    from toegang_app.ui.panels.veiligheid import VeiligheidPanel

    inner = widget.scroll.widget() if isinstance(widget, VeiligheidPanel) else widget
    inner.grab().save(str(SHOTS / name))


def test_panel_without_resource_file_says_so(qtbot, ctx):
    from toegang_app.ui.panels.veiligheid import VeiligheidPanel

    ctx.user = MEDEWERKER
    ctx.resources.veiligheid = None
    from toegang_app.errors import ConfigError

    ctx.resources.problemen["veiligheid"] = ConfigError("veiligheid.yaml, veld 'stappen': ontbreekt")
    from toegang_app.ui.gesprek_model import OpenGesprek

    p = VeiligheidPanel(ctx, OpenGesprek(ctx))
    qtbot.addWidget(p)
    assert "niet geladen" in p.tekst.text() and "112" in p.tekst.text()


def test_live_typing_does_not_read_the_database(qtbot, window, ctx, monkeypatch):
    ed = jonge_moeder(qtbot, window)
    p = panel_of(ed)
    calls = []
    real = vsvc.toestand
    monkeypatch.setattr(vsvc, "toestand", lambda *a, **k: calls.append(1) or real(*a, **k))
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    for _ in range(3):   # acute on, off, on: the words follow at once
        ed.f_crisis["acuut_onveilig"].setFocus()
        qtbot.keyClick(ed.f_crisis["acuut_onveilig"], Qt.Key.Key_Space)
        ed._refresh_panels()
    assert p.kop.text() == "Acuut gevaar: veiligheid eerst"
    assert calls == []


def test_keyboard_only_mnemonics_reach_the_panel(qtbot, window, ctx, monkeypatch):
    from toegang_app.ui.meldcode_dialoog import MeldcodeDialoog
    from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog

    ed = jonge_moeder(qtbot, window)
    p = panel_of(ed)
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)   # the Aanmelding step is open beside it
    geopend = []
    monkeypatch.setattr(MeldcodeDialoog, "exec", lambda self: geopend.append(("stap", self.gekozen_stap())) or 0)
    monkeypatch.setattr(VerwijzingDialoog, "exec",
                        lambda self: geopend.append(("overdracht", self.overdracht.currentData())) or 0)
    from tests.ui.test_ave_panel import _mnemonic_clashes

    for stap in range(ed.stappen.count()):            # no clash with the fields of any step beside it
        ed.stappen.setCurrentIndex(stap)
        assert _mnemonic_clashes(ed, p) == [], stap + 1
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    ed.f_vraag.setFocus()
    for n, key in enumerate((Qt.Key.Key_A, Qt.Key.Key_T, Qt.Key.Key_U), start=1):
        qtbot.keyClick(ed, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda n=n: len(geopend) == n, timeout=2000)   # a mnemonic clicks after a short delay
    assert geopend == [("stap", 1), ("overdracht", "advies_veilig_thuis"), ("overdracht", "melding_veilig_thuis")]
    qtbot.keyClick(ed, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: vsvc.toestand(ctx, ed.gesprek_id).samenvatting_versie == "volledig", timeout=2000)
    assert p.rb_volledig.isChecked()
    qtbot.keyClick(ed, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: vsvc.toestand(ctx, ed.gesprek_id).samenvatting_versie == "veilig", timeout=2000)
    assert p.rb_veilig.isChecked() and vsvc.toestand(ctx, ed.gesprek_id).samenvatting_keuze is None


def test_kaart_entry_of_veilig_thuis_shows_the_number_with_its_source(qtbot, ctx):
    ctx.user = MEDEWERKER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    s = w.show_screen("kaart")
    s.toon_voorziening("regio-veilig-thuis-twente")
    text = s.detail.toPlainText()
    assert "0800-2000" in text and "https://veiligthuis.nl" in text
    assert "veiligthuis.nl (telefoon 0800-2000, gratis, dag en nacht; bij acuut gevaar 112)" in text
    assert "Bij acuut gevaar eerst 112" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    s.detail.grab().save(str(SHOTS / "20-kaart-veilig-thuis.png"))


def test_afwegingskader_and_decision_in_the_dialog(qtbot, window, ctx):
    ed = jonge_moeder(qtbot, window)
    p = panel_of(ed)
    for n in (1, 2, 3):
        vsvc.leg_stap_vast(ctx, ed.gesprek_id, n, date.today(), f"stap {n}")
    p.verwijzingen_gewijzigd()                        # (any re-read) the panel shows the stored steps
    assert "stap 3 van 5" in p.stand.text()
    dlg = open_dialog(qtbot, p.maak_dialoog())
    assert dlg.gekozen_stap() == 4 and dlg.groep4.isVisible()
    eerste, tweede, derde = (dlg.afwegingen[k] for k in ("vermoeden", "acuut_of_structureel", "hulp_mogelijk"))
    assert not tweede.isEnabled()                     # in order: the second waits for the first
    eerste.setFocus()
    qtbot.keyClick(eerste, Qt.Key.Key_Down)           # ja
    assert tweede.isEnabled() and not derde.isEnabled()
    tweede.setFocus()
    qtbot.keyClick(tweede, Qt.Key.Key_Down)           # ja: acute or structural unsafety
    assert "Melden bij Veilig Thuis is nodig: er is acute of structurele onveiligheid." in dlg.uitkomst.text()
    assert not derde.isEnabled()                      # not needed any more
    shot(dlg, "21-meldcode-afwegingskader.png")
    qtbot.keyClick(dlg.btn_opslaan, Qt.Key.Key_Space)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.fout.text()
    p.na_dialoog(dlg)
    assert "melden bij veilig thuis is nodig" in p.weging.text().lower()

    dlg = open_dialog(qtbot, p.maak_dialoog())
    assert dlg.gekozen_stap() == 5 and "acute of structurele onveiligheid" in dlg.besluit_uitleg.text()
    dlg.besluit.setCurrentIndex(dlg.besluit.findData("hulp"))
    qtbot.keyClick(dlg.btn_opslaan, Qt.Key.Key_Space)
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert "Kies 'melden' of 'hulp organiseren en melden'" in dlg.fout.text()
    dlg.besluit.setFocus()
    dlg.besluit.setCurrentIndex(dlg.besluit.findData("hulp_en_melden"))
    qtbot.keyClick(dlg.btn_opslaan, Qt.Key.Key_Space)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.fout.text()
    p.na_dialoog(dlg)
    assert p.stand.text() == "Meldcode: besloten (hulp organiseren en melden bij Veilig Thuis)"
    assert "besloten" in ed.panels["ave"].meldcode.text()
