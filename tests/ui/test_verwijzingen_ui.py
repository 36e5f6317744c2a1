"""Referring from the conversation screen, changing status, terms panel, and the werkvoorraad."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.panels import verwijzingen as vpanel
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog


def _window(qtbot, ctx):
    ctx.user = MEDEWERKER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_refer_from_a_suggestion_with_consent(qtbot, ctx, monkeypatch):
    w = _window(qtbot, ctx)
    s = w.show_screen("gesprekken")
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, "Vera Wijs (synthetisch)")
    ed.f_dim["meedoen"][0].setValue(2)
    ed.f_sig["eenzaamheid"][0].setCurrentIndex(2)
    sp = ed.panels["suggesties"]
    qtbot.waitUntil(lambda: sp.tree.topLevelItemCount() > 1, timeout=2000)
    item = sp.tree.topLevelItem(1).child(0)
    sp.tree.setCurrentItem(item)
    seen = {}

    def fill(dlg):
        seen["voorziening"] = dlg.voorziening.text()
        dlg.overdracht.setCurrentIndex(dlg.overdracht.findData("warme_overdracht"))
        assert not dlg.delen.isEnabled() and "toestemming nodig" in dlg.uitleg.text()
        dlg.opslaan()  # no consent: refused, dialog stays open
        seen["fout"] = dlg.fout.text()
        dlg.toestemming.setChecked(True)
        assert dlg.delen.isEnabled()
        dlg.delen.setPlainText("naam en telefoon met de coördinator")
        dlg.opslaan()
        return dlg.result()

    monkeypatch.setattr(VerwijzingDialoog, "exec", fill)
    sp.verwijs()  # stores the conversation first
    assert "toestemming" in seen["fout"]
    assert ed.gesprek_id is not None
    [v] = vsvc.verwijzingen_van(ctx, ed.gesprek_id)
    assert seen["voorziening"].startswith(v.naam)
    assert v.toestemming and v.toestemming_delen == "naam en telefoon met de coördinator"
    vp = ed.panels["verwijzingen"]
    assert vp.lijst.topLevelItemCount() == 1 and vp.lijst.topLevelItem(0).text(1) == "Verwezen"
    # the conversation can still be saved after the referral (no false conflict)
    ed.f_belangrijk.setPlainText("Weer onder de mensen komen")
    assert ed.opslaan()

    def change(dlg):
        dlg.status.setCurrentIndex(dlg.status.findData("niet_gestart"))
        assert dlg.reden.isVisibleTo(dlg) and not dlg.opvolg.isVisibleTo(dlg)  # asks only what is needed
        dlg._check()
        assert "Kies waarom" in dlg.fout.text()
        dlg.reden.setCurrentIndex(dlg.reden.findData("wachtlijst"))
        dlg._check()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(vpanel.StatusDialoog, "exec", change)
    vp.status_wijzigen()
    assert vp.lijst.topLevelItem(0).text(1).startswith("Niet gestart: wachtlijst")
    assert "Niet gestart" in vp.detail.toPlainText() and "mw-hb" in vp.detail.toPlainText()


def test_terms_panel_marks_overdue_terms(qtbot, ctx):
    w = _window(qtbot, ctx)
    s = w.show_screen("gesprekken")
    s.nieuw_gesprek()
    ed = s.editor
    ed.f_naam.setText("Otto Oud (synthetisch)")
    ed.f_datum.setText((date.today() - timedelta(days=120)).strftime("%d-%m-%Y"))
    ed.f_sig["schulden"][0].setCurrentIndex(2)
    tp = ed.panels["termijnen"]
    qtbot.waitUntil(lambda: tp.lijst.topLevelItemCount() > 0, timeout=2000)
    rows = [tp.lijst.topLevelItem(i) for i in range(tp.lijst.topLevelItemCount())]
    # each term: the step in full, then its deadline and state, then its article
    wgs = [i for i, r in enumerate(rows) if r.text(0).startswith("Wgs:")]
    assert wgs and any(rows[i + 1].text(0).endswith("· VERLOPEN") for i in wgs)
    # the article is shown; the desk's own promise names its source instead
    assert all(rows[i + 2].text(0).startswith(("Wgs art.", "Eigen afspraak van de balie")) for i in wgs)


def test_werkvoorraad_opens_the_conversation(qtbot, ctx):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Pim Opvolg (synthetisch)"
    gid = svc.bewaar_gesprek(ctx, d).gesprek_id
    from toegang_app.services.kaart import effectieve_kaart

    v = next(x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten)
    vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False, opvolgdatum=date.today())
    w = _window(qtbot, ctx)
    scr = w.show_screen("werkvoorraad")
    assert scr.telling.text() == "Werkvoorraad wordt geladen…"  # read off the GUI thread
    qtbot.waitUntil(lambda: scr.tabel.rowCount() == 1, timeout=5000)
    assert scr.tabel.rowCount() == 1 and scr.tabel.item(0, 2).text() == "Pim Opvolg (synthetisch)"
    assert "1 te doen" in scr.telling.text()
    scr.tabel.setFocus()
    scr.tabel.setCurrentCell(0, 0)
    qtbot.keyClick(scr.tabel, Qt.Key.Key_Return)
    assert w.current_key() == "gesprekken"
    g = w.screen("gesprekken")
    assert g.editor.gesprek_id == gid and g.editor.f_naam.text() == "Pim Opvolg (synthetisch)"


def test_werkvoorraad_shows_the_most_urgent_rows_and_says_how_many_there_are(qtbot, ctx, monkeypatch):
    from toegang_app.services.kaart import effectieve_kaart
    from toegang_app.ui.screens import werkvoorraad as wscr

    monkeypatch.setattr(wscr, "MAX_RIJEN", 2)  # the real cap is wsvc.MAX_GETOOND (500) rows
    ctx.user = MEDEWERKER
    v = next(x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten)
    for n, dagen in enumerate((1, 9, 4)):
        d = svc.nieuw_dossier(ctx)
        d.inwoner.naam = f"Opvolg {n} (synthetisch)"
        gid = svc.bewaar_gesprek(ctx, d).gesprek_id
        toen = date.today() - timedelta(days=dagen)  # referred then, follow-up due that day
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False, opvolgdatum=toen, vandaag=toen)
    w = _window(qtbot, ctx)
    scr = w.show_screen("werkvoorraad")
    qtbot.waitUntil(lambda: "te doen" in scr.telling.text(), timeout=5000)
    assert scr.tabel.rowCount() == 2
    assert scr.telling.text().startswith("3 te doen, waarvan 3 te laat. De 2 dringendste staan hieronder")
    # the oldest follow-ups first: 9 and 4 days overdue
    assert [scr.tabel.item(r, 2).text() for r in range(2)] == ["Opvolg 1 (synthetisch)", "Opvolg 2 (synthetisch)"]
