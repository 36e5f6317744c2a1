"""toegang-admin ave: check an AVE configuration file (phases and proposal rules) before it is used."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("ave", help="controleer de AVE-fasen en voorstelregels (ave.yaml)",
                              description="Werken met de AVE-configuratie: de vier fasen (kleur, situatie, regie, "
                              "op- en afschalen) en de regels waarmee Toegang een fase voorstelt.")
    sub = p.add_subparsers(dest="ave_opdracht", metavar="OPDRACHT", required=True)
    c = sub.add_parser("check", help="controleer een AVE-bestand en meld alle fouten in één keer",
                       description="Controleert elk veld van elke fase en elke regel, en of de organisaties van de "
                       "veiligheidsroute (AVE 4) in de sociale kaart staan. Exitcode 0: in orde; 2: fouten.")
    c.add_argument("bestand", nargs="?", default=None, metavar="BESTAND",
                   help="AVE-bestand (.yaml); zonder bestand: het meegeleverde resources/ave.yaml")
    c.add_argument("--kaart", default=None, metavar="MAP",
                   help="map met de sociale kaart voor de veiligheidsroute; standaard de meegeleverde kaart")
    c.set_defaults(func=run_check)


def _problems(messages: list[str], bestand: Path) -> int:
    n = len(messages)
    print(f"{bestand} bevat {n} {'probleem' if n == 1 else 'problemen'}:", file=sys.stderr)
    for m in messages:
        print("• " + m, file=sys.stderr)
    return 2


def run_check(args) -> int:
    from toegang_app.domain.ave import default_ave_path, load_ave_config
    from toegang_app.domain.kaart import KaartError
    from toegang_app.domain.kaart_io import kaart_resources_dir, load_kaart_dir
    from toegang_app.errors import ConfigError

    bestand = Path(args.bestand) if args.bestand else default_ave_path()
    try:
        cfg = load_ave_config(bestand)
    except ConfigError as exc:
        return _problems(exc.messages, bestand)

    kaart_map = Path(args.kaart) if args.kaart else kaart_resources_dir()
    notitie = ""
    try:
        kaart = load_kaart_dir(kaart_map)
    except KaartError as exc:
        kaart = None
        notitie = (f" De veiligheidsroute is niet tegen de kaart gecontroleerd: de kaart in {kaart_map} is niet "
                   f"bruikbaar ({exc.messages[0]}).")
    namen: list[str] = []
    if kaart is not None:
        missing = []
        for vid in cfg.veiligheidsroute:
            v = kaart.get(vid)
            if v is None:
                missing.append(f"{bestand.name}, fase 4, veld 'veiligheidsroute': voorziening '{vid}' staat niet in "
                               f"de sociale kaart ({kaart_map})")
            elif not v.actief:
                missing.append(f"{bestand.name}, fase 4, veld 'veiligheidsroute': voorziening '{vid}' is in de "
                               "sociale kaart ingetrokken (niet actief)")
            else:
                namen.append(v.naam)
        if missing:
            return _problems(missing, bestand)
    fasen = ", ".join(f"{f.naam} {f.kleur_naam}" for f in cfg.fasen.values())
    route = ", ".join(namen) if namen else ", ".join(cfg.veiligheidsroute)
    print(f"{bestand} is in orde: {len(cfg.fasen)} fasen ({fasen}), {len(cfg.regels)} voorstelregels, "
          f"procesregie vanaf AVE {cfg.procesregie_vanaf}, veiligheidsroute: {route}.{notitie}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """For trying the command without the full CLI: python -m toegang_app.commands.ave check."""
    parser = argparse.ArgumentParser(prog="toegang-admin")
    register(parser.add_subparsers(dest="opdracht", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
