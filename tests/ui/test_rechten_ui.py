"""The rights dialogs driven like a user (qtbot, offscreen): the summary's language chosen by keyboard in
the print dialog, the Wmo verslag made, answered and handed over, the household and representatives,
a child's referral asking the parent, and the AVG inzage and correction from the main window.

``TOEGANG_SCREENSHOTS=DIR`` keeps PNGs of the dialogs.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.factories import BEHEERDER, MEDEWERKER
from toegang_app.domain import rechten as rules
from toegang_app.services import gesprekken as svc
from toegang_app.services import inzage as isvc
from toegang_app.services import rechten as rsvc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.ui.main_window import MainWindow
from toegang_app.ui.rechten_dialogen import HuishoudenDialoog, InzageDialoog, TaalKeuzeDialoog, VerslagDialoog
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog
from tests.ui.jobhulp import klaar

pypdf = pytest.importorskip("pypdf")


def _shot(widget, name: str) -> None:
    folder = os.environ.get("TOEGANG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _window(qtbot, ctx):
    ctx.user = MEDEWERKER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _editor_met_gesprek(qtbot, ctx, naam="Mevrouw Taal (synthetisch)"):
    w = _window(qtbot, ctx)
    s = w.show_screen("gesprekken")
    s.nieuw_gesprek()
    ed = s.editor
    qtbot.keyClicks(ed.f_naam, naam)
    ed.f_belangrijk.setPlainText("Weer naar de markt kunnen")
    assert ed.opslaan()
    return w, ed


def _text(path) -> str:
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)


def test_the_language_is_chosen_by_keyboard_in_the_print_dialog(qtbot, ctx, tmp_path, monkeypatch):
    w, ed = _editor_met_gesprek(qtbot, ctx)
    seen = {}

    def choose(dlg: TaalKeuzeDialoog):
        dlg.show()  # what exec() does
        qtbot.waitExposed(dlg)
        assert dlg.taal.hasFocus() or dlg.focusWidget() is dlg.taal
        assert dlg.gekozen() == "nl"
        # keyboard only: down arrow four times reaches Arabic (nl, en, pl, tr, ar)
        for _ in range(4):
            qtbot.keyClick(dlg.taal, Qt.Key.Key_Down)
        seen["taal"] = dlg.gekozen()
        seen["uitleg"] = dlg.uitleg.text()
        _shot(dlg, "samenvatting-taal-kiezen")
        qtbot.keyClick(dlg.taal, Qt.Key.Key_Return)
        return dlg.result()

    monkeypatch.setattr(TaalKeuzeDialoog, "exec", choose)
    monkeypatch.setattr(ed, "_ask_path", lambda *a, **k: str(tmp_path / "samenvatting-ar.pdf"))
    from toegang_app.ui import afdrukken

    monkeypatch.setattr(afdrukken, "kies_afdrukwijze", lambda parent, *a: afdrukken.PDF)
    out = klaar(qtbot, ed.afdrukken())
    assert seen["taal"] == "ar" and "nog niet nagekeken" in seen["uitleg"]
    assert out is not None and out.exists()
    assert rsvc.taal_van_gesprek(ctx, ed.gesprek_id) == "ar"
    # cancelling the print dialog prints nothing
    monkeypatch.setattr(TaalKeuzeDialoog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    assert ed.afdrukken() is None


def test_verslag_dialog_makes_answers_and_hands_over(qtbot, ctx, tmp_path):
    w, ed = _editor_met_gesprek(qtbot, ctx, "Meneer Verslag (synthetisch)")
    dlg = ed.open_verslag()
    qtbot.addWidget(dlg)
    assert "Weer naar de markt kunnen" in dlg.punten["a"].toPlainText()
    assert dlg.punten["g"].toPlainText() == "Niet besproken."
    assert not dlg.reactie_box.isEnabled()
    dlg.btn_opslaan.click()                     # no outcome yet: refused, nothing stored
    assert "uitkomst" in dlg.fout.text().lower() and dlg.focusWidget() is dlg.uitkomst
    assert rsvc.verslagen_van(ctx, ed.gesprek_id) == []
    dlg.punten["g"].clear()
    qtbot.keyClicks(dlg.punten["g"], "Eigen bijdrage besproken: volgens de regels van het CAK.")
    qtbot.keyClicks(dlg.uitkomst, "Huishoudelijke ondersteuning past.")
    dlg.vervolg.setCurrentIndex(dlg.vervolg.findData("aanvraag"))
    dlg.btn_opslaan.click()
    [v] = rsvc.verslagen_van(ctx, ed.gesprek_id)
    assert dlg.verslag_id == v.id and dlg.reactie_box.isEnabled() and dlg.aanvraag_box.isEnabled()
    dlg.reactie_soort.setCurrentIndex(dlg.reactie_soort.findData("oneens"))
    dlg.btn_reactie.click()                     # 'oneens' needs the resident's words
    assert "eigen woorden" in dlg.fout.text()
    qtbot.keyClicks(dlg.reactie, "Ik heb twee keer per week hulp nodig.")
    dlg.btn_reactie.click()
    assert rsvc.verslag(ctx, v.id).reactie == "Ik heb twee keer per week hulp nodig."
    dlg.btn_aanvraag.click()
    assert rsvc.verslag(ctx, v.id).aanvraag.aanvraag_datum == date.today()
    assert not dlg.aanvraag_box.isEnabled() and "Overgedragen" in dlg.aanvraag_stand.text()
    _shot(dlg, "verslag-wmo")
    out = dlg.maak_pdf(str(tmp_path / "verslag.pdf"))
    assert "twee keer per week" in _text(out)
    # the open conversation carries the new version: saving it again is no conflict and keeps the aanvraag
    ed.f_belangrijk.setPlainText("Weer naar de markt en de kerk kunnen")
    assert ed.opslaan()
    assert svc.exporteer_uitvraag(ctx, ed.gesprek_id)["aanvragen"][0]["datum"] == date.today().isoformat()


def test_household_dialog_adds_a_mantelzorger_with_an_own_melding_and_a_representative(qtbot, ctx):
    w, ed = _editor_met_gesprek(qtbot, ctx, "Meneer Huis (synthetisch)")
    dlg = ed.open_huishouden()
    qtbot.addWidget(dlg)
    dlg.rol.setCurrentIndex(dlg.rol.findData("mantelzorger"))
    dlg.btn_lid.click()                          # no description: refused
    assert "omschrijving" in dlg.fout.text()
    qtbot.keyClicks(dlg.omschrijving, "Zoon Huis (synthetisch)")
    qtbot.keyClicks(dlg.geboortejaar, "1975")
    dlg.btn_lid.click()
    assert dlg.leden.rowCount() == 1 and dlg.leden.item(0, 0).text().startswith("Mantelzorger")
    dlg.leden.selectRow(0)
    dlg.btn_eigen.click()
    [b] = rsvc.betrokkenen_van(ctx, ed.gesprek_id)
    assert b.eigen_gesprek_id is not None and dlg.leden.item(0, 3).text() == f"gesprek {b.eigen_gesprek_id}"
    assert "Eigen behoeften" in dlg.behoeften.text()
    dlg.soort.setCurrentIndex(dlg.soort.findData("bewindvoerder"))
    assert dlg.reikwijdte["financieel"].isChecked() and not dlg.reikwijdte["zorg"].isChecked()
    qtbot.keyClicks(dlg.rep_naam, "Bewind Huis (synthetisch)")
    dlg.btn_rep.click()
    assert dlg.reps.rowCount() == 1 and "geld en goederen" in dlg.reps.item(0, 3).text()
    _shot(dlg, "huishouden-vertegenwoordiging")


def test_referral_dialog_for_a_child_of_14_asks_the_parent(qtbot, ctx):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Kind Dialoog (synthetisch)"
    d.inwoner.geboortedatum = date(date.today().year - 14, 1, 1)
    gid = svc.bewaar_gesprek(ctx, d).gesprek_id
    dlg = VerwijzingDialoog(ctx, gid)
    qtbot.addWidget(dlg)
    naam = next(iter(dlg._kaart))
    dlg.voorziening.setText(naam)
    assert dlg.toestemmer.count() == 0 and "ouder met gezag" in dlg.toestemmer_uitleg.text()
    dlg.overdracht.setCurrentIndex(dlg.overdracht.findData("warme_overdracht"))
    dlg.toestemming.setChecked(True)
    dlg.delen.setPlainText("naam en vraag")
    dlg.opslaan()
    assert "UAVG art. 5" in dlg.fout.text() and vsvc.verwijzingen_van(ctx, gid) == []
    rsvc.voeg_vertegenwoordiger_toe(ctx, d.inwoner_id or svc.laad_gesprek(ctx, gid).inwoner_id,
                                    rules.VertegenwoordigerInvoer("ouder_gezag", "Vader Dialoog (synthetisch)"))
    dlg2 = VerwijzingDialoog(ctx, gid)
    qtbot.addWidget(dlg2)
    dlg2.voorziening.setText(naam)
    dlg2.overdracht.setCurrentIndex(dlg2.overdracht.findData("warme_overdracht"))
    dlg2.toestemming.setChecked(True)
    assert dlg2.toestemmer.isEnabled() and dlg2.toestemmer.currentText().startswith("Vader Dialoog")
    dlg2.delen.setPlainText("naam en vraag")
    _shot(dlg2, "verwijzen-toestemming-ouder")
    dlg2.opslaan()
    [v] = vsvc.verwijzingen_van(ctx, gid)
    assert rsvc.toestemmer_van(ctx, v.id).startswith("Vader Dialoog (synthetisch) (ouder met gezag")


def test_inzage_and_correction_from_the_main_window(qtbot, ctx, tmp_path):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam = "Mevrouw Inzage (synthetisch)"
    d.inwoner.geboortedatum = date(1950, 2, 3)
    d.huishouden = "alleenstaand"
    gid = svc.bewaar_gesprek(ctx, d).gesprek_id
    ctx.user = BEHEERDER
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.inzage_action.trigger()
    dlg = w.inzage_dialoog
    assert isinstance(dlg, InzageDialoog) and not dlg.verzoek_box.isEnabled()
    qtbot.keyClicks(dlg.zoek, "inzage")
    assert dlg.resultaten.count() == 1 and dlg.verzoek_box.isEnabled()
    assert dlg.open_lijst.item(0).text() == "Geen open verzoeken."
    dlg.btn_verzoek.click()
    assert dlg.verzoeken.count() == 1 and "uiterlijk" in dlg.verzoeken.item(0).text()
    assert "Inzage (AVG art. 15), open, uiterlijk" in dlg.open_lijst.item(0).text()
    pdf, js = dlg.maak_overzicht(str(tmp_path / "uit"))
    assert json.loads(js.read_text(encoding="utf-8"))["gesprekken"][0]["id"] == gid
    assert "beantwoord op" in dlg.verzoeken.item(0).text()
    assert dlg.open_lijst.item(0).text() == "Geen open verzoeken."
    # a correction: the household of the conversation
    dlg.object.setCurrentIndex(dlg.object.findData(f"gesprek:{gid}"))
    dlg.veld.setCurrentIndex(dlg.veld.findData("huishouden"))
    qtbot.keyClicks(dlg.waarde, "Samenwonend")
    dlg.btn_corrigeer.click()                   # no reason: refused
    assert "waarom" in dlg.fout.text()
    qtbot.keyClicks(dlg.reden, "Woont sinds mei samen")
    dlg.btn_corrigeer.click()
    assert "gecorrigeerd" in dlg.melding.text()
    ctx.user = MEDEWERKER
    assert svc.exporteer_uitvraag(ctx, gid)["huishouden"] == "samenwonend"
    ctx.user = BEHEERDER
    _shot(dlg, "inzage-correctie")
    assert isvc.inzage_gegevens(ctx, svc_inwoner(ctx, gid))["correcties"][0]["reden"] == "Woont sinds mei samen"


def svc_inwoner(ctx, gid: int) -> int:
    from toegang_app.storage.models import Gesprek

    with ctx.sessions() as s:
        return s.get(Gesprek, gid).inwoner_id
