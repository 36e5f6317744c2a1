"""toegang-admin kalender: the one calendar every term is counted on (Algemene termijnenwet), the desk's
own closing days, and confirming a besluit gelijkstelling against the Staatscourant; and
``toegang-admin termijnen GESPREK`` shows a stored conversation's terms as the Termijnen panel does."""

from __future__ import annotations

import argparse
from datetime import date


def _datum(text: str) -> date:
    from toegang_app.domain.validation import InvalidInput, parse_datum

    try:
        return parse_datum(text, field="datum")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _nette_fout(func):
    """Invalid input gets its Dutch message and exit code 2, never a traceback."""
    import functools
    import sys

    @functools.wraps(func)
    def run(args) -> int:
        from toegang_app.domain.validation import InvalidInput

        try:
            return func(args)
        except InvalidInput as exc:
            print(f"Fout: {exc.message}", file=sys.stderr)
            return 2
    return run


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "kalender", help="feestdagen (Algemene termijnenwet) en sluitingsdagen van de balie",
        description="De kalender waarop Toegang alle termijnen telt: de algemeen erkende feestdagen en Goede "
                    "Vrijdag (Algemene termijnenwet art. 3 lid 1 en 2), de gelijkgestelde dagen uit het besluit "
                    "(art. 3 lid 3, resources/atw_kalender.yaml) en de eigen sluitingsdagen van de balie. "
                    "Sluitingsdagen tellen alleen voor afspraken van de balie, nooit voor een wettelijke termijn.")
    sub = p.add_subparsers(dest="kalender_opdracht", metavar="OPDRACHT", required=True)
    t = sub.add_parser("toon", help="toon de dagen van een jaar die niet als werkdag tellen")
    t.add_argument("jaar", type=int, nargs="?", default=None, help="het jaar (standaard dit jaar)")
    t.set_defaults(func=run_toon)
    s = sub.add_parser("sluitingsdag", help="voeg een eigen sluitingsdag van de balie toe")
    s.add_argument("datum", type=_datum, help="de datum (dd-mm-jjjj of jjjj-mm-dd)")
    s.add_argument("omschrijving", help="waarom de balie dicht is, bijvoorbeeld 'teamdag'")
    s.add_argument("--gemeente", default=None, help="alleen voor de balie van deze gemeente (standaard: alle balies)")
    s.set_defaults(func=run_sluitingsdag)
    v = sub.add_parser("verwijder", help="verwijder een eigen sluitingsdag (nummer uit 'kalender toon')")
    v.add_argument("nummer", type=int)
    v.set_defaults(func=run_verwijder)
    b = sub.add_parser("bevestig", help="bevestig een besluit gelijkstelling na controle in de Staatscourant")
    b.add_argument("sleutel", help="de sleutel van het besluit (zie 'kalender toon')")
    b.set_defaults(func=run_bevestig)

    tp = subparsers.add_parser(
        "termijnen", help="toon de termijnen van een opgeslagen gesprek",
        description="Toont de termijnen van een opgeslagen gesprek zoals het paneel Termijnen ze toont: wet, stap, "
                    "uiterlijke datum, grondslag en stand. Zonder namen.")
    tp.add_argument("gesprek", type=int, help="het nummer van het gesprek")
    tp.add_argument("--peildatum", type=_datum, default=None, help="de stand op deze datum (standaard vandaag)")
    tp.set_defaults(func=run_termijnen)


def _ctx(args, recht: str | None, wat: str):
    """The configured database with the signed-in user (toegang-admin --gebruiker NAAM ...)."""
    from toegang_app.commands.aanmelden import signed_in_context

    return signed_in_context(args, recht, wat=wat)


def _beheer() -> str:
    from toegang_app.services.auth import KALENDER_BEHEER

    return KALENDER_BEHEER


@_nette_fout
def run_toon(args) -> int:
    from toegang_app.domain.kalender import WEEKDAGEN
    from toegang_app.services import termijnen as tsvc

    jaar = args.jaar or date.today().year
    ctx = _ctx(args, None, "de kalender van de balie")
    try:
        kal = tsvc.kalender(ctx, vers=True)
        eigen = tsvc.sluitingsdagen(ctx, jaar)
    finally:
        ctx.close()
    print(f"Dagen in {jaar} die niet als werkdag tellen (naast zaterdag en zondag):")
    for d in kal.atw_dagen(jaar):
        status = f"; {d.status}" if d.status != "wet" else ""
        print(f"  {d.datum:%d-%m-%Y} {WEEKDAGEN[d.datum.weekday()]:<9}  {d.naam}  ({d.grondslag}{status})")
    if not kal.besluit_bekend(jaar):
        print(f"  Voor {jaar} is nog geen besluit over gelijkgestelde dagen (art. 3 lid 3) bekend.")
    print("\nBesluiten gelijkstelling (Algemene termijnenwet art. 3 lid 3):")
    for b in kal.besluiten:
        print(f"  {b.sleutel}: {kal.status_van(b)}; {b.titel}. Bron: {b.bron}")
    print("\nEigen sluitingsdagen van de balie (alleen voor afspraken van de balie):")
    if not eigen:
        print("  geen")
    for s in eigen:
        print(f"  nummer {s.id}: {s.datum:%d-%m-%Y} {WEEKDAGEN[s.datum.weekday()]:<9}  {s.omschrijving}  "
              f"({'alle balies' if s.gemeente is None else s.gemeente})")
    return 0


@_nette_fout
def run_sluitingsdag(args) -> int:
    from toegang_app.services import termijnen as tsvc

    ctx = _ctx(args, _beheer(), "een sluitingsdag toevoegen")
    try:
        nummer = tsvc.voeg_sluitingsdag_toe(ctx, args.datum, args.omschrijving, args.gemeente)
    finally:
        ctx.close()
    print(f"Sluitingsdag {args.datum:%d-%m-%Y} toegevoegd (nummer {nummer}). Deze dag telt alleen voor afspraken "
          "van de balie, niet voor wettelijke termijnen.")
    return 0


@_nette_fout
def run_verwijder(args) -> int:
    from toegang_app.services import termijnen as tsvc

    ctx = _ctx(args, _beheer(), "een sluitingsdag verwijderen")
    try:
        tsvc.verwijder_sluitingsdag(ctx, args.nummer)
    finally:
        ctx.close()
    print(f"Sluitingsdag {args.nummer} verwijderd.")
    return 0


@_nette_fout
def run_bevestig(args) -> int:
    from toegang_app.services import termijnen as tsvc

    ctx = _ctx(args, _beheer(), "een besluit bevestigen")
    try:
        tsvc.bevestig_besluit(ctx, args.sleutel)
    finally:
        ctx.close()
    print(f"Besluit '{args.sleutel}' bevestigd. Dit staat in de audit trail.")
    return 0


@_nette_fout
def run_termijnen(args) -> int:
    from toegang_app.services import termijnen as tsvc

    from toegang_app.services.auth import GESPREK_LEZEN

    ctx = _ctx(args, GESPREK_LEZEN, "de termijnen van een gesprek")
    try:
        terms = tsvc.termijnen_voor_gesprek(ctx, args.gesprek, args.peildatum)
    finally:
        ctx.close()
    if not terms:
        print(f"Gesprek {args.gesprek}: geen termijnen (of het gesprek bestaat niet).")
        return 0
    for t in terms:
        print(f"{t.uiterlijk:%d-%m-%Y}  {t.wet}: {t.stap}  ({t.grondslag}; {t.soort_label})  {t.status_label}")
    return 0
