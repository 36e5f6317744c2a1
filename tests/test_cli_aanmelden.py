"""The command line signs in (issue 19, item 6; demo accounts, item 11): commands that read or change
personal data or accounts need a signed-in user with the right role, the audit names that user, and on a
database without users only the safe commands run."""

from __future__ import annotations

import getpass
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import BEHEERDER, CLI_WACHTWOORD, cli_gebruiker, maak_gesprek
from toegang_app import cli
from toegang_app.config import load_config
from toegang_app.services import gebruikers as gs
from toegang_app.services.context import open_context
from toegang_app.storage.models import AuditRegel, Gebruiker, Inwoner

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "packaging" / "voorbeeld-casus.json"
WW = "een lange zin als wachtwoord"


def _stdin(monkeypatch, text: str, tty: bool = False) -> None:
    s = io.StringIO(text)
    s.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", s)


def _db():
    return open_context(load_config(), load=False)


def _with_users(*, os_link: bool = False):
    """A beheerder b.beheer and a medewerker m.werk (Haaksbergen); optionally m.werk linked to this OS account."""
    ctx = _db()
    try:
        gs.maak_gebruiker(ctx, "b.beheer", "Bea Beheer", "beheerder", wachtwoord=WW)
        ctx.user = BEHEERDER
        gs.maak_gebruiker(ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord=WW,
                          os_account=getpass.getuser() if os_link else None)
        gs.maak_gebruiker(ctx, "t.leider", "Tom Leider", "teamleider", wachtwoord=WW)
        gid = maak_gesprek(ctx, naam="Wilma Geheim (synthetisch)")
    finally:
        ctx.close()
    return gid


def _audit_rows(actie: str | None = None) -> list[AuditRegel]:
    ctx = _db()
    try:
        with ctx.sessions() as s:
            q = select(AuditRegel).order_by(AuditRegel.id)
            if actie:
                q = q.where(AuditRegel.actie == actie)
            return list(s.scalars(q))
    finally:
        ctx.close()


def test_personal_data_commands_refuse_without_sign_in(data_dir, tmp_path, capsys, monkeypatch):
    gid = _with_users()
    _stdin(monkeypatch, "")
    for argv in (["gesprek", "export", str(gid), "-"], ["handout", str(gid), "--uit", str(tmp_path / "h.pdf")],
                 ["gebruiker", "lijst"], ["bewaren", "lijst"], ["backup", str(tmp_path / "k.sqlite")],
                 ["statistiek", "--van", "2024-01-01", "--tot", "2024-12-31", "--formaat", "csv", "--uit",
                  str(tmp_path / "s")],
                 ["gesprek", "import", str(CASE)], ["demo-data", "--inwoners", "2", "--verwijzingen", "1"],
                 ["gebruiker", "toevoegen", "x.y", "--naam", "X", "--rol", "beheerder", "--wachtwoord-stdin"]):
        assert cli.main(argv) == 5, argv
        captured = capsys.readouterr()
        assert "moet u zich aanmelden" in captured.err and "--gebruiker" in captured.err, argv
        assert "Wilma" not in captured.out + captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "h.pdf").exists() and not (tmp_path / "k.sqlite").exists()
    ctx = _db()
    try:
        with ctx.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Inwoner)) == 1
            assert s.scalar(select(func.count()).select_from(Gebruiker)) == 3
    finally:
        ctx.close()


def test_sign_in_with_password_from_stdin_and_the_audit_names_the_user(data_dir, tmp_path, capsys, monkeypatch):
    gid = _with_users()
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["--gebruiker", "m.werk", "--wachtwoord-stdin", "gesprek", "export", str(gid), "-"]) == 0
    assert json.loads(capsys.readouterr().out)["gemeente"] == "haaksbergen"
    rows = _audit_rows()
    assert rows[-2].actie == "aangemeld" and rows[-2].gebruiker == "m.werk" and "toegang-admin" in rows[-2].toelichting
    assert rows[-1].actie == "bekeken" and rows[-1].gebruiker == "m.werk"
    assert not any((r.gebruiker or "").startswith("toegang-admin:") for r in rows)


def test_password_is_asked_without_echo_on_a_terminal(data_dir, capsys, monkeypatch):
    from toegang_app.commands import aanmelden

    _with_users()
    asked = []
    monkeypatch.setattr(aanmelden.getpass, "getpass", lambda prompt: asked.append(prompt) or WW)
    _stdin(monkeypatch, "", tty=True)
    assert cli.main(["--gebruiker", "b.beheer", "gebruiker", "lijst"]) == 0
    assert asked == ["Wachtwoord van b.beheer: "]
    assert "m.werk" in capsys.readouterr().out


def test_wrong_password_and_wrong_role_are_refused(data_dir, tmp_path, capsys, monkeypatch):
    gid = _with_users()
    _stdin(monkeypatch, "fout wachtwoord\n")
    assert cli.main(["--gebruiker", "m.werk", "--wachtwoord-stdin", "gesprek", "export", str(gid), "-"]) == 5
    err = capsys.readouterr().err
    assert "Aanmelden lukt niet" in err and "Wilma" not in err
    assert _audit_rows("aanmelden_mislukt")[-1].toelichting == "m.werk: verkeerd wachtwoord (toegang-admin)"
    # a teamleider sees figures, not dossiers; a medewerker manages no accounts
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["--gebruiker", "t.leider", "--wachtwoord-stdin", "gesprek", "export", str(gid), "-"]) == 5
    assert "Als teamleider mag u niet gesprekken inzien" in capsys.readouterr().err
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["--gebruiker", "m.werk", "--wachtwoord-stdin", "gebruiker", "lijst"]) == 5
    assert "mag u niet gebruikers beheren" in capsys.readouterr().err
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["--gebruiker", "t.leider", "--wachtwoord-stdin", "statistiek", "--van", "2024-01-01", "--tot",
                     "2024-12-31", "--formaat", "csv", "--uit", str(tmp_path / "s")]) == 0


def test_linked_os_account_signs_in_without_a_prompt(data_dir, capsys, monkeypatch):
    gid = _with_users(os_link=True)
    _stdin(monkeypatch, "")  # nothing to read: no prompt may be needed
    assert cli.main(["gesprek", "export", str(gid), "-"]) == 0
    assert json.loads(capsys.readouterr().out)["gemeente"] == "haaksbergen"
    aangemeld = _audit_rows("aangemeld")[-1]
    assert aangemeld.gebruiker == "m.werk" and aangemeld.toelichting == "met Windows-account (toegang-admin)"


def test_a_medewerker_changes_only_their_own_password(data_dir, capsys, monkeypatch):
    _with_users()
    _stdin(monkeypatch, WW + "\nnog een lange zin hier\n")
    assert cli.main(["--gebruiker", "m.werk", "--wachtwoord-stdin", "gebruiker", "wachtwoord", "m.werk",
                     "--wachtwoord-stdin"]) == 0
    _stdin(monkeypatch, "nog een lange zin hier\nkwaadaardig wachtwoord!\n")
    assert cli.main(["--gebruiker", "m.werk", "--wachtwoord-stdin", "gebruiker", "wachtwoord", "b.beheer",
                     "--wachtwoord-stdin"]) == 5
    assert "alleen uw eigen wachtwoord" in capsys.readouterr().err
    ctx = _db()
    try:
        assert gs.aanmelden(ctx, "b.beheer", WW).rol == "beheerder"
    finally:
        ctx.close()


def test_database_without_users_runs_only_the_safe_commands(data_dir, tmp_path, capsys, monkeypatch):
    _stdin(monkeypatch, "")
    assert cli.main(["init-db"]) == 0
    assert cli.main(["config"]) == 0
    assert cli.main(["kaart", "check"]) == 0
    assert cli.main(["triage", str(CASE)]) == 0
    capsys.readouterr()
    for argv in (["gebruiker", "lijst"], ["bewaren", "lijst"], ["gesprek", "import", str(CASE)],
                 ["statistiek", "--van", "2024-01-01", "--tot", "2024-12-31", "--formaat", "csv", "--uit",
                  str(tmp_path / "s")], ["backup", str(tmp_path / "k.sqlite")]):
        assert cli.main(argv) == 5, argv
        assert "nog geen gebruikers" in capsys.readouterr().err
    assert cli.main(["demo-data", "--inwoners", "3", "--verwijzingen", "2"]) == 0
    capsys.readouterr()
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["gebruiker", "toevoegen", "b.beheer", "--naam", "Bea", "--rol", "beheerder",
                     "--wachtwoord-stdin"]) == 0
    # the demo rows name who made them: the OS account at the console, as a synthetic-data writer
    ctx = _db()
    try:
        with ctx.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Inwoner).where(Inwoner.synthetisch.is_(True))) == 3
    finally:
        ctx.close()
    # from now on the same commands need a sign-in, also init-db's neighbours stay open
    assert cli.main(["init-db"]) == 0 and cli.main(["config"]) == 0 and cli.main(["triage", str(CASE)]) == 0
    assert cli.main(["kaart", "check"]) == 0
    assert cli.main(["demo-data", "--inwoners", "2", "--verwijzingen", "1"]) == 5


def test_demo_data_with_users_needs_a_beheerder(data_dir, capsys, monkeypatch):
    _with_users()
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["--gebruiker", "m.werk", "--wachtwoord-stdin", "demo-data", "--inwoners", "2"]) == 5
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["--gebruiker", "b.beheer", "--wachtwoord-stdin", "demo-data", "--inwoners", "2",
                     "--verwijzingen", "1"]) == 0
    # --als-leeg on a filled database does nothing, and needs no sign-in to do nothing
    _stdin(monkeypatch, "")
    assert cli.main(["demo-data", "--als-leeg", "--inwoners", "2"]) == 0
    assert "al inwoners" in capsys.readouterr().out


# -- demo accounts (item 11) --------------------------------------------------------------------------

def test_demo_accounts_refused_on_a_database_with_real_residents(data_dir, capsys):
    ctx = _db()
    try:
        with ctx.sessions.begin() as s:  # one real resident, entered at the desk before any account existed
            now = datetime.now()
            s.add(Inwoner(naam="Echte Inwoner", zoeknaam="echte inwoner", gemeente="haaksbergen", synthetisch=False,
                          aangemaakt_op=now, gewijzigd_op=now))
    finally:
        ctx.close()
    assert cli.main(["demo-data", "--demo-accounts", "--inwoners", "3", "--verwijzingen", "2"]) == 2
    err = capsys.readouterr().err
    assert "echte (niet-synthetische) inwoners" in err and "niets gemaakt" in err
    ctx = _db()
    try:
        assert gs.eerste_gebruik(ctx)
        with ctx.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Inwoner)) == 1  # no demo rows either
    finally:
        ctx.close()


def test_demo_accounts_on_a_synthetic_database_and_the_audit_names_the_demo_beheerder(data_dir, capsys):
    assert cli.main(["demo-data", "--demo-accounts", "--inwoners", "6", "--verwijzingen", "4"]) == 0
    assert "demo-beheerder" in capsys.readouterr().out
    rows = [r for r in _audit_rows("aangemaakt") if r.object_type == "gebruiker"]
    assert rows[0].gebruiker == "demo-beheerder" and {r.gebruiker for r in rows} == {"demo-beheerder"}


def test_service_refuses_demo_accounts_next_to_real_conversations(ctx):
    from toegang_app.services.demo_accounts import EchteGegevens, maak_demo_accounts

    with ctx.sessions.begin() as s:
        now = datetime.now()
        s.add(Inwoner(naam="Echt Persoon", zoeknaam="echt persoon", gemeente="twenterand", synthetisch=False,
                      aangemaakt_op=now, gewijzigd_op=now))
    with pytest.raises(EchteGegevens):
        maak_demo_accounts(ctx)
    assert gs.eerste_gebruik(ctx)


def test_cli_helper_links_the_os_account(data_dir, capsys):
    """The tests' own helper (used by other CLI tests) really signs in through the OS account."""
    _with_users()
    assert cli_gebruiker("beheerder") == "cli-beheerder"
    assert cli.main(["gebruiker", "lijst"]) == 0
    assert "cli-beheerder" in capsys.readouterr().out
    ctx = _db()
    try:
        assert gs.aanmelden(ctx, "cli-beheerder", CLI_WACHTWOORD).rol == "beheerder"
    finally:
        ctx.close()
