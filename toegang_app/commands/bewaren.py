"""toegang-admin bewaren: which conversations are past their retention term, and destroying or
anonymising them (one audit row per run, without names)."""

from __future__ import annotations

import sys
from datetime import date


def _datum(text: str) -> date:
    import argparse

    from toegang_app.domain.validation import InvalidInput, parse_datum

    try:
        return parse_datum(text, field="peildatum")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def register(subparsers) -> None:
    p = subparsers.add_parser("bewaren", help="bewaartermijnen: wat moet weg, en vernietigen of anonimiseren",
                              description="Bewaartermijnen per wet en resultaat van de Selectielijst 2020 "
                              "(resources/bewaartermijnen.yaml): Wmo-voorziening 15 jaar (8.3.1), jeugdhulp 20 jaar "
                              "(8.3.2), schuldhulpverlening 5 jaar (8.3.5), geen voorziening 5 jaar (8.2), gerekend "
                              "vanaf het einde van het dossier.")
    sub = p.add_subparsers(dest="bewaren_opdracht", metavar="OPDRACHT", required=True)

    lst = sub.add_parser("lijst", help="toon de gesprekken waarvan de bewaartermijn is verstreken",
                         description="Toont per gesprek de wet, het einde van het dossier en tot wanneer het bewaard "
                                     "moest worden, en de open verzoeken van inwoners om vernietiging. Zonder namen.")
    lst.add_argument("--peildatum", type=_datum, default=None, metavar="DATUM",
                     help="verstreken op of vóór deze datum (dd-mm-jjjj of jjjj-mm-dd); standaard vandaag")
    lst.set_defaults(func=run_lijst)

    u = sub.add_parser("uitvoeren", help="vernietig of anonimiseer alle gesprekken met een verstreken termijn",
                       description="Vernietigt of anonimiseert alle gesprekken waarvan de bewaartermijn vandaag of "
                                   "eerder is verstreken. Dit kan niet ongedaan worden gemaakt. In de audit trail komt "
                                   "één regel: dat het is gebeurd en hoeveel, zonder namen.")
    wat = u.add_mutually_exclusive_group(required=True)
    wat.add_argument("--vernietigen", action="store_true",
                     help="verwijder de gesprekken, verwijzingen en inwoners zonder ander gesprek")
    wat.add_argument("--anonimiseren", action="store_true",
                     help="haal namen, contactgegevens en vrije tekst weg; de cijfers blijven voor de statistiek")
    u.add_argument("--ja", action="store_true", help="niet om bevestiging vragen (voor geplande taken)")
    u.set_defaults(func=run_uitvoeren)

    a = sub.add_parser("audit-opschonen", help="verwijder de auditregels over vernietigde en geanonimiseerde "
                                                "gesprekken",
                       description="Verwijdert de regels van de audit trail over gesprekken, inwoners en "
                                   "verwijzingen die na hun bewaartermijn zijn vernietigd of geanonimiseerd. Op "
                                   "PostgreSQL alleen met de eigenaarsrol (TOEGANG_DATABASE_URL van "
                                   "toegang_eigenaar); de audit trail blijft voor iedereen verder alleen-toevoegen. "
                                   "In de audit trail komt één regel met het aantal.")
    a.add_argument("--ja", action="store_true", help="niet om bevestiging vragen (voor geplande taken)")
    a.set_defaults(func=run_audit_opschonen)


def _ctx(args):
    from toegang_app.commands.aanmelden import signed_in_context
    from toegang_app.services.auth import BEWAREN_BEHEER
    from toegang_app.services.resources import load_resources

    ctx = signed_in_context(args, BEWAREN_BEHEER, wat="bewaartermijnen")
    ctx.resources = load_resources(ctx.config, onderdelen=("bewaren",))
    return ctx


def run_lijst(args) -> int:
    from toegang_app.domain import nl
    from toegang_app.services import bewaren

    ctx = _ctx(args)
    try:
        items = bewaren.te_vernietigen(ctx, args.peildatum)
        verzoeken = bewaren.lijst_verzoeken(ctx, ook_uitgevoerd=False)
        n_audit = bewaren.verlopen_auditregels(ctx)
    finally:
        ctx.close()
    peil = nl.datum(args.peildatum or date.today())
    if not items:
        print(f"Geen gesprekken met een bewaartermijn die op of vóór {peil} is verstreken.")
    else:
        print(f"{len(items)} gesprek{'ken' if len(items) != 1 else ''} met een bewaartermijn verstreken op of vóór "
              f"{peil}:")
        kop = ("Gesprek", "Inwoner", "Team", "Termijn (Selectielijst)", "Einde dossier", "Bewaren tot", "Verwijzingen")
        rows = [(i.gesprek_id, i.inwoner_id, i.team_naam, f"{i.wet_naam} ({i.jaren} jaar, {i.selectielijst or '-'})",
                 f"{nl.datum(i.einddatum)} ({i.einde_bron})", f"{nl.datum(i.vervaldatum)}", i.verwijzingen)
                for i in items]
        widths = [max(len(str(r[k])) for r in [kop, *rows]) for k in range(len(kop))]
        for r in [kop, *rows]:
            print("  " + "  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
    if verzoeken:
        print(f"\nOpen verzoeken van inwoners om vernietiging ({len(verzoeken)}):")
        for v in verzoeken:
            print(f"  {v.kenmerk}: inwoner {v.inwoner_id}, ontvangen {nl.datum(v.ontvangen_op)}, uitvoeren uiterlijk "
                  f"{nl.datum(v.uiterlijk)} ({v.status()})")
    if n_audit:
        print(f"\n{n_audit} auditregel{'s' if n_audit != 1 else ''} over vernietigde of geanonimiseerde gesprekken "
              "kan weg: toegang-admin bewaren audit-opschonen.")
    return 0


def run_uitvoeren(args) -> int:
    from toegang_app.services import bewaren

    ctx = _ctx(args)
    try:
        items = bewaren.te_vernietigen(ctx)
        if not items:
            print("Er is niets te doen: geen gesprekken met een verstreken bewaartermijn.")
            return 0
        wat = "vernietigen" if args.vernietigen else "anonimiseren"
        n_verw = sum(i.verwijzingen for i in items)
        print(f"{len(items)} gesprek{'ken' if len(items) != 1 else ''} met {n_verw} verwijzing"
              f"{'en' if n_verw != 1 else ''} {wat}. Dit kan niet ongedaan worden gemaakt.")
        if not args.ja:
            if not sys.stdin.isatty():
                print("Fout: bevestig met --ja (er is geen terminal om het te vragen).", file=sys.stderr)
                return 2
            if input("Typ 'ja' om door te gaan: ").strip().lower() != "ja":
                print("Afgebroken; er is niets gewijzigd.")
                return 1
        ids = [i.gesprek_id for i in items]
        res = (bewaren.vernietig if args.vernietigen else bewaren.anonimiseer)(ctx, ids)
    finally:
        ctx.close()
    print(f"Klaar: {res.tekst('vernietigd' if args.vernietigen else 'geanonimiseerd')}. Dit staat in de audit trail.")
    return 0


def run_audit_opschonen(args) -> int:
    from toegang_app.services import bewaren

    ctx = _ctx(args)
    try:
        n = bewaren.verlopen_auditregels(ctx)
        if not n:
            print("Er is niets te doen: geen auditregels met een verstreken bewaartermijn.")
            return 0
        print(f"{n} auditregel{'s' if n != 1 else ''} over vernietigde of geanonimiseerde gesprekken, inwoners en "
              "verwijzingen verwijderen. Dit kan niet ongedaan worden gemaakt.")
        if not args.ja:
            if not sys.stdin.isatty():
                print("Fout: bevestig met --ja (er is geen terminal om het te vragen).", file=sys.stderr)
                return 2
            if input("Typ 'ja' om door te gaan: ").strip().lower() != "ja":
                print("Afgebroken; er is niets gewijzigd.")
                return 1
        res = bewaren.audit_opschonen(ctx)
    finally:
        ctx.close()
    print(f"Klaar: {res.regels} auditregel{'s' if res.regels != 1 else ''} verwijderd. Dit staat in de audit trail.")
    return 0
