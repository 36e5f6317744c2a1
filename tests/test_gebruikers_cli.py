"""toegang-admin gebruiker: add, list, change, password, deactivate, as a signed-in beheerder at the console;
Dutch messages, exit codes, passwords never echoed and stored only as argon2 hashes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from toegang_app import cli
from toegang_app.commands import gebruiker as cmd
from toegang_app.services import gebruikers as gs
from toegang_app.services.context import open_context
from toegang_app.storage.models import AuditRegel, Gebruiker

WW = "lange zin als wachtwoord"


def _stdin(monkeypatch, text: str, tty: bool = False) -> None:
    s = io.StringIO(text)
    s.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", s)


def _db(config):
    ctx = open_context(config, load=False)
    return ctx


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["gebruiker", "toevoegen", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "--wachtwoord-stdin" in out and "Voegt een gebruiker toe" in out and "gebruik: toegang-admin" in out
    assert "usage:" not in out


def test_add_list_change_deactivate(data_dir, config, monkeypatch, capsys):
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["gebruiker", "toevoegen", "b.beheer", "--naam", "Bea Beheer", "--rol", "beheerder",
                     "--wachtwoord-stdin"]) == 0
    assert "b.beheer (functioneel beheerder, Alle balies) is toegevoegd" in capsys.readouterr().out
    # from now on the database has a user: the beheerder signs in (password asked, then the new one twice)
    asked = []
    monkeypatch.setattr(cmd.getpass, "getpass", lambda prompt: asked.append(prompt) or WW)
    from toegang_app.commands import aanmelden

    monkeypatch.setattr(aanmelden.getpass, "getpass", lambda prompt: asked.append(prompt) or WW)
    _stdin(monkeypatch, "", tty=True)
    assert cli.main(["--gebruiker", "b.beheer", "gebruiker", "toevoegen", "m.werk", "--naam", "Mia Werk",
                     "--rol", "medewerker", "--team", "twenterand", "--windows-account", "MWerk"]) == 0
    assert asked == ["Wachtwoord van b.beheer: ", "Wachtwoord: ", "Herhaal wachtwoord: "]
    capsys.readouterr()
    als = ["--gebruiker", "b.beheer", "--wachtwoord-stdin"]
    _stdin(monkeypatch, WW + "\n")
    assert cli.main([*als, "gebruiker", "lijst"]) == 0
    out = capsys.readouterr().out
    assert "m.werk" in out and "Toegangsmedewerker" in out and "Twenterand" in out and "mwerk" in out
    assert "2 gebruikers." in out and WW not in out

    _stdin(monkeypatch, WW + "\n")
    assert cli.main([*als, "gebruiker", "wijzigen", "m.werk", "--rol", "procesregisseur"]) == 0
    _stdin(monkeypatch, WW + "\neen nieuwe lange zin\n")  # sign-in password first, then the new one
    assert cli.main([*als, "gebruiker", "wachtwoord", "m.werk", "--wachtwoord-stdin"]) == 0
    _stdin(monkeypatch, WW + "\n")
    assert cli.main([*als, "gebruiker", "deactiveren", "m.werk"]) == 0
    capsys.readouterr()
    _stdin(monkeypatch, WW + "\n")
    assert cli.main([*als, "gebruiker", "lijst", "--alleen-actief"]) == 0
    assert "m.werk" not in capsys.readouterr().out
    _stdin(monkeypatch, WW + "\n")
    assert cli.main([*als, "gebruiker", "activeren", "m.werk"]) == 0

    ctx = _db(config)
    try:
        assert gs.aanmelden(ctx, "m.werk", "een nieuwe lange zin").rol == "procesregisseur"
        with ctx.sessions() as s:
            hashes = [g.wachtwoord_hash for g in s.scalars(select(Gebruiker))]
            assert all(h.startswith("$argon2id$") for h in hashes)
            rows = list(s.scalars(select(AuditRegel).where(AuditRegel.object_type == "gebruiker")))
        assert {r.actie for r in rows} >= {"aangemaakt", "gewijzigd", "wachtwoord_gezet", "gedeactiveerd",
                                           "geactiveerd"}
        # the audit names the signed-in beheerder (the first one created itself), never a "systeem" user
        assert {r.gebruiker for r in rows if r.actie not in ("aangemeld", "aanmelden_mislukt")} == {"b.beheer"}
        assert any(r.actie == "aangemeld" and "toegang-admin" in r.toelichting for r in rows)
    finally:
        ctx.close()


def test_errors_are_one_dutch_line_with_exit_code(data_dir, monkeypatch, capsys):
    _stdin(monkeypatch, "kort\n")
    assert cli.main(["gebruiker", "toevoegen", "b.beheer", "--naam", "Bea", "--rol", "beheerder",
                     "--wachtwoord-stdin"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: Het wachtwoord is te kort") and "Traceback" not in err
    _stdin(monkeypatch, WW + "\n")
    assert cli.main(["gebruiker", "toevoegen", "mw", "--naam", "Mia", "--rol", "medewerker", "--wachtwoord-stdin"]) == 2
    assert "hoort bij één balie" in capsys.readouterr().err
    # no terminal and no --wachtwoord-stdin: say how
    _stdin(monkeypatch, "")
    assert cli.main(["gebruiker", "toevoegen", "b.beheer", "--naam", "Bea", "--rol", "beheerder"]) == 1
    assert "--wachtwoord-stdin" in capsys.readouterr().err
    assert cli.main(["gebruiker", "deactiveren", "bestaat.niet"]) == 5  # no users yet: nobody to sign in
    assert "nog geen gebruikers" in capsys.readouterr().err
    assert cli.main(["gebruiker", "toevoegen", "x.y", "--naam", "X", "--rol", "teamleider",
                     "--zonder-wachtwoord"]) == 1
    assert "Windows-account" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        cli.main(["gebruiker", "toevoegen", "x.y", "--naam", "X", "--rol", "baas"])
    assert e.value.code == 2 and "ongeldige keuze" in capsys.readouterr().err


def test_mismatched_interactive_passwords_change_nothing(data_dir, config, monkeypatch, capsys):
    answers = iter([WW, WW + "x"])
    monkeypatch.setattr(cmd.getpass, "getpass", lambda prompt: next(answers))
    _stdin(monkeypatch, "", tty=True)
    assert cli.main(["gebruiker", "toevoegen", "b.beheer", "--naam", "Bea", "--rol", "beheerder"]) == 1
    assert "niet gelijk" in capsys.readouterr().err
    ctx = _db(config)
    try:
        assert gs.eerste_gebruik(ctx)
    finally:
        ctx.close()
