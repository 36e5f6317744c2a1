"""toegang-admin demo-data: fill the database with clearly-marked synthetic demo cases."""

from __future__ import annotations


def _positief(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"'{text}' mag niet negatief zijn")
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "demo-data",
        help="vul de database met synthetische demogegevens (verzonnen inwoners, gemarkeerd als synthetisch)",
        description="Maakt verzonnen inwoners ('Demo-...'), gesprekken (ook vervolggesprekken), AVE-historie, "
        "termijnen en verwijzingen in beide gemeenten. Standaard enkele jaren op de schaal van de balies van "
        "Haaksbergen en Twenterand, afgeleid uit de cijfers in de seeds. Alles is gemarkeerd als synthetisch en "
        "gebruikt test-BSN's.",
    )
    p.add_argument("--inwoners", type=_positief, default=None, metavar="N",
                   help="aantal inwoners; zonder --inwoners en --verwijzingen: de schaal van een echte balie")
    p.add_argument("--verwijzingen", type=_positief, default=None, metavar="M",
                   help="aantal verwijzingen; zonder --inwoners en --verwijzingen: de schaal van een echte balie")
    p.add_argument("--jaren", type=_positief, default=4, metavar="J",
                   help="aantal jaren tot en met vorige maand op de schaal van een echte balie (standaard 4)")
    p.add_argument("--seed", type=int, default=1, metavar="S",
                   help="startwaarde van het toeval: dezelfde seed geeft dezelfde gegevens (standaard 1)")
    p.add_argument("--als-leeg", action="store_true", dest="als_leeg",
                   help="alleen vullen als de database nog geen inwoners heeft")
    p.add_argument("--demo-accounts", action="store_true", dest="demo_accounts",
                   help="maak ook synthetische demo-accounts (alleen als er nog geen gebruikers zijn); "
                   "ze hebben allemaal hetzelfde, openbare wachtwoord: alleen voor demo en training")
    p.set_defaults(func=run)


def run(args) -> int:
    """On a database without users demo-data runs without signing in (synthetic data only, and with
    --demo-accounts the demo accounts, unless real residents are present). On a database with users it
    needs a signed-in functioneel beheerder."""
    from sqlalchemy import select

    from toegang_app.commands.aanmelden import sign_in
    from toegang_app.services import gebruikers
    from toegang_app.services.auth import DATABASE_BEHEER, demo_gegevens_gebruiker
    from toegang_app.services.context import open_context
    from toegang_app.errors import UserError
    from toegang_app.services.demo import DemoResultaat, vul_demo, vul_demo_balie
    from toegang_app.services.demo_accounts import DEMO_WACHTWOORD, maak_demo_accounts, weiger_bij_echte_inwoners
    from toegang_app.storage.models import Inwoner

    ctx = open_context(load=False)
    try:
        with ctx.sessions() as s:
            heeft_inwoners = s.scalar(select(Inwoner.id).limit(1)) is not None
        if args.als_leeg and heeft_inwoners:
            res = DemoResultaat(overgeslagen=True)  # nothing to do: no sign-in needed to do nothing
        else:
            door = None
            eerste = gebruikers.eerste_gebruik(ctx)
            if not eerste:
                door = sign_in(ctx, args, DATABASE_BEHEER, wat="demogegevens op een database met gebruikers")
            accounts = getattr(args, "demo_accounts", False)
            if accounts:
                weiger_bij_echte_inwoners(ctx)  # before anything is written
            ctx.user = demo_gegevens_gebruiker(door)
            from toegang_app.services.bronnen import bron_tekst

            say = lambda m: print(bron_tekst(m), flush=True)  # noqa: E731 - sources as document and line
            if args.inwoners is None and args.verwijzingen is None:
                res = vul_demo_balie(ctx, args.jaren, args.seed, progress=say)
            else:
                if args.jaren != 4:
                    raise UserError("--jaren hoort bij de schaal van een echte balie; laat het weg bij "
                                    "--inwoners en --verwijzingen.")
                res = vul_demo(ctx, args.inwoners or 40, 120 if args.verwijzingen is None else args.verwijzingen,
                               args.seed, progress=say)
            if accounts:
                namen = maak_demo_accounts(ctx)
                if namen:
                    print(f"Demo-accounts: {', '.join(namen)}; wachtwoord {DEMO_WACHTWOORD} (alleen voor demo).")
                else:
                    print("De database heeft al gebruikers; er zijn geen demo-accounts gemaakt.")
    finally:
        ctx.close()
    if res.overgeslagen:
        print("De database heeft al inwoners; er zijn geen demogegevens toegevoegd.")
        return 0
    print(f"Klaar: {res.inwoners} inwoners, {res.gesprekken} gesprekken en {res.verwijzingen} verwijzingen "
          f"({res.rijen} rijen) in {res.seconden:.1f} s. Alle gegevens zijn gemarkeerd als synthetisch.")
    return 0
