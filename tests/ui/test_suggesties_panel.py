"""The suggestions panel beside the conversation: live, lightest rung first, maatwerk gate, safety first."""

from __future__ import annotations

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


def test_suggestions_follow_the_answers_lightest_rung_first(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)
    ed.f_dim["meedoen"][0].setValue(2)
    ed.f_sig["eenzaamheid"][0].setCurrentIndex(2)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    rungs = [int(g.split()[1]) for g in _groups(p) if g.startswith("Trede")]
    assert rungs == sorted(rungs)
    texts = [p.tree.topLevelItem(i).child(j).text(0) for i in range(p.tree.topLevelItemCount())
             for j in range(p.tree.topLevelItem(i).childCount())]
    assert any("meedoen 2/10" in t.lower() and "eenzaamheid" in t.lower() for t in texts)  # a reason to read aloud
    assert p.last_update_ms < 50, p.last_update_ms


def test_maatwerk_stays_locked_until_the_onderbouwing_is_recorded(qtbot, ctx, monkeypatch):
    ed, p = _editor(qtbot, ctx)
    ed.f_dim["dagelijks_functioneren"][0].setValue(2)
    ed.f_sig["zelfzorg_huishouden"][0].setCurrentIndex(3)
    qtbot.waitUntil(lambda: any(g.startswith("Maatwerk (vergrendeld)") for g in _groups(p)), timeout=2000)
    locked = [g for g in _groups(p) if g.startswith("Maatwerk")][0]
    head = next(p.tree.topLevelItem(i) for i in range(p.tree.topLevelItemCount())
                if p.tree.topLevelItem(i).text(0) == locked)
    locked_before = {head.child(j).text(0).split(" — ")[0].lstrip("🔒 ") for j in range(head.childCount())}
    p.tree.setCurrentItem(head.child(0))
    assert not p.btn_verwijs.isEnabled() and "Vergrendeld" in p.detail.text()

    def fill(dlg):
        dlg.leefgebied.setCurrentIndex(dlg.leefgebied.findData("zelfzorg_huishouden"))
        for edit in dlg.velden.values():
            edit.setPlainText("Besproken: lukt niet, dochter woont ver weg, geen passend aanbod.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(panel_mod.OnderbouwingDialoog, "exec", fill)
    p.onderbouw()  # stores the conversation first, then the onderbouwing
    assert ed.gesprek_id is not None
    assert "zelfzorg_huishouden" in ssvc.onderbouwingen(ctx, ed.gesprek_id)
    open_rung4 = [p.tree.topLevelItem(i) for i in range(p.tree.topLevelItemCount())
                  if p.tree.topLevelItem(i).text(0).startswith("Trede 4")]
    assert open_rung4, _groups(p)
    unlocked = {open_rung4[0].child(j).text(0).split(" — ")[0] for j in range(open_rung4[0].childCount())}
    assert unlocked & locked_before


def test_acute_unsafety_puts_the_safety_route_first(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)
    ed.f_dim["meedoen"][0].setValue(3)
    ed.f_crisis["acuut_onveilig"].setChecked(True)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    assert _groups(p)[0].startswith("Veiligheidsroute")
    assert "Veiligheid eerst" in p.samenvatting.text()


def test_age_excludes_youth_voorzieningen(qtbot, ctx):
    ed, p = _editor(qtbot, ctx)  # born 1950
    ed.f_dim["meedoen"][0].setValue(2)
    qtbot.waitUntil(lambda: p.tree.topLevelItemCount() > 0, timeout=2000)
    names = [p.tree.topLevelItem(i).child(j).text(0) for i in range(p.tree.topLevelItemCount())
             for j in range(p.tree.topLevelItem(i).childCount())]
    assert not any("Leerplicht" in n for n in names)
