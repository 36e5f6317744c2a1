"""The application context: configuration, database and loaded resources, built once at start."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from toegang_app.config import Config, load_config
from toegang_app.storage.engine import engine_for_config, make_session_factory, write_engine
from toegang_app.storage.migrate import prepare_database

log = logging.getLogger(__name__)


class UitgesteldeSessies:
    """``ctx.sessions`` of the app's start: the ORM's session factory (``storage.sessies.Sessions``), made on
    first use. Signing in and the start screen run on SQLAlchemy Core (``storage.tabellen``), so the ORM
    and the mapping of the models are imported after the start screen is filled (issue 26): by the
    background job right after it (``maak``), or by whichever thread first asks for a session."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._factory = None
        self._lock = threading.Lock()

    def maak(self):
        """The session factory (imports the ORM and the models the first time)."""
        if self._factory is None:
            with self._lock:
                if self._factory is None:
                    self._factory = make_session_factory(self._engine)
        return self._factory

    @property
    def gemaakt(self) -> bool:
        return self._factory is not None

    def __call__(self, *args, **kwargs):
        return self.maak()(*args, **kwargs)

    def begin(self):
        return self.maak().begin()

    def __getattr__(self, name: str):
        return getattr(self.maak(), name)


@dataclass
class AppContext:
    config: Config
    engine: Engine
    sessions: Any = None  # the ORM's session factory (storage.sessies.Sessions); made on first use when None
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

    def __post_init__(self) -> None:
        if self.sessions is None:
            self.sessions = UitgesteldeSessies(self.engine)

    def lezen(self):
        """A Core connection for reading (``with ctx.lezen() as conn``): the start's queries, no ORM."""
        return self.engine.connect()

    def schrijven(self):
        """A Core write transaction (``with ctx.schrijven() as conn``), committed at the end: BEGIN
        IMMEDIATE on SQLite, as ``ctx.sessions.begin()``."""
        return write_engine(self.engine).begin()

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
        ctx = AppContext(config=cfg, engine=engine)  # sessions: made on first use (UitgesteldeSessies)
        if load:
            from toegang_app.services.resources import load_resources

            ctx.resources = load_resources(cfg, uitstellen=uitstellen)
            ctx.notices.extend(ctx.resources.notices)
        return ctx
    except BaseException:
        engine.dispose()
        raise
