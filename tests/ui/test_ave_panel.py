"""The AVE panel driven like a worker: see the proposal change while the conversation is typed, confirm
or override (a reason is required), assign procesregie from AVE 3, see the safety route in AVE 4, and
check what is stored."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from sqlalchemy import select

from tests.factories import MEDEWERKER, maak_gesprek
from toegang_app.domain.uitvraag import parse_uitvraag
from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.services import ave
from toegang_app.services import gesprekken as gsvc
from toegang_app.storage.models import AveWijziging, Gebruiker, Gesprek
from toegang_app.ui.gesprek_model import OpenGesprek
from toegang_app.ui.panels.ave import AvePanel

SHOTS = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", "/tmp/toegang-shots"))


class OpenStoredGesprek(OpenGesprek):
    """The open conversation as the editor offers it to panels (ui/gesprek_panels.py), without the
    editor: storing it only counts, and version announcements are counted too."""

    def __init__(self, ctx, gid):
        super().__init__(ctx)
        self.saved = 0
        self.ave_calls = 0
        self.stel_bewaarder_in(self._bewaar)
        self.opgeslagen.connect(self._versie)
        self.dossier = gsvc.laad_gesprek(ctx, gid, audit_view=False)

    def _bewaar(self):
        self.saved += 1
        return self.gesprek_id

    def _versie(self, _versie):
        self.ave_calls += 1


def regisseur(ctx, login="pr-a", naam="Anne Regisseur", team="haaksbergen"):
    with ctx.sessions.begin() as s:
        g = Gebruiker(gebruikersnaam=login, naam=naam, rol="procesregisseur", team=team, actief=True,
                      aangemaakt_op=datetime.now())
        s.add(g)
        s.flush()
        return g.id


def stored(ctx, gid):
    with ctx.sessions() as s:
        g = s.get(Gesprek, gid)
        rows = list(s.scalars(select(AveWijziging).where(AveWijziging.gesprek_id == gid).order_by(AveWijziging.id)))
        for x in [g, *rows]:
            s.expunge(x)
        return g, rows


def make_panel(qtbot, ctx, gid, width=420, height=760):
    ed = OpenStoredGesprek(ctx, gid)
    host = QWidget()
    lay = QVBoxLayout(host)
    lay.setContentsMargins(0, 0, 0, 0)
    p = AvePanel(ctx, ed)
    lay.addWidget(p)
    qtbot.addWidget(host)
    host.resize(width, height)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=2000)
    ed.laad(ed.dossier)
    return host, p, ed


def test_proposal_updates_live_with_colour_text_and_reasons(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, vraag="Vraag over de energietoeslag")
    _host, p, _ed = make_panel(qtbot, ctx, gid)
    assert p.titel.text() == "Voorstel: AVE 1 · groen"
    assert p.kleur.accessibleName() == "Kleur van de fase: groen"
    assert "De inwoner zelf." in p.fase_tekst.text()
    assert p.btn_bevestig.text() == "Beves&tig voorstel (AVE 1)"
    assert not p.groep_regie.isVisible() and not p.groep_veilig.isVisible()

    def uitvraag(**kw):
        return parse_uitvraag({"gemeente": "haaksbergen", **kw})

    p.uitvraag_changed(uitvraag(signalen=[{"leefgebied": "financien", "ernst": 2}]))
    assert p.titel.text() == "Voorstel: AVE 2 · geel"
    assert p.redenen.text() == "• probleem op 1 leefgebied (financiën)"
    p.uitvraag_changed(uitvraag(signalen=[{"leefgebied": "schulden", "ernst": 3}, {"leefgebied": "wonen", "ernst": 3}],
                                samenwerking_stagneert=True, betrokken_partijen=4))
    assert p.titel.text() == "Voorstel: AVE 3 · oranje"
    assert p.redenen.text().splitlines() == ["• ernstige problemen op 2 leefgebieden (schulden, wonen)",
                                             "• samenwerking stagneert met 4 betrokken partijen"]
    assert p.groep_regie.isVisible() and not p.regisseur.isEnabled()   # confirm AVE 3 first
    assert "Bevestig eerst AVE 3" in p.regie_uitleg.text()
    p.uitvraag_changed(uitvraag(veiligheid={"acuut_onveilig": True}))
    assert p.titel.text() == "Voorstel: AVE 4 · rood" and "acute onveiligheid gemeld" in p.redenen.text()
    assert p.groep_veilig.isVisible()
    assert _stored_nothing(ctx, gid)   # live updates never write


def _stored_nothing(ctx, gid):
    g, rows = stored(ctx, gid)
    return g.ave_fase is None and rows == []


def test_confirm_stores_and_shows_timeline(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    _host, p, ed = make_panel(qtbot, ctx, gid)
    assert p.verloop_teksten() == ["Nog geen fase vastgelegd."]
    qtbot.mouseClick(p.btn_bevestig, Qt.MouseButton.LeftButton)
    g, rows = stored(ctx, gid)
    assert g.ave_fase == 2 and [(r.naar_fase, r.soort, r.overschreven) for r in rows] == [(2, "bevestigd", False)]
    assert ed.saved == 1 and ed.ave_calls == 1 and ed.dossier.versie == g.versie
    assert "Vastgelegd: bevestigd: AVE 2." in p.melding.text()
    assert "AVE 2 (geel) sinds" in p.vastgesteld.text()
    [regel] = p.verloop_teksten()
    assert "AVE 2 bevestigd" in regel and "door Medewerker Haaksbergen" in regel


def test_override_requires_reason_by_keyboard(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    _host, p, ed = make_panel(qtbot, ctx, gid)
    p.keuze.setFocus()
    p.keuze.setCurrentIndex(p.keuze.findData(3))
    qtbot.mouseClick(p.btn_anders, Qt.MouseButton.LeftButton)
    assert p.last_error == "U kiest AVE 3, de app stelt AVE 2 voor. Schrijf bij 'Reden' kort op waarom."
    assert p.melding.isVisible() and p.reden.hasFocus()
    assert _stored_nothing(ctx, gid)
    qtbot.keyClicks(p.reden, "Vier hulpverleners, niemand houdt overzicht.")
    qtbot.keyClick(p.reden, Qt.Key.Key_Tab)           # Tab leaves the text field
    assert p.btn_anders.hasFocus()
    qtbot.keyClick(p.btn_anders, Qt.Key.Key_Space)
    g, rows = stored(ctx, gid)
    assert g.ave_fase == 3
    [r] = rows
    assert (r.naar_fase, r.voorgestelde_fase, r.overschreven, r.reden) == (
        3, 2, True, "Vier hulpverleners, niemand houdt overzicht.")
    assert p.last_error is None and p.reden.toPlainText() == "" and p.keuze.currentData() is None
    assert "anders dan het voorstel (AVE 2)" in p.verloop_teksten()[0]
    assert "Reden: Vier hulpverleners" in p.verloop_teksten()[0]
    assert "Het voorstel is nu AVE 2: afschalen?" in p.vastgesteld.text()
    # procesregie is now open, and says what is missing
    assert p.groep_regie.isVisible() and p.regisseur.isEnabled()
    assert "procesregisseur verplicht" in p.ontbreekt.text()


def test_no_phase_chosen_is_a_message(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx)
    _host, p, _ed = make_panel(qtbot, ctx, gid)
    qtbot.mouseClick(p.btn_anders, Qt.MouseButton.LeftButton)
    assert p.last_error == "Kies eerst de fase die u wilt vastleggen." and p.keuze.hasFocus()


def test_procesregie_from_ave3(qtbot, ctx):
    ctx.user = MEDEWERKER
    anne = regisseur(ctx)
    regisseur(ctx, "pr-tw", "Twenterand Regisseur", team="twenterand")
    gid = maak_gesprek(ctx, signalen=[("schulden", 3), ("wonen", 3)])
    _host, p, ed = make_panel(qtbot, ctx, gid)
    assert [p.regisseur.itemText(i) for i in range(p.regisseur.count())] == ["kies een procesregisseur",
                                                                              "Anne Regisseur"]
    qtbot.mouseClick(p.btn_bevestig, Qt.MouseButton.LeftButton)
    assert stored(ctx, gid)[0].ave_fase == 3
    assert p.evaluatiedatum() is None and p.evaluatie.text() == "kies een datum"
    # nothing chosen: a Dutch message, focus on the first missing field, nothing stored
    qtbot.mouseClick(p.btn_regie, Qt.MouseButton.LeftButton)
    assert "procesregisseur verplicht" in p.last_error and p.regisseur.hasFocus()
    p.regisseur.setCurrentIndex(p.regisseur.findData(anne))
    p.plan.setFocus()
    qtbot.keyClicks(p.plan, "MDO met schuldhulp en corporatie")
    qtbot.mouseClick(p.btn_regie, Qt.MouseButton.LeftButton)
    assert "evaluatiedatum verplicht" in p.last_error and p.evaluatie.hasFocus()
    assert stored(ctx, gid)[0].procesregisseur_id is None
    # type the date as dd-mm-jjjj
    evaluatie = date.today() + timedelta(days=30)
    assert p.evaluatie.hasFocus() and p.evaluatiedatum() == date.today()   # empty field starts at today
    qtbot.keyClicks(p.evaluatie, evaluatie.strftime("%d%m%Y"))
    assert p.evaluatie.displayFormat() == "dd-MM-yyyy"
    assert p.evaluatiedatum() == evaluatie
    qtbot.mouseClick(p.btn_regie, Qt.MouseButton.LeftButton)
    g, _rows = stored(ctx, gid)
    assert (g.procesregisseur_id, g.plan, g.evaluatiedatum) == (anne, "MDO met schuldhulp en corporatie", evaluatie)
    assert p.last_error is None and f"evaluatie op {evaluatie:%d-%m-%Y}" in p.melding.text()
    assert not p.ontbreekt.isVisible()
    assert ed.dossier.versie == g.versie
    # reopened: the panel shows what is stored
    _h2, p2, _ = make_panel(qtbot, ctx, gid)
    assert p2.regisseur.currentData() == anne and p2.plan.toPlainText() == "MDO met schuldhulp en corporatie"
    assert p2.evaluatiedatum() == evaluatie


def test_ave4_shows_safety_route_from_kaart(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, acuut_onveilig=True)
    host, p, _ed = make_panel(qtbot, ctx, gid, height=1500)
    assert p.groep_veilig.isVisible()
    tekst = p.route.text()
    kaart = {v.id: v for v in ctx.resources.kaart}
    for vid in ctx.resources.ave.veiligheidsroute:
        assert kaart[vid].naam.replace("&", "&amp;") in tekst
    assert "Veilig Thuis Twente" in tekst and "Zorg- en Veiligheidshuis Twente" in tekst
    # the shipped kaart has no phone numbers for them: the panel says so, it never makes one up
    assert kaart["regio-veilig-thuis-twente"].contact.telefoon is None
    assert f"Telefoon: <i>{TE_VERIFIEREN}</i>" in tekst
    assert "welke stappen van de Meldcode" in p.vastleggen.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    host.grab().save(str(SHOTS / "ave-paneel-ave4.png"))


def test_live_updates_do_not_read_the_database_each_time(qtbot, ctx, monkeypatch):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, acuut_onveilig=True)
    _host, p, _ed = make_panel(qtbot, ctx, gid)
    calls = {"route": 0, "toestand": 0}
    real_route, real_toestand = ave.veiligheidsroute, ave.toestand
    monkeypatch.setattr(ave, "veiligheidsroute", lambda c: calls.__setitem__("route", calls["route"] + 1)
                        or real_route(c))
    monkeypatch.setattr(ave, "toestand", lambda *a, **k: calls.__setitem__("toestand", calls["toestand"] + 1)
                        or real_toestand(*a, **k))
    for n in range(1, 30):
        p.uitvraag_changed(parse_uitvraag({"gemeente": "haaksbergen", "veiligheid": {"acuut_onveilig": True},
                                           "betrokken_partijen": n}))
    assert calls == {"route": 0, "toestand": 0}
    assert "Veilig Thuis Twente" in p.route.text() and p.titel.text() == "Voorstel: AVE 4 · rood"


def test_concurrent_change_is_refused_with_message(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    _host, p, ed = make_panel(qtbot, ctx, gid)
    ave.bevestig_fase(ctx, gid, 3, reden="Collega schaalde op", voorgestelde_fase=2)   # someone else
    qtbot.mouseClick(p.btn_bevestig, Qt.MouseButton.LeftButton)
    assert "intussen" in p.last_error
    g, rows = stored(ctx, gid)
    assert g.ave_fase == 3 and len(rows) == 1
    assert "AVE 3 (oranje)" in p.vastgesteld.text()   # the panel now shows the colleague's phase


def test_panel_inside_the_real_editor(qtbot, ctx):
    """Tick 'acuut onveilig' in the form: the panel proposes AVE 4; confirming saves the conversation
    first, and the editor can save again afterwards without a false conflict."""
    from toegang_app.ui.gesprek_editor import GesprekEditor

    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    ed = GesprekEditor(ctx)
    qtbot.addWidget(ed)
    ed.resize(1200, 760)
    ed.show()
    ed.activateWindow()
    qtbot.waitUntil(ed.isActiveWindow, timeout=2000)
    d = gsvc.laad_gesprek(ctx, gid)
    ed.laad(d, basis=gsvc.laad_gesprek(ctx, gid, audit_view=False))
    p = ed.panels["ave"]
    assert isinstance(p, AvePanel)
    assert p.titel.text() == "Voorstel: AVE 2 · geel"
    ed.stappen.setCurrentWidget(next(ed.stappen.widget(i) for i in range(ed.stappen.count())
                                     if ed.stappen.widget(i).isAncestorOf(ed.f_crisis["acuut_onveilig"])))
    cb = ed.f_crisis["acuut_onveilig"]
    cb.setFocus()
    qtbot.keyClick(cb, Qt.Key.Key_Space)
    assert cb.isChecked()
    qtbot.waitUntil(lambda: p.titel.text() == "Voorstel: AVE 4 · rood", timeout=3000)
    ed.panel_tabs.setCurrentWidget(p)
    assert _mnemonic_clashes(ed, p) == []
    qtbot.keyClick(ed, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)   # Alt+T: bevestig voorstel
    qtbot.waitUntil(lambda: stored(ctx, gid)[0].ave_fase is not None, timeout=2000)
    g, rows = stored(ctx, gid)
    assert g.acuut_onveilig is True and g.ave_fase == 4   # the form was saved before the phase
    assert rows[-1].voorgestelde_fase == 4 and not rows[-1].overschreven
    ed.f_afspraken.setPlainText("Veiligheidsplan besproken")
    assert ed.ensure_saved() == gid
    assert stored(ctx, gid)[0].afspraken == "Veiligheidsplan besproken"


def test_new_conversation_is_saved_first_and_keeps_the_reason(qtbot, ctx):
    from toegang_app.ui.gesprek_editor import GesprekEditor

    ctx.user = MEDEWERKER
    ed = GesprekEditor(ctx)
    qtbot.addWidget(ed)
    ed.resize(1200, 760)
    ed.show()
    ed.laad(gsvc.nieuw_dossier(ctx))
    p = ed.panels["ave"]
    ed.panel_tabs.setCurrentWidget(p)
    assert p.btn_bevestig.isEnabled() and p.gesprek_id is None
    p.keuze.setCurrentIndex(p.keuze.findData(2))
    p.reden.setPlainText("Inwoner vertelt over oplopende huurachterstand")
    # no name yet: the editor refuses to save and says why; the panel keeps what was typed
    qtbot.mouseClick(p.btn_anders, Qt.MouseButton.LeftButton)
    assert p.gesprek_id is None and p.reden.toPlainText() == "Inwoner vertelt over oplopende huurachterstand"
    assert p.keuze.currentData() == 2
    ed.f_naam.setText("Demo-Ilse Oude Geerdink (synthetisch)")
    qtbot.mouseClick(p.btn_anders, Qt.MouseButton.LeftButton)
    gid = ed.gesprek_id
    assert gid is not None and p.gesprek_id == gid
    g, rows = stored(ctx, gid)
    assert g.ave_fase == 2 and rows[0].reden == "Inwoner vertelt over oplopende huurachterstand"
    assert rows[0].overschreven and rows[0].voorgestelde_fase == 1


def _mnemonic_clashes(root, panel) -> list[str]:
    """Alt-letters of the panel that are also used by another visible button or label in the window
    (menu bar included)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow

    def letter(text):
        m = re.search(r"&([^&])", text.replace("&&", ""))
        return m.group(1).lower() if m else None

    def texts(w):
        out = [(b.text(), b) for b in w.findChildren(QAbstractButton) if b.isVisible()]
        out += [(x.text(), x) for x in w.findChildren(QLabel) if x.isVisible() and x.buddy() is not None]
        return out

    mine = {id(x) for _t, x in texts(panel)}
    others = [t for t, x in texts(root.window()) if id(x) not in mine]
    win = root.window()
    if isinstance(win, QMainWindow):
        others += [a.text() for a in win.menuBar().actions()]
    used = {letter(t): t for t in others if letter(t)}
    return [f"Alt+{letter(t)}: {t!r} and {used[letter(t)]!r}" for t, _x in texts(panel) if letter(t) in used]


def test_keyboard_only(qtbot, ctx):
    ctx.user = MEDEWERKER
    gid = maak_gesprek(ctx, signalen=[("financien", 2)])
    host, p, _ed = make_panel(qtbot, ctx, gid)
    assert _mnemonic_clashes(host, p) == []
    qtbot.keyClick(host, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert p.keuze.hasFocus()
    qtbot.keyClick(p.keuze, Qt.Key.Key_Down)
    qtbot.keyClick(p.keuze, Qt.Key.Key_Down)
    assert p.keuze.currentData() == 2
    qtbot.keyClick(host, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert p.reden.hasFocus()
    qtbot.keyClick(host, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)   # Alt+L: vastleggen
    qtbot.waitUntil(lambda: stored(ctx, gid)[0].ave_fase is not None, timeout=2000)   # buttons animate the click
    g, rows = stored(ctx, gid)
    assert g.ave_fase == 2 and rows[0].overschreven is False   # AVE 2 is the proposal: no reason needed
    for w in (p.btn_bevestig, p.keuze, p.reden, p.btn_anders, p.regisseur, p.plan, p.evaluatie, p.btn_regie,
              p.verloop, p.kleur, p.redenen):
        assert w.accessibleName(), w


def test_screenshot_beside_the_form(qtbot, ctx):
    ctx.user = MEDEWERKER
    anne = regisseur(ctx)
    gid = maak_gesprek(ctx, signalen=[("schulden", 3), ("wonen", 2), ("psychische_gezondheid", 2)],
                       samenwerking_stagneert=True, betrokken_partijen=4)
    host, p, _ed = make_panel(qtbot, ctx, gid, width=420, height=430)
    qtbot.mouseClick(p.btn_bevestig, Qt.MouseButton.LeftButton)
    p.regisseur.setCurrentIndex(p.regisseur.findData(anne))
    p.plan.setPlainText("MDO op maandag; schuldhulp, corporatie en huisarts aan tafel.")
    p.set_evaluatiedatum(date.today() + timedelta(days=42))
    p.scroll.ensureWidgetVisible(p.btn_regie)   # the worker scrolls down in the narrow panel
    QApplication.processEvents()
    qtbot.mouseClick(p.btn_regie, Qt.MouseButton.LeftButton)
    assert p.last_error is None and "Procesregie opgeslagen: Anne Regisseur" in p.melding.text()
    # at 420 px nothing is wider than the panel: no horizontal scrolling, texts wrap
    assert p.scroll.widget().width() <= p.scroll.viewport().width()
    assert p.titel.width() <= 420 and p.fase_tekst.width() <= 420
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.scroll.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    host.grab().save(str(SHOTS / "ave-paneel.png"))
    p.scroll.ensureWidgetVisible(p.groep_regie, 0, 0)
    QApplication.processEvents()
    host.grab().save(str(SHOTS / "ave-paneel-procesregie.png"))
