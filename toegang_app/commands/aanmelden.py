"""Signing in on the command line: every ``toegang-admin`` command that reads or changes personal data or
accounts runs as a signed-in user with the role it needs, and the audit trail names that user.

- The operating-system account linked to an active user (``gebruiker toevoegen --windows-account``)
  signs in without a prompt.
- Otherwise ``toegang-admin --gebruiker NAAM OPDRACHT ...`` asks for the password (without echo), or
  reads it as one line from standard input with ``--wachtwoord-stdin`` (scripts). When the command
  itself also reads a password from standard input (``gebruiker toevoegen|wachtwoord
  --wachtwoord-stdin``), the sign-in password is the first line and the new password the second.
- Sign-in goes through ``services.gebruikers.aanmelden``: the same argon2 check, lockout and audit
  rows as the window.
- On a database without users only ``init-db``, ``config``, ``kaart check``, ``triage``, ``demo-data``
  (synthetic, without accounts) and adding the first beheerder run. ``init-db``, ``config``,
  ``kaart check`` and ``triage`` of a file never ask for a sign-in; neither do ``ave check`` and the HSDS
  export/import, which read files only.
"""

from __future__ import annotations

import getpass
import sys

from toegang_app.errors import PermissionDenied, UserError

GEEN_GEBRUIKERS = (
    "Deze database heeft nog geen gebruikers. Voeg eerst de eerste functioneel beheerder toe: "
    "toegang-admin gebruiker toevoegen GEBRUIKERSNAAM --naam NAAM --rol beheerder. Tot dan werken alleen "
    "init-db, config, kaart check, triage en demo-data (zonder accounts)."
)


def add_arguments(parser) -> None:
    """The global sign-in options (before the command): ``--gebruiker NAAM [--wachtwoord-stdin]``."""
    g = parser.add_argument_group("aanmelden (voor opdrachten met persoonsgegevens of accounts)")
    g.add_argument("--gebruiker", dest="aanmeld_gebruiker", default=None, metavar="NAAM",
                   help="meld aan als deze gebruiker; het wachtwoord wordt gevraagd. Zonder deze optie meldt het "
                   "Windows-/systeemaccount aan dat aan een actieve gebruiker is gekoppeld")
    g.add_argument("--wachtwoord-stdin", dest="aanmeld_wachtwoord_stdin", action="store_true",
                   help="lees het wachtwoord van --gebruiker als één regel van standaardinvoer (voor scripts)")


def _wachtwoord(args) -> str:
    naam = args.aanmeld_gebruiker
    if getattr(args, "aanmeld_wachtwoord_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise PermissionDenied("Geen wachtwoord op standaardinvoer gevonden (--wachtwoord-stdin).")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise PermissionDenied(f"Er is geen terminal om het wachtwoord van {naam} te vragen. Gebruik "
                               "--wachtwoord-stdin en geef het wachtwoord als één regel op standaardinvoer.")
    return getpass.getpass(f"Wachtwoord van {naam}: ")


def sign_in(ctx, args, recht: str | None, *, wat: str = "deze opdracht"):
    """Sign in for a command that needs ``recht`` (None: any signed-in user). Sets and returns ctx.user.
    Raises PermissionDenied / AanmeldFout (Dutch, exit code 5)."""
    from toegang_app.services import gebruikers
    from toegang_app.services.auth import require

    if gebruikers.eerste_gebruik(ctx):
        raise PermissionDenied(GEEN_GEBRUIKERS)
    naam = getattr(args, "aanmeld_gebruiker", None)
    if naam:
        user = gebruikers.aanmelden(ctx, naam, _wachtwoord(args), via="toegang-admin")
    else:
        if getattr(args, "aanmeld_wachtwoord_stdin", False):
            raise PermissionDenied("--wachtwoord-stdin hoort bij --gebruiker NAAM: geef ook aan wie zich aanmeldt.")
        user = gebruikers.aanmelden_os(ctx, via="toegang-admin")
        if user is None:
            wie = gebruikers.os_gebruikersnaam() or "onbekend"
            raise PermissionDenied(
                f"Voor {wat} moet u zich aanmelden. Uw account op deze computer ({wie}) is niet aan een actieve "
                "gebruiker van Toegang gekoppeld. Meld u aan met: toegang-admin --gebruiker GEBRUIKERSNAAM "
                f"{_opdracht(args)} (het wachtwoord wordt gevraagd; voor scripts: --wachtwoord-stdin).")
    if recht is not None:
        require(user, recht)
    ctx.user = user
    return user


def _opdracht(args) -> str:
    return str(getattr(args, "opdracht", "") or "OPDRACHT") + " ..."


def signed_in_context(args, recht: str | None, *, load: bool = False, wat: str = "deze opdracht"):
    """Open the configured database and sign in; the caller closes the context."""
    from toegang_app.config import load_config
    from toegang_app.services.context import open_context

    ctx = open_context(load_config(), load=load)
    try:
        sign_in(ctx, args, recht, wat=wat)
        return ctx
    except BaseException:
        ctx.close()
        raise


class Invoerfout(UserError):
    exit_code = 2
