"""toegang-admin gesprek import FILE | gesprek export ID FILE, toegang-admin handout ID --uit FILE.pdf [--taal CODE]
and toegang-admin inzage ID --map MAP [--verzoek N]."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from toegang_app.domain.leesfout import os_reden
from toegang_app.domain.leesfout import leesfout


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "gesprek", help="één gesprek importeren of exporteren in het uitwisselformaat (JSON)",
        description="Gesprekken in en uit het uitwisselformaat toegang-uitvraag (versie 1 en 2; schrijft versie 2). Het formaat bevat geen naam, "
        "BSN, contactgegevens of notities.")
    sub = p.add_subparsers(dest="actie", metavar="ACTIE", title="acties", parser_class=type(p))
    sub.required = True
    imp = sub.add_parser("import", help="lees een gesprek in; toont het nummer van het nieuwe gesprek",
                         description="Leest één gesprek (JSON) in als nieuw gesprek en toont het nummer. Zonder "
                         "--inwoner komt er een inwoner 'Onbekend (uit uitwisselbestand)' bij, aan te vullen aan de "
                         "balie. Een fout in het bestand noemt het veld (afsluitcode 2); er wordt dan niets opgeslagen.")
    imp.add_argument("bestand", metavar="FILE", help="het gesprek als JSON-bestand")
    imp.add_argument("--inwoner", type=int, metavar="ID", help="koppel het gesprek aan deze bestaande inwoner")
    imp.set_defaults(func=_import)
    exp = sub.add_parser("export", help="schrijf een gesprek als JSON-bestand",
                         description="Schrijft gesprek ID in het uitwisselformaat naar FILE ('-' = scherm).")
    exp.add_argument("id", type=int, metavar="ID", help="nummer van het gesprek")
    exp.add_argument("bestand", metavar="FILE", help="doelbestand, of - voor het scherm")
    exp.set_defaults(func=_export)

    h = subparsers.add_parser(
        "handout", help="maak de samenvatting voor de inwoner (PDF) van een gesprek",
        description="Maakt de 'Samenvatting voor de inwoner' van gesprek ID als PDF; met --dossier de "
        "dossierkopie met het volledige verslag. Staat er een zorg over veiligheid in het gesprek, dan is de "
        "samenvatting standaard de veilige versie (geen notities over veiligheid, geen namen van "
        "veiligheidsorganisaties, geen citaten; alleen neutrale afspraken en het contact van de balie).")
    h.add_argument("id", type=int, metavar="ID", help="nummer van het gesprek")
    h.add_argument("--uit", required=True, metavar="FILE.pdf", help="het PDF-bestand dat wordt gemaakt")
    h.add_argument("--dossier", action="store_true", help="maak de dossierkopie in plaats van de samenvatting")
    h.add_argument("--versie", choices=("veilig", "volledig"),
                   help="welke versie van de samenvatting (standaard: wat bij het gesprek is gekozen; de veilige "
                   "versie als er een zorg over veiligheid is)")
    from toegang_app.domain.handout_talen import CODES

    h.add_argument("--taal", choices=CODES, metavar="CODE",
                   help="taal van de samenvatting: " + ", ".join(CODES) + " (nl = Nederlands B1; de keuze wordt "
                   "onthouden voor de inwoner; zonder --taal: de taal die eerder voor dit gesprek is gekozen)")
    h.set_defaults(func=_handout)

    i = subparsers.add_parser(
        "inzage", help="maak het overzicht van alles wat Toegang over één inwoner heeft (AVG art. 15)",
        description="Schrijft het inzage-overzicht van inwoner ID als PDF (leesbaar, B1) en als JSON "
        "(formaat toegang-inzage, versie 1) in MAP; alleen leesbaar voor u. Met --verzoek wordt dat verzoek "
        "als beantwoord vastgelegd.")
    i.add_argument("inwoner", type=int, metavar="ID", help="nummer van de inwoner")
    i.add_argument("--map", required=True, metavar="MAP", help="de map waarin de twee bestanden komen")
    i.add_argument("--verzoek", type=int, metavar="N", help="nummer van het inzageverzoek dat hiermee is beantwoord")
    i.set_defaults(func=_inzage)


def _ctx(args, recht: str):
    from toegang_app.commands.aanmelden import signed_in_context

    return signed_in_context(args, recht, load=True)


def _import(args) -> int:
    from toegang_app.domain.uitvraag import FormatError
    from toegang_app.services import gesprekken

    path = Path(args.bestand)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"Fout: het bestand {path} bestaat niet.", file=sys.stderr)
        return 2
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"Fout in {path}: {leesfout(exc)}.", file=sys.stderr)
        return 2
    except RecursionError:
        print(f"Fout in {path}: het bestand is te diep genest om een gesprek te zijn.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Fout: het bestand {path} is niet te lezen ({os_reden(exc)}).", file=sys.stderr)
        return 2
    from toegang_app.services.auth import GESPREK_SCHRIJVEN

    ctx = _ctx(args, GESPREK_SCHRIJVEN)
    try:
        gid = gesprekken.importeer_uitvraag(ctx, data, inwoner_id=args.inwoner)
    except FormatError as exc:
        print(f"Fout in {path}: {exc.message}", file=sys.stderr)
        return 2
    finally:
        ctx.close()
    print(gid)
    return 0


def _export(args) -> int:
    from toegang_app.services import gesprekken

    from toegang_app.services.auth import GESPREK_LEZEN

    ctx = _ctx(args, GESPREK_LEZEN)
    try:
        doc = gesprekken.exporteer_uitvraag(ctx, args.id)
    finally:
        ctx.close()
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if args.bestand == "-":
        sys.stdout.write(text)
    else:
        from toegang_app.private_files import write_private_text

        write_private_text(Path(args.bestand), text)
        print(f"Gesprek {args.id} geschreven naar {args.bestand}", file=sys.stderr)
    return 0


def _handout(args) -> int:
    from toegang_app.services.handout import maak_pdf

    from toegang_app.services.auth import GESPREK_LEZEN

    ctx = _ctx(args, GESPREK_LEZEN)
    try:
        out = maak_pdf(ctx, args.id, Path(args.uit), dossier=args.dossier, versie=args.versie, taal=args.taal)
    finally:
        ctx.close()
    print(f"{'Dossierkopie' if args.dossier else 'Samenvatting'} geschreven naar {out}")
    return 0


def _inzage(args) -> int:
    from toegang_app.services import inzage
    from toegang_app.services.auth import AVG_VERZOEKEN

    ctx = _ctx(args, AVG_VERZOEKEN)
    try:
        pdf, js = inzage.schrijf_inzage(ctx, args.inwoner, Path(args.map), verzoek_id=args.verzoek)
    finally:
        ctx.close()
    print(f"Inzage geschreven naar {pdf} en {js}")
    return 0
