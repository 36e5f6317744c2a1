"""Words for people (issue 25): the status bar names the database as a person would, the recent
conversations show and follow the last contact with the question, and a search is fresh after a save.
Driven like a worker (keys, offscreen) on a real SQLite file; PostgreSQL where the server is there."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.storage.models import Gesprek
from tests.ui.hoofdvenster import toon_hoofdvenster, zonder_vraag_sluiten


def _window(qtbot, ctx):
    return toon_hoofdvenster(qtbot, ctx)


_close_quietly = zonder_vraag_sluiten


def test_status_bar_says_deze_pc_for_sqlite(qtbot, ctx):
    ctx.user = MEDEWERKER
    w = _window(qtbot, ctx)
    text = w.statusBar().currentMessage()
    assert "Database: deze pc" in text
    assert "sqlite" not in text.lower() and "/" not in text


@pytest.mark.postgres
def test_status_bar_names_the_server_for_postgresql(qtbot, pg_ctx):
    from sqlalchemy.engine import make_url

    pg_ctx.user = MEDEWERKER
    w = _window(qtbot, pg_ctx)
    text = w.statusBar().currentMessage()
    host = make_url(str(pg_ctx.engine.url)).host
    assert f"Database: {host}" in text
    assert "postgresql" not in text and "://" not in text and "@" not in text


def test_search_shows_the_resident_just_saved(qtbot, ctx):
    """Reproduces: searching, finding nobody, saving that resident and coming back said 'Geen inwoner gevonden'."""
    ctx.user = MEDEWERKER
    w = _window(qtbot, ctx)
    s = w.show_screen("gesprekken")
    s.zoekveld.setFocus()
    qtbot.keyClicks(s.zoekveld, "Berendsen")
    qtbot.waitUntil(lambda: "Geen inwoner gevonden" in s.zoek_info.text(), timeout=2000)
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    ed = s.editor
    assert ed.f_naam.text() == "Berendsen"      # the typed name carries over
    ed.f_naam.setText("Gerda Berendsen (synthetisch)")
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not ed.dirty and ed.gesprek_id is not None
    qtbot.keyClick(ed, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert s.pages.currentWidget() is s.overzicht
    assert s.zoekveld.text() == "Berendsen"
    qtbot.waitUntil(lambda: s.inwoner_model.rowCount() == 1, timeout=2000)
    assert "Geen inwoner gevonden" not in s.zoek_info.text()
    assert "1 inwoner(s) gevonden" in s.zoek_info.text()
    assert s.inwoner_model.rows[0].naam == "Gerda Berendsen (synthetisch)"
    _close_quietly(w)


def _stored(ctx, naam, vraag):
    d = svc.nieuw_dossier(ctx, None)
    d.inwoner.naam = naam
    d.vraag = vraag
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def test_recent_list_is_ordered_by_and_shows_the_last_contact_with_the_question(qtbot, ctx):
    ctx.user = MEDEWERKER
    ids = {naam: _stored(ctx, f"{naam} (synthetisch)", f"Vraag van {naam}") for naam in ("Anna", "Bert", "Cor")}
    contact = {"Anna": datetime(2026, 11, 30, 9, 15), "Bert": datetime(2026, 12, 2, 14, 5),
               "Cor": datetime(2026, 10, 1, 11, 0)}
    with ctx.sessions.begin() as s:
        for naam, op in contact.items():
            s.execute(update(Gesprek).where(Gesprek.id == ids[naam]).values(gewijzigd_op=op))
    w = _window(qtbot, ctx)
    scr = w.show_screen("gesprekken")
    m = scr.gesprek_model
    assert m.headerData(0, Qt.Orientation.Horizontal) == "Laatste contact"
    shown = [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]
    assert [row[1] for row in shown] == ["Bert (synthetisch)", "Anna (synthetisch)", "Cor (synthetisch)"]
    assert [row[0] for row in shown] == ["02-12-2026 14:05", "30-11-2026 09:15", "01-10-2026 11:00"]
    assert [row[3] for row in shown] == ["Vraag van Bert", "Vraag van Anna", "Vraag van Cor"]


def test_demo_conversations_have_a_question_and_a_last_contact(qtbot, ctx):
    """The Vraag column was empty: the synthetic demo conversations had no question and all the same
    change time, so the list looked randomly ordered."""
    from toegang_app.services.auth import systeem_gebruiker
    from toegang_app.services.demo import vul_demo

    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 60, 60, seed=3)
    ctx.user = MEDEWERKER
    w = _window(qtbot, ctx)
    m = w.show_screen("gesprekken").gesprek_model
    assert m.rowCount() >= 10
    assert all(r.vraag for r in m.rows)
    contacts = [r.laatste_contact for r in m.rows]
    assert contacts == sorted(contacts, reverse=True) and len(set(contacts)) > 5
    assert all(c.date() >= r.datum for c, r in zip(contacts, m.rows))
