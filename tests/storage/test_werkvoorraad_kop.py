"""The werkvoorraad screen reads only the most urgent rows of a busy desk (issue 26): the database counts
the follow-ups and the referrals without news and returns their head, so the list the worker sees must be
exactly the head of the full list, in the same order, with the same counts, for every filter and on both
engines. The data is made so that the cut falls inside groups of rows with the same date whose residents'
names sort against their ids: a head taken by date and id alone would show the wrong residents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import BEHEERDER, maak_gesprek
from tests.storage.test_regie import gebruiker
from toegang_app.domain import termijnen as dom
from toegang_app.domain.kalender import Sluitingsdag
from toegang_app.services import termijnen as tsvc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.services import werkvoorraad as wsvc

PEIL = date(2026, 11, 23)   # a Monday
NAMEN = ["Zeger", "Anna", "Mila", "Bram", "Yara", "Cas", "Xena", "Daan", "Wout", "Eva"]


@pytest.fixture(params=["ctx", "pg_ctx"])
def any_ctx(request):
    return request.getfixturevalue(request.param)


def _voorraad(ctx, monkeypatch):
    """Ten residents of Haaksbergen, half of them owned by one worker: each has a follow-up due on one of
    three days and a referral without news since one of three days (no news counted in werkdagen, with a
    closing day of the Haaksbergen desk in the window)."""
    from toegang_app.services.kaart import effectieve_kaart

    monkeypatch.setattr(tsvc, "intervallen", lambda: dom.Intervallen(zonder_nieuws=dom.Interval("werkdagen", 10)))
    ctx.user = BEHEERDER
    tsvc.voeg_sluitingsdag_toe(ctx, PEIL - timedelta(days=7), "teamdag", "haaksbergen")
    ctx.user = gebruiker(ctx, "mw-kop", "Mila Kop (synthetisch)", "medewerker")
    v = next(x for x in effectieve_kaart(ctx) if x.actief and "haaksbergen" in x.gemeenten and x.trede == 2)
    for n, naam in enumerate(NAMEN):
        gid = maak_gesprek(ctx, naam=f"{naam} Kop (synthetisch)", medewerker_id=ctx.user.id if n % 2 else None)
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False,
                             opvolgdatum=PEIL - timedelta(days=n % 3), vandaag=PEIL - timedelta(days=40))
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False,
                             opvolgdatum=PEIL + timedelta(days=30), vandaag=PEIL - timedelta(days=20 + n % 3))
    return ctx.user


def _rij(i: wsvc.WerkItem):
    return (i.soort, i.datum, i.te_laat, i.inwoner, i.gesprek_id, i.verwijzing_id, i.toelichting, i.eigenaar)


FILTERS = [{}, {"soorten": {"opvolging"}}, {"soorten": {"zonder_nieuws"}}, {"alleen_te_laat": True},
           {"eigenaar": "mijn"}, {"eigenaar": "zonder", "alleen_te_laat": True}]


def test_the_screen_gets_exactly_the_head_of_the_full_list_and_its_counts(any_ctx, monkeypatch):
    _voorraad(any_ctx, monkeypatch)
    geheel = wsvc.werkvoorraad(any_ctx, peildatum=PEIL)
    assert {i.soort for i in geheel} == {"opvolging", "zonder_nieuws"} and len(geheel) == 20
    # the test means something: within a date the residents' names do not follow the rows' ids
    op_id = sorted(geheel, key=lambda i: (not i.te_laat, i.datum, i.verwijzing_id))
    assert [i.verwijzing_id for i in op_id] != [i.verwijzing_id for i in geheel]
    for filt in FILTERS:
        geheel = wsvc.werkvoorraad(any_ctx, peildatum=PEIL, **filt)
        assert geheel, filt
        for limiet in range(len(geheel) + 2):
            o = wsvc.overzicht(any_ctx, peildatum=PEIL, limiet=limiet, **filt)
            assert [_rij(i) for i in o.items] == [_rij(i) for i in geheel[:limiet]], (filt, limiet)
            assert (o.totaal, o.te_laat) == (len(geheel), sum(i.te_laat for i in geheel)), (filt, limiet)


def test_no_news_counts_on_the_desks_calendar(ctx, monkeypatch):
    """Ten werkdagen without news, and Monday 16-11 a closing day of the Haaksbergen desk: a referral of
    Sunday 01-11 runs out on 13-11, one of Monday 02-11 on 17-11 (not 16-11), one of 03-11 on 18-11."""
    _voorraad(ctx, monkeypatch)

    def zonder_nieuws(peil):
        return wsvc.werkvoorraad(ctx, peildatum=peil, soorten={"zonder_nieuws"})

    assert sorted({i.datum for i in zonder_nieuws(PEIL)}) == [date(2026, 11, 13), date(2026, 11, 17),
                                                             date(2026, 11, 18)]
    # before 21-11 the ten referrals of 14-10 are no news too (their follow-up is not due yet); on 23-11
    # they are follow-ups due and not counted twice
    assert [len(zonder_nieuws(date(2026, 11, d))) for d in (12, 13, 16, 17, 18)] == [10, 13, 13, 16, 20]
    o = wsvc.overzicht(ctx, peildatum=date(2026, 11, 16), soorten={"zonder_nieuws"}, limiet=1)
    assert (o.totaal, o.te_laat, len(o.items)) == (13, 13, 1)


KALENDER = tsvc.config().atw.met(sluitingsdagen=[Sluitingsdag(date(2026, 5, 6), "teamdag", "haaksbergen"),
                                                Sluitingsdag(date(2026, 12, 24), "kerst", None)])


@settings(max_examples=200, deadline=None)
@given(datum=st.dates(date(2026, 1, 15), date(2027, 12, 20)), aantal=st.integers(1, 40),
       eenheid=st.sampled_from(["dagen", "weken", "werkdagen"]),
       gemeente=st.sampled_from([None, "haaksbergen", "twenterand"]))
def test_the_last_start_that_has_run_out_splits_the_starts_exactly(datum, aantal, eenheid, gemeente):
    """What the database selects with one comparison (status_sinds <= laatste_start) is exactly the set of
    starts whose interval has run out on ``datum``."""
    iv = dom.Interval(eenheid, aantal)
    grens = iv.laatste_start(KALENDER, datum, gemeente=gemeente)
    for k in range(-3, 3 * aantal * (7 if eenheid == "weken" else 1) // 2 + 40):
        start = datum - timedelta(days=k)
        assert (iv.na(start, KALENDER, gemeente=gemeente) <= datum) == (start <= grens), (start, grens)


def test_the_head_is_exact_across_kinds_tied_on_one_date(any_ctx):
    """Legal terms, referrals and procesregie cases due on the same two days, residents' names sorting
    against the order the rows were made: the names are read only for the head (issue 26), so the cut
    must keep every item tied on (te laat, date) until the names order them."""
    from tests.factories import MEDEWERKER
    from tests.storage.test_termijnen_service import _gesprek, _voorziening
    from toegang_app.storage.models import Gesprek, Inwoner

    peil = date(2026, 4, 1)
    ctx = any_ctx
    ctx.user = MEDEWERKER
    v = _voorziening(ctx)
    for n, naam in enumerate(NAMEN[:6]):
        gid = _gesprek(ctx, date(2026, 3, 2), schulden=2)   # Wgs: contact 05-03 (a promise), first talk 30-03
        with ctx.sessions.begin() as s:
            g = s.get(Gesprek, gid)
            s.get(Inwoner, g.inwoner_id).naam = f"{naam} Gelijk (synthetisch)"
            if n % 3 == 0:   # in procesregie, evaluation overdue since the same day as the first talk
                g.ave_fase, g.ave_fase_sinds, g.evaluatiedatum = 3, date(2026, 3, 2), date(2026, 3, 30)
        ctx.user = MEDEWERKER
        vsvc.maak_verwijzing(ctx, gid, v.id, overdracht="folder", toestemming=False,
                             opvolgdatum=date(2026, 3, 30) if n % 2 else date(2026, 3, 5), vandaag=date(2026, 3, 2))
    geheel = wsvc.werkvoorraad(ctx, peildatum=peil)
    assert {i.soort for i in geheel} >= {"termijn", "belofte", "opvolging", "regie"}
    assert len({i.datum for i in geheel}) == 2 and all(i.te_laat for i in geheel)
    assert [i.inwoner for i in geheel] == sorted(i.inwoner for i in geheel if i.datum == geheel[0].datum) + sorted(
        i.inwoner for i in geheel if i.datum != geheel[0].datum)
    for filt in [{}, {"soorten": {"termijn", "regie"}}, {"eigenaar": "zonder"}]:
        geheel = wsvc.werkvoorraad(ctx, peildatum=peil, **filt)
        for limiet in range(len(geheel) + 2):
            o = wsvc.overzicht(ctx, peildatum=peil, limiet=limiet, **filt)
            assert [_rij(i) for i in o.items] == [_rij(i) for i in geheel[:limiet]], (filt, limiet)
            assert (o.totaal, o.te_laat) == (len(geheel), len(geheel)), (filt, limiet)


def test_sqlite_reads_the_open_follow_ups_in_date_order_from_their_partial_index(ctx, monkeypatch):
    """The partial indexes of migration 0018 hold the open referrals only; SQLite takes such an index only
    when the query repeats its condition literally. If the open statuses change in the domain and not in
    the index, or the service passes them as parameters, the head is sorted from every referral again."""
    from sqlalchemy import event

    from toegang_app.domain.verwijzing import OPEN
    from toegang_app.storage.models import OPEN_VERWIJZING

    assert OPEN_VERWIJZING == "status IN (" + ", ".join(f"'{s}'" for s in OPEN) + ")"
    _voorraad(ctx, monkeypatch)
    gezien: list = []

    def vang(conn, cursor, statement, parameters, context, executemany):
        if "FROM verwijzingen" in statement and "opvolgdatum <=" in statement:
            gezien.append((statement, parameters))

    event.listen(ctx.engine, "before_cursor_execute", vang)
    try:
        wsvc.overzicht(ctx, peildatum=PEIL, soorten={"opvolging"}, limiet=5)
    finally:
        event.remove(ctx.engine, "before_cursor_execute", vang)
    assert len(gezien) >= 2   # the count and the head
    with ctx.engine.connect() as c:
        for statement, parameters in gezien:
            plan = " ".join(str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_verwijzingen_open_opvolging" in plan and "TEMP B-TREE" not in plan, (statement, plan)
