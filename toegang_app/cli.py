"""toegang-admin: the command line for beheer and automation. Dutch help, no tracebacks."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from datetime import datetime
from pathlib import Path

import toegang_app
from toegang_app.domain.leesfout import os_reden
from toegang_app.config import ENV_DATA_DIR, ENV_DATABASE_URL, OPTIONS, load_config
from toegang_app.dutch_argparse import DutchArgumentParser
from toegang_app.errors import UserError
from toegang_app.logging_setup import setup_logging

log = logging.getLogger("toegang_app.cli")

# Subcommand modules in toegang_app/commands, each with register(subparsers).
COMMAND_MODULES: list[str] = ["statistiek", "demo_data", "triage", "kaart", "gesprek", "ave", "gebruiker", "bewaren",
                              "kalender"]


def _cmd_init_db(args) -> int:
    from toegang_app.services.context import open_context

    ctx = open_context(load=False)
    print(f"Database klaar: {ctx.database_url_display}")
    ctx.close()
    return 0


def _cmd_migrate(args) -> int:
    from toegang_app.storage.engine import engine_for_config
    from toegang_app.storage.migrate import prepare_database, schema_state

    cfg = load_config()
    cfg.ensure_dirs()
    engine = engine_for_config(cfg)
    try:
        before = prepare_database(engine, cfg.backup_dir)
        after = schema_state(engine)
    finally:
        engine.dispose()
    if before.up_to_date:
        print(f"Database is al bij: versie {after.current}. Niets te doen.")
    elif before.empty:
        print(f"Nieuwe database aangemaakt (versie {after.current}).")
    else:
        print(f"Database bijgewerkt van versie {before.current} naar {after.current}. "
              f"Reservekopie van de oude staat in {cfg.backup_dir}.")
    return 0


def _cmd_backup(args) -> int:
    from toegang_app.commands.aanmelden import signed_in_context
    from toegang_app.errors import DatabaseError
    from toegang_app.services.auth import DATABASE_BEHEER
    from toegang_app.storage.engine import sqlite_path
    from toegang_app.storage.migrate import backup_database

    cfg = load_config()
    src = sqlite_path(cfg.database_url)
    if src is not None and not src.exists():  # never create a database just to copy it
        raise DatabaseError(f"Het databasebestand {src} bestaat niet.")
    ctx = signed_in_context(args, DATABASE_BEHEER, wat="een reservekopie (alle persoonsgegevens)")
    try:
        dest = backup_database(ctx.engine, Path(args.pad))
    finally:
        ctx.close()
    print(f"Reservekopie geschreven naar {dest}")
    return 0


def _cmd_versleutelen(args) -> int:
    """Encrypt this workstation's SQLite file once with SQLCipher (key in the credential store) and switch
    'database_versleutelen' on."""
    from toegang_app.commands.aanmelden import sign_in
    from toegang_app.errors import ConfigError, DatabaseError
    from toegang_app.keystore import database_key
    from toegang_app.services import gebruikers
    from toegang_app.services.auth import DATABASE_BEHEER
    from toegang_app.services.context import AppContext
    from toegang_app.storage.engine import (
        encrypt_sqlite_file,
        is_plain_sqlite,
        make_engine,
        make_session_factory,
        sqlcipher_module,
        sqlite_path,
    )
    from toegang_app.storage.migrate import prepare_database

    cfg = load_config()
    cfg.ensure_dirs()
    path = sqlite_path(cfg.database_url)
    if path is None:
        raise ConfigError("Alleen een SQLite-bestand kan met SQLCipher worden versleuteld; dit is een "
                          "PostgreSQL-database (versleutel daar de server of zijn schijf).")
    if path.exists() and not is_plain_sqlite(path):
        if not cfg.get("database_versleutelen"):
            cfg.values["database_versleutelen"] = True
            cfg.save()
        print(f"De database {path} is al versleuteld.")
        return 0
    sqlcipher_module()
    engine = make_engine(cfg.database_url)
    try:
        prepare_database(engine, cfg.backup_dir)
        ctx = AppContext(config=cfg, engine=engine, sessions=make_session_factory(engine))
        if not gebruikers.eerste_gebruik(ctx):
            sign_in(ctx, args, DATABASE_BEHEER, wat="het versleutelen van de database")
    finally:
        engine.dispose()
    key = database_key(path, create=True)  # ConfigError (Dutch) without a credential store
    try:
        encrypt_sqlite_file(path, key)
    except OSError as exc:
        raise DatabaseError(f"Versleutelen is niet gelukt ({os_reden(exc)}); de database is ongewijzigd.") from exc
    except Exception as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseError("De database is in gebruik. Sluit Toegang op deze computer en probeer het opnieuw; "
                                "er is niets veranderd.") from exc
        raise
    cfg.values["database_versleutelen"] = True
    cfg.save()
    oud = sorted(p.name for p in cfg.backup_dir.glob("*.sqlite"))
    print(f"De database {path} is versleuteld met SQLCipher; de sleutel staat in de sleutelbos van dit "
          "Windows-/systeemaccount. 'database_versleutelen' staat nu aan in het instellingenbestand.")
    if oud:
        print(f"Let op: {len(oud)} oudere reservekopie(ën) in {cfg.backup_dir} zijn niet versleuteld "
              f"({', '.join(oud[:3])}{', ...' if len(oud) > 3 else ''}). Verwijder ze of bewaar ze veilig.")
    return 0


def _cmd_config(args) -> int:
    cfg = load_config()
    from toegang_app.storage.engine import sqlite_path

    url = cfg.database_url
    from sqlalchemy.engine import make_url

    shown = make_url(url).render_as_string(hide_password=True)
    lines = [
        f"Toegang {toegang_app.__version__}",
        f"Datamap:            {cfg.data_dir}   ({ENV_DATA_DIR} om te verplaatsen)",
        f"Instellingen:       {cfg.settings_path}{'' if cfg.settings_path.exists() else '  (bestaat nog niet)'}",
        f"Database:           {shown}",
        f"  bron:             {cfg.database_source}   ({ENV_DATABASE_URL} om te wijzigen)",
    ]
    p = sqlite_path(url)
    if p is not None:
        lines.append(f"  bestand:          {p}")
    from toegang_app.keystore import credential_store_name
    from toegang_app.storage.engine import is_plain_sqlite

    if p is not None and p.exists():
        lines.append(f"  versleuteld:      {'nee' if is_plain_sqlite(p) else 'ja (SQLCipher)'}")
    store = credential_store_name()
    lines += [
        f"Logbestanden:       {cfg.log_dir}",
        f"Concepten:          {cfg.drafts_dir}   (versleuteld)",
        f"Sleutelbos:         {store or 'geen; de sleutel van de concepten staat in ' + str(cfg.draft_key_file)}",
        f"Reservekopieën:     {cfg.backup_dir}",
        "Instellingen (waarde / betekenis):",
    ]
    for opt in OPTIONS.values():
        lines.append(f"  {opt.key} = {cfg.get(opt.key)!r}   {opt.title}")
    print("\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="toegang-admin",
        description="Beheer en automatisering van Toegang: database, sociale kaart, triage, statistiek.",
        epilog=f"Gegevens staan in de datamap (zie 'toegang-admin config'). Omgevingsvariabelen: "
        f"{ENV_DATA_DIR}, {ENV_DATABASE_URL}. Opdrachten met persoonsgegevens of accounts vragen om aanmelden: "
        "het gekoppelde Windows-account, of --gebruiker NAAM (wachtwoord wordt gevraagd, of --wachtwoord-stdin).",
    )
    parser.add_argument("--versie", action="version", version=f"Toegang {toegang_app.__version__}",
                        help="toon het versienummer en stop")
    parser.add_argument("--uitgebreid", action="store_true", help="toon ook technische meldingen")
    from toegang_app.commands.aanmelden import add_arguments

    add_arguments(parser)
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", title="opdrachten",
                                parser_class=DutchArgumentParser)
    sub.required = True

    p = sub.add_parser("init-db", help="maak de database aan (of werk hem bij) zodat de app kan starten")
    p.set_defaults(func=_cmd_init_db)
    p = sub.add_parser("migrate", help="werk de database bij naar deze versie (met reservekopie vooraf); "
                       "hetzelfde als init-db, met een verslag")
    p.set_defaults(func=_cmd_migrate)
    p = sub.add_parser("backup", help="maak een consistente reservekopie, ook terwijl de app draait "
                       "(functioneel beheerder)")
    p.add_argument("pad", metavar="PAD", help="bestand voor de kopie")
    p.set_defaults(func=_cmd_backup)
    p = sub.add_parser("database-versleutelen",
                       help="versleutel het SQLite-bestand van deze werkplek met SQLCipher (laptops); eenmalig",
                       description="Versleutelt de database met SQLCipher. De sleutel komt in de sleutelbos van het "
                       "systeem (Windows Referentiebeheer, Secret Service); zonder sleutelbos weigert de opdracht. "
                       "Sluit Toegang eerst. Zet daarna 'database_versleutelen' aan.")
    p.set_defaults(func=_cmd_versleutelen)
    p = sub.add_parser("config", help="toon waar de database, logbestanden en instellingen staan")
    p.set_defaults(func=_cmd_config)

    for name in COMMAND_MODULES:
        importlib.import_module(f"toegang_app.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from toegang_app.private_files import apply_private_umask, restore_umask

    old_umask = apply_private_umask()  # every file this command writes is for the user only
    try:
        return _main(argv)
    finally:
        restore_umask(old_umask)


def _main(argv: list[str] | None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    log_path = None
    try:
        cfg = load_config()
        log_path = setup_logging(cfg.log_dir, verbose=args.uitgebreid)
    except UserError:
        setup_logging(None, verbose=args.uitgebreid)
    log.info("toegang-admin %s at %s", args.opdracht, datetime.now().isoformat(timespec="seconds"))
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        if log_path is not None or args.uitgebreid:   # without a log file the message below says it all
            log.warning("toegang-admin %s: %s%s", args.opdracht, exc.message, f" ({exc.detail})" if exc.detail else "")
        print(f"Fout: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - last resort: log, never show a traceback
        log.exception("Unexpected error in toegang-admin %s", args.opdracht)
        where = f" Details staan in het logbestand {log_path}." if log_path else ""
        print(f"Fout: er ging onverwacht iets mis.{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
