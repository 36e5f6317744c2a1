"""The suggestions panel beside the conversation: live, grouped per need (most urgent on top), lightest rung
first within a need, "meer tonen", the maatwerk gate with a drawn lock, safety first, keyboard only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import suggesties as ssvc
from toegang_app.ui.gesprek_editor import GesprekEditor
from toegang_app.ui.panels import suggesties as panel_mod


def _editor(qtbot, ctx):
    ctx.user = MEDEWERKER
    ed = GesprekEditor(ctx)
    qtbot.addWidget(ed)
    ed.resize(1180, 700)
    ed.show()
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Wim Wachter (synthetisch)"
    d.inwoner.kern = "Haaksbergen"
    d.inwoner.geboortejaar = 1950
    ed.laad(d)
    return ed, ed.panels["suggesties"]


def _groups(panel):
    return [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]


def _rows(panel, head):
    return [head.child(j) for j in range(head.childCount())]


def _head(panel, label):
    return next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).text(0).startswith(label))


def test_suggestions_grouped_per_need_most_urgent_first(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)
    ed.f_dim["meedoen"][0].setValue(2)
    ed.f_sig["eenzaamheid"][0].setCurrentIndex(2)
    ed.f_sig["schulden"][0].setCurrentIndex(3)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() >= 3, timeout=2000)
    groups = _groups(p)
    assert groups[0].startswith("Schulden · ernstig") and groups[1].startswith("Eenzaamheid · probleem")
    assert groups[2].startswith("Meedoen · dimensie")
    eenz = _head(p, "Eenzaamheid")
    rows = [r for r in _rows(p, eenz) if r.data(0, panel_mod.ROLE_SOORT) == "suggestie"]
    assert 1 <= len(rows) <= 4   # a handful: 3 voorzieningen and at most one step of the conversation
    # a row says name, provider and the reason, on two lines, never cut off
    first = rows[0].text(0)
    assert "(" in first.split("\n")[0] and "Eenzaamheid" in first.split("\n")[1]
    assert p.last_update_ms < 50, p.last_update_ms


def test_meer_tonen_by_keyboard_and_refer_with_enter(qtbot, ctx, monkeypatch):
    ed, p = _editor(qtbot, ctx)
    ed.f_sig["financien"][0].setCurrentIndex(2)
    ed.f_sig["schulden"][0].setCurrentIndex(2)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    heads = [p.tree.topLevelItem(i) for i in range(p.tree.topLevelItemCount())]
    more = next(r for h in heads for r in _rows(p, h) if r.data(0, panel_mod.ROLE_SOORT) == "meer_tonen")
    n_before = sum(len(_rows(p, h)) for h in heads)
    p.tree.setFocus()
    p.tree.setCurrentItem(more)
    qtbot.keyClick(p.tree, Qt.Key.Key_Return)
    heads = [p.tree.topLevelItem(i) for i in range(p.tree.topLevelItemCount())]
    assert sum(len(_rows(p, h)) for h in heads) > n_before
    cur = p.tree.currentItem()
    assert cur.data(0, panel_mod.ROLE_SOORT) == "meer" and p.btn_verwijs.isEnabled()
    cur_id = cur.data(0, panel_mod.ROLE_ID)
    # Enter on a suggestion refers: the referral dialog opens for that voorziening
    opened = []

    class FakeDialog:
        def __init__(self, ctx, gesprek_id, voorziening_id=None, parent=None):
            opened.append(voorziening_id)

        def exec(self):
            return 0

    monkeypatch.setattr(panel_mod, "VerwijzingDialoog", FakeDialog)
    qtbot.keyClick(p.tree, Qt.Key.Key_Return)
    assert opened == [cur_id]
    # Ctrl+K opens it in the kaart
    shown = []

    class Kaart:
        def toon_voorziening(self, vid):
            shown.append(vid)

    class Shell:
        def show_screen(self, name):
            assert name == "kaart"
            return Kaart()

    monkeypatch.setattr(p.gesprek, "shell", Shell(), raising=False)
    p.tree.setFocus()
    qtbot.keyClick(p.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert shown == [cur_id], p.current_id()


def test_screenshot_grouped_panel(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)
    ed.f_crisis["dreigende_ontruiming"].setChecked(True)
    ed.f_sig["schulden"][0].setCurrentIndex(3)
    ed.f_sig["zelfzorg_huishouden"][0].setCurrentIndex(2)
    ed.f_dim["meedoen"][0].setValue(3)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() >= 3, timeout=2000)
    locked = next(r for i in range(p.tree.topLevelItemCount()) for r in _rows(p, p.tree.topLevelItem(i))
                  if r.data(0, panel_mod.ROLE_LOCKED))
    assert not locked.icon(0).isNull()        # the lock is drawn, not a font glyph
    assert "🔒" not in locked.text(0)
    p.tree.setCurrentItem(locked)
    p.tree.scrollToItem(locked)
    out = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "suggesties-per-behoefte.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    p.grab().save(str(out))
    assert out.stat().st_size > 0


def test_maatwerk_stays_locked_until_the_onderbouwing_is_recorded(qtbot, ctx, monkeypatch):
    ed, p = _editor(qtbot, ctx)
    ed.f_dim["dagelijks_functioneren"][0].setValue(2)
    ed.f_sig["zelfzorg_huishouden"][0].setCurrentIndex(3)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    head = _head(p, "Zelfzorg en huishouden")
    locked = [r for r in _rows(p, head) if r.data(0, panel_mod.ROLE_LOCKED)]
    assert locked
    locked_before = {r.data(0, panel_mod.ROLE_ID) for r in locked}
    p.tree.setCurrentItem(locked[0])
    assert not p.btn_verwijs.isEnabled() and "Vergrendeld" in p.detail.text()
    seen = []

    def fill(dlg):
        seen.append(dlg.leefgebied.currentData())   # opens on the need of the selected item
        for edit in dlg.velden.values():
            edit.setPlainText("Besproken: lukt niet, dochter woont ver weg, geen passend aanbod.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(panel_mod.OnderbouwingDialoog, "exec", fill)
    p.onderbouw()  # stores the conversation first, then the onderbouwing
    assert seen == ["zelfzorg_huishouden"]
    assert ed.gesprek_id is not None
    assert "zelfzorg_huishouden" in ssvc.onderbouwingen(ctx, ed.gesprek_id)
    head = _head(p, "Zelfzorg en huishouden")
    now_open = {r.data(0, panel_mod.ROLE_ID) for r in _rows(p, head) if r.data(0, panel_mod.ROLE_SOORT) == "suggestie"}
    now_open |= {s.voorziening.id for s in p._advies.meer}
    assert locked_before & now_open
    assert not any(r.data(0, panel_mod.ROLE_LOCKED) for r in _rows(p, head))


def test_acute_unsafety_puts_the_safety_route_first(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)
    ed.f_dim["meedoen"][0].setValue(3)
    ed.f_crisis["acuut_onveilig"].setChecked(True)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    assert _groups(p)[0].startswith("Veiligheid · acuut gevaar: 112 en de veiligheidsroute eerst")
    assert "Acuut gevaar: veiligheid eerst" in p.samenvatting.text() and "112" in p.samenvatting.text()


def test_age_excludes_youth_voorzieningen(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)  # born 1950
    ed.f_dim["meedoen"][0].setValue(2)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    names = [p.tree.topLevelItem(i).child(j).text(0) for i in range(p.tree.topLevelItemCount())
             for j in range(p.tree.topLevelItem(i).childCount())]
    assert not any("Leerplicht" in n for n in names)


def test_a_refresh_with_the_same_result_keeps_the_tree_and_the_chosen_row(qtbot, ctx):
    """Typing that does not change the suggestions (a note, a score that is no need) leaves the list as it
    is: the worker's chosen row and scroll position stay."""
    ed, p = _editor(qtbot, ctx)
    ed.f_sig["eenzaamheid"][0].setCurrentIndex(2)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    head = _head(p, "Eenzaamheid")
    row = next(r for r in _rows(p, head) if r.data(0, panel_mod.ROLE_SOORT) == "suggestie")
    p.tree.setCurrentItem(row)
    vid = row.data(0, panel_mod.ROLE_ID)
    p.uitvraag_changed(p.gesprek.uitvraag)
    assert p.tree.topLevelItem(0) is head and p.tree.currentItem() is row
    ed.f_sig["schulden"][0].setCurrentIndex(3)   # a new need: the list is rebuilt, the chosen row kept
    qtbot.waitUntil(lambda: _groups(p)[0].startswith("Schulden"), timeout=2000)
    assert p.tree.currentItem().data(0, panel_mod.ROLE_ID) == vid


def test_a_regional_kaart_shows_a_few_locked_rows_per_need_the_rest_behind_meer_tonen(qtbot, ctx, monkeypatch):
    """With many maatwerk entries for one need (a regional kaart) the need shows three locked rows and
    "meer tonen" counts the others; opening it shows them all."""
    from dataclasses import replace

    ctx.user = MEDEWERKER
    shipped = ssvc.kaart_voor_matching(ctx)
    base = next(v for v in shipped if v.trede == 4 and v.wet == "Wmo" and "zelfzorg_huishouden" in v.leefgebieden)
    extra = tuple(replace(base, id=f"hb-synth-wmo-{i}", naam=f"Synthetisch maatwerk {i} (test)") for i in range(12))
    kaart = shipped + extra
    monkeypatch.setattr(ssvc, "kaart_voor_matching", lambda _ctx: kaart)
    ed, p = _editor(qtbot, ctx)
    ed.f_sig["zelfzorg_huishouden"][0].setCurrentIndex(3)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    head = _head(p, "Zelfzorg en huishouden")
    ba = next(x for x in p._advies.behoeften if x.behoefte.sleutel == "zelfzorg_huishouden")
    assert len(ba.geblokkeerd) >= 12
    locked = [r for r in _rows(p, head) if r.data(0, panel_mod.ROLE_LOCKED)]
    assert len(locked) == panel_mod.LOCKED_SHOWN
    more = next(r for r in _rows(p, head) if r.data(0, panel_mod.ROLE_SOORT) == "meer_tonen")
    assert f"({len(ba.meer) + len(ba.geblokkeerd) - panel_mod.LOCKED_SHOWN})" in more.text(0)
    p.tree.setFocus()
    p.tree.setCurrentItem(more)
    qtbot.keyClick(p.tree, Qt.Key.Key_Return)
    head = _head(p, "Zelfzorg en huishouden")
    assert len([r for r in _rows(p, head) if r.data(0, panel_mod.ROLE_LOCKED)]) == len(ba.geblokkeerd)


def test_a_suspicion_starts_the_meldcode_and_acute_danger_puts_112_first(qtbot, ctx):
    # issue 21: the suggestions keep a suspicion and acute danger apart, in the same words as the
    # Veiligheid tab (resources/veiligheid.yaml)
    ed, p = _editor(qtbot, ctx)
    ed.f_crisis["vermoeden_huiselijk_geweld"].setChecked(True)
    qtbot.waitUntil(lambda: "Meldcode" in p.samenvatting.text(), timeout=2000)
    text = p.samenvatting.text()
    assert "Vermoeden van huiselijk geweld: start de Meldcode" in text
    assert "Acuut gevaar" not in text and "Veiligheid eerst" not in text
    from pathlib import Path

    Path("/tmp/shots").mkdir(exist_ok=True)
    p.grab().save("/tmp/shots/suggesties-vermoeden.png")
    first = p.tree.topLevelItem(0)
    assert first is not None and "veilig" in first.text(0).lower()
    ed.f_crisis["acuut_onveilig"].setChecked(True)
    qtbot.waitUntil(lambda: "Acuut gevaar" in p.samenvatting.text(), timeout=2000)
    assert "112" in p.samenvatting.text()
