"""The open conversation (ui/gesprek_model.py): the editor and the panels subscribe to one object that holds
the dossier and its version; writes that bump the version return it, so nothing reloads the conversation
to learn a number and a later save is never mistaken for a colleague's change."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.panels import verwijzingen as vpanel
from tests.ui.jobhulp import klaar

PANELS_DIR = Path(__file__).resolve().parents[2] / "toegang_app" / "ui" / "panels"


def _ui_caller() -> str | None:
    """The window module that asked (None when only services asked, e.g. to compute a proposal)."""
    import inspect

    for frame in inspect.stack()[2:]:
        if "/toegang_app/ui/" in frame.filename.replace("\\", "/"):
            return frame.filename
        if "/toegang_app/services/" in frame.filename.replace("\\", "/"):
            return None
    return None


def _editor(qtbot, ctx, gid=None):
    ctx.user = MEDEWERKER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    s = w.show_screen("gesprekken")
    if gid is None:
        s.nieuw_gesprek()
    else:
        s.open_gesprek(gid)
    return s.editor


def _stored(ctx, naam="Ria Versie (synthetisch)", **kw) -> int:
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = naam
    for k, v in kw.items():
        setattr(d, k, v)
    d.signalen = [svc.SignaalInvoer("financien", 2, "")]
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def test_confirming_the_ave_phase_passes_the_new_version_without_reloading(qtbot, ctx, monkeypatch):
    gid = _stored(ctx)
    ed = _editor(qtbot, ctx, gid)
    seen = []
    ed.gesprek.opgeslagen.connect(seen.append)
    loads = []
    real = svc.laad_gesprek
    monkeypatch.setattr(svc, "laad_gesprek", lambda *a, **k: loads.append(_ui_caller()) or real(*a, **k))
    p = ed.panels["ave"]
    qtbot.mouseClick(p.btn_bevestig, Qt.MouseButton.LeftButton)
    assert "Vastgelegd" in p.melding.text()
    stored = real(ctx, gid, audit_view=False)
    assert seen == [stored.versie] and ed.gesprek.versie == stored.versie and stored.versie == 2
    assert not any(loads)   # the write returned the version: nothing in the window read the conversation again
    # the worker keeps typing and saves: no conflict dialog, the phase stays
    monkeypatch.setattr(QMessageBox, "exec", lambda self: (_ for _ in ()).throw(AssertionError("conflict")))
    qtbot.keyClicks(ed.f_naam, " Jansen")
    assert ed.opslaan()
    after = real(ctx, gid, audit_view=False)
    assert after.inwoner.naam.endswith("Jansen") and after.ave_fase == 2 and after.versie == 3


def test_a_status_change_rereads_only_that_referral(qtbot, ctx, monkeypatch):
    gid = _stored(ctx)
    from toegang_app.services.kaart import effectieve_kaart

    kaart = [x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten and x.trede <= 2]
    for v in kaart[:3]:
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False, opvolgdatum=date.today())
    ed = _editor(qtbot, ctx, gid)
    vp = ed.panels["verwijzingen"]
    assert vp.lijst.topLevelItemCount() == 3
    vp.lijst.setCurrentItem(vp.lijst.topLevelItem(1))
    lists, loads = [], []
    real_list, real_load = vsvc.verwijzingen_van, svc.laad_gesprek
    monkeypatch.setattr(vsvc, "verwijzingen_van", lambda *a, **k: lists.append(a) or real_list(*a, **k))
    monkeypatch.setattr(svc, "laad_gesprek", lambda *a, **k: loads.append(_ui_caller()) or real_load(*a, **k))
    announced = []
    ed.gesprek.verwijzingen_gewijzigd.connect(announced.append)

    def accept(dlg):
        dlg.status.setCurrentIndex(dlg.status.findData("gestart"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(vpanel.StatusDialoog, "exec", accept)
    vp.status_wijzigen()
    assert [r.text(1) for r in (vp.lijst.topLevelItem(i) for i in range(3))][1] == "Gestart"
    assert lists == [] and not any(loads)
    [info] = announced
    assert info.status == "gestart" and info.id == vp.items[1].id


def test_a_new_referral_carries_the_conversations_version(qtbot, ctx, monkeypatch):
    gid = _stored(ctx)
    ed = _editor(qtbot, ctx, gid)
    from toegang_app.services.kaart import effectieve_kaart
    from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog

    # a referral to a Jeugdwet provision (trede 4 and up: Selectielijst 2020, 8.3.2) moves the conversation's
    # retention law (20 years): a new version
    v = next(x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten and x.wet == "Jeugdwet"
             and x.trede >= 4 and f"{x.naam}{x.aanbieder}".isascii())  # keyClicks types ASCII only
    before = svc.laad_gesprek(ctx, gid, audit_view=False).versie

    def fill(dlg):
        qtbot.keyClicks(dlg.voorziening, f"{v.naam} ({v.aanbieder})")
        dlg.overdracht.setCurrentIndex(dlg.overdracht.findData("folder"))
        dlg.opslaan()
        return dlg.result()

    monkeypatch.setattr(VerwijzingDialoog, "exec", fill)
    vp = ed.panels["verwijzingen"]
    vp.nieuw()
    stored = svc.laad_gesprek(ctx, gid, audit_view=False)
    assert vp.lijst.topLevelItemCount() == 1
    assert stored.versie == before + 1 and ed.gesprek.versie == stored.versie
    ed.f_afspraken.setPlainText("Aanvraag besproken")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: (_ for _ in ()).throw(AssertionError("conflict")))
    assert ed.opslaan()


def test_no_panel_reaches_into_the_editor():
    """Panels know the open conversation only: no ``editor`` attribute, no hasattr/getattr probing of it."""
    for path in sorted(PANELS_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "editor":
                raise AssertionError(f"{path.name}:{node.lineno} uses .editor")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("hasattr", "getattr"):
                args = node.args
                if args and isinstance(args[0], ast.Attribute) and args[0].attr in ("gesprek", "editor"):
                    raise AssertionError(f"{path.name}:{node.lineno} probes the open conversation")


def test_a_no_answer_survives_the_window(qtbot, ctx, tmp_path):
    """An imported 'no' is kept when the worker leaves the box alone, and ticking then unticking a box
    records 'no' (not 'not asked')."""
    ctx.user = MEDEWERKER
    gid = svc.importeer_uitvraag(ctx, {"gemeente": "haaksbergen", "crisis": {"dreigende_ontruiming": False},
                                       "samenwerking_stagneert": False})
    ed = _editor(qtbot, ctx, gid)
    qtbot.keyClicks(ed.f_naam, "X")
    ed.f_naam.setText("Kees Nee (synthetisch)")
    ed.f_crisis["acuut_onveilig"].click()
    ed.f_crisis["acuut_onveilig"].click()
    assert ed.opslaan()
    out = klaar(qtbot, ed.exporteer(str(tmp_path / "g.json")))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["crisis"] == {"dreigende_ontruiming": False}
    assert doc["veiligheid"] == {"acuut_onveilig": False}
    assert doc["samenwerking_stagneert"] is False
