"""Users and signing in, on a real SQLite file: who may manage users, first-run beheerder, passwords hashed,
sign-in without user enumeration, and an audit row for every change and attempt."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import BEHEERDER, MEDEWERKER, REGISSEUR, TEAMLEIDER
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied, UserError
from toegang_app.services import aanmelding
from toegang_app.services import gebruikers as gs
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.storage.models import AuditRegel, Gebruiker

WW = "lange zin als wachtwoord"


def _audit(ctx, **where) -> list[AuditRegel]:
    with ctx.sessions() as s:
        q = select(AuditRegel).order_by(AuditRegel.id)
        for k, v in where.items():
            q = q.where(getattr(AuditRegel, k) == v)
        return list(s.scalars(q))


def _eerste_beheerder(ctx, naam="beheer"):
    ctx.user = None
    rij = gs.maak_gebruiker(ctx, naam, "Bea Beheer", "beheerder", wachtwoord=WW)
    ctx.user = gs.huidige_gebruiker(rij)
    return rij


def test_first_run_creates_only_a_beheerder_and_only_once(ctx):
    assert gs.eerste_gebruik(ctx)
    ctx.user = None
    with pytest.raises(PermissionDenied, match="eerste gebruiker moet een functioneel beheerder"):
        gs.maak_gebruiker(ctx, "mw", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    rij = gs.maak_gebruiker(ctx, "  Beheer ", "Bea Beheer", "beheerder", wachtwoord=WW)
    assert rij.gebruikersnaam == "beheer" and rij.rol == "beheerder" and rij.actief
    assert not gs.eerste_gebruik(ctx)
    # now nobody without GEBRUIKERS_BEHEER creates users, not even a second "first" beheerder
    with pytest.raises(PermissionDenied, match="niet aangemeld"):
        gs.maak_gebruiker(ctx, "beheer2", "Tweede", "beheerder", wachtwoord=WW)
    rows = _audit(ctx, object_type="gebruiker", actie="aangemaakt")
    assert len(rows) == 1 and rows[0].gebruiker == "beheer" and "eerste beheerder" in rows[0].toelichting
    with ctx.sessions() as s:
        g = s.scalar(select(Gebruiker))
        assert g.wachtwoord_hash.startswith("$argon2id$") and WW not in g.wachtwoord_hash


@pytest.mark.parametrize("user", [MEDEWERKER, REGISSEUR, TEAMLEIDER])
def test_only_beheerder_manages_users(ctx, user):
    rij = _eerste_beheerder(ctx)
    ctx.user = user
    with pytest.raises(PermissionDenied):
        gs.maak_gebruiker(ctx, "x.y", "X Y", "medewerker", "haaksbergen", wachtwoord=WW)
    with pytest.raises(PermissionDenied):
        gs.lijst_gebruikers(ctx)
    with pytest.raises(PermissionDenied):
        gs.wijzig_gebruiker(ctx, rij.id, rol="medewerker", team="haaksbergen")
    with pytest.raises(PermissionDenied):
        gs.deactiveer(ctx, rij.id)
    with pytest.raises(PermissionDenied):
        gs.zet_wachtwoord(ctx, rij.id, "een ander wachtwoord")
    with pytest.raises(PermissionDenied):
        gs.zoek_audit(ctx)
    ctx.user = BEHEERDER
    assert [r.gebruikersnaam for r in gs.lijst_gebruikers(ctx)] == ["beheer"]


def test_create_change_deactivate_with_audit(ctx):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW,
                           os_account="GEMEENTE\\MWerk")
    assert mw.os_account == "mwerk" and mw.team_naam == "Haaksbergen" and mw.rol_naam == "Toegangsmedewerker"
    gs.wijzig_gebruiker(ctx, mw.id, rol="procesregisseur", team="twenterand")
    rows = _audit(ctx, object_type="gebruiker", object_id=str(mw.id), actie="gewijzigd")
    assert {(r.veld, r.oud, r.nieuw) for r in rows} == {("rol", "medewerker", "procesregisseur"),
                                                         ("team", "haaksbergen", "twenterand")}
    assert all(r.gebruiker == "beheer" for r in rows)
    gs.deactiveer(ctx, mw.id)
    assert not gs.zoek_gebruiker(ctx, "m.werk").actief
    assert _audit(ctx, object_id=str(mw.id), actie="gedeactiveerd")[0].nieuw == "nee"
    gs.zet_wachtwoord(ctx, mw.id, "nog een lange zin")
    row = _audit(ctx, object_id=str(mw.id), actie="wachtwoord_gezet")[0]
    assert "nog een lange zin" not in (row.toelichting or "") and row.nieuw is None


def test_input_problems_are_dutch_and_name_the_field(ctx):
    _eerste_beheerder(ctx)
    with pytest.raises(InvalidInput, match="te kort: gebruik minstens 10") as e:
        gs.maak_gebruiker(ctx, "kort", "Kort", "beheerder", wachtwoord="kort123")
    assert e.value.field == "wachtwoord"
    with pytest.raises(InvalidInput, match="gebruikersnaam niet bevatten"):
        gs.maak_gebruiker(ctx, "jansen", "J", "beheerder", wachtwoord="jansen12345678")
    with pytest.raises(InvalidInput, match="al in gebruik") as e:
        gs.maak_gebruiker(ctx, "BEHEER", "Dubbel", "beheerder", wachtwoord=WW)
    assert e.value.field == "gebruikersnaam"
    with pytest.raises(InvalidInput, match="hoort bij één balie"):
        gs.maak_gebruiker(ctx, "mw", "Mia", "medewerker", None, wachtwoord=WW)
    with pytest.raises(InvalidInput, match="zonder spaties"):
        gs.maak_gebruiker(ctx, "mia werk", "Mia", "teamleider", wachtwoord=WW)
    with pytest.raises(InvalidInput, match="wachtwoord of een Windows-account"):
        gs.maak_gebruiker(ctx, "mia", "Mia", "teamleider")


def test_last_beheerder_stays_and_nobody_deactivates_themselves(ctx):
    bea = _eerste_beheerder(ctx)
    with pytest.raises(UserError, match="uzelf niet deactiveren"):
        gs.deactiveer(ctx, bea.id)
    with pytest.raises(UserError, match="laatste actieve functioneel beheerder"):
        gs.wijzig_gebruiker(ctx, bea.id, rol="teamleider")
    ctx.user = systeem_gebruiker()
    with pytest.raises(UserError, match="laatste actieve functioneel beheerder"):
        gs.deactiveer(ctx, bea.id)
    gs.maak_gebruiker(ctx, "beheer2", "Bob Beheer", "beheerder", wachtwoord=WW)
    assert not gs.deactiveer(ctx, bea.id).actief


def test_sign_in_generic_message_and_audit(ctx):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    ctx.user = None
    user = gs.aanmelden(ctx, " M.Werk ", WW)
    assert (user.id, user.rol, user.team, user.naam) == (mw.id, "medewerker", "haaksbergen", "Mia Werk")
    with pytest.raises(gs.AanmeldFout) as wrong:
        gs.aanmelden(ctx, "m.werk", "fout-geraden-123")
    with pytest.raises(gs.AanmeldFout) as unknown:
        gs.aanmelden(ctx, "bestaat.niet", WW)
    assert wrong.value.message == unknown.value.message == gs.AANMELDEN_MISLUKT
    assert "m.werk" not in wrong.value.message
    ok = _audit(ctx, actie="aangemeld")
    assert [(r.gebruiker, r.object_id) for r in ok] == [("m.werk", str(mw.id))]
    failed = _audit(ctx, actie="aanmelden_mislukt")
    assert [r.object_id for r in failed] == [str(mw.id), None]
    assert "verkeerd wachtwoord" in failed[0].toelichting and "onbekende gebruikersnaam" in failed[1].toelichting
    # the typed password never lands in the audit trail
    for r in _audit(ctx):
        text = " ".join(str(v) for v in (r.gebruiker, r.object_id, r.veld, r.oud, r.nieuw, r.toelichting))
        assert "fout-geraden-123" not in text and WW not in text


def test_deactivated_user_cannot_sign_in(ctx):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    gs.deactiveer(ctx, mw.id)
    with pytest.raises(gs.AanmeldFout, match="Aanmelden lukt niet"):
        gs.aanmelden(ctx, "m.werk", WW)
    assert "gedeactiveerd" in _audit(ctx, actie="aanmelden_mislukt")[-1].toelichting


def test_too_many_failures_lock_the_account_for_a_while(ctx):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    for _ in range(gs.MAX_POGINGEN):
        with pytest.raises(gs.AanmeldFout):
            gs.aanmelden(ctx, "m.werk", "fout fout fout")
    with pytest.raises(gs.AanmeldFout):
        gs.aanmelden(ctx, "m.werk", WW)  # right password, but locked
    assert "geblokkeerd" in _audit(ctx, actie="aanmelden_geweigerd")[-1].toelichting
    # the failures age out of the window: audit rows cannot be changed, so move the clock instead
    klok = _Klok()
    klok.zet(datetime.now() + gs.WACHTTIJD + timedelta(minutes=1))
    try:
        assert gs.aanmelden(ctx, "m.werk", WW).id == mw.id
    finally:
        klok.herstel()


def test_os_sign_in(ctx, monkeypatch):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", os_account="MWerk")
    ctx.user = None
    monkeypatch.setattr(aanmelding.getpass, "getuser", lambda: "mwerk")
    user = gs.aanmelden_os(ctx)
    assert user is not None and user.id == mw.id
    assert _audit(ctx, actie="aangemeld")[-1].toelichting == "met Windows-account"
    # no password set: the password route refuses, like any failure
    with pytest.raises(gs.AanmeldFout):
        gs.aanmelden(ctx, "m.werk", "")
    monkeypatch.setattr(aanmelding.getpass, "getuser", lambda: "iemand.anders")
    assert gs.aanmelden_os(ctx) is None
    assert _audit(ctx, actie="aanmelden_mislukt")[-1].toelichting == "Windows-account niet gekoppeld"


def test_own_password_change_allowed_for_everyone(ctx):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    other = gs.maak_gebruiker(ctx, "t.leider", "Tom Leider", "teamleider", "haaksbergen", wachtwoord=WW)
    ctx.user = gs.aanmelden(ctx, "m.werk", WW)
    gs.zet_wachtwoord(ctx, mw.id, "mijn nieuwe zin hier")
    with pytest.raises(PermissionDenied):
        gs.zet_wachtwoord(ctx, other.id, "mijn nieuwe zin hier")
    assert gs.aanmelden(ctx, "m.werk", "mijn nieuwe zin hier").id == mw.id


class _Klok:
    """Move the sign-in clock (audit rows keep the real time: they cannot be changed)."""

    def __init__(self):
        self.real = gs.datetime

    def zet(self, when):
        real = self.real

        class Clock(real):
            @classmethod
            def now(cls, tz=None):
                return when

        gs.datetime = Clock

    def herstel(self):
        gs.datetime = self.real


def _lock(ctx):
    _eerste_beheerder(ctx)
    mw = gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW)
    ctx.user = None
    for _ in range(gs.MAX_POGINGEN):
        with pytest.raises(gs.AanmeldFout):
            gs.aanmelden(ctx, "m.werk", "fout fout fout")
    return mw


def test_attempts_during_a_lockout_neither_count_nor_extend_it(ctx):
    """An attacker hammering a locked account cannot keep it locked: after the (first, short) wait the
    right password works, however many attempts came in meanwhile."""
    mw = _lock(ctx)
    for _ in range(12):  # during the lock, wrong and right passwords alike are refused, and not counted
        with pytest.raises(gs.AanmeldFout):
            gs.aanmelden(ctx, "m.werk", "nog een gok")
    with pytest.raises(gs.AanmeldFout):
        gs.aanmelden(ctx, "m.werk", WW)
    assert len(_audit(ctx, actie="aanmelden_mislukt")) == gs.MAX_POGINGEN
    klok = _Klok()
    klok.zet(datetime.now() + gs.EERSTE_WACHTTIJD + timedelta(seconds=2))
    try:
        assert gs.aanmelden(ctx, "m.werk", WW).id == mw.id
    finally:
        klok.herstel()


def test_wait_grows_but_is_capped(ctx):
    assert gs.wachttijd(gs.MAX_POGINGEN - 1) == timedelta(0)
    assert gs.wachttijd(gs.MAX_POGINGEN) == gs.EERSTE_WACHTTIJD
    assert gs.wachttijd(gs.MAX_POGINGEN + 1) == 2 * gs.EERSTE_WACHTTIJD
    assert gs.wachttijd(10_000) == gs.WACHTTIJD == timedelta(minutes=15)


def test_failures_expire_and_a_success_resets_them(ctx):
    mw = _lock(ctx)
    klok = _Klok()
    try:
        klok.zet(datetime.now() + gs.FOUTEN_VERVALLEN + timedelta(minutes=1))
        with pytest.raises(gs.AanmeldFout):  # one more failure a day later: the old ones no longer count
            gs.aanmelden(ctx, "m.werk", "fout")
        with ctx.sessions() as s:
            assert gs.geblokkeerd_tot(s, mw.id, datetime.now() + gs.FOUTEN_VERVALLEN + timedelta(minutes=1)) is None
    finally:
        klok.herstel()


def test_a_beheerder_unlocks_at_once(ctx):
    mw = _lock(ctx)
    with pytest.raises(gs.AanmeldFout):
        gs.aanmelden(ctx, "m.werk", WW)
    ctx.user = BEHEERDER
    gs.ontgrendel(ctx, mw.id)
    ctx.user = None
    assert gs.aanmelden(ctx, "m.werk", WW).id == mw.id
    assert _audit(ctx, actie="ontgrendeld")[-1].gebruiker == BEHEERDER.gebruikersnaam
    ctx.user = MEDEWERKER
    with pytest.raises(PermissionDenied):
        gs.ontgrendel(ctx, mw.id)


def test_unlock_from_the_command_line(data_dir, monkeypatch, capsys):
    import io

    from toegang_app import cli
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    c = open_context(load_config(), load=False)
    try:
        mw = _lock(c)
    finally:
        c.close()
    s = io.StringIO(WW + "\n")
    monkeypatch.setattr("sys.stdin", s)
    assert cli.main(["--gebruiker", "beheer", "--wachtwoord-stdin", "gebruiker", "ontgrendelen", "m.werk"]) == 0
    assert "vrijgegeven" in capsys.readouterr().out
    c = open_context(load_config(), load=False)
    try:
        assert gs.aanmelden(c, "m.werk", WW).id == mw.id
    finally:
        c.close()
