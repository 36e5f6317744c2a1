"""Bad input in the window (issue 19, items 10 and 12): a pasted search of hundreds of characters and a note
past 20 000 characters each get one Dutch line; nothing is stored and the input stays on screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from tests.factories import MEDEWERKER, open_nieuw_gesprek
from toegang_app.domain import invoer
from toegang_app.storage.models import Gesprek


@pytest.fixture
def editor(qtbot, ctx):
    ctx.user = MEDEWERKER
    ed = open_nieuw_gesprek(qtbot, ctx)
    yield ed
    ed.dirty = False


def test_a_pasted_long_search_gets_a_dutch_line(qtbot, ctx, editor):
    s = editor.shell.screen("gesprekken") if editor.shell is not None else None
    if s is None:
        pytest.skip("no shell")
    editor.dirty = False
    editor.sluit()
    s.zoekveld.setText("a" * 300)          # as a paste would
    s.zoek()
    assert "te lang" in s.zoek_info.text() and "200 tekens" in s.zoek_info.text()


def test_a_note_past_the_limit_is_refused_and_kept(qtbot, ctx, editor):
    editor.f_naam.setText("Nora Notitie (synthetisch)")
    editor.f_vraag.setPlainText("n" * (invoer.TEKST_MAX + 1))
    QApplication.processEvents()
    assert not editor.opslaan()
    assert "te lang" in editor.melding.text() and "20.000" in editor.melding.text()
    assert len(editor.f_vraag.toPlainText()) == invoer.TEKST_MAX + 1     # the input is kept
    with ctx.sessions() as ses:
        assert ses.scalar(select(func.count()).select_from(Gesprek)) == 0
