"""The Sociale kaart screen: filter like a worker, edit like a beheerder (validation stays in the dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.services import kaart as kaart_service
from toegang_app.services.auth import CurrentUser
from toegang_app.ui.main_window import MainWindow

BEHEERDER = CurrentUser(id=None, gebruikersnaam="beheer", naam="Beheerder", rol="beheerder", team=None)
MEDEWERKER = CurrentUser(id=None, gebruikersnaam="mw", naam="Medewerker", rol="medewerker", team="haaksbergen")


def _screen(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w, w.show_screen("kaart")


def test_filters_and_details(qtbot, ctx):
    ctx.user = MEDEWERKER
    w, s = _screen(qtbot, ctx)
    # the filter starts on the worker's own gemeente (issue 25)
    assert s.gemeente.currentData() == "haaksbergen"
    assert all("haaksbergen" in v.gemeenten for v in s.visible_entries())
    s.gemeente.setCurrentIndex(0)
    total = s.table.rowCount()
    assert total > 100
    s.gemeente.setCurrentIndex(s.gemeente.findData("twenterand"))
    rows = s.visible_entries()
    assert rows and all("twenterand" in v.gemeenten for v in rows)
    s.trede.setCurrentIndex(s.trede.findData(4))
    assert all(v.trede == 4 for v in s.visible_entries())
    s.trede.setCurrentIndex(0)
    s.kern.setCurrentIndex(s.kern.findData("Vroomshoop"))
    assert all(not v.kernen or "Vroomshoop" in v.kernen for v in s.visible_entries())
    s.gemeente.setCurrentIndex(0)
    qtbot.keyClicks(s.search, "voedselbank")
    assert s.table.rowCount() >= 1
    assert all("voedselbank" in (v.naam + v.aanbieder + v.omschrijving).lower() for v in s.visible_entries())
    s.table.selectRow(0)
    html = s.detail.toHtml()
    assert "Trede" in html and "Bron" in html
    # a medewerker sees no beheer buttons
    assert not s.btn_edit.isVisible() and s.beheer_hint.isVisible()


def test_missing_contact_shows_te_verifieren(qtbot, ctx):
    ctx.user = MEDEWERKER
    _w, s = _screen(qtbot, ctx)
    v = next(x for x in kaart_service.effectieve_kaart(ctx) if x.contact.telefoon is None)
    s.toon_voorziening(v.id)
    assert TE_VERIFIEREN in s.detail.toPlainText()


def test_beheerder_edits_with_validation_in_dialog(qtbot, ctx, monkeypatch):
    from toegang_app.ui import voorziening_dialoog

    ctx.user = BEHEERDER
    _w, s = _screen(qtbot, ctx)
    assert s.btn_edit.isVisible()
    s.table.selectRow(0)
    v = s.selected()
    dlg = voorziening_dialoog.VoorzieningDialoog(ctx, v, parent=s)
    qtbot.addWidget(dlg)
    dlg.f_lmin.setText("twaalf")
    dlg.save()
    assert dlg.errors.isVisibleTo(dlg) and "leeftijd_min" in dlg.errors.text()
    assert dlg.f_lmin.text() == "twaalf"  # input kept
    dlg.f_lmin.clear()
    dlg.f_voorwaarden.setText("Alleen op dinsdag")
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[v.id].voorwaarden == "Alleen op dinsdag"


def test_retire_button_and_show_retired(qtbot, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    ctx.user = BEHEERDER
    _w, s = _screen(qtbot, ctx)
    s.table.selectRow(0)
    vid = s.selected_id()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(s.btn_retire, Qt.MouseButton.LeftButton)
    assert s.show_retired.isChecked()
    assert s.selected_id() == vid and "ingetrokken" in s.detail.toPlainText()
    s.show_retired.setChecked(False)
    assert vid not in {v.id for v in s.visible_entries()}


def test_detail_shows_who_it_is_for_and_the_gemeentes_general_number(qtbot, ctx):
    ctx.user = MEDEWERKER
    _w, s = _screen(qtbot, ctx)
    s.toon_voorziening("tw-volwassenenfonds")
    text = s.detail.toPlainText()
    assert "Voor wie" in text and "Minima (laag inkomen)" in text
    assert "vanaf 18 jaar (van de inwoner)" in text and "tot 120% van de bijstandsnorm" in text
    assert "algemeen nummer gemeente Twenterand: 0546-840840" in text
    assert "geen eigen nummer van deze voorziening" in text
    s.toon_voorziening("tw-meldpunt-geldzorgen")
    text = s.detail.toPlainText()
    assert "0546-840840" not in text.split("algemeen nummer")[0]  # not as the Meldpunt's own phone
    s.toon_voorziening("tw-scheidingspunt")
    assert "Niet bij" in s.detail.toPlainText() and "vermoeden van huiselijk geweld" in s.detail.toPlainText()
    s.toon_voorziening("tw-meedoenregeling")
    assert "beëindigd op 01-01-2025" in s.detail.toPlainText()
    # the filter on doelgroep
    s.tabs.setCurrentIndex(0)
    s.toon_voorziening("hb-voedselbank")
    s.doelgroep.setCurrentIndex(s.doelgroep.findData("mantelzorgers"))
    assert s.visible_entries() and all("mantelzorgers" in v.doelgroepen for v in s.visible_entries())
    # the work list is the beheerder's
    assert not s.tabs.isTabVisible(s.tab_werk)


def test_work_list_reachable_by_keyboard_and_enter_opens_the_dialog(qtbot, ctx, monkeypatch):
    from toegang_app.ui import voorziening_dialoog

    ctx.user = BEHEERDER
    _w, s = _screen(qtbot, ctx)
    assert s.tabs.isTabVisible(s.tab_werk)
    assert s.tabs.tabText(s.tab_werk).startswith("Kaart &compleet maken (")
    with qtbot.waitActive(_w):
        _w.activateWindow()
    s.table.setFocus()
    qtbot.keyClick(s.table, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert s.tabs.currentIndex() == s.tab_werk
    assert s.werklijst.hasFocus()
    n = s.werklijst.rowCount()
    assert n == len(kaart_service.kaart_compleet_maken(kaart_service.effectieve_kaart(ctx)))
    assert s.werklijst.item(0, 2).text()  # what is missing, in words
    first = s.selected()
    assert first is not None and s.count_label.text() == f"{n} voorzieningen om aan te vullen"

    opened = []

    def fake_exec(dlg):
        opened.append(dlg.original.id)
        dlg.f_tel.setText("053-1234567")  # the beheerder fills in the phone number from a source
        dlg.f_bron.setText(dlg.f_bron.text() + "; navraag aanbieder 2-12-2026")
        dlg.save()
        return dlg.result()

    monkeypatch.setattr(voorziening_dialoog.VoorzieningDialoog, "exec", fake_exec)
    qtbot.keyClick(s.werklijst, Qt.Key.Key_Return)
    assert opened == [first.id]
    stored = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}[first.id]
    assert stored.contact.telefoon == "053-1234567"
    assert stored.doelgroepen == first.doelgroepen and stored.criteria_bron == first.criteria_bron  # kept
    if "geen contactgegevens" in ",".join(kaart_service.kaart_compleet_maken([first])[0].redenen):
        assert s.werklijst.rowCount() in (n - 1, n)
    assert s.tabs.currentIndex() == s.tab_werk and s.selected() is not None


def test_dialog_edits_the_who_is_it_for_fields(qtbot, ctx):
    from toegang_app.ui import voorziening_dialoog

    ctx.user = BEHEERDER
    _w, s = _screen(qtbot, ctx)
    v = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}["hb-voedselbank"]
    dlg = voorziening_dialoog.VoorzieningDialoog(ctx, v, parent=s)
    qtbot.addWidget(dlg)
    data = dlg.gegevens()
    assert data["doelgroepen"] == ["minima"] and data["criteria_bron"] == {"doelgroepen": ["seeds/003:210"]}
    assert data["te_verifieren"] == list(v.te_verifieren)
    # an income limit without its source stays in the dialog with the field named
    dlg.f_inkomen.setText("130")
    dlg.save()
    assert dlg.errors.isVisibleTo(dlg) and "criteria_bron.inkomen" in dlg.errors.text()
    dlg.f_criteria["inkomen"].setText("Toelatingscriteria Voedselbank Haaksbergen, navraag 2-12-2026")
    # target groups as a checkable list; whose age; a contra-indication with its reason
    for i in range(dlg.f_doelgroepen.count()):
        item = dlg.f_doelgroepen.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == "ouders":
            item.setCheckState(Qt.CheckState.Checked)
    dlg.f_lmax.setText("17")
    dlg.f_geldt.setCurrentIndex(dlg.f_geldt.findData("kind"))
    dlg.f_criteria["leeftijd"].setText("Jeugdwet art. 1.1")
    keuze, reden, bron = dlg.f_situaties["vermoeden_huiselijk_geweld"]
    keuze.setCurrentIndex(keuze.findData("contra"))
    reden.setText("eerst veiligheid")
    bron.setText("docs/domain.md sectie 5")
    dlg.f_kinderen.setCurrentIndex(dlg.f_kinderen.findData(True))
    dlg.f_criteria["kinderen_thuis"].setText("navraag")
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.errors.text()
    stored = {x.id: x for x in kaart_service.effectieve_kaart(ctx)}["hb-voedselbank"]
    assert stored.doelgroepen == ("ouders", "minima") or set(stored.doelgroepen) == {"ouders", "minima"}
    assert stored.inkomen_max_pct == 130 and stored.leeftijd_max == 17 and stored.leeftijd_geldt_voor == "kind"
    assert stored.kinderen_thuis is True
    assert [(r.situatie, r.reden, r.bron) for r in stored.contra_indicaties] == \
        [("vermoeden_huiselijk_geweld", "eerst veiligheid", ("docs/domain.md sectie 5",))]
    # reopening shows what was stored
    again = voorziening_dialoog.VoorzieningDialoog(ctx, stored, parent=s)
    qtbot.addWidget(again)
    assert again.gegevens()["kinderen_thuis"] is True
    assert again.f_situaties["vermoeden_huiselijk_geweld"][0].currentData() == "contra"


def test_search_eenzaam_finds_every_entry_tagged_eenzaamheid(qtbot, ctx):
    """Issue 25: "eenzaam" matched one entry by its name; it matches life areas, target groups and the
    synonyms of resources/zoekwoorden.yaml, so every entry tagged Eenzaamheid of the gemeente shows."""
    ctx.user = MEDEWERKER
    _w, s = _screen(qtbot, ctx)
    qtbot.keyClicks(s.search, "eenzaam")
    ids = {v.id for v in s.visible_entries()}
    tagged = {v.id for v in kaart_service.effectieve_kaart(ctx)
              if "eenzaamheid" in v.leefgebieden and "haaksbergen" in v.gemeenten and v.actief}
    assert len(tagged) >= 5
    assert tagged <= ids
    assert s.table.rowCount() == len(ids) >= len(tagged)
    # a synonym: "isolement" finds the same entries
    s.search.clear()
    qtbot.keyClicks(s.search, "isolement")
    assert tagged <= {v.id for v in s.visible_entries()}
    # a specific name still finds just that entry
    s.search.clear()
    qtbot.keyClicks(s.search, "alzheimer caf")
    assert [v.id for v in s.visible_entries()] == ["hb-alzheimer-cafe"]


def test_gemeente_filter_follows_the_signed_in_worker(qtbot, ctx):
    ctx.user = CurrentUser(id=None, gebruikersnaam="tw", naam="Twenterand", rol="medewerker", team="twenterand")
    w, s = _screen(qtbot, ctx)
    assert s.gemeente.currentText() == "Twenterand"
    s.gemeente.setCurrentIndex(0)          # the worker's own choice stays while they work
    s.reload()
    assert s.gemeente.currentData() is None
    ctx.user = MEDEWERKER                  # another worker signs in at this PC
    s.reload()
    assert s.gemeente.currentText() == "Haaksbergen"
    ctx.user = BEHEERDER                   # a beheerder of every desk: all gemeenten
    s.reload()
    assert s.gemeente.currentData() is None


def test_sources_show_the_documents_title_and_line(qtbot, ctx):
    """Issue 25: "Bron seeds/000:325" becomes the document's title and line, from resources/bronnen.yaml."""
    ctx.user = MEDEWERKER
    _w, s = _screen(qtbot, ctx)
    s.toon_voorziening("hb-eigen-kracht")
    text = s.detail.toPlainText()
    assert "Beleidsplan Sociaal Domein Haaksbergen 2026-2029, regel 251" in text
    assert "seeds/" not in text
    for v in kaart_service.effectieve_kaart(ctx)[:60]:
        s.toon_voorziening(v.id)
        assert "seeds/" not in s.detail.toPlainText(), v.id


def test_voorziening_dialog_shows_the_source_as_the_desk_sees_it(qtbot, ctx):
    from toegang_app.ui import voorziening_dialoog

    ctx.user = BEHEERDER
    v = next(x for x in kaart_service.effectieve_kaart(ctx) if x.id == "hb-eigen-kracht")
    dlg = voorziening_dialoog.VoorzieningDialoog(ctx, v)
    qtbot.addWidget(dlg)
    assert dlg.f_bron.text() == "seeds/003:251; seeds/003:440"          # the beheerder edits the reference
    assert dlg.bron_leesbaar.text() == ("Zo ziet de balie het: Beleidsplan Sociaal Domein Haaksbergen 2026-2029, "
                                        "regel 251; Beleidsplan Sociaal Domein Haaksbergen 2026-2029, regel 440")
    dlg.f_bron.clear()
    qtbot.keyClicks(dlg.f_bron, "seeds/000:325")
    assert dlg.bron_leesbaar.text().endswith("Jaarstukken 2025 Twenterand, Programma Sociaal Domein, regel 325")
    assert "regel 251" in dlg.f_criteria["doelgroepen"].toolTip()
