"""After demo-data on PostgreSQL ordinary saves still work (issue 19, item 3): the demo rows carry
explicit ids, so the id sequences must be moved past them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.services.demo import vul_demo
from toegang_app.storage.engine import reset_sequences


@pytest.mark.postgres
def test_new_saves_after_demo_data_on_postgresql(pg_ctx):
    from toegang_app.services.kaart import effectieve_kaart

    pg_ctx.user = MEDEWERKER
    res = vul_demo(pg_ctx, 6, 12, seed=3)
    assert res.inwoners == 6
    d = svc.nieuw_dossier(pg_ctx)
    d.inwoner.naam, d.inwoner.kern, d.vraag = "Nieuwe Na Demo (synthetisch)", "Haaksbergen", "eerste gesprek"
    d.signalen = [svc.SignaalInvoer("financien", 2, "")]
    d.aanmelding_datum = date.today()
    stored = svc.bewaar_gesprek(pg_ctx, d)  # a new resident, conversation, signal, terms and audit rows
    v = next(v for v in effectieve_kaart(pg_ctx) if v.actief and "haaksbergen" in v.gemeenten and v.trede == 2)
    rid = vsvc.maak_verwijzing(pg_ctx, stored.gesprek_id, v.id, overdracht="zelf_melden", toestemming=False,
                               opvolgdatum=date.today() + timedelta(days=14))
    vsvc.wijzig_status(pg_ctx, rid, "aangemeld")
    assert stored.gesprek_id > 6 and rid


@pytest.mark.postgres
def test_every_id_sequence_is_moved(pg_ctx):
    from toegang_app.storage.models import Base

    moved = reset_sequences(pg_ctx.engine)
    tables_with_ids = [t for t in Base.metadata.sorted_tables if len(t.primary_key.columns) == 1
                       and t.primary_key.columns[0].autoincrement in (True, "auto")
                       and t.primary_key.columns[0].type.python_type is int]
    assert len(moved) == len(tables_with_ids)


def test_reset_sequences_is_a_no_op_on_sqlite(ctx):
    assert reset_sequences(ctx.engine) == []
