"""demo-data: deterministic, clearly synthetic, realistic mix, valid test BSNs, --als-leeg."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from toegang_app.domain.bsn import is_valid_bsn
from toegang_app.services.auth import CurrentUser, systeem_gebruiker
from toegang_app.services.demo import DemoVoorziening, laad_voorzieningen, demo_bsns, vul_demo
from toegang_app.storage.models import (
    AveWijziging,
    Gesprek,
    GesprekDimensie,
    Inwoner,
    Termijn,
    Verwijzing,
    VerwijzingStatus,
)


def voorzieningen() -> list[DemoVoorziening]:
    """The real kaart when it is there; a small stand-in only in tests (the kaart is written in parallel)."""
    try:
        return laad_voorzieningen()
    except Exception:  # noqa: BLE001
        return [DemoVoorziening(f"test-{g}-{t}-{i}", f"Testvoorziening {t}.{i}", "Testaanbieder", t,
                                "Wmo" if t == 4 else None, (g,)) for g in ("haaksbergen", "twenterand")
                for t in range(6) for i in range(3)]


@pytest.fixture
def ctx(config):
    from toegang_app.services.context import open_context

    c = open_context(config, load=False)
    c.user = systeem_gebruiker()
    yield c
    c.close()


def _dump(ctx):
    with ctx.engine.connect() as c:
        inw = c.execute(select(Inwoner.naam, Inwoner.bsn, Inwoner.gemeente, Inwoner.kern).order_by(Inwoner.id)).all()
        ver = c.execute(select(Verwijzing.voorziening_id, Verwijzing.trede, Verwijzing.status, Verwijzing.datum,
                               Verwijzing.status_reden).order_by(Verwijzing.id)).all()
    return inw, ver


def test_deterministic_and_marked(ctx, tmp_path, monkeypatch):
    vz = voorzieningen()
    r = vul_demo(ctx, 60, 300, seed=7, voorzieningen=vz)
    assert (r.inwoners, r.verwijzingen) == (60, 300)
    first = _dump(ctx)
    # same seed in a second database gives identical data
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    monkeypatch.setenv("TOEGANG_DATA_DIR", str(tmp_path / "tweede"))
    c2 = open_context(load_config(), load=False)
    c2.user = systeem_gebruiker()
    try:
        vul_demo(c2, 60, 300, seed=7, voorzieningen=vz)
        assert _dump(c2) == first
        c3_other = vul_demo(c2, 60, 300, seed=8, voorzieningen=vz)
        assert c3_other.verwijzingen == 300
    finally:
        c2.close()

    inw, ver = first
    assert all(n.startswith("Demo-") for n, *_ in inw)
    assert all(b is None or (b.startswith("99") and is_valid_bsn(b)) for _n, b, *_ in inw)
    with ctx.engine.connect() as c:
        for model in (Inwoner, Gesprek, Verwijzing):
            assert c.execute(select(func.count()).where(model.synthetisch.is_(False)).select_from(model)).scalar() == 0
        assert c.execute(select(func.count()).select_from(GesprekDimensie)).scalar() == 6 * r.gesprekken
        assert c.execute(select(func.count()).select_from(AveWijziging)).scalar() >= r.gesprekken
        assert c.execute(select(func.count()).select_from(Termijn)).scalar() > 0
        assert c.execute(select(func.count()).select_from(VerwijzingStatus)).scalar() >= 300
        # the last status in every history is the referral's status
        rows = c.execute(select(Verwijzing.id, Verwijzing.status)).all()
        last = dict(c.execute(select(VerwijzingStatus.verwijzing_id, VerwijzingStatus.status)
                              .order_by(VerwijzingStatus.id)).all())
        assert all(last[i] == s for i, s in rows)
    ids = {v.id for v in vz}
    assert {v[0] for v in ver} <= ids


def test_realistic_mix(ctx):
    vz = voorzieningen()
    vul_demo(ctx, 500, 6000, seed=3, voorzieningen=vz)
    inw, ver = _dump(ctx)
    treden = Counter(t for _v, t, *_ in ver)
    n = len(ver)
    voorliggend = sum(treden[t] for t in range(4)) / n
    maatwerk = treden[4] / n
    assert 0.65 <= voorliggend <= 0.8, treden
    assert 0.18 <= maatwerk <= 0.28, treden
    assert 0.01 <= treden[5] / n <= 0.08
    assert treden[2] + treden[3] > 0.55 * n
    jaren = Counter(d.year for *_x, d, _r in [(v[0], v[1], v[2], v[3], v[4]) for v in ver])
    assert set(jaren) == {2022, 2023, 2024, 2025, 2026}
    gemeenten = Counter(g for _n, _b, g, _k in inw)
    assert set(gemeenten) == {"haaksbergen", "twenterand"}
    kernen = {k for *_x, k in inw}
    assert len(kernen) >= 6
    statuses = Counter(v[2] for v in ver)
    assert set(statuses) == {"voorgesteld", "verwezen", "aangemeld", "gestart", "afgerond", "niet_gestart"}
    redenen = Counter(v[4] for v in ver if v[2] == "niet_gestart")
    assert set(redenen) == {"wachtlijst", "niet_passend", "inwoner_ziet_af", "niet_bereikbaar", "elders"}
    assert all(v[4] is None for v in ver if v[2] != "niet_gestart")


def test_als_leeg_and_role(ctx):
    vz = voorzieningen()
    assert not vul_demo(ctx, 5, 10, voorzieningen=vz, als_leeg=True).overgeslagen
    assert vul_demo(ctx, 5, 10, voorzieningen=vz, als_leeg=True).overgeslagen
    with ctx.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Inwoner)).scalar() == 5
    # adding more keeps ids consistent
    vul_demo(ctx, 5, 10, voorzieningen=vz, seed=2)
    with ctx.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Inwoner)).scalar() == 10
    from toegang_app.errors import PermissionDenied

    ctx.user = CurrentUser(id=None, gebruikersnaam="tl", naam="TL", rol="teamleider", team=None)
    with pytest.raises(PermissionDenied):
        vul_demo(ctx, 5, 10, voorzieningen=vz)


def test_bsns_valid_unique():
    b = demo_bsns(0, 2000)
    assert len(set(b)) == 2000 and all(is_valid_bsn(x) and x.startswith("99") for x in b)


def test_default_demo_is_a_real_desk_over_several_years(ctx):
    """Issue 24: without sizes, demo-data fills years at the scale of the two desks, derived from the
    seeds' own figures, with follow-up conversations; still synthetic and marked so."""
    from datetime import date

    from toegang_app.services.demo import BALIE_CIJFERS, balie_schaal, vul_demo_balie

    schaal = balie_schaal(jaren=3, eind=date(2026, 11, 30))
    assert (schaal.begin, schaal.eind) == (date(2023, 12, 1), date(2026, 11, 30))
    assert "seeds/003:802" in BALIE_CIJFERS["haaksbergen"][1] and "seeds/000:300" in BALIE_CIJFERS["twenterand"][1]
    # a third of the running maatwerk stock is new each year, at 23,5% maatwerk among referrals
    assert schaal.verwijzingen_per_jaar == {"haaksbergen": round(1741 / 3 / 0.235), "twenterand": round(3151 / 3 / 0.235)}
    assert "seeds/003:802" in schaal.uitleg() and "synthetisch" in schaal.uitleg()
    meldingen: list[str] = []
    r = vul_demo_balie(ctx, jaren=3, eind=date(2026, 11, 30), voorzieningen=voorzieningen(), progress=meldingen.append)
    assert r.verwijzingen == sum(schaal.verwijzingen_per_jaar.values()) * 3
    assert "seeds/000:300" in meldingen[0]
    with ctx.engine.connect() as c:
        assert c.execute(select(func.count()).where(Inwoner.synthetisch.is_(False))).scalar() == 0
        assert c.execute(select(func.count()).select_from(Verwijzing).where(Verwijzing.synthetisch.is_(False))).scalar() == 0
        per_jaar = dict(c.execute(select(func.substr(Verwijzing.datum, 1, 4), func.count())
                                  .group_by(func.substr(Verwijzing.datum, 1, 4))).all())
        assert per_jaar["2025"] > 5000  # a desk's year, not 63 referrals
        # follow-up conversations: residents with more than one conversation, the later one months later
        herhaald = c.execute(select(func.count()).select_from(
            select(Gesprek.inwoner_id).group_by(Gesprek.inwoner_id).having(func.count() > 1).subquery())).scalar()
        assert herhaald > 2000
        codes = {row[0] for row in c.execute(select(Termijn.code).distinct())}
        assert {"wmo_onderzoek", "wgs_eerste_gesprek", "wmo_beschikking"} <= codes
