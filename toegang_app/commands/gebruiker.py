"""toegang-admin gebruiker: add, list, change, deactivate users and set passwords from the console.

A signed-in functioneel beheerder manages users (see ``commands/aanmelden.py``); every change lands in
the audit trail under that beheerder's name. The one exception is the first beheerder of a database
without users. Every user may set their own password. Passwords are asked twice without echo, or read
from standard input with ``--wachtwoord-stdin`` (one line) for scripts; with ``toegang-admin --gebruiker
NAAM --wachtwoord-stdin`` as well, the sign-in password is the first line and the new one the second.
"""

from __future__ import annotations

import getpass
import sys

from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.services.auth import GEBRUIKERS_BEHEER, ROLLEN


def register(subparsers) -> None:
    p = subparsers.add_parser("gebruiker", help="gebruikers toevoegen, tonen, wijzigen of deactiveren",
                              description="Gebruikers van Toegang beheren vanaf de opdrachtregel. Wijzigingen komen "
                              "in de audit trail.")
    sub = p.add_subparsers(dest="gebruiker_opdracht", metavar="OPDRACHT", required=True)

    rollen = ", ".join(f"{k} ({v.lower()})" for k, v in ROLLEN.items())
    t = sub.add_parser("toevoegen", help="voeg een gebruiker toe",
                       description=f"Voegt een gebruiker toe. Rollen: {rollen}. Een medewerker en een "
                       "procesregisseur horen bij één team (balie).")
    t.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM", help="bijvoorbeeld j.jansen (kleine letters)")
    t.add_argument("--naam", required=True, metavar="NAAM", help="volledige naam, zoals collega's hem kennen")
    t.add_argument("--rol", required=True, choices=list(ROLLEN), metavar="ROL", help=f"een van: {', '.join(ROLLEN)}")
    t.add_argument("--team", choices=list(GEMEENTEN), default=None, metavar="TEAM",
                   help=f"balie: {' of '.join(GEMEENTEN)}; zonder: alle balies (niet voor medewerker/procesregisseur)")
    t.add_argument("--windows-account", default=None, metavar="ACCOUNT",
                   help="Windows-gebruikersnaam om zonder wachtwoord aan te melden (instelling aanmelden = os)")
    bron = t.add_mutually_exclusive_group()
    bron.add_argument("--wachtwoord-stdin", action="store_true",
                      help="lees het wachtwoord als één regel van standaardinvoer (voor scripts)")
    bron.add_argument("--zonder-wachtwoord", action="store_true",
                      help="geen wachtwoord: alleen aanmelden met het Windows-account")
    t.set_defaults(func=run_toevoegen)

    lst = sub.add_parser("lijst", help="toon alle gebruikers", description="Toont alle gebruikers met rol, team en status.")
    lst.add_argument("--alleen-actief", action="store_true", help="laat gedeactiveerde gebruikers weg")
    lst.set_defaults(func=run_lijst)

    w = sub.add_parser("wachtwoord", help="stel een nieuw wachtwoord in",
                       description="Stelt een nieuw wachtwoord in voor een gebruiker (bijvoorbeeld als het vergeten is).")
    w.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM")
    w.add_argument("--wachtwoord-stdin", action="store_true",
                   help="lees het wachtwoord als één regel van standaardinvoer (voor scripts)")
    w.set_defaults(func=run_wachtwoord)

    d = sub.add_parser("deactiveren", help="zet een gebruiker op non-actief (kan niet meer aanmelden)",
                       description="Een gedeactiveerde gebruiker kan zich niet meer aanmelden; de naam blijft in de "
                       "historie en de audit trail.")
    d.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM")
    d.set_defaults(func=run_deactiveren)

    a = sub.add_parser("activeren", help="maak een gedeactiveerde gebruiker weer actief")
    a.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM")
    a.set_defaults(func=run_activeren)

    o = sub.add_parser("ontgrendelen", help="geef een account vrij dat na mislukte aanmeldingen wacht",
                       description="Na vijf mislukte aanmeldingen wacht een account even (eerst 1 minuut, daarna "
                       "langer, hooguit 15 minuten). Dit geeft het account meteen vrij; de audit trail vermeldt het.")
    o.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM")
    o.set_defaults(func=run_ontgrendelen)

    c = sub.add_parser("wijzigen", help="wijzig naam, rol, team of Windows-account",
                       description="Wijzigt wat u opgeeft; de rest blijft hetzelfde. Oude en nieuwe waarden komen in "
                       "de audit trail.")
    c.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM")
    c.add_argument("--naam", default=None, metavar="NAAM", help="nieuwe naam")
    c.add_argument("--rol", choices=list(ROLLEN), default=None, metavar="ROL", help=f"een van: {', '.join(ROLLEN)}")
    team = c.add_mutually_exclusive_group()
    team.add_argument("--team", choices=list(GEMEENTEN), default=None, metavar="TEAM",
                      help=f"balie: {' of '.join(GEMEENTEN)}")
    team.add_argument("--alle-balies", action="store_true", help="geen vaste balie (teamleider, beheerder)")
    acc = c.add_mutually_exclusive_group()
    acc.add_argument("--windows-account", default=None, metavar="ACCOUNT", help="koppel dit Windows-account")
    acc.add_argument("--geen-windows-account", action="store_true", help="ontkoppel het Windows-account")
    c.set_defaults(func=run_wijzigen)


# -- helpers ---------------------------------------------------------------------------------------

def _ctx(args, *, eerste_beheerder: bool = False, eigen: bool = False):
    """Open the database signed in as a beheerder. ``eerste_beheerder``: on a database without users no
    sign-in (the service admits only a beheerder as the first user). ``eigen``: any signed-in user (the
    service lets everyone change their own password only)."""
    from toegang_app.commands.aanmelden import sign_in
    from toegang_app.services import gebruikers as gs
    from toegang_app.services.auth import GEBRUIKERS_BEHEER
    from toegang_app.services.context import open_context

    ctx = open_context(load=False)
    try:
        if not (eerste_beheerder and gs.eerste_gebruik(ctx)):
            sign_in(ctx, args, None if eigen else GEBRUIKERS_BEHEER, wat="gebruikersbeheer")
        return ctx
    except BaseException:
        ctx.close()
        raise


def _lees_wachtwoord(van_stdin: bool) -> str:
    from toegang_app.errors import UserError

    if van_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UserError("Geen wachtwoord op standaardinvoer gevonden.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("Er is geen terminal om het wachtwoord te vragen. Gebruik --wachtwoord-stdin.")
    een = getpass.getpass("Wachtwoord: ")
    twee = getpass.getpass("Herhaal wachtwoord: ")
    if een != twee:
        raise UserError("De twee wachtwoorden zijn niet gelijk. Er is niets gewijzigd.")
    return een


def _als_fout(fn):
    """InvalidInput (a field problem) becomes a one-line Dutch error with exit code 2."""
    from toegang_app.domain.validation import InvalidInput
    from toegang_app.errors import UserError

    class Invoerfout(UserError):
        exit_code = 2

    def wrapped(args):
        try:
            return fn(args)
        except InvalidInput as exc:
            raise Invoerfout(exc.message) from exc
    wrapped.__name__ = fn.__name__
    return wrapped


# -- commands --------------------------------------------------------------------------------------

@_als_fout
def run_toevoegen(args) -> int:
    from toegang_app.errors import UserError
    from toegang_app.services import gebruikers as gs

    if args.zonder_wachtwoord and not args.windows_account:
        raise UserError("Zonder wachtwoord kan de gebruiker alleen aanmelden met een Windows-account. Geef "
                        "--windows-account op, of laat --zonder-wachtwoord weg.")
    ctx = _ctx(args, eerste_beheerder=True)
    try:
        wachtwoord = None if args.zonder_wachtwoord else _lees_wachtwoord(args.wachtwoord_stdin)
        rij = gs.maak_gebruiker(ctx, args.gebruikersnaam, args.naam, args.rol, args.team, wachtwoord=wachtwoord,
                                os_account=args.windows_account)
    finally:
        ctx.close()
    print(f"Gebruiker {rij.gebruikersnaam} ({rij.rol_naam.lower()}, {rij.team_naam}) is toegevoegd.")
    return 0


def run_lijst(args) -> int:
    from toegang_app.services import gebruikers as gs

    ctx = _ctx(args)
    try:
        rijen = gs.lijst_gebruikers(ctx, ook_inactief=not args.alleen_actief)
    finally:
        ctx.close()
    if not rijen:
        print("Er zijn nog geen gebruikers. Voeg de eerste beheerder toe met: toegang-admin gebruiker toevoegen "
              "GEBRUIKERSNAAM --naam NAAM --rol beheerder")
        return 0
    kop = ("Gebruikersnaam", "Naam", "Rol", "Team", "Windows-account", "Status")
    rows = [(g.gebruikersnaam, g.naam, g.rol_naam, g.team_naam, g.os_account or "-",
             "actief" if g.actief else "gedeactiveerd") for g in rijen]
    widths = [max(len(str(r[i])) for r in [kop, *rows]) for i in range(len(kop))]
    for r in [kop, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
    print(f"{len(rijen)} gebruiker{'s' if len(rijen) != 1 else ''}.")
    return 0


@_als_fout
def run_wachtwoord(args) -> int:
    from toegang_app.services import gebruikers as gs

    ctx = _ctx(args, eigen=True)
    try:
        if ctx.user.may(GEBRUIKERS_BEHEER):
            rij = gs.zoek_gebruiker(ctx, args.gebruikersnaam)
        elif gs.normaliseer_gebruikersnaam(args.gebruikersnaam) == ctx.user.gebruikersnaam:
            rij = ctx.user
        else:
            from toegang_app.errors import PermissionDenied

            raise PermissionDenied("U kunt alleen uw eigen wachtwoord wijzigen; voor anderen is een functioneel "
                                   "beheerder nodig.")
        gs.zet_wachtwoord(ctx, rij.id, _lees_wachtwoord(args.wachtwoord_stdin))
    finally:
        ctx.close()
    print(f"Het wachtwoord van {rij.gebruikersnaam} is ingesteld.")
    return 0


def _zet_actief(args, actief: bool) -> int:
    from toegang_app.services import gebruikers as gs

    ctx = _ctx(args)
    try:
        rij = gs.zoek_gebruiker(ctx, args.gebruikersnaam)
        gs.zet_actief(ctx, rij.id, actief)
    finally:
        ctx.close()
    print(f"Gebruiker {rij.gebruikersnaam} is {'weer actief' if actief else 'gedeactiveerd'}.")
    return 0


def run_deactiveren(args) -> int:
    return _zet_actief(args, False)


def run_activeren(args) -> int:
    return _zet_actief(args, True)


def run_ontgrendelen(args) -> int:
    from toegang_app.services import gebruikers as gs

    ctx = _ctx(args)
    try:
        rij = gs.zoek_gebruiker(ctx, args.gebruikersnaam)
        gs.ontgrendel(ctx, rij.id)
    finally:
        ctx.close()
    print(f"Gebruiker {rij.gebruikersnaam} is vrijgegeven en kan zich weer aanmelden.")
    return 0


@_als_fout
def run_wijzigen(args) -> int:
    from toegang_app.services import gebruikers as gs

    kw = {}
    if args.naam is not None:
        kw["naam"] = args.naam
    if args.rol is not None:
        kw["rol"] = args.rol
    if args.team is not None or args.alle_balies:
        kw["team"] = None if args.alle_balies else args.team
    if args.windows_account is not None or args.geen_windows_account:
        kw["os_account"] = None if args.geen_windows_account else args.windows_account
    if not kw:
        print("Niets te wijzigen: geef --naam, --rol, --team, --alle-balies, --windows-account of "
              "--geen-windows-account op.", file=sys.stderr)
        return 2
    ctx = _ctx(args)
    try:
        rij = gs.zoek_gebruiker(ctx, args.gebruikersnaam)
        nieuw = gs.wijzig_gebruiker(ctx, rij.id, **kw)
    finally:
        ctx.close()
    print(f"Gebruiker {nieuw.gebruikersnaam} is gewijzigd: {nieuw.naam}, {nieuw.rol_naam.lower()}, {nieuw.team_naam}"
          f"{', Windows-account ' + nieuw.os_account if nieuw.os_account else ''}.")
    return 0
