"""Retention per the Selectielijst (issue 19): the Selectielijst gemeentelijke en intergemeentelijke organen
2020 (procestype 8 'Voorzieningen verstrekken', sociaal domein) gives each outcome its term and result
number. A conversation that led to no Wmo provision is kept 5 years (result 8.2), not the 15 years of a
Wmo voorziening (8.3.1, Wmo 2015 art. 5.3.4); jeugdhulp 20 years (8.3.2), schuldhulpverlening 5 years
(8.3.5). A referral counts as a provision from trede 4 (maatwerk / individuele voorziening): a referral
to cliëntondersteuning (trede 2) under the Wmo is no Wmo provision."""

from __future__ import annotations

from datetime import date, datetime

from tests.factories import BEHEERDER, maak_gesprek
from toegang_app.services import bewaren
from toegang_app.storage.models import Gesprek, Verwijzing

SELECTIELIJST = "Selectielijst gemeentelijke en intergemeentelijke organen 2020"


def _gesprek(ctx, afgesloten: date) -> int:
    gid = maak_gesprek(ctx, naam="Selma Selectie (synthetisch)", aanmelding=afgesloten, status="afgerond",
                       afgesloten_op=afgesloten)
    with ctx.sessions.begin() as s:
        s.get(Gesprek, gid).gewijzigd_op = datetime.combine(afgesloten, datetime.min.time())
    return gid


def _verwijs(ctx, gid: int, wet: str | None, trede: int, datum: date) -> None:
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        s.add(Verwijzing(gesprek_id=gid, voorziening_id=f"t-{wet}-{trede}", voorziening_naam="Test", trede=trede,
                         wet=wet, gemeente=g.gemeente, kern=g.kern, team=g.team, datum=datum, aangemaakt_door="mw-hb",
                         aangemaakt_op=datetime.combine(datum, datetime.min.time()), overdracht="warm",
                         toestemming=True, status="verwezen", status_sinds=datum, synthetisch=True))


def test_shipped_terms_name_their_selectielijst_result(ctx):
    cfg = bewaren.bewaarconfig(ctx)
    geen = cfg.termijnen[bewaren.GEEN_VOORZIENING]
    assert (geen.jaren, geen.selectielijst) == (5, "8.2") and SELECTIELIJST in geen.grondslag
    assert (cfg.termijnen["Wmo"].jaren, cfg.termijnen["Wmo"].selectielijst) == (15, "8.3.1")
    assert (cfg.termijnen["Jeugdwet"].jaren, cfg.termijnen["Jeugdwet"].selectielijst) == (20, "8.3.2")
    assert (cfg.termijnen["Wgs"].jaren, cfg.termijnen["Wgs"].selectielijst) == (5, "8.3.5")
    assert "te verifiëren" not in cfg.termijnen["Wgs"].bron
    assert cfg.voorziening_vanaf_trede == 4
    assert cfg.standaard_wet == bewaren.GEEN_VOORZIENING


def test_conversation_without_a_wmo_provision_is_kept_five_years(ctx):
    ctx.user = BEHEERDER
    zonder = _gesprek(ctx, date(2010, 3, 1))                       # no referral at all
    licht = _gesprek(ctx, date(2010, 3, 1))
    _verwijs(ctx, licht, "Wmo", 2, date(2010, 2, 1))               # cliëntondersteuning: no provision
    wmo = _gesprek(ctx, date(2010, 3, 1))
    _verwijs(ctx, wmo, "Wmo", 4, date(2010, 2, 1))                 # huishoudelijke ondersteuning: provision
    items = {i.gesprek_id: i for i in bewaren.te_vernietigen(ctx, date(2100, 1, 1))}
    for gid in (zonder, licht):
        i = items[gid]
        assert (i.wet, i.jaren, i.vervaldatum, i.selectielijst) == (bewaren.GEEN_VOORZIENING, 5, date(2015, 3, 1),
                                                                    "8.2")
        assert i.wet_naam == "geen voorziening" and "resultaat 8.2" in i.bron
    assert (items[wmo].wet, items[wmo].vervaldatum, items[wmo].selectielijst) == ("Wmo", date(2025, 3, 1), "8.3.1")
    assert "Wmo 2015 art. 5.3.4" in items[wmo].bron and "resultaat 8.3.1" in items[wmo].bron
    # due on the day itself, not before
    assert zonder not in {i.gesprek_id for i in bewaren.te_vernietigen(ctx, date(2015, 2, 28))}
    assert zonder in {i.gesprek_id for i in bewaren.te_vernietigen(ctx, date(2015, 3, 1))}


def test_the_hook_records_only_a_provision_as_the_law(ctx):
    from toegang_app.services.bewaren import werk_bewaargegevens_bij

    gid = _gesprek(ctx, date(2020, 1, 1))
    _verwijs(ctx, gid, "Wmo", 2, date(2020, 1, 1))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        werk_bewaargegevens_bij(s, g, ctx=ctx)
        assert g.bewaarwet is None
    _verwijs(ctx, gid, "Jeugdwet", 4, date(2020, 1, 2))
    with ctx.sessions.begin() as s:
        g = s.get(Gesprek, gid)
        werk_bewaargegevens_bij(s, g, ctx=ctx)
        assert g.bewaarwet == "Jeugdwet"
