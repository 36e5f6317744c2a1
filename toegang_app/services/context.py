"""The application context: configuration, database and loaded resources, built once at start."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from toegang_app.config import Config, load_config
from toegang_app.storage.engine import engine_for_config, make_session_factory
from toegang_app.storage.migrate import prepare_database

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    resources: Any = None  # services.resources.Resources, loaded by load_resources()
    user: Any = None  # services.users.CurrentUser once signed in
    notices: list[str] = field(default_factory=list)  # Dutch notices to show once at start
    kaart_cache: Any = None  # owned by services.kaart (the active effective kaart and its change marker)

    @property
    def database_url_display(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def database_naam(self) -> str:
        """Where the data is, in words for people: "deze pc" for a SQLite file, the server's host name
        for PostgreSQL; never a URL."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return "deze pc"
        host = url.host or ""
        if not host or host.startswith("/"):   # a Unix socket on this machine
            return "deze pc"
        return host

    @property
    def database_bestand(self) -> str | None:
        """The SQLite file, for the about box (the beheerder looks for it); None for a server."""
        url = self.engine.url
        return url.database if url.get_backend_name() == "sqlite" and url.database else None

    def close(self) -> None:
        self.engine.dispose()


def open_context(config: Config | None = None, *, migrate: bool = True, load: bool = True,
                 uitstellen: tuple[str, ...] = ()) -> AppContext:
    """Open the database (migrating it when needed) and load the resources; ``uitstellen``: resource
    parts read on first use instead (the app's start: ``resources.UITSTELBAAR``)."""
    cfg = config or load_config()
    cfg.ensure_dirs()
    engine = engine_for_config(cfg)
    try:
        if migrate:
            prepare_database(engine, cfg.backup_dir)
        ctx = AppContext(config=cfg, engine=engine, sessions=make_session_factory(engine))
        if load:
            from toegang_app.services.resources import load_resources

            ctx.resources = load_resources(cfg, uitstellen=uitstellen)
            ctx.notices.extend(ctx.resources.notices)
        return ctx
    except BaseException:
        engine.dispose()
        raise
