"""Issue 24 (3 s at full size): the dashboard reads monthly aggregate tables that database triggers keep up
to date. Every figure, in the internal and in the publication form (with its suppression), must be the
same as the straightforward count over the rows, on SQLite and PostgreSQL, also after edits, status
changes, moved conversations, anonymisation and the retention job's deletes. And a rebuild from the rows
gives exactly the tables the triggers kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, select, text, update

from toegang_app.domain.vocab import DIMENSIES
from toegang_app.services import bewaren
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.services.statistiek import INTERN, Selectie, bereken
from toegang_app.storage import statistiek_tabellen as mt
from toegang_app.storage.models import AveWijziging, Gesprek, GesprekDimensie, Inwoner, Termijn, Verwijzing

VANDAAG = date(2025, 11, 20)  # a reference date inside the data: open terms are partly 'verlopen', partly running
JAAR = Selectie(date(2025, 1, 1), date(2025, 12, 31))
SELECTIES = [
    JAAR,
    replace(JAAR, gemeente="haaksbergen"),
    replace(JAAR, gemeente="twenterand", vorm=INTERN),
    replace(JAAR, gemeente="haaksbergen", team="haaksbergen", vorm=INTERN),
    Selectie(date(2025, 4, 1), date(2025, 6, 30)),
    Selectie(date(2024, 2, 1), date(2025, 1, 31), gemeente="haaksbergen", kern="Buurse", vorm=INTERN),
]


def _vorm(r):
    return ([(t.sleutel, t.kolommen, t.rijen) for t in r.tabellen],
            [(k.label, k.waarde) for k in r.kerncijfers])


def _inhoud(ctx) -> dict[str, list]:
    """Every aggregate table's non-empty cells."""
    out = {}
    with ctx.engine.connect() as c:
        for t in list(mt.TABELLEN.values()) + [mt.statistiek_verandering, mt.statistiek_verandering_inwoner]:
            rows = c.execute(select(t)).all()
            out[t.name] = sorted(tuple(r) for r in rows if any(r._mapping[v] for v in ("n",)) or t.name.endswith(
                "_inwoner"))
    return out


def _controleer(ctx, stap: str) -> None:
    for sel in SELECTIES:
        nieuw = bereken(ctx, sel, vandaag=VANDAAG, maandtabellen=True)
        oud = bereken(ctx, sel, vandaag=VANDAAG, maandtabellen=False)
        a, b = _vorm(nieuw), _vorm(oud)
        for (sleutel, kol, rij_a), (_s, _k, rij_b) in zip(a[0], b[0]):
            assert (kol, rij_a) == (kol, rij_b), f"{stap}: {sel.filters_nl()} table {sleutel} differs"
        assert a == b, f"{stap}: {sel.filters_nl()}"
    # the triggers kept exactly what a rebuild from the rows gives
    voor = _inhoud(ctx)
    with ctx.engine.begin() as c:
        mt.herbouw(c)
    assert _inhoud(ctx) == voor, stap


def _geen_sporen(ctx, stap: str) -> None:
    """Privacy: right after a deletion (before any look at the dashboard) no table of the statistics keeps
    the id of a resident that is gone, and no emptied cell stays behind."""
    with ctx.engine.connect() as c:
        for t in (mt.statistiek_verwezen, mt.statistiek_maatwerk, mt.statistiek_verandering_inwoner,
                  mt.statistiek_vuil):
            weg = c.execute(select(t.c.inwoner_id).where(t.c.inwoner_id.not_in(select(Inwoner.id))).limit(1)).first()
            assert weg is None, f"{stap}: {t.name} keeps a deleted resident"
        for t in mt.TABELLEN.values():
            assert c.execute(select(t.c.n).where(t.c.n == 0).limit(1)).first() is None, f"{stap}: {t.name}"


def _vul(ctx):
    from toegang_app.services.demo import vul_demo

    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 120, 900, seed=24, begin=date(2024, 1, 1), eind=date(2025, 12, 31))
    with ctx.engine.connect() as c:  # the bulk load paused the triggers only inside its own transactions
        assert c.execute(select(mt.statistiek_pauze)).first() is None


def _wijzig(ctx, monkeypatch):
    """Edits along the write paths the statistics depend on; after each group the figures are compared."""
    _controleer(ctx, "na het vullen")
    with ctx.sessions.begin() as s:
        vs = s.scalars(select(Verwijzing).order_by(Verwijzing.id).limit(40)).all()
        for i, v in enumerate(vs):
            if i % 4 == 0:  # a status change with its reason
                v.status, v.status_reden, v.status_sinds = "niet_gestart", "wachtlijst", v.datum + timedelta(days=9)
            elif i % 4 == 1:
                v.status, v.status_reden, v.status_sinds = "gestart", None, v.datum + timedelta(days=3)
            elif i % 4 == 2:  # moved to another month and kern
                v.datum, v.kern = v.datum - timedelta(days=40), None
            else:
                s.delete(v)
    _controleer(ctx, "verwijzingen gewijzigd")
    with ctx.sessions.begin() as s:
        gs = s.scalars(select(Gesprek).order_by(Gesprek.id.desc()).limit(30)).all()
        for i, g in enumerate(gs):
            if i % 3 == 0:  # a conversation moved to another month (its scores, terms, AVE changes go along)
                g.aanmelding_datum = g.aanmelding_datum - timedelta(days=75)
            elif i % 3 == 1:
                g.kern = None if g.kern else ("Buurse" if g.gemeente == "haaksbergen" else "Vriezenveen")
            else:
                g.kanaal, g.melder, g.ave_fase = None, "netwerk", 3
        # scores of a first conversation change every follow-up's difference
        for d in s.scalars(select(GesprekDimensie).order_by(GesprekDimensie.gesprek_id).limit(24)).all():
            d.score = None if d.score == 5 else (d.score or 0) % 10 + 1
            d.bespreken = not d.bespreken
        # an earlier conversation for a resident becomes their first
        g0 = s.scalars(select(Gesprek).where(Gesprek.aanmelding_datum >= date(2025, 3, 1)).order_by(Gesprek.id)
                       .limit(1)).one()
        nieuw = Gesprek(inwoner_id=g0.inwoner_id, team=g0.team, gemeente=g0.gemeente, kern=g0.kern,
                        aanmelding_datum=date(2024, 1, 2), status="afgerond", synthetisch=True,
                        aangemaakt_op=datetime(2024, 1, 2), gewijzigd_op=datetime(2024, 1, 2))
        s.add(nieuw)
        s.flush()
        for k, dim in enumerate(DIMENSIES):
            s.add(GesprekDimensie(gesprek_id=nieuw.id, dimensie=dim, score=k + 2, bespreken=k % 2 == 0))
        # a conversation moved to another resident
        g1, g2 = s.scalars(select(Gesprek).order_by(Gesprek.id).offset(50).limit(2)).all()
        g1.inwoner_id = g2.inwoner_id
    _controleer(ctx, "gesprekken en scores gewijzigd")
    from toegang_app.services.overdracht import draag_over  # gemeente, team and kern of everything change

    with ctx.engine.connect() as c:
        inw = c.execute(select(Inwoner.id, Inwoner.gemeente).order_by(Inwoner.id).limit(4)).all()
    for iid, gem in inw:
        naar = "twenterand" if gem == "haaksbergen" else "haaksbergen"
        draag_over(ctx, iid, naar, "verhuisd", kern="Vriezenveen" if naar == "twenterand" else None)
    _controleer(ctx, "overgedragen aan de andere balie")
    with ctx.sessions.begin() as s:
        ts = s.scalars(select(Termijn).order_by(Termijn.id).limit(30)).all()
        for i, t in enumerate(ts):
            if i % 3 == 0:
                t.afgerond_op = t.uiterlijk + timedelta(days=2 - i % 5)
            elif i % 3 == 1:
                t.niet_van_toepassing = "niet nodig"
            else:
                s.delete(t)
        for a in s.scalars(select(AveWijziging).order_by(AveWijziging.id).limit(10)).all():
            a.soort, a.naar_fase, a.op = "opschalen", 4, a.op - timedelta(days=31)
        s.execute(delete(AveWijziging).where(AveWijziging.id.in_(
            select(AveWijziging.id).order_by(AveWijziging.id.desc()).limit(5).scalar_subquery())))
        s.execute(update(Verwijzing).where(Verwijzing.trede == 4).values(status="afgerond"))  # a bulk UPDATE
    _controleer(ctx, "termijnen, AVE en een bulkwijziging")
    # the retention job: destroy and anonymise (their own code paths; the terms are made due for the test)
    monkeypatch.setattr(bewaren, "_due_or_refuse", lambda s, cfg, ids, peil: [])
    with ctx.engine.connect() as c:
        ids = [r[0] for r in c.execute(select(Gesprek.id).order_by(Gesprek.id).limit(60)).all()]
    bewaren.vernietig(ctx, ids[:15])
    _geen_sporen(ctx, "vernietigd")
    bewaren.anonimiseer(ctx, ids[15:40:2])
    _controleer(ctx, "vernietigd en geanonimiseerd")
    with ctx.sessions.begin() as s:  # a resident deleted outright: everything cascades
        inw = s.scalars(select(Inwoner).order_by(Inwoner.id.desc()).limit(1)).one()
        s.execute(delete(Inwoner).where(Inwoner.id == inw.id))
        s.execute(text("DELETE FROM gesprekken WHERE id IN (SELECT id FROM gesprekken ORDER BY id DESC LIMIT 3)"))
    _geen_sporen(ctx, "inwoner en gesprekken verwijderd")
    _controleer(ctx, "inwoner en gesprekken verwijderd")


def test_maandtabellen_gelijk_aan_tellen_sqlite(ctx, monkeypatch):
    _vul(ctx)
    _wijzig(ctx, monkeypatch)


@pytest.mark.postgres
def test_maandtabellen_gelijk_aan_tellen_postgres(pg_ctx, monkeypatch):
    _vul(pg_ctx)
    _wijzig(pg_ctx, monkeypatch)


def test_periode_zonder_hele_maanden_telt_de_rijen(ctx):
    """An internal period of loose days cannot come from monthly sums: it counts the rows (same figures
    as the rows, by construction); a whole-month period reads the monthly tables."""
    from toegang_app.services.statistiek import hele_maanden

    assert hele_maanden(JAAR)
    assert not hele_maanden(Selectie(date(2025, 1, 5), date(2025, 3, 31), vorm=INTERN))
    _vul(ctx)
    with ctx.engine.begin() as c:  # a wrong monthly table shows which way was used
        c.execute(update(mt.statistiek_gesprekken).values(n=mt.statistiek_gesprekken.c.n + 1000))
    los = Selectie(date(2025, 1, 5), date(2025, 3, 31), vorm=INTERN)
    assert _vorm(bereken(ctx, los, vandaag=VANDAAG)) == _vorm(bereken(ctx, los, vandaag=VANDAAG, maandtabellen=False))
    heel = bereken(ctx, JAAR, vandaag=VANDAAG)
    assert heel.tabel("gesprekken_per_maand").cel("Totaal", "Totaal") != \
        bereken(ctx, JAAR, vandaag=VANDAAG, maandtabellen=False).tabel("gesprekken_per_maand").cel("Totaal", "Totaal")


def test_herbouw_via_de_opdrachtregel(data_dir, capsys):
    """`toegang-admin statistiek herbouw` puts damaged monthly tables right again; only a beheerder."""
    from toegang_app import cli
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context
    from tests.factories import cli_gebruiker

    assert cli.main(["demo-data", "--inwoners", "30", "--verwijzingen", "200", "--seed", "5"]) == 0
    c = open_context(load_config())
    try:
        c.user = systeem_gebruiker()
        sel = Selectie(date(2025, 1, 1), date(2025, 12, 31))
        goed = _vorm(bereken(c, sel, vandaag=VANDAAG, maandtabellen=False))
        with c.engine.begin() as conn:
            conn.execute(update(mt.statistiek_verwijzingen_trede).values(n=mt.statistiek_verwijzingen_trede.c.n + 7))
        assert _vorm(bereken(c, sel, vandaag=VANDAAG)) != goed
        cli_gebruiker("teamleider")
        assert cli.main(["statistiek", "herbouw"]) != 0
        cli_gebruiker("beheerder")
        capsys.readouterr()
        assert cli.main(["statistiek", "herbouw"]) == 0
        assert "opnieuw berekend" in capsys.readouterr().out
        assert _vorm(bereken(c, sel, vandaag=VANDAAG)) == goed
        assert cli.main(["statistiek"]) == 2
        assert "--formaat en --uit zijn verplicht" in capsys.readouterr().err
    finally:
        c.close()
