"""toegang-admin triage CASE.json: the triage answer for one conversation, as JSON on stdout."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "triage",
        help="geef AVE-fase, suggesties en termijnen voor één gesprek (JSON-bestand)",
        description="Leest één gesprek in het uitwisselformaat (toegang-uitvraag/1 of /2) en schrijft de triage als "
        "JSON (antwoord versie 2): het voorstel voor de AVE-fase met redenen, de behoeften (meest dringend eerst), "
        "per behoefte de best passende voorzieningen (hoogstens 12, lichtste trede eerst; de rest onder 'meer'), "
        "geblokkeerd maatwerk en de wettelijke termijnen. Een fout in het bestand geeft een melding die het "
        "veld noemt, en afsluitcode 2.",
    )
    p.add_argument("--uitleg", action="store_true",
                   help="voeg 'uitgesloten' toe: voorzieningen die een behoefte dekken maar niet passen, met de reden")
    p.add_argument("bestand", metavar="CASE.json", help="het gesprek als JSON-bestand")
    p.set_defaults(func=run)


def _load_kaart():
    """The desk's effective sociale kaart: shipped entries with the desk's own changes from the
    configured database when there is one (raises KaartError with Dutch messages)."""
    from toegang_app.config import load_config
    from toegang_app.services.kaart import kaart_voor_opdrachtregel

    return tuple(kaart_voor_opdrachtregel(load_config()))


def _load_kalender(termijn_cfg):
    """The desk's one calendar: the shipped Atw days with the desk's closing days and confirmed besluiten
    from the configured database when there is one (read-only, like the kaart)."""
    from toegang_app.config import load_config
    from toegang_app.services.termijnen import kalender_voor_opdrachtregel

    return termijn_cfg.met_kalender(kalender_voor_opdrachtregel(load_config()))


def run(args) -> int:
    from toegang_app.domain.ave import load_ave_config
    from toegang_app.domain.ladder import load_matching_rules
    from toegang_app.domain.termijnen import load_termijn_config
    from toegang_app.domain.triage import triage
    from toegang_app.domain.uitvraag import FormatError, load_uitvraag_file
    from toegang_app.errors import ConfigError
    from toegang_app.paths import resources_dir

    try:
        u = load_uitvraag_file(args.bestand)
    except FormatError as exc:
        print(f"Fout in {args.bestand}: {exc.message}", file=sys.stderr)
        return 2
    res = resources_dir()
    try:
        ave_cfg = load_ave_config(res / "ave.yaml")
        rules = load_matching_rules(res / "matching.yaml")
        termijn_cfg = _load_kalender(load_termijn_config(res / "termijnen.yaml"))
    except ConfigError as exc:
        print("Fout in de instellingen van Toegang:\n" + exc.message, file=sys.stderr)
        return 2
    try:
        voorzieningen = _load_kaart()
    except ConfigError as exc:  # KaartError; anything else is a bug
        print("Fout in de sociale kaart:\n" + exc.message, file=sys.stderr)
        return 2
    answer = triage(u, voorzieningen, ave_cfg, rules, termijn_cfg, uitleg=getattr(args, "uitleg", False))
    print(json.dumps(answer, ensure_ascii=False, indent=2))
    return 0
