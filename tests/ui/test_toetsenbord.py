"""The desk without a mouse: a whole conversation with a referral and the resident's summary by keys only
(qtbot key presses; modal dialogs answered by keys while they run), Alt+1..7 with the cursor in the
step, Alt+H to Huishouden, the side panels by Ctrl+Shift+1..6, and one meaning of Enter and Ctrl+Enter
(README "Sneltoetsen", toegang_app/ui/toetsen.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QFileDialog, QLineEdit, QPlainTextEdit

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.rechten_dialogen import TaalKeuzeDialoog
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog

CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)
REPO = Path(__file__).resolve().parents[2]


def focus():
    return QApplication.focusWidget()


def key(qtbot, k, mod=Qt.KeyboardModifier.NoModifier, n=1):
    for _ in range(n):  # to the widget with the focus, as the keyboard does (the window when none has it)
        doel = focus() or QApplication.activeWindow()
        if doel is None:  # offscreen, no window manager gives the window back its focus after a dialog
            hoofd = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
            hoofd.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=2000)
            doel = focus() or hoofd
        qtbot.keyClick(doel, k, mod)


def typ(qtbot, text):
    qtbot.keyClicks(focus(), text)


def tab_naar(qtbot, doel, n=60):
    """Tab until ``doel`` has the focus (as a worker would), at most ``n`` times."""
    for _ in range(n):
        if focus() is doel:
            return
        key(qtbot, Qt.Key.Key_Tab)
    assert focus() is doel, f"Tab never reaches {doel.accessibleName()}"


class Modaal:
    """Answers the modal dialogs that open while a key is pressed, by keys: ``acties`` maps a dialog class
    to a function(dialog) that types into it. Runs inside the dialog's own event loop (exec)."""

    def __init__(self, qtbot, acties):
        self.qtbot, self.acties, self.gezien = qtbot, acties, []
        self.timer = QTimer(interval=20, timeout=self._tik)
        self.timer.start()

    def _tik(self):
        m = QApplication.activeModalWidget()
        if m is not None and any(m is g for g in self.gezien) and m.isVisible():
            self.wacht += 1
            if self.wacht > 150:  # answered but still open after 3 s: report what it says, never hang
                fout = getattr(m, "fout", None)
                self.fout = AssertionError(f"{type(m).__name__} stayed open: "
                                           f"{fout.text() if hasattr(fout, 'text') else ''}")
                m.reject()
            return
        self.wacht = 0
        if m is None or not m.isVisible():
            return
        if QApplication.activeWindow() is not m or focus() is None or focus().window() is not m:
            m.activateWindow()  # the window manager gives it the focus (offscreen: on the next tick)
            return
        for cls, actie in self.acties.items():
            if isinstance(m, cls):
                self.gezien.append(m)
                try:
                    actie(m)
                except BaseException as exc:  # noqa: BLE001 - reported by stop(), never a hanging dialog
                    self.fout = exc
                    m.reject()
                return

    fout = None
    wacht = 0

    def stop(self):
        self.timer.stop()
        if self.fout is not None:
            raise self.fout


def test_a_whole_conversation_with_a_referral_and_the_summary_without_the_mouse(qtbot, window, ctx, tmp_path):
    s = window.show_screen("gesprekken")
    key(qtbot, Qt.Key.Key_N, CTRL)                       # Ctrl+N: new conversation, cursor in Naam
    ed = s.editor
    assert focus() is ed.f_naam
    typ(qtbot, "Toos Toetsenbord (synthetisch)")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is ed.f_geboorte
    typ(qtbot, "03-04-1951")
    key(qtbot, Qt.Key.Key_Return)                         # Enter in a single-line field: the next field
    assert focus() is ed.f_gemeente

    key(qtbot, Qt.Key.Key_2, ALT)                         # Alt+2: Aanmelding, cursor in its first field
    assert ed.stappen.currentIndex() == 1 and focus() is ed.f_datum
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is ed.f_kanaal
    key(qtbot, Qt.Key.Key_Down)                           # arrows choose in a closed combo box
    kanaal = ed.f_kanaal.currentData()
    assert kanaal is not None
    key(qtbot, Qt.Key.Key_V, ALT)                         # Alt+V: Vraag (a multi-line field)
    assert focus() is ed.f_vraag
    typ(qtbot, "Ik kom de deur niet meer uit.")
    key(qtbot, Qt.Key.Key_Return)                         # Enter in a note: a new line
    typ(qtbot, "Het huishouden lukt niet.")
    assert ed.f_vraag.toPlainText() == "Ik kom de deur niet meer uit.\nHet huishouden lukt niet."
    key(qtbot, Qt.Key.Key_H, ALT)                         # Alt+H: Huishouden, not the Help menu
    assert focus() is ed.f_huishouden
    assert not window.help_menu.isVisible()
    key(qtbot, Qt.Key.Key_Down)
    huishouden = ed.f_huishouden.currentData()
    assert huishouden is not None

    key(qtbot, Qt.Key.Key_3, ALT)                         # Gezondheid: the first score
    meedoen_score = ed.f_dim[next(iter(ed.f_dim))][0]
    assert focus() is meedoen_score
    key(qtbot, Qt.Key.Key_Up, n=3)                        # -1 'niet besproken' -> 2
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Space)                          # 'hier wil ik over praten'
    eerste_dim = next(iter(ed.f_dim))

    key(qtbot, Qt.Key.Key_5, ALT)                         # Leefgebieden: the first ernst
    ernst0 = next(iter(ed.f_sig.values()))[0]
    assert focus() is ernst0
    tab_naar(qtbot, ed.f_sig["eenzaamheid"][0])
    key(qtbot, Qt.Key.Key_Down, n=2)                      # eenzaamheid: 2 · probleem
    key(qtbot, Qt.Key.Key_Tab)
    typ(qtbot, "weinig contact")

    key(qtbot, Qt.Key.Key_7, ALT)                         # Afspraken
    assert focus() is ed.f_afspraken
    typ(qtbot, "Kennismaken bij de ontmoetingsplek")
    key(qtbot, Qt.Key.Key_Return, CTRL)                   # Ctrl+Enter: the step is done -> stored
    assert ed.gesprek_id is not None and not ed.dirty
    gid = ed.gesprek_id

    # the referral: Ctrl+Shift+1 to the suggestions, arrows to a voorziening, Enter = Verwijzen
    key(qtbot, Qt.Key.Key_1, CTRL | SHIFT)
    sp = ed.panels["suggesties"]
    assert ed.panel_tabs.currentWidget() is sp and focus() is sp.tree
    qtbot.waitUntil(lambda: sp.tree.topLevelItemCount() > 0, timeout=3000)
    for _ in range(40):
        it = sp.tree.currentItem()
        if it is not None and it.parent() is not None and not it.data(0, Qt.ItemDataRole.UserRole + 1):
            break
        key(qtbot, Qt.Key.Key_Down)
    gekozen = sp.tree.currentItem().data(0, Qt.ItemDataRole.UserRole)
    assert gekozen

    def verwijs(dlg: VerwijzingDialoog):
        assert dlg.voorziening.text()                     # the suggestion is filled in
        key(qtbot, Qt.Key.Key_O, ALT)                     # Alt+O: Overdracht; typing chooses
        assert focus() is dlg.overdracht
        typ(qtbot, "inwoner")
        assert dlg.overdracht.currentText() == "Inwoner meldt zich zelf"
        key(qtbot, Qt.Key.Key_N, ALT)                     # Alt+N: Notitie
        assert focus() is dlg.notitie
        typ(qtbot, "belt zelf")
        key(qtbot, Qt.Key.Key_Return)                     # a new line in the note, the dialog stays open
        assert dlg.isVisible()
        typ(qtbot, "met de buurtcoach")
        key(qtbot, Qt.Key.Key_Return, CTRL)               # Ctrl+Enter confirms the dialog

    modaal = Modaal(qtbot, {VerwijzingDialoog: verwijs})
    key(qtbot, Qt.Key.Key_Return)                         # Enter in the suggestion list: Verwijzen
    modaal.stop()
    assert len(modaal.gezien) == 1
    [v] = vsvc.verwijzingen_van(ctx, gid)
    assert v.voorziening_id == gekozen
    assert v.notitie == "belt zelf\nmet de buurtcoach"

    key(qtbot, Qt.Key.Key_4, CTRL | SHIFT)                # Verwijzingen panel: the referral is listed
    vp = ed.panels["verwijzingen"]
    assert ed.panel_tabs.currentWidget() is vp and focus() is vp.lijst
    assert vp.lijst.topLevelItemCount() == 1

    # the summary for the resident: Ctrl+P, the language by arrows and Enter, the file name typed
    pdf = tmp_path / "samenvatting-toos.pdf"

    def taal(dlg: TaalKeuzeDialoog):
        assert focus() is dlg.taal
        key(qtbot, Qt.Key.Key_Return)                     # Enter: the default button (Afdrukken als PDF…)

    def bestand(dlg: QFileDialog):
        naam = next(e for e in dlg.findChildren(QLineEdit) if e.isVisible() and e.hasFocus() or
                    e.objectName() == "fileNameEdit")
        naam.setFocus()
        naam.selectAll()
        typ(qtbot, str(pdf))
        key(qtbot, Qt.Key.Key_Return)

    def wijze(dlg):
        key(qtbot, Qt.Key.Key_P, ALT)                     # Alt+P: Opslaan als PDF…

    from toegang_app.ui.afdrukken import AfdrukKeuze

    modaal = Modaal(qtbot, {TaalKeuzeDialoog: taal, AfdrukKeuze: wijze, QFileDialog: bestand})
    key(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: pdf.exists() and pdf.stat().st_size > 1000, timeout=15000)
    modaal.stop()

    # what is stored is what was typed
    d = svc.laad_gesprek(ctx, gid)
    assert d.inwoner.naam == "Toos Toetsenbord (synthetisch)"
    assert d.inwoner.geboortedatum.isoformat() == "1951-04-03"
    assert d.kanaal == kanaal and d.huishouden == huishouden
    assert d.vraag == "Ik kom de deur niet meer uit.\nHet huishouden lukt niet."
    assert d.dimensies[eerste_dim].score == 2 and d.dimensies[eerste_dim].bespreken
    [sig] = [x for x in d.signalen if x.leefgebied == "eenzaamheid"]
    assert sig.ernst == 2 and sig.toelichting == "weinig contact"
    assert d.afspraken == "Kennismaken bij de ontmoetingsplek"


def test_alt_number_puts_the_cursor_in_the_first_field_of_every_step(qtbot, window):
    s = window.show_screen("gesprekken")
    key(qtbot, Qt.Key.Key_N, CTRL)
    ed = s.editor
    ed.panels["suggesties"].tree.setFocus()                  # the focus is in the side panel
    for n in range(1, 8):
        qtbot.keyClick(focus(), getattr(Qt.Key, f"Key_{n}"), ALT)
        assert ed.stappen.currentIndex() == n - 1
        f = focus()
        page = ed._scrolls[n - 1].widget()
        assert page.isAncestorOf(f), (n, f)
        assert isinstance(f, (QLineEdit, QPlainTextEdit, QComboBox)) or f.inherits("QAbstractSpinBox"), (n, f)
        assert ed.eerste_veld(page) is f


def test_side_panels_by_ctrl_shift_number(qtbot, window):
    s = window.show_screen("gesprekken")
    key(qtbot, Qt.Key.Key_N, CTRL)
    ed = s.editor
    for n in range(1, ed.panel_tabs.count() + 1):
        qtbot.keyClick(focus(), getattr(Qt.Key, f"Key_{n}"), CTRL | SHIFT)
        assert ed.panel_tabs.currentIndex() == n - 1
        assert ed.panel_tabs.widget(n - 1).isAncestorOf(focus()), (n, focus())
        assert f"Ctrl+Shift+{n}" in ed.panel_tabs.tabToolTip(n - 1)


def test_ctrl_enter_confirms_a_dialog_from_a_note_and_enter_in_a_line_presses_the_default(qtbot, ctx):
    from toegang_app.ui.panels.suggesties import OnderbouwingDialoog
    from toegang_app.ui.screens.beheer.kalender import SluitingsdagDialoog

    dlg = OnderbouwingDialoog(["wonen"], {})
    qtbot.addWidget(dlg)
    with qtbot.waitActive(dlg):
        dlg.show()
        dlg.activateWindow()
    velden = list(dlg.velden.values())
    for e in velden:
        e.setFocus()
        qtbot.keyClicks(e, "Niet genoeg")
        qtbot.keyClick(e, Qt.Key.Key_Return)             # Enter in a note: a new line, dialog stays
        assert dlg.isVisible() and e.toPlainText() == "Niet genoeg\n"
        qtbot.keyClicks(e, "want zo")
    qtbot.keyClick(velden[-1], Qt.Key.Key_Return, CTRL)  # Ctrl+Enter: Vastleggen
    assert dlg.result() == QDialog.DialogCode.Accepted and not dlg.isVisible()
    assert all(v == "Niet genoeg\nwant zo" for v in dlg.punten().values())

    ctx.user = None
    from tests.factories import BEHEERDER

    ctx.user = BEHEERDER
    dag = SluitingsdagDialoog(ctx)
    qtbot.addWidget(dag)
    gezien = []
    dag.opslaan = lambda: gezien.append(dag.omschrijving.text())  # what Opslaan would store
    with qtbot.waitActive(dag):
        dag.show()
        dag.activateWindow()
    dag.omschrijving.setFocus()
    qtbot.keyClicks(dag.omschrijving, "Teamdag")
    qtbot.keyClick(dag.omschrijving, Qt.Key.Key_Return)  # Enter in a single-line field: the default button
    assert gezien == ["Teamdag"]


def test_the_readme_and_the_help_window_list_every_key(qtbot, window):
    from toegang_app.ui.toetsen import SNELTOETSEN, readme_tabel

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Sneltoetsen" in readme
    assert readme_tabel() in readme, "README.md: paste the output of toegang_app.ui.toetsen.readme_tabel()"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    venster = window.sneltoetsen_venster
    assert venster.isVisible() and venster.tabel.rowCount() == len(SNELTOETSEN)
    assert [venster.tabel.item(r, 0).text() for r in range(3)] == [k for k, *_ in SNELTOETSEN[:3]]
    # every Ctrl/Alt shortcut of the conversation editor is in the table
    s = window.show_screen("gesprekken")
    tabel = " ".join(k for k, *_ in SNELTOETSEN)
    for act in s.editor.actions():
        for seq in act.shortcuts():
            k = seq.toString()
            if re.fullmatch(r"(Alt|Ctrl\+Shift)\+\d", k):
                continue  # listed as ranges (Alt+1 … Alt+7)
            assert k.replace("Return", "Enter") in tabel, k


def test_onderbouwen_and_a_new_referral_by_their_keys(qtbot, window, ctx, monkeypatch):
    """Ctrl+O (Onderbouwen) and Ctrl+Shift+R (Nieuwe verwijzing) work from any field of the conversation."""
    from tests.ui.vensters import rijk_gesprek
    from toegang_app.ui.panels.suggesties import OnderbouwingDialoog

    gid = rijk_gesprek(ctx)
    ctx.user = MEDEWERKER
    s = window.show_screen("gesprekken")
    assert s.open_gesprek(gid)
    ed = s.editor
    geopend = []
    monkeypatch.setattr(OnderbouwingDialoog, "exec", lambda dlg: geopend.append(type(dlg).__name__) or 0)
    monkeypatch.setattr(VerwijzingDialoog, "exec", lambda dlg: geopend.append(type(dlg).__name__) or 0)
    key(qtbot, Qt.Key.Key_2, ALT)                         # the cursor in a field of the Aanmelding step
    assert ed.panels["suggesties"]._advies.geblokkeerd    # this case has locked maatwerk to argue for
    key(qtbot, Qt.Key.Key_O, CTRL)
    assert geopend == ["OnderbouwingDialoog"]
    key(qtbot, Qt.Key.Key_R, CTRL | SHIFT)
    assert geopend == ["OnderbouwingDialoog", "VerwijzingDialoog"]
