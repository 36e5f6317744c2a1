"""Walks of every window and dialog the app can open (offscreen), each as a worker would see it:

- the main window for every role, each screen and each of its tabs;
- the conversation editor on a rich synthetic case, every step beside every side panel;
- every dialog class in toegang_app/ui (a new dialog class that the walk does not know fails the test),
  Qt's file dialog and a message box with standard buttons.

For each: no two visible things share an Alt letter (mnemonic), no English standard text (Qt's own
translations are loaded, as at start), every control has an accessible name and a Tab stop, and the Tab
chain follows the reading order of each form. AVE colours meet WCAG AA against their text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWizard

from tests.factories import BEHEERDER, MEDEWERKER, REGISSEUR, TEAMLEIDER
from tests.ui import rondgang
from tests.ui.vensters import alle_dialogen, dialoog_klassen, rijk_gesprek
from toegang_app.ui.main_window import MainWindow

ROLLEN = {"medewerker": MEDEWERKER, "procesregisseur": REGISSEUR, "teamleider": TEAMLEIDER,
          "beheerder": BEHEERDER}


def _venster(qtbot, ctx, user):
    ctx.user = user
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    QApplication.processEvents()
    return w


def _schermen(w) -> list[str]:
    out = []
    for key in w.screen_keys():
        w.show_screen(key)
        QApplication.processEvents()
        for toestand in rondgang.tab_toestanden(w):
            out += rondgang.problemen(w, f"{key} ({toestand})")
    return out


def _editor(w, gid):
    from PySide6.QtWidgets import QTreeWidget

    s = w.show_screen("gesprekken")
    assert s.open_gesprek(gid)
    QApplication.processEvents()
    for panel in s.editor.panels.values():  # a row chosen in each list: its buttons are enabled and seen
        for lijst in panel.findChildren(QTreeWidget):
            if lijst.currentItem() is None and lijst.topLevelItemCount():
                lijst.setCurrentItem(lijst.topLevelItem(0))
    return s.editor


def _editor_problemen(w, ed) -> list[str]:
    out = []
    for i in range(ed.stappen.count()):
        ed.stappen.setCurrentIndex(i)
        for j in range(ed.panel_tabs.count()):
            ed.panel_tabs.setCurrentIndex(j)
            QApplication.processEvents()
            out += rondgang.problemen(w, f"gesprek stap {ed.stappen.tabText(i)!r} + paneel "
                                         f"{ed.panel_tabs.tabText(j)!r}")
    return out


@pytest.mark.parametrize("rol", list(ROLLEN))
def test_every_screen_of_every_role_is_keyboard_and_screen_reader_ready(qtbot, ctx, rol):
    w = _venster(qtbot, ctx, ROLLEN[rol])
    assert w.screen_keys()
    problemen = _schermen(w)
    assert not problemen, "\n".join(problemen)


def test_the_conversation_editor_in_every_step_beside_every_panel(qtbot, ctx):
    gid = rijk_gesprek(ctx)
    w = _venster(qtbot, ctx, REGISSEUR)
    ed = _editor(w, gid)
    ave = ed.panels["ave"]
    assert ave.groep_regie.isVisibleTo(ave) and ed.panels["veiligheid"].isEnabled()  # the rich case shows it all
    problemen = _editor_problemen(w, ed)
    assert not problemen, "\n".join(problemen)


def _dialoog_problemen(qtbot, naam, dlg) -> list[str]:
    qtbot.addWidget(dlg)
    dlg.show()
    QApplication.processEvents()
    out = []
    paginas = 1
    if isinstance(dlg, QWizard):
        paginas = len(dlg.pageIds())
    for p in range(paginas):
        for toestand in rondgang.tab_toestanden(dlg):
            out += rondgang.problemen(dlg, f"{naam} ({toestand}{', pagina ' + str(p + 1) if paginas > 1 else ''})")
        if isinstance(dlg, QWizard) and p + 1 < paginas:
            dlg.next()
            QApplication.processEvents()
    dlg.reject()
    return out


def test_every_dialog_class_is_walked(qtbot, ctx):
    gid = rijk_gesprek(ctx)
    w = _venster(qtbot, ctx, REGISSEUR)
    gezien = set()
    problemen = []
    for naam, dlg in alle_dialogen(ctx, gid, w):
        gezien.add(type(dlg).__name__)
        problemen += _dialoog_problemen(qtbot, naam, dlg)
    ontbreekt = set(dialoog_klassen()) - gezien
    assert not ontbreekt, f"dialogs the walk does not open (add them to tests/ui/vensters.py): {ontbreekt}"
    assert not problemen, "\n".join(problemen)


def test_qt_standard_texts_are_dutch(qtbot, ctx):
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

    S = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(S.Ok | S.Cancel | S.Save | S.Yes | S.No | S.Close | S.Apply | S.Open | S.Discard)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == sorted(
        ["OK", "Annuleren", "Opslaan", "Ja", "Nee", "Sluiten", "Toepassen", "Openen", "Verwerpen"])
    fd = QFileDialog(None, "Opslaan")
    qtbot.addWidget(fd)
    fd.show()
    labels = {lab.text() for lab in fd.findChildren(QLabel)}
    assert {"Zoeken in:", "Bestands&naam:"} <= labels, labels
    assert QApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


def test_wcag_contrast_formula():
    from toegang_app.domain.ave import contrast

    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)   # the classic just-below-AA grey
    assert contrast("#F9A825", "#FFFFFF") < 4.5                              # white on AVE yellow would fail


def test_ave_colours_meet_wcag_aa_against_their_text(qtbot, ctx):
    from toegang_app.domain.ave import WCAG_AA, contrast
    from toegang_app.services import ave
    from toegang_app.ui.panels.ave import FaseKleur

    fasen = ave.config(ctx).fasen
    assert sorted(fasen) == [1, 2, 3, 4]
    for n, f in fasen.items():
        ratio = contrast(f.kleur_hex, f.kleur_tekst)
        assert ratio >= WCAG_AA, f"AVE {n} ({f.kleur_naam}): {ratio:.2f}:1"
        swatch = FaseKleur()
        qtbot.addWidget(swatch)
        swatch.set_fase(f)
        assert swatch.text() == str(n) and f"color: {f.kleur_tekst}" in swatch.styleSheet()
        # what is painted: the swatch's middle pixel is the phase colour
        img = swatch.grab().toImage()
        assert img.pixelColor(3, 3).name().lower() == f.kleur_hex.lower()


def test_a_phase_colour_with_too_little_contrast_is_refused(tmp_path):
    from toegang_app.domain.ave import load_ave_config
    from toegang_app.paths import resources_dir

    text = (resources_dir() / "ave.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "ave.yaml"
    bad.write_text(text.replace('hex: "#F9A825", tekst: "#1A1A1A"', 'hex: "#F9A825", tekst: "#FFFFFF"'),
                   encoding="utf-8")
    with pytest.raises(Exception) as exc:
        load_ave_config(bad)
    assert "te weinig contrast" in str(exc.value)
