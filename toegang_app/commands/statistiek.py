"""toegang-admin statistiek: figures without personal data to CSV, XLSX or PDF."""

from __future__ import annotations

import argparse
from datetime import date

from toegang_app.domain.vocab import GEMEENTEN

FORMATEN = ("csv", "xlsx", "pdf")


def _datum(text: str) -> date:
    """A date as JJJJ-MM-DD or DD-MM-JJJJ; a Dutch message otherwise (argparse exits with code 2)."""
    t = text.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"'{text}' is geen geldige datum; schrijf de datum als JJJJ-MM-DD (bijvoorbeeld 2025-01-31)")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "statistiek",
        help="exporteer statistiek zonder persoonsgegevens (CSV, XLSX of PDF)",
        description="Telt gesprekken, verwijzingen, treden, uitkomsten, AVE-fasen, termijnen, doorlooptijden en "
        "meer over een periode, per gemeente en tegen dezelfde periode een jaar eerder. Zonder namen of BSN's. "
        "Standaard in de publicatievorm (hele maanden; aantallen van 1 tot en met 4 als '<5', afgerond op "
        "vijftallen) over de laatste 12 hele maanden.",
    )
    p.add_argument("actie", nargs="?", choices=("herbouw",), metavar="herbouw",
                   help="herbouw: bereken de maandtabellen van de statistiek opnieuw uit de gegevens (de database "
                   "houdt ze bij elke wijziging zelf bij; alleen nodig na het terugzetten van losse tabellen)")
    p.add_argument("--van", type=_datum, default=None, metavar="DATUM",
                   help="eerste dag van de periode (JJJJ-MM-DD); standaard de eerste dag van 12 hele maanden terug")
    p.add_argument("--tot", type=_datum, default=None, metavar="DATUM",
                   help="laatste dag van de periode, telt mee (JJJJ-MM-DD); standaard de laatste dag van vorige maand")
    p.add_argument("--vorm", choices=("publicatie", "intern"), default="publicatie", metavar="VORM",
                   help="publicatie (standaard: kleine aantallen afgeschermd, voor raad en college) of intern "
                   "(exacte aantallen voor de eigen gemeente, niet voor publicatie; zonder --gemeente de eigen "
                   "gemeente)")
    p.add_argument("--gemeente", choices=list(GEMEENTEN), default=None, metavar="GEMEENTE",
                   help=f"alleen deze gemeente ({' of '.join(GEMEENTEN)}); zonder deze optie: alle gemeenten")
    p.add_argument("--kern", default=None, metavar="KERN", help="alleen deze kern, bijvoorbeeld Buurse")
    p.add_argument("--team", choices=list(GEMEENTEN), default=None, metavar="TEAM",
                   help="alleen gesprekken en verwijzingen van deze balie")
    p.add_argument("--formaat", choices=FORMATEN, default=None, metavar="FORMAAT",
                   help="csv (map met één bestand per tabel, of .zip), xlsx of pdf")
    p.add_argument("--uit", default=None, metavar="PAD", help="bestand of map voor de export")
    p.set_defaults(func=run)


def herbouw(args) -> int:
    from toegang_app.commands.aanmelden import signed_in_context
    from toegang_app.services.auth import DATABASE_BEHEER
    from toegang_app.services.statistiek import herbouw_maandtabellen

    ctx = signed_in_context(args, DATABASE_BEHEER, wat="statistiek herbouw")
    try:
        aantallen = herbouw_maandtabellen(ctx)
    finally:
        ctx.close()
    print("Maandtabellen van de statistiek opnieuw berekend: "
          + ", ".join(f"{naam.removeprefix('statistiek_')} {n} cellen" for naam, n in aantallen.items()) + ".")
    return 0


def run(args) -> int:
    import sys
    from pathlib import Path

    if args.actie == "herbouw":
        return herbouw(args)
    ontbreekt = [o for o, v in (("--formaat", args.formaat), ("--uit", args.uit)) if v is None]
    if ontbreekt:
        print(f"Fout: {' en '.join(ontbreekt)} {'is' if len(ontbreekt) == 1 else 'zijn'} verplicht bij een export "
              "(of gebruik 'statistiek herbouw').", file=sys.stderr)
        return 2

    from toegang_app.domain.vocab import kern_valid
    from toegang_app.errors import UserError
    from toegang_app.reports.statistiek_export import exporteer
    from toegang_app.commands.aanmelden import signed_in_context
    from toegang_app.services.auth import STATISTIEK
    from toegang_app.services.statistiek import Selectie, bereken, registreer_export

    from toegang_app.domain.statistiek import laatste_volle_maanden

    van0, tot0 = laatste_volle_maanden(date.today())
    args.van = args.van or van0
    args.tot = args.tot or tot0
    if args.tot < args.van:
        print(f"Fout: de einddatum (--tot {args.tot.isoformat()}) ligt vóór de begindatum "
              f"(--van {args.van.isoformat()}).", file=sys.stderr)
        return 2
    if args.kern and args.gemeente and not kern_valid(args.gemeente, args.kern):
        raise UserError(f"'{args.kern}' is geen kern van {GEMEENTEN[args.gemeente]}.")
    if args.kern and not any(kern_valid(g, args.kern) for g in GEMEENTEN):
        raise UserError(f"Onbekende kern '{args.kern}'.")
    selectie = Selectie(args.van, args.tot, gemeente=args.gemeente, kern=args.kern, team=args.team, vorm=args.vorm)
    ctx = signed_in_context(args, STATISTIEK, wat="statistiek")
    if selectie.vorm == "intern" and selectie.gemeente is None and getattr(ctx.user, "team", None):
        from dataclasses import replace

        selectie = replace(selectie, gemeente=ctx.user.team)  # exact counts: the own gemeente
    try:
        rapport = bereken(ctx, selectie)
        pad = exporteer(rapport, Path(args.uit), args.formaat)
        registreer_export(ctx, selectie, args.formaat, str(pad))
    finally:
        ctx.close()
    vorm = "publicatievorm" if selectie.publicatie else "interne vorm, niet voor publicatie"
    print(f"Statistiek over {selectie.periode_nl()} ({vorm}) geschreven naar {pad}")
    return 0
