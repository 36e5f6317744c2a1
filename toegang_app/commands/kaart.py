"""toegang-admin kaart: check the sociale kaart, export it as Open Referral HSDS, import HSDS for review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toegang_app.domain.leesfout import os_reden


def register(subparsers) -> None:
    p = subparsers.add_parser("kaart", help="controleer, exporteer of importeer de sociale kaart",
                              description="Werken met de sociale kaart: controleren, exporteren naar Open Referral "
                              "HSDS 3.0 en importeren uit HSDS.")
    sub = p.add_subparsers(dest="kaart_opdracht", metavar="OPDRACHT", required=True)

    c = sub.add_parser("check", help="controleer een kaartbestand of een map met kaartbestanden",
                       description="Controleert elk veld van elke voorziening en meldt alle fouten in één keer.")
    c.add_argument("pad", nargs="?", default=None, metavar="BESTAND_OF_MAP",
                   help="kaartbestand (.yaml) of map; zonder pad: de meegeleverde kaart")
    c.add_argument("--bronnen", default=None, metavar="MAP",
                   help="map met de brondocumenten (seeds); dan wordt ook elke bronregel gecontroleerd")
    c.set_defaults(func=run_check)

    e = sub.add_parser("export-hsds", help="exporteer de kaart als Open Referral HSDS 3.0 (JSON en CSV)",
                       description="Schrijft services.json, organizations.json en de map csv/ met datapackage.json.")
    e.add_argument("map", metavar="MAP", help="map waarin de export komt")
    e.add_argument("--kaart", default=None, metavar="MAP", help="map met de kaart; standaard de meegeleverde kaart")
    e.set_defaults(func=run_export)

    i = sub.add_parser("import-hsds", help="lees voorzieningen uit HSDS (JSON of CSV) om te beoordelen",
                       description="Leest een HSDS-bestand of -map. Voorzieningen uit een andere bron komen binnen "
                       "als niet actief, met de opmerking dat de beheerder ze moet controleren.")
    i.add_argument("pad", metavar="PAD", help="HSDS-bestand (.json) of map (met services.json of datapackage.json)")
    i.add_argument("--uit", default=None, metavar="BESTAND",
                   help="schrijf de geïmporteerde voorzieningen naar dit YAML-bestand; zonder: alleen een overzicht")
    i.set_defaults(func=run_import)


def _print_problems(messages: list[str], titel: str = "De sociale kaart bevat") -> None:
    n = len(messages)
    print(f"{titel} {n} {'probleem' if n == 1 else 'problemen'}:", file=sys.stderr)
    for m in messages:
        print("• " + m, file=sys.stderr)


def run_check(args) -> int:
    from toegang_app.domain.kaart_io import check_paths, default_seeds_dir, kaart_resources_dir, validate_file
    from toegang_app.domain.kaart import samenvatting

    pad = Path(args.pad) if args.pad else kaart_resources_dir()
    seeds = Path(args.bronnen) if args.bronnen else default_seeds_dir()
    if args.bronnen and not seeds.is_dir():
        print(f"Map met brondocumenten bestaat niet: {seeds}", file=sys.stderr)
        return 2
    problems = validate_file(pad, seeds)
    if problems:
        _print_problems(problems)
        return 2
    files = sorted(pad.glob("*.yaml")) if pad.is_dir() else [pad]
    kaart, _ = check_paths(files, seeds)
    print(samenvatting(kaart) + ("" if seeds else " (bronregels niet gecontroleerd: geen map met brondocumenten)"))
    return 0


def run_export(args) -> int:
    from toegang_app.domain.kaart import KaartError
    from toegang_app.domain.kaart_io import kaart_resources_dir, load_kaart_dir
    from toegang_app.services.hsds import export_hsds

    try:
        kaart = load_kaart_dir(Path(args.kaart) if args.kaart else kaart_resources_dir())
        n = export_hsds(list(kaart), Path(args.map))
    except KaartError as exc:
        _print_problems(exc.messages)
        return 2
    except OSError as exc:
        print(f"Kan niet schrijven in {args.map}: {os_reden(exc)}", file=sys.stderr)
        return 1
    print(f"HSDS-export klaar in {args.map}: {n['services']} voorzieningen, {n['organizations']} aanbieders.")
    return 0


def run_import(args) -> int:
    from toegang_app.domain.kaart import KaartError
    from toegang_app.domain.kaart_io import write_kaart_yaml
    from toegang_app.services.hsds import import_hsds

    try:
        items = import_hsds(Path(args.pad))
    except KaartError as exc:
        _print_problems(exc.messages, f"Niets ingelezen: {args.pad} bevat")
        return 2
    te_controleren = sum(1 for v in items if not v.actief and v.laatst_geverifieerd is None)
    print(f"{len(items)} voorzieningen gelezen uit {args.pad}; {te_controleren} moeten nog worden gecontroleerd.")
    if args.uit:
        try:
            write_kaart_yaml(items, Path(args.uit))
        except OSError as exc:
            print(f"Kan {args.uit} niet schrijven: {os_reden(exc)}", file=sys.stderr)
            return 1
        print(f"Geschreven naar {args.uit}. Controleer het bestand voordat u het in de kaart opneemt.")
    else:
        for v in items[:50]:
            print(f"  {v.id}: {v.naam} ({v.aanbieder}), trede {v.trede}{'' if v.actief else ', niet actief'}")
        if len(items) > 50:
            print(f"  ... en nog {len(items) - 50}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """For trying the commands without the full CLI: python -m toegang_app.commands.kaart check."""
    parser = argparse.ArgumentParser(prog="toegang-admin")
    register(parser.add_subparsers(dest="opdracht", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
