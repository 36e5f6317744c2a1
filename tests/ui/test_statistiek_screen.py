"""The Statistiek screen: computes in the background, shows charts and tables, cancels, exports."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget

from toegang_app.services.auth import CurrentUser, systeem_gebruiker
from toegang_app.ui.widgets.charts import GrafiekWidget

TL = CurrentUser(id=None, gebruikersnaam="tl", naam="Teamleider", rol="teamleider", team=None)


def _voorzieningen():
    from toegang_app.services.demo import DemoVoorziening, laad_voorzieningen

    try:
        return laad_voorzieningen()
    except Exception:  # noqa: BLE001 - the kaart is written in parallel; a stand-in only in tests
        return [DemoVoorziening(f"test-{g}-{t}-{i}", f"Testvoorziening {t}.{i}", "Testaanbieder", t, None, (g,))
                for g in ("haaksbergen", "twenterand") for t in range(6) for i in range(3)]


@pytest.fixture
def sctx(config):
    from toegang_app.services.context import open_context
    from toegang_app.services.demo import vul_demo

    c = open_context(config, load=False)
    c.user = systeem_gebruiker()
    vul_demo(c, 400, 4000, seed=5, voorzieningen=_voorzieningen())
    c.user = TL
    yield c
    c.close()


def test_compute_show_and_export(qtbot, sctx, tmp_path):
    from toegang_app.ui.screens.statistiek import StatistiekScherm

    s = StatistiekScherm(sctx)
    qtbot.addWidget(s)
    s.resize(1176, 700)
    s.show()
    s.set_periode(date(2025, 1, 1), date(2025, 12, 31))
    job = s.bereken()
    assert s.voortgang_rij.isVisibleTo(s) and not s.knop_bereken.isEnabled()
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert s.rapport is not None
    assert not s.voortgang_rij.isVisibleTo(s)
    tables = s.findChildren(QTableWidget)
    charts = s.findChildren(GrafiekWidget)
    assert len(tables) == len(s.rapport.tabellen)
    assert len(charts) == sum(1 for t in s.rapport.tabellen if t.grafiek is not None)
    assert "1 januari 2025 tot en met 31 december 2025" in s.melding.text()
    assert all(b.isEnabled() for b in s.export_knoppen.values())
    # export in the background
    job = s.exporteer("xlsx", tmp_path / "s.xlsx")
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert (tmp_path / "s.xlsx").exists() and "Opgeslagen" in s.melding.text()


def test_cancel_keeps_ui_responsive(qtbot, sctx, monkeypatch):
    import time

    from toegang_app.services import statistiek
    from toegang_app.ui.screens import statistiek as scherm

    real = statistiek.bereken

    def slow(ctx, sel, progress=None, cancel=None):
        for i in range(400):
            if cancel():
                raise statistiek.Afgebroken()
            progress(i // 4, "Traag rekenen")
            time.sleep(0.01)
        return real(ctx, sel, progress, cancel)

    monkeypatch.setattr(scherm, "bereken", slow)
    s = scherm.StatistiekScherm(sctx)
    qtbot.addWidget(s)
    s.show()
    job = s.bereken()
    qtbot.waitUntil(lambda: s.voortgang.value() > 3, timeout=5000)  # progress arrives while the GUI runs
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        qtbot.mouseClick(s.knop_annuleer, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert "afgebroken" in s.melding.text()
    assert s.rapport is None and s.knop_bereken.isEnabled()


def test_medewerker_sees_dutch_refusal(qtbot, sctx):
    from toegang_app.ui.screens.statistiek import StatistiekScherm

    sctx.user = CurrentUser(id=None, gebruikersnaam="mw", naam="MW", rol="medewerker", team="haaksbergen")
    s = StatistiekScherm(sctx)
    qtbot.addWidget(s)
    job = s.bereken()
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    assert "mag u niet statistiek bekijken" in s.melding.text()
    assert s.rapport is None


def test_bad_period_message(qtbot, sctx):
    from toegang_app.ui.screens.statistiek import StatistiekScherm

    s = StatistiekScherm(sctx)
    qtbot.addWidget(s)
    s.set_periode(date(2025, 5, 1), date(2025, 1, 1))
    assert s.bereken() is None
    assert "einddatum" in s.melding.text()


def test_screenshot_1366x768(qtbot, sctx, tmp_path):
    from toegang_app.ui.main_window import MainWindow
    from toegang_app.ui.style import apply_style

    from PySide6.QtWidgets import QApplication

    apply_style(QApplication.instance())
    w = MainWindow(sctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    screen = w.show_screen("statistiek")
    screen.prepare_screenshot()
    QApplication.processEvents()
    out = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", tmp_path)) / "statistiek.png"
    assert w.grab().save(str(out))
    screen.scroll.verticalScrollBar().setValue(900)
    QApplication.processEvents()
    w.grab().save(str(out.with_name("statistiek-2.png")))
    assert screen.rapport is not None


def test_team_lead_opens_on_own_gemeente_internal_and_exports_publication(qtbot, config, tmp_path):
    """As demo-teamleider would: the last 12 whole months, the own gemeente, exact counts marked
    internal; the export is in the publication form (and says so), the internal one only when ticked."""
    from openpyxl import load_workbook
    from PySide6.QtCore import Qt

    from toegang_app.domain.statistiek import laatste_volle_maanden
    from toegang_app.services.context import open_context
    from toegang_app.services.demo import vul_demo_balie
    from toegang_app.ui.screens.statistiek import StatistiekScherm

    c = open_context(config, load=False)
    c.user = systeem_gebruiker()
    vul_demo_balie(c, jaren=2, voorzieningen=_voorzieningen())
    c.user = CurrentUser(id=None, gebruikersnaam="tlh", naam="TL", rol="teamleider", team="haaksbergen")
    try:
        s = StatistiekScherm(c)
        qtbot.addWidget(s)
        s.resize(1300, 800)
        s.show()
        van, tot = laatste_volle_maanden(date.today())
        assert (s.selectie().van, s.selectie().tot) == (van, tot)
        assert s.gemeente.currentData() == "haaksbergen" and s.vorm.currentData() == "intern"
        qtbot.keyClick(s.knop_bereken, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: s.rapport is not None, timeout=30000)
        assert s.vorm_label.isVisible() and "NIET VOOR PUBLICATIE" in s.vorm_label.text()
        soort = s.rapport.tabel("soort")
        assert soort.kolommen[1] == "Haaksbergen" and "Twenterand" not in soort.kolommen
        maatwerk = soort.cel("Maatwerk (trede 4)", "Haaksbergen")
        assert isinstance(maatwerk, int) and maatwerk > 100  # a real desk's volume, exact
        tiles = {k.label: k.waarde for k in s.rapport.kerncijfers}
        assert tiles["Maatwerk"].rstrip("%").replace(",", ".") == str(soort.cel("Maatwerk (trede 4)",
                                                                              "Haaksbergen (%)"))
        job = s.exporteer("xlsx", tmp_path / "pub.xlsx")
        with qtbot.waitSignal(job.done, timeout=30000):
            pass
        wb = load_workbook(tmp_path / "pub.xlsx")
        assert wb["Selectie en definities"]["A2"].value.startswith("Publicatievorm")
        s.intern_export.setChecked(True)
        job = s.exporteer("xlsx", tmp_path / "int.xlsx")
        with qtbot.waitSignal(job.done, timeout=30000):
            pass
        assert load_workbook(tmp_path / "int.xlsx")["Selectie en definities"]["A2"].value.startswith("Intern")
        # another gemeente in the internal form: a Dutch refusal, the shown figures stay
        s.gemeente.setCurrentIndex(s.gemeente.findData("twenterand"))
        job = s.bereken()
        with qtbot.waitSignal(job.done, timeout=10000):
            pass
        assert "eigen gemeente" in s.melding.text()
        s.vorm.setCurrentIndex(s.vorm.findData("publicatie"))
        job = s.bereken()
        with qtbot.waitSignal(job.done, timeout=30000):
            pass
        assert s.rapport.vorm == "publicatie" and "Publicatievorm" in s.vorm_label.text()
        out = Path(os.environ.get("TOEGANG_SCREENSHOT_DIR", tmp_path))
        s.vorm.setCurrentIndex(s.vorm.findData("intern"))
        s.gemeente.setCurrentIndex(s.gemeente.findData("haaksbergen"))
        job = s.bereken()
        with qtbot.waitSignal(job.done, timeout=30000):
            pass
        assert s.grab().save(str(out / "statistiek-intern.png"))
    finally:
        c.close()
